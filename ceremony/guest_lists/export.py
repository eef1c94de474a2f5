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
import tablib
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


FORMATS = {"xlsx": GuestListXLSX, "csv": GuestListCSV}
ENCODING = "utf-8-sig"  # a BOM, so that Excel opens Cyrillic CSV correctly
EXPORT_CHUNK = 900


def guest_list_export(*, pks, file_format, export_fields=None, step=None):
    """The guest list of the attendees `pks`, in that order, as a file of `file_format` (a key of
    FORMATS), with the fields `export_fields` (all when None): what the admin's export action gives, built a
    chunk of attendees at a time for a job. `step(done, total)` is called after each chunk."""
    resource = GuestListResource()
    dataset = tablib.Dataset(headers=resource.get_export_headers(selected_fields=export_fields))
    for start in range(0, len(pks), EXPORT_CHUNK):
        chunk = pks[start : start + EXPORT_CHUNK]
        found = resource.get_queryset().in_bulk(chunk)
        for pk in chunk:
            if pk in found:  # an attendee deleted since the export was asked for is left out
                dataset.append(resource.export_resource(found[pk], selected_fields=export_fields))
        if step is not None:
            step(start + len(chunk), len(pks))
    data = FORMATS[file_format]().export_data(dataset)
    return data.encode(ENCODING) if isinstance(data, str) else data
