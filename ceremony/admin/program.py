"""The program: its items, who takes part, seats, videos and award presentations."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.urls import path
from django.utils import formats
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modeltranslation.admin import TranslationAdmin, TranslationStackedInline, TranslationTabularInline

from awards import rules as award_rules
from awards import services as award_services
from awards.models import AwardPresentation
from ceremony.enums import ProgramItemKind, VideoAddressStatus
from ceremony.models import (
    Event,
    FacilityVisit,
    Participation,
    ProgramItem,
    SeatAssignment,
    VenueSection,
    VideoAddress,
)
from ceremony.permissions import may_assign_seats, may_order_by_precedence
from ceremony.rules import warnings
from ceremony.services import protocol, seating
from ceremony.services import videos as video_services

from .banquets import BanquetTablesMixin, banquet_inlines
from .events import VenueAdmin
from .forms import ProgramItemForm, VideoAddressForm
from .history import RecordHistoryAdmin
from .inputs import CheckedInputsMixin, ConstrainedInlineFormSet
from .mixins import (
    AnyLanguageMixin,
    DeclinedTitlesMixin,
    EventTimeZoneMixin,
    OneEventListMixin,
    OptimisticLockingMixin,
    VersionedInlineMixin,
    event_time,
    records_set_actions,
)
from .participation import AddAttendeesViewMixin
from .search import person_search_fields


class ParticipationInline(VersionedInlineMixin, CheckedInputsMixin, admin.TabularInline):
    model = Participation
    formset = ConstrainedInlineFormSet
    extra = 0
    fields = ("attendee", "role", "order", "accompanies", "seated", "notes")
    autocomplete_fields = ("attendee", "accompanies")
    verbose_name = _("participant")
    verbose_name_plural = _("participants")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("attendee__person")


class VideoAddressInline(
    VersionedInlineMixin, CheckedInputsMixin, AnyLanguageMixin, TranslationTabularInline
):
    model = VideoAddress
    formset = ConstrainedInlineFormSet
    form = VideoAddressForm
    extra = 0
    fields = (
        "play_order",
        "speaker_name",
        "speaker_title",
        "country",
        "language",
        "subtitle_languages",
        "duration",
        "status",
    )


class SeatAssignmentInline(VersionedInlineMixin, CheckedInputsMixin, admin.TabularInline):
    model = SeatAssignment
    formset = ConstrainedInlineFormSet
    extra = 0
    fields = ("section", "row", "seat", "attendee", "is_manual")
    autocomplete_fields = ("attendee",)
    verbose_name_plural = _("seating plan (use the action “Assign seats by precedence” to fill it)")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("attendee__person", "section")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        # The sections of the item's venue only: every hall has its "Stalls".
        if db_field.name == "section":
            item_pk = request.resolver_match.kwargs.get("object_id") if request.resolver_match else None
            kwargs["queryset"] = VenueSection.objects.filter(venue__program_items__pk=item_pk)
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "section" and field is not None:
            field.choices = list(field.choices)  # read once for the page, not once per row
        return field


class FacilityVisitInline(
    VersionedInlineMixin, CheckedInputsMixin, AnyLanguageMixin, TranslationStackedInline
):
    model = FacilityVisit
    formset = ConstrainedInlineFormSet
    extra = 1
    max_num = 1
    fields = ("facility", "capacity", "clearance_required", "escort", "transport", "assembly_point", "notes")
    autocomplete_fields = ("facility", "escort")
    show_change_link = True
    verbose_name = _("facility visit (the visitors and their clearance are edited on the visit itself)")


class AwardPresentationFormSet(ConstrainedInlineFormSet):
    def check_submission(self):
        rows = [
            (form, form.cleaned_data.get("award"), form.cleaned_data.get("recipient"))
            for form in self.kept_forms()
            if form.instance.counts
        ]
        for form, message in award_rules.submitted_awards_given_once(rows).items():
            form.add_error("award", message)


class AwardPresentationInline(
    VersionedInlineMixin, CheckedInputsMixin, AnyLanguageMixin, TranslationStackedInline
):
    """Presentations edited on their award ceremony, in the order they are called."""

    model = AwardPresentation
    formset = AwardPresentationFormSet
    fk_name = "ceremony"
    extra = 0
    fields = (("order", "status"), ("recipient", "award", "presenter"), "decree_number", "citation")
    autocomplete_fields = ("recipient", "award", "presenter")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("award", "recipient__person", "presenter__person")


@admin.register(ProgramItem)
class ProgramItemAdmin(
    BanquetTablesMixin,
    AddAttendeesViewMixin,
    DeclinedTitlesMixin,
    OneEventListMixin,
    OptimisticLockingMixin,
    EventTimeZoneMixin,
    RecordHistoryAdmin,
    AnyLanguageMixin,
    TranslationAdmin,
):
    verbose_name_accusative = pgettext_lazy("accusative", "program item")

    form = ProgramItemForm
    event_lookup = "program_items__pk"
    list_display = (
        "time",
        "title",
        "kind",
        "venue",
        "is_public",
        "participant_count",
        "responsible_name",
        "event",
    )
    list_display_links = ("time", "title")
    list_filter = ("event", "kind", "is_public", "venue")
    search_fields = (
        "title_en",
        "title_ru",
        "title_kk",
        "venue__name_en",
        "venue__name_ru",
        "venue__name_kk",
        *person_search_fields("participants__person"),
    )
    list_select_related = ("event", "venue", "responsible__person")
    autocomplete_fields = ("event", "venue", "responsible")
    date_hierarchy = "starts_at"
    ordering = ("event", "starts_at", "ends_at")
    fieldsets = (
        (None, {"fields": ("event", "title", "kind", ("starts_at", "ends_at"), "venue", "is_public")}),
        (_("For the public program"), {"fields": ("description",)}),
        (_("For staff"), {"fields": ("responsible", "staff_notes")}),
    )

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(participant_total=Count("participations"))

    def get_fieldsets(self, request, obj=None):
        # The sections it uses, for an item at a venue of several: ticked among the venue's own.
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None or obj.venue is None or obj.venue.sections.count() < 2:
            return fieldsets
        (name, options), *others = fieldsets
        fields = []
        for field in options["fields"]:
            fields += [field, "sections"] if field == "venue" else [field]
        return [(name, {**options, "fields": tuple(fields)}), *others]

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "sections":
            item_pk = request.resolver_match.kwargs.get("object_id") if request.resolver_match else None
            kwargs["queryset"] = VenueSection.objects.filter(venue__program_items__pk=item_pk).order_by(
                "order", "pk"
            )
            kwargs["widget"] = forms.CheckboxSelectMultiple
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        event = Event.objects.filter(pk=self.chosen_event_id(request)).first()
        if event is not None:
            # The event's first day, the time left to type ([date, time], as the split field shows it).
            initial.setdefault("starts_at", [event.start_date, None])
            initial.setdefault("ends_at", [event.start_date, None])
        return initial

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path(
                "<int:pk>/add-attendees/",
                view(self.add_attendees_view),
                name="ceremony_programitem_add_attendees",
            ),
            *super().get_urls(),
        ]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        for warning in warnings.venue_overlaps_of(obj):
            self.message_user(request, warning, messages.WARNING)

    actions = (
        "order_speakers_by_precedence",
        "order_presentations_by_presenter",
        "assign_seats",
        "assign_tables",
    )

    @admin.action(
        description=_("Assign seats by precedence (seats placed by hand stay)"), permissions=["seating"]
    )
    def assign_seats(self, request, queryset):
        for item in queryset.select_related("event", "venue"):
            try:
                seated = seating.seating_assign(program_item=item)
            except ValidationError as refusal:
                self.message_user(request, self._seating_refusal(item, refusal), messages.ERROR)
            else:
                self.message_user(
                    request,
                    _("“%(item)s”: %(count)d seats assigned.") % {"item": item, "count": seated},
                    messages.SUCCESS,
                )

    @staticmethod
    def _seating_refusal(item, refusal):
        """The refusal's text; for a venue with no layout, with a link to where the layout is set."""
        text = " ".join(refusal.messages)
        if getattr(refusal, "code", None) != seating.NO_LAYOUT or item.venue is None:
            return text
        return format_html(
            '{} <a href="{}">{}</a>',
            text,
            VenueAdmin.layout_url(item.venue),
            _("Set the layout of %(venue)s.") % {"venue": item.venue},
        )

    @admin.action(description=_("Suggest the speaking order by precedence"), permissions=["protocol"])
    def order_speakers_by_precedence(self, request, queryset):
        moved = sum(
            protocol.program_item_order_speakers(program_item=item)
            for item in queryset.select_related("event")
        )
        self.message_user(
            request,
            _("Speakers put in order of precedence; %(count)d moved.") % {"count": moved},
            messages.SUCCESS,
        )

    @admin.action(
        description=_("Order award presentations by presenter precedence"), permissions=["protocol"]
    )
    def order_presentations_by_presenter(self, request, queryset):
        ceremonies = queryset.filter(kind=ProgramItemKind.AWARD_CEREMONY).select_related("event")
        moved = sum(
            award_services.award_ceremony_order_by_presenter(ceremony=ceremony) for ceremony in ceremonies
        )
        self.message_user(
            request,
            _("Presentations put in order of their presenters' precedence; %(count)d moved.")
            % {"count": moved},
            messages.SUCCESS,
        )

    # Protocol officers order speakers and seat guests without the right to change the program itself.
    def has_protocol_permission(self, request):
        return may_order_by_precedence(request.user)

    def has_seating_permission(self, request):
        return may_assign_seats(request.user)

    def get_inlines(self, request, obj):
        # Each kind of item edits what belongs to it; participants and videos can be on any item.
        inlines = [ParticipationInline, VideoAddressInline]
        if obj is not None and obj.venue is not None and obj.venue.has_seating:
            inlines.append(SeatAssignmentInline)
        if obj is not None and obj.kind == ProgramItemKind.FACILITY_VISIT:
            inlines.append(FacilityVisitInline)
        if obj is not None and obj.kind == ProgramItemKind.AWARD_CEREMONY:
            inlines.append(AwardPresentationInline)
        return inlines + banquet_inlines(obj)

    @admin.display(description=_("time"), ordering="starts_at")
    def time(self, obj):
        end = formats.date_format(obj.event.localtime(obj.ends_at), "H:i")
        return f"{event_time(obj.event, obj.starts_at)}–{end}"

    @admin.display(description=_("participants"), ordering="participant_total")
    def participant_count(self, obj):
        return obj.participant_total

    @admin.display(description=_("responsible"), ordering="responsible__person__family_name")
    def responsible_name(self, obj):
        return obj.responsible.person.full_name if obj.responsible else "—"


@admin.register(Participation)
class ParticipationAdmin(DeclinedTitlesMixin, OptimisticLockingMixin, RecordHistoryAdmin):
    verbose_name_accusative = pgettext_lazy("accusative", "participant")

    list_display = ("attendee_name", "role", "order", "program_item", "item_time")
    list_filter = ("role", "program_item__event", "program_item__kind")
    search_fields = (
        *person_search_fields("attendee__person"),
        "program_item__title_en",
        "program_item__title_ru",
    )
    list_select_related = ("attendee__person", "program_item__event")
    autocomplete_fields = ("program_item", "attendee", "accompanies")
    ordering = ("program_item__starts_at", "order")

    @admin.display(description=_("attendee"), ordering="attendee__person__family_name")
    def attendee_name(self, obj):
        return obj.attendee.person.full_name

    @admin.display(description=_("time"), ordering="program_item__starts_at")
    def item_time(self, obj):
        return event_time(obj.program_item.event, obj.program_item.starts_at)


@admin.register(SeatAssignment)
class SeatAssignmentAdmin(DeclinedTitlesMixin, OptimisticLockingMixin, RecordHistoryAdmin):
    verbose_name_accusative = pgettext_lazy("accusative", "seat")

    list_display = ("program_item", "section", "row", "seat", "attendee_name", "is_manual")
    list_filter = ("program_item__event", "program_item", "is_manual")
    search_fields = (*person_search_fields("attendee__person"), "program_item__title_en")
    list_select_related = ("program_item", "attendee__person", "section")
    autocomplete_fields = ("program_item", "attendee")
    ordering = ("program_item__starts_at", "section__order", "row", "seat")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "section":
            kwargs["queryset"] = VenueSection.objects.select_related("venue")
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "section":
            # Every hall has its "Stalls": say whose.
            field.label_from_instance = lambda section: f"{section.venue} — {section}"
        return field

    @admin.display(description=_("attendee"), ordering="attendee__person__family_name")
    def attendee_name(self, obj):
        return obj.attendee.person.full_name


@admin.register(VideoAddress)
class VideoAddressAdmin(
    DeclinedTitlesMixin, OptimisticLockingMixin, RecordHistoryAdmin, AnyLanguageMixin, TranslationAdmin
):
    verbose_name_accusative = pgettext_lazy("accusative", "video address")

    form = VideoAddressForm
    list_display = (
        "speaker_name",
        "program_item",
        "play_order",
        "language",
        "subtitles",
        "duration",
        "status",
        "has_file",
    )
    actions = records_set_actions(
        VideoAddressStatus,
        _("Status of selected video addresses: {value}"),
        lambda request, videos, status: video_services.video_addresses_set_status(
            videos=videos, status=status, user=request.user
        ),
    )
    list_filter = ("status", "language", "program_item__event")
    search_fields = (
        "speaker_name_en",
        "speaker_name_ru",
        "speaker_name_kk",
        "speaker_title_en",
        "program_item__title_en",
        "media_reference",
    )
    list_select_related = ("program_item",)
    autocomplete_fields = ("program_item",)
    ordering = ("program_item__starts_at", "play_order")
    fieldsets = (
        (None, {"fields": ("program_item", "play_order", "speaker_name", "speaker_title", "country")}),
        (_("Languages"), {"fields": ("language", "subtitle_languages")}),
        (_("Media"), {"fields": ("duration", "media_file", "media_reference", "status", "technical_notes")}),
    )

    @admin.display(description=_("subtitles"))
    def subtitles(self, obj):
        return ", ".join(obj.subtitle_language_list) or "—"

    @admin.display(description=_("file"), boolean=True)
    def has_file(self, obj):
        return bool(obj.media_file or obj.media_reference)
