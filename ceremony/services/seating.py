"""Seating plans: guests placed by precedence around the host, companions beside their principal."""

from collections import Counter, defaultdict

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from ceremony.core.history import source_attrs
from ceremony.enums import ParticipantRole
from ceremony.models import Attendee, SeatAssignment
from ceremony.selectors import precedence_positions

# The code of the refusal for an item whose venue has no rows to seat in: the admin links to the layout.
NO_LAYOUT = "no_seating_layout"


def seat_order(seats_per_row):
    """The seats of a row (by position, 1 at the left) from the centre outwards: centre, one to the
    right, one to the left, ..."""
    centre = (seats_per_row + 1) // 2
    order = [centre]
    for step in range(1, seats_per_row):
        order += [seat for seat in (centre + step, centre - step) if 1 <= seat <= seats_per_row]
    return order


@transaction.atomic
def seating_assign(*, program_item):
    """Seat the item's participants by precedence, host-centred; seats placed by hand stay.

    The host takes the centre seat of the front row, the highest-ranking guest the seat at the host's
    right, the next the seat at the host's left, and so on outwards, rows filling front to back.
    Interpreters and escorts sit next to the person they accompany. Returns how many were seated.

    A hall with sections (Venue.layout) fills them in their order, the section for dignitaries
    first, each from its front row and its centre; an item that uses some sections only is seated
    in those (ProgramItem.seating_layout). Blocked and reserved seats are never given out (a
    reserved seat is placed by hand). Companions sit in their principal's section, and in the next
    free seat only when that section is full.

    Who is not seated (Participation.takes_a_seat): a participant whose "takes a seat" is unticked
    (the master of ceremonies at the lectern, stage staff), and an interpreter who accompanies nobody
    (in the booth). When the host does not sit, the highest-ranking guest takes the centre.
    """
    venue = program_item.venue
    sections = program_item.seating_layout()
    if not sections:
        raise ValidationError(
            _("The venue of “%(item)s” has no seating layout.") % {"item": program_item}, code=NO_LAYOUT
        )
    program_item.seats.filter(is_manual=False).delete()
    plan = _SeatingPlan(program_item, sections, placed_by_hand=program_item.seats.all())
    participations = those_who_sit(program_item.participations.select_related("attendee__person"))
    principals, companions = _principals_and_companions(participations)
    unseated = []
    for principal in _in_order_of_precedence(program_item, principals):
        group = [c for c in companions[principal.attendee_id] if c.attendee_id not in plan.by_hand]
        anchor = plan.seat_of(principal) or plan.take_next(principal)
        if anchor is None:
            unseated += [principal, *group]
            continue
        members = {principal.attendee_id, *(c.attendee_id for c in group)}
        for companion in group:
            if plan.take_beside(companion, anchor, members) is None and plan.take_next(companion) is None:
                unseated.append(companion)
    if unseated:
        raise ValidationError(
            _("%(venue)s has too few seats: %(people)s could not be seated.")
            % {"venue": venue, "people": ", ".join(str(p.attendee) for p in unseated)}
        )
    bulk_create_with_history(plan.assignments, SeatAssignment, custom_historical_attrs=source_attrs())
    return len(plan.assignments)


def those_who_sit(participations):
    """The participations of those who take a seat, in the hall or at a table (Participation.takes_a_seat):
    not the master of ceremonies, stage staff and others whose "takes a seat" is unticked, nor an
    interpreter in the booth (accompanying nobody)."""
    return [participation for participation in participations if participation.takes_a_seat]


def _in_order_of_precedence(program_item, principals):
    """The host first, then by the event's order of precedence; unranked guests in their own order."""
    positions = precedence_positions(event=program_item.event)
    return sorted(
        principals,
        key=lambda p: (
            p.role != ParticipantRole.HOST,
            positions.get(p.attendee_id, len(positions)),
            p.order,
            p.pk,
        ),
    )


class _SeatingPlan:
    """The hall as it fills: who sits where and the seats assigned so far. A place is (section key,
    row, position in the row); free places are found when asked for, in the order they are given out
    (sections in order, front row first, each row from the centre outwards), so the plan holds the
    seats taken (and those listed blocked or reserved), never every seat of a hall of 2,000."""

    def __init__(self, program_item, sections, *, placed_by_hand):
        self.program_item = program_item
        self.sections = {section.key: section for section in sections}
        self.occupied = {}
        for seat in placed_by_hand:
            section = self.sections.get(seat.section_id)
            position = section.position_of(seat.seat) if section else None
            # A seat placed in a layout the venue no longer has still holds its guest; nobody sits
            # beside it automatically.
            place = (
                (seat.section_id, seat.row, position) if position else (seat.section_id, seat.row, -seat.pk)
            )
            self.occupied[place] = seat.attendee_id
        self.by_hand = {attendee_id: place for place, attendee_id in self.occupied.items()}
        self.order_in_row = {
            key: {position: index for index, position in enumerate(seat_order(section.seats_per_row))}
            for key, section in self.sections.items()
        }
        # Seats not free in each row (taken, blocked, reserved), so that a full row is seen at once.
        unavailable = {place for place in self.occupied if place[2] > 0}
        for section in sections:
            unavailable |= {
                (section.key, row, position) for row, position in section.blocked | section.reserved
            }
        self.used_in_row = Counter((key, row) for key, row, _position in unavailable)
        self._next_free = self._free_places()
        self.assignments = []

    def _unavailable(self, section, row, position):
        place = (section.key, row, position)
        return (
            place in self.occupied
            or (row, position) in section.blocked
            or (row, position) in section.reserved
        )

    def _free_places(self):
        for section in self.sections.values():
            for row in range(1, section.rows + 1):
                for position in self.order_in_row[section.key]:
                    if not self._unavailable(section, row, position):
                        yield section.key, row, position

    def _given_out(self, place):
        """Where a seat comes in the order seats are given out: ties go to the one given out first."""
        return place[1], self.order_in_row[place[0]][place[2]]

    def seat_of(self, participation):
        return self.by_hand.get(participation.attendee_id)

    def take_next(self, participation):
        """The best free seat for `participation`, or None when the hall is full."""
        place = next(self._next_free, None)
        return self._take(participation, place) if place is not None else None

    def take_beside(self, participation, anchor, members):
        """The free seat nearest `anchor` in its row with nobody but `members` in between, else the
        nearest behind or in front (never across someone else in the same row), in the anchor's
        section; None if none is free there.

        Looks at the seats taken near the anchor and at one free seat each way, never at every seat
        of a row: a full row is passed over by its count of seats taken."""
        key, row, seat = anchor
        section = self.sections.get(key)
        if section is None or seat < 1:
            return None
        place = self._nearest_in_row(section, row, seat, across=members)
        for distance in range(1, section.rows):
            if place is not None:
                break
            nearby = [
                self._nearest_in_row(section, other, seat)
                for other in (row - distance, row + distance)
                if 1 <= other <= section.rows
            ]
            place = min(
                (place for place in nearby if place is not None),
                key=lambda place: (abs(place[2] - seat), self._given_out(place)),
                default=None,
            )
        return self._take(participation, place) if place is not None else None

    def _nearest_in_row(self, section, row, seat, across=None):
        """The free place of `row` nearest the position `seat` (of two as near, the one given out
        first), or None when there is none; with `across` (the anchor's row), the seat itself is
        taken and a free place counts only when nobody but `across` sits between it and the seat."""
        if self.used_in_row[section.key, row] >= section.seats_per_row:
            return None
        if across is None and not self._unavailable(section, row, seat):
            return section.key, row, seat
        found = []
        for step in (-1, 1):
            position = seat + step
            while 1 <= position <= section.seats_per_row:
                if not self._unavailable(section, row, position):
                    found.append((section.key, row, position))
                    break
                if across is not None and self.occupied.get((section.key, row, position)) not in across:
                    break
                position += step
        return min(found, key=lambda place: (abs(place[2] - seat), self._given_out(place)), default=None)

    def _take(self, participation, place):
        self.occupied[place] = participation.attendee_id
        key, row, position = place
        self.used_in_row[key, row] += 1
        section = self.sections[key]
        self.assignments.append(
            SeatAssignment(
                program_item=self.program_item,
                attendee=participation.attendee,
                section=section.record,
                row=row,
                seat=section.number_at(position),
                is_manual=False,
            )
        )
        return place


def _principals_and_companions(participations):
    """Split participants into those seated by rank and those who sit beside them (by principal's pk)."""
    participating = {participation.attendee_id for participation in participations}
    # An escort with no "accompanies" of their own sits next to the attendee they are escort officer of.
    escorted = dict(
        Attendee.objects.filter(pk__in=participating, escort_officer__in=participating).values_list(
            "escort_officer_id", "pk"
        )
    )
    principals, companions = [], defaultdict(list)
    for participation in participations:
        principal = participation.accompanies_id
        if principal is None and participation.role == ParticipantRole.ESCORT:
            principal = escorted.get(participation.attendee_id)
        if principal in participating and principal != participation.attendee_id:
            companions[principal].append(participation)
        else:
            principals.append(participation)
    return principals, companions
