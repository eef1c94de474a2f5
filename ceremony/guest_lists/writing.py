"""Writing a checked import plan: bulk queries, a chunk at a time, and the undo journal of what changed."""

import datetime
from collections import defaultdict

from django.conf import settings
from django.utils.translation import gettext as _
from simple_history.utils import bulk_update_with_history

from ceremony.core.batches import chunks
from ceremony.core.history import record_bulk_created
from ceremony.core.locking import Versioned, versions_bump
from ceremony.models import (
    Attendee,
    Organization,
    Person,
)

from .cells import name_key
from .columns import ATTENDEE_COLUMNS
from .planning import person_fields, stored

TRANSLATION_SUFFIXES = ("", *(f"_{code}" for code, _name in settings.LANGUAGES))
WRITE_CHUNK = 2000  # rows built in memory at a time; 50,000 model instances at once would be ~150 MB


def plan_write(*, guest_import, plan, user=None):
    """Write the plan with bulk queries, a chunk at a time; return what undo needs.

    The journal names what was created by guest (index into guests) and pk, and keeps the old and new
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
    journal = {
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
                journal["people"].append([entry["guest"], person.pk, person.organization_id])
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
        journal["attendees"] += [[index, item.pk, item.person_id] for index, item in new_attendees]

    journal["person_changes"] = _bulk_change(Person, person_updates, history)
    journal["attendee_changes"] = _bulk_change(Attendee, attendee_updates, history)
    return journal


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
