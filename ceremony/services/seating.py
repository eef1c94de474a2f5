"""Seating plans: guests placed by precedence around the host, companions beside their principal."""

from collections import defaultdict

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from ceremony.enums import ParticipantRole
from ceremony.models import Attendee, SeatAssignment
from ceremony.selectors import precedence_positions


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
    """
    venue = program_item.venue
    if venue is None or not venue.has_seating:
        raise ValidationError(_("The venue of “%(item)s” has no seating layout.") % {"item": program_item})
    program_item.seats.filter(is_manual=False).delete()
    # Seats placed by hand stay; who sits where, as the plan fills up.
    occupied = {(seat.row, seat.seat): seat.attendee_id for seat in program_item.seats.all()}
    by_hand = {attendee_id: place for place, attendee_id in occupied.items()}
    participations = list(program_item.participations.select_related("attendee__person"))
    principals, companions = _principals_and_companions(participations)
    positions = precedence_positions(event=program_item.event)
    principals.sort(
        key=lambda p: (
            p.role != ParticipantRole.HOST,
            positions.get(p.attendee_id, len(positions)),
            p.order,
            p.pk,
        )
    )
    free = [
        (row, seat)
        for row in range(1, venue.seat_rows + 1)
        for seat in seat_order(venue.seats_per_row)
        if (row, seat) not in occupied
    ]
    assignments, unseated = [], []

    def take(participation, place):
        free.remove(place)
        occupied[place] = participation.attendee_id
        assignments.append(
            SeatAssignment(
                program_item=program_item,
                attendee=participation.attendee,
                row=place[0],
                seat=place[1],
                is_manual=False,
            )
        )

    for principal in principals:
        group = [c for c in companions[principal.attendee_id] if c.attendee_id not in by_hand]
        if principal.attendee_id in by_hand:
            anchor = by_hand[principal.attendee_id]
        elif free:
            anchor = free[0]
            take(principal, anchor)
        else:
            unseated += [principal, *group]
            continue
        members = {principal.attendee_id, *(c.attendee_id for c in group)}
        for companion in group:
            place = _seat_beside(anchor, free, occupied, members)
            if place is None:
                unseated.append(companion)
            else:
                take(companion, place)
    if unseated:
        raise ValidationError(
            _("%(venue)s has too few seats: %(people)s could not be seated.")
            % {"venue": venue, "people": ", ".join(str(p.attendee) for p in unseated)}
        )
    bulk_create_with_history(assignments, SeatAssignment)
    return len(assignments)


def _seat_beside(anchor, free, occupied, members):
    """The free seat nearest `anchor` in its row with nobody else in between, else the nearest behind or
    in front (never across someone else in the same row)."""
    row, seat = anchor

    def clear(place):
        low, high = sorted((seat, place[1]))
        return all(occupied.get((row, number)) in members for number in range(low + 1, high))

    beside = [place for place in free if place[0] == row and clear(place)]
    if beside:
        return min(beside, key=lambda place: abs(place[1] - seat))
    elsewhere = [place for place in free if place[0] != row]
    return min(elsewhere, key=lambda place: (abs(place[0] - row), abs(place[1] - seat)), default=None)


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
