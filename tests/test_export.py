"""Guest-list exports: the same headers the import reads, safe to open, and nothing secret."""

import io

import openpyxl
import pytest
import tablib
from django.urls import reverse

from ceremony.guest_lists.export import GuestListCSV as CSV
from ceremony.guest_lists.export import GuestListResource
from ceremony.guest_lists.export import GuestListXLSX as XLSX
from ceremony.guest_lists.services import guest_import_confirm, guest_import_preview
from ceremony.models import Attendee
from tests import factories
from tests.test_import import csv_bytes

pytestmark = pytest.mark.django_db

FORMULAS = ['=HYPERLINK("http://evil")', "+SUM(1,1)", "-2+3", "@SUM(1,1)", "\t=1+1"]


@pytest.fixture
def event():
    return factories.EventFactory(slug="baikonur-70", default_language="ru")


def import_file(event, data):
    guest_import = guest_import_preview(event=event, data=data, file_name="guests")
    assert guest_import.errors == []
    return guest_import_confirm(guest_import=guest_import)


def exported(file_format):
    dataset = GuestListResource().export()
    return file_format().export_data(dataset)


@pytest.fixture
def guests(event):
    rows = [
        [
            "Фамилия",
            "Имя",
            "Отчество",
            "Организация",
            "Должность",
            "Категория",
            "Эл. почта",
            "Телефон",
            "Страна",
            "Дата прибытия",
            "Примечание",
            "Фамилия латиницей",
            "Статус",
        ],
        [
            "Әбенов",
            "Жұмабек",
            "Сәкенұлы",
            "Совет ветеранов",
            "Ветеран",
            "Ветеран",
            "z@example.kz",
            "87011234567",
            "Казахстан",
            "01.06.2025 14:30",
            "Нужен пандус",
            "Abenov",
            "Подтвердил участие",
        ],
    ]
    rows += [
        [f"Формула{n}", "Тест", "", "", "", "", "", "", "", "", formula, "", ""]
        for n, formula in enumerate(FORMULAS)
    ]
    import_file(event, csv_bytes(rows))
    return Attendee.objects.count()


@pytest.mark.parametrize("file_format", [XLSX, CSV], ids=["xlsx", "csv"])
def test_export_then_import_changes_nothing(event, guests, file_format):
    data = exported(file_format)
    if isinstance(data, str):
        data = data.encode("utf-8-sig")
    again = import_file(event, data)
    assert (again.new_count, again.updated_count, again.unchanged_count) == (0, 0, guests)


def test_export_headers_are_the_ones_the_import_reads(event, guests):
    workbook = openpyxl.load_workbook(io.BytesIO(exported(XLSX)))
    header = [cell.value for cell in next(workbook.active.iter_rows(max_row=1))]
    assert header[:8] == [
        "Family name",
        "Given name",
        "Patronymic",
        "Family name (Latin)",
        "Given name (Latin)",
        "Form of address",
        "Position",
        "Organization",
    ]


def test_csv_cells_a_spreadsheet_would_run_are_neutralized(event, guests):
    dataset = tablib.Dataset().load(exported(CSV), format="csv")
    notes = [row for row in dataset["Notes"] if row.startswith("'")]
    # The tab before "=1+1" was trimmed on import like any surrounding space.
    assert sorted(notes) == sorted(
        ['\'=HYPERLINK("http://evil")', "'+SUM(1,1)", "'-2+3", "'@SUM(1,1)", "'=1+1"]
    )
    assert dataset["Phone"][dataset["Family name"].index("Әбенов")] == "'+77011234567"


def test_csv_quotes_every_cell_so_that_a_semicolon_cannot_start_a_formula(event):
    factories.AttendeeFactory(event=event, person__family_name="Ким", notes="x;=1+1")
    text = exported(CSV)
    assert '"x;=1+1"' in text  # Excel set to split at «;» keeps it one cell, which starts with x
    assert text.splitlines()[0].startswith('"Family name","Given name",')


def test_xlsx_text_cells_are_text_with_no_quote_to_see(event, guests):
    sheet = openpyxl.load_workbook(io.BytesIO(exported(XLSX))).active
    header = [cell.value for cell in sheet[1]]
    rows = {row[0].value: row for row in sheet.iter_rows(min_row=2)}
    phone = rows["Әбенов"][header.index("Phone")]
    assert (phone.value, phone.data_type) == ("+77011234567", "s")
    formulas = [rows[f"Формула{n}"][header.index("Notes")] for n in range(len(FORMULAS))]
    assert [(cell.value, cell.data_type) for cell in formulas] == [
        ('=HYPERLINK("http://evil")', "s"),
        ("+SUM(1,1)", "s"),
        ("-2+3", "s"),
        ("@SUM(1,1)", "s"),
        ("=1+1", "s"),
    ]


def test_identity_documents_are_never_exported(event, guests):
    attendee = Attendee.objects.get(person__family_name="Әбенов")
    factories.VisitParticipantFactory(
        visit=factories.FacilityVisitFactory(
            program_item=factories.ProgramItemFactory(event=event, kind="facility_visit")
        ),
        attendee=attendee,
        document_type="passport",
        document_number="N7777777",
    )
    assert "N7777777" not in exported(CSV)
    assert b"N7777777" not in exported(XLSX)


def test_export_action_in_the_admin_gives_a_workbook(admin_client, event, guests, settings):
    settings.IMPORT_EXPORT_SKIP_ADMIN_ACTION_EXPORT_UI = True
    response = admin_client.post(
        reverse("admin:ceremony_attendee_changelist"),
        {
            "action": "export_admin_action",
            "_selected_action": list(Attendee.objects.values_list("pk", flat=True)),
        },
    )
    assert response.status_code == 200
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    assert workbook.active.max_row == guests + 1


def test_export_page_offers_xlsx_and_csv(admin_client):
    response = admin_client.get(reverse("admin:ceremony_attendee_export"))
    assert response.status_code == 200
    assert [name for _index, name in response.context["form"].fields["format"].choices][-2:] == [
        "xlsx",
        "csv",
    ]


def test_records_typed_in_the_admin_round_trip_too(event):
    person = factories.PersonFactory(
        family_name="Ким", given_name="Анна", phone="8 (701) 555-44-33 ", email="A@Example.KZ"
    )
    factories.AttendeeFactory(event=event, person=person, notes="  Needs a ramp  ")
    assert person.phone == "+77015554433"
    again = import_file(event, exported(XLSX))
    assert (again.new_count, again.updated_count, again.unchanged_count) == (0, 0, 1)


def test_export_needs_the_view_permission(client):
    client.force_login(factories.UserFactory())
    assert client.get(reverse("admin:ceremony_attendee_export")).status_code == 403
