"""What an import preview shows and its downloadable report: errors, and new and changed guests.

Each value is shown by its column (Column.shown): labels for codes, country names, local times.
"""

import csv
import io
from collections import Counter

from django.utils.translation import gettext as _

from ceremony.selectors import people_for_comparison

from .cells import spreadsheet_safe
from .columns import ATTENDEE_COLUMNS, COLUMNS
from .parsing import display_name


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


def proposal_rows(guest_import, proposals):
    """Stored values the file would replace and nobody accepted: ({"row", "name", "column", "header",
    "old", "new"} for each, and [(column key, header, how many guests)] over all the import's)."""
    event = guest_import.event
    rows = []
    for proposal in proposals:
        values = guest_import.guests[proposal["guest"]]["values"]
        for column in COLUMNS:
            if column.key in proposal["changes"]:
                old, new = proposal["changes"][column.key]
                rows.append(
                    {
                        "row": proposal["rows"][0],
                        "name": display_name(values),
                        "column": column.key,
                        "header": column.label,
                        "old": column.shown(old, event),
                        "new": column.shown(new, event),
                    }
                )
    counts = Counter(key for proposal in guest_import.proposals for key in proposal["changes"])
    columns = [(column.key, column.label, counts[column.key]) for column in COLUMNS if counts[column.key]]
    return rows, columns


def similar_rows(guest_import, limit):
    """The first `limit` new guests whom the address book may already know under another spelling,
    each with the people they may be ({"row", "name", "people": [Person]}), in two queries."""
    entries = [entry for entry in guest_import.preview if entry.get("similar")][:limit]
    people = {
        person.pk: person
        for person in people_for_comparison({pk for entry in entries for pk in entry["similar"]})
    }
    return [
        {
            "row": entry["rows"][0],
            "name": display_name(guest_import.guests[entry["guest"]]["values"]),
            "people": [people[pk] for pk in entry["similar"] if pk in people],
        }
        for entry in entries
    ]


def _given(columns, values, event):
    """(column's name, "", new) for each of `columns` that the guest's row fills."""
    return [
        (column.label, "", column.shown(values[column.key], event))
        for column in columns
        if values.get(column.key) not in ("", None)
    ]


def _changed(changes, event):
    """(column's name, old, new) for each column a plan entry changes ({column key: [old, new]})."""
    return [
        (
            column.label,
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
    rows, _columns = proposal_rows(guest_import, guest_import.proposals)
    for row in rows:
        write(
            [
                row["row"],
                _("kept"),
                row["name"],
                row["header"],
                row["old"],
                row["new"],
                _("stored value kept"),
            ]
        )
    for row in preview_rows(guest_import, guest_import.preview):
        rows = ", ".join(map(str, row["rows"]))
        status = _("new") if row["status"] == "new" else _("updated")
        for header, old, new in row["changes"]:
            write([rows, status, row["name"], header, old, new, ""])
    return out.getvalue().encode("utf-8")
