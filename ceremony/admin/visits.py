"""Facility visits: the visitors, their clearance and identity documents."""

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline

from ceremony.enums import ClearanceStatus
from ceremony.models import (
    FacilityVisit,
    VisitParticipant,
)
from ceremony.permissions import may_view_identity_documents
from ceremony.rules import blocking
from ceremony.services import clearance

from .history import RecordHistoryAdmin
from .inputs import CheckedInputsMixin, ConstrainedInlineFormSet
from .mixins import (
    AnyLanguageMixin,
    DeclinedTitlesMixin,
    EventTimeZoneMixin,
    OptimisticLockingMixin,
    VersionedInlineMixin,
    event_time,
    records_set_actions,
)
from .search import person_search_fields


class VisitorFormSet(ConstrainedInlineFormSet):
    def check_submission(self):
        refusal = blocking.submitted_visitors_within_group_size(self.instance, len(self.kept_forms()))
        if refusal:
            raise ValidationError(refusal)


class VisitParticipantInline(
    VersionedInlineMixin, CheckedInputsMixin, AnyLanguageMixin, TranslationTabularInline
):
    model = VisitParticipant
    formset = VisitorFormSet
    extra = 0
    autocomplete_fields = ("attendee",)
    # Declared, so that django-modeltranslation builds the form from get_fields (which adds the
    # identity documents for those who may see them) rather than from every field of the model.
    fields = ("attendee", "clearance_status", "clearance_notes")

    def get_fields(self, request, obj=None):
        fields = list(self.fields)
        if may_view_identity_documents(request.user):
            fields[2:2] = VisitParticipant.IDENTITY_DOCUMENT_FIELDS
        return fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("attendee__person")


@admin.register(FacilityVisit)
class FacilityVisitAdmin(
    DeclinedTitlesMixin,
    OptimisticLockingMixin,
    EventTimeZoneMixin,
    RecordHistoryAdmin,
    AnyLanguageMixin,
    TranslationAdmin,
):
    verbose_name_accusative = pgettext_lazy("accusative", "facility visit")

    event_lookup = "program_items__facility_visit__pk"
    event_form_field = "program_item"
    event_form_lookup = "program_items__pk"
    list_display = (
        "program_item",
        "visit_time",
        "facility",
        "capacity",
        "visitor_count",
        "approved_count",
        "pending_count",
        "denied_count",
        "escort_name",
    )
    list_filter = ("facility", "clearance_required", "program_item__event")
    search_fields = (
        "program_item__title_en",
        "program_item__title_ru",
        "facility__name_en",
        "facility__name_ru",
    )
    list_select_related = ("program_item__event", "facility", "escort__person")
    autocomplete_fields = ("program_item", "facility", "escort")
    ordering = ("program_item__starts_at",)
    inlines = (VisitParticipantInline,)
    fields = (
        "program_item",
        "facility",
        "capacity",
        "clearance_required",
        "escort",
        "transport",
        "assembly_point",
        "notes",
    )

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                visitor_total=Count("visitors"),
                approved_total=Count(
                    "visitors", filter=Q(visitors__clearance_status=ClearanceStatus.APPROVED)
                ),
                pending_total=Count("visitors", filter=Q(visitors__clearance_status=ClearanceStatus.PENDING)),
                denied_total=Count("visitors", filter=Q(visitors__clearance_status=ClearanceStatus.DENIED)),
            )
        )

    @admin.display(description=_("time"), ordering="program_item__starts_at")
    def visit_time(self, obj):
        return event_time(obj.program_item.event, obj.program_item.starts_at)

    @admin.display(description=_("visitors"), ordering="visitor_total")
    def visitor_count(self, obj):
        return obj.visitor_total

    @admin.display(description=_("approved"), ordering="approved_total")
    def approved_count(self, obj):
        return obj.approved_total

    @admin.display(description=_("pending"), ordering="pending_total")
    def pending_count(self, obj):
        return obj.pending_total

    @admin.display(description=_("denied"), ordering="denied_total")
    def denied_count(self, obj):
        return obj.denied_total

    @admin.display(description=_("escort"), ordering="escort__person__family_name")
    def escort_name(self, obj):
        return obj.escort.person.full_name if obj.escort else "—"


@admin.register(VisitParticipant)
class VisitParticipantAdmin(
    DeclinedTitlesMixin, OptimisticLockingMixin, RecordHistoryAdmin, AnyLanguageMixin, TranslationAdmin
):
    verbose_name_accusative = pgettext_lazy("accusative", "visitor")

    list_display = ("attendee_name", "organization", "visit", "clearance_status", "clearance_notes")
    actions = records_set_actions(
        ClearanceStatus,
        _("Clearance of selected visitors: {value}"),
        lambda request, visitors, status: clearance.visitors_set_clearance(
            visitors=visitors, status=status, user=request.user
        ),
    )
    list_filter = ("clearance_status", "visit__program_item__event", "visit__program_item")
    search_fields = person_search_fields("attendee__person")
    list_select_related = ("attendee__person__organization", "visit__program_item")
    autocomplete_fields = ("visit", "attendee")
    ordering = ("visit__program_item__starts_at", "attendee__person__family_name")

    # As the inline's: modeltranslation reads get_fields only when fields are declared.
    fields = ("visit", "attendee", "clearance_status", "clearance_notes")

    def get_fields(self, request, obj=None):
        fields = list(self.fields)
        if may_view_identity_documents(request.user):
            fields[3:3] = VisitParticipant.IDENTITY_DOCUMENT_FIELDS
        return fields

    def lookup_allowed(self, lookup, value, request=None):
        # Nor may a filter in the address (?document_number__startswith=N01) guess it.
        field = lookup.split("__")[0]
        if field in VisitParticipant.IDENTITY_DOCUMENT_FIELDS and not may_view_identity_documents(
            request.user
        ):
            return False
        return super().lookup_allowed(lookup, value, request)

    def get_search_fields(self, request):
        # Searching a document number must not reveal it to someone who may not see it.
        if may_view_identity_documents(request.user):
            return (*self.search_fields, "document_number")
        return self.search_fields

    @admin.display(description=_("visitor"), ordering="attendee__person__family_name")
    def attendee_name(self, obj):
        return obj.attendee.person.full_name

    @admin.display(description=_("organization"))
    def organization(self, obj):
        return obj.attendee.person.organization or "—"
