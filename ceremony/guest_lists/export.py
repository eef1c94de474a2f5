"""Exports of the guest list (django-import-export), with the headers the import reads back.

Export → edit → import round-trips with no changes: one field per column of the schema, under the
column's header, with the cell the column exports (Column.exported): categories by their labels,
countries by code, times as day.month.year hours:minutes in the event's zone, and positions in the
event's language. Identity documents are not part of a guest list and are never exported.

No cell runs as a formula in a spreadsheet: in CSV a cell that starts like one gets a quote in front
(which the import takes off again) and every cell is quoted, so that Excel set to split at «;» cannot
split «x;=1+1» into a formula; in XLSX every text cell is stored as text, with no quote to see
(a phone number reads +7 701…, not '+7 701…).
"""

import csv
import io

import openpyxl
from import_export import fields, resources
from import_export.formats.base_formats import CSV, XLSX

from ceremony.models import Attendee

from .cells import spreadsheet_safe
from .columns import COLUMNS


class _GuestListExport(resources.ModelResource):
    """What the export does besides its fields, which come from the schema (GuestListResource)."""

    def get_queryset(self):
        return Attendee.objects.select_related("person__organization", "event").order_by(
            "event", "person__family_name", "person__given_name", "pk"
        )

    def export_field(self, field, instance, **kwargs):
        value = super().export_field(field, instance, **kwargs)
        return "" if value is None else value


def _guest_list_resource():
    keys = tuple(column.key for column in COLUMNS)

    class Meta:
        model = Attendee
        fields = keys
        export_order = keys

    namespace = {
        "__module__": __name__,
        "__doc__": "The guest list: one field per column of the import, under the header it reads.",
        "Meta": Meta,
    }
    namespace |= {
        column.key: fields.Field(column_name=column.header, dehydrate_method=column.exported)
        for column in COLUMNS
    }
    return type(_GuestListExport)("GuestListResource", (_GuestListExport,), namespace)


GuestListResource = _guest_list_resource()


class GuestListCSV(CSV):
    """CSV in which every cell is quoted and none starts like a formula."""

    def export_data(self, dataset, **kwargs):
        out = io.StringIO()
        writer = csv.writer(out, quoting=csv.QUOTE_ALL)
        writer.writerow(dataset.headers)
        for row in dataset:
            writer.writerow([spreadsheet_safe(cell) for cell in row])
        return out.getvalue()


class GuestListXLSX(XLSX):
    """A workbook whose text cells are text: openpyxl would store «=1+1» as a formula."""

    def export_data(self, dataset, **kwargs):
        workbook = openpyxl.Workbook(write_only=True)
        sheet = workbook.create_sheet(dataset.title or "Guests")
        sheet.append(dataset.headers)
        for row in dataset:
            sheet.append([_text_cell(sheet, value) for value in row])
        out = io.BytesIO()
        workbook.save(out)
        return out.getvalue()


def _text_cell(sheet, value):
    cell = openpyxl.cell.WriteOnlyCell(sheet, value=value)
    if isinstance(value, str):
        cell.data_type = "s"
    return cell
