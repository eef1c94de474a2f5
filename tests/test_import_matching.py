"""Guest lists over an address book that knows people already: stored values are not downgraded
without the organizer's word, and a guest who may be someone stored is asked about, not duplicated.

(Who may be the same as whom is tests/test_similar_people.py; here is what the preview and the command
line do with it.)
"""

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from ceremony.enums import AttendeeCategory
from ceremony.guest_lists.report import report_csv
from ceremony.guest_lists.services import guest_import_confirm, guest_import_preview
from ceremony.models import Attendee, GuestImport, Person
from tests import factories
from tests.test_import import csv_bytes, xlsx

pytestmark = pytest.mark.django_db


@pytest.fixture
def event(private_root):
    return factories.EventFactory(slug="baikonur-70", default_language="ru")


@pytest.fixture
def cosmonaut(event):
    """Aidyn Aimbetov as the address book knows him, attending the event as a cosmonaut."""
    attendee = factories.AttendeeFactory(
        event=event,
        category=AttendeeCategory.COSMONAUT,
        person__family_name="Аимбетов",
        person__given_name="Айдын",
        person__patronymic="Аканович",
        person__email="aimbetov@example.kz",
        person__phone="",
        person__position_ru="Лётчик-космонавт Республики Казахстан, Герой Казахстана",
    )
    return attendee


def decide(client, guest_import, **data):
    return client.post(reverse("admin:ceremony_guestimport_decide", args=[guest_import.pk]), data)


def ministry_list(category="Официальное лицо", position="Космонавт", phone="+77011234567"):
    return xlsx(
        [
            ["Фамилия", "Имя", "Отчество", "Эл. почта", "Категория", "Должность", "Телефон"],
            ["Аимбетов", "Айдын", "Аканович", "aimbetov@example.kz", category, position, phone],
        ]
    )


# ---------------------------------------------------------------------------------------------------
# Stored values are kept unless the organizer accepts the file's


def test_a_stored_value_the_file_would_replace_is_kept_and_shown_and_a_blank_is_filled(
    admin_client, event, cosmonaut
):
    guest_import = guest_import_preview(event=event, data=ministry_list(), file_name="минобороны.xlsx")

    assert guest_import.proposals[0]["changes"] == {
        "position": ["Лётчик-космонавт Республики Казахстан, Герой Казахстана", "Космонавт"],
        "category": ["cosmonaut", "government_official"],
    }
    page = admin_client.get(
        reverse("admin:ceremony_guestimport_change", args=[guest_import.pk])
    ).content.decode()
    assert "Stored values the file would replace" in page
    assert "Take the file’s value" in page
    guest_import_confirm(guest_import=guest_import)
    cosmonaut.refresh_from_db()
    cosmonaut.person.refresh_from_db()
    assert cosmonaut.category == AttendeeCategory.COSMONAUT
    assert cosmonaut.person.position_ru.startswith("Лётчик-космонавт")
    assert cosmonaut.person.phone == "+77011234567"  # it was blank: filled


def test_one_field_accepted_in_the_preview_is_written_the_others_kept(admin_client, event, cosmonaut):
    guest_import = guest_import_preview(event=event, data=ministry_list(), file_name="минобороны.xlsx")

    decide(admin_client, guest_import, action="accept", row=2, column="position")

    guest_import.refresh_from_db()
    assert guest_import.preview[0]["changes"]["position"][1] == "Космонавт"
    assert list(guest_import.proposals[0]["changes"]) == ["category"]
    guest_import_confirm(guest_import=guest_import)
    cosmonaut.refresh_from_db()
    assert (cosmonaut.category, Person.objects.get().position_ru) == ("cosmonaut", "Космонавт")


def test_a_column_accepted_for_all_rows_and_then_every_value_kept_again(admin_client, event, cosmonaut):
    guest_import = guest_import_preview(event=event, data=ministry_list(), file_name="минобороны.xlsx")
    decide(admin_client, guest_import, action="accept_column", column="category")
    guest_import.refresh_from_db()
    assert guest_import.updated_count == 1
    assert "category" in guest_import.preview[0]["changes"]

    decide(admin_client, guest_import, action="keep")

    guest_import.refresh_from_db()
    assert (guest_import.updated_count, guest_import.unchanged_count) == (1, 0)  # the phone fills a blank
    assert "category" not in guest_import.preview[0]["changes"]
    assert set(guest_import.proposals[0]["changes"]) == {"category", "position"}


def test_the_report_lists_the_values_kept(event, cosmonaut):
    guest_import = guest_import_preview(event=event, data=ministry_list(), file_name="минобороны.xlsx")
    report = report_csv(guest_import).decode("utf-8-sig")
    assert '"2","kept","Аимбетов Айдын Аканович","Category","Cosmonaut","Government official"' in report


def test_the_command_line_keeps_stored_values_unless_told_to_overwrite(event, cosmonaut, tmp_path, capsys):
    path = tmp_path / "минобороны.csv"
    rows = [
        ["Фамилия", "Имя", "Отчество", "Эл. почта", "Категория"],
        ["Аимбетов", "Айдын", "Аканович", "aimbetov@example.kz", "Официальное лицо"],
    ]
    path.write_bytes(csv_bytes(rows))

    call_command("import_guests", str(path), "--event", "baikonur-70")
    err = capsys.readouterr().err
    assert "row 2: kept Category “cosmonaut” (the file says “government_official”)" in err
    assert "give --overwrite to replace them" in err
    assert Attendee.objects.get().category == "cosmonaut"

    call_command("import_guests", str(path), "--event", "baikonur-70", "--overwrite")
    assert Attendee.objects.get().category == "government_official"


# ---------------------------------------------------------------------------------------------------
# A guest who may be someone stored


def look_alike_list():
    return xlsx(
        [
            ["Фамилия", "Имя", "Отчество", "Категория"],
            ["Айымбетов", "Айдын", "Аканович", "Космонавт"],
            ["Мусабаев", "Талгат", "Амангельдиевич", "Космонавт"],
        ]
    )


def test_a_guest_who_may_be_someone_stored_is_flagged_with_who_they_may_be(admin_client, event, cosmonaut):
    guest_import = guest_import_preview(event=event, data=look_alike_list(), file_name="гости.xlsx")

    page = admin_client.get(
        reverse("admin:ceremony_guestimport_change", args=[guest_import.pk])
    ).content.decode()
    assert "Possibly already in the address book" in page
    assert "Аимбетов Айдын Аканович" in page
    assert "aimbetov@example.kz" in page
    assert page.count('name="same"') == 1


def test_said_to_be_the_same_person_the_guest_is_not_duplicated(admin_client, event, cosmonaut):
    guest_import = guest_import_preview(event=event, data=look_alike_list(), file_name="гости.xlsx")

    decide(admin_client, guest_import, action="same", row=2, person=cosmonaut.person.pk)

    guest_import.refresh_from_db()
    assert (guest_import.new_count, guest_import.unchanged_count) == (1, 1)
    guest_import_confirm(guest_import=guest_import)
    assert sorted(Person.objects.values_list("family_name", flat=True)) == ["Аимбетов", "Мусабаев"]


def test_said_to_be_a_different_person_the_guest_is_added_and_no_longer_flagged(
    admin_client, event, cosmonaut
):
    guest_import = guest_import_preview(event=event, data=look_alike_list(), file_name="гости.xlsx")

    decide(admin_client, guest_import, action="new", row=2)

    guest_import.refresh_from_db()
    assert guest_import.new_count == 2
    assert not any(entry.get("similar") for entry in guest_import.preview)
    guest_import_confirm(guest_import=guest_import)
    assert Person.objects.count() == 3


def test_the_command_line_reports_look_alikes_and_takes_same_as(event, cosmonaut, tmp_path, capsys):
    path = tmp_path / "гости.xlsx"
    path.write_bytes(look_alike_list())

    call_command("import_guests", str(path), "--event", "baikonur-70", "--dry-run")
    assert f"row 2: possibly the same as #{cosmonaut.person.pk}" in capsys.readouterr().err

    call_command(
        "import_guests", str(path), "--event", "baikonur-70", "--same-as", f"2={cosmonaut.person.pk}"
    )
    assert Person.objects.count() == 2
    guest_import = GuestImport.objects.get()
    assert guest_import.decisions["same_as"] == {"2": cosmonaut.person.pk}


def test_the_command_line_imports_a_look_alike_as_someone_new_by_default(event, cosmonaut, tmp_path):
    path = tmp_path / "гости.xlsx"
    path.write_bytes(look_alike_list())
    call_command("import_guests", str(path), "--event", "baikonur-70")
    assert Person.objects.count() == 3


@pytest.mark.parametrize("spec", ["2", "два=5", "2=x"])
def test_a_bad_same_as_says_how_to_write_it(event, tmp_path, spec):
    path = tmp_path / "гости.xlsx"
    path.write_bytes(look_alike_list())
    with pytest.raises(CommandError, match="write it as ROW=PERSON_ID"):
        call_command("import_guests", str(path), "--event", "baikonur-70", "--same-as", spec)


def test_a_same_as_naming_nobody_is_an_error_on_its_row(event, tmp_path):
    path = tmp_path / "гости.xlsx"
    path.write_bytes(look_alike_list())
    with pytest.raises(CommandError):
        call_command("import_guests", str(path), "--event", "baikonur-70", "--same-as", "2=999999")
    assert not Person.objects.exists()


@pytest.mark.parametrize("guests", [2, 20])
def test_the_preview_page_runs_the_same_queries_for_few_or_many_look_alikes_and_kept_values(
    admin_client, event, guests, django_assert_num_queries
):
    rows = [["Фамилия", "Имя", "Отчество", "Эл. почта", "Должность"]]
    for n in range(guests):
        factories.AttendeeFactory(
            event=event,
            person__family_name=f"Аимбетов{n:02d}",
            person__given_name="Айдын",
            person__patronymic="Аканович",
            person__email=f"stored{n}@example.kz",
            person__position_ru="Космонавт",
        )
        look_alike = factories.PersonFactory(
            family_name=f"Мусабаев{n:02d}", given_name="Талгат", patronymic="Амангельдиевич"
        )
        factories.AttendeeFactory(event=factories.EventFactory(), person=look_alike)
        rows.append([f"Аимбетов{n:02d}", "Айдын", "Аканович", f"stored{n}@example.kz", "Инженер"])
        rows.append([f"Мусабайев{n:02d}", "Талгат", "Амангельдиевич", "", ""])
    guest_import = guest_import_preview(event=event, data=xlsx(rows), file_name="гости.xlsx")
    assert len(guest_import.proposals) == guests
    assert sum(bool(entry.get("similar")) for entry in guest_import.preview) == guests

    # The same count whatever the number of guests shown (the session, the user, the import, the
    # people they may be and their attendances, the page's own): nothing is read per row.
    with django_assert_num_queries(7):
        page = admin_client.get(reverse("admin:ceremony_guestimport_change", args=[guest_import.pk]))
    assert "Possibly already in the address book" in page.content.decode()
