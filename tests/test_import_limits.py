"""Guest lists built to hurt, or careless with personal data: row and error limits, identity documents
in the uploaded file, and how long an uploaded file is kept."""

import datetime
import io
import time
import zipfile

import pytest
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from ceremony.guest_lists.reading import GuestListFileError, read_rows
from ceremony.guest_lists.services import guest_import_confirm, guest_import_files_purge, guest_import_preview
from ceremony.models import GuestImport
from tests import factories
from tests.test_import import csv_bytes, xlsx

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _private_files(private_root):
    """Uploaded guest lists go to a folder of the test's own."""


@pytest.fixture
def event():
    return factories.EventFactory(slug="baikonur-70", default_language="ru")


def workbook_of_rows(count):
    """An XLSX of `count` rows written straight into its sheet, as a file built to unpack into
    millions of rows is: a few megabytes on the wire."""

    def row(number, family, given):
        cells = (
            f'<c r="{column}{number}" t="inlineStr"><is><t>{text}</t></is></c>'
            for column, text in zip("AB", (family, given), strict=True)
        )
        return f'<row r="{number}">{"".join(cells)}</row>'

    rows = row(1, "Фамилия", "Имя") + "".join(row(number, "Ким", "Анна") for number in range(2, count + 1))
    sheet = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f"<sheetData>{rows}</sheetData></worksheet>"
    )
    template = zipfile.ZipFile(io.BytesIO(xlsx([["Фамилия", "Имя"]])))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for item in template.infolist():
            data = sheet.encode() if item.filename == "xl/worksheets/sheet1.xml" else template.read(item)
            archive.writestr(item.filename, data)
    return out.getvalue()


def test_a_list_longer_than_the_row_limit_is_refused_before_it_is_loaded(settings):
    settings.GUEST_IMPORT_MAX_ROWS = 1000
    data = workbook_of_rows(300_000)  # 2.2 MB
    started = time.monotonic()
    with pytest.raises(GuestListFileError) as refusal:
        read_rows(data)  # refused by the measure taken before calamine loads a single row
    assert str(refusal.value) == (
        "The list is longer than 1000 rows. Split it into lists of at most 1000 guests."
    )
    assert time.monotonic() - started < 5


def test_the_row_limit_holds_for_csv_too(event, settings):
    settings.GUEST_IMPORT_MAX_ROWS = 50
    rows = [["Фамилия", "Имя"]] + [["Ким", f"Анна{n}"] for n in range(100)]
    guest_import = guest_import_preview(event=event, data=csv_bytes(rows), file_name="длинный.csv")
    assert guest_import.status == GuestImport.Status.HAS_ERRORS
    assert [error["message"] for error in guest_import.errors] == [
        "The list is longer than 50 rows. Split it into lists of at most 50 guests."
    ]


def test_a_list_of_errors_keeps_the_first_few_hundred_and_counts_them_all(event, settings):
    settings.GUEST_IMPORT_ERRORS_KEPT = 20
    rows = [["Фамилия", "Имя", "Эл. почта", "Телефон"]]
    rows += [["Ким", f"Анна{n}", "not-an-email", "not a phone"] for n in range(500)]
    guest_import = guest_import_preview(event=event, data=csv_bytes(rows), file_name="ошибки.csv")
    guest_import.refresh_from_db()
    assert guest_import.error_count == 1000
    assert len(guest_import.errors) == 20
    assert guest_import.errors[0] == {
        "row": 2,
        "column": "Эл. почта",
        "value": "not-an-email",
        "message": "is not a valid email address",
        "name": "Ким Анна0",
        "column_key": "email",
    }


# ---------------------------------------------------------------------------------------------------
# Identity documents in the uploaded file

PASSPORTS = [["Фамилия", "Имя", "Номер паспорта"], ["Ким", "Анна", "N1234567"]]


def organizer():
    user = factories.UserFactory(username="aigerim")
    user.groups.add(Group.objects.get(name="Organizer"))
    return user


def test_a_column_of_passports_is_never_imported_nor_kept_for_an_uploader_who_may_not_see_it(event):
    guest_import = guest_import_preview(
        event=event, data=xlsx(PASSPORTS), file_name="гости.xlsx", user=organizer()
    )
    assert guest_import.warnings == [
        "«Номер паспорта»: identity documents, not imported. The uploaded file was not kept, because you "
        "may not see identity documents."
    ]
    assert not guest_import.source_file
    assert guest_import.new_count == 1
    assert "N1234567" not in str(guest_import.guests)


@pytest.mark.parametrize(
    ("role", "may_download"),
    [("Security officer", True), ("Organizer", False), ("Print staff", False), ("Viewer", False)],
)
def test_a_kept_file_with_identity_documents_downloads_only_for_those_who_may_see_them(
    client, event, role, may_download
):
    guest_import = guest_import_preview(event=event, data=xlsx(PASSPORTS), file_name="гости.xlsx")
    assert guest_import.holds_identity_documents  # the command line's operator may keep it
    user = factories.UserFactory()
    user.groups.add(Group.objects.get(name=role))
    client.force_login(user)
    page = client.get(reverse("admin:ceremony_guestimport_change", args=[guest_import.pk])).content.decode()
    assert ('id="uploaded-file"' in page) is may_download
    download = client.get(guest_import.source_file.url)
    assert download.status_code == (200 if may_download else 403)


# ---------------------------------------------------------------------------------------------------
# How long an uploaded file is kept


def uploaded(event, status, days_ago):
    guest_import = factories.GuestImportFactory(event=event, status=status)
    guest_import.source_file.save("list.csv", ContentFile(b"Family name,Given name\nKim,Anna\n"))
    GuestImport.objects.filter(pk=guest_import.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=days_ago)
    )
    return guest_import


def test_files_of_imports_not_imported_go_after_the_retention_period(event, settings, private_root):
    settings.GUEST_IMPORT_FILE_RETENTION_DAYS = 30
    abandoned = uploaded(event, GuestImport.Status.PREVIEWED, days_ago=31)
    failed = uploaded(event, GuestImport.Status.HAS_ERRORS, days_ago=45)
    undone = uploaded(event, GuestImport.Status.UNDONE, days_ago=90)
    recent = uploaded(event, GuestImport.Status.PREVIEWED, days_ago=2)
    imported = uploaded(event, GuestImport.Status.IMPORTED, days_ago=400)
    paths = {record.pk: record.source_file.path for record in (abandoned, failed, undone, recent, imported)}

    out = io.StringIO()
    call_command("purge_guest_list_files", stdout=out)

    assert out.getvalue() == "Deleted 3 uploaded guest lists kept longer than 30 days.\n"
    kept = {record.pk: bool(record.source_file) for record in GuestImport.objects.all()}
    assert kept == {
        abandoned.pk: False,
        failed.pk: False,
        undone.pk: False,
        recent.pk: True,
        imported.pk: True,
    }
    assert sorted(pk for pk, path in paths.items() if (private_root / path).exists()) == sorted(
        [recent.pk, imported.pk]
    )
    assert guest_import_files_purge() == 0


def test_every_preview_purges_expired_files(event, settings):
    settings.GUEST_IMPORT_FILE_RETENTION_DAYS = 30
    abandoned = uploaded(event, GuestImport.Status.PREVIEWED, days_ago=31)
    guest_import_preview(
        event=event, data=csv_bytes([["Фамилия", "Имя"], ["Ким", "Анна"]]), file_name="new.csv"
    )
    abandoned.refresh_from_db()
    assert not abandoned.source_file


def test_control_characters_in_a_list_are_left_out_as_in_every_text_stored(event):
    # What a workbook can carry (XML refuses most controls) and what a CSV can: a bell, a NUL.
    rows = [["Фамилия", "Имя", "Примечание"], ["Ки\u200bм\u202e", "Анна", "Первая\rвторая строка"]]
    rows += [[f"Гость{n}", "Тест", "Без примечаний"] for n in range(300)]
    lists = {"xlsx": xlsx(rows), "csv": csv_bytes([*rows, ["Ли\x07", "Ан\x0bна", "Третья\x0cчетвёртая"]])}
    for kind, data in lists.items():
        guest_import = guest_import_preview(event=event, data=data, file_name=f"управляющие.{kind}")
        assert guest_import.errors == [], kind
        first = guest_import.guests[0]["values"]
        assert (first["family_name"], first["notes"]) == ("Ким", "Первая\nвторая строка")
        if kind == "csv":
            last = guest_import.guests[-1]["values"]
            assert (last["family_name"], last["given_name"], last["notes"]) == (
                "Ли",
                "Ан на",
                "Третья\nчетвёртая",
            )
        guest_import_confirm(guest_import=guest_import)
        again = guest_import_preview(event=event, data=data, file_name=f"снова.{kind}")
        assert (again.new_count, again.updated_count) == (0, 0), kind
