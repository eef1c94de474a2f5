"""Guest lists as they really arrive: the words people write, values mapped once, the list fixed in the
preview, and lines that are not guests.

Lists are generated (tests/test_import.py's xlsx and csv_bytes); the admin's preview is driven through
its own forms with the test client.
"""

import threading
import time

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.urls import reverse

from ceremony.enums import AttendeeCategory, RsvpStatus
from ceremony.guest_lists.services import guest_import_cell_fix, guest_import_confirm, guest_import_preview
from ceremony.models import Attendee, GuestImport, Person, ValueMapping
from tests import factories
from tests.test_import import csv_bytes, xlsx

pytestmark = pytest.mark.django_db


@pytest.fixture
def event(private_root):
    return factories.EventFactory(slug="baikonur-70", default_language="ru")


def preview(event, rows, **options):
    return guest_import_preview(event=event, data=xlsx(rows), file_name="список.xlsx", **options)


def guests_with(column, values):
    """A list of one guest per value, the value in `column`."""
    rows = [["Фамилия", "Имя", column]]
    rows += [[f"Гость{n}", "Иван", value] for n, value in enumerate(values)]
    return rows


# ---------------------------------------------------------------------------------------------------
# The words people write


@pytest.mark.parametrize(
    ("word", "category"),
    [
        ("Официальное лицо", AttendeeCategory.GOVERNMENT_OFFICIAL),
        ("госслужащий", AttendeeCategory.GOVERNMENT_OFFICIAL),
        ("Государственный служащий", AttendeeCategory.GOVERNMENT_OFFICIAL),
        ("Ресми тұлға", AttendeeCategory.GOVERNMENT_OFFICIAL),
        ("Officials", AttendeeCategory.GOVERNMENT_OFFICIAL),
        ("СМИ", AttendeeCategory.PRESS),
        ("БАҚ", AttendeeCategory.PRESS),
        ("пресса", AttendeeCategory.PRESS),
        ("Журналист", AttendeeCategory.PRESS),
        ("Ветераны", AttendeeCategory.VETERAN),
        ("Ветеран труда", AttendeeCategory.VETERAN),
        ("ардагерлер", AttendeeCategory.VETERAN),
        ("Студенты", AttendeeCategory.STUDENT),
        ("Молодёжь", AttendeeCategory.STUDENT),
        ("молодежь", AttendeeCategory.STUDENT),
        ("Жастар", AttendeeCategory.STUDENT),
        ("Жители", AttendeeCategory.RESIDENT),
        ("Гость", AttendeeCategory.OTHER),
        ("Представитель отрасли", AttendeeCategory.SPACE_INDUSTRY),
        ("Ғарышкер", AttendeeCategory.COSMONAUT),
        ("Государственное должностное лицо", AttendeeCategory.GOVERNMENT_OFFICIAL),
        ("dignitary", AttendeeCategory.DIGNITARY),
    ],
)
def test_category_words_organizers_write_in_three_languages(event, word, category):
    guest_import = preview(event, guests_with("Категория", [word]))

    assert guest_import.errors == []
    guest_import_confirm(guest_import=guest_import)
    assert Attendee.objects.get().category == category


@pytest.mark.parametrize(
    ("column", "word", "field", "expected"),
    [
        ("Статус", "Подтвердил", "rsvp_status", RsvpStatus.CONFIRMED),
        ("Ответ", "да", "rsvp_status", RsvpStatus.CONFIRMED),
        ("Статус", "отказ", "rsvp_status", RsvpStatus.DECLINED),
        ("Статус", "Шақырылды", "rsvp_status", RsvpStatus.INVITED),
        ("Язык", "русский", "person__preferred_language", "ru"),
        ("Язык", "қазақша", "person__preferred_language", "kk"),
        ("Язык", "англ", "person__preferred_language", "en"),
        ("Страна", "РФ", "person__country", "RU"),
        ("Страна", "Қазақстан", "person__country", "KZ"),
        ("Страна", "Китай", "person__country", "CN"),
    ],
)
def test_rsvp_language_and_country_words(event, column, word, field, expected):
    guest_import = preview(event, guests_with(column, [word]))

    assert guest_import.errors == []
    guest_import_confirm(guest_import=guest_import)
    assert Attendee.objects.values_list(field, flat=True).get() == expected


# ---------------------------------------------------------------------------------------------------
# An unknown value is one problem, whatever the number of rows


def test_an_unknown_value_is_one_problem_with_its_count_and_first_rows(event):
    values = ["Космические войска"] * 40 + ["Ветераны"] + ["Инопланетяне"] * 2
    guest_import = preview(event, guests_with("Категория", values))

    assert guest_import.status == GuestImport.Status.HAS_ERRORS
    assert guest_import.error_count == 2
    first, second = guest_import.errors
    assert (first["column"], first["value"], first["count"]) == ("Категория", "Космические войска", 40)
    assert first["message"] == "is not a category — 40 rows (2, 3, 4, 5, 6, 7, 8, 9, 10, 11, …)"
    assert second["message"] == "is not a category — 2 rows (43, 44)"


def test_an_unknown_value_mapped_in_the_preview_is_remembered_for_the_event(admin_client, event):
    guest_import = preview(event, guests_with("Категория", ["Космические войска"] * 3 + ["Гости"]))
    page = admin_client.get(reverse("admin:ceremony_guestimport_change", args=[guest_import.pk]))
    assert 'list="options-category"' in page.content.decode()

    response = admin_client.post(
        reverse("admin:ceremony_guestimport_decide", args=[guest_import.pk]),
        {"action": "map", "column": "category", "value": "Космические войска", "target": "Engineer"},
    )

    assert response.status_code == 302
    guest_import.refresh_from_db()
    assert guest_import.status == GuestImport.Status.PREVIEWED
    assert guest_import.new_count == 4
    mapping = ValueMapping.objects.get()
    assert (mapping.event, mapping.column, mapping.value, mapping.target) == (
        event,
        "category",
        "Космические войска",
        "engineer",
    )
    # A later list of the event reads the word too.
    later = preview(event, guests_with("Категория", ["космические  войска"]))
    assert later.errors == []


def test_a_value_mapped_to_nothing_leaves_the_cell_blank(admin_client, event):
    guest_import = preview(event, guests_with("Страна", ["Байконур"]))
    admin_client.post(
        reverse("admin:ceremony_guestimport_decide", args=[guest_import.pk]),
        {"action": "map", "column": "country", "value": "Байконур", "target": ""},
    )
    guest_import.refresh_from_db()
    guest_import_confirm(guest_import=guest_import)
    assert Attendee.objects.get().person.country == ""


def test_a_mapping_to_something_that_is_no_choice_is_refused_with_the_reason(admin_client, event):
    guest_import = preview(event, guests_with("Категория", ["Космические войска"]))
    response = admin_client.post(
        reverse("admin:ceremony_guestimport_decide", args=[guest_import.pk]),
        {"action": "map", "column": "category", "value": "Космические войска", "target": "Марсиане"},
        follow=True,
    )
    assert "«Марсиане» is not a category" in response.content.decode()
    assert not ValueMapping.objects.exists()


def test_the_command_line_takes_mappings_and_remembers_them(event, tmp_path):
    path = tmp_path / "список.csv"
    path.write_bytes(csv_bytes(guests_with("Категория", ["Космические войска", "Гости"])))

    with pytest.raises(CommandError):
        call_command("import_guests", str(path), "--event", "baikonur-70")
    call_command(
        "import_guests", str(path), "--event", "baikonur-70", "--map", "Категория:Космические войска=Инженер"
    )

    assert sorted(Attendee.objects.values_list("category", flat=True)) == ["engineer", "other"]
    assert ValueMapping.objects.get().target == "engineer"
    # Remembered: the next list needs no --map.
    path.write_bytes(csv_bytes(guests_with("Категория", ["Космические войска"])))
    call_command("import_guests", str(path), "--event", "baikonur-70")


def test_a_dry_run_of_the_command_line_remembers_no_mapping(event, tmp_path):
    path = tmp_path / "список.csv"
    path.write_bytes(csv_bytes(guests_with("Категория", ["Космические войска"])))
    call_command(
        "import_guests",
        str(path),
        "--event",
        "baikonur-70",
        "--dry-run",
        "--map",
        "Категория:Космические войска=staff",
    )
    assert not ValueMapping.objects.exists()


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("Категория=staff", "write it as HEADER:VALUE=TARGET"),
        ("Фамилия:Ким=staff", "is not a column whose values can be mapped"),
        ("Категория:Гости=Марсиане", "«Марсиане» is not a category"),
    ],
)
def test_a_bad_mapping_on_the_command_line_says_why(event, tmp_path, spec, message):
    path = tmp_path / "список.csv"
    path.write_bytes(csv_bytes(guests_with("Категория", ["Гости"])))
    with pytest.raises(CommandError, match=message):
        call_command("import_guests", str(path), "--event", "baikonur-70", "--map", spec)
    assert not Attendee.objects.exists()


def test_the_command_line_says_how_to_map_an_unknown_value(event, tmp_path, capsys):
    path = tmp_path / "список.csv"
    path.write_bytes(csv_bytes(guests_with("Категория", ["Космические войска"] * 3)))
    with pytest.raises(CommandError):
        call_command("import_guests", str(path), "--event", "baikonur-70")
    assert '--map "Категория:Космические войска=TARGET"' in capsys.readouterr().err


# ---------------------------------------------------------------------------------------------------
# Fixed in the preview, still all or nothing


def decide(client, guest_import, **data):
    return client.post(reverse("admin:ceremony_guestimport_decide", args=[guest_import.pk]), data)


def test_a_cell_corrected_in_the_preview_is_checked_again_and_imported(admin_client, event):
    guest_import = preview(
        event,
        [
            ["Фамилия", "Имя", "Эл. почта"],
            ["Аубакиров", "Тохтар", "t@example.kz"],
            ["Мусабаев", "Талгат", "talgat@"],
        ],
    )
    assert [error["column_key"] for error in guest_import.errors] == ["email"]

    decide(admin_client, guest_import, action="fix", row=3, column="email", text="talgat@example.kz")

    guest_import.refresh_from_db()
    assert (guest_import.status, guest_import.errors, guest_import.new_count) == ("previewed", [], 2)
    guest_import_confirm(guest_import=guest_import)
    assert Attendee.objects.get(person__family_name="Мусабаев").person.email == "talgat@example.kz"


def test_a_correction_that_is_still_wrong_stays_a_problem(admin_client, event):
    guest_import = preview(event, [["Фамилия", "Имя", "Эл. почта"], ["Мусабаев", "Талгат", "talgat@"]])
    decide(admin_client, guest_import, action="fix", row=2, column="email", text="still wrong")
    guest_import.refresh_from_db()
    assert [(error["row"], error["value"]) for error in guest_import.errors] == [(2, "still wrong")]


def test_a_row_skipped_in_the_preview_is_listed_and_not_imported(admin_client, event):
    guest_import = preview(
        event,
        [
            ["Фамилия", "Имя", "Эл. почта"],
            ["Аубакиров", "Тохтар", "t@example.kz"],
            ["Мусабаев", "Талгат", "talgat@"],
        ],
    )
    decide(admin_client, guest_import, action="skip", row=3)

    guest_import.refresh_from_db()
    assert guest_import.status == GuestImport.Status.PREVIEWED
    assert [(line["row"], line["name"], line["reason"]) for line in guest_import.skipped] == [
        (3, "Мусабаев Талгат", "skipped in the preview")
    ]
    page = admin_client.get(
        reverse("admin:ceremony_guestimport_change", args=[guest_import.pk])
    ).content.decode()
    assert "Read it again" in page
    guest_import_confirm(guest_import=guest_import)
    assert list(Attendee.objects.values_list("person__family_name", flat=True)) == ["Аубакиров"]


def test_a_skipped_row_can_be_read_again(admin_client, event):
    guest_import = preview(event, [["Фамилия", "Имя"], ["Аубакиров", "Тохтар"], ["Мусабаев", "Талгат"]])
    decide(admin_client, guest_import, action="skip", row=3)
    decide(admin_client, guest_import, action="unskip", row=3)
    guest_import.refresh_from_db()
    assert (guest_import.new_count, guest_import.skipped) == (2, [])


def test_an_imported_list_takes_no_more_decisions(admin_client, event):
    guest_import = preview(event, [["Фамилия", "Имя"], ["Аубакиров", "Тохтар"]])
    guest_import_confirm(guest_import=guest_import)
    response = decide(admin_client, guest_import, action="skip", row=2)
    assert response.status_code == 302
    guest_import.refresh_from_db()
    assert guest_import.skipped == []
    assert Attendee.objects.count() == 1


def test_decisions_need_the_right_to_import(client, event):
    guest_import = preview(event, [["Фамилия", "Имя"], ["Аубакиров", "Тохтар"]])
    viewer = factories.UserFactory(is_staff=True)
    client.force_login(viewer)
    response = decide(client, guest_import, action="skip", row=2)
    assert response.status_code == 403


@pytest.mark.parametrize(
    "data",
    [
        {"action": "explode", "row": 2},
        {"action": "fix", "row": "два", "column": "email", "text": "x"},
        {"action": "fix", "row": 2, "column": "no_such_column", "text": "x"},
        {"action": "skip"},
        {"action": "map", "column": "family_name", "value": "x", "target": "y"},
        {"action": "fix", "row": 2, "column": "email", "text": "a\x00b" * 700},
    ],
)
def test_bad_decisions_are_refused_with_a_message_not_a_crash(admin_client, event, data):
    guest_import = preview(event, [["Фамилия", "Имя", "Эл. почта"], ["Аубакиров", "Тохтар", "t@"]])
    response = admin_client.post(
        reverse("admin:ceremony_guestimport_decide", args=[guest_import.pk]), data, follow=True
    )
    assert response.status_code == 200
    assert Attendee.objects.count() == 0


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite lets one writer at a time anyway")
@pytest.mark.django_db(transaction=True)
def test_two_organizers_deciding_at_once_both_keep_their_decision(event):
    """The second decision waits for the first one's check and adds to it; it must not put back the
    decisions it would have read before the first was committed."""
    guest_import = preview(
        event,
        [["Фамилия", "Имя", "Эл. почта"], ["Аубакиров", "Тохтар", "t@"], ["Мусабаев", "Талгат", "talgat@"]],
    )
    first_decided, commit_first = threading.Event(), threading.Event()

    def first():
        try:
            with transaction.atomic():
                locked = GuestImport.objects.select_for_update().get(pk=guest_import.pk)
                locked.decisions["skip"] = [2]
                locked.save(update_fields=["decisions"])
                first_decided.set()
                commit_first.wait(10)
        finally:
            connection.close()

    def second():
        try:
            first_decided.wait(10)
            guest_import_cell_fix(guest_import=guest_import, row=3, column_key="email", text="t@example.kz")
        finally:
            connection.close()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    first_decided.wait(10)
    time.sleep(0.5)  # the second decision now waits for the first one's lock
    commit_first.set()
    for thread in threads:
        thread.join(20)
    guest_import.refresh_from_db()
    assert (guest_import.decisions["skip"], guest_import.decisions["cells"]) == (
        [2],
        {"3": {"email": "t@example.kz"}},
    )
    assert (guest_import.status, guest_import.new_count, guest_import.errors) == ("previewed", 1, [])


def test_a_long_list_is_checked_again_by_a_job(admin_client, event, settings):
    settings.GUEST_IMPORT_JOB_ROWS = 3
    rows = [["Фамилия", "Имя", "Эл. почта"]] + [[f"Гость{n}", "Иван", f"g{n}@example.org"] for n in range(5)]
    rows.append(["Мусабаев", "Талгат", "talgat@"])
    guest_import = guest_import_preview(event=event, data=xlsx(rows), file_name="список.xlsx")
    response = decide(admin_client, guest_import, action="fix", row=7, column="email", text="t@example.kz")
    guest_import.refresh_from_db()
    assert response.url == reverse("admin:ceremony_job_change", args=[guest_import.job_id])
    # The immediate backend ran it: the preview is back, fixed.
    assert (guest_import.status, guest_import.new_count) == ("previewed", 6)


# ---------------------------------------------------------------------------------------------------
# Lines that are not guests


def test_titles_totals_signatures_and_repeated_headers_are_skipped_and_listed(event):
    rows = [
        ["Список приглашённых на 70-летие г. Байконур", None, None],
        ["Фамилия", "Имя", "Эл. почта"],
        ["Делегация Российской Федерации", None, None],
        ["Аубакиров", "Тохтар", "t@example.kz"],
        ["Фамилия", "Имя", "Эл. почта"],
        ["Мусабаев", "Талгат", "m@example.kz"],
        ["Итого: 2", None, None],
        ["Исполнитель: Иванова А.", "тел. 8 7172 00 00 00", None],
    ]
    guest_import = preview(event, rows)

    assert guest_import.errors == []
    assert guest_import.new_count == 2
    assert [(line["row"], line["reason"]) for line in guest_import.skipped] == [
        (3, "a line with a single value (a title?), not a guest"),
        (5, "repeats the header row"),
        (7, "a signature, total or note, not a guest"),
        (8, "a signature, total or note, not a guest"),
    ]


def test_a_line_whose_guest_cells_hold_only_invisible_characters_is_skipped(event):
    rows = [
        ["Фамилия", "Имя", "Раздел"],
        ["\u200b", " \u00a0 ", "Делегация Республики Казахстан"],
        ["Аубакиров", "Тохтар", None],
    ]
    guest_import = preview(event, rows)

    assert guest_import.errors == []
    assert guest_import.new_count == 1
    assert [(line["row"], line["reason"]) for line in guest_import.skipped] == [
        (2, "a line with a single value (a title?), not a guest")
    ]


def test_a_lone_name_is_a_guest_to_complete_not_a_skipped_line(event):
    guest_import = preview(event, [["Фамилия", "Имя"], ["Аубакиров", "Тохтар"], ["Мусабаев", None]])
    assert [(error["row"], error["name"], error["column"]) for error in guest_import.errors] == [
        (3, "Мусабаев", "Имя")
    ]


def test_the_preview_shows_whose_row_a_problem_is_and_its_buttons_twice(admin_client, event):
    guest_import = preview(event, [["Фамилия", "Имя", "Эл. почта"], ["Мусабаев", "Талгат", "talgat@"]])
    page = admin_client.get(
        reverse("admin:ceremony_guestimport_change", args=[guest_import.pk])
    ).content.decode()
    assert "Мусабаев Талгат" in page
    assert 'id="import-buttons-top"' in page
    assert 'id="import-buttons-bottom"' in page
    assert "Will be added" in page


def test_the_preview_of_ten_thousand_rows_stays_under_a_megabyte(
    admin_client, event, django_assert_max_num_queries
):
    from_book = [
        factories.PersonFactory.build(
            family_name=f"Известный{n}",
            given_name="Пётр",
            email=f"known{n}@example.org",
            position_ru="Инженер",
        )
        for n in range(3000)
    ]
    Person.objects.bulk_create(from_book)
    rows = [["Фамилия", "Имя", "Эл. почта", "Должность", "Категория"]]
    rows += [
        [f"Известный{n}", "Пётр", f"known{n}@example.org", "Главный инженер", "Ветеран"] for n in range(3000)
    ]
    rows += [[f"Новый{n}", "Иван", f"new{n}@example.org", "Студент", "Студенты"] for n in range(6000)]
    rows += [[f"Ошибочный{n}", "Иван", f"bad{n}@", "", f"Слово{n % 300}"] for n in range(1000)]
    guest_import = guest_import_preview(event=event, data=csv_bytes(rows), file_name="большой.csv")
    assert guest_import.error_count == 1300  # 1,000 bad addresses, 300 distinct unknown words

    with django_assert_max_num_queries(20):
        page = admin_client.get(reverse("admin:ceremony_guestimport_change", args=[guest_import.pk]))

    assert len(page.content) < 1_000_000, len(page.content)
    assert "Stored values the file would replace" in page.content.decode()
