"""The History button of every record, for reading only."""

from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db.models import ForeignKey
from django.http import Http404
from simple_history.admin import SimpleHistoryAdmin

from .inputs import CheckedInputsMixin, is_key


class RecordHistoryAdmin(CheckedInputsMixin, SimpleHistoryAdmin):
    """An admin with a History button. The history is for reading only: django-simple-history's page of
    an old version would save a posted form without asking for the change permission, and a change
    belongs on the record's own page, where its rules apply. Autocomplete fields answer a posted value
    that is not an id with a form error (CheckedInputsMixin).
    """

    # django-simple-history looks the ids in the address up as they are; "abc" made that raise.

    def history_view(self, request, object_id, extra_context=None):
        if not is_key(self.opts.pk, unquote(object_id)):
            raise Http404
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method == "POST":
            raise PermissionDenied
        version_key = self.model.history.model._meta.pk
        if not (is_key(self.opts.pk, unquote(object_id)) and is_key(version_key, unquote(version_id))):
            raise Http404
        return super().history_form_view(request, object_id, version_id, extra_context)

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
        super().set_history_delta_changes(request, historical_records, foreign_keys_are_objs)
