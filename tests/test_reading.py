"""Reading workbooks with calamine: what Excel and LibreOffice write arrives as the organizer sees it,
and a workbook built to exhaust memory is refused, with a reason, before calamine loads it."""

import datetime
import io
import time
import zipfile

import openpyxl
import pytest

from ceremony.guest_lists import reading
from ceremony.guest_lists.reading import GuestListFileError, read_rows, rows_estimate
from ceremony.models import Attendee, GuestImport, Person
from tests import factories
from tests.test_import import import_now, preview, xlsx

pytestmark = pytest.mark.django_db

SHEET_PART = "xl/worksheets/sheet1.xml"
NOT_A_WORKBOOK = "The file could not be read as an Excel workbook"


@pytest.fixture
def event():
    return factories.EventFactory(slug="baikonur-70", default_language="ru")


@pytest.fixture
def not_loaded(monkeypatch):
    """calamine must not be asked to load the file: the measure refuses it first."""

    def load(*args, **kwargs):
        raise AssertionError("calamine was asked to load a file the measure should refuse")

    monkeypatch.setattr(reading.CalamineWorkbook, "from_filelike", load)


def with_sheet(sheet_data, *, dimension=""):
    """An XLSX whose first sheet is this <sheetData> content, written as a program other than openpyxl
    might: without a stated size unless `dimension` is given."""
    stated = f'<dimension ref="{dimension}"/>' if dimension else ""
    sheet = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f"{stated}<sheetData>{sheet_data}</sheetData></worksheet>"
    )
    return replaced_part(xlsx([["Фамилия", "Имя"]]), SHEET_PART, sheet.encode())


def replaced_part(data, name, content):
    template = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for item in template.infolist():
            archive.writestr(item.filename, content if item.filename == name else template.read(item))
    return out.getvalue()


def text_cell(reference, text):
    return f'<c r="{reference}" t="inlineStr"><is><t>{text}</t></is></c>'


def ods(rows, *, after=""):
    """An OpenDocument spreadsheet of these rows: text, numbers (float cells) and dates (date cells),
    then `after` (raw rows) in the same table."""

    def cell(value):
        if isinstance(value, datetime.datetime | datetime.date):
            return (
                f'<table:table-cell office:value-type="date" office:date-value="{value.isoformat()}">'
                f"<text:p>{value}</text:p></table:table-cell>"
            )
        if isinstance(value, int | float):
            return (
                f'<table:table-cell office:value-type="float" office:value="{value}">'
                f"<text:p>{value}</text:p></table:table-cell>"
            )
        if value is None:
            return "<table:table-cell/>"
        return f'<table:table-cell office:value-type="string"><text:p>{value}</text:p></table:table-cell>'

    body = "".join("<table:table-row>" + "".join(map(cell, row)) + "</table:table-row>" for row in rows)
    content = (
        '<?xml version="1.0" encoding="UTF-8"?><office:document-content'
        ' xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
        ' xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"'
        ' xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        f'<office:body><office:spreadsheet><table:table table:name="Гости">{body}{after}'
        "</table:table></office:spreadsheet></office:body></office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"'
        ' manifest:version="1.2"><manifest:file-entry manifest:full-path="/"'
        ' manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", content)
        archive.writestr("META-INF/manifest.xml", manifest)
    return out.getvalue()


HEADERS = ["Фамилия", "Имя", "Отчество", "Телефон", "Дата прибытия"]
GUEST = ["Әбенов", "Жұмабек", "Сәкенұлы", 87011234567, datetime.datetime(2025, 6, 1, 14, 30)]


def assert_imported_as_written():
    person = Person.objects.get()
    assert (person.family_name, person.given_name, person.patronymic) == ("Әбенов", "Жұмабек", "Сәкенұлы")
    assert person.phone == "+77011234567"  # a number cell: 87011234567.0 from calamine
    assert Attendee.objects.get().arrival == datetime.datetime(2025, 6, 1, 9, 30, tzinfo=datetime.UTC)


# ---------------------------------------------------------------------------------------------------
# What arrives


def test_xlsx_with_a_merged_title_above_russian_headers_dates_and_phone_numbers(event):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Список гостей Байконур-70"])
    sheet.merge_cells("A1:E1")
    sheet.append([])
    sheet.append(HEADERS)
    sheet.append(GUEST)
    out = io.BytesIO()
    workbook.save(out)

    assert list(read_rows(out.getvalue())) == [
        (1, ("Список гостей Байконур-70",)),
        (3, tuple(HEADERS)),
        (4, ("Әбенов", "Жұмабек", "Сәкенұлы", 87011234567.0, datetime.datetime(2025, 6, 1, 14, 30))),
    ]
    import_now(event, out.getvalue())
    assert_imported_as_written()


def test_ods_with_a_title_above_russian_headers_dates_and_phone_numbers(event):
    data = ods([["Список гостей Байконур-70"], [], HEADERS, GUEST])
    assert list(read_rows(data))[-1] == (
        4,
        ("Әбенов", "Жұмабек", "Сәкенұлы", 87011234567.0, datetime.datetime(2025, 6, 1, 14, 30)),
    )
    guest_import = import_now(event, data)
    assert guest_import.new_count == 1
    assert_imported_as_written()


def test_a_date_cell_without_a_time_is_the_day(event):
    import_now(event, xlsx([["Фамилия", "Имя", "Дата прибытия"], ["Ким", "Анна", datetime.date(2025, 6, 1)]]))
    assert Attendee.objects.get().arrival == datetime.datetime(2025, 5, 31, 19, 0, tzinfo=datetime.UTC)


def test_a_formula_gives_the_value_the_spreadsheet_last_computed():
    data = with_sheet(
        f'<row r="1">{text_cell("A1", "Фамилия")}{text_cell("B1", "Телефон")}</row>'
        f'<row r="2">{text_cell("A2", "Ким")}<c r="B2"><f>87010000000+1</f><v>87010000001</v></c></row>'
    )
    assert list(read_rows(data)) == [(1, ("Фамилия", "Телефон")), (2, ("Ким", 87010000001.0))]


def test_a_workbook_stating_no_size_is_read_whole_and_estimated_by_its_bytes():
    rows = "".join(
        f'<row r="{n}">{text_cell(f"A{n}", "Ким")}{text_cell(f"B{n}", f"Анна{n}")}</row>'
        for n in range(2, 401)
    )
    data = with_sheet(f'<row r="1">{text_cell("A1", "Фамилия")}{text_cell("B1", "Имя")}</row>{rows}')
    assert len(list(read_rows(data))) == 400
    assert rows_estimate(data) == len(data) // reading.XLSX_BYTES_PER_ROW
    stated = with_sheet(rows, dimension="A1:B400")
    assert rows_estimate(stated) == 400
    assert rows_estimate(stated[:-300]) == 0  # damaged: reading it says why


def test_an_ods_list_is_estimated_by_its_bytes():
    data = ods([["Фамилия", "Имя"], *[[f"Ким{n}", "Анна"] for n in range(300)]])
    assert rows_estimate(data) == len(data) // reading.XLSX_BYTES_PER_ROW > 0


def test_an_empty_sheet_says_there_is_no_header(event):
    workbook = openpyxl.Workbook()
    out = io.BytesIO()
    workbook.save(out)
    assert list(read_rows(out.getvalue())) == []
    guest_import = preview(event, out.getvalue())
    assert guest_import.status == GuestImport.Status.HAS_ERRORS
    assert guest_import.errors[0]["message"].startswith("No header row was found in the first 30 rows")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            xlsx([["Фамилия", "Имя"], ["Ким", "Анна"]])[:-200],
            NOT_A_WORKBOOK,
        ),
        (
            replaced_part(xlsx([["Фамилия", "Имя"]]), SHEET_PART, b"<worksheet><sheetData><row><c"),
            NOT_A_WORKBOOK,
        ),
        (
            replaced_part(ods([["Фамилия", "Имя"]]), "content.xml", b"<office:document-content><table:"),
            "The file could not be read as an OpenDocument spreadsheet",
        ),
    ],
    ids=["truncated", "broken sheet", "broken ods"],
)
def test_a_damaged_workbook_is_refused_with_a_reason(event, data, message):
    with pytest.raises(GuestListFileError, match=message):
        list(read_rows(data))
    guest_import = preview(event, data)
    assert guest_import.errors[0]["message"].startswith(message)
    assert Person.objects.count() == 0


# ---------------------------------------------------------------------------------------------------
# Files built to exhaust memory: refused before they are loaded


def test_two_cells_far_apart_are_refused_before_calamine_builds_the_block_between(not_loaded):
    # Two cells: calamine would build 40,000 x 16,384 cells (~20 GB) to hold them.
    data = with_sheet(
        f'<row r="1">{text_cell("A1", "Фамилия")}</row><row r="40000">{text_cell("XFD40000", "x")}</row>'
    )
    started = time.monotonic()
    with pytest.raises(GuestListFileError) as refusal:
        read_rows(data)
    assert str(refusal.value) == (
        "The sheet spans 40000 rows by 16384 columns, more cells than a guest list holds. Delete the rows "
        "and columns past the list, or copy the list into a new workbook."
    )
    assert time.monotonic() - started < 2


def test_a_cell_numbered_past_the_row_limit_is_refused_whatever_row_it_sits_in(settings, not_loaded):
    settings.GUEST_IMPORT_MAX_ROWS = 1000
    data = with_sheet(f'<row r="1">{text_cell("A1", "Фамилия")}{text_cell("B1048576", "x")}</row>')
    with pytest.raises(GuestListFileError, match="The list is longer than 1000 rows"):
        read_rows(data)


def test_cells_and_rows_without_numbers_are_counted_where_calamine_puts_them(settings, not_loaded):
    settings.GUEST_IMPORT_MAX_ROWS = 1000
    # A row numbered past the limit, holding a cell without a reference: calamine puts it in that row.
    data = with_sheet('<row r="1048576"><c t="inlineStr"><is><t>x</t></is></c></row>')
    with pytest.raises(GuestListFileError, match="The list is longer than 1000 rows"):
        read_rows(data)


def test_an_ods_row_repeated_a_million_times_is_refused_before_it_is_loaded(not_loaded):
    repeated = (
        '<table:table-row table:number-rows-repeated="1000000"><table:table-cell'
        ' table:number-columns-repeated="16384" office:value-type="string"><text:p>x</text:p>'
        "</table:table-cell></table:table-row>"
    )
    data = ods([["Фамилия", "Имя"]], after=repeated)
    assert len(data) < 2000
    with pytest.raises(GuestListFileError, match="The list is longer than 50000 rows"):
        read_rows(data)


def test_the_empty_rows_libreoffice_writes_at_the_end_of_a_sheet_are_no_rows():
    trailing = (
        '<table:table-row table:number-rows-repeated="1048570">'
        '<table:table-cell table:number-columns-repeated="1024"/></table:table-row>'
    )
    data = ods([["Фамилия", "Имя"], ["Ким", "Анна"]], after=trailing)
    assert list(read_rows(data)) == [(1, ("Фамилия", "Имя")), (2, ("Ким", "Анна"))]


def lying_about_its_size(data, name):
    """The archive again, its part `name` stating 1,000 bytes unpacked, whatever it holds."""
    archive = zipfile.ZipFile(io.BytesIO(data))
    info = archive.getinfo(name)
    patched = bytearray(data)
    patched[info.header_offset + 22 : info.header_offset + 26] = (1000).to_bytes(4, "little")
    central = data.index(b"PK\x01\x02")
    while data[central + 46 : central + 46 + len(name)] != name.encode():
        central = data.index(b"PK\x01\x02", central + 4)
    patched[central + 24 : central + 28] = (1000).to_bytes(4, "little")
    return bytes(patched)


def test_a_part_unpacking_past_the_limit_is_refused_whatever_size_it_states(monkeypatch, not_loaded):
    monkeypatch.setattr(reading, "UNPACKED_LIMIT", 1_000_000)
    rows = "".join(f'<row r="{n}">{text_cell(f"A{n}", "Ким" * 100)}</row>' for n in range(1, 2001))
    data = lying_about_its_size(with_sheet(rows), SHEET_PART)
    assert zipfile.ZipFile(io.BytesIO(data)).getinfo(SHEET_PART).file_size == 1000
    with pytest.raises(GuestListFileError) as refusal:
        read_rows(data)
    assert str(refusal.value) == "The file unpacks into more than 1 MB; a guest list is far smaller."


def test_a_long_list_within_the_limits_is_read_as_it_was_measured():
    rows = [["Фамилия", "Имя"], *[[f"Ким{n}", "Анна"] for n in range(3000)]]
    data = xlsx(rows)
    scan = reading.WorkbookScan(data)
    assert (scan.rows, scan.sheet) == (3001, "Sheet")
    assert [number for number, _cells in read_rows(data)] == list(range(1, 3002))
