"""Events and venues."""

from django.contrib import admin
from django.contrib.admin.utils import flatten_fieldsets
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline

from ceremony import selectors
from ceremony.dashboard import event_dashboard
from ceremony.languages import LANGUAGE_NAMES, event_translations
from ceremony.models import (
    Event,
    Venue,
    VenueSection,
)
from ceremony.permissions import EVENT_FIELDS_FOR_PROTOCOL, may_edit_event_details
from ceremony.rules import warnings

from .banquets import BanquetTableInline
from .history import RecordHistoryAdmin
from .inputs import CheckedInputsMixin, ConstrainedInlineFormSet
from .mixins import (
    AnyLanguageMixin,
    DeclinedTitlesMixin,
    EventTimeZoneMixin,
    OptimisticLockingMixin,
    VersionedInlineMixin,
)


@admin.register(Event)
class EventAdmin(
    DeclinedTitlesMixin,
    OptimisticLockingMixin,
    EventTimeZoneMixin,
    RecordHistoryAdmin,
    AnyLanguageMixin,
    TranslationAdmin,
):
    verbose_name_accusative = pgettext_lazy("accusative", "event")
    event_lookup = "pk"  # the reply deadline is read and shown in the event's own zone

    list_display = ("name", "start_date", "end_date", "city", "time_zone", "attendee_count", "item_count")
    list_filter = ("time_zone",)
    search_fields = ("name_en", "name_ru", "name_kk", "slug", "city_en", "city_ru", "city_kk")
    date_hierarchy = "start_date"
    ordering = ("-start_date",)
    prepopulated_fields = {"slug": ("name_en",)}
    fieldsets = (
        (None, {"fields": ("name", "slug", "start_date", "end_date", "city")}),
        (_("Language and time"), {"fields": ("time_zone", "default_language", "fallback_languages")}),
        (_("Protocol"), {"fields": ("precedence_tie_break",)}),
        (_("Answers to invitations"), {"fields": ("reply_deadline", "rsvp_contact")}),
        (_("Description"), {"fields": ("description",)}),
    )

    def get_readonly_fields(self, request, obj=None):
        if obj is None or may_edit_event_details(request.user):
            return super().get_readonly_fields(request, obj)
        # A protocol officer's page: only the rule for equal ranks is theirs to change.
        fields = flatten_fieldsets(self.get_fieldsets(request, obj))
        return [
            field for field in fields if field not in EVENT_FIELDS_FOR_PROTOCOL and field != "loaded_version"
        ]

    def get_prepopulated_fields(self, request, obj=None):
        return (
            {}
            if obj is not None and not may_edit_event_details(request.user)
            else super().get_prepopulated_fields(request, obj)
        )

    def get_queryset(self, request):
        # distinct=True: the two joins multiply each other's rows.
        return (
            super()
            .get_queryset(request)
            .annotate(
                attendee_total=Count("attendees", distinct=True),
                item_total=Count("program_items", distinct=True),
            )
        )

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("<int:pk>/precedence/", view(self.precedence_view), name="ceremony_event_precedence"),
            path("<int:pk>/conflicts/", view(self.conflicts_view), name="ceremony_event_conflicts"),
            path("<int:pk>/translations/", view(self.translations_view), name="ceremony_event_translations"),
            *super().get_urls(),
        ]

    def precedence_view(self, request, pk):
        event = get_object_or_404(Event, pk=pk)
        if not self.has_view_permission(request, event):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "title": _("Order of precedence"),
            "subtitle": event,
            "opts": self.opts,
            "original": event,
            "attendees": selectors.order_of_precedence(event=event),
        }
        return TemplateResponse(request, "admin/ceremony/event/precedence.html", context)

    def conflicts_view(self, request, pk):
        event = get_object_or_404(Event, pk=pk)
        if not self.has_view_permission(request, event):
            raise PermissionDenied
        found = warnings.event_conflicts(event=event)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Conflicts"),
            "subtitle": event,
            "opts": self.opts,
            "original": event,
            "groups": [(kind, warnings.KINDS[kind], found[kind]) for kind in found],
        }
        return TemplateResponse(request, "admin/ceremony/event/conflicts.html", context)

    def translations_view(self, request, pk):
        """How much of what the event's documents print is written in each language, and what is not."""
        event = get_object_or_404(Event, pk=pk)
        if not self.has_view_permission(request, event):
            raise PermissionDenied
        coverage = event_translations(event)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Translations"),
            "subtitle": event,
            "opts": self.opts,
            "original": event,
            "rows": coverage.rows(),
            "missing": [(code, LANGUAGE_NAMES[code], coverage.missing(code)) for code in LANGUAGE_NAMES],
            "fallback_order": [LANGUAGE_NAMES[code] for code in event.fallback_order],
        }
        return TemplateResponse(request, "admin/ceremony/event/translations.html", context)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        # The event's page shows its dashboard, and says how many printed texts each language lacks.
        if obj is not None and obj.pk:
            # From the event as stored: after a refused save `obj` holds what was typed, a time zone
            # that does not exist among it.
            context["dashboard"] = board = event_dashboard(Event.objects.get(pk=obj.pk))
            context["missing_translations"] = [
                (figure.label, figure.count) for figure in board.missing_translations
            ]
            context["has_table_plan"] = selectors.has_table_plan(obj)
        return super().render_change_form(request, context, add, change, form_url, obj)

    @admin.display(description=_("attendees"), ordering="attendee_total")
    def attendee_count(self, obj):
        url = reverse("admin:ceremony_attendee_changelist") + f"?event__id__exact={obj.pk}"
        return format_html('<a href="{}">{}</a>', url, obj.attendee_total)

    @admin.display(description=_("program items"), ordering="item_total")
    def item_count(self, obj):
        url = reverse("admin:ceremony_programitem_changelist") + f"?event__id__exact={obj.pk}"
        return format_html('<a href="{}">{}</a>', url, obj.item_total)


class VenueSectionInline(
    VersionedInlineMixin, CheckedInputsMixin, AnyLanguageMixin, TranslationTabularInline
):
    model = VenueSection
    formset = ConstrainedInlineFormSet
    extra = 0
    fields = (
        "order",
        "name",
        "rows",
        "seats_per_row",
        "row_labels",
        "seat_numbering",
        "blocked_seats",
        "reserved_seats",
    )
    verbose_name_plural = _("sections of the hall (stalls, balcony, boxes), filled in their order")


@admin.register(Venue)
class VenueAdmin(
    DeclinedTitlesMixin, OptimisticLockingMixin, RecordHistoryAdmin, AnyLanguageMixin, TranslationAdmin
):
    verbose_name_accusative = pgettext_lazy("accusative", "venue")

    list_display = ("name", "kind", "seated_capacity", "restricted", "address")
    list_filter = ("kind", "restricted")
    search_fields = ("name_en", "name_ru", "name_kk", "address_en", "address_ru", "address_kk")
    ordering = ("name_en",)
    fieldsets = (
        (None, {"fields": ("name", "address", "kind", "seated_capacity", "restricted", "notes")}),
        (
            _("Seating layout"),
            {
                "fields": (("seat_rows", "seats_per_row"),),
                "description": _(
                    "A hall of one block of seats: its rows and seats. A hall of several blocks "
                    "(stalls, balcony): its sections, below."
                ),
            },
        ),
    )
    # Where the change page shows the layout: the heading of its second fieldset, as Django's
    # admin/includes/fieldset.html names it.
    LAYOUT_ANCHOR = "fieldset-0-1-heading"
    inlines = (VenueSectionInline, BanquetTableInline)

    @classmethod
    def layout_url(cls, venue):
        """The venue's change page, scrolled to its seating layout."""
        return reverse("admin:ceremony_venue_change", args=[venue.pk]) + "#" + cls.LAYOUT_ANCHOR


@admin.register(VenueSection)
class VenueSectionAdmin(
    DeclinedTitlesMixin, OptimisticLockingMixin, RecordHistoryAdmin, AnyLanguageMixin, TranslationAdmin
):
    """Sections are edited on their venue; this list finds them across venues (and the translations
    page links here)."""

    verbose_name_accusative = pgettext_lazy("accusative", "section")

    list_display = ("name", "venue", "order", "rows", "seats_per_row", "row_labels", "seat_numbering")
    list_filter = ("venue",)
    search_fields = ("name_en", "name_ru", "name_kk", "venue__name_en", "venue__name_ru", "venue__name_kk")
    list_select_related = ("venue",)
    autocomplete_fields = ("venue",)
    ordering = ("venue__name_en", "order")
    fields = (
        "venue",
        "name",
        "order",
        ("rows", "seats_per_row"),
        ("row_labels", "seat_numbering"),
        "blocked_seats",
        "reserved_seats",
    )
