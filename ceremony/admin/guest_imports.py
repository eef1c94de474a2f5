"""Guest-list imports: upload, preview, confirm, and undo."""

from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ceremony.guest_lists import services as guest_list_services
from ceremony.guest_lists.columns import COLUMNS, MAPPABLE_COLUMNS
from ceremony.guest_lists.report import preview_rows, proposal_rows, report_csv, similar_rows
from ceremony.models import GuestImport, ValueMapping
from ceremony.permissions import may_undo_guest_imports, may_view_identity_documents

from .forms import GuestImportDecisionForm, GuestListUploadForm, ValueMappingForm
from .history import RecordHistoryAdmin
from .inputs import CheckedInputsMixin
from .mixins import DeclinedTitlesMixin, OneEventListMixin, OptimisticLockingMixin


@admin.register(GuestImport)
class GuestImportAdmin(DeclinedTitlesMixin, OneEventListMixin, CheckedInputsMixin, admin.ModelAdmin):
    """Each upload is a record; its page is the preview, with confirm and undo."""

    verbose_name_accusative = pgettext_lazy("accusative", "guest-list import")

    list_display = (
        "created_at",
        "file_name",
        "event",
        "created_by",
        "status",
        "new_count",
        "updated_count",
        "unchanged_count",
        "error_count",
    )
    list_filter = ("status", "event")
    search_fields = ("file_name", "created_by__username", "event__name_en")
    list_select_related = ("event", "created_by")
    date_hierarchy = "created_at"
    ordering = ("-created_at",)
    PAGE_SIZE = 100
    ERRORS_SHOWN = 200

    def get_queryset(self, request):
        qs = super().get_queryset(request).select_related("event", "created_by")
        if request.resolver_match and request.resolver_match.url_name.endswith("changelist"):
            # The kept rows can be megabytes; the list never needs them.
            qs = qs.defer(
                "guests", "preview", "undo_journal", "errors", "warnings", "proposals", "skipped", "decisions"
            )
        return qs

    def has_download_permission(self, request, obj):
        """The uploaded file may hold identity documents (a column the import skipped): then it is for
        those who may see them only."""
        if not self.has_view_permission(request, obj):
            return False
        return not obj.holds_identity_documents or may_view_identity_documents(request.user)

    def has_change_permission(self, request, obj=None):
        return False  # an import is a record of what happened, not something to edit

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("<int:pk>/confirm/", view(self.confirm_view), name="ceremony_guestimport_confirm"),
            path("<int:pk>/decide/", view(self.decide_view), name="ceremony_guestimport_decide"),
            path("<int:pk>/undo/", view(self.undo_view), name="ceremony_guestimport_undo"),
            path("<int:pk>/report.csv", view(self.report_view), name="ceremony_guestimport_report"),
            *super().get_urls(),
        ]

    def add_view(self, request, form_url="", extra_context=None):
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = GuestListUploadForm(
            request.POST or None,
            request.FILES or None,
            initial={"event": request.GET.get("event") or self.chosen_event_id(request)},
        )
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            guest_import, job = guest_list_services.guest_import_upload(
                event=form.cleaned_data["event"],
                data=upload.read(),
                file_name=upload.name,
                user=request.user,
                language=form.cleaned_data["language"] or None,
                encoding=form.cleaned_data["encoding"] or None,
                delimiter=form.cleaned_data["delimiter"] or None,
            )
            if job is not None:  # a long list: checked in the background, its page follows the job
                return redirect("admin:ceremony_job_change", job.pk)
            return redirect("admin:ceremony_guestimport_change", guest_import.pk)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Import a guest list"),
            "opts": self.opts,
            "form": form,
            "columns": COLUMNS,
        }
        return TemplateResponse(request, "admin/ceremony/guestimport/upload.html", context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        guest_import = self.get_object(request, object_id)
        if guest_import is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if not self.has_view_permission(request, guest_import):
            raise PermissionDenied
        show = request.GET.get("show") if request.GET.get("show") in ("new", "updated") else ""
        entries = guest_import.preview
        if show:
            entries = [entry for entry in entries if entry["status"] == show]
        page = Paginator(entries, self.PAGE_SIZE).get_page(request.GET.get("page"))
        busy = guest_list_services.guest_import_busy(guest_import)
        errors = guest_import.errors[: self.ERRORS_SHOWN]
        may_decide = (
            not busy
            and guest_import.status in guest_list_services.RECHECKED
            and bool(guest_import.source_file)
            and self.has_add_permission(request)
        )
        proposals, proposed_columns = proposal_rows(guest_import, guest_import.proposals[: self.ERRORS_SHOWN])
        look_alikes = similar_rows(guest_import, self.ERRORS_SHOWN)
        # One list of the choices per column with values to map, shared by every form that maps one.
        mapped = {error["column_key"] for error in errors if error.get("value_key")}
        datalists = {
            key: MAPPABLE_COLUMNS[key].options() for key in sorted(mapped) if key in MAPPABLE_COLUMNS
        }
        context = {
            **self.admin_site.each_context(request),
            "title": _("Guest list “%(file)s”") % {"file": guest_import.file_name},
            "opts": self.opts,
            "original": guest_import,
            "guest_import": guest_import,
            "errors": errors,
            "errors_cut": max(0, len(guest_import.errors) - len(errors)),
            "skipped": guest_import.skipped[: self.ERRORS_SHOWN],
            "proposals": proposals,
            "proposals_total": len(guest_import.proposals),
            "proposed_columns": proposed_columns,
            "overwrite_accepted": bool((guest_import.decisions or {}).get("overwrite")),
            "look_alikes": look_alikes,
            "skipped_by_hand": set((guest_import.decisions or {}).get("skip", [])),
            "may_decide": may_decide,
            "decide_url": reverse("admin:ceremony_guestimport_decide", args=[guest_import.pk]),
            "datalists": datalists,
            "show": show,
            "page": page,
            "rows": preview_rows(guest_import, page.object_list),
            "may_confirm": not busy and guest_import.can_confirm and self.has_add_permission(request),
            "may_undo": not busy and guest_import.can_undo and may_undo_guest_imports(request.user),
            "busy": busy,
            "may_download": bool(guest_import.source_file)
            and self.has_download_permission(request, guest_import),
        }
        return TemplateResponse(request, "admin/ceremony/guestimport/preview.html", context)

    def decide_view(self, request, pk):
        """What the organizer decides on the preview: a cell corrected, a row skipped or read again, an
        unknown value mapped. The list is checked again (by a job when it is long)."""
        guest_import = get_object_or_404(
            GuestImport.objects.select_related("event").only("pk", "event", "status", "job_id"), pk=pk
        )
        if request.method != "POST" or not self.has_add_permission(request):
            raise PermissionDenied
        form = GuestImportDecisionForm(request.POST)
        if not form.is_valid():
            self.message_user(request, form.errors_text(), messages.ERROR)
            return redirect("admin:ceremony_guestimport_change", pk)
        data = form.cleaned_data
        action = data["action"]
        try:
            if action == "fix":
                guest_import, job = guest_list_services.guest_import_cell_fix(
                    guest_import=guest_import,
                    row=data["row"],
                    column_key=data["column"],
                    text=data["text"],
                    user=request.user,
                )
            elif action in ("skip", "unskip"):
                guest_import, job = guest_list_services.guest_import_row_skip(
                    guest_import=guest_import, row=data["row"], skip=action == "skip", user=request.user
                )
            elif action in ("accept", "accept_column"):
                guest_import, job = guest_list_services.guest_import_overwrite_accept(
                    guest_import=guest_import,
                    column_key=data["column"],
                    row=data["row"] if action == "accept" else None,
                    user=request.user,
                )
            elif action == "keep":
                guest_import, job = guest_list_services.guest_import_overwrite_decline(
                    guest_import=guest_import, user=request.user
                )
            elif action in ("same", "new"):
                guest_import, job = guest_list_services.guest_import_same_as(
                    guest_import=guest_import,
                    row=data["row"],
                    person=data["person"] if action == "same" else None,
                    user=request.user,
                )
            else:
                guest_import, job = guest_list_services.guest_import_value_map(
                    guest_import=guest_import,
                    column_key=data["column"],
                    value=data["value"],
                    target=data["target"],
                    user=request.user,
                )
        except ValidationError as refusal:
            self.message_user(request, " ".join(refusal.messages), messages.ERROR)
            return redirect("admin:ceremony_guestimport_change", pk)
        if job is not None:
            return redirect("admin:ceremony_job_change", job.pk)
        return redirect(reverse("admin:ceremony_guestimport_change", args=[pk]) + "#import-problems")

    def confirm_view(self, request, pk):
        guest_import = get_object_or_404(
            GuestImport.objects.only(
                "pk",
                "status",
                "event_id",
                "file_name",
                "job_id",
                "new_count",
                "updated_count",
                "unchanged_count",
            ),
            pk=pk,
        )
        if request.method != "POST" or not self.has_add_permission(request):
            raise PermissionDenied
        if guest_import.rows > settings.GUEST_IMPORT_JOB_ROWS or guest_import.job_id:
            return self._job_start(request, guest_import, "confirm", _("Import started in the background"))
        try:
            guest_import = guest_list_services.guest_import_confirm(
                guest_import=guest_import, user=request.user
            )
        except guest_list_services.GuestImportStale as stale:
            self.message_user(request, str(stale), messages.ERROR)
            return redirect("admin:ceremony_guestimport_change", pk)
        except ValidationError as refusal:
            self.message_user(request, " ".join(refusal.messages), messages.ERROR)
            return redirect("admin:ceremony_guestimport_change", pk)
        self.log_change(request, guest_import, _("Imported"))
        self.message_user(
            request,
            _("Imported “%(file)s”: %(new)d new, %(updated)d updated, %(unchanged)d unchanged.")
            % {
                "file": guest_import.file_name,
                "new": guest_import.new_count,
                "updated": guest_import.updated_count,
                "unchanged": guest_import.unchanged_count,
            },
            messages.SUCCESS,
        )
        return redirect(
            reverse("admin:ceremony_attendee_changelist") + f"?event__id__exact={guest_import.event_id}"
        )

    def undo_view(self, request, pk):
        guest_import = get_object_or_404(
            GuestImport.objects.only("pk", "status", "file_name", "job_id", "new_count", "updated_count"),
            pk=pk,
        )
        if request.method != "POST" or not may_undo_guest_imports(request.user):
            raise PermissionDenied
        if guest_import.new_count + guest_import.updated_count > settings.GUEST_IMPORT_JOB_ROWS:
            return self._job_start(request, guest_import, "undo", _("Undo started in the background"))
        try:
            guest_list_services.guest_import_undo(guest_import=guest_import, user=request.user)
        except ValidationError as refusal:
            self.message_user(request, " ".join(refusal.messages), messages.ERROR)
        else:
            self.log_change(request, guest_import, _("Undone"))
            self.message_user(
                request,
                _("The import of “%(file)s” was undone.") % {"file": guest_import.file_name},
                messages.SUCCESS,
            )
        return redirect("admin:ceremony_guestimport_change", pk)

    def _job_start(self, request, guest_import, action, logged):
        """A long list is confirmed or undone by a job: to its page at once, or back with why not."""
        try:
            job = guest_list_services.guest_import_job_start(
                guest_import=guest_import, action=action, user=request.user
            )
        except ValidationError as refusal:
            self.message_user(request, " ".join(refusal.messages), messages.ERROR)
            return redirect("admin:ceremony_guestimport_change", guest_import.pk)
        self.log_change(request, guest_import, logged)
        return redirect("admin:ceremony_job_change", job.pk)

    def report_view(self, request, pk):
        guest_import = get_object_or_404(GuestImport.objects.select_related("event"), pk=pk)
        if not self.has_view_permission(request, guest_import):
            raise PermissionDenied
        response = HttpResponse(report_csv(guest_import), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="import-{guest_import.pk}-report.csv"'
        return response


class MappedColumnFilter(admin.SimpleListFilter):
    """The mappings of one column, which the filter names by its label: the field keeps the column's
    key ("category"), which is no word for the organizer."""

    title = _("column")
    parameter_name = "column"

    def lookups(self, request, model_admin):
        return [(key, column.label) for key, column in MAPPABLE_COLUMNS.items()]

    def queryset(self, request, queryset):
        return queryset.filter(column=self.value()) if self.value() else queryset


@admin.register(ValueMapping)
class ValueMappingAdmin(DeclinedTitlesMixin, OneEventListMixin, OptimisticLockingMixin, RecordHistoryAdmin):
    """What words in an event's guest lists mean, as chosen in previews or given to the command line."""

    verbose_name_accusative = pgettext_lazy("accusative", "value mapping")

    form = ValueMappingForm
    list_display = ("value", "column_shown", "target_shown", "event", "created_by", "created_at")
    list_filter = ("event", MappedColumnFilter)
    search_fields = ("value", "target")
    autocomplete_fields = ("event",)
    list_select_related = ("event", "created_by")
    ordering = ("event", "column", "value")

    @admin.display(description=_("column"), ordering="column")
    def column_shown(self, mapping):
        column = MAPPABLE_COLUMNS.get(mapping.column)
        return column.label if column else mapping.column

    @admin.display(description=_("means"), ordering="target")
    def target_shown(self, mapping):
        column = MAPPABLE_COLUMNS.get(mapping.column)
        if not mapping.target:
            return _("(left blank)")
        return dict(column.options()).get(mapping.target, mapping.target) if column else mapping.target

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)
