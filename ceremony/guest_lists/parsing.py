"""From numbered rows of cells to guests: find the header row, clean every cell, merge repeated people.

Nothing here touches the database. Every problem becomes an error naming the spreadsheet's row, the
column header as written in the file, the value and the reason.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.utils.translation import gettext as _

from .cells import CellError, name_key, normalize_header
from .columns import COLUMNS, COLUMNS_BY_ALIAS, ORGANIZATION
from .organizations import organization_key

fromisoformat = datetime.fromisoformat
HEADER_SEARCH_ROWS = 30
MAX_SHOWN_VALUE = 80


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
    errors: ErrorList = field(default_factory=ErrorList)  # [{"row", "column", "value", "message"}]
    warnings: list = field(default_factory=list)
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


def error(row, column, value, message):
    shown = "" if value is None else str(value)
    if len(shown) > MAX_SHOWN_VALUE:
        shown = shown[:MAX_SHOWN_VALUE] + "…"
    return {"row": row, "column": column, "value": shown, "message": message}


def parse_guest_list(rows, *, zone):
    """Clean every row of `rows` ((number, cells) pairs); merge rows that name the same person."""
    result = ParsedGuestList()
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
    missing = [column.header for column in COLUMNS if column.required and column.key not in result.columns]
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

    people = {}
    headers = {column.key: header for column, header in columns.values()}
    rows_read = 0
    for number, cells in rows:
        rows_read += 1
        values = _clean_row(number, cells, columns, zone, result.errors)
        if values is not None:
            _merge(people, number, values, headers, result.errors)
    if not rows_read:
        result.errors.append(error(header_number, "", "", _("There are no guests below the header row.")))
        return result
    _fold_unaddressed(people, headers, result.errors)
    for guest in people.values():
        del guest["sources"]  # only needed while merging
    result.guests = list(people.values())
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


def _clean_row(number, cells, columns, zone, errors):
    values, ok = {}, True
    for index, (column, header) in columns.items():
        raw = cells[index] if index < len(cells) else None
        try:
            value = column.parse(raw, zone)
        except CellError as reason:
            errors.append(error(number, header, raw, str(reason)))
            ok = False
            continue
        limit = column.max_length
        if limit and value and len(value) > limit:
            errors.append(
                error(number, header, raw, _("is longer than %(limit)d characters") % {"limit": limit})
            )
            ok = False
            continue
        if column.required and not value:
            errors.append(error(number, header, raw, _("is empty; every guest needs one")))
            ok = False
            continue
        values[column.key] = value
    arrival, departure = values.get("arrival"), values.get("departure")
    if ok and arrival and departure and fromisoformat(departure) <= fromisoformat(arrival):
        header = next(header for column, header in columns.values() if column.key == "departure")
        errors.append(error(number, header, values["departure"], _("is not after the arrival")))
        ok = False
    return values if ok else None


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
                )
            )
            conflict = True
    if not conflict:
        guest["rows"] = sorted(guest["rows"] + rows)


def _compared(key, value):
    """A value as two mentions of one person are compared: «АО «Байтерек»» and "Байтерек" are one."""
    return organization_key(value) if key == ORGANIZATION.key else name_key(str(value))


def _fold_unaddressed(people, headers, errors):
    """A person listed once with an email and once without is one person, if no namesake has one too."""
    addressed = defaultdict(list)
    for identity, guest in people.items():
        if identity[0] == "email":
            values = guest["values"]
            full_name = name_key(values["family_name"], values["given_name"], values.get("patronymic"))
            addressed[full_name, organization_key(values.get("organization", ""))].append(guest)
    for identity in [identity for identity in people if identity[0] == "name"]:
        matches = addressed.get(identity[1:], [])
        if len(matches) == 1:
            guest = people.pop(identity)
            _fold(matches[0], guest["rows"], guest["values"], guest["sources"], headers, errors)
