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

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ObjectDoesNotExist, ValidationError
from django.db.models import Count, F
from django.utils import formats, timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from ceremony import layouts
from ceremony.enums import ClearanceStatus
from ceremony.guest_lists.cells import name_key
from ceremony.guest_lists.organizations import (
    NAME_FIELDS,
    SHORT_NAME_FIELDS,
    OrganizationDirectory,
    aliases_of,
)
from ceremony.models import (
    Attendee,
    BanquetTable,
    Delegation,
    Event,
    FacilityVisit,
    Organization,
    Participation,
    ProgramItem,
    SeatAssignment,
    TableAssignment,
    Venue,
    VenueSection,
    VideoAddress,
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


def named(person):
    """A person as a message names them: as documents in the reader's language print the name
    (Person.name_in), so that an English run-of-show warns of "Murat Yessenov", a Russian one of
    «Marco Oliveira» in his own order."""
    return person.name_in(get_language())


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


@dataclasses.dataclass(frozen=True)
class WrittenInALanguage:
    """A text that prints is written in at least one language (any: the team writes in its own; the
    documents in the others print it in the event's fallback order and list it as missing). The
    message goes to the field of the event's default language, `event` being the way to it."""

    field: str
    event: str | None = None

    def __call__(self, record):
        languages = [code for code, _name in settings.LANGUAGES]
        if any((getattr(record, f"{self.field}_{code}", None) or "").strip() for code in languages):
            return {}
        own = settings.LANGUAGE_CODE
        if self.event is not None:
            try:
                event = record if self.event == "self" else operator.attrgetter(self.event)(record)
                own = event.default_language
            except (AttributeError, ObjectDoesNotExist):
                pass
        return {
            f"{self.field}_{own}": _("Write the %(field)s in at least one language.")
            % {"field": record._meta.get_field(self.field).verbose_name}
        }


def stays_in_its_event(record):
    """An attendee, a delegation or a program item that others point to keeps its event: moving it
    would leave them pointing into another event."""
    if not (record.pk and record.event_id):
        return {}
    stored = type(record)._base_manager.filter(pk=record.pk).values_list("event", flat=True).first()
    if stored is None or stored == record.event_id:
        return {}
    for relation, what in LINKS_TO[type(record)]:
        if getattr(record, relation).exists():
            return {
                "event": _("“%(record)s” %(what)s at %(event)s and cannot be moved to another event.")
                % {"record": record, "what": what, "event": Event.objects.get(pk=stored)}
            }
    return {}


# What points to each kind of record from within its event, as the sentence names it.
LINKS_TO = {
    Attendee: [
        ("participations", gettext_lazy("takes part in the program")),
        ("visits", gettext_lazy("is on a facility visit")),
        ("seat_assignments", gettext_lazy("has a seat")),
        ("table_assignments", gettext_lazy("has a place at a table")),
        ("awards_received", gettext_lazy("receives an award")),
        ("awards_presented", gettext_lazy("presents an award")),
        ("delegations_headed", gettext_lazy("heads a delegation")),
        ("delegations_escorted", gettext_lazy("escorts a delegation")),
        ("program_items_responsible_for", gettext_lazy("is responsible for a program item")),
        ("facility_visits_escorted", gettext_lazy("escorts a facility visit")),
        ("escorted_attendees", gettext_lazy("escorts another attendee")),
    ],
    Delegation: [("members", gettext_lazy("has members"))],
    ProgramItem: [
        ("participations", gettext_lazy("has participants")),
        ("award_presentations", gettext_lazy("has award presentations")),
        ("seats", gettext_lazy("has a seating plan")),
        ("table_assignments", gettext_lazy("has a table plan")),
    ],
}


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
        "person": named(attendee.person),
        "other": other,
        "other_time": span(other),
        "item": item,
        "time": span(item),
    }


def not_double_booked(record):
    """Nobody is in two overlapping items of an event: whoever the record places at an item (a
    participant, a visitor, and in `awards.rules` an award's recipient and presenter) is in no other
    item at the same time; an item's new times, or a visit moved to another item, keep everyone it
    places free."""
    if isinstance(record, ProgramItem):
        return _new_times_keep_everyone_free(record)
    if isinstance(record, FacilityVisit):
        return _moved_visit_keeps_visitors_free(record)
    if isinstance(record, Participation):
        item = record.program_item if record.program_item_id else None
    else:  # a visitor
        item = record.visit.program_item if record.visit_id else None
    return free_at(record, item, ("attendee",))


def free_at(record, item, fields):
    """{field: message} for each attendee the record names in `fields` who is already placed in
    another item overlapping `item`. The record's own stored version does not count: it moves."""
    attendee_ids = {field: getattr(record, f"{field}_id") for field in fields}
    attendee_ids = {field: pk for field, pk in attendee_ids.items() if pk is not None}
    if item is None or not attendee_ids or not (item.starts_at and item.ends_at):
        return {}
    clashes = overlapping_items(attendee_ids=attendee_ids.values(), item=item, leaving=record)
    return {
        field: double_booking_message(getattr(record, field), item, clashes[pk][0])
        for field, pk in attendee_ids.items()
        if pk in clashes
    }


def _new_times_keep_everyone_free(item):
    if not (item.pk and item.starts_at and item.ends_at and item.ends_at > item.starts_at):
        return {}
    stored = with_placements(ProgramItem.objects.filter(pk=item.pk)).get()
    return _clash_messages(placed_attendee_ids(stored), item, NON_FIELD_ERRORS)


def _moved_visit_keeps_visitors_free(visit):
    if not (visit.pk and visit.program_item_id):
        return {}
    stored_item = FacilityVisit.objects.filter(pk=visit.pk).values_list("program_item", flat=True).first()
    if stored_item == visit.program_item_id:
        return {}
    visitors = visit.visitors.values_list("attendee", flat=True)
    return _clash_messages(visitors, visit.program_item, "program_item", leaving=visit)


def _clash_messages(attendee_ids, item, field, leaving=None):
    """Up to five clashes of many attendees at once, as one error of `field`."""
    attendees = Attendee.objects.select_related("person").in_bulk(list(attendee_ids))
    clashes = overlapping_items(attendee_ids=attendees, item=item, leaving=leaving)
    messages = [
        double_booking_message(attendees[attendee_id], item, others[0])
        for attendee_id, others in clashes.items()
    ]
    return {field: messages[:5]} if messages else {}


def submitted_parts_not_double_booked(attendee, parts):
    """The program items one submission gives an attendee do not overlap each other, which each
    row's own check (against what is stored) cannot see. `parts` are (row, program item, whether the
    row is new or changed); returns {row: message} for each new or changed row that clashes."""
    errors = {}
    for index, (row, item, changed) in enumerate(parts):
        for _other_row, other, other_changed in parts[:index]:
            if not (changed or other_changed) or item is None or other is None or item.pk == other.pk:
                continue
            if item.starts_at < other.ends_at and other.starts_at < item.ends_at:
                errors[row] = double_booking_message(attendee, item, other)
                break
    return errors


# ---------------------------------------------------------------------------------------------------
# Facility visits: group size and denied clearance


def capacity_message(visit, count):
    return _("“%(visit)s” allows %(capacity)d visitors; %(count)d are listed.") % {
        "visit": visit,
        "capacity": visit.capacity,
        "count": count,
    }


def within_group_size(record):
    """A visit never lists more visitors than its group size: a visitor joining finds a place, and a
    visit's size is not lowered below the visitors it has."""
    if isinstance(record, FacilityVisit):
        if not (record.pk and record.capacity):
            return {}
        count = record.visitors.count()
        return {"capacity": capacity_message(record, count)} if count > record.capacity else {}
    if not (record.visit_id and record.attendee_id):
        return {}
    visit = record.visit
    joining = not record.pk or VisitParticipant.objects.filter(pk=record.pk).exclude(visit=visit).exists()
    others = visit.visitors.exclude(pk=record.pk).count()
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
    ) % {"person": named(attendee.person), "item": item}


def no_denied_participant(record):
    """Someone denied clearance for a restricted visit takes no part in the visit's program item:
    not as a new participant, not by being denied while taking part, and not by the visit or its
    facility coming to need clearance while a denied visitor takes part."""
    if isinstance(record, Participation):
        if not (record.program_item_id and record.attendee_id):
            return {}
        if denied_at(record.program_item_id, [record.attendee_id]).exists():
            return {"attendee": denied_participant_message(record.attendee, record.program_item)}
        return {}
    if isinstance(record, VisitParticipant):
        if not (record.visit_id and record.attendee_id) or record.clearance_status != ClearanceStatus.DENIED:
            return {}
        visit = record.visit
        if (
            visit.clearance_required
            and visit.facility.restricted
            and visit.program_item.participations.filter(attendee=record.attendee_id).exists()
        ):
            return {"clearance_status": denied_participant_message(record.attendee, visit.program_item)}
        return {}
    # A visit or a venue about to need clearance, as the record (not yet stored) says.
    if not record.pk:
        return {}
    if isinstance(record, FacilityVisit):
        if not (record.clearance_required and record.facility_id and record.facility.restricted):
            return {}
        visitors, field = VisitParticipant.objects.filter(visit=record.pk), "clearance_required"
    else:  # a venue
        if not record.restricted:
            return {}
        visitors = VisitParticipant.objects.filter(visit__facility=record.pk, visit__clearance_required=True)
        field = "restricted"
    denied = (
        visitors.filter(
            clearance_status=ClearanceStatus.DENIED,
            attendee__participations__program_item=F("visit__program_item"),
        )
        .select_related("attendee__person", "visit__program_item")
        .order_by("pk")
    )
    messages = [
        denied_participant_message(visitor.attendee, visitor.visit.program_item) for visitor in denied[:5]
    ]
    return {field: messages} if messages else {}


def denied_at(item_id, attendee_ids):
    """The visitors among `attendee_ids` denied clearance for the item's restricted visit, who may
    not take part in it; the attendee list's bulk adding asks this of many attendees at once."""
    return VisitParticipant.objects.filter(
        visit__program_item=item_id,
        visit__clearance_required=True,
        visit__facility__restricted=True,
        clearance_status=ClearanceStatus.DENIED,
        attendee__in=attendee_ids,
    )


def document_number_has_type(visitor):
    if visitor.document_number and not visitor.document_type:
        return {"document_type": _("Say which document this number belongs to.")}
    return {}


# ---------------------------------------------------------------------------------------------------
# Seats


def seat_within_layout(seat):
    """A seat is in the layout of its item's venue: in one of its sections the item uses
    (ProgramItem.seating_layout; or the venue's single block of rows × seats), on a seat that exists
    and is not blocked."""
    if not seat.program_item_id:
        return {}
    item = seat.program_item
    venue = item.venue
    sections = item.seating_layout()
    if not sections:
        return {NON_FIELD_ERRORS: _("The venue of “%(item)s” has no seating layout.") % {"item": item}}
    section = next((section for section in sections if section.key == seat.section_id), None)
    if section is None:
        if seat.section_id is None:
            return {"section": _("Choose the section of %(venue)s this seat is in.") % {"venue": venue}}
        if seat.section is not None and seat.section.venue_id == venue.pk:
            return {
                "section": _("“%(item)s” does not use %(section)s: tick it among the item's sections.")
                % {"item": item, "section": seat.section}
            }
        return {"section": _("This section is not one of %(venue)s.") % {"venue": venue}}
    if not (seat.row and seat.seat):
        return {}
    position = section.position_of(seat.seat)
    if seat.row > section.rows or position is None:
        where = venue if section.record is None else f"{venue}, {section.record}"
        return {
            NON_FIELD_ERRORS: _("Row %(row)d, seat %(seat)d is outside %(venue)s (%(layout)s).")
            % {"row": seat.row, "seat": seat.seat, "venue": where, "layout": section.describe()}
        }
    if (seat.row, position) in section.blocked:
        return {
            "seat": _("Row %(row)s, seat %(seat)d is blocked: nobody sits there.")
            % {"row": section.row_label(seat.row), "seat": seat.seat}
        }
    return {}


def sections_of_the_venue(venue, sections):
    """The sections an item uses are its venue's (a many-to-many: the item's form checks it)."""
    others = [section for section in sections if venue is None or section.venue_id != venue.pk]
    if not others:
        return {}
    names = ", ".join(str(section) for section in others)
    if venue is None:
        return {
            "sections": _("An item without a venue uses no sections: untick %(sections)s.")
            % {"sections": names}
        }
    return {
        "sections": _(
            "%(sections)s: not a section of %(venue)s. Untick it; the sections of a new venue can be "
            "ticked once the item is saved there."
        )
        % {"sections": names, "venue": venue}
    }


def section_seat_lists(section):
    """The blocked and reserved seats of a section name seats it has; each bad part is named."""
    geometry = section.geometry
    errors = {}
    for field in ("blocked_seats", "reserved_seats"):
        problems = layouts.seat_list_parse(getattr(section, field), geometry)[1]
        if problems:
            errors[field] = " ".join(problems)
    return errors


# ---------------------------------------------------------------------------------------------------
# Organizations


def organization_names_distinct(organization):
    """No name of an organization (full or short in any language, alias) means another one once quotes,
    case and legal forms are folded: «АО «Байтерек»» beside a second «Байтерек» would leave every
    guest list that writes either unable to say which is meant (guest_lists.organizations)."""
    directory = OrganizationDirectory.load()
    fields = {field: [getattr(organization, field)] for field in (*NAME_FIELDS, *SHORT_NAME_FIELDS)}
    fields["aliases"] = aliases_of(organization.aliases)
    errors = {}
    for field, names in fields.items():
        shared = directory.others_sharing(organization.pk, [name for name in names if name])
        if not shared:
            continue
        name, pks = next(iter(shared.items()))
        if field in NAME_FIELDS and directory.by_name.get(name_key(name), set()) - {organization.pk}:
            errors[field] = _("An organization with this name already exists.")  # as the database says
        else:
            errors[field] = _("«%(name)s» is already a name of %(other)s.") % {
                "name": name,
                "other": "; ".join(f"«{directory.labels[pk]}»" for pk in sorted(pks)),
            }
    return errors


# ---------------------------------------------------------------------------------------------------
# Banquet tables


def table_full_message(table, count):
    return _("%(table)s seats %(seats)d; %(count)d would sit at it.") % {
        "table": table,
        "seats": table.seats,
        "count": count,
    }


def table_within_its_seats(record):
    """A table never holds more guests than its seats, at any item: a place at a full table is
    refused, a seat number beyond the table's too, and a table's seats are not lowered below the
    guests placed at it."""
    if isinstance(record, BanquetTable):
        if not (record.pk and record.seats):
            return {}
        fullest = (
            TableAssignment.objects.filter(table=record.pk)
            .values("program_item")
            .annotate(count=Count("pk"))
            .order_by("-count")
            .values_list("count", flat=True)
            .first()
        )
        return {"seats": table_full_message(record, fullest)} if fullest and fullest > record.seats else {}
    if not (record.table_id and record.program_item_id):
        return {}
    table = record.table
    if record.seat and record.seat > table.seats:
        return {"seat": _("%(table)s has seats 1 to %(seats)d.") % {"table": table, "seats": table.seats}}
    others = TableAssignment.objects.filter(program_item=record.program_item_id, table=table)
    count = others.exclude(pk=record.pk).count() + 1
    return {"table": table_full_message(table, count)} if count > table.seats else {}


def table_at_the_items_venue(record):
    """A guest's table is one of the item's venue; an item with a table plan keeps its venue."""
    if isinstance(record, ProgramItem):
        if not record.pk:
            return {}
        elsewhere = TableAssignment.objects.filter(program_item=record.pk).exclude(
            table__venue=record.venue_id
        )
        if elsewhere.exists():
            return {
                "venue": _(
                    "“%(item)s” has a table plan at its venue: clear the plan before moving the item "
                    "to another venue."
                )
                % {"item": record}
            }
        return {}
    if not (record.table_id and record.program_item_id):
        return {}
    item = record.program_item
    if record.table.venue_id != item.venue_id:
        return {
            "table": _("%(table)s is at %(venue)s, not at the venue of “%(item)s”.")
            % {"table": record.table, "venue": record.table.venue, "item": item}
        }
    return {}


def submitted_tables_within_their_seats(rows):
    """The places one submission of an item's table plan keeps fit their tables' seats, which each
    row's own check (against what is stored) cannot see. `rows` are (row, table) of every place the
    submission keeps; returns {row: message} for the rows beyond a table's seats."""
    counts, errors = {}, {}
    for row, table in rows:
        if table is None:
            continue
        counts[table.pk] = counts.get(table.pk, 0) + 1
        if counts[table.pk] > table.seats:
            errors[row] = table_full_message(table, sum(1 for _row, other in rows if other == table))
    return errors


RULES = {
    Event: (WrittenInALanguage("name", "self"), WrittenInALanguage("city", "self")),
    Organization: (organization_names_distinct,),
    Venue: (WrittenInALanguage("name"), no_denied_participant),
    Delegation: (
        WrittenInALanguage("name", "event"),
        SameEvent("event", ("head", "escort_officer")),
        stays_in_its_event,
    ),
    Attendee: (
        SameEvent("event", ("delegation", "escort_officer")),
        stays_in_its_event,
        not_escorting_oneself,
    ),
    ProgramItem: (
        WrittenInALanguage("title", "event"),
        SameEvent("event", ("responsible",)),
        stays_in_its_event,
        not_double_booked,
        table_at_the_items_venue,
    ),
    VideoAddress: (WrittenInALanguage("speaker_name", "program_item.event"),),
    Participation: (
        SameEvent("program_item.event", ("attendee", "accompanies")),
        not_double_booked,
        no_denied_participant,
    ),
    SeatAssignment: (SameEvent("program_item.event", ("attendee",)), seat_within_layout),
    BanquetTable: (table_within_its_seats,),
    TableAssignment: (
        SameEvent("program_item.event", ("attendee",)),
        table_at_the_items_venue,
        table_within_its_seats,
    ),
    VenueSection: (WrittenInALanguage("name"), section_seat_lists),
    FacilityVisit: (
        SameEvent("program_item.event", ("escort",)),
        not_double_booked,
        within_group_size,
        no_denied_participant,
    ),
    VisitParticipant: (
        SameEvent("visit.program_item.event", ("attendee",)),
        not_double_booked,
        within_group_size,
        no_denied_participant,
        document_number_has_type,
    ),
}
