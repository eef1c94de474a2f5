"""Seating plans: guests placed by precedence around the host, companions beside their principal."""

from collections import defaultdict

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
    """Seat numbers of a row from the centre outwards: centre, one to the right, one to the left, ..."""
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

    Who is not seated (Participation.takes_a_seat): a participant whose "takes a seat" is unticked
    (the master of ceremonies at the lectern, stage staff), and an interpreter who accompanies nobody
    (in the booth). When the host does not sit, the highest-ranking guest takes the centre.
    """
    venue = program_item.venue
    if venue is None or not venue.has_seating:
        raise ValidationError(
            _("The venue of “%(item)s” has no seating layout.") % {"item": program_item}, code=NO_LAYOUT
        )
    program_item.seats.filter(is_manual=False).delete()
    plan = _SeatingPlan(program_item, placed_by_hand=program_item.seats.all())
    participations = [
        participation
        for participation in program_item.participations.select_related("attendee__person")
        if participation.takes_a_seat
    ]
    principals, companions = _principals_and_companions(participations)
    unseated = []
    for principal in _in_order_of_precedence(program_item, principals):
        group = [c for c in companions[principal.attendee_id] if c.attendee_id not in plan.by_hand]
        anchor = plan.seat_of(principal) or plan.take_next(principal)
        if anchor is None:
            unseated += [principal, *group]
            continue
        members = {principal.attendee_id, *(c.attendee_id for c in group)}
        unseated += [companion for companion in group if plan.take_beside(companion, anchor, members) is None]
    if unseated:
        raise ValidationError(
            _("%(venue)s has too few seats: %(people)s could not be seated.")
            % {"venue": venue, "people": ", ".join(str(p.attendee) for p in unseated)}
        )
    bulk_create_with_history(plan.assignments, SeatAssignment, custom_historical_attrs=source_attrs())
    return len(plan.assignments)


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
    """The hall as it fills: who sits where and the seats assigned so far. Free seats are found when
    asked for, in the order they are given out (front row first, each row from the centre outwards),
    so the plan holds the seats taken, never every seat of a hall of 200 rows."""

    def __init__(self, program_item, *, placed_by_hand):
        self.program_item = program_item
        self.rows, self.seats_per_row = program_item.venue.seat_rows, program_item.venue.seats_per_row
        self.occupied = {(seat.row, seat.seat): seat.attendee_id for seat in placed_by_hand}
        self.by_hand = {attendee_id: place for place, attendee_id in self.occupied.items()}
        self.order_in_row = {seat: index for index, seat in enumerate(seat_order(self.seats_per_row))}
        self._next_free = self._free_places()
        self.assignments = []

    def _free_places(self):
        for row in range(1, self.rows + 1):
            for seat in self.order_in_row:
                if (row, seat) not in self.occupied:
                    yield row, seat

    def _given_out(self, place):
        """Where a seat comes in the order seats are given out: ties go to the one given out first."""
        return place[0], self.order_in_row[place[1]]

    def _free_in_row(self, row):
        return [(row, seat) for seat in range(1, self.seats_per_row + 1) if (row, seat) not in self.occupied]

    def seat_of(self, participation):
        return self.by_hand.get(participation.attendee_id)

    def take_next(self, participation):
        """The best free seat for `participation`, or None when the hall is full."""
        place = next(self._next_free, None)
        return self._take(participation, place) if place is not None else None

    def take_beside(self, participation, anchor, members):
        """The free seat nearest `anchor` in its row with nobody but `members` in between, else the
        nearest behind or in front (never across someone else in the same row); None if none is free."""
        row, seat = anchor

        def clear(place):
            low, high = sorted((seat, place[1]))
            return all(self.occupied.get((row, number)) in members for number in range(low + 1, high))

        beside = [place for place in self._free_in_row(row) if clear(place)]
        if beside:
            place = min(beside, key=lambda place: (abs(place[1] - seat), self._given_out(place)))
            return self._take(participation, place)
        for distance in range(1, self.rows):
            rows = [other for other in (row - distance, row + distance) if 1 <= other <= self.rows]
            nearby = [place for other in rows for place in self._free_in_row(other)]
            if nearby:
                place = min(nearby, key=lambda place: (abs(place[1] - seat), self._given_out(place)))
                return self._take(participation, place)
        return None

    def _take(self, participation, place):
        self.occupied[place] = participation.attendee_id
        self.assignments.append(
            SeatAssignment(
                program_item=self.program_item,
                attendee=participation.attendee,
                row=place[0],
                seat=place[1],
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
