"""Writing a checked import plan: bulk queries, a chunk at a time, and the undo journal of what changed.

What a record gets from a guest is the schema's (columns.py): `new_person` and `new_attendee` build
the records an import creates (undo builds them again, to see whether they were edited since), and
each changed column names the field it writes and the value the model takes.
"""

import functools
from collections import defaultdict

from django.utils.translation import gettext as _
from simple_history.utils import bulk_update_with_history

from ceremony.core.batches import chunks, collection_paused
from ceremony.core.history import record_bulk_created, source_attrs, written_by
from ceremony.core.locking import Versioned, versions_bump
from ceremony.models import Attendee, Organization, Person

from .columns import (
    ATTENDEE,
    ATTENDEE_COLUMNS,
    COLUMNS_BY_KEY,
    NEW_ORGANIZATION_COLUMNS,
    ORGANIZATION,
    PERSON,
    PERSON_COLUMNS,
    stored,
)
from .organizations import new_organization, organization_key

WRITE_CHUNK = 2000  # rows built in memory at a time; 50,000 model instances at once would be ~150 MB


def plan_write(*, guest_import, plan, user=None, step=None):
    """Write the plan with bulk queries, a chunk at a time; return what undo needs (the undo journal).

    The journal names what was created by guest (index into guests) and pk, and keeps the old and new
    value of every field changed:
    {"organizations": [pk], "people": [[guest, pk, organization pk]],
     "attendees": [[guest, pk, person pk]], "person_changes": {pk: {field: [old, new]}},
     "attendee_changes": {pk: {field: [old, new]}}}

    `step(done, total)` is called after each chunk of guests written.
    """
    return _PlanWriter(guest_import, plan, user, step).write()


def new_person(values, language, organization_pk):
    """The person an import creates for a guest's values, in the organization the plan resolved; a
    Cyrillic name the list gives no Latin form of gets one by transliteration, marked as such."""
    person = _builder(Person, language).built(_record_values(values, organization_pk))
    person.latin_transliterate()
    return person


def new_attendee(values, language, *, event_id, person_pk):
    """The attendee an import creates for a guest's values; blank cells leave the model's defaults."""
    return _builder(Attendee, language).built(values, event_id=event_id, person_id=person_pk)


@functools.cache
def _builder(model, language):
    return _RecordBuilder(model, PERSON_COLUMNS if model is Person else ATTENDEE_COLUMNS, language)


class _RecordBuilder:
    """Builds the records of one model for a list in one language, every field given by position.

    `model(**fields)` would do, in more than twice the time: modeltranslation's constructor looks
    every keyword up among the translated fields, which was a third of writing 20,000 guests. By
    position, values go straight to Django's. What does not change from guest to guest is worked
    out once: each field's default (a field left out of the keywords gets the same), overlaid with
    what the columns give a blank cell (every translation of a title, so that none is looked up as
    a default).
    """

    def __init__(self, model, columns, language):
        fields = model._meta.concrete_fields
        self.model, self.language = model, language
        self.columns = columns
        self.position = {field.attname: index for index, field in enumerate(fields)}
        given = {}  # what the columns give a blank cell
        for column in columns:
            given |= column.new_record_fields("", language)
        self.template = [
            given[field.attname] if field.attname in given else field.get_default() for field in fields
        ]
        # A callable default (a new dict, a new code) is called again for each record.
        self.fresh = [
            (index, field)
            for index, field in enumerate(fields)
            if field.has_default() and callable(field.default) and field.attname not in given
        ]

    def built(self, values, **fields):
        args = self.template.copy()
        for index, field in self.fresh:
            args[index] = field.get_default()
        for column in self.columns:
            value = values.get(column.key)
            if value not in ("", None):
                fields |= column.new_record_fields(value, self.language)
        for attname, value in fields.items():
            args[self.position[attname]] = value
        return self.model(*args)


def _record_values(values, organization_pk):
    """A guest's values as records take them: the organization the list names, as its pk."""
    return values | {ORGANIZATION.key: organization_pk}


class _PlanWriter:
    """One import's writing: organizations first, then people and attendees a chunk at a time, then
    the changes to records already stored, grouped by the fields they change."""

    def __init__(self, guest_import, plan, user, step=None):
        self.step = step or (lambda done, total: None)
        self.event_id = guest_import.event_id
        self.guests = guest_import.guests
        self.language = guest_import.language
        self.plan = plan
        # Every record the import writes shows in its history as part of this one import.
        self.user = user or guest_import.created_by
        self.reason = _("Guest-list import #%(pk)s (%(file)s)") % {
            "pk": guest_import.pk,
            "file": guest_import.file_name,
        }
        self.source = f"guest_import:{guest_import.pk}"
        self.journal = {"organizations": [], "people": [], "attendees": []}
        self.created_organizations = {}  # name key → pk
        # Changes to stored records, by record and by the set of fields changed:
        # {PERSON|ATTENDEE: {fields: [(pk, {field: model value})]}}
        self.updates = {PERSON: defaultdict(list), ATTENDEE: defaultdict(list)}

    def write(self):
        with written_by(self.source), collection_paused():
            self._create_organizations()
            entries = self.plan.entries
            for start in range(0, len(entries), WRITE_CHUNK):
                self._write_chunk(entries[start : start + WRITE_CHUNK])
                self.step(min(start + WRITE_CHUNK, len(entries)), len(entries))
            history = {"default_user": self.user, "default_change_reason": self.reason}
            self.journal["person_changes"] = _apply_updates(Person, self.updates[PERSON], history)
            self.journal["attendee_changes"] = _apply_updates(Attendee, self.updates[ATTENDEE], history)
        return self.journal

    def _create_organizations(self):
        """The organizations the list names that the address book lacks, their names in the list's
        language, with the kind and country the list gives (the first guest who gives one)."""
        details = defaultdict(dict)
        for entry in self.plan.entries:
            if entry["new_organization"]:
                fields = details[organization_key(entry["new_organization"])]
                for column in NEW_ORGANIZATION_COLUMNS:
                    for name, value in column.organization_fields(self._values(entry)).items():
                        fields.setdefault(name, value)
        created = Organization.objects.bulk_create(
            [
                new_organization(name, self.language, **details[organization_key(name)])
                for name in self.plan.new_organizations
            ]
        )
        self._record_created(Organization, created)
        self.created_organizations = {
            organization_key(name): organization.pk
            for name, organization in zip(self.plan.new_organizations, created, strict=True)
        }
        self.journal["organizations"] = [organization.pk for organization in created]

    def _write_chunk(self, entries):
        person_pks = self._create_people(entries)
        self._create_attendees(entries, person_pks)
        for entry in entries:
            self._queue_changes(entry)

    def _create_people(self, entries):
        """Create the chunk's new people; return each entry's person pk, by guest index."""
        created = [
            (entry, new_person(self._values(entry), self.language, self._organization_pk(entry)))
            for entry in entries
            if entry["person"] is None
        ]
        Person.objects.bulk_create([person for _entry, person in created], batch_size=500)
        self._record_created(Person, [person for _entry, person in created])
        self.journal["people"] += [
            [entry["guest"], person.pk, person.organization_id] for entry, person in created
        ]
        person_pks = {entry["guest"]: entry["person"] for entry in entries}
        person_pks |= {entry["guest"]: person.pk for entry, person in created}
        return person_pks

    def _create_attendees(self, entries, person_pks):
        created = [
            (
                entry["guest"],
                new_attendee(
                    self._values(entry),
                    self.language,
                    event_id=self.event_id,
                    person_pk=person_pks[entry["guest"]],
                ),
            )
            for entry in entries
            if entry["attendee"] is None
        ]
        Attendee.objects.bulk_create([attendee for _guest, attendee in created], batch_size=500)
        self._record_created(Attendee, [attendee for _guest, attendee in created])
        self.journal["attendees"] += [[guest, attendee.pk, attendee.person_id] for guest, attendee in created]

    def _queue_changes(self, entry):
        """Queue what the entry changes in records already stored, by the fields each column writes."""
        if not entry["changes"]:
            return
        record_values = _record_values(self._values(entry), self._organization_pk(entry))
        changed = {PERSON: {}, ATTENDEE: {}}
        for key in entry["changes"]:
            column = COLUMNS_BY_KEY[key]
            changed[column.target][column.attname(self.language)] = column.model_value(record_values[key])
        for target, pk in ((PERSON, entry["person"]), (ATTENDEE, entry["attendee"])):
            if changed[target]:
                self.updates[target][frozenset(changed[target])].append((pk, changed[target]))

    def _values(self, entry):
        return self.guests[entry["guest"]]["values"]

    def _organization_pk(self, entry):
        return entry["organization"] or self.created_organizations.get(
            organization_key(entry["new_organization"])
        )

    def _record_created(self, model, records):
        record_bulk_created(model, [record.pk for record in records], user=self.user, reason=self.reason)


def _apply_updates(model, updates, history):
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
        bulk_update_with_history(
            objects,
            model,
            list(field_names),
            batch_size=500,
            custom_historical_attrs=source_attrs(),
            **history,
        )
    return changes
