"""What an import preview shows and its downloadable report: errors, and new and changed guests.

Each value is shown by its column (Column.shown): labels for codes, country names, local times.
"""

import csv
import io

from django.utils.translation import gettext as _

from .cells import spreadsheet_safe
from .columns import ATTENDEE_COLUMNS, COLUMNS_BY_KEY


def preview_rows(guest_import, entries):
    """Each new or updated guest with the list of (column header, old, new) the import would write."""
    event = guest_import.event
    rows = []
    for entry in entries:
        values = guest_import.guests[entry["guest"]]["values"]
        if entry["status"] == "new" and entry["person"] is None:
            changes = [
                _change(key, "", value, event) for key, value in values.items() if value not in ("", None)
            ]
        elif entry["status"] == "new":
            # Someone from the address book, new to this event: what changes about them, and how
            # they attend.
            changes = [_change(key, old, new, event) for key, (old, new) in entry["changes"].items()] + [
                _change(column.key, "", values[column.key], event)
                for column in ATTENDEE_COLUMNS
                if values.get(column.key) not in ("", None)
            ]
        else:
            changes = [_change(key, old, new, event) for key, (old, new) in entry["changes"].items()]
        name = " ".join(
            part for part in (values["family_name"], values["given_name"], values.get("patronymic")) if part
        )
        rows.append({"rows": entry["rows"], "status": entry["status"], "name": name, "changes": changes})
    return rows


def _change(key, old, new, event):
    column = COLUMNS_BY_KEY[key]
    return (column.header, column.shown(old, event), column.shown(new, event))


def report_csv(guest_import):
    """The whole preview as CSV (UTF-8 with a BOM, so Excel opens it): errors first, then changes."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out)

    def write(row):
        writer.writerow([spreadsheet_safe(cell) for cell in row])

    write([_("Row"), _("What"), _("Name"), _("Column"), _("Old value"), _("New value"), _("Problem")])
    for error in guest_import.errors:
        write([error["row"] or "", _("error"), "", error["column"], "", error["value"], error["message"]])
    for row in preview_rows(guest_import, guest_import.preview):
        rows = ", ".join(map(str, row["rows"]))
        status = _("new") if row["status"] == "new" else _("updated")
        for header, old, new in row["changes"]:
            write([rows, status, row["name"], header, old, new, ""])
    return out.getvalue().encode("utf-8")
