"""The doors: entrances, set up by organizers, and the scans made at them (read-only)."""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ceremony.enums import AttendeeCategory
from ceremony.models import CheckIn, Entrance

from .forms import VersionedModelForm
from .history import RecordHistoryAdmin
from .inputs import CheckedInputsMixin
from .mixins import DeclinedTitlesMixin, OneEventListMixin, OptimisticLockingMixin


class EntranceForm(VersionedModelForm):
    categories = forms.MultipleChoiceField(
        label=_("categories admitted"),
        choices=AttendeeCategory.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None ticked: every category passes."),
    )

    class Meta:
        model = Entrance
        fields = ("event", "name", "slug", "program_items", "venues", "categories")


@admin.register(Entrance)
class EntranceAdmin(DeclinedTitlesMixin, OneEventListMixin, OptimisticLockingMixin, RecordHistoryAdmin):
    verbose_name_accusative = pgettext_lazy("accusative", "entrance")

    form = EntranceForm
    list_display = ("name", "slug", "event", "categories_admitted")
    list_filter = ("event",)
    search_fields = ("name", "slug")
    list_select_related = ("event",)
    ordering = ("event", "name")
    autocomplete_fields = ("event", "program_items", "venues")
    prepopulated_fields = {"slug": ("name",)}

    @admin.display(description=_("categories admitted"))
    def categories_admitted(self, obj):
        return ", ".join(str(label) for label in obj.category_labels) or _("every category")


@admin.register(CheckIn)
class CheckInAdmin(DeclinedTitlesMixin, CheckedInputsMixin, admin.ModelAdmin):
    """Read-only: scans are recorded by the check-in page, and are the record of who came in."""

    verbose_name_accusative = pgettext_lazy("accusative", "check-in")

    list_display = ("scanned_at", "entrance", "attendee", "result", "reason", "usher")
    list_filter = ("result", "reason", "event", "entrance")
    search_fields = ("code", "attendee__person__family_name", "attendee__person__given_name")
    list_select_related = ("entrance", "attendee__person", "usher")
    ordering = ("-scanned_at", "-pk")
    fields = (
        "event",
        "entrance",
        "attendee",
        "code",
        "result",
        "reason",
        "message",
        "usher",
        "scanned_at",
        "recorded_at",
        "nonce",
    )
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
