"""Writes that touch several records of the ceremony app.

Functions are keyword-only and named <thing>_<verb>; each runs in one transaction.
"""

import datetime
from collections import defaultdict

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from awards.models import AwardPresentation

from .guest_lists.columns import ATTENDEE_COLUMNS, name_key
from .guest_lists.parsing import error, parse_guest_list
from .guest_lists.planning import person_fields, plan_guest_list, stored
from .guest_lists.reading import GuestListFileError, read_rows
from .models import Attendee, GuestImport, Organization, Participation, Person, VisitParticipant


@transaction.atomic
def attendee_set_rsvp(*, attendees, status):
    """Set the RSVP status of many attendees at once; returns how many changed."""
    return attendees.exclude(rsvp_status=status).update(rsvp_status=status)


# ---------------------------------------------------------------------------------------------------
# Guest-list import: preview, confirm, undo


def guest_import_preview(*, event, data, file_name, user=None, language=None, encoding=None, delimiter=None):
    """Read and check a guest list and record what importing it would do; writes no guest.

    Returns the GuestImport, with status PREVIEWED when it can be confirmed or HAS_ERRORS.
    """
    language = language or event.default_language
    guest_import = GuestImport(event=event, file_name=file_name[:255], created_by=user, language=language)
    limit = settings.GUEST_IMPORT_MAX_BYTES
    if len(data) > limit:
        guest_import.errors = [
            error(
                None,
                "",
                "",
                _("The file is %(size)s MB; the limit is %(limit)s MB.")
                % {"size": round(len(data) / 1_000_000, 1), "limit": round(limit / 1_000_000, 1)},
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
        guest_import.status = GuestImport.Status.HAS_ERRORS
        guest_import.guests = guest_import.preview = []  # nothing will be written: keep only the report
    guest_import.save()
    return guest_import


class GuestImportStale(Exception):
    """The address book changed between preview and confirm; a new preview is needed."""


def guest_import_confirm(*, guest_import):
    """Write exactly what the preview showed, in one transaction, or nothing if the data changed since."""
    with transaction.atomic():
        guest_import = GuestImport.objects.select_for_update().select_related("event").get(pk=guest_import.pk)
        if not guest_import.can_confirm:
            raise ValidationError(
                _("This import is “%(status)s” and cannot be confirmed.")
                % {"status": guest_import.get_status_display()}
            )
        plan = plan_guest_list(
            event=guest_import.event, guests=guest_import.guests, language=guest_import.language
        )
        stale = bool(plan.errors) or plan.digest() != guest_import.digest
        if not stale:
            guest_import.changes = _guest_plan_apply(guest_import=guest_import, plan=plan)
            guest_import.status = GuestImport.Status.IMPORTED
            guest_import.imported_at = timezone.now()
            guest_import.save(update_fields=["changes", "status", "imported_at"])
            return guest_import
    # Recorded outside the rolled-back block above, so the import's page says what happened.
    GuestImport.objects.filter(pk=guest_import.pk).update(status=GuestImport.Status.STALE)
    raise GuestImportStale(
        _(
            "The guests or the address book changed since this preview, so it would no longer write "
            "what it showed. Nothing was imported: upload the file again for a new preview."
        )
    )


def _guest_plan_apply(*, guest_import, plan):
    """Write the plan with a handful of bulk queries; return what undo needs."""
    event, guests = guest_import.event, guest_import.guests
    fields = person_fields(guest_import.language)
    created_organizations = Organization.objects.bulk_create(
        [Organization(name=name) for name in plan.new_organizations]
    )
    organization_pks = {
        name_key(organization.name): organization.pk for organization in created_organizations
    }

    record = {
        "organizations": [organization.pk for organization in created_organizations],
        "people": {},
        "attendees": {},
        "person_changes": {},
        "attendee_changes": {},
    }
    new_people, new_attendee_entries = [], []
    person_updates, attendee_updates = defaultdict(list), defaultdict(list)
    for entry in plan.entries:
        values = guests[entry["guest"]]["values"]
        organization_pk = entry["organization"] or organization_pks.get(name_key(entry["new_organization"]))
        if entry["person"] is None:
            person = Person(organization_id=organization_pk, **_person_values(values, fields))
            new_people.append(person)
            entry = {**entry, "new_person": person}
        else:
            changed = {fields[key]: new for key, (_old, new) in entry["changes"].items() if key in fields}
            if "organization" in entry["changes"]:
                changed["organization_id"] = organization_pk
            if changed:
                person_updates[frozenset(changed)].append((entry["person"], changed))
        if entry["attendee"] is None:
            new_attendee_entries.append(entry)
        else:
            changed = {
                key: _attendee_value(key, new)
                for key, (_old, new) in entry["changes"].items()
                if key in ATTENDEE_COLUMNS
            }
            if changed:
                attendee_updates[frozenset(changed)].append((entry["attendee"], changed))

    for person in Person.objects.bulk_create(new_people, batch_size=500):
        record["people"][person.pk] = {
            name: stored(getattr(person, name)) for name in _person_record_fields(fields)
        }
    record["person_changes"] = _bulk_change(Person, person_updates)

    new_attendees = []
    for entry in new_attendee_entries:
        person_pk = entry["person"] if entry["person"] is not None else entry["new_person"].pk
        values = guests[entry["guest"]]["values"]
        attendee_values = {
            key: _attendee_value(key, values[key]) for key in ATTENDEE_COLUMNS if values.get(key)
        }
        new_attendees.append(Attendee(event=event, person_id=person_pk, **attendee_values))
    for attendee in Attendee.objects.bulk_create(new_attendees, batch_size=500):
        record["attendees"][attendee.pk] = {
            name: stored(getattr(attendee, name)) for name in ("person_id", *ATTENDEE_COLUMNS)
        }
    record["attendee_changes"] = _bulk_change(Attendee, attendee_updates)
    return record


def _person_values(values, fields):
    person_values = {model_field: values.get(key) or "" for key, model_field in fields.items()}
    person_values["email"] = values.get("email") or None
    return person_values


def _person_record_fields(fields):
    return (*fields.values(), "organization_id")


def _attendee_value(key, value):
    if key in ("arrival", "departure"):
        return datetime.datetime.fromisoformat(value) if value else None
    return value


def _bulk_change(model, updates):
    """Apply grouped updates ({fields: [(pk, {field: new})]}) and return {pk: {field: [old, new]}}.

    The old values are read just before writing, inside the same transaction.
    """
    changes = {}
    for field_names, rows in updates.items():
        pks = [pk for pk, _changed in rows]
        current = {row["pk"]: row for row in model.objects.filter(pk__in=pks).values("pk", *field_names)}
        objects = []
        for pk, changed in rows:
            objects.append(model(pk=pk, **changed))
            changes[pk] = {
                name: [stored(current[pk][name]), stored(value)] for name, value in changed.items()
            }
        model.objects.bulk_update(objects, list(field_names), batch_size=500)
    return changes


class GuestImportUndoRefused(ValidationError):
    pass


def guest_import_undo(*, guest_import):
    """Remove what an import created and restore what it changed, unless those records changed since.

    Raises GuestImportUndoRefused naming every record edited since; then nothing is changed.
    """
    with transaction.atomic():
        guest_import = GuestImport.objects.select_for_update().get(pk=guest_import.pk)
        if not guest_import.can_undo:
            raise ValidationError(
                _("This import is “%(status)s” and cannot be undone.")
                % {"status": guest_import.get_status_display()}
            )
        record = guest_import.changes
        conflicts = _undo_conflicts(record)
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

        Attendee.objects.filter(pk__in=[int(pk) for pk in record["attendees"]]).delete()
        Person.objects.filter(pk__in=[int(pk) for pk in record["people"]]).delete()
        # An organization the import created stays if someone else has come to use it.
        Organization.objects.filter(pk__in=record["organizations"], people__isnull=True).delete()
        _restore(Person, record["person_changes"])
        _restore(Attendee, record["attendee_changes"])
        guest_import.status = GuestImport.Status.UNDONE
        guest_import.undone_at = timezone.now()
        guest_import.save(update_fields=["status", "undone_at"])
    return guest_import


def _undo_conflicts(record):
    conflicts = []
    created_people = [int(pk) for pk in record["people"]]
    created_attendees = [int(pk) for pk in record["attendees"]]
    conflicts += _edited_since(Person, record["people"], lambda values: values)
    conflicts += _edited_since(Attendee, record["attendees"], lambda values: values)
    conflicts += _edited_since(
        Person, record["person_changes"], lambda changes: {name: new for name, (_old, new) in changes.items()}
    )
    conflicts += _edited_since(
        Attendee,
        record["attendee_changes"],
        lambda changes: {name: new for name, (_old, new) in changes.items()},
    )
    elsewhere = Attendee.objects.filter(person__in=created_people).exclude(pk__in=created_attendees)
    for attendee in elsewhere.select_related("person", "event"):
        conflicts.append(
            _("%(person)s now also attends %(event)s") % {"person": attendee.person, "event": attendee.event}
        )
    for model, label in (
        (Participation, _("takes part in the program")),
        (VisitParticipant, _("is on a facility visit")),
    ):
        for row in model.objects.filter(attendee__in=created_attendees).select_related("attendee__person"):
            conflicts.append(f"{row.attendee.person} {label}")
    presentations = AwardPresentation.objects.filter(
        recipient__in=created_attendees
    ) | AwardPresentation.objects.filter(presenter__in=created_attendees)
    for presentation in presentations.select_related("recipient__person"):
        conflicts.append(
            _("%(person)s has an award presentation") % {"person": presentation.recipient.person}
        )
    return conflicts


def _edited_since(model, written, expected_of):
    """Records whose current values differ from what the import wrote, as sentences."""
    conflicts = []
    pks = [int(pk) for pk in written]
    if not pks:
        return conflicts
    names = {name for values in written.values() for name in expected_of(values)}
    current = {row["pk"]: row for row in model.objects.filter(pk__in=pks).values("pk", *names)}
    labels = {}
    for pk, values in written.items():
        row = current.get(int(pk))
        if row is None:
            continue  # deleted since: nothing to remove or restore
        changed = [name for name, value in expected_of(values).items() if stored(row[name]) != value]
        if changed:
            labels[int(pk)] = changed
    if labels:
        objects = model.objects.in_bulk(list(labels))
        for pk, changed in labels.items():
            verbose = ", ".join(str(model._meta.get_field(name).verbose_name) for name in changed)
            conflicts.append(f"{objects[pk]} ({verbose})")
    return conflicts


def _restore(model, changes):
    groups = defaultdict(list)
    for pk, fields in changes.items():
        values = {name: _restored(model, name, old) for name, (old, _new) in fields.items()}
        groups[frozenset(values)].append(model(pk=int(pk), **values))
    for field_names, objects in groups.items():
        model.objects.bulk_update(objects, list(field_names), batch_size=500)


def _restored(model, name, value):
    field = model._meta.get_field(name)
    if value == "" and field.null:
        return None
    if isinstance(field, models.DateTimeField):
        return datetime.datetime.fromisoformat(value) if value else None
    return value
