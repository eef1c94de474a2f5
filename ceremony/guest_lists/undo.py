"""Undoing an import: what changed since it was written, and restoring the values it replaced.

The records the import created are built again from its kept rows (writing.new_person and
new_attendee) and compared with what is stored now; each field the undo journal names is restored
through the column that writes it (Column.restored).

Everything is done a chunk of records at a time with a few queries each, whatever the length of the
list: deleting 50,000 records one signal (and history INSERT) at a time took two minutes.
"""

import datetime
from collections import defaultdict

from django.db import connection, models
from django.utils.translation import gettext as _

from awards.models import AwardPresentation
from ceremony.core.batches import chunks
from ceremony.core.history import record_bulk_changed, records_delete
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
    TableAssignment,
    VisitParticipant,
)
from ceremony.services.merging import records_merged_into

from .columns import COLUMNS_BY_ATTNAME, stored
from .writing import new_attendee, new_person


def undo_conflicts(guest_import, journal):
    """Every record the import wrote that someone changed or used since, as sentences."""
    guests, language = guest_import.guests, guest_import.language
    # Every column of what the import created is compared, so that any later edit shows up, not only
    # one to the columns the file had: with the record's creation in its history (the import copied
    # it there, core.history), or, for a record without one, with the record made again from the
    # kept rows. Building 100,000 records again to compare took most of an undo's time.
    people = {pk: (index, organization_pk) for index, pk, organization_pk in journal["people"]}
    attendees = {pk: (index, person_pk) for index, pk, person_pk in journal["attendees"]}
    people_changed, people_unknown = _changed_since_created(Person, people)
    attendees_changed, attendees_unknown = _changed_since_created(Attendee, attendees)
    created_people = {
        pk: _all_values(new_person(guests[people[pk][0]]["values"], language, people[pk][1]))
        for pk in people_unknown
    }
    created_attendees = {
        pk: _all_values(
            new_attendee(
                guests[attendees[pk][0]]["values"],
                language,
                event_id=guest_import.event_id,
                person_pk=attendees[pk][1],
            )
        )
        for pk in attendees_unknown
    }

    def new_values(changes):
        return {
            int(pk): {name: new for name, (_old, new) in fields.items()} for pk, fields in changes.items()
        }

    conflicts = _sentences(Person, people_changed) + _sentences(Attendee, attendees_changed)
    conflicts += _edited_since(Person, created_people)
    conflicts += _edited_since(Attendee, created_attendees)
    conflicts += _edited_since(Person, new_values(journal["person_changes"]))
    conflicts += _edited_since(Attendee, new_values(journal["attendee_changes"]))
    # A person the import created who has taken a duplicate in since would be deleted with it. (One
    # merged away is gone already, and the attendees that moved from it show up above as changed.)
    merged_into = sorted(records_merged_into(Person, people))
    for pks in chunks(merged_into):
        for person in Person.objects.filter(pk__in=pks):
            conflicts.append(_("%(person)s has taken in a duplicate by a merge") % {"person": person})
    for pks in chunks(people):
        rows = Attendee._base_manager.filter(person__in=pks).values_list("pk", flat=True)
        elsewhere = [pk for pk in rows if pk not in attendees]
        for attendee in Attendee.objects.filter(pk__in=elsewhere).select_related("person", "event"):
            conflicts.append(
                _("%(person)s now also attends %(event)s")
                % {"person": attendee.person, "event": attendee.event}
            )
    # Records that have come to point at an imported attendee would lose that link. (The base managers
    # skip modeltranslation's rewriting of every lookup, which cost seconds over 50,000 ids.)
    uses = (
        (Participation._base_manager, "attendee", _("takes part in the program")),
        (VisitParticipant._base_manager, "attendee", _("is on a facility visit")),
        (AwardPresentation._base_manager, "recipient", _("receives an award")),
        (AwardPresentation._base_manager, "presenter", _("presents an award")),
        (Delegation._base_manager, "head", _("heads a delegation")),
        (Delegation._base_manager, "escort_officer", _("escorts a delegation")),
        (ProgramItem._base_manager, "responsible", _("is responsible for a program item")),
        (FacilityVisit._base_manager, "escort", _("escorts a facility visit")),
        (Attendee._base_manager, "escort_officer", _("escorts another attendee")),
    )
    for pks in chunks(attendees):
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


def _changed_since_created(model, pks):
    """({pk: [fields changed]}, [pks whose creation the history lacks]) of records the import created.

    The database compares each record with its creation in history and names only those that differ:
    reading both whole, 100,000 rows of every field, cost seconds.
    """
    names = [
        field.attname
        for field in model._meta.concrete_fields
        if not field.primary_key and field.name != "version"  # see _all_values
    ]
    historical = model.history.model
    quote = connection.ops.quote_name
    differs = "IS NOT" if connection.vendor == "sqlite" else "IS DISTINCT FROM"  # NULL-safe on both
    columns = [model._meta.get_field(name).column for name in names]
    where = " OR ".join(f"m.{quote(column)} {differs} h.{quote(column)}" for column in columns)
    pk_column = quote(model._meta.pk.column)
    changed_pks, unknown = [], []
    with connection.cursor() as cursor:
        for chunk in chunks(pks):
            known = set(
                historical._base_manager.filter(id__in=chunk, history_type="+").values_list("id", flat=True)
            )
            unknown += [pk for pk in chunk if pk not in known]
            cursor.execute(
                f"SELECT m.{pk_column} FROM {quote(model._meta.db_table)} m "  # noqa: S608 (names from the models)
                f"JOIN {quote(historical._meta.db_table)} h ON h.{pk_column} = m.{pk_column} "
                f"AND h.history_type = '+' "
                f"WHERE m.{pk_column} IN ({', '.join(['%s'] * len(chunk))}) AND ({where})",
                chunk,
            )
            changed_pks += [row[0] for row in cursor.fetchall()]
    changed = {}
    for chunk in chunks(changed_pks):
        created = historical._base_manager.filter(id__in=chunk, history_type="+").values("id", *names)
        then = {row.pop("id"): row for row in created}
        for row in model._base_manager.filter(pk__in=chunk).values("pk", *names):
            pk = row.pop("pk")
            fields = [name for name in names if row[name] != then[pk][name]]
            if fields:
                changed[pk] = fields
    return changed, unknown


def _edited_since(model, expected):
    """Records ({pk: {field: value as written}}) whose current values differ, as sentences."""
    changed_fields = {}
    names = {name for values in expected.values() for name in values}
    for pks in chunks(expected):
        for row in model._base_manager.filter(pk__in=pks).values("pk", *names):
            changed = [name for name, value in expected[row["pk"]].items() if stored(row[name]) != value]
            if changed:
                changed_fields[row["pk"]] = changed
    # Records deleted since are not listed: there is nothing left to remove or restore.
    return _sentences(model, changed_fields)


def _sentences(model, changed_fields):
    """«Новиков Игорь (phone)» for each record ({pk: [fields changed]})."""
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
    (in a hall, at a table) of the guests removed, which go with them. `step(done, total)` is called
    after each chunk.
    """
    attendees = [pk for _index, pk, _person in journal["attendees"]]
    people = [pk for _index, pk, _organization in journal["people"]]
    restored = len(journal["person_changes"]) + len(journal["attendee_changes"])
    total, done = len(attendees) + len(people) + restored, 0
    step = step or (lambda done, total: None)
    for pks in chunks(attendees):
        SeatAssignment.objects.filter(attendee__in=pks).delete()
        TableAssignment.objects.filter(attendee__in=pks).delete()
    for model, pks in ((Attendee, attendees), (Person, people)):
        for chunk in chunks(pks, size=5000):
            records_delete(model, chunk, user=user, reason=reason)
            done += len(chunk)
            step(done, total)
    for model, changes in ((Person, journal["person_changes"]), (Attendee, journal["attendee_changes"])):
        journal_restore(model, changes, user=user, reason=reason)
        done += len(changes)
        step(done, total)
    # An organization the import created stays if someone else has come to use it, or if it has taken
    # a duplicate in by a merge (which lives on in it).
    kept = records_merged_into(Organization, journal["organizations"])
    for pks in chunks(journal["organizations"]):
        unused = Organization.objects.filter(pk__in=pks, people__isnull=True, delegations__isnull=True)
        unused.exclude(pk__in=kept).delete()


def journal_restore(model, changes, *, user=None, reason=""):
    """Put back the old values the journal kept ({pk: {field: [old, new]}}), as the columns write them,
    with a history row ("changed") for each record."""
    groups = defaultdict(dict)
    for pk, fields in changes.items():
        groups[frozenset(fields)][int(pk)] = {
            name: _restored(model, name, old) for name, (old, _new) in fields.items()
        }
    for field_names, values_by_pk in groups.items():
        for pks in chunks(values_by_pk):
            if issubclass(model, Versioned):
                versions_bump(model, pks)
            # Records given back the same values (a position, a category) take one UPDATE together;
            # bulk_update's CASE per record cost most of an undo of 50,000 changed guests.
            alike, single = defaultdict(list), []
            for pk in pks:
                try:
                    alike[tuple(sorted(values_by_pk[pk].items()))].append(pk)
                except TypeError:  # a value that cannot be a key (none of today's columns has one)
                    single.append(pk)
            for values, same in alike.items():
                if len(same) > 1:
                    model._base_manager.filter(pk__in=same).update(**dict(values))
                else:
                    single += same
            objects = []
            for pk, obj in model._base_manager.in_bulk(single).items():
                for name, value in values_by_pk[pk].items():
                    setattr(obj, name, value)
                objects.append(obj)
            model._base_manager.bulk_update(objects, list(field_names), batch_size=500)
            # Copied by the database once written, as an import's own history rows are.
            record_bulk_changed(model, pks, user=user, reason=reason)


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
