"""Exports of the guest list (django-import-export), with the headers the import reads back.

Export → edit → import round-trips with no changes: the same column headers, categories by their
labels, countries by code, times as day.month.year hours:minutes in the event's zone, and positions
in the event's language. Cells a spreadsheet would run as a formula get a quote in front, which the
import takes off again. Identity documents are not part of a guest list and are never exported.
"""

from django.utils import formats
from import_export import fields, resources

from ceremony.models import Attendee

from .cells import spreadsheet_safe
from .columns import HEADERS


def _person(key):
    return fields.Field(attribute=f"person__{key}", column_name=HEADERS[key])


class GuestListResource(resources.ModelResource):
    family_name = _person("family_name")
    given_name = _person("given_name")
    patronymic = _person("patronymic")
    family_name_latin = _person("family_name_latin")
    given_name_latin = _person("given_name_latin")
    honorific = fields.Field(column_name=HEADERS["honorific"])
    position = fields.Field(column_name=HEADERS["position"])
    organization = fields.Field(attribute="person__organization__name", column_name=HEADERS["organization"])
    country = fields.Field(column_name=HEADERS["country"])
    email = _person("email")
    phone = _person("phone")
    preferred_language = _person("preferred_language")
    category = fields.Field(column_name=HEADERS["category"])
    rsvp_status = fields.Field(column_name=HEADERS["rsvp_status"])
    arrival = fields.Field(column_name=HEADERS["arrival"])
    departure = fields.Field(column_name=HEADERS["departure"])
    dietary_needs = fields.Field(attribute="dietary_needs", column_name=HEADERS["dietary_needs"])
    accessibility_needs = fields.Field(
        attribute="accessibility_needs", column_name=HEADERS["accessibility_needs"]
    )
    notes = fields.Field(attribute="notes", column_name=HEADERS["notes"])

    class Meta:
        model = Attendee
        fields = tuple(HEADERS)
        export_order = tuple(HEADERS)

    def get_queryset(self):
        return Attendee.objects.select_related("person__organization", "event").order_by(
            "event", "person__family_name", "person__given_name", "pk"
        )

    def export_field(self, field, instance, **kwargs):
        value = super().export_field(field, instance, **kwargs)
        return spreadsheet_safe("" if value is None else value)

    def _title(self, attendee, field):
        language = attendee.event.default_language
        return getattr(attendee.person, f"{field}_{language}") or ""

    def dehydrate_honorific(self, attendee):
        return self._title(attendee, "honorific")

    def dehydrate_position(self, attendee):
        return self._title(attendee, "position")

    def dehydrate_country(self, attendee):
        return attendee.person.country.code or ""

    def dehydrate_category(self, attendee):
        return str(attendee.get_category_display())

    def dehydrate_rsvp_status(self, attendee):
        return str(attendee.get_rsvp_status_display())

    def _moment(self, attendee, value):
        return formats.date_format(attendee.event.localtime(value), "d.m.Y H:i") if value else ""

    def dehydrate_arrival(self, attendee):
        return self._moment(attendee, attendee.arrival)

    def dehydrate_departure(self, attendee):
        return self._moment(attendee, attendee.departure)
