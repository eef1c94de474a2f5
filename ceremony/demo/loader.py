"""Write the Baikonur 70 demo program (the data of `ceremony.demo`) into the database.

Every record is found by a natural key (event slug, venue name, a person's email or full name, ...)
and written only when it is missing or differs from the data, so loading twice changes nothing.
"""

from django.conf import settings
from django.db import transaction

from awards.models import Award, AwardPresentation
from ceremony.core.history import written_by
from ceremony.enums import Gender
from ceremony.models import (
    Attendee,
    BanquetTable,
    Delegation,
    Event,
    FacilityVisit,
    InvitationText,
    Organization,
    Participation,
    Person,
    ProgramItem,
    Venue,
    VenueSection,
    VideoAddress,
    VisitParticipant,
)

from .awards import AWARDS, award_presentations
from .banquets import BANQUET_TABLES
from .event import EVENT, INVITATION_TEXTS, VENUES
from .guests import sample_guests
from .people import DELEGATIONS, ORGANIZATIONS, all_people
from .program import AT_THE_LECTERN, FACILITY_VISIT, PROGRAM, VIDEO_ADDRESSES, participations, visitors

LANGUAGES = [code for code, _name in settings.LANGUAGES]

# Besides these, a person's honorific and position are written in every language (`_titles`).
PERSON_FIELDS = (
    "family_name",
    "given_name",
    "patronymic",
    "family_name_latin",
    "given_name_latin",
    "country",
    "phone",
    "preferred_language",
    "service_years",
    "service_place",
    "biography",
)
ATTENDEE_FIELDS = ("category", "rsvp_status", "accessibility_needs", "dietary_needs", "notes")


class _Tally:
    """What a load did: rows it created, rows it changed, and rows already as the data says."""

    def __init__(self):
        self.created = self.updated = self.unchanged = 0
        self._new = set()

    def is_new(self, obj):
        return (type(obj), obj.pk) in self._new

    def add_new(self, obj):
        self.created += 1
        self._new.add((type(obj), obj.pk))

    def as_dict(self):
        return {"created": self.created, "updated": self.updated, "unchanged": self.unchanged}


def demo_program_load() -> dict[str, int]:
    """Load the 70th anniversary of Baikonur; return how many rows were created, updated, unchanged."""
    guests = sample_guests()
    people = all_people(guests)
    tally = _Tally()
    with transaction.atomic(), written_by("demo"):
        event = _load_event(tally)
        _load_invitation_texts(tally, event)
        venues = _load_venues(tally)
        _load_banquet_tables(tally, venues)
        organizations = _load_organizations(tally)
        delegations = _load_delegations(tally, event, organizations)
        attendees = _load_people(tally, event, people, organizations, delegations)
        _name_heads_of_delegations(tally, delegations, attendees)
        items = _load_program(tally, event, venues, attendees)
        _load_participations(tally, participations(guests), items, attendees)
        _load_video_addresses(tally, items)
        _load_baiterek_visit(tally, visitors(guests), items, venues, attendees)
        _load_awards(tally, award_presentations(guests), items, attendees)
    return tally.as_dict()


# The steps, in the order they run. Each writes one kind of row; the rows later steps refer to are
# returned by key.


def _load_event(tally):
    return _event(tally, EVENT)


def _load_invitation_texts(tally, event):
    for kind, languages in INVITATION_TEXTS.items():
        for language, (subject, body) in languages.items():
            _upsert(
                tally,
                InvitationText,
                {"event": event, "language": language, "kind": kind},
                {"subject": subject, "body": body},
            )


def _load_venues(tally):
    venues = {row["key"]: _venue(tally, row) for row in VENUES}
    for row in VENUES:
        for order, section in enumerate(row["sections"], start=1):
            _venue_section(tally, venues[row["key"]], order, section)
    return venues


def _load_organizations(tally):
    return {row["key"]: _organization(tally, row) for row in ORGANIZATIONS}


def _load_delegations(tally, event, organizations):
    return {row["key"]: _delegation(tally, event, row, organizations) for row in DELEGATIONS}


def _load_people(tally, event, people, organizations, delegations):
    """Each person and their attendance, in order: an escort officer is written before their principal."""
    attendees = {}
    for row in people:
        person = _person(tally, row, organizations)
        attendees[row["key"]] = _attendee(tally, event, person, row, delegations, attendees)
    return attendees


def _name_heads_of_delegations(tally, delegations, attendees):
    # A head is a member of the delegation, so the two can only be tied once both exist.
    for row in DELEGATIONS:
        _link(
            tally,
            delegations[row["key"]],
            head=attendees[row["head"]],
            escort_officer=attendees[row["escort_officer"]],
        )


def _load_program(tally, event, venues, attendees):
    return {row["key"]: _program_item(tally, event, row, venues, attendees) for row in PROGRAM}


def _load_participations(tally, rows, items, attendees):
    for item_key, person_key, role, order in rows:
        seated = (item_key, person_key) not in AT_THE_LECTERN
        _participation(tally, items[item_key], attendees[person_key], role, order, seated)


def _load_video_addresses(tally, items):
    for row in VIDEO_ADDRESSES:
        _video_address(tally, items[row["program_item"]], row)


def _load_baiterek_visit(tally, visitor_rows, items, venues, attendees):
    visit = _facility_visit(tally, FACILITY_VISIT, items, venues, attendees)
    for person_key, *clearance in visitor_rows:
        _visitor(tally, visit, attendees[person_key], *clearance)


def _load_awards(tally, presentation_rows, items, attendees):
    awards = {row["key"]: _award(tally, row) for row in AWARDS}
    for row in presentation_rows:
        _presentation(tally, row, items, awards, attendees)


# Writing one row --------------------------------------------------------------------------------


def _translated(field, texts):
    """{"en": ..., "ru": ..., "kk": ...} as the columns django-modeltranslation adds: title_en, ..."""
    return {f"{field}_{language}": texts[language] for language in LANGUAGES}


def _differs(obj, name, value):
    field = obj._meta.get_field(name)
    if field.is_relation:
        # Compare ids, so that checking a reference does not fetch the referenced row.
        return getattr(obj, field.attname) != (value.pk if value is not None else None)
    return getattr(obj, name) != value


def _upsert(tally, model, lookup, values):
    """The row matching `lookup`, created or brought in line with `values`."""
    try:
        obj = model._default_manager.get(**lookup)
    except model.DoesNotExist:
        obj = model(**lookup, **values)
        obj.full_clean()
        obj.save()
        tally.add_new(obj)
        return obj
    if _set(obj, values):
        tally.updated += 1
    else:
        tally.unchanged += 1
    return obj


def _link(tally, obj, **values):
    """Set references that could not be given when `obj` was written; count a change only once."""
    if _set(obj, values) and not tally.is_new(obj):
        tally.updated += 1


def _set(obj, values):
    changed = [name for name, value in values.items() if _differs(obj, name, value)]
    if changed:
        for name in changed:
            setattr(obj, name, values[name])
        obj.full_clean()
        obj.save()
    return bool(changed)


def _event(tally, row):
    values = {key: row[key] for key in ("start_date", "end_date", "time_zone", "default_language")}
    for field in ("name", "city", "description", "rsvp_contact"):
        values |= _translated(field, row[field])
    return _upsert(tally, Event, {"slug": row["slug"]}, values)


def _venue(tally, row):
    values = {key: row[key] for key in ("kind", "seated_capacity", "restricted", "notes")}
    values |= {"name_ru": row["name"]["ru"], "name_kk": row["name"]["kk"]}
    values |= _translated("address", row["address"])
    return _upsert(tally, Venue, {"name_en": row["name"]["en"]}, values)


def _venue_section(tally, venue, order, row):
    values = {
        key: row[key]
        for key in (
            "rows",
            "seats_per_row",
            "row_labels",
            "seat_numbering",
            "blocked_seats",
            "reserved_seats",
        )
    }
    values |= {"order": order, "name_ru": row["name"]["ru"], "name_kk": row["name"]["kk"]}
    return _upsert(tally, VenueSection, {"venue": venue, "name_en": row["name"]["en"]}, values)


def _organization(tally, row):
    values = {key: row[key] for key in ("kind", "country")}
    values |= {
        "name_ru": row["name"]["ru"],
        "name_kk": row["name"]["kk"],
        "aliases": "\n".join(row["aliases"]),
    }
    values |= _translated("short_name", row["short_name"])
    return _upsert(tally, Organization, {"name_en": row["name"]["en"]}, values)


def _delegation(tally, event, row, organizations):
    values = {
        "country": row["country"],
        "organization": organizations[row["organization"]],
        "precedence_rank": row["precedence_rank"],
        "notes": row["notes"],
        "name_ru": row["name"]["ru"],
        "name_kk": row["name"]["kk"],
    }
    values |= _translated("short_name", row["short_name"])
    return _upsert(tally, Delegation, {"event": event, "name_en": row["name"]["en"]}, values)


# The demo's people are Kazakh and Russian: a patronymic says their gender, for «Ведущая» on paper.
FEMALE_PATRONYMIC = ("қызы", "кызы", "овна", "евна", "ична")
MALE_PATRONYMIC = ("ұлы", "улы", "ович", "евич", "ич")


def _gender(row):
    patronymic = row.get("patronymic", "").lower()
    if patronymic.endswith(FEMALE_PATRONYMIC):
        return Gender.FEMALE
    return Gender.MALE if patronymic.endswith(MALE_PATRONYMIC) else ""


def _person(tally, row, organizations):
    values = {field: row.get(field, "") for field in PERSON_FIELDS} | _titles(row)
    values["gender"] = row.get("gender") or _gender(row)
    values["organization"] = organizations[row["organization"]] if row.get("organization") else None
    email = row.get("email")
    if email:
        return _upsert(tally, Person, {"email": email}, values)
    # Only people without an address are matched by name: a namesake with an email is someone else.
    names = {field: values.pop(field) for field in ("family_name", "given_name", "patronymic")}
    return _upsert(tally, Person, names | {"email": None}, values)


def _titles(row):
    """honorific_en, ..., position_kk: all three given, so none is left to the active language."""
    return _translated("honorific", row["honorific"]) | _translated("position", row["position"])


def _attendee(tally, event, person, row, delegations, attendees):
    values = {field: row.get(field, "") for field in ATTENDEE_FIELDS}
    values |= {
        "arrival": row.get("arrival"),
        "departure": row.get("departure"),
        "precedence_rank": row.get("precedence_rank"),
        "delegation": delegations[row["delegation"]] if row.get("delegation") else None,
        "escort_officer": attendees[row["escort_officer"]] if row.get("escort_officer") else None,
    }
    return _upsert(tally, Attendee, {"event": event, "person": person}, values)


def _program_item(tally, event, row, venues, attendees):
    values = {
        "title_ru": row["title"]["ru"],
        "title_kk": row["title"]["kk"],
        "kind": row["kind"],
        "starts_at": row["starts_at"],
        "ends_at": row["ends_at"],
        "venue": venues[row["venue"]],
        "is_public": row["is_public"],
        "responsible": attendees[row["responsible"]],
    }
    values |= _translated("description", row["description"])
    values |= _translated("staff_notes", row.get("staff_notes", dict.fromkeys(LANGUAGES, "")))
    return _upsert(tally, ProgramItem, {"event": event, "title_en": row["title"]["en"]}, values)


def _participation(tally, item, attendee, role, order, seated):
    lookup = {"program_item": item, "attendee": attendee}
    return _upsert(tally, Participation, lookup, {"role": role, "order": order, "seated": seated})


def _video_address(tally, item, row):
    values = {
        key: row[key]
        for key in ("country", "language", "subtitle_languages", "duration", "media_reference", "status")
    }
    values["technical_notes"] = row["technical_notes"]
    values |= _translated("speaker_name", row["speaker_name"]) | _translated(
        "speaker_title", row["speaker_title"]
    )
    return _upsert(tally, VideoAddress, {"program_item": item, "play_order": row["play_order"]}, values)


def _facility_visit(tally, row, items, venues, attendees):
    values = {key: row[key] for key in ("capacity", "clearance_required", "notes")}
    values |= _translated("transport", row["transport"]) | _translated(
        "assembly_point", row["assembly_point"]
    )
    values |= {"facility": venues[row["facility"]], "escort": attendees[row["escort"]]}
    return _upsert(tally, FacilityVisit, {"program_item": items[row["program_item"]]}, values)


def _visitor(tally, visit, attendee, clearance_status, document_type, document_number, clearance_notes):
    values = {
        "clearance_status": clearance_status,
        "document_type": document_type,
        "document_number": document_number,
    }
    values |= _translated("clearance_notes", clearance_notes or dict.fromkeys(LANGUAGES, ""))
    return _upsert(tally, VisitParticipant, {"visit": visit, "attendee": attendee}, values)


def _award(tally, row):
    values = {"name_ru": row["name"]["ru"], "name_kk": row["name"]["kk"]}
    values |= {"kind": row["kind"], "is_repeatable": row["is_repeatable"]}
    values |= _translated("issuing_authority", row["issuing_authority"])
    values |= _translated("description", row["description"])
    return _upsert(tally, Award, {"name_en": row["name"]["en"]}, values)


def _presentation(tally, row, items, awards, attendees):
    lookup = {
        "ceremony": items[row["ceremony"]],
        "recipient": attendees[row["recipient"]],
        "award": awards[row["award"]],
    }
    values = {
        "order": row["order"],
        "presenter": attendees[row["presenter"]],
        "status": row["status"],
    }
    values |= _translated("decree_number", row["decree_number"])
    values |= _translated("citation", row["citation"])
    return _upsert(tally, AwardPresentation, lookup, values)


def _load_banquet_tables(tally, venues):
    for venue_key, rows in BANQUET_TABLES.items():
        for row in rows:
            values = {"shape": row["shape"], "seats": row["seats"]}
            values |= _translated("name", row["name"] or dict.fromkeys(LANGUAGES, ""))
            _upsert(tally, BanquetTable, {"venue": venues[venue_key], "number": row["number"]}, values)
