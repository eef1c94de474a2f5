"""The import's schema: every column in COLUMNS imports, writes, undoes, reports and exports back.

Each column is walked through the real services (preview, confirm, undo) twice: for a guest new to
the address book, and for a stored guest whose value the list changes. A column added to COLUMNS
without a sample below fails here: say what a cell of it looks like, which model field its value
lands in, how the preview shows it and what the export writes back.

The columns that describe a guest's organization (its kind, its country: NEW_ORGANIZATION_COLUMNS)
are written only to an organization the import creates, and undone with it; for a stored guest they
change nothing, since a guest list never changes an organization the address book has, and the
export still writes the organization's own value. Their samples name the organization they describe
(`needs`).
"""

import csv
import datetime
import io
from dataclasses import dataclass, field

import pytest
import tablib

from ceremony.guest_lists.columns import COLUMNS, NEW_ORGANIZATION_COLUMNS
from ceremony.guest_lists.export import GuestListResource
from ceremony.guest_lists.export import GuestListXLSX as XLSX
from ceremony.guest_lists.report import preview_rows, report_csv
from ceremony.guest_lists.services import guest_import_confirm, guest_import_preview, guest_import_undo
from ceremony.models import Attendee, GuestImport, Organization, Person
from tests import factories

pytestmark = pytest.mark.django_db


@dataclass(frozen=True)
class Sample:
    cell: object  # what the list has in the column
    record: str  # "person" or "attendee": the record the value lands in
    path: str  # where on that record: a model attribute, or a dotted path (organization.name)
    written: object  # the value found there after the import
    shown: str  # what the preview and the report show
    exported: str  # the export's cell
    kept: object  # the new value as the preview keeps it (GuestImport.preview's changes)
    before: object  # a value stored before the import, which it changes and undo puts back
    before_shown: str
    before_kept: object
    needs: dict = field(default_factory=dict)  # other cells of the row the value needs, by column key


UTC = datetime.UTC
SAMPLES = {
    "family_name": Sample(
        "Әбенова", "person", "family_name", "Әбенова", "Әбенова", "Әбенова", "Әбенова",
        "Иванова", "Иванова", "Иванова",
    ),
    "given_name": Sample(
        "Жанна", "person", "given_name", "Жанна", "Жанна", "Жанна", "Жанна",
        "Анна", "Анна", "Анна",
    ),
    "patronymic": Sample(
        "Сергеевна", "person", "patronymic", "Сергеевна", "Сергеевна", "Сергеевна", "Сергеевна",
        "Петровна", "Петровна", "Петровна",
    ),
    "family_name_latin": Sample(
        "Abenova", "person", "family_name_latin", "Abenova", "Abenova", "Abenova", "Abenova",
        "Ivanova", "Ivanova", "Ivanova",
    ),
    "given_name_latin": Sample(
        "Zhanna", "person", "given_name_latin", "Zhanna", "Zhanna", "Zhanna", "Zhanna",
        "Anna", "Anna", "Anna",
    ),
    # Titles go to the field of the list's language (the event's: Russian).
    "honorific": Sample(
        "Госпожа", "person", "honorific_ru", "Госпожа", "Госпожа", "Госпожа", "Госпожа",
        "Г-жа", "Г-жа", "Г-жа",
    ),
    "position": Sample(
        "Главный инженер", "person", "position_ru", "Главный инженер", "Главный инженер",
        "Главный инженер", "Главный инженер",
        "Инженер", "Инженер", "Инженер",
    ),
    "organization": Sample(
        " роскосмос ", "person", "organization.name", "роскосмос", "роскосмос", "роскосмос", "роскосмос",
        "Байтерек", "Байтерек", "Байтерек",
    ),
    # Written to the organization the row names, which the import creates.
    "organization_kind": Sample(
        "Госорган", "person", "organization.kind", "government", "Government", "Government",
        "government",
        "media", "Media", "media", needs={"organization": "Роскосмос"},
    ),
    "organization_country": Sample(
        "Россия", "person", "organization.country.code", "RU", "Russia", "RU", "RU",
        "KZ", "Kazakhstan", "KZ", needs={"organization": "Роскосмос"},
    ),
    "country": Sample(
        "Казахстан", "person", "country.code", "KZ", "Kazakhstan", "KZ", "KZ",
        "RU", "Russia", "RU",
    ),
    "email": Sample(
        " Anna@Example.KZ", "person", "email", "anna@example.kz", "anna@example.kz", "anna@example.kz",
        "anna@example.kz",
        None, "", "",
    ),
    # The export's cell is the number as it is; the CSV format quotes it (test_export.py).
    "phone": Sample(
        "8 (701) 123-45-67", "person", "phone", "+77011234567", "+77011234567", "+77011234567",
        "+77011234567",
        "+77010000000", "+77010000000", "+77010000000",
    ),
    "preferred_language": Sample(
        "Русский", "person", "preferred_language", "ru", "ru", "ru", "ru",
        "en", "en", "en",
    ),
    "category": Sample(
        "Ветеран", "attendee", "category", "veteran", "Veteran", "Veteran", "veteran",
        "resident", "Resident", "resident",
    ),
    "rsvp_status": Sample(
        "Подтвердил участие", "attendee", "rsvp_status", "confirmed", "Confirmed", "Confirmed", "confirmed",
        "declined", "Declined", "declined",
    ),
    # Times are the event's (Asia/Almaty, UTC+5), stored and kept in UTC.
    "arrival": Sample(
        "01.06.2025 14:30", "attendee", "arrival", datetime.datetime(2025, 6, 1, 9, 30, tzinfo=UTC),
        "01.06.2025 14:30", "01.06.2025 14:30", "2025-06-01T09:30:00+00:00",
        datetime.datetime(2025, 5, 31, 4, 0, tzinfo=UTC), "31.05.2025 09:00", "2025-05-31T04:00:00+00:00",
    ),
    "departure": Sample(
        "03.06.2025 18:00", "attendee", "departure",
        datetime.datetime(2025, 6, 3, 13, 0, tzinfo=UTC),
        "03.06.2025 18:00", "03.06.2025 18:00", "2025-06-03T13:00:00+00:00",
        datetime.datetime(2025, 6, 4, 5, 0, tzinfo=UTC), "04.06.2025 10:00", "2025-06-04T05:00:00+00:00",
    ),
    "dietary_needs": Sample(
        "Халяль", "attendee", "dietary_needs", "Халяль", "Халяль", "Халяль", "Халяль",
        "Без глютена", "Без глютена", "Без глютена",
    ),
    "accessibility_needs": Sample(
        "Нужен пандус", "attendee", "accessibility_needs", "Нужен пандус", "Нужен пандус", "Нужен пандус",
        "Нужен пандус",
        "Кресло-коляска", "Кресло-коляска", "Кресло-коляска",
    ),
    "notes": Sample(
        "Встречать  у трапа\n  с переводчиком ", "attendee", "notes", "Встречать у трапа\nс переводчиком",
        "Встречать у трапа\nс переводчиком", "Встречать у трапа\nс переводчиком",
        "Встречать у трапа\nс переводчиком",
        "Старое примечание", "Старое примечание", "Старое примечание",
    ),
}  # fmt: skip

# The guest every list names, by the headers our exports write; a column's sample replaces its cell.
GUEST = {"family_name": "Иванова", "given_name": "Анна", "email": "anna@example.kz"}
BY_KEY = {column.key: column for column in COLUMNS}


@pytest.fixture
def event():
    return factories.EventFactory(slug="baikonur-70", default_language="ru", time_zone="Asia/Almaty")


def guest_list(column):
    """A one-guest CSV list with the guest's name and email and the column's sample."""
    sample = SAMPLES[column.key]
    cells = {BY_KEY[key].header: value for key, value in (GUEST | sample.needs).items()}
    cells[column.header] = sample.cell
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(cells)
    writer.writerow(cells.values())
    return out.getvalue().encode()


def import_list(event, data):
    guest_import = guest_import_preview(event=event, data=data, file_name="guests.csv", overwrite=True)
    assert guest_import.errors == []
    assert guest_import.warnings == []
    return guest_import_confirm(guest_import=guest_import)


def read(record, path):
    value = record
    for name in path.split("."):
        value = getattr(value, name)
    return value


def stored_guest(event, column):
    """The guest stored before the list comes: a person and an attendee with the column's old value."""
    sample = SAMPLES[column.key]
    person_fields = {"family_name": "Иванова", "given_name": "Анна", "email": "anna@example.kz"}
    attendee_fields = {}
    fields = person_fields if sample.record == "person" else attendee_fields
    name = sample.path.split(".")[0]
    if name == "organization":
        fields["organization"] = factories.OrganizationFactory(name=sample.before)
    else:
        fields[name] = sample.before
    person = factories.PersonFactory(**person_fields)
    return factories.AttendeeFactory(event=event, person=person, **attendee_fields)


def full_name(guest):
    return " ".join(guest[key] for key in ("family_name", "given_name", "patronymic") if key in guest)


def report_lines(guest_import):
    lines = list(csv.reader(io.StringIO(report_csv(guest_import).decode("utf-8-sig"))))
    return lines[1:]


def as_in_a_spreadsheet(text):
    """Report cells that a spreadsheet would run get a quote in front (see test_export)."""
    return "'" + text if text.startswith(("=", "+", "-", "@")) else text


def test_every_column_has_a_sample():
    assert [column.key for column in COLUMNS] == list(SAMPLES)


@pytest.mark.parametrize("column", COLUMNS, ids=lambda column: column.key)
def test_a_new_guest_gets_the_column_written_shown_exported_and_undone(event, column):
    sample = SAMPLES[column.key]
    guest_import = import_list(event, guest_list(column))
    assert (guest_import.new_count, guest_import.updated_count, guest_import.unchanged_count) == (1, 0, 0)

    attendee = Attendee.objects.select_related("person__organization").get()
    record = attendee.person if sample.record == "person" else attendee
    assert read(record, sample.path) == sample.written

    guest = GUEST | sample.needs | {column.key: sample.written}
    shown = GUEST | sample.needs | {column.key: sample.shown}
    # The preview lists the columns the guest's row fills, in the schema's order.
    assert preview_rows(guest_import, guest_import.preview)[0]["changes"] == [
        (each.header, "", shown[each.key]) for each in COLUMNS if each.key in shown
    ]
    assert report_lines(guest_import) == [
        ["2", "new", full_name(guest), each.header, "", as_in_a_spreadsheet(shown[each.key]), ""]
        for each in COLUMNS
        if each.key in shown
    ]

    dataset = GuestListResource().export()
    assert dataset.dict[0][column.header] == sample.exported
    again = import_list(event, XLSX().export_data(dataset))
    assert (again.new_count, again.updated_count, again.unchanged_count) == (0, 0, 1)

    guest_import_undo(guest_import=GuestImport.objects.get(pk=guest_import.pk))
    assert (Person.objects.count(), Attendee.objects.count(), Organization.objects.count()) == (0, 0, 0)


STORED_RECORD_COLUMNS = [column for column in COLUMNS if column not in NEW_ORGANIZATION_COLUMNS]


@pytest.mark.parametrize("column", STORED_RECORD_COLUMNS, ids=lambda column: column.key)
def test_a_stored_guest_gets_the_column_changed_shown_exported_and_restored(event, column):
    sample = SAMPLES[column.key]
    attendee = stored_guest(event, column)
    guest_import = import_list(event, guest_list(column))
    assert (guest_import.new_count, guest_import.updated_count, guest_import.unchanged_count) == (0, 1, 0)
    assert guest_import.preview[0]["changes"] == {column.key: [sample.before_kept, sample.kept]}

    attendee = Attendee.objects.select_related("person__organization").get(pk=attendee.pk)
    record = attendee.person if sample.record == "person" else attendee
    assert read(record, sample.path) == sample.written
    # The undo journal keeps the field's old and new value; an organization by its pk.
    field = sample.path.split(".")[0]
    if field == "organization":
        journaled = {
            "organization_id": [Organization.objects.get(name=sample.before).pk, record.organization_id]
        }
    else:
        journaled = {field: [sample.before_kept, sample.kept]}
    guest_import = GuestImport.objects.get(pk=guest_import.pk)
    assert guest_import.undo_journal[f"{sample.record}_changes"] == {str(record.pk): journaled}

    assert preview_rows(guest_import, guest_import.preview)[0]["changes"] == [
        (column.header, sample.before_shown, sample.shown)
    ]
    guest = GUEST | {column.key: sample.written}
    assert report_lines(guest_import) == [
        [
            "2",
            "updated",
            full_name(guest),
            column.header,
            as_in_a_spreadsheet(sample.before_shown),
            as_in_a_spreadsheet(sample.shown),
            "",
        ]
    ]
    dataset = tablib.Dataset().load(XLSX().export_data(GuestListResource().export()), format="xlsx")
    assert dataset.dict[0][column.header] == sample.exported

    guest_import_undo(guest_import=guest_import)
    attendee = Attendee.objects.select_related("person__organization").get(pk=attendee.pk)
    record = attendee.person if sample.record == "person" else attendee
    assert read(record, sample.path) == sample.before
    assert list(Organization.objects.values_list("name", flat=True)) == (
        [sample.before] if column.key == "organization" else []
    )


@pytest.mark.parametrize("column", NEW_ORGANIZATION_COLUMNS, ids=lambda column: column.key)
def test_a_stored_organization_keeps_its_value_whatever_the_list_says(event, column):
    sample = SAMPLES[column.key]
    field = sample.path.split(".")[1]
    organization = factories.OrganizationFactory(name=sample.needs["organization"], **{field: sample.before})
    factories.AttendeeFactory(
        event=event,
        person=factories.PersonFactory(
            family_name="Иванова", given_name="Анна", email="anna@example.kz", organization=organization
        ),
    )
    guest_import = import_list(event, guest_list(column))
    assert (guest_import.new_count, guest_import.updated_count, guest_import.unchanged_count) == (0, 0, 1)

    person = Person.objects.select_related("organization").get()
    assert read(person, sample.path) == sample.before
    dataset = tablib.Dataset().load(XLSX().export_data(GuestListResource().export()), format="xlsx")
    # The export writes the organization's own value, as it exports the column (Column.exported).
    assert dataset.dict[0][column.header] == {"kind": "Media", "country": "KZ"}[field]
    guest_import_undo(guest_import=GuestImport.objects.get(pk=guest_import.pk))
    assert list(Organization.objects.values_list("pk", field)) == [(organization.pk, sample.before)]


def test_a_list_in_kazakh_writes_titles_in_kazakh_and_leaves_the_others(event):
    person = factories.PersonFactory(
        family_name="Иванова", given_name="Анна", email="anna@example.kz", position_ru="Инженер"
    )
    data = "Фамилия,Имя,Эл. почта,Должность\nИванова,Анна,anna@example.kz,Бас инженер\n".encode()
    guest_import = guest_import_preview(event=event, data=data, file_name="guests.csv", language="kk")
    guest_import_confirm(guest_import=guest_import)
    person.refresh_from_db()
    assert (person.position_kk, person.position_ru, person.position_en) == ("Бас инженер", "Инженер", None)
    guest_import_undo(guest_import=GuestImport.objects.get(pk=guest_import.pk))
    person.refresh_from_db()
    assert (person.position_kk, person.position_ru, person.position_en) == (None, "Инженер", None)
