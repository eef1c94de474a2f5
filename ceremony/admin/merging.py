"""The admin action that merges duplicates: a page of the selected records side by side, with what
each has, where the user chooses the one that stays; then `services.merging` does the merge."""

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.utils import display_for_value, label_for_field, lookup_field
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db.models import Count
from django.template.response import TemplateResponse
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from ceremony.models import Attendee
from ceremony.services.merging import links_to, organizations_merge, people_merge, record_label

EVENTS_SHOWN = 10


class MergeActionMixin:
    """Adds the action "Merge selected …" to a model admin; `merge` is the service that merges.

    Like delete_selected: the change and delete permissions, a confirmation page, a log entry. An admin
    with actions of its own lists "merge_selected" among them.
    """

    merge = None
    actions = ("merge_selected",)
    merge_template = "admin/ceremony/merge_selected.html"

    @admin.action(description=gettext_lazy("Merge selected %(verbose_name_plural)s"), permissions=["merge"])
    def merge_selected(self, request, queryset):
        # Read again as the list reads them (its annotations and related records), oldest first.
        selected = self.get_queryset(request).filter(pk__in=queryset.values("pk")).order_by("pk")
        if self.list_select_related is True:
            selected = selected.select_related()
        elif self.list_select_related:
            selected = selected.select_related(*self.list_select_related)
        records = list(selected)
        if len(records) < 2:
            self.message_user(request, _("Select at least two records to merge."), messages.WARNING)
            return None
        if request.POST.get("post"):
            for record in records:
                # As the page showed them: a record changed since refuses the merge (services.merging).
                shown = request.POST.get(f"version_{record.pk}", "")
                if shown.isdecimal():
                    record.version = int(shown)
            kept = next((record for record in records if str(record.pk) == request.POST.get("kept")), None)
            if kept is None:
                self.message_user(request, _("Choose the record that stays."), messages.ERROR)
            else:
                return self._merge_confirmed(request, kept, [record for record in records if record != kept])
        return self._merge_page(request, records)

    def has_merge_permission(self, request):
        # Both: an action's permissions are alternatives, and a merge changes one record and deletes others.
        return self.has_change_permission(request) and self.has_delete_permission(request)

    def _merge_confirmed(self, request, kept, merged):
        try:
            kept = self.merge(kept=kept, merged=merged, user=request.user)
        except ValidationError as refusal:
            self.message_user(request, " ".join(refusal.messages), messages.ERROR)
            return None
        self.log_deletions(request, merged)
        self.log_change(request, kept, _("Merged into this: %(merged)s") % {"merged": _labels(merged)})
        self.message_user(
            request,
            ngettext(
                "%(count)d record merged into %(kept)s.",
                "%(count)d records merged into %(kept)s.",
                len(merged),
            )
            % {"count": len(merged), "kept": record_label(kept)},
            messages.SUCCESS,
        )
        return None

    def _merge_page(self, request, records):
        columns = [
            (label_for_field(name, self.model, self), [self._merge_cell(name, record) for record in records])
            for name in self.get_list_display(request)
            if name != "action_checkbox"
        ]
        columns += self.merge_details(records)
        columns += _reference_counts(self.model, records)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Merge %(records)s") % {"records": self.opts.verbose_name_plural},
            "opts": self.opts,
            "records": records,
            "rows": [(capfirst(str(label)), cells) for label, cells in columns],
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            "kept": request.POST.get("kept") or str(records[0].pk),
        }
        return TemplateResponse(request, self.merge_template, context)

    def _merge_cell(self, name, record):
        try:
            _field, _attr, value = lookup_field(name, record, self)
        except (AttributeError, FieldDoesNotExist):
            return ""
        return display_for_value(value, "—")

    def merge_details(self, records):
        """More rows for the page, as (label, [a cell per record])."""
        return []


class PersonMergeMixin(MergeActionMixin):
    merge = staticmethod(people_merge)

    def merge_details(self, records):
        attended = {record.pk: [] for record in records}
        attendances = (
            Attendee.objects.filter(person__in=records).select_related("event").order_by("event__start_date")
        )
        for attendance in attendances:
            attended[attendance.person_id].append(str(attendance.event))
        cells = []
        for record in records:
            events = attended[record.pk]
            shown = ", ".join(events[:EVENTS_SHOWN])
            if len(events) > EVENTS_SHOWN:
                shown += " " + _("and %(count)d more") % {"count": len(events) - EVENTS_SHOWN}
            cells.append(shown or "—")
        return [(_("events attended"), cells)]


class OrganizationMergeMixin(MergeActionMixin):
    merge = staticmethod(organizations_merge)


def _reference_counts(model, records):
    """A row per kind of record pointing here: how many of them point at each record."""
    rows = []
    for related, field in links_to(model):
        counts = dict(
            related._base_manager.filter(**{f"{field.name}__in": records})
            .values_list(field.attname)
            .annotate(count=Count("pk"))
            .order_by()
        )
        label = _("%(records)s (%(field)s)") % {
            "records": related._meta.verbose_name_plural,
            "field": field.verbose_name,
        }
        rows.append((label, [counts.get(record.pk, 0) for record in records]))
    return rows


def _labels(records):
    return ", ".join(record_label(record) for record in records)
