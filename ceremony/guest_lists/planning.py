"""Match guests to the address book and work out exactly what an import would write.

Reads only, in a few queries whatever the length of the list: the keys matching needs are loaded
up front and compared in memory. The plan is plain data (JSON), so the preview can keep it and the
confirm can check that nothing changed since. Which fields are compared, and how, is the schema's
(columns.py): a blank cell never changes a stored value, and spacing alone is no change.
"""

import hashlib
import json
from dataclasses import dataclass, field
from datetime import datetime

from django.utils.translation import gettext as _

from ceremony.core.batches import chunks
from ceremony.models import Attendee, Person

from .cells import name_key
from .columns import ATTENDEE_COLUMNS, COLUMNS_BY_KEY, HEADERS, PERSON_COLUMNS
from .organizations import AmbiguousOrganization, OrganizationDirectory, organization_key
from .parsing import ErrorList, display_name, error
from .similar import SimilarPeople


@dataclass
class GuestListPlan:
    # One entry per guest that is new or changed:
    # {"guest": index in guests, "rows": [...], "status": "new"|"updated", "person": pk|None,
    #  "attendee": pk|None, "organization": pk|None, "new_organization": name|"",
    #  "changes": {column key: [old, new]}} (changes of existing records only, as the columns keep
    #  them: see Column.current and Column.planned);
    # a guest who matched nobody may also have "similar": [pk, ...], the people they may be although
    # the name is spelt otherwise, the likeliest first (similar.py). None of them is matched by
    # another guest.
    entries: list = field(default_factory=list)
    # Stored values the file would replace, not accepted (see plan_guest_list's `overwrite`):
    # [{"guest", "rows", "person", "changes": {column key: [old, new]}}]; nothing of them is written
    proposals: list = field(default_factory=list)
    errors: ErrorList = field(default_factory=ErrorList)
    new_organizations: list = field(default_factory=list)
    new_count: int = 0
    updated_count: int = 0
    unchanged_count: int = 0

    def digest(self):
        """What the import will write, summed up: the confirm writes only if it is still the same.

        People who may be the same as a guest are advice, not writing (the guest is imported as
        someone new all the same): someone editing a similar name meanwhile must not turn the
        confirm down.
        """
        written = [
            {key: value for key, value in entry.items() if key != "similar"} if "similar" in entry else entry
            for entry in self.entries
        ]
        payload = json.dumps(
            [written, self.new_organizations, self.unchanged_count], sort_keys=True, ensure_ascii=False
        )
        return hashlib.sha256(payload.encode()).hexdigest()


def plan_guest_list(*, event, guests, language, overwrite=None, same_as=None, similar=True):
    """What importing `guests` (parsed rows) into `event` would create and change, and what it cannot.

    `language` is the language of the list's titles (positions, forms of address). A file's value
    fills a blank of a stored record, but replaces a stored value only where `overwrite` accepts it
    (True: everywhere; or {"columns": [keys], "fields": {row: [keys]}}); the others are proposals,
    kept in `plan.proposals` and not written. `same_as` ({a guest's first row: person pk, or 0 for
    someone new}) is the organizer's word on who a guest is, over the address book's matching.
    `similar` False leaves out the search for people a guest may be (the confirm needs none).
    """
    plan = GuestListPlan()
    organizations = OrganizationDirectory.load()
    matches = _AddressBook().match(guests, organizations, plan)
    decided = _decided(guests, matches, same_as or {}, plan)
    matched = {pk for pk in matches if pk}
    people = _people(matched, language)
    attendees = _attendees_of(event, matched, language)
    new_organizations = {}  # organization key → the name as the list first wrote it
    claimed = {}  # person pk → the row that matched them first
    similar_people = None  # read once a guest matches nobody

    for index, (guest, person_pk) in enumerate(zip(guests, matches, strict=True)):
        if person_pk is False:
            continue  # an error was recorded while matching
        values = guest["values"]
        if person_pk is not None:
            if person_pk in claimed:
                plan.errors.append(_matched_twice(guest, claimed[person_pk]))
                continue
            claimed[person_pk] = guest["rows"][0]
        try:
            organization_pk, new_organization = _organization_of(values, organizations, new_organizations)
        except AmbiguousOrganization as ambiguous:
            row, name = guest["rows"][0], display_name(values)
            plan.errors.append(error(row, HEADERS["organization"], ambiguous.name, ambiguous.message, name))
            continue

        changes, proposals = {}, {}
        accepts = _accepts(overwrite, guest["rows"][0])
        if person_pk is not None:
            _changes(PERSON_COLUMNS, people[person_pk], values, language, accepts, changes, proposals)
        attendee = attendees.get(person_pk) if person_pk is not None else None
        if attendee is not None:
            _changes(ATTENDEE_COLUMNS, attendee, values, language, accepts, changes, proposals)
            if _departs_before_arriving(attendee, changes, language):
                plan.errors.append(_departure_error(guest))
                continue

        if proposals:
            plan.proposals.append(
                {"guest": index, "rows": guest["rows"], "person": person_pk, "changes": proposals}
            )
        if person_pk is None or attendee is None:
            status = "new"
            plan.new_count += 1
        elif changes:
            status = "updated"
            plan.updated_count += 1
        else:
            plan.unchanged_count += 1
            continue
        plan.entries.append(
            {
                "guest": index,
                "rows": guest["rows"],
                "status": status,
                "person": person_pk,
                "attendee": attendee["pk"] if attendee else None,
                "organization": organization_pk,
                "new_organization": new_organization,
                "changes": changes,
            }
        )
        if person_pk is None and similar and index not in decided:
            if similar_people is None:
                similar_people = SimilarPeople()
            if similar := similar_people.candidates(values, exclude=matched):
                plan.entries[-1]["similar"] = similar
    plan.new_organizations = sorted(new_organizations.values())
    return plan


def _changes(columns, record, values, language, accepts, changes, proposals):
    """Add to `changes` ({column key: [old, new]}) each of `columns` whose file value changes the
    stored `record` and may (it fills a blank, or `accepts(key)`), and to `proposals` the others.

    A blank cell changes nothing: a list never erases what the address book knows.
    """
    for column in columns:
        value = values.get(column.key)
        if value in ("", None):
            continue
        old, new = column.current(record, language), column.planned(value)
        if column.differs(old, new):
            (changes if old in ("", None) or accepts(column.key) else proposals)[column.key] = [old, new]


def _accepts(overwrite, row):
    """Whether the file's value may replace a stored one, column by column, for the guest of `row`."""
    if overwrite is True:
        return lambda key: True
    overwrite = overwrite or {}
    columns = set(overwrite.get("columns", ()))
    fields = set(overwrite.get("fields", {}).get(str(row), ()))
    return lambda key: key in columns or key in fields


def _decided(guests, matches, same_as, plan):
    """Apply the organizer's word on who guests are (`same_as`) to `matches`; returns the indexes of
    the guests decided. A person chosen who has left the address book meanwhile is an error."""
    decided = set()
    chosen = {int(pk) for pk in same_as.values() if pk}
    existing = set(Person.objects.filter(pk__in=chosen).values_list("pk", flat=True)) if chosen else set()
    for index, guest in enumerate(guests):
        row = guest["rows"][0]
        pk = same_as.get(str(row), same_as.get(row))
        if pk is None or matches[index] is False:
            continue
        decided.add(index)
        if pk and int(pk) not in existing:
            plan.errors.append(
                error(
                    row,
                    "",
                    display_name(guest["values"]),
                    _("was said to be person #%(pk)s, who is no longer in the address book") % {"pk": pk},
                    display_name(guest["values"]),
                )
            )
            matches[index] = False
        else:
            matches[index] = int(pk) or None
    return decided


def _departs_before_arriving(attendee, changes, language):
    """Whether the attendee, as the import would leave them, leaves before arriving (the database refuses)."""

    def after_import(key):
        if key in changes:
            return changes[key][1]
        return COLUMNS_BY_KEY[key].current(attendee, language)

    arrival, departure = after_import("arrival"), after_import("departure")
    return bool(
        arrival and departure and datetime.fromisoformat(departure) <= datetime.fromisoformat(arrival)
    )


def _departure_error(guest):
    return error(
        guest["rows"][0],
        HEADERS["departure"],
        guest["values"].get("departure") or "",
        _("is not after the arrival already recorded"),
        display_name(guest["values"]),
    )


def _organization_of(values, organizations, new_organizations):
    """(pk of the known organization the guest names, or None; name of a new one to create, or "").

    Two spellings of one new organization («АО «Байтерек»», "Байтерек") make one. Raises
    AmbiguousOrganization for a name that several known organizations share.
    """
    name = values.get("organization", "")
    if not name:
        return None, ""
    pk = organizations.find(name)
    if pk is not None:
        return pk, ""
    return None, new_organizations.setdefault(organization_key(name), name)


def _matched_twice(guest, first_row):
    values = guest["values"]
    return error(
        guest["rows"][0],
        "",
        values["family_name"],
        _("is the same person as row %(row)d (the address book has one %(name)s)")
        % {"row": first_row, "name": display_name(values)},
        display_name(values),
    )


class _AddressBook:
    """The keys people are matched on, loaded in one query: emails, and full names with organization."""

    def __init__(self):
        self.by_email = {}
        self.by_name = {}
        self.by_full_name = {}
        self.without_email = set()
        rows = Person.objects.values_list(
            "pk", "email", "family_name", "given_name", "patronymic", "organization_id"
        )
        for pk, email, family_name, given_name, patronymic, organization_id in rows.iterator(chunk_size=5000):
            if email:
                self.by_email[email.lower()] = pk
            else:
                self.without_email.add(pk)
            full_name = name_key(family_name, given_name, patronymic)
            self.by_name.setdefault((full_name, organization_id), []).append(pk)
            self.by_full_name.setdefault(full_name, []).append(pk)

    def match(self, guests, organizations, plan):
        """For each guest: the pk of the person they are, None for someone new, False for an error."""
        matches = []
        for guest in guests:
            values = guest["values"]
            email = values.get("email")
            organization_name = values.get("organization", "")
            organization_pk = organizations.get(organization_name)
            full_name = name_key(values["family_name"], values["given_name"], values.get("patronymic"))
            if not organization_name:
                # A list without organizations: the name alone, when only one person bears it.
                namesakes = self.by_full_name.get(full_name, [])
            elif organization_pk is None:
                namesakes = []  # an organization we do not know yet: nobody there to match
            else:
                namesakes = self.by_name.get((full_name, organization_pk), [])
            if email:
                pk = self.by_email.get(email)
                if pk is None:
                    # Someone stored without an address, now given one; a namesake with another
                    # address is someone else.
                    unaddressed = [pk for pk in namesakes if pk in self.without_email]
                    pk = unaddressed[0] if len(unaddressed) == 1 else None
                matches.append(pk)
            elif len(namesakes) > 1:
                plan.errors.append(
                    error(
                        guest["rows"][0],
                        HEADERS["family_name"],
                        display_name(values),
                        _(
                            "matches %(count)d people in the address book; add an email or an "
                            "organization to say which one"
                        )
                        % {"count": len(namesakes)},
                        display_name(values),
                    )
                )
                matches.append(False)
            else:
                matches.append(namesakes[0] if namesakes else None)
        return matches


def _read_fields(columns, language):
    return list(dict.fromkeys(name for column in columns for name in column.read_fields(language)))


def _people(pks, language):
    """{pk: what the person columns compare} for the people matched, a chunk of pks at a time."""
    names = ["pk", *_read_fields(PERSON_COLUMNS, language)]
    people = {}
    for chunk in chunks(sorted(pks)):
        for row in Person.objects.filter(pk__in=chunk).values(*names):
            people[row["pk"]] = row
    return people


def _attendees_of(event, person_pks, language):
    """{person pk: what the attendee columns compare} for the event's attendees among `person_pks`."""
    if not person_pks:
        return {}
    names = ["pk", "person_id", *_read_fields(ATTENDEE_COLUMNS, language)]
    rows = Attendee.objects.filter(event=event).values(*names)
    return {row["person_id"]: row for row in rows.iterator(chunk_size=5000) if row["person_id"] in person_pks}
