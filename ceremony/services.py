"""Writes that touch several records of the ceremony app.

Functions are keyword-only and named <thing>_<verb>; each runs in one transaction.
"""

import datetime
import logging
from collections import defaultdict
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import DatabaseError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from awards.models import AwardPresentation

from .batches import chunks
from .enums import ParticipantRole
from .guest_lists.columns import ATTENDEE_COLUMNS, name_key
from .guest_lists.parsing import error, parse_guest_list
from .guest_lists.planning import person_fields, plan_guest_list, stored
from .guest_lists.reading import GuestListFileError, read_rows, too_big_message
from .history import record_bulk_created
from .locking import Versioned, versions_bump
from .models import (
    Attendee,
    Delegation,
    FacilityVisit,
    GuestImport,
    Organization,
    Participation,
    Person,
    ProgramItem,
    SeatAssignment,
    VisitParticipant,
)
from .selectors import PROGRAM_ROLES, precedence_positions

logger = logging.getLogger(__name__)


@transaction.atomic
def attendee_set_rsvp(*, attendees, status, user=None):
    """Set the RSVP status of many attendees at once, each change in their history; returns how many.

    Their versions go up first, so that a change form opened before cannot be saved over the new status.
    """
    pks = list(attendees.exclude(rsvp_status=status).values_list("pk", flat=True))
    versions_bump(Attendee, pks)
    changed = []
    for chunk in chunks(pks):
        changed += Attendee.objects.filter(pk__in=chunk)
    for attendee in changed:
        attendee.rsvp_status = status
    bulk_update_with_history(changed, Attendee, ["rsvp_status"], batch_size=500, default_user=user)
    return len(changed)


@transaction.atomic
def program_item_order_speakers(*, program_item):
    """Suggest a speaking order: hosts, speakers and presenters by precedence, highest first.

    Those without a protocol rank follow, in the order they had. Returns how many moved.
    """
    participations = program_item.participations.filter(role__in=PROGRAM_ROLES)
    return _order_by_precedence(program_item.event, participations, "attendee_id")


@transaction.atomic
def award_ceremony_order_by_presenter(*, ceremony):
    """Call the presentations presenter by presenter, the highest-ranking presenter first.

    Within one presenter the order stays as it was. Returns how many presentations moved.
    """
    presentations = AwardPresentation.objects.filter(ceremony=ceremony)
    return _order_by_precedence(ceremony.event, presentations, "presenter_id")


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


def _order_by_precedence(event, queryset, attendee_field):
    """Renumber `order` of the rows by the precedence of the attendee in `attendee_field`."""
    positions = precedence_positions(event=event)
    rows = list(queryset.order_by("order", "pk"))
    # Unranked attendees keep together (e.g. all presentations of one presenter), in their old order.
    ranked = sorted(
        rows,
        key=lambda row: (
            positions.get(getattr(row, attendee_field), len(positions)),
            getattr(row, attendee_field) or 0,
        ),
    )
    moved = []
    for number, row in enumerate(ranked, start=1):
        if row.order != number:
            row.order = number
            moved.append(row)
    bulk_update_with_history(moved, queryset.model, ["order"])
    return len(moved)


# ---------------------------------------------------------------------------------------------------
# Guest-list import: preview, confirm, undo


def guest_import_preview(*, event, data, file_name, user=None, language=None, encoding=None, delimiter=None):
    """Read and check a guest list and record what importing it would do; writes no guest.

    Returns the GuestImport, with status PREVIEWED when it can be confirmed or HAS_ERRORS.
    """
    guest_import, _plan = _guest_import_check(
        event=event,
        data=data,
        file_name=file_name,
        user=user,
        language=language,
        encoding=encoding,
        delimiter=delimiter,
    )
    return guest_import


def guest_list_import(
    *, event, data, file_name, user=None, language=None, encoding=None, delimiter=None, dry_run=False
):
    """Check a guest list and, when no row has an error, import it at once (the command line's way).

    The same rules as preview + confirm, in one transaction, without keeping the checked rows around
    between the two steps.
    """
    with transaction.atomic():
        guest_import, plan = _guest_import_check(
            event=event,
            data=data,
            file_name=file_name,
            user=user,
            language=language,
            encoding=encoding,
            delimiter=delimiter,
        )
        if guest_import.can_confirm and not dry_run:
            _guest_import_apply(guest_import=guest_import, plan=plan, user=user)
        else:
            # A dry run or a list with errors leaves no trace: nothing was imported.
            transaction.set_rollback(True)
            guest_import.source_file.delete(save=False)
    return guest_import


def _guest_import_check(*, event, data, file_name, user, language, encoding, delimiter):
    language = language or event.default_language
    guest_import = GuestImport(event=event, file_name=file_name[:255], created_by=user, language=language)
    plan = None
    limit = settings.GUEST_IMPORT_MAX_BYTES
    if len(data) > limit:
        guest_import.errors = [
            error(
                None,
                "",
                "",
                too_big_message(len(data), limit),
            )
        ]
    else:
        try:
            parsed = parse_guest_list(
                read_rows(data, encoding=encoding, delimiter=delimiter), zone=event.zone
            )
        except GuestListFileError as reason:
            guest_import.errors = [error(None, "", "", str(reason))]
        else:
            plan = plan_guest_list(event=event, guests=parsed.guests, language=language)
            guest_import.errors = sorted(parsed.errors + plan.errors, key=lambda item: item["row"] or 0)
            guest_import.warnings = parsed.warnings
            guest_import.guests = parsed.guests
            guest_import.preview = plan.entries
            guest_import.digest = plan.digest()
            guest_import.new_count = plan.new_count
            guest_import.updated_count = plan.updated_count
            guest_import.unchanged_count = plan.unchanged_count
    guest_import.error_count = len(guest_import.errors)
    if guest_import.errors:
        # Kept all the same, so the preview also shows what the rows without errors would do.
        guest_import.status = GuestImport.Status.HAS_ERRORS
    if len(data) <= limit:
        guest_import.source_file.save(_kept_file_name(file_name), ContentFile(data), save=False)
    guest_import.save()
    return guest_import, plan


def _kept_file_name(file_name):
    """The uploaded file's own name, short enough for the file field (a suffix of 200 letters made the
    storage give up with an error)."""
    path = Path(Path(file_name).name)
    name = path.stem[:50] + path.suffix[:10]
    return name if name.strip(".") else "guest-list"


class GuestImportStale(Exception):
    """The address book changed between preview and confirm; a new preview is needed."""


def guest_import_confirm(*, guest_import, user=None):
    """Write exactly what the preview showed, in one transaction, or nothing if the data changed since."""
    with transaction.atomic():
        guest_import = (
            GuestImport.objects.select_for_update()
            .select_related("event")
            .defer("preview")  # the plan is made again below; the kept one may be large
            .get(pk=guest_import.pk)
        )
        if not guest_import.can_confirm:
            raise ValidationError(
                _("This import is “%(status)s” and cannot be confirmed.")
                % {"status": guest_import.get_status_display()}
            )
        plan = plan_guest_list(
            event=guest_import.event, guests=guest_import.guests, language=guest_import.language
        )
        if not plan.errors and plan.digest() == guest_import.digest:
            try:
                with transaction.atomic():
                    _guest_import_apply(guest_import=guest_import, plan=plan, user=user)
            except DatabaseError as failure:
                # A rule the checks above did not foresee: the database refused; nothing stays written.
                logger.exception("Guest import %s could not be written", guest_import.pk)
                raise ValidationError(
                    _("The database refused this import (%(reason)s). Nothing was imported.")
                    % {"reason": failure}
                ) from None
            return guest_import
    # Recorded outside the block above, so the import's page says what happened.
    GuestImport.objects.filter(pk=guest_import.pk).update(status=GuestImport.Status.STALE)
    raise GuestImportStale(
        _(
            "The guests or the address book changed since this preview, so it would no longer write "
            "what it showed. Nothing was imported: upload the file again for a new preview."
        )
    )


def _guest_import_apply(*, guest_import, plan, user=None):
    guest_import.changes = _guest_plan_write(guest_import=guest_import, plan=plan, user=user)
    guest_import.status = GuestImport.Status.IMPORTED
    guest_import.imported_at = timezone.now()
    guest_import.save(update_fields=["changes", "status", "imported_at"])


TRANSLATION_SUFFIXES = ("", *(f"_{code}" for code, _name in settings.LANGUAGES))
WRITE_CHUNK = 2000  # rows built in memory at a time; 50,000 model instances at once would be ~150 MB


def _guest_plan_write(*, guest_import, plan, user=None):
    """Write the plan with bulk queries, a chunk at a time; return what undo needs.

    The record names what was created by guest (index into guests) and pk, and keeps the old and new
    value of every field changed.
    """
    event, guests = guest_import.event, guest_import.guests
    fields = person_fields(guest_import.language)
    # Every record the import writes shows in its history as part of this one import.
    history = {
        "default_user": user or guest_import.created_by,
        "default_change_reason": _("Guest-list import #%(pk)s (%(file)s)")
        % {"pk": guest_import.pk, "file": guest_import.file_name},
    }
    created_history = {"user": history["default_user"], "reason": history["default_change_reason"]}
    created_organizations = Organization.objects.bulk_create(
        [Organization(name=name) for name in plan.new_organizations]
    )
    record_bulk_created(
        Organization, [organization.pk for organization in created_organizations], **created_history
    )
    organization_pks = {
        name_key(organization.name): organization.pk for organization in created_organizations
    }
    record = {
        "organizations": [organization.pk for organization in created_organizations],
        "people": [],  # [guest index, pk, organization pk]
        "attendees": [],  # [guest index, pk, person pk]
    }
    person_updates, attendee_updates = defaultdict(list), defaultdict(list)

    for start in range(0, len(plan.entries), WRITE_CHUNK):
        entries = plan.entries[start : start + WRITE_CHUNK]
        new_people = []
        for entry in entries:
            values = guests[entry["guest"]]["values"]
            organization_pk = entry["organization"] or organization_pks.get(
                name_key(entry["new_organization"])
            )
            if entry["person"] is None:
                new_people.append(_new_person(values, fields, organization_pk))
                continue
            changed = {fields[key]: new for key, (_old, new) in entry["changes"].items() if key in fields}
            if "organization" in entry["changes"]:
                changed["organization_id"] = organization_pk
            if changed:
                person_updates[frozenset(changed)].append((entry["person"], changed))
        Person.objects.bulk_create(new_people, batch_size=500)
        record_bulk_created(Person, [person.pk for person in new_people], **created_history)
        created = iter(new_people)

        new_attendees = []
        for entry in entries:
            values = guests[entry["guest"]]["values"]
            if entry["person"] is None:
                person = next(created)
                record["people"].append([entry["guest"], person.pk, person.organization_id])
                person_pk = person.pk
            else:
                person_pk = entry["person"]
            if entry["attendee"] is None:
                new_attendees.append(
                    (entry["guest"], Attendee(event=event, person_id=person_pk, **_attendee_values(values)))
                )
                continue
            changed = {
                key: _attendee_value(key, new)
                for key, (_old, new) in entry["changes"].items()
                if key in ATTENDEE_COLUMNS
            }
            if changed:
                attendee_updates[frozenset(changed)].append((entry["attendee"], changed))
        Attendee.objects.bulk_create([attendee for _index, attendee in new_attendees], batch_size=500)
        record_bulk_created(Attendee, [attendee.pk for _index, attendee in new_attendees], **created_history)
        record["attendees"] += [[index, attendee.pk, attendee.person_id] for index, attendee in new_attendees]

    record["person_changes"] = _bulk_change(Person, person_updates, history)
    record["attendee_changes"] = _bulk_change(Attendee, attendee_updates, history)
    return record


def _person_values(values, fields):
    person_values = {model_field: values.get(key) or "" for key, model_field in fields.items()}
    person_values["email"] = values.get("email") or None
    return person_values


def _new_person(values, fields, organization_pk):
    # Every translated column given, so that no default is looked up: for 20,000 people that
    # lookup alone costs a second.
    blanks = {
        f"{field}{suffix}": "" for field in ("honorific", "position") for suffix in TRANSLATION_SUFFIXES
    }
    return Person(organization_id=organization_pk, **(blanks | _person_values(values, fields)))


def _attendee_values(values):
    """What a new attendee gets from the file; blank cells leave the model's defaults."""
    return {key: _attendee_value(key, values[key]) for key in ATTENDEE_COLUMNS if values.get(key)}


def _attendee_value(key, value):
    if key in ("arrival", "departure"):
        return datetime.datetime.fromisoformat(value) if value else None
    return value


def _bulk_change(model, updates, history):
    """Apply grouped updates ({fields: [(pk, {field: new})]}) and return {pk: {field: [old, new]}}.

    The records are read whole just before writing, inside the same transaction: their history needs
    every field, and the old values are kept for undo.
    """
    changes = {}
    for field_names, rows in updates.items():
        current = {}
        for pks in chunks(pk for pk, _changed in rows):
            if issubclass(model, Versioned):
                versions_bump(model, pks)  # before reading: see versions_bump
            current |= model.objects.in_bulk(pks)
        objects = []
        for pk, changed in rows:
            obj = current[pk]
            changes[pk] = {
                name: [stored(getattr(obj, name)), stored(value)] for name, value in changed.items()
            }
            for name, value in changed.items():
                setattr(obj, name, value)
            objects.append(obj)
        bulk_update_with_history(objects, model, list(field_names), batch_size=500, **history)
    return changes


class GuestImportUndoRefused(ValidationError):
    pass


def guest_import_undo(*, guest_import):
    """Remove what an import created and restore what it changed, unless those records changed since.

    Raises GuestImportUndoRefused naming every record edited since; then nothing is changed.
    """
    with transaction.atomic():
        guest_import = GuestImport.objects.select_for_update().defer("preview").get(pk=guest_import.pk)
        if not guest_import.can_undo:
            raise ValidationError(
                _("This import is “%(status)s” and cannot be undone.")
                % {"status": guest_import.get_status_display()}
            )
        record = guest_import.changes
        conflicts = _undo_conflicts(guest_import, record)
        if conflicts:
            shown = conflicts[:20]
            more = len(conflicts) - len(shown)
            message = _(
                "Nothing was undone, because these records were changed after the import: %(list)s."
            ) % {"list": "; ".join(shown)}
            if more:
                message += " " + ngettext("And %(count)d more.", "And %(count)d more.", more) % {
                    "count": more
                }
            raise GuestImportUndoRefused(message)

        for pks in chunks(pk for _index, pk, _person in record["attendees"]):
            Attendee.objects.filter(pk__in=pks).delete()
        for pks in chunks(pk for _index, pk, _organization in record["people"]):
            Person.objects.filter(pk__in=pks).delete()
        history = {"default_change_reason": _("Undo of guest-list import #%(pk)s") % {"pk": guest_import.pk}}
        _restore(Person, record["person_changes"], history)
        _restore(Attendee, record["attendee_changes"], history)
        # An organization the import created stays if someone else has come to use it.
        Organization.objects.filter(
            pk__in=record["organizations"], people__isnull=True, delegations__isnull=True
        ).delete()
        guest_import.status = GuestImport.Status.UNDONE
        guest_import.undone_at = timezone.now()
        guest_import.save(update_fields=["status", "undone_at"])
    return guest_import


def _undo_conflicts(guest_import, record):
    """Every record the import wrote that someone changed or used since, as sentences."""
    guests = guest_import.guests
    fields = person_fields(guest_import.language)
    # What the import wrote is made again from the kept rows, every column of it, so that any later
    # edit shows up, not only one to the columns the file had.
    created_people = {
        pk: _all_values(_new_person(guests[index]["values"], fields, organization_pk))
        for index, pk, organization_pk in record["people"]
    }
    created_attendees = {
        pk: _all_values(
            Attendee(
                event_id=guest_import.event_id,
                person_id=person_pk,
                **_attendee_values(guests[index]["values"]),
            )
        )
        for index, pk, person_pk in record["attendees"]
    }

    def new_values(changes):
        return {
            int(pk): {name: new for name, (_old, new) in fields.items()} for pk, fields in changes.items()
        }

    conflicts = _edited_since(Person, created_people)
    conflicts += _edited_since(Attendee, created_attendees)
    conflicts += _edited_since(Person, new_values(record["person_changes"]))
    conflicts += _edited_since(Attendee, new_values(record["attendee_changes"]))
    for pks in chunks(created_people):
        elsewhere = Attendee.objects.filter(person__in=pks).exclude(pk__in=list(created_attendees))
        for attendee in elsewhere.select_related("person", "event"):
            conflicts.append(
                _("%(person)s now also attends %(event)s")
                % {"person": attendee.person, "event": attendee.event}
            )
    # Records that have come to point at an imported attendee would lose that link.
    uses = (
        (Participation.objects, "attendee", _("takes part in the program")),
        (VisitParticipant.objects, "attendee", _("is on a facility visit")),
        (AwardPresentation.objects, "recipient", _("receives an award")),
        (AwardPresentation.objects, "presenter", _("presents an award")),
        (Delegation.objects, "head", _("heads a delegation")),
        (Delegation.objects, "escort_officer", _("escorts a delegation")),
        (ProgramItem.objects, "responsible", _("is responsible for a program item")),
        (FacilityVisit.objects, "escort", _("escorts a facility visit")),
        (Attendee.objects, "escort_officer", _("escorts another attendee")),
    )
    for pks in chunks(created_attendees):
        for manager, field, label in uses:
            used = manager.filter(**{f"{field}__in": pks}).select_related(f"{field}__person")
            conflicts += [f"{getattr(row, field).person} {label}" for row in used]
    return conflicts


def _all_values(instance):
    # The version is left out: it says that a record changed, but not which field, and the message
    # names the fields.
    return {
        field.attname: stored(getattr(instance, field.attname))
        for field in instance._meta.concrete_fields
        if not field.primary_key and field.name != "version"
    }


def _edited_since(model, expected):
    """Records ({pk: {field: value as written}}) whose current values differ, as sentences."""
    changed_fields = {}
    names = {name for values in expected.values() for name in values}
    for pks in chunks(expected):
        for row in model.objects.filter(pk__in=pks).values("pk", *names):
            changed = [name for name, value in expected[row["pk"]].items() if stored(row[name]) != value]
            if changed:
                changed_fields[row["pk"]] = changed
    # Records deleted since are not listed: there is nothing left to remove or restore.
    conflicts = []
    queryset = model.objects.select_related("person") if model is Attendee else model.objects
    for pks in chunks(changed_fields):
        for pk, obj in queryset.in_bulk(pks).items():
            verbose = ", ".join(str(model._meta.get_field(name).verbose_name) for name in changed_fields[pk])
            conflicts.append(f"{obj} ({verbose})")
    return conflicts


def _restore(model, changes, history):
    groups = defaultdict(dict)
    for pk, fields in changes.items():
        groups[frozenset(fields)][int(pk)] = {
            name: _restored(model, name, old) for name, (old, _new) in fields.items()
        }
    for field_names, values_by_pk in groups.items():
        objects = []
        for pks in chunks(values_by_pk):
            if issubclass(model, Versioned):
                versions_bump(model, pks)
            for pk, obj in model.objects.in_bulk(pks).items():
                for name, value in values_by_pk[pk].items():
                    setattr(obj, name, value)
                objects.append(obj)
        bulk_update_with_history(objects, model, list(field_names), batch_size=500, **history)


def _restored(model, name, value):
    field = model._meta.get_field(name)
    if value == "" and field.null:
        return None
    if isinstance(field, models.DateTimeField):
        return datetime.datetime.fromisoformat(value) if value else None
    return value
