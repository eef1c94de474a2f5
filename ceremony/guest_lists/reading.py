"""Turn an uploaded guest list (XLSX or CSV) into numbered rows of cells.

Guest lists come from ministries, schools and councils: Excel workbooks, CSV from Russian Excel
(Windows-1251, semicolons), UTF-8 with or without a BOM, tab-separated exports. Row numbers are the
ones the spreadsheet shows, so an error can point at the row an organizer sees.
"""

import csv
import io
from collections import Counter

import openpyxl
from django.conf import settings
from django.utils.translation import gettext as _
from openpyxl.worksheet._read_only import ReadOnlyWorksheet
from openpyxl.worksheet._reader import WorkSheetParser

XLSX_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Excel 97-2003 .xls
ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"
DELIMITERS = (";", ",", "\t")
ENCODINGS = ("utf-8-sig", "cp1251")
HEADER_ALLOWANCE = 30  # title rows above the header, as parsing.HEADER_SEARCH_ROWS looks for it

# openpyxl's read-only sheet reads the whole sheet for its size when the file does not state it
# (openpyxl 3.1, ReadOnlyWorksheet._get_size): a workbook of 2 MB built to unpack into millions of rows
# took a worker for minutes before its first row was read. The size is never used here (the sheets'
# dimensions are reset, see _xlsx_rows), so the sheets do without it and rows stream from the start.
ReadOnlyWorksheet._get_size = lambda self: None


class GuestListFileError(Exception):
    """The file as a whole cannot be read; the message says why, for the organizer."""


def read_rows(data, *, encoding=None, delimiter=None, max_rows=None):
    """Yield (row number, tuple of cells) for every non-blank row of the file.

    A file longer than `max_rows` rows (settings.GUEST_IMPORT_MAX_ROWS; blank rows and the rows above
    the header count, with HEADER_ALLOWANCE to spare) is refused when its row after them is read,
    before the rest is read at all: a workbook of a few megabytes can unpack into millions of rows.
    """
    max_rows = (max_rows or settings.GUEST_IMPORT_MAX_ROWS) + HEADER_ALLOWANCE
    if not data:
        raise GuestListFileError(_("The file is empty."))
    if data.startswith(XLSX_MAGIC):
        if ODS_MIMETYPE in data[:200]:
            raise GuestListFileError(
                _("This is an OpenDocument spreadsheet (.ods). Save it as an Excel workbook (.xlsx) or CSV.")
            )
        return _xlsx_rows(data, max_rows)
    if data.startswith(OLE_MAGIC):
        raise GuestListFileError(
            _("This is an old Excel file (.xls). Save it as an Excel workbook (.xlsx) or CSV.")
        )
    return _csv_rows(data, encoding=encoding, delimiter=delimiter, max_rows=max_rows)


XLSX_BYTES_PER_ROW = 40  # about what a generated guest list packs a row into, for files stating no size


def rows_estimate(data):
    """About how many rows the file has, without reading them: what decides whether it is checked by a
    job. A workbook's sheet states its size in its first bytes (the `dimension` openpyxl's parser reads
    before any row; some programs leave it out or write A1, then the file's size says); a CSV file has
    at most as many rows as lines that are not blank. A file that cannot be read counts 0: reading it
    will say why."""
    if not data:
        return 0
    if not data.startswith(XLSX_MAGIC):
        return sum(1 for line in data.splitlines() if line.strip(b" \t;,\x00"))
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            source = workbook.worksheets[0]._get_source()
            dimensions = WorkSheetParser(source, []).parse_dimensions()
            source.close()
        finally:
            workbook.close()
    except Exception:  # a damaged file: read_rows says what is wrong with it
        return 0
    stated = dimensions[3] if dimensions else None
    return stated if stated and stated > 1 else len(data) // XLSX_BYTES_PER_ROW


def _refuse_past(number, max_rows):
    if number > max_rows:
        raise GuestListFileError(
            _("The list is longer than %(count)d rows. Split it into lists of at most %(count)d guests.")
            % {"count": max_rows - HEADER_ALLOWANCE}
        )


def _xlsx_rows(data, max_rows):
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds of errors on damaged files
        raise GuestListFileError(
            _("The file could not be read as an Excel workbook (%(reason)s).") % {"reason": error}
        ) from None
    sheet = workbook.worksheets[0]
    # Some programs write a wrong size into the file; without this, rows past it would be lost.
    sheet.reset_dimensions()
    return _numbered_xlsx_rows(workbook, sheet, max_rows)


def _numbered_xlsx_rows(workbook, sheet, max_rows):
    try:
        for number, cells in enumerate(sheet.iter_rows(values_only=True), start=1):
            _refuse_past(number, max_rows)
            cells = _trim(cells)
            if cells:
                yield number, cells
    except GuestListFileError:
        raise
    except Exception as error:  # a damaged sheet fails while it is being read
        raise GuestListFileError(
            _("The file could not be read as an Excel workbook (%(reason)s).") % {"reason": error}
        ) from None
    finally:
        workbook.close()


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
