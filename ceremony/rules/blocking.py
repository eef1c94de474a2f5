"""The rules a save must not break: each one a function, run by the models' clean() and the admin.

A rule takes the record about to be saved and returns what is wrong with it, as {form field (or
NON_FIELD_ERRORS): message}; an empty dict when nothing is. `enforce(record)` runs the rules of the
record's model (`RULES`) and raises one ValidationError with everything they found, so the admin,
the import and the tests all see the same message. Nothing here writes.

Rules that span the rows of one submission (two visitors added at once) are the `submitted_*`
functions, which the admin's formsets call: each row's own check only sees what is stored.
"""

import dataclasses
import operator

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from ceremony.enums import ClearanceStatus
from ceremony.models import (
    Attendee,
    Delegation,
    FacilityVisit,
    Participation,
    ProgramItem,
    SeatAssignment,
    VisitParticipant,
)

from .placements import overlapping_items, placed_attendee_ids, with_placements


def check(record, rules):
    """Run `rules` on `record`; raise a ValidationError with the first message each field got."""
    errors = {}
    for rule in rules:
        for field, message in rule(record).items():
            errors.setdefault(field, message)
    if errors:
        raise ValidationError(errors)


def enforce(record):
    check(record, RULES.get(type(record), ()))


def span(item):
    """An item's day and times on the event's clock: «02.06 10:00–11:00»."""
    zone = item.event.zone
    start = formats.date_format(timezone.localtime(item.starts_at, zone), "j.m H:i")
    return f"{start}–{formats.time_format(timezone.localtime(item.ends_at, zone), 'H:i')}"


# ---------------------------------------------------------------------------------------------------
# Same-event links


@dataclasses.dataclass(frozen=True)
class SameEvent:
    """Same-event links: the attendees and the delegation a record points to belong to its event."""

    event: str  # the way from the record to its event, e.g. "visit.program_item.event"
    fields: tuple

    def __call__(self, record):
        first, _dot, _rest = self.event.partition(".")
        if getattr(record, f"{first}_id") is None:
            return {}
        event = operator.attrgetter(self.event)(record)
        errors = {}
        for field in self.fields:
            related = getattr(record, field) if getattr(record, f"{field}_id") is not None else None
            if related is not None and related.event_id != event.pk:
                errors[field] = other_event_message(related, event)
        return errors


def other_event_message(related, event):
    if isinstance(related, Delegation):
        return _("The delegation %(delegation)s belongs to another event.") % {"delegation": related}
    return _("%(who)s is not an attendee of %(event)s.") % {"who": related, "event": event}


def not_escorting_oneself(attendee):
    if attendee.escort_officer_id is not None and attendee.escort_officer_id == attendee.pk:
        return {"escort_officer": _("An attendee cannot escort themselves.")}
    return {}


# ---------------------------------------------------------------------------------------------------
# Double booking: nobody in two overlapping items


def double_booking_message(attendee, item, other):
    return _(
        "%(person)s is already in “%(other)s” (%(other_time)s), which overlaps “%(item)s” (%(time)s)."
    ) % {
        "person": attendee.person,
        "other": other,
        "other_time": span(other),
        "item": item,
        "time": span(item),
    }


def not_double_booked(record):
    """Whoever the record places at an item is in no other item of the event at the same time."""
    if isinstance(record, ProgramItem):
        return _item_times_keep_everyone_free(record)
    if isinstance(record, Participation):
        item, field = (record.program_item if record.program_item_id else None), "attendee"
    else:  # a visitor
        item, field = (record.visit.program_item if record.visit_id else None), "attendee"
    attendee_id = getattr(record, f"{field}_id")
    if item is None or attendee_id is None:
        return {}
    clashes = overlapping_items(attendee_ids=[attendee_id], item=item)
    if attendee_id in clashes:
        return {field: double_booking_message(getattr(record, field), item, clashes[attendee_id][0])}
    return {}


def _item_times_keep_everyone_free(item):
    """New times must not put anyone the item places (participant, visitor, award recipient or
    presenter) in two places at once."""
    if not (item.pk and item.starts_at and item.ends_at and item.ends_at > item.starts_at):
        return {}
    stored = with_placements(ProgramItem.objects.filter(pk=item.pk)).get()
    attendees = Attendee.objects.select_related("person").in_bulk(placed_attendee_ids(stored))
    clashes = overlapping_items(attendee_ids=list(attendees), item=item)
    messages = [
        double_booking_message(attendees[attendee_id], item, others[0])
        for attendee_id, others in clashes.items()
    ]
    return {NON_FIELD_ERRORS: messages[:5]} if messages else {}


# ---------------------------------------------------------------------------------------------------
# Facility visits: group size and denied clearance


def capacity_message(visit, count):
    return _("“%(visit)s” allows %(capacity)d visitors; %(count)d are listed.") % {
        "visit": visit,
        "capacity": visit.capacity,
        "count": count,
    }


def within_group_size(visitor):
    """A visitor joining a visit finds a place within its group size."""
    if not (visitor.visit_id and visitor.attendee_id):
        return {}
    visit = visitor.visit
    joining = not visitor.pk or VisitParticipant.objects.filter(pk=visitor.pk).exclude(visit=visit).exists()
    others = visit.visitors.exclude(pk=visitor.pk).count()
    if joining and others + 1 > visit.capacity:
        return {NON_FIELD_ERRORS: capacity_message(visit, others + 1)}
    return {}


def submitted_visitors_within_group_size(visit, count):
    """The visitors kept by one submission of a visit's page fit its group size; None when they do."""
    capacity = getattr(visit, "capacity", None)
    if capacity and count > capacity:
        return capacity_message(visit, count)
    return None


def denied_participant_message(attendee, item):
    return _(
        "%(person)s was denied clearance for “%(item)s”, a visit to a restricted facility, "
        "and cannot take part in it."
    ) % {"person": attendee.person, "item": item}


def no_denied_participant(record):
    """Someone denied clearance for a restricted visit takes no part in the visit's program item."""
    if isinstance(record, Participation):
        if not (record.program_item_id and record.attendee_id):
            return {}
        denied = VisitParticipant.objects.filter(
            visit__program_item=record.program_item,
            visit__facility__restricted=True,
            visit__clearance_required=True,
            attendee=record.attendee,
            clearance_status=ClearanceStatus.DENIED,
        )
        if denied.exists():
            return {"attendee": denied_participant_message(record.attendee, record.program_item)}
        return {}
    # a visitor
    if not (record.visit_id and record.attendee_id):
        return {}
    visit = record.visit
    if (
        record.clearance_status == ClearanceStatus.DENIED
        and visit.clearance_required
        and visit.facility.restricted
        and visit.program_item.participations.filter(attendee=record.attendee_id).exists()
    ):
        return {"clearance_status": denied_participant_message(record.attendee, visit.program_item)}
    return {}


def document_number_has_type(visitor):
    if visitor.document_number and not visitor.document_type:
        return {"document_type": _("Say which document this number belongs to.")}
    return {}


# ---------------------------------------------------------------------------------------------------
# Seats


def seat_within_layout(seat):
    """A seat is in the layout of its item's venue."""
    if not seat.program_item_id:
        return {}
    item = seat.program_item
    venue = item.venue
    if venue is None or not venue.has_seating:
        return {NON_FIELD_ERRORS: _("The venue of “%(item)s” has no seating layout.") % {"item": item}}
    if seat.row and seat.seat and (seat.row > venue.seat_rows or seat.seat > venue.seats_per_row):
        return {
            NON_FIELD_ERRORS: _(
                "Row %(row)d, seat %(seat)d is outside %(venue)s (%(rows)d rows of %(seats)d seats)."
            )
            % {
                "row": seat.row,
                "seat": seat.seat,
                "venue": venue,
                "rows": venue.seat_rows,
                "seats": venue.seats_per_row,
            }
        }
    return {}


RULES = {
    Delegation: (SameEvent("event", ("head", "escort_officer")),),
    Attendee: (SameEvent("event", ("delegation", "escort_officer")), not_escorting_oneself),
    ProgramItem: (SameEvent("event", ("responsible",)), not_double_booked),
    Participation: (SameEvent("program_item.event", ("attendee",)), not_double_booked, no_denied_participant),
    SeatAssignment: (SameEvent("program_item.event", ("attendee",)), seat_within_layout),
    FacilityVisit: (SameEvent("program_item.event", ("escort",)),),
    VisitParticipant: (
        SameEvent("visit.program_item.event", ("attendee",)),
        not_double_booked,
        within_group_size,
        no_denied_participant,
        document_number_has_type,
    ),
}
