"""Banquets: a venue's tables, who sits at which table at a program item, and the action that fills
the table plan by precedence."""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, pgettext_lazy
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline

from ceremony.models import BanquetTable, TableAssignment
from ceremony.permissions import may_assign_tables
from ceremony.rules import blocking
from ceremony.services import banquets

from .history import RecordHistoryAdmin
from .inputs import CheckedInputsMixin, ConstrainedInlineFormSet
from .mixins import AnyLanguageMixin, DeclinedTitlesMixin, OptimisticLockingMixin, VersionedInlineMixin
from .search import person_search_fields

VENUE_NAMES = ("venue__name_en", "venue__name_ru", "venue__name_kk")


class BanquetTableInline(
    VersionedInlineMixin, CheckedInputsMixin, AnyLanguageMixin, TranslationTabularInline
):
    """On the venue's page: its tables, for receptions and banquets."""

    model = BanquetTable
    formset = ConstrainedInlineFormSet
    extra = 0
    fields = ("number", "name", "shape", "seats")
    verbose_name_plural = _("banquet tables (table 1 is the host's)")


@admin.register(BanquetTable)
class BanquetTableAdmin(
    DeclinedTitlesMixin, OptimisticLockingMixin, RecordHistoryAdmin, AnyLanguageMixin, TranslationAdmin
):
    verbose_name_accusative = pgettext_lazy("accusative", "banquet table")

    list_display = ("venue", "number", "name", "shape", "seats")
    list_display_links = ("venue", "number")
    list_filter = ("shape", "venue")
    search_fields = (*VENUE_NAMES, "name_en", "name_ru", "name_kk")
    list_select_related = ("venue",)
    autocomplete_fields = ("venue",)
    ordering = ("venue__name_en", "number")
    fields = ("venue", "number", "name", "shape", "seats")


class TableAssignmentFormSet(ConstrainedInlineFormSet):
    def check_submission(self):
        rows = [(form, form.cleaned_data.get("table")) for form in self.kept_forms()]
        for form, message in blocking.submitted_tables_within_their_seats(rows).items():
            form.add_error("table", message)


class TableAssignmentInline(VersionedInlineMixin, CheckedInputsMixin, admin.TabularInline):
    model = TableAssignment
    formset = TableAssignmentFormSet
    extra = 0
    fields = ("table", "seat", "attendee", "is_manual")
    autocomplete_fields = ("attendee",)
    verbose_name_plural = _("table plan (use the action “Assign tables by precedence” to fill it)")

    def get_formset(self, request, obj=None, **kwargs):
        # The tables offered are those of the item's venue (the inline is shown only when it has some).
        self.venue_id = obj.venue_id if obj is not None else None
        return super().get_formset(request, obj, **kwargs)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "table":
            kwargs["queryset"] = BanquetTable.objects.filter(venue=getattr(self, "venue_id", None))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("attendee__person", "table")


@admin.register(TableAssignment)
class TableAssignmentAdmin(DeclinedTitlesMixin, OptimisticLockingMixin, RecordHistoryAdmin):
    verbose_name_accusative = pgettext_lazy("accusative", "place at a table")

    list_display = ("program_item", "table", "seat", "attendee_name", "is_manual")
    list_filter = ("program_item__event", "program_item", "is_manual")
    search_fields = (*person_search_fields("attendee__person"), "program_item__title_en")
    list_select_related = ("program_item", "table", "attendee__person")
    autocomplete_fields = ("program_item", "table", "attendee")
    ordering = ("program_item__starts_at", "table__number", "seat")

    @admin.display(description=_("attendee"), ordering="attendee__person__family_name")
    def attendee_name(self, obj):
        return obj.attendee.person.full_name


def has_banquet_tables(item):
    return item is not None and item.venue_id is not None and item.venue.banquet_tables.exists()


def banquet_inlines(item):
    """The inlines a program item's page adds for its banquet: the table plan, when its venue has
    tables."""
    return [TableAssignmentInline] if has_banquet_tables(item) else []


class BanquetTablesMixin:
    """For the program item's admin: the print buttons of its banquet and the action "Assign tables
    by precedence" (its get_inlines adds `banquet_inlines`)."""

    @admin.action(
        description=_("Assign tables by precedence (places set by hand stay)"), permissions=["tables"]
    )
    def assign_tables(self, request, queryset):
        for item in queryset.select_related("event", "venue"):
            try:
                assigned = banquets.tables_assign(program_item=item)
            except ValidationError as refusal:
                self.message_user(request, self._refusal_message(item, refusal), messages.ERROR)
                continue
            self.message_user(
                request,
                ngettext(
                    "“%(item)s”: %(count)d guest placed at a table.",
                    "“%(item)s”: %(count)d guests placed at tables.",
                    assigned.placed,
                )
                % {"item": item, "count": assigned.placed},
                messages.SUCCESS,
            )
            for note in assigned.notes:
                self.message_user(request, note, messages.WARNING)

    def _refusal_message(self, item, refusal):
        if getattr(refusal, "code", None) != banquets.NO_TABLES:
            return " ".join(refusal.messages)
        if item.venue is None:
            return _("“%(item)s” has no venue: choose one that has banquet tables.") % {"item": item}
        url = reverse("admin:ceremony_venue_change", args=[item.venue.pk]) + "#banquet_tables-group"
        return format_html(
            '{} <a href="{}">{}</a>', refusal.messages[0], url, _("Add the tables on the venue’s page.")
        )

    def has_tables_permission(self, request):
        return may_assign_tables(request.user)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context["has_banquet_tables"] = has_banquet_tables(obj)
        return super().render_change_form(request, context, add, change, form_url, obj)
