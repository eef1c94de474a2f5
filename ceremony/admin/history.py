"""The History button of every record, for reading only, as an organizer reads it: times in the
record's event's time zone, choices by their names, and who wrote each change (a person, or the demo
loader, a guest-list import, a job)."""

import datetime

from django.contrib.admin.utils import unquote
from django.core.exceptions import FieldDoesNotExist, PermissionDenied
from django.db.models import ForeignKey
from django.http import Http404
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from simple_history.admin import SimpleHistoryAdmin
from simple_history.template_utils import HistoricalRecordContextHelper

from ceremony.core.history import source_label
from ceremony.models import Event

from .inputs import CheckedInputsMixin, is_key

# How a record leads to its event, one step at a time (a visitor → its visit → its item → the event).
EVENT_STEPS = ("event", "program_item", "visit", "ceremony")


def event_of(record, steps=3):
    """The event a record belongs to, or None (a person, a venue, an award belong to no one event)."""
    if isinstance(record, Event):
        return record
    if record is None or steps == 0:
        return None
    for name in EVENT_STEPS:
        try:
            field = record._meta.get_field(name)
        except FieldDoesNotExist:
            continue
        if field.many_to_one or field.one_to_one:
            return event_of(getattr(record, name, None), steps - 1)
    return None


class ReadableChanges(HistoricalRecordContextHelper):
    """A change's values as the record's page shows them: a time in the active time zone (the event's,
    see `history_view`), a choice by its name, yes and no as words."""

    def prepare_delta_change_value(self, change, value):
        value = super().prepare_delta_change_value(change, value)
        field = self.model._meta.get_field(change.field)
        if isinstance(value, datetime.datetime) and timezone.is_aware(value):
            return formats.localize(timezone.localtime(value))
        if isinstance(value, (datetime.date, datetime.time)):
            return formats.localize(value)
        if isinstance(value, bool):
            return _("yes") if value else _("no")
        if field.choices and value not in (None, ""):
            return dict(field.flatchoices).get(value, value)
        if value in (None, ""):
            return "—"
        return value


class RecordHistoryAdmin(CheckedInputsMixin, SimpleHistoryAdmin):
    """An admin with a History button. The history is for reading only: django-simple-history's page of
    an old version would save a posted form without asking for the change permission, and a change
    belongs on the record's own page, where its rules apply. Autocomplete fields answer a posted value
    that is not an id with a form error (CheckedInputsMixin).
    """

    object_history_list_template = "admin/history_list.html"

    # django-simple-history looks the ids in the address up as they are; "abc" made that raise.

    def history_view(self, request, object_id, extra_context=None):
        if not is_key(self.opts.pk, unquote(object_id)):
            raise Http404
        # Times read in the zone of the record's event, as on its page and in its documents.
        event = event_of(self.model._default_manager.filter(pk=unquote(object_id)).first())
        zone = event.zone if event is not None else timezone.get_current_timezone()
        extra_context = {**(extra_context or {}), "history_zone": str(zone)}
        with timezone.override(zone):
            return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method == "POST":
            raise PermissionDenied
        version_key = self.model.history.model._meta.pk
        if not (is_key(self.opts.pk, unquote(object_id)) and is_key(version_key, unquote(version_id))):
            raise Http404
        return super().history_form_view(request, object_id, version_id, extra_context)

    def get_historical_record_context_helper(self, request, historical_record):
        return ReadableChanges(self.model, historical_record)

    def set_history_delta_changes(self, request, historical_records, foreign_keys_are_objs=True):
        # Each row of the page names the record as it was; built from the historical row without the
        # related records its query fetched, its name would read them again, a query per row.
        for record in historical_records:
            as_it_was = record.history_object
            for field in record.tracked_fields:
                if isinstance(field, ForeignKey) and field.is_cached(record):
                    as_it_was._meta.get_field(field.name).set_cached_value(
                        as_it_was, getattr(record, field.name)
                    )
            record.history_object = as_it_was
            # No reason given is a blank cell, not the word "None" in every language.
            if record.history_change_reason is None:
                record.history_change_reason = ""
            record.written_by = source_label(record.history_source)
        super().set_history_delta_changes(request, historical_records, foreign_keys_are_objs)
