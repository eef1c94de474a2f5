"""Banquets: guests placed at tables by precedence, the host's table first, a delegation together,
interpreters and escorts beside the guest they serve."""

import dataclasses

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from simple_history.utils import bulk_create_with_history

from ceremony.core.history import records_delete, source_attrs
from ceremony.enums import RsvpStatus, TableShape
from ceremony.models import TableAssignment

from .seating import _in_order_of_precedence, _principals_and_companions, seat_order, those_who_sit

NO_TABLES = "no_tables"


@dataclasses.dataclass
class TablesAssigned:
    placed: int  # places given out now, those placed by hand not counted
    notes: list  # what the organizer should know: delegations split because they did not fit


@transaction.atomic
def tables_assign(*, program_item):
    """Place the item's participants at its venue's tables by precedence; places set by hand stay.

    The host and the highest-ranking guests sit at the host's table (table 1, or the one the host was
    placed at by hand), the others at the next tables in order of precedence. A delegation sits
    together, at the first table with room for all of it, unless it fits at none (it is then split,
    and the notes say so) or some of its members were placed by hand (the others join them where
    there is room). Interpreters and escorts sit beside the person they accompany. Guests who
    declined are left out, and so are those who take no seat, as in the hall (seating.those_who_sit:
    the master of ceremonies, stage staff, interpreters in the booth). Raises ValidationError,
    writing nothing, when the tables are too few.
    """
    venue = program_item.venue
    tables = list(venue.banquet_tables.order_by("number")) if venue is not None else []
    if not tables:
        raise ValidationError(
            _("The venue of “%(item)s” has no banquet tables.") % {"item": program_item}, code=NO_TABLES
        )
    automatic = program_item.table_assignments.filter(is_manual=False).values_list("pk", flat=True)
    records_delete(TableAssignment, list(automatic))
    plan = _TablePlan(program_item, tables, placed_by_hand=program_item.table_assignments.all())
    participations = those_who_sit(
        program_item.participations.exclude(attendee__rsvp_status=RsvpStatus.DECLINED).select_related(
            "attendee__person", "attendee__delegation"
        )
    )
    principals, companions = _principals_and_companions(participations)
    parties = [
        [principal, *(c for c in companions[principal.attendee_id] if c.attendee_id not in plan.by_hand)]
        for principal in _in_order_of_precedence(program_item, principals)
    ]
    if parties:
        plan.host_table_first(parties[0][0])
    unplaced, notes = [], []
    for group in _delegations_together(parties):
        unplaced += plan.place_group(group, notes)
    if unplaced:
        raise ValidationError(
            _("The tables of %(venue)s have too few seats: %(people)s could not be placed.")
            % {"venue": venue, "people": ", ".join(str(p.attendee) for p in unplaced)}
        )
    bulk_create_with_history(plan.assignments, TableAssignment, custom_historical_attrs=source_attrs())
    return TablesAssigned(placed=len(plan.assignments), notes=notes)


def _delegations_together(parties):
    """The parties (a principal and their companions) in order of precedence, those of one delegation
    gathered where its highest-ranking member comes: [[party, ...], ...]."""
    groups, of_delegation = [], {}
    for party in parties:
        delegation = party[0].attendee.delegation_id
        if delegation is None:
            groups.append([party])
        elif delegation in of_delegation:
            of_delegation[delegation].append(party)
        else:
            of_delegation[delegation] = [party]
            groups.append(of_delegation[delegation])
    return groups


class _TablePlan:
    """The tables as they fill: who sits at which, in which seat."""

    def __init__(self, program_item, tables, *, placed_by_hand):
        self.program_item = program_item
        self.tables = tables
        self.by_table = {table.pk: table for table in tables}
        self.taken = {table.pk: {} for table in tables}  # {table: {seat or a key of its own: attendee}}
        self.by_hand = {}
        for place in placed_by_hand:
            self.taken.setdefault(place.table_id, {})[place.seat or ("open", place.pk)] = place.attendee_id
            self.by_hand[place.attendee_id] = place
        self.assignments = []

    def host_table_first(self, host):
        """The table the host (the first in precedence) was placed at by hand fills first."""
        place = self.by_hand.get(host.attendee_id)
        if place is not None and place.table_id in self.by_table:
            table = self.by_table[place.table_id]
            self.tables = [table, *(other for other in self.tables if other != table)]

    def free(self, table):
        return table.seats - len(self.taken[table.pk])

    def place_group(self, group, notes):
        """Place the parties of one group (a delegation, or one guest with companions) at one table if
        one has room; return those who found no seat."""
        waiting = [party for party in group if party[0].attendee_id not in self.by_hand]
        # The companions of someone placed by hand join them.
        unplaced = []
        for party in group:
            if party[0].attendee_id in self.by_hand:
                unplaced += self._place_beside(party[0], party[1:])
        if not waiting:
            return unplaced
        size = sum(len(party) for party in waiting)
        # A delegation split by hand: its other members go to the tables of those placed, if they fit.
        tables_by_hand = [
            self.by_table[self.by_hand[party[0].attendee_id].table_id]
            for party in group
            if party[0].attendee_id in self.by_hand
            and self.by_hand[party[0].attendee_id].table_id in self.by_table
        ]
        table = next((t for t in [*tables_by_hand, *self.tables] if self.free(t) >= size), None)
        if table is not None:
            for party in waiting:
                self._place_party(table, party)
            return unplaced
        used = []
        for party in waiting:
            # The table where the delegation already sits, else the first one with room for the party.
            table = next((t for t in [*used, *self.tables] if self.free(t) >= len(party)), None)
            if table is None:
                unplaced += party
                continue
            if table not in used:
                used.append(table)
            self._place_party(table, party)
        if len(group) > 1 and not tables_by_hand and len(used) > 1:
            notes.append(
                ngettext(
                    "The delegation %(delegation)s (%(count)d person) fits at no one table: "
                    "it sits at %(tables)s.",
                    "The delegation %(delegation)s (%(count)d people) fits at no one table: "
                    "it sits at %(tables)s.",
                    size,
                )
                % {
                    "delegation": group[0][0].attendee.delegation,
                    "count": size,
                    "tables": ", ".join(str(table) for table in used),
                }
            )
        return unplaced

    def _place_party(self, table, party):
        principal, *companions = party
        seat = self._take(table, principal, self._seat_order(table))
        self._place_companions(table, seat, companions)

    def _place_beside(self, principal, companions):
        """Companions of someone placed by hand: beside them, at their table, where there is room."""
        place = self.by_hand[principal.attendee_id]
        table = self.by_table.get(place.table_id)
        if table is None or self.free(table) < len(companions):
            return companions if table is None else self._place_companions_where_room(companions)
        self._place_companions(table, place.seat, companions)
        return []

    def _place_companions_where_room(self, companions):
        unplaced = []
        for companion in companions:
            table = next((t for t in self.tables if self.free(t) >= 1), None)
            if table is None:
                unplaced.append(companion)
            else:
                self._take(table, companion, self._seat_order(table))
        return unplaced

    def _place_companions(self, table, seat, companions):
        for companion in companions:
            if seat is None:
                self._take(table, companion, self._seat_order(table))
                continue
            # The free seat nearest the principal's, round the table or along it.
            self._take(
                table,
                companion,
                sorted(self._seat_order(table), key=lambda s: self._distance(table, seat, s)),
            )

    def _seat_order(self, table):
        """A table's seats in the order they are given out: from the head of a round table (seat 1)
        to its right and left in turn; from the centre of a long one outwards, to the right first."""
        if table.shape == TableShape.LONG:
            return seat_order(table.seats)
        order = [1]
        for step in range(1, table.seats):
            order += [seat for seat in (1 + step, table.seats + 1 - step) if seat not in order]
        return order[: table.seats]

    def _distance(self, table, one, other):
        apart = abs(one - other)
        return min(apart, table.seats - apart) if table.shape == TableShape.ROUND else apart

    def _take(self, table, participation, seats):
        seat = next(seat for seat in seats if seat not in self.taken[table.pk])
        self.taken[table.pk][seat] = participation.attendee_id
        self.assignments.append(
            TableAssignment(
                program_item=self.program_item,
                table=table,
                attendee=participation.attendee,
                seat=seat,
                is_manual=False,
            )
        )
        return seat
