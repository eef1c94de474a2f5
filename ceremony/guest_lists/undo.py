"""Undoing an import: what changed since it was written, and restoring the values it replaced.

The records the import created are built again from its kept rows (writing.new_person and
new_attendee) and compared with what is stored now; each field the undo journal names is restored
through the column that writes it (Column.restored).

Everything is done a chunk of records at a time with a few queries each, whatever the length of the
list: deleting 50,000 records one signal (and history INSERT) at a time took two minutes.
"""

import datetime
from collections import defaultdict

from django.db import models
from django.utils.translation import gettext as _
from simple_history.utils import bulk_update_with_history

from awards.models import AwardPresentation
from ceremony.core.batches import chunks
from ceremony.core.history import records_delete
from ceremony.core.locking import Versioned, versions_bump
from ceremony.models import (
    Attendee,
    Delegation,
    FacilityVisit,
    Organization,
    Participation,
    Person,
    ProgramItem,
    SeatAssignment,
    VisitParticipant,
)

from .columns import COLUMNS_BY_ATTNAME, stored
from .writing import new_attendee, new_person


def undo_conflicts(guest_import, journal):
    """Every record the import wrote that someone changed or used since, as sentences."""
    guests, language = guest_import.guests, guest_import.language
    # What the import wrote is made again from the kept rows, every column of it, so that any later
    # edit shows up, not only one to the columns the file had.
    created_people = {
        pk: _all_values(new_person(guests[index]["values"], language, organization_pk))
        for index, pk, organization_pk in journal["people"]
    }
    created_attendees = {
        pk: _all_values(
            new_attendee(
                guests[index]["values"], language, event_id=guest_import.event_id, person_pk=person_pk
            )
        )
        for index, pk, person_pk in journal["attendees"]
    }

    def new_values(changes):
        return {
            int(pk): {name: new for name, (_old, new) in fields.items()} for pk, fields in changes.items()
        }

    conflicts = _edited_since(Person, created_people)
    conflicts += _edited_since(Attendee, created_attendees)
    conflicts += _edited_since(Person, new_values(journal["person_changes"]))
    conflicts += _edited_since(Attendee, new_values(journal["attendee_changes"]))
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


def journal_undo(journal, *, user, reason, step=None):
    """Remove what the journal says the import created and put back what it changed, in bulk.

    Call after undo_conflicts found nothing: then no record points at what is deleted but the seats
    of the guests removed, which go with them. `step(done, total)` is called after each chunk.
    """
    attendees = [pk for _index, pk, _person in journal["attendees"]]
    people = [pk for _index, pk, _organization in journal["people"]]
    restored = len(journal["person_changes"]) + len(journal["attendee_changes"])
    total, done = len(attendees) + len(people) + restored, 0
    step = step or (lambda done, total: None)
    for pks in chunks(attendees):
        SeatAssignment.objects.filter(attendee__in=pks).delete()
    for model, pks in ((Attendee, attendees), (Person, people)):
        for chunk in chunks(pks, size=5000):
            records_delete(model, chunk, user=user, reason=reason)
            done += len(chunk)
            step(done, total)
    history = {"default_user": user, "default_change_reason": reason}
    for model, changes in ((Person, journal["person_changes"]), (Attendee, journal["attendee_changes"])):
        journal_restore(model, changes, history)
        done += len(changes)
        step(done, total)
    # An organization the import created stays if someone else has come to use it.
    for pks in chunks(journal["organizations"]):
        Organization.objects.filter(pk__in=pks, people__isnull=True, delegations__isnull=True).delete()


def journal_restore(model, changes, history):
    """Put back the old values the journal kept ({pk: {field: [old, new]}}), as the columns write them."""
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
    """A kept old value as the model field takes it again, through the column that writes the field."""
    column = COLUMNS_BY_ATTNAME.get((model, name))
    if column is not None:
        return column.restored(name, value)
    # A field no column writes any more (an import made before a column left the schema).
    field = model._meta.get_field(name)
    if value == "" and field.null:
        return None
    if isinstance(field, models.DateTimeField):
        return datetime.datetime.fromisoformat(value) if value else None
    return value
