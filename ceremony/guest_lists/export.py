"""Exports of the guest list (django-import-export), with the headers the import reads back.

Export → edit → import round-trips with no changes: one field per column of the schema, under the
column's header, with the cell the column exports (Column.exported): categories by their labels,
countries by code, times as day.month.year hours:minutes in the event's zone, and positions in the
event's language. Cells a spreadsheet would run as a formula get a quote in front, which the import
takes off again. Identity documents are not part of a guest list and are never exported.
"""

from import_export import fields, resources

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
        return spreadsheet_safe("" if value is None else value)


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
