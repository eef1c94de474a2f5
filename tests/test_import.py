"""Guest lists from spreadsheets: every real-world list goes in correctly, once, or not at all."""

import csv
import datetime
import io

import openpyxl
import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils.html import escape

from ceremony.enums import AttendeeCategory, RsvpStatus
from ceremony.guest_lists.services import (
    GuestImportStale,
    guest_import_confirm,
    guest_import_preview,
    guest_import_undo,
)
from ceremony.models import Attendee, GuestImport, Organization, Person, TableAssignment
from tests import factories

pytestmark = pytest.mark.django_db

HEADERS = ["Фамилия", "Имя", "Отчество", "Организация", "Должность", "Категория", "Эл. почта", "Телефон"]


def xlsx(rows):
    """An Excel workbook with these rows, as the bytes an upload carries."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def csv_bytes(rows, *, encoding="utf-8", delimiter=","):
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter).writerows(rows)
    return out.getvalue().encode(encoding)


def preview(event, data, **options):
    return guest_import_preview(event=event, data=data, file_name="guests.xlsx", **options)


def import_now(event, data, **options):
    guest_import = preview(event, data, **options)
    assert guest_import.errors == []
    return guest_import_confirm(guest_import=guest_import)


@pytest.fixture
def event():
    return factories.EventFactory(slug="baikonur-70", default_language="ru")


# ---------------------------------------------------------------------------------------------------
# Reading what comes


def test_xlsx_with_title_rows_and_russian_headers(event):
    data = xlsx(
        [
            ["Список приглашённых ветеранов"],
            [],
            [*HEADERS, "Страна", "Дата прибытия", "Примечание"],
            [
                "\u00a0Әбенов ",
                "Жұмабек",
                "Сәкенұлы",
                "Совет ветеранов Байконура",
                "Ветеран космодрома",
                "Ветеран",
                " Zhumabek@Mail.KZ ",
                "8 (701) 123-45-67",
                "Казахстан",
                datetime.datetime(2025, 6, 1, 14, 30),
                "Нужен пандус",
            ],
        ]
    )
    guest_import = import_now(event, data)
    assert (guest_import.new_count, guest_import.updated_count, guest_import.unchanged_count) == (1, 0, 0)
    person = Person.objects.get()
    assert (person.family_name, person.given_name, person.patronymic) == ("Әбенов", "Жұмабек", "Сәкенұлы")
    assert person.email == "zhumabek@mail.kz"
    assert person.phone == "+77011234567"
    assert person.country == "KZ"
    assert person.position_ru == "Ветеран космодрома"
    assert person.organization.name == "Совет ветеранов Байконура"
    attendee = Attendee.objects.get()
    assert attendee.event == event
    assert attendee.category == AttendeeCategory.VETERAN
    assert attendee.notes == "Нужен пандус"
    assert attendee.arrival == datetime.datetime(2025, 6, 1, 9, 30, tzinfo=datetime.UTC)


def test_windows_1251_semicolon_csv_from_russian_excel(event):
    data = csv_bytes(
        [HEADERS, ["Иванов", "Пётр", "Сергеевич", "Роскосмос", "Инженер", "Инженер", "petr@example.org", ""]],
        encoding="cp1251",
        delimiter=";",
    )
    guest_import = import_now(event, data)
    assert guest_import.new_count == 1
    assert Person.objects.get().full_name == "Иванов Пётр Сергеевич"


@pytest.mark.parametrize(("encoding", "delimiter"), [("utf-8-sig", ","), ("utf-8", "\t"), ("cp1251", ",")])
def test_csv_encodings_and_separators_are_detected(event, encoding, delimiter):
    data = csv_bytes(
        [["Family name", "Given name"], ["Aubakirov", "Toktar"]], encoding=encoding, delimiter=delimiter
    )
    import_now(event, data)
    assert Person.objects.get().full_name == "Aubakirov Toktar"


def test_encoding_and_separator_can_be_chosen_by_hand(event):
    # A one-column file cannot reveal its separator; the organizer says it.
    data = "Фамилия|Имя\nСкляр|Роман\n".encode("cp1251")
    import_now(event, data, encoding="cp1251", delimiter="|")
    assert Person.objects.get().full_name == "Скляр Роман"


def test_wrong_encoding_chosen_by_hand_is_an_error(event):
    data = csv_bytes([["Фамилия", "Имя"], ["Скляр", "Роман"]], encoding="cp1251")
    guest_import = preview(event, data, encoding="utf-8")
    assert guest_import.errors == [
        {
            "row": None,
            "column": "",
            "value": "",
            "message": "The file is not in the utf-8 encoding; choose another or let it be detected.",
            "name": "",
        }
    ]


def test_headers_match_whatever_their_case_spacing_and_punctuation(event):
    data = xlsx(
        [
            ["  LAST NAME ", "first_name", "E-MAIL", "Organisation"],
            ["Musabayev", "Talgat", "t@example.kz", "Kazcosmos"],
        ]
    )
    import_now(event, data)
    person = Person.objects.get()
    assert (person.family_name, person.email, person.organization.name) == (
        "Musabayev",
        "t@example.kz",
        "Kazcosmos",
    )


def test_unknown_columns_are_reported_not_fatal(event):
    data = xlsx([["Фамилия", "Имя", "Размер обуви"], ["Скляр", "Роман", "43"]])
    guest_import = preview(event, data)
    assert guest_import.warnings == ["Column «Размер обуви» is not known; it was skipped."]
    assert guest_import.status == GuestImport.Status.PREVIEWED


def test_blank_rows_are_skipped_and_rows_keep_the_numbers_the_spreadsheet_shows(event):
    data = xlsx(
        [
            ["Guest list"],
            ["Family name", "Given name", "Email"],
            [],
            ["Aimbetov", "Aidyn", "a@example.kz"],
            [],
            ["Bad", "Email", "not-an-email"],
        ]
    )
    guest_import = preview(event, data)
    assert guest_import.errors == [
        {
            "row": 6,
            "column": "Email",
            "value": "not-an-email",
            "message": "is not a valid email address",
            "name": "Bad Email",
            "column_key": "email",
        }
    ]


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        (datetime.datetime(2025, 6, 1, 18, 0), datetime.datetime(2025, 6, 1, 13, 0, tzinfo=datetime.UTC)),
        (datetime.date(2025, 6, 1), datetime.datetime(2025, 5, 31, 19, 0, tzinfo=datetime.UTC)),
        ("01.06.2025", datetime.datetime(2025, 5, 31, 19, 0, tzinfo=datetime.UTC)),
        ("01.06.2025 18:00", datetime.datetime(2025, 6, 1, 13, 0, tzinfo=datetime.UTC)),
        ("2025-06-01", datetime.datetime(2025, 5, 31, 19, 0, tzinfo=datetime.UTC)),
        (45809, datetime.datetime(2025, 5, 31, 19, 0, tzinfo=datetime.UTC)),  # Excel's day number
    ],
)
def test_dates_as_real_cells_day_month_year_iso_and_excel_numbers(event, cell, expected):
    import_now(event, xlsx([["Family name", "Given name", "Arrival"], ["Aimbetov", "Aidyn", cell]]))
    assert Attendee.objects.get().arrival == expected


def test_category_and_country_by_code_or_label_in_any_language(event):
    data = xlsx(
        [
            ["Family name", "Given name", "Category", "Country", "Email"],
            ["A", "One", "cosmonaut", "kz", "1@example.org"],
            ["B", "Two", "Студент", "Россия", "2@example.org"],
            ["C", "Three", "Ардагер", "Russian Federation", "3@example.org"],
            ["D", "Four", "Press", "RUS", "4@example.org"],
        ]
    )
    import_now(event, data)
    found = Attendee.objects.order_by("person__family_name").values_list("category", "person__country")
    assert list(found) == [("cosmonaut", "KZ"), ("student", "RU"), ("veteran", "RU"), ("press", "RU")]


# ---------------------------------------------------------------------------------------------------
# Errors: named by row, column, value and reason; nothing written


def test_every_bad_value_is_reported_with_row_column_value_and_reason(event):
    data = xlsx(
        [
            ["Family name", "Given name", "Email", "Category", "Arrival", "Position"],
            ["Good", "Guest", "good@example.org", "veteran", "01.06.2025", "Engineer"],
            ["", "Nameless", "", "", "", ""],
            ["Bad", "Mail", "bad@", "", "", ""],
            ["Odd", "Category", "", "martian", "", ""],
            ["Wrong", "Date", "", "", "31.02.2025", ""],
            ["Long", "Title", "", "", "", "x" * 300],
        ]
    )
    guest_import = preview(event, data)
    assert guest_import.status == GuestImport.Status.HAS_ERRORS
    assert [(error["row"], error["column"], error["value"]) for error in guest_import.errors] == [
        (3, "Family name", ""),
        (4, "Email", "bad@"),
        (5, "Category", "martian"),
        (6, "Arrival", "31.02.2025"),
        (7, "Position", "x" * 80 + "…"),
    ]
    assert [error["message"] for error in guest_import.errors] == [
        "is empty; every guest needs one",
        "is not a valid email address",
        "is not a category — 1 row (5)",
        "is not a date (write it as day.month.year, e.g. 02.06.2025, and a time if known)",
        "is longer than 255 characters",
    ]
    assert guest_import.error_count == 5
    with pytest.raises(Exception, match="cannot be confirmed"):
        guest_import_confirm(guest_import=guest_import)
    assert Person.objects.count() == Attendee.objects.count() == Organization.objects.count() == 0


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "The file is empty."),
        (b"PK\x03\x04 this is not really a workbook", "The file could not be read as an Excel workbook"),
        (b"%PDF-1.4\x00\x01\x02\x03 binary", "This file is not a spreadsheet"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1 old excel", "This is an old Excel file (.xls)"),
        (b"just some text\nwithout headers\n", "No header row was found"),
        ("Фамилия,Должность\nСкляр,Вице-премьер\n".encode(), "The header row has no column for: Given name."),
    ],
)
def test_files_that_are_not_guest_lists_are_refused_with_a_reason(event, data, message):
    guest_import = preview(event, data)
    assert guest_import.status == GuestImport.Status.HAS_ERRORS
    assert guest_import.errors[0]["message"].startswith(message)
    assert Person.objects.count() == 0


def test_a_file_over_the_size_limit_is_refused(event, settings):
    settings.GUEST_IMPORT_MAX_BYTES = 10_000_000
    guest_import = preview(event, b"x" * 12_345_678)
    assert guest_import.errors[0]["message"] == "The file is 12.3 MB; the limit is 10 MB."
    assert guest_import.status == GuestImport.Status.HAS_ERRORS


# ---------------------------------------------------------------------------------------------------
# Never a duplicate, never a loss


def test_existing_person_is_matched_by_email_whatever_its_case(event):
    person = factories.PersonFactory(family_name="Иванов", given_name="Пётр", email="petr@example.org")
    data = xlsx(
        [
            ["Фамилия", "Имя", "Эл. почта", "Телефон"],
            ["Иванов", "Пётр", " PETR@Example.ORG", "+7 701 111 22 33"],
        ]
    )
    guest_import = import_now(event, data)
    assert Person.objects.count() == 1
    person.refresh_from_db()
    assert person.phone == "+77011112233"
    assert guest_import.new_count == 1  # a new attendee of this event, not a new person


def test_without_email_a_person_is_matched_by_name_folding_case_spaces_and_yo(event):
    organization = factories.OrganizationFactory(name="Роскосмос")
    person = factories.PersonFactory(family_name="Фёдоров", given_name="Алексей", organization=organization)
    data = xlsx(
        [["Фамилия", "Имя", "Организация", "Должность"], ["ФЕДОРОВ ", "алексей", " роскосмос", "Инженер"]]
    )
    import_now(event, data)
    assert Person.objects.count() == 1
    person.refresh_from_db()
    assert person.position_ru == "Инженер"


def test_namesakes_with_different_emails_stay_different_people(event):
    factories.PersonFactory(family_name="Ахметов", given_name="Ерлан", email="erlan1@example.kz")
    data = xlsx([["Фамилия", "Имя", "Эл. почта"], ["Ахметов", "Ерлан", "erlan2@example.kz"]])
    import_now(event, data)
    assert sorted(Person.objects.values_list("email", flat=True)) == [
        "erlan1@example.kz",
        "erlan2@example.kz",
    ]


def test_the_same_person_twice_in_a_file_becomes_one_and_the_later_row_fills_blanks(event):
    data = xlsx(
        [
            ["Family name", "Given name", "Email", "Phone", "Position"],
            ["Madiyev", "Zhaslan", "z@example.kz", "", "Minister"],
            ["Madiyev", "Zhaslan", "Z@EXAMPLE.KZ", "+7 717 200 00 00", ""],
        ]
    )
    guest_import = import_now(event, data)
    assert guest_import.new_count == 1
    person = Person.objects.get()
    assert (person.phone, person.position_ru) == ("+77172000000", "Minister")


def test_the_same_person_twice_with_different_values_is_an_error_naming_both_rows(event):
    data = xlsx(
        [
            ["Family name", "Given name", "Email", "Position"],
            ["Madiyev", "Zhaslan", "z@example.kz", "Minister"],
            ["Madiyev", "Zhaslan", "z@example.kz", "Deputy minister"],
        ]
    )
    guest_import = preview(event, data)
    assert guest_import.errors == [
        {
            "row": 3,
            "column": "Position",
            "value": "Deputy minister",
            "message": "is the same person as in row 2, which gives «Minister»; keep one value",
            "name": "Madiyev Zhaslan",
            "column_key": "position",
        }
    ]


def test_a_blank_cell_does_not_erase_a_stored_value(event):
    person = factories.PersonFactory(
        family_name="Аубакиров", given_name="Тохтар", email="t@example.kz", phone="+77010000000"
    )
    data = xlsx([["Фамилия", "Имя", "Эл. почта", "Телефон"], ["Аубакиров", "Тохтар", "t@example.kz", ""]])
    import_now(event, data)
    person.refresh_from_db()
    assert person.phone == "+77010000000"


def test_importing_the_same_file_again_changes_nothing(event):
    data = xlsx(
        [HEADERS, ["Иванов", "Пётр", "", "Роскосмос", "Инженер", "Инженер", "p@example.org", "87011234567"]]
    )
    import_now(event, data)
    before = list(Person.objects.values()), list(Attendee.objects.values()), Organization.objects.count()
    again = import_now(event, data)
    assert (again.new_count, again.updated_count, again.unchanged_count) == (0, 0, 1)
    assert again.preview == []
    assert (
        list(Person.objects.values()),
        list(Attendee.objects.values()),
        Organization.objects.count(),
    ) == before


def test_preview_lists_old_and_new_values_of_updated_guests(event):
    organization = factories.OrganizationFactory(name="Байтерек")
    factories.PersonFactory(
        family_name="Гришин", given_name="Дмитрий", email="d@example.kz", organization=organization
    )
    guest_import = preview(
        event,
        xlsx(
            [
                ["Фамилия", "Имя", "Эл. почта", "Организация"],
                ["Гришин", "Дмитрий", "d@example.kz", "Роскосмос"],
            ]
        ),
        overwrite=True,
    )
    assert guest_import.preview[0]["changes"] == {"organization": ["Байтерек", "Роскосмос"]}
    assert guest_import.preview[0]["new_organization"] == "Роскосмос"


def test_confirm_refuses_when_the_data_changed_since_the_preview(event):
    person = factories.PersonFactory(family_name="Гришин", given_name="Дмитрий", email="d@example.kz")
    guest_import = preview(
        event,
        xlsx(
            [["Фамилия", "Имя", "Эл. почта", "Телефон"], ["Гришин", "Дмитрий", "d@example.kz", "87010000001"]]
        ),
    )
    Person.objects.filter(pk=person.pk).update(phone="+77019999999")  # someone edits the person meanwhile

    with pytest.raises(GuestImportStale):
        guest_import_confirm(guest_import=guest_import)
    person.refresh_from_db()
    assert person.phone == "+77019999999"
    assert Attendee.objects.count() == 0
    guest_import.refresh_from_db()
    assert guest_import.status == GuestImport.Status.STALE


def test_every_import_is_recorded(event):
    user = factories.UserFactory(username="organizer")
    guest_import = guest_import_preview(
        event=event, data=xlsx([["Фамилия", "Имя"], ["Скляр", "Роман"]]), file_name="МИД.xlsx", user=user
    )
    guest_import = guest_import_confirm(guest_import=guest_import)
    guest_import.refresh_from_db()
    assert (guest_import.created_by, guest_import.file_name, guest_import.event) == (user, "МИД.xlsx", event)
    assert (guest_import.new_count, guest_import.updated_count, guest_import.unchanged_count) == (1, 0, 0)
    assert guest_import.status == GuestImport.Status.IMPORTED
    assert guest_import.imported_at is not None


# ---------------------------------------------------------------------------------------------------
# Undo


def test_undo_removes_what_the_import_created_and_restores_what_it_changed(event):
    kept = factories.PersonFactory(
        family_name="Гришин", given_name="Дмитрий", email="d@example.kz", phone="+77010000001"
    )
    data = xlsx(
        [
            ["Фамилия", "Имя", "Эл. почта", "Телефон", "Организация"],
            ["Гришин", "Дмитрий", "d@example.kz", "87010000002", ""],
            ["Новиков", "Игорь", "", "", "Новая организация"],
        ]
    )
    guest_import = import_now(event, data)
    assert Person.objects.count() == 2

    guest_import_undo(guest_import=guest_import)
    assert list(Person.objects.all()) == [kept]
    kept.refresh_from_db()
    assert kept.phone == "+77010000001"
    assert Attendee.objects.count() == 0
    assert Organization.objects.count() == 0
    guest_import.refresh_from_db()
    assert guest_import.status == GuestImport.Status.UNDONE


def test_undo_refuses_and_changes_nothing_when_records_were_edited_since(event):
    data = xlsx([["Фамилия", "Имя", "Телефон"], ["Новиков", "Игорь", "87010000002"], ["Петров", "Олег", ""]])
    guest_import = import_now(event, data)
    edited = Person.objects.get(family_name="Новиков")
    edited.phone = "+77015555555"
    edited.save()

    with pytest.raises(
        Exception, match=r"these records were changed after the import: Новиков Игорь \(phone\)"
    ):
        guest_import_undo(guest_import=guest_import)
    assert Person.objects.count() == 2
    assert Attendee.objects.count() == 2
    guest_import.refresh_from_db()
    assert guest_import.status == GuestImport.Status.IMPORTED


def test_undo_refuses_when_an_imported_guest_was_put_on_the_program(event):
    guest_import = import_now(event, xlsx([["Фамилия", "Имя"], ["Новиков", "Игорь"]]))
    factories.ParticipationFactory(
        program_item=factories.ProgramItemFactory(event=event), attendee=Attendee.objects.get()
    )
    with pytest.raises(Exception, match="Новиков Игорь takes part in the program"):
        guest_import_undo(guest_import=guest_import)
    assert Attendee.objects.count() == 1


def test_undo_removes_the_imported_guests_places_at_tables_with_them(event):
    guest_import = import_now(event, xlsx([["Фамилия", "Имя"], ["Новиков", "Игорь"]]))
    factories.TableAssignmentFactory(program_item__event=event, attendee=Attendee.objects.get())
    guest_import_undo(guest_import=guest_import)
    assert Attendee.objects.count() == 0
    assert TableAssignment.objects.count() == 0


# ---------------------------------------------------------------------------------------------------
# Speed: the work is done in a few queries, whatever the length of the list


def guest_rows(count, start=0):
    return [
        [
            f"Фамилия{n}",
            f"Имя{n}",
            "",
            f"Организация {n % 7}",
            "Инженер",
            "engineer",
            f"guest{n}@example.org",
            "",
        ]
        for n in range(start, start + count)
    ]


def test_preview_and_confirm_run_a_few_queries_not_one_per_row(event, django_assert_max_num_queries):
    factories.PersonFactory.create_batch(5)
    for rows in (guest_rows(3), guest_rows(300, start=3)):
        with django_assert_max_num_queries(8):
            guest_import = preview(event, xlsx([HEADERS, *rows]))
        # Bulk writes come in batches (SQLite takes 999 values a query), history included: 300 rows
        # written one by one would be well over 1,000 queries.
        with django_assert_max_num_queries(40):
            guest_import_confirm(guest_import=guest_import)
    assert Attendee.objects.count() == 303


# ---------------------------------------------------------------------------------------------------
# The command line


def test_command_imports_and_prints_one_summary_line(event, tmp_path, capsys):
    path = tmp_path / "guests.xlsx"
    path.write_bytes(xlsx([HEADERS, *guest_rows(3)]))
    call_command("import_guests", str(path), "--event", "baikonur-70")
    assert capsys.readouterr().out == "new 3, updated 0, unchanged 0, errors 0\n"
    call_command("import_guests", str(path), "--event", "baikonur-70")
    assert capsys.readouterr().out == "new 0, updated 0, unchanged 3, errors 0\n"


def test_command_dry_run_writes_nothing(event, tmp_path, capsys):
    path = tmp_path / "guests.xlsx"
    path.write_bytes(xlsx([HEADERS, *guest_rows(3)]))
    call_command("import_guests", str(path), "--event", "baikonur-70", "--dry-run")
    assert capsys.readouterr().out == "new 3, updated 0, unchanged 0, errors 0 (dry run: nothing written)\n"
    assert Person.objects.count() == 0


def test_command_prints_row_errors_and_fails_writing_nothing(event, tmp_path, capsys):
    path = tmp_path / "guests.csv"
    path.write_bytes(
        csv_bytes([["Фамилия", "Имя", "Эл. почта"], ["Скляр", "Роман", "r@"], ["Мадиев", "Жаслан", ""]])
    )
    with pytest.raises(CommandError, match="Nothing was imported") as excinfo:
        call_command("import_guests", str(path), "--event", "baikonur-70")
    assert excinfo.value.returncode == 1
    output = capsys.readouterr()
    assert output.err == "row 2 (Скляр Роман), column «Эл. почта»: “r@” is not a valid email address\n"
    assert output.out == "new 1, updated 0, unchanged 0, errors 1\n"
    assert Person.objects.count() == 0


def test_command_names_an_unknown_event(tmp_path):
    path = tmp_path / "guests.csv"
    path.write_bytes(b"x")
    with pytest.raises(CommandError, match="No event with the short name “nowhere”"):
        call_command("import_guests", str(path), "--event", "nowhere")


# ---------------------------------------------------------------------------------------------------
# The admin pages: upload → preview → confirm


def test_admin_upload_preview_and_confirm(admin_client, event):
    data = xlsx([HEADERS, ["Иванов", "Пётр", "", "Роскосмос", "Инженер", "Инженер", "p@example.org", ""]])
    upload = io.BytesIO(data)
    upload.name = "гости.xlsx"
    response = admin_client.post(
        reverse("admin:ceremony_guestimport_add"), {"event": event.pk, "file": upload}
    )
    guest_import = GuestImport.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("admin:ceremony_guestimport_change", args=[guest_import.pk])
    assert Person.objects.count() == 0  # the preview writes no guest

    page = admin_client.get(response.url).content.decode()
    assert 'id="count-new">1<' in page
    assert "Иванов Пётр" in page
    assert 'name="confirm"' in page

    confirmed = admin_client.post(
        reverse("admin:ceremony_guestimport_confirm", args=[guest_import.pk]), follow=True
    )
    assert [str(message) for message in confirmed.context["messages"]] == [
        "Imported “гости.xlsx”: 1 new, 0 updated, 0 unchanged."
    ]
    assert Attendee.objects.get().person.email == "p@example.org"


def test_admin_preview_of_a_bad_file_shows_the_errors_and_no_confirm(admin_client, event):
    upload = io.BytesIO(b"%PDF-1.4\x00\x00\x00")
    upload.name = "list.pdf"
    response = admin_client.post(
        reverse("admin:ceremony_guestimport_add"), {"event": event.pk, "file": upload}, follow=True
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "This file is not a spreadsheet" in page
    assert 'name="confirm"' not in page


def test_admin_refuses_a_file_over_the_limit_on_the_form(admin_client, event, settings):
    settings.GUEST_IMPORT_MAX_BYTES = 1_000_000
    upload = io.BytesIO(b"x" * 1_500_000)
    upload.name = "big.csv"
    response = admin_client.post(
        reverse("admin:ceremony_guestimport_add"), {"event": event.pk, "file": upload}
    )
    assert response.status_code == 200
    assert response.context["form"].errors == {"file": ["The file is 1.5 MB; the limit is 1 MB."]}
    assert GuestImport.objects.count() == 0


def test_admin_preview_of_a_long_list_is_paged(admin_client, event):
    guest_import = preview(event, xlsx([HEADERS, *guest_rows(1500)]))
    page = admin_client.get(reverse("admin:ceremony_guestimport_change", args=[guest_import.pk]))
    assert len(page.context["rows"]) == 100
    assert len(page.content) < 200_000
    report = admin_client.get(reverse("admin:ceremony_guestimport_report", args=[guest_import.pk]))
    assert report.content.decode("utf-8-sig").count("guest1499@example.org") == 1


def test_admin_undo_button_undoes(admin_client, event):
    guest_import = import_now(event, xlsx([["Фамилия", "Имя"], ["Новиков", "Игорь"]]))
    response = admin_client.post(
        reverse("admin:ceremony_guestimport_undo", args=[guest_import.pk]), follow=True
    )
    assert [str(message) for message in response.context["messages"]] == [
        "The import of “guests.xlsx” was undone."
    ]
    assert Person.objects.count() == 0


def test_attendee_list_links_to_the_import(admin_client, event):
    page = admin_client.get(reverse("admin:ceremony_attendee_changelist"), {"event__id__exact": event.pk})
    assert f'href="{reverse("admin:ceremony_guestimport_add")}?event={event.pk}"' in page.content.decode()


def test_rsvp_column_reads_labels(event):
    import_now(event, xlsx([["Family name", "Given name", "RSVP"], ["A", "B", "Confirmed"]]))
    assert Attendee.objects.get().rsvp_status == RsvpStatus.CONFIRMED


def _truncated_workbook():
    data = xlsx([["Family name", "Given name"], *[[f"Name{n}", "Given"] for n in range(200)]])
    return data[: len(data) // 2]


@pytest.mark.parametrize(
    "data",
    [
        bytes(range(256)) * 40,
        _truncated_workbook(),
        b"Family name,Given name\n" + b"A," + b"x" * 200_000 + b"\n",
        'Фамилия;Имя\n"Незакрытая;кавычка\n'.encode("cp1251"),
        b"\xef\xbb\xbf" + b"\n" * 5000,
    ],
    ids=["random-bytes", "truncated-xlsx", "one-huge-cell", "unclosed-quote", "only-blank-lines"],
)
def test_no_bad_file_gives_a_server_error(admin_client, event, data):
    upload = io.BytesIO(data)
    upload.name = "list.csv"
    response = admin_client.post(
        reverse("admin:ceremony_guestimport_add"), {"event": event.pk, "file": upload}, follow=True
    )
    assert response.status_code == 200
    guest_import = GuestImport.objects.get()
    assert guest_import.status == GuestImport.Status.HAS_ERRORS
    assert escape(guest_import.errors[0]["message"]) in response.content.decode()
    assert Person.objects.count() == 0


def test_preview_with_errors_still_shows_what_the_good_rows_would_do(admin_client, event):
    guest_import = preview(
        event, xlsx([["Фамилия", "Имя", "Эл. почта"], ["Скляр", "Роман", ""], ["Мадиев", "Жаслан", "m@"]])
    )
    page = admin_client.get(
        reverse("admin:ceremony_guestimport_change", args=[guest_import.pk])
    ).content.decode()
    assert "Скляр Роман" in page
    assert "is not a valid email address" in page
    assert 'name="confirm"' not in page


# ---------------------------------------------------------------------------------------------------
# Rules the database keeps are checked before confirm, so confirm never fails halfway


def test_departure_before_arrival_is_a_row_error(event):
    data = xlsx(
        [["Family name", "Given name", "Arrival", "Departure"], ["A", "B", "02.06.2025 10:00", "01.06.2025"]]
    )
    assert [(e["row"], e["column"], e["message"]) for e in preview(event, data).errors] == [
        (2, "Departure", "is not after the arrival")
    ]


def test_departure_before_a_stored_arrival_is_an_error(event):
    attendee = factories.AttendeeFactory(
        event=event,
        person=factories.PersonFactory(family_name="Скляр", given_name="Роман", email="r@example.kz"),
        arrival=datetime.datetime(2025, 6, 2, 8, tzinfo=datetime.UTC),
    )
    data = xlsx(
        [["Фамилия", "Имя", "Эл. почта", "Дата отъезда"], ["Скляр", "Роман", "r@example.kz", "01.06.2025"]]
    )
    guest_import = preview(event, data)
    assert [e["message"] for e in guest_import.errors] == ["is not after the arrival already recorded"]
    attendee.refresh_from_db()
    assert attendee.departure is None


@pytest.mark.parametrize(
    ("header", "value", "message"),
    [
        ("Organization", "x" * 300, "is longer than 255 characters"),
        ("Arrival", "01.01.0001", "is not a date"),
    ],
)
def test_values_the_database_would_refuse_are_row_errors(event, header, value, message):
    guest_import = preview(event, xlsx([["Family name", "Given name", header], ["A", "B", value]]))
    assert guest_import.errors[0]["message"].startswith(message)


def test_a_person_listed_with_and_without_email_is_one_person(event):
    data = xlsx(
        [
            ["Фамилия", "Имя", "Эл. почта", "Телефон"],
            ["Иванов", "Иван", "ivan@example.org", ""],
            ["Иванов", "Иван", "", "87011234567"],
        ]
    )
    first = import_now(event, data)
    assert (first.new_count, Person.objects.count()) == (1, 1)
    assert Person.objects.get().phone == "+77011234567"
    again = import_now(event, data)
    assert (again.new_count, again.updated_count, again.unchanged_count) == (0, 0, 1)


def test_preview_shows_old_and_new_values_of_a_known_person_new_to_the_event(admin_client, event):
    factories.PersonFactory(
        family_name="Гришин", given_name="Дмитрий", email="d@example.kz", phone="+77010000001"
    )
    guest_import = preview(
        event,
        xlsx(
            [["Фамилия", "Имя", "Эл. почта", "Телефон"], ["Гришин", "Дмитрий", "d@example.kz", "87010000002"]]
        ),
        overwrite=True,
    )
    page = admin_client.get(reverse("admin:ceremony_guestimport_change", args=[guest_import.pk]))
    assert page.context["rows"][0]["changes"] == [("Phone", "+77010000001", "+77010000002")]


# ---------------------------------------------------------------------------------------------------
# Undo, when the imported records have been used or edited since


def test_undo_keeps_an_organization_someone_else_now_uses(event):
    guest_import = import_now(event, xlsx([["Фамилия", "Имя", "Организация"], ["Новиков", "Игорь", "Новая"]]))
    organization = Organization.objects.get(name_ru="Новая")  # the list is in Russian
    factories.DelegationFactory(event=event, organization=organization)
    guest_import_undo(guest_import=guest_import)
    assert Person.objects.count() == 0
    assert Organization.objects.filter(pk=organization.pk).exists()


def test_undo_removes_an_organization_made_for_an_updated_person(event):
    person = factories.PersonFactory(family_name="Гришин", given_name="Дмитрий", email="d@example.kz")
    factories.AttendeeFactory(event=event, person=person)
    data = xlsx(
        [["Фамилия", "Имя", "Эл. почта", "Организация"], ["Гришин", "Дмитрий", "d@example.kz", "Новая"]]
    )
    guest_import_undo(guest_import=import_now(event, data))
    person.refresh_from_db()
    assert person.organization is None
    assert Organization.objects.count() == 0


def test_undo_refuses_when_a_column_the_file_did_not_have_was_edited(event):
    guest_import = import_now(event, xlsx([["Фамилия", "Имя"], ["Новиков", "Игорь"]]))
    Person.objects.update(biography="Written by hand after the import")
    with pytest.raises(Exception, match=r"Новиков Игорь \(short biography\)"):
        guest_import_undo(guest_import=guest_import)
    assert Person.objects.count() == 1


def test_undo_refuses_when_an_imported_guest_heads_a_delegation(event):
    guest_import = import_now(event, xlsx([["Фамилия", "Имя"], ["Новиков", "Игорь"]]))
    factories.DelegationFactory(event=event, head=Attendee.objects.get())
    with pytest.raises(Exception, match="Новиков Игорь heads a delegation"):
        guest_import_undo(guest_import=guest_import)
    assert Attendee.objects.count() == 1


def test_command_dry_run_and_failed_imports_leave_no_record(event, tmp_path, capsys):
    path = tmp_path / "guests.csv"
    path.write_bytes(csv_bytes([["Фамилия", "Имя"], ["Скляр", "Роман"]]))
    call_command("import_guests", str(path), "--event", "baikonur-70", "--dry-run")
    assert GuestImport.objects.count() == 0


def test_command_refuses_a_separator_of_two_characters(event, tmp_path):
    path = tmp_path / "guests.csv"
    path.write_bytes(b"x")
    with pytest.raises(CommandError, match="The CSV separator is one character"):
        call_command("import_guests", str(path), "--event", "baikonur-70", "--delimiter", ";;")


def test_a_known_person_without_an_organization_gets_the_new_one_the_list_names(event):
    person = factories.PersonFactory(family_name="Гришин", given_name="Дмитрий", email="d@example.kz")
    factories.AttendeeFactory(event=event, person=person)
    data = xlsx(
        [["Фамилия", "Имя", "Эл. почта", "Организация"], ["Гришин", "Дмитрий", "d@example.kz", "Новая"]]
    )
    guest_import = import_now(event, data)
    assert (guest_import.new_count, guest_import.updated_count, guest_import.unchanged_count) == (0, 1, 0)
    assert guest_import.preview[0]["changes"] == {"organization": ["", "Новая"]}
    person.refresh_from_db()
    assert person.organization.name == "Новая"
    guest_import_undo(guest_import=guest_import)
    person.refresh_from_db()
    assert person.organization is None
    assert Organization.objects.count() == 0
