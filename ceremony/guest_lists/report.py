"""What an import preview shows and its downloadable report: errors, and new and changed guests.

Each value is shown by its column (Column.shown): labels for codes, country names, local times.
"""

import csv
import io

from django.utils.translation import gettext as _

from .cells import spreadsheet_safe
from .columns import ATTENDEE_COLUMNS, COLUMNS


def preview_rows(guest_import, entries):
    """Each new or updated guest with the list of (column header, old, new) the import would write.

    Columns come in the schema's order, whatever order the database keeps JSON keys in.
    """
    event = guest_import.event
    rows = []
    for entry in entries:
        values = guest_import.guests[entry["guest"]]["values"]
        if entry["status"] == "new" and entry["person"] is None:
            changes = _given(COLUMNS, values, event)
        elif entry["status"] == "new":
            # Someone from the address book, new to this event: what changes about them, and how
            # they attend.
            changes = _changed(entry["changes"], event) + _given(ATTENDEE_COLUMNS, values, event)
        else:
            changes = _changed(entry["changes"], event)
        name = " ".join(
            part for part in (values["family_name"], values["given_name"], values.get("patronymic")) if part
        )
        rows.append({"rows": entry["rows"], "status": entry["status"], "name": name, "changes": changes})
    return rows


def _given(columns, values, event):
    """(header, "", new) for each of `columns` that the guest's row fills."""
    return [
        (column.header, "", column.shown(values[column.key], event))
        for column in columns
        if values.get(column.key) not in ("", None)
    ]


def _changed(changes, event):
    """(header, old, new) for each column a plan entry changes ({column key: [old, new]})."""
    return [
        (
            column.header,
            column.shown(changes[column.key][0], event),
            column.shown(changes[column.key][1], event),
        )
        for column in COLUMNS
        if column.key in changes
    ]


def report_csv(guest_import):
    """The whole preview as CSV (UTF-8 with a BOM, so Excel opens it): errors first, then changes."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, quoting=csv.QUOTE_ALL)  # see export.GuestListCSV

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
