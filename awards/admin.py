"""Awards and their presentations in the admin; presentations are edited on their award ceremony too
(ceremony.admin.program)."""

from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modeltranslation.admin import TranslationAdmin

from ceremony.admin.history import RecordHistoryAdmin
from ceremony.admin.mixins import (
    AnyLanguageMixin,
    DeclinedTitlesMixin,
    OptimisticLockingMixin,
    records_set_actions,
)
from ceremony.admin.search import person_search_fields

from . import services
from .enums import PresentationStatus
from .models import Award, AwardPresentation


@admin.register(Award)
class AwardAdmin(
    DeclinedTitlesMixin, OptimisticLockingMixin, RecordHistoryAdmin, AnyLanguageMixin, TranslationAdmin
):
    verbose_name_accusative = pgettext_lazy("accusative", "award")

    list_display = ("name", "kind", "issuing_authority", "is_repeatable", "presentation_count")
    list_filter = ("kind", "is_repeatable")
    search_fields = ("name_en", "name_ru", "name_kk", "issuing_authority_en", "issuing_authority_ru")
    ordering = ("name_en",)
    fields = ("name", "kind", "issuing_authority", "is_repeatable", "description")

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(presentation_total=Count("presentations"))

    @admin.display(description=_("presentations"), ordering="presentation_total")
    def presentation_count(self, obj):
        return obj.presentation_total


@admin.register(AwardPresentation)
class AwardPresentationAdmin(
    DeclinedTitlesMixin, OptimisticLockingMixin, RecordHistoryAdmin, AnyLanguageMixin, TranslationAdmin
):
    verbose_name_accusative = pgettext_lazy("accusative", "award presentation")

    list_display = (
        "order",
        "recipient_name",
        "award",
        "ceremony",
        "presenter_name",
        "decree_number",
        "status",
    )
    list_display_links = ("recipient_name",)
    actions = records_set_actions(
        PresentationStatus,
        _("Status of selected award presentations: {value}"),
        lambda request, presentations, status: services.presentations_set_status(
            presentations=presentations, status=status, user=request.user
        ),
    )
    list_filter = ("status", "award__kind", "award", "ceremony__event")
    search_fields = (
        *person_search_fields("recipient__person"),
        "award__name_en",
        "award__name_ru",
        "award__name_kk",
        "decree_number",
    )
    list_select_related = ("award", "ceremony", "recipient__person", "presenter__person")
    autocomplete_fields = ("ceremony", "award", "recipient", "presenter")
    ordering = ("ceremony__starts_at", "order")
    fields = ("ceremony", "order", "award", "recipient", "presenter", "decree_number", "status", "citation")

    @admin.display(description=_("recipient"), ordering="recipient__person__family_name")
    def recipient_name(self, obj):
        return obj.recipient.person.full_name

    @admin.display(description=_("presenter"), ordering="presenter__person__family_name")
    def presenter_name(self, obj):
        return obj.presenter.person.full_name if obj.presenter else "—"
