"""From numbered rows of cells to guests: find the header row, clean every cell, merge repeated people.

Nothing here touches the database. Every problem becomes an error naming the spreadsheet's row, the
column header as written in the file, the value and the reason.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .cells import CellError, UnknownValue, clean_text, name_key, normalize_header
from .columns import COLUMNS, COLUMNS_BY_ALIAS, ORGANIZATION
from .organizations import organization_key

fromisoformat = datetime.fromisoformat
HEADER_SEARCH_ROWS = 30
MAX_SHOWN_VALUE = 80
ROWS_NAMED = 10  # rows listed with a value unknown in many of them: "40 rows (4, 9, 12, …)"
# How lines below the header that are not guests begin: signatures, totals, notes (as normalize_header
# writes them, so «Исполнитель:» and "Prepared by" match whatever their case and punctuation).
NOT_GUEST_STARTS = tuple(
    normalize_header(word)
    for word in (
        "исполнитель",
        "итого",
        "всего",
        "подпись",
        "составил",
        "составила",
        "ответственный",
        "ответственное лицо",
        "согласовано",
        "утверждаю",
        "орындаған",
        "барлығы",
        "жауапты",
        "қолы",
        "prepared by",
        "total",
        "signed",
        "signature",
        "approved",
        "contact person",
    )
)


class ErrorList(list):
    """The first settings.GUEST_IMPORT_ERRORS_KEPT errors, and how many there were in all: a file of
    errors in every cell must not become megabytes of them kept with its preview."""

    def __init__(self):
        super().__init__()
        self.total = 0

    def append(self, item):
        self.total += 1
        if len(self) < settings.GUEST_IMPORT_ERRORS_KEPT:
            super().append(item)


@dataclass
class ParsedGuestList:
    guests: list = field(default_factory=list)  # [{"rows": [7, 12], "values": {key: value}}]
    # [{"row", "column", "value", "message", "name"}]; a value unknown in several rows is one error,
    # with "rows" (the first few), "count", "column_key" and "value_key" (see _unknown_values_errors)
    errors: ErrorList = field(default_factory=ErrorList)
    warnings: list = field(default_factory=list)
    skipped: list = field(default_factory=list)  # [{"row", "name", "text", "reason"}]: not guests
    columns: list = field(default_factory=list)  # keys of the columns the file has
    # Headers of columns that hold identity documents, which a guest list never imports.
    identity_columns: list = field(default_factory=list)


# Words of headers of columns that hold identity documents (in English, Russian and Kazakh, as
# normalize_header writes them): passports, identity cards, document numbers, personal numbers.
IDENTITY_DOCUMENT_WORDS = tuple(
    normalize_header(word)
    for word in (
        "passport",
        "identity",
        "id card",
        "document",
        "iin",
        "паспорт",
        "удостоверени",
        "документ",
        "иин",
        "төлқұжат",
        "куәлік",
        "құжат",
        "жсн",
    )
)


def is_identity_document_header(text):
    header = normalize_header(text)
    return any(word in header for word in IDENTITY_DOCUMENT_WORDS)


def error(row, column, value, message, name=""):
    """A problem as the preview lists it: the row, the column as the file heads it, the value, why, and
    whose row it is."""
    return {"row": row, "column": column, "value": _shown(value), "message": message, "name": name}


def _shown(value):
    shown = "" if value is None else str(value)
    return shown[:MAX_SHOWN_VALUE] + "…" if len(shown) > MAX_SHOWN_VALUE else shown


def parse_guest_list(rows, *, zone, mappings=None, corrections=None, skipped_rows=()):
    """Clean every row of `rows` ((number, cells) pairs); merge rows that name the same person.

    What the organizer decided in the preview applies: `mappings` ({column key: {normalized value:
    code}}) say what unknown words mean, `corrections` ({row: {column key: text}}) replace cells, and
    `skipped_rows` are not guests. Lines that are plainly not guests (a title, a total, a signature, the
    header repeated) are skipped too, and listed.
    """
    result = ParsedGuestList()
    mappings, corrections, skipped_rows = mappings or {}, corrections or {}, set(skipped_rows)
    rows = iter(rows)
    header = _find_header(rows)
    if header is None:
        result.errors.append(
            error(
                None,
                "",
                "",
                _(
                    "No header row was found in the first %(count)d rows: the list needs columns such as "
                    "«Family name» and «Given name» (or «Фамилия» and «Имя»)."
                )
                % {"count": HEADER_SEARCH_ROWS},
            )
        )
        return result
    header_number, header_cells = header
    columns = _columns_of(header_cells, result)
    missing = [
        str(column.label) for column in COLUMNS if column.required and column.key not in result.columns
    ]
    if missing:
        result.errors.append(
            error(
                header_number,
                "",
                "",
                _("The header row has no column for: %(columns)s.") % {"columns": ", ".join(missing)},
            )
        )
        return result

    people, unknown = {}, {}
    headers = {column.key: header for column, header in columns.values()}
    for number, cells in rows:
        corrected = corrections.get(number)
        skip = _skipped(number, cells, columns, skipped_rows if corrected is None else ())
        if skip is not None:
            result.skipped.append(skip)
            continue
        values = _clean_row(number, cells, columns, zone, result.errors, mappings, corrected or {}, unknown)
        if values is not None:
            _merge(people, number, values, headers, result.errors)
    for item in _unknown_values_errors(unknown):
        result.errors.append(item)
    _fold_unaddressed(people, headers, result.errors)
    for guest in people.values():
        del guest["sources"]  # only needed while merging
    result.guests = list(people.values())
    if not result.guests and not result.errors.total:
        message = _("There are no guests below the header row.")
        if result.skipped:
            message += " " + _("The lines below it were skipped as not guests (see the skipped lines).")
        result.errors.append(error(header_number, "", "", message))
    return result


def _find_header(rows):
    for _index, (number, cells) in zip(range(HEADER_SEARCH_ROWS), rows, strict=False):
        keys = {COLUMNS_BY_ALIAS[key].key for key in map(normalize_header, cells) if key in COLUMNS_BY_ALIAS}
        if len(keys) >= 2:
            return number, cells
    return None


def _columns_of(header_cells, result):
    """{cell index: (column, header text as written)}; unknown and repeated columns become warnings."""
    columns = {}
    for index, cell in enumerate(header_cells):
        text = "" if cell is None else str(cell).strip()
        if not text:
            continue
        column = COLUMNS_BY_ALIAS.get(normalize_header(text))
        if column is None and is_identity_document_header(text):
            result.identity_columns.append(text)
        elif column is None:
            result.warnings.append(_("Column «%(header)s» is not known; it was skipped.") % {"header": text})
        elif column.key in result.columns:
            result.warnings.append(
                _("Column «%(header)s» repeats another column for the same thing; it was skipped.")
                % {"header": text}
            )
        else:
            columns[index] = (column, text)
            result.columns.append(column.key)
    return columns


def _is_header(cells):
    """Whether a row names at least two of our columns, as a header does."""
    keys = {COLUMNS_BY_ALIAS[key].key for key in map(normalize_header, cells) if key in COLUMNS_BY_ALIAS}
    return len(keys) >= 2


def _skipped(number, cells, columns, skipped_rows):
    """Why the row is not a guest ({"row", "name", "text", "reason"}), or None for a guest's row.

    A guest fills at least a family and a given name, so a line with one filled cell (a title over a
    group, a number alone; but not a lone name, which is a guest to complete) is not one; nor is a
    line that starts as a signature or a total does («Исполнитель: …», «Итого: 51»), nor the header
    repeated on a new page.
    """
    filled = [cell for cell in cells if cell is not None and (not isinstance(cell, str) or cell.strip())]
    first = normalize_header(filled[0]) if filled else ""
    if number in skipped_rows:
        reason = _("skipped in the preview")
    elif not filled:
        return None  # an empty row: nothing to list
    elif first in COLUMNS_BY_ALIAS and _is_header(cells):
        reason = _("repeats the header row")
    elif first.startswith(NOT_GUEST_STARTS):
        reason = _("a signature, total or note, not a guest")
    elif not any(_has_value(cells, index) for index in columns) or (
        len(filled) == 1 and not _a_lone_name(cells, columns)
    ):
        reason = _("a line with a single value (a title?), not a guest")
    else:
        return None
    text = _shown(" · ".join(clean_text(cell) for cell in filled))
    return {"row": number, "name": _row_name(cells, columns), "text": text, "reason": reason}


def _a_lone_name(cells, columns):
    """Whether the one value of a row is a single word in a name column: a guest whose other name is
    missing (an error to fix), not a title such as «Делегация Российской Федерации»."""
    for index, (column, _header) in columns.items():
        text = _cell(cells, index)
        if text and column.key in ("family_name", "given_name"):
            return len(text.split()) == 1 and text.replace("-", "").isalpha()
    return False


def _cell(cells, index):
    return clean_text(cells[index]) if index < len(cells) else ""


def _has_value(cells, index):
    """Whether the cell holds something once cleaned: for a printable text (nearly every cell), whether
    it is more than spaces, known without cleaning it."""
    cell = cells[index] if index < len(cells) else None
    if type(cell) is str and cell.isprintable():
        return bool(cell.strip())
    return bool(_cell(cells, index))


def _row_name(cells, columns, corrected=None):
    """Whose row it is, as the file writes it: family name, given name and patronymic."""
    parts = dict.fromkeys(("family_name", "given_name", "patronymic"), "")
    for index, (column, _header) in columns.items():
        if column.key in parts:
            parts[column.key] = clean_text((corrected or {}).get(column.key, _cell(cells, index)))
    return _shown(" ".join(part for part in parts.values() if part))


def _clean_row(number, cells, columns, zone, errors, mappings, corrected, unknown):
    """The row's values, or None when a cell has an error (recorded in `errors`, or in `unknown` for a
    value none of a column's choices names, which is reported once per distinct value)."""
    values, ok = {}, True
    for index, (column, header) in columns.items():
        raw = (
            corrected[column.key]
            if column.key in corrected
            else (cells[index] if index < len(cells) else None)
        )
        mapped = mappings.get(column.key)
        try:
            key = normalize_header(clean_text(raw)) if mapped else None
            value = mapped[key] if mapped and key in mapped else column.parse(raw, zone)
        except UnknownValue as reason:
            shown = clean_text(raw)
            group = unknown.setdefault(
                (column.key, normalize_header(shown)),
                {"column": header, "value": shown, "message": str(reason), "rows": []},
            )
            group["rows"].append(number)
            ok = False
            continue
        except CellError as reason:
            problem = str(reason)
        else:
            limit = column.max_length
            if limit and value and len(value) > limit:
                problem = _("is longer than %(limit)d characters") % {"limit": limit}
            elif column.required and not value:
                problem = _("is empty; every guest needs one")
            else:
                values[column.key] = value
                continue
        # A cell the organizer can correct in the preview: the error names its column's key.
        errors.append(
            error(number, header, raw, problem, _row_name(cells, columns, corrected))
            | {"column_key": column.key}
        )
        ok = False
    arrival, departure = values.get("arrival"), values.get("departure")
    if ok and arrival and departure and fromisoformat(departure) <= fromisoformat(arrival):
        header = next(header for column, header in columns.values() if column.key == "departure")
        errors.append(
            error(
                number,
                header,
                values["departure"],
                _("is not after the arrival"),
                _row_name(cells, columns, corrected),
            )
            | {"column_key": "departure"}
        )
        ok = False
    return values if ok else None


def _unknown_values_errors(unknown):
    """One error per distinct unknown value: «X» is not a category — 40 rows (4, 9, 12, …)."""
    for (column_key, value_key), group in unknown.items():
        rows = group["rows"]
        listed = ", ".join(map(str, rows[:ROWS_NAMED])) + (", …" if len(rows) > ROWS_NAMED else "")
        count = ngettext("%(count)d row", "%(count)d rows", len(rows)) % {"count": len(rows)}
        yield error(rows[0], group["column"], group["value"], f"{group['message']} — {count} ({listed})") | {
            "rows": rows[:ROWS_NAMED],
            "count": len(rows),
            "column_key": column_key,
            "value_key": value_key,
        }


def display_name(values):
    """A guest's full name from their values: family name, given name, patronymic."""
    return " ".join(
        part for part in (values["family_name"], values["given_name"], values.get("patronymic")) if part
    )


def identity_of(values):
    """How a file names one person: by email, or without one by full name and organization."""
    if values.get("email"):
        return ("email", values["email"])
    full_name = name_key(values["family_name"], values["given_name"], values.get("patronymic"))
    return ("name", full_name, organization_key(values.get("organization", "")))


def _merge(people, number, values, headers, errors):
    """A person given twice: the later row fills blanks; a different value is an error naming both rows."""
    identity = identity_of(values)
    guest = people.get(identity)
    if guest is None:
        people[identity] = {"rows": [number], "values": values, "sources": dict.fromkeys(values, number)}
    else:
        _fold(guest, [number], values, dict.fromkeys(values, number), headers, errors)


def _fold(guest, rows, values, sources, headers, errors):
    """Add another mention of `guest` (its rows, values and the row each value came from)."""
    conflict = False
    for key, value in values.items():
        if value in ("", None):
            continue
        stored = guest["values"].get(key)
        if stored in ("", None):
            guest["values"][key] = value
            guest["sources"][key] = sources[key]
        elif stored != value and _compared(key, stored) != _compared(key, value):
            errors.append(
                error(
                    sources[key],
                    headers[key],
                    value,
                    _("is the same person as in row %(row)d, which gives «%(other)s»; keep one value")
                    % {"row": guest["sources"][key], "other": stored},
                    display_name(guest["values"]),
                )
                | {"column_key": key}
            )
            conflict = True
    if not conflict:
        guest["rows"] = sorted(guest["rows"] + rows)


def _compared(key, value):
    """A value as two mentions of one person are compared: «АО «Байтерек»» and "Байтерек" are one."""
    return organization_key(value) if key == ORGANIZATION.key else name_key(str(value))


def _fold_unaddressed(people, headers, errors):
    """A person listed once with an email and once without is one person, if no namesake has one too."""
    unaddressed = [identity for identity in people if identity[0] == "name"]
    if not unaddressed:
        return
    addressed = defaultdict(list)
    for identity, guest in people.items():
        if identity[0] == "email":
            values = guest["values"]
            full_name = name_key(values["family_name"], values["given_name"], values.get("patronymic"))
            addressed[full_name, organization_key(values.get("organization", ""))].append(guest)
    for identity in unaddressed:
        matches = addressed.get(identity[1:], [])
        if len(matches) == 1:
            guest = people.pop(identity)
            _fold(matches[0], guest["rows"], guest["values"], guest["sources"], headers, errors)
