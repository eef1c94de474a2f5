"""Match guests to the address book and work out exactly what an import would write.

Reads only, in a few queries whatever the length of the list: the keys matching needs are loaded
up front and compared in memory. The plan is plain data (JSON), so the preview can keep it and the
confirm can check that nothing changed since.
"""

import datetime
import hashlib
import json
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from ceremony.core.batches import chunks
from ceremony.models import Attendee, Organization, Person

from .cells import name_key
from .columns import ATTENDEE_COLUMNS, HEADERS
from .parsing import error


def person_field(key, language):
    """The model field a column writes: positions and forms of address go to the list's language."""
    return f"{key}_{language}" if key in ("honorific", "position") else key


def person_fields(language):
    keys = (
        "family_name",
        "given_name",
        "patronymic",
        "family_name_latin",
        "given_name_latin",
        "honorific",
        "position",
        "country",
        "email",
        "phone",
        "preferred_language",
    )
    return {key: person_field(key, language) for key in keys}


def stored(value):
    """A value as the plan keeps it: JSON, datetimes in UTC."""
    if isinstance(value, datetime.datetime):
        return value.astimezone(datetime.UTC).isoformat()
    if value is None:
        return ""
    return str(value) if not isinstance(value, int) else value


def from_file(key, value):
    if key in ("arrival", "departure") and value:
        return stored(datetime.datetime.fromisoformat(value))
    return value


def differs(old, new):
    """Whether a file's value changes a stored one; spacing alone is no change (the file's is trimmed)."""
    if isinstance(old, str) and isinstance(new, str):
        return old.split() != new.split()
    return old != new


@dataclass
class GuestListPlan:
    # One entry per guest that is new or changed:
    # {"guest": index in guests, "rows": [...], "status": "new"|"updated", "person": pk|None,
    #  "attendee": pk|None, "organization": pk|None, "new_organization": name|"",
    #  "changes": {column key: [old, new]}} (changes of existing records only)
    entries: list = field(default_factory=list)
    errors: list = field(default_factory=list)
    new_organizations: list = field(default_factory=list)
    new_count: int = 0
    updated_count: int = 0
    unchanged_count: int = 0

    def digest(self):
        payload = json.dumps(
            [self.entries, self.new_organizations, self.unchanged_count], sort_keys=True, ensure_ascii=False
        )
        return hashlib.sha256(payload.encode()).hexdigest()


def plan_guest_list(*, event, guests, language):
    plan = GuestListPlan()
    fields = person_fields(language)
    organizations = {name_key(name): pk for pk, name in Organization.objects.values_list("pk", "name")}
    people = _AddressBook(guests)
    matches = people.match(guests, organizations, plan)
    current_people = people.load(fields, {pk for pk in matches if pk is not None})
    attendees = _attendees_of(event, {pk for pk in matches if pk is not None})
    new_organizations = {}
    claimed = {}

    for index, (guest, person_pk) in enumerate(zip(guests, matches, strict=True)):
        if person_pk is False:
            continue  # an error was recorded while matching
        values = guest["values"]
        if person_pk is not None:
            if person_pk in claimed:
                plan.errors.append(
                    error(
                        guest["rows"][0],
                        "",
                        values["family_name"],
                        _("is the same person as row %(row)d (the address book has one %(name)s)")
                        % {"row": claimed[person_pk], "name": _display_name(values)},
                    )
                )
                continue
            claimed[person_pk] = guest["rows"][0]

        organization_name = values.get("organization", "")
        organization_pk = organizations.get(name_key(organization_name)) if organization_name else None
        new_organization = ""
        if organization_name and organization_pk is None:
            new_organization = new_organizations.setdefault(name_key(organization_name), organization_name)

        changes = {}
        attendee = attendees.get(person_pk) if person_pk is not None else None
        if person_pk is not None:
            current = current_people[person_pk]
            for key, model_field in fields.items():
                new = values.get(key, "")
                if new and differs(current[model_field], new):
                    changes[key] = [current[model_field], new]
            if organization_name and current["organization_id"] != organization_pk:
                changes["organization"] = [current["organization__name"] or "", organization_name]
        if attendee is not None:
            for key in ATTENDEE_COLUMNS:
                new = from_file(key, values.get(key) or "")
                old = stored(attendee[key])
                if new and differs(old, new):
                    changes[key] = [old, new]
            arrival = changes.get("arrival", [stored(attendee["arrival"])])[-1]
            departure = changes.get("departure", [stored(attendee["departure"])])[-1]
            if (
                arrival
                and departure
                and datetime.datetime.fromisoformat(departure) <= datetime.datetime.fromisoformat(arrival)
            ):
                plan.errors.append(
                    error(
                        guest["rows"][0],
                        HEADERS["departure"],
                        values.get("departure") or "",
                        _("is not after the arrival already recorded"),
                    )
                )
                continue

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
    plan.new_organizations = sorted(new_organizations.values())
    return plan


def _display_name(values):
    return " ".join(
        part for part in (values["family_name"], values["given_name"], values.get("patronymic")) if part
    )


class _AddressBook:
    """The keys people are matched on, loaded in one query: emails, and full names with organization."""

    def __init__(self, guests):
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
            organization_pk = organizations.get(name_key(organization_name))
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
                        _display_name(values),
                        _(
                            "matches %(count)d people in the address book; add an email or an "
                            "organization to say which one"
                        )
                        % {"count": len(namesakes)},
                    )
                )
                matches.append(False)
            else:
                matches.append(namesakes[0] if namesakes else None)
        return matches

    def load(self, fields, pks):
        columns = ["pk", "organization_id", "organization__name", *fields.values()]
        current = {}
        pks = sorted(pks)
        for chunk in chunks(pks):
            for row in Person.objects.filter(pk__in=chunk).values(*columns):
                current[row["pk"]] = {key: ("" if value is None else value) for key, value in row.items()}
        return current


def _attendees_of(event, person_pks):
    if not person_pks:
        return {}
    rows = Attendee.objects.filter(event=event).values("pk", "person_id", *ATTENDEE_COLUMNS)
    return {row["person_id"]: row for row in rows.iterator(chunk_size=5000) if row["person_id"] in person_pks}
