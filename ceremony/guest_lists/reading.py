"""Turn an uploaded guest list (XLSX, ODS or CSV) into numbered rows of cells.

Guest lists come from ministries, schools and councils: Excel workbooks, LibreOffice spreadsheets,
CSV from Russian Excel (Windows-1251, semicolons), UTF-8 with or without a BOM, tab-separated exports.
Row numbers are the ones the spreadsheet shows, so an error can point at the row an organizer sees.

Workbooks are read by calamine (python-calamine), about eight times faster than openpyxl. calamine
reads a sheet whole into memory, as a block of every row by every column between its first and its
last cell. A workbook of a few megabytes can unpack into gigabytes, or place two cells a million rows
and sixteen thousand columns apart; so before calamine sees a file, its parts are unpacked here, a few
megabytes at a time and whatever sizes the archive states, and the sheet's extent is taken from the
cells themselves (see WorkbookScan). A file past a limit is refused before it is loaded.
"""

import csv
import html
import io
import posixpath
import re
import zipfile
import zlib
from collections import Counter

from django.conf import settings
from django.utils.translation import gettext as _
from python_calamine import CalamineWorkbook

XLSX_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Excel 97-2003 .xls
ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"
DELIMITERS = (";", ",", "\t")
ENCODINGS = ("utf-8-sig", "cp1251")
HEADER_ALLOWANCE = 30  # title rows above the header, as parsing.HEADER_SEARCH_ROWS looks for it
# What a workbook's parts may unpack into, all together: a real list of 50,000 guests written by
# openpyxl unpacks into ~75 MB (an XLSX of 10 MB, the upload limit, into less than that).
UNPACKED_LIMIT = 200_000_000
# The block calamine builds holds every row by every column up to the last filled cell (~32 bytes a
# cell, and a Python object per cell as rows are handed over): the row limit by this many columns.
COLUMNS_ALLOWED = 50
UNPACK_CHUNK = 4_000_000  # bytes unpacked at a time while a part is measured


class GuestListFileError(Exception):
    """The file as a whole cannot be read; the message says why, for the organizer."""


def read_rows(data, *, encoding=None, delimiter=None, max_rows=None):
    """Yield (row number, tuple of cells) for every non-blank row of the file.

    A file longer than `max_rows` rows (settings.GUEST_IMPORT_MAX_ROWS; blank rows and the rows above
    the header count, with HEADER_ALLOWANCE to spare) is refused: a workbook before it is loaded (its
    extent is measured first, see WorkbookScan), a CSV file when its row after them is read.
    """
    max_rows = (max_rows or settings.GUEST_IMPORT_MAX_ROWS) + HEADER_ALLOWANCE
    if not data:
        raise GuestListFileError(_("The file is empty."))
    if data.startswith(XLSX_MAGIC):
        return _workbook_rows(data, max_rows)
    if data.startswith(OLE_MAGIC):
        # calamine reads these too, but their size cannot be measured before they are loaded.
        raise GuestListFileError(
            _("This is an old Excel file (.xls). Save it as an Excel workbook (.xlsx) or CSV.")
        )
    return _csv_rows(data, encoding=encoding, delimiter=delimiter, max_rows=max_rows)


XLSX_BYTES_PER_ROW = 40  # about what a generated guest list packs a row into, for files stating no size
DIMENSION = re.compile(rb"<(?:\w+:)?dimension\b[^>]*?\sref\s*=\s*[\"'][A-Za-z]*\d*:?[A-Za-z]*(\d+)[\"']")


def rows_estimate(data):
    """About how many rows the file has, without reading them: what decides whether it is checked by a
    job. A workbook's sheet states its size in its first bytes (the `dimension` element, before any row;
    some programs leave it out or write A1, and an OpenDocument file never states it: then the file's
    size says); a CSV file has at most as many rows as lines that are not blank. A file that cannot be
    read counts 0: reading it will say why."""
    if not data:
        return 0
    if not data.startswith(XLSX_MAGIC):
        return sum(1 for line in data.splitlines() if line.strip(b" \t;,\x00"))
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        if "xl/workbook.xml" not in archive.namelist():
            return len(data) // XLSX_BYTES_PER_ROW  # an OpenDocument spreadsheet
        _name, part = _first_worksheet(archive, data)
        start = next(_unpacked(data, archive.getinfo(part), chunk=64_000), b"")
    except (GuestListFileError, _Damaged, zipfile.BadZipFile, KeyError, ValueError):
        return 0  # a damaged file: read_rows says what is wrong with it
    found = DIMENSION.search(start)
    stated = int(found.group(1)) if found else None
    return stated if stated and stated > 1 else len(data) // XLSX_BYTES_PER_ROW


def _refuse_past(number, max_rows):
    if number > max_rows:
        raise GuestListFileError(
            _("The list is longer than %(count)d rows. Split it into lists of at most %(count)d guests.")
            % {"count": max_rows - HEADER_ALLOWANCE}
        )


def _workbook_rows(data, max_rows):
    scan = WorkbookScan(data)
    _refuse_past(scan.rows, max_rows)
    if scan.area > max_rows * COLUMNS_ALLOWED:
        raise GuestListFileError(
            _(
                "The sheet spans %(rows)d rows by %(columns)d columns, more cells than a guest list "
                "holds. Delete the rows and columns past the list, or copy the list into a new workbook."
            )
            % {"rows": scan.rows, "columns": scan.columns}
        )
    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
        sheet = workbook.get_sheet_by_name(scan.sheet) if scan.sheet else workbook.get_sheet_by_index(0)
    except Exception as error:  # calamine raises several kinds of errors on damaged files
        raise scan.unreadable(error) from None
    # Rows are handed over one at a time (the sheet's block stays in calamine), from the first row.
    return _numbered_workbook_rows(sheet.iter_rows())


def _numbered_workbook_rows(rows):
    for number, cells in enumerate(rows, start=1):
        cells = _trim(cells)
        if cells:
            yield number, cells


# ---------------------------------------------------------------------------------------------------
# Measuring a workbook before it is loaded

# Tags and attributes of SpreadsheetML (XLSX), whatever their namespace prefix and quotes. Each pattern
# starts with a plain letter, which keeps a pass over 12 MB of XML within tens of milliseconds.
XLSX_CELL_ROWS = re.compile(rb"r\s*=\s*[\"'][A-Za-z]+(\d+)")  # a cell's reference (A12): its row
XLSX_WIDE_CELLS = re.compile(rb"r\s*=\s*[\"']([A-Za-z]{2,})\d")  # ... and its column, past Z
XLSX_CELLS = (re.compile(rb"<c[\s>/]"), re.compile(rb":c[\s>/]"))  # every cell, numbered or not
XLSX_ROW_NUMBERS = re.compile(rb"row\b[^>]*?\sr\s*=\s*[\"'](\d+)")
XLSX_ROWS = (b"<row", b":row")
XLSX_SHEET = re.compile(rb"<(?:\w+:)?sheet\b([^>]*)>")
XLSX_RELATIONSHIP = re.compile(rb"<(?:\w+:)?Relationship\b([^>]*)>")
ODS_TAG = re.compile(
    rb"<table:(table-row|table-cell|covered-table-cell|table)(?=[\s/>])([^>]*?)(/?)>|</table:table>"
)
ODS_ROWS_REPEATED = re.compile(rb"number-rows-repeated\s*=\s*[\"'](\d+)[\"']")
ODS_COLUMNS_REPEATED = re.compile(rb"number-columns-repeated\s*=\s*[\"'](\d+)[\"']")


def _attribute(name, attributes):
    found = re.search(rb"(?:^|\s)" + name + rb"\s*=\s*[\"']([^\"']*)[\"']", attributes)
    return html.unescape(found.group(1).decode()) if found else None


def _column_number(letters):
    number = 0
    for letter in letters.upper():
        number = number * 26 + letter - 64
    return number


class WorkbookScan:
    """What loading a workbook (XLSX or ODS) would take, measured from its parts before it is loaded.

    Every part is unpacked (and thrown away) UNPACK_CHUNK bytes at a time, whatever size the archive
    states for it, so a part that states a few bytes and unpacks into gigabytes is refused. The cells of
    the sheet read (for ODS, of every table: calamine loads them all) are counted as they pass: `rows`
    is the number of the last row holding a cell and `columns` of the last column, as calamine places
    them (a cell or row without its reference follows the one before it, and ODS repeats rows and cells
    as many times as they say). `sheet` names the XLSX sheet to read (its first worksheet).
    """

    def __init__(self, data):
        try:
            archive = zipfile.ZipFile(io.BytesIO(data))
        except (zipfile.BadZipFile, ValueError) as error:
            raise GuestListFileError(self.unreadable_xlsx(error)) from None
        names = set(archive.namelist())
        self.ods = ODS_MIMETYPE in data[:200] or ("content.xml" in names and "xl/workbook.xml" not in names)
        self.rows = self.columns = self.area = 0
        if self.ods:
            self.sheet, measured = None, "content.xml"
        else:
            self.sheet, measured = _first_worksheet(archive, data)
        if measured not in names:
            raise self.unreadable(_("it holds no sheet"))
        unpacked = 0
        try:
            for info in archive.infolist():
                pieces = _unpacked(data, info)
                if info.filename == measured:
                    pieces = self._ods_cells(pieces) if self.ods else self._xlsx_cells(pieces)
                for piece in pieces:
                    unpacked += len(piece)
                    if unpacked > UNPACKED_LIMIT:
                        raise GuestListFileError(
                            _("The file unpacks into more than %(limit)d MB; a guest list is far smaller.")
                            % {"limit": UNPACKED_LIMIT // 1_000_000}
                        )
        except _Damaged as damage:
            raise self.unreadable(damage) from None

    def unreadable(self, reason):
        if self.ods:
            return GuestListFileError(
                _("The file could not be read as an OpenDocument spreadsheet (%(reason)s).")
                % {"reason": reason}
            )
        return GuestListFileError(self.unreadable_xlsx(reason))

    @staticmethod
    def unreadable_xlsx(reason):
        return _("The file could not be read as an Excel workbook (%(reason)s).") % {"reason": reason}

    def _xlsx_cells(self, pieces):
        """Pass the sheet's XML on, noting the last row and column its cells take."""
        last_row = last_row_numbered = last_column = 0
        cells = numbered = rows = rows_numbered = 0
        for text in _whole_tags(pieces):
            yield text
            references = XLSX_CELL_ROWS.findall(text)
            numbered += len(references)
            if references:
                last_row = max(last_row, *map(int, set(references)))
                last_column = max(last_column, 26)  # A to Z; a reference past Z is measured below
            for letters in set(XLSX_WIDE_CELLS.findall(text)):
                last_column = max(last_column, _column_number(letters))
            cells += sum(len(pattern.findall(text)) for pattern in XLSX_CELLS)
            row_numbers = XLSX_ROW_NUMBERS.findall(text)
            rows_numbered += len(row_numbers)
            if row_numbers:
                last_row_numbered = max(last_row_numbered, *map(int, row_numbers))
            rows += sum(text.count(tag) for tag in XLSX_ROWS)
        # calamine places a cell without a reference after the one before it, in its row's place (a row
        # without a number follows the one before): at most one row or column further for each.
        unnumbered = max(cells - numbered, 0)
        if unnumbered:
            last_row = max(last_row, last_row_numbered + max(rows - rows_numbered, 0))
        self.rows = max(self.rows, last_row)
        self.columns = max(self.columns, last_column + unnumbered)
        self.area = self.rows * self.columns

    def _ods_cells(self, pieces):
        """Pass content.xml on, noting the extent of each of its tables."""
        table = _OdsTable()
        for text in _whole_tags(pieces):
            yield text
            for kind, attributes, closed in ODS_TAG.findall(text):
                if kind in (b"table-cell", b"covered-table-cell"):
                    found = ODS_COLUMNS_REPEATED.search(attributes)
                    table.cell(
                        int(found.group(1)) if found else 1, not closed or b"office:value" in attributes
                    )
                elif kind == b"table-row":
                    found = ODS_ROWS_REPEATED.search(attributes)
                    table.row(int(found.group(1)) if found else 1, closed)
                else:  # a table starts or ends
                    table.end()
                    self.rows, self.columns = max(self.rows, table.rows), max(self.columns, table.columns)
                    self.area += table.rows * table.columns
                    table = _OdsTable()
        table.end()  # a table left open (calamine may read it all the same)
        self.rows, self.columns = max(self.rows, table.rows), max(self.columns, table.columns)
        self.area += table.rows * table.columns


class _OdsTable:
    """The extent of one OpenDocument table as its rows and cells pass: the last row and column filled."""

    def __init__(self):
        self.rows = self.columns = 0
        self.passed = 0  # rows before the open one
        self.repeat = 0  # how many times the open row repeats (0: no row is open)
        self.column = 0
        self.filled = False

    def row(self, repeat, closed):
        self.end()
        if closed:  # <table:table-row/>: rows without cells
            self.passed += repeat
        else:
            self.repeat = repeat

    def cell(self, repeat, filled):
        self.column += repeat
        if filled:
            self.filled = True
            self.columns = max(self.columns, self.column)

    def end(self):
        """Close the open row, if any."""
        if self.filled:
            self.rows = max(self.rows, self.passed + self.repeat)
        self.passed += self.repeat
        self.repeat, self.column, self.filled = 0, 0, False


def _whole_tags(pieces):
    """The pieces again, cut so that no tag straddles two of them."""
    rest = b""
    for piece in pieces:
        text = rest + piece
        cut = text.rfind(b"<")
        cut = cut if cut >= 0 else len(text)
        text, rest = text[:cut], text[cut:]
        if text:
            yield text
    if rest:
        yield rest


def _first_worksheet(archive, data):
    """(name, part) of the workbook's first worksheet (chart sheets come before it in some workbooks)."""
    try:
        workbook = _small_part(archive, data, "xl/workbook.xml")
        relationships = _small_part(archive, data, "xl/_rels/workbook.xml.rels")
    except KeyError:
        raise GuestListFileError(WorkbookScan.unreadable_xlsx(_("it holds no workbook"))) from None
    except _Damaged as damage:
        raise GuestListFileError(WorkbookScan.unreadable_xlsx(damage)) from None
    targets = {}
    for attributes in XLSX_RELATIONSHIP.findall(relationships):
        kind, target = _attribute(b"Type", attributes), _attribute(b"Target", attributes)
        if kind and target and kind.endswith("/worksheet"):
            part = target.lstrip("/") if target.startswith("/") else posixpath.join("xl", target)
            targets[_attribute(b"Id", attributes)] = posixpath.normpath(part)
    for attributes in XLSX_SHEET.findall(workbook):
        relationship = _attribute(rb"\w+:id", attributes)
        if relationship in targets:
            return _attribute(b"name", attributes), targets[relationship]
    raise GuestListFileError(WorkbookScan.unreadable_xlsx(_("it holds no sheet")))


def _small_part(archive, data, name):
    """A part read whole (the workbook's list of sheets): refused past a megabyte, whatever it states."""
    text = b""
    for piece in _unpacked(data, archive.getinfo(name), chunk=1_000_000):
        text += piece
        if len(text) > 1_000_000:
            raise GuestListFileError(WorkbookScan.unreadable_xlsx(_("its list of sheets is too long")))
    return text


class _Damaged(Exception):
    """A part of the archive cannot be unpacked; the reason, for the message about the whole file."""


def _unpacked(data, info, chunk=UNPACK_CHUNK):
    """The part's bytes as they unpack, `chunk` at a time, however many its header says it holds."""
    header = data[info.header_offset : info.header_offset + 30]
    if len(header) < 30 or not header.startswith(XLSX_MAGIC):
        raise _Damaged(_("a part of it is missing"))
    start = info.header_offset + 30 + int.from_bytes(header[26:28], "little")
    start += int.from_bytes(header[28:30], "little")
    packed = memoryview(data)[start : start + info.compress_size]
    if info.compress_type == zipfile.ZIP_STORED:
        for offset in range(0, len(packed), chunk):
            yield packed[offset : offset + chunk].tobytes()
        return
    if info.compress_type != zipfile.ZIP_DEFLATED:
        raise _Damaged(_("it is packed in an unknown way"))
    inflater = zlib.decompressobj(-zlib.MAX_WBITS)
    try:
        piece = inflater.decompress(packed, chunk)
        while piece:
            yield piece
            piece = inflater.decompress(inflater.unconsumed_tail, chunk)
    except zlib.error as error:
        raise _Damaged(error) from None


def _csv_rows(data, *, encoding, delimiter, max_rows):
    text = _decode(data, encoding)
    if _looks_binary(text):
        raise GuestListFileError(
            _("This file is not a spreadsheet: upload an Excel workbook (.xlsx) or CSV.")
        )
    delimiter = delimiter or sniff_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows = []
    try:
        # A record may span lines (a quoted cell with a line break); the spreadsheet shows it as one row.
        for number, cells in enumerate(reader, start=1):
            _refuse_past(number, max_rows)
            cells = _trim(cells)
            _refuse_nul_characters(number, cells)
            if cells:
                rows.append((number, cells))
    except csv.Error as error:
        raise GuestListFileError(_("The CSV file is malformed (%(reason)s).") % {"reason": error}) from None
    return iter(rows)


def _decode(data, encoding):
    if encoding:
        try:
            return data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            raise GuestListFileError(
                _("The file is not in the %(encoding)s encoding; choose another or let it be detected.")
                % {"encoding": encoding}
            ) from None
    for candidate in ENCODINGS:
        try:
            return data.decode(candidate)
        except UnicodeDecodeError:
            continue
    raise GuestListFileError(_("The file's text encoding is neither UTF-8 nor Windows-1251."))


def _refuse_nul_characters(number, cells):
    """A NUL past the part _looks_binary samples: PostgreSQL cannot store it, so name where it is."""
    for index, cell in enumerate(cells, start=1):
        if "\x00" in cell:
            raise GuestListFileError(
                _(
                    "Row %(row)d, column %(column)d holds a NUL character (a zero byte), which a "
                    "guest list cannot contain; the file may be damaged."
                )
                % {"row": number, "column": index}
            )


def _looks_binary(text):
    sample = text[:4096]
    control = sum(1 for char in sample if ord(char) < 32 and char not in "\t\r\n")
    return "\x00" in sample or control > len(sample) // 100


def sniff_delimiter(text):
    """The separator that splits the first lines into the most columns, consistently."""
    lines = [line for line in text.splitlines()[:30] if line.strip()]
    best, best_width = ",", 1
    for candidate in DELIMITERS:
        try:
            widths = Counter(len(row) for row in csv.reader(lines, delimiter=candidate))
        except csv.Error:
            continue  # the reading proper will say what is wrong
        if not widths:
            continue
        width, _count = max(widths.items(), key=lambda item: (item[1], item[0]))
        if width > best_width:
            best, best_width = candidate, width
    return best


def _trim(cells):
    """Drop empty cells at the end of a row; a row of nothing but empty cells becomes ()."""
    cells = tuple(cells)
    end = len(cells)
    while end and (
        cells[end - 1] is None or (isinstance(cells[end - 1], str) and not cells[end - 1].strip())
    ):
        end -= 1
    return cells[:end]


def too_big_message(size, limit):
    """«The file is 12.3 MB; the limit is 10 MB.» (megabytes of 1,000,000 bytes, as file managers show)."""

    def megabytes(count):
        return f"{count / 1_000_000:.1f}".removesuffix(".0")

    return _("The file is %(size)s MB; the limit is %(limit)s MB.") % {
        "size": megabytes(size),
        "limit": megabytes(limit),
    }
