from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin, TranslationStackedInline

from ceremony.admin_inputs import CheckedInputsMixin, ConstrainedInlineFormSet
from ceremony.history import RecordHistoryAdmin
from ceremony.search import person_search_fields

from .models import Award, AwardPresentation


class AwardPresentationFormSet(ConstrainedInlineFormSet):
    def clean(self):
        """Catch a once-only award given twice to one person within the same submission.

        Each form checks the database in the model's clean(); two new rows in one form are invisible
        to each other there.
        """
        super().clean()
        seen = {}
        for form in self.forms:
            if not form.has_changed() and not form.instance.pk:
                continue
            if self.can_delete and self._should_delete_form(form):
                continue
            data = getattr(form, "cleaned_data", None) or {}
            award, recipient = data.get("award"), data.get("recipient")
            if award is None or recipient is None or award.is_repeatable:
                continue
            key = (award.pk, recipient.person_id)
            if key in seen:
                form.add_error(
                    "award",
                    _("%(person)s is given “%(award)s” twice here; it can be received only once.")
                    % {"person": recipient, "award": award},
                )
            seen[key] = form


class AwardPresentationInline(CheckedInputsMixin, TranslationStackedInline):
    """Presentations edited on their award ceremony, in the order they are called."""

    model = AwardPresentation
    formset = AwardPresentationFormSet
    fk_name = "ceremony"
    extra = 0
    fields = (("order", "status"), ("recipient", "award", "presenter"), "decree_number", "citation")
    autocomplete_fields = ("recipient", "award", "presenter")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("award", "recipient__person", "presenter__person")


@admin.register(Award)
class AwardAdmin(RecordHistoryAdmin, TranslationAdmin):
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
class AwardPresentationAdmin(RecordHistoryAdmin, TranslationAdmin):
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
    list_editable = ("status",)
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
