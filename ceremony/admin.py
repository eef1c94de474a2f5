"""The admin is the organizers' main tool: every record of the ceremony is edited here."""

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin, messages
from django.contrib.auth import admin as auth_admin
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import formats, timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from import_export.admin import ExportActionMixin
from import_export.formats.base_formats import CSV, XLSX
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline

from awards.admin import AwardPresentationInline

from . import conflicts, printing, selectors, services
from .admin_inputs import CheckedInputsMixin, ConstrainedInlineFormSet
from .enums import ClearanceStatus, ProgramItemKind, RsvpStatus
from .forms import GuestListUploadForm, VersionedModelForm, VideoAddressForm
from .guest_lists.columns import COLUMNS
from .guest_lists.report import preview_rows, report_csv
from .history import RecordHistoryAdmin
from .locking import RecordChanged
from .models import (
    Attendee,
    Delegation,
    Event,
    FacilityVisit,
    GuestImport,
    Organization,
    Participation,
    Person,
    ProgramItem,
    SeatAssignment,
    Venue,
    VideoAddress,
    VisitParticipant,
)
from .resources import GuestListResource
from .search import PERSON_SEARCH_FIELDS, PersonSearchMixin, person_search_fields

admin.site.site_header = _("Ceremony back office")
admin.site.site_title = _("Ceremony back office")
admin.site.index_title = _("Program, guests, protocol and awards")


def event_time(event, value):
    """A time as the clock shows it at the event, for changelist columns."""
    if value is None:
        return "—"
    return formats.date_format(event.localtime(value), "j M Y, H:i")


def may_view_identity_documents(user):
    return user.has_perm("ceremony.view_identity_documents")


def may_print(user):
    return user.has_perm("ceremony.print_documents")


class EventTimeZoneMixin:
    """Show and read the times of a record in its event's time zone, not the server's.

    `event_lookup` goes from Event to this model (to find the event of an existing record);
    `event_form_field` and `event_form_lookup` find it from the submitted form of a new one.
    """

    event_lookup = None
    event_form_field = "event"
    event_form_lookup = "pk"

    def _event_for(self, request, object_id):
        if object_id:
            # isdecimal, not isdigit: "²" is a digit to Python but not a number int() reads.
            if not str(object_id).isdecimal():
                return None  # the admin itself says that no such record exists
            filters = {self.event_lookup: object_id}
        else:
            value = request.POST.get(self.event_form_field) or request.GET.get(self.event_form_field)
            if not value or not str(value).isdecimal():
                return None
            filters = {self.event_form_lookup: value}
        return Event.objects.filter(**filters).only("pk", "time_zone").first()

    def _in_event_zone(self, request, object_id, view):
        event = self._event_for(request, object_id)
        zone = event.zone if event else timezone.get_default_timezone()
        request.event_zone = zone
        with timezone.override(zone):
            response = view()
            # A TemplateResponse renders later, outside this block: render it while the zone holds.
            if hasattr(response, "render"):
                response.render()
            return response

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        return self._in_event_zone(
            request,
            object_id,
            lambda: super(EventTimeZoneMixin, self).changeform_view(
                request, object_id, form_url, extra_context
            ),
        )

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        return self._in_event_zone(
            request,
            object_id,
            lambda: super(EventTimeZoneMixin, self).history_form_view(
                request, object_id, version_id, extra_context
            ),
        )

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        zone = getattr(request, "event_zone", None)
        if zone is not None:
            for field in form.base_fields.values():
                if field.__class__.__name__ == "SplitDateTimeField":
                    field.help_text = _("Time in %(zone)s, the event's time zone.") % {"zone": zone.key}
        return form


def again_if_changed_meanwhile(view):
    """Run a change form view; if a record changed between the form's version check and its save,
    run it once more.

    The refused save wrote nothing (the view's transaction is rolled back), and the second run's check
    now fails: the form comes back with the message and what the user typed, rather than a server error.
    """
    try:
        return view()
    except RecordChanged:
        return view()


class OptimisticLockingMixin:
    """The admin of a `locking.Versioned` model: a save over a newer change is refused.

    The change form carries the version it was opened at, as a hidden field of its first fieldset.
    """

    form = VersionedModelForm

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None:
            return fieldsets
        (name, options), *others = fieldsets
        return [(name, {**options, "fields": (*options["fields"], "loaded_version")}), *others]

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        return again_if_changed_meanwhile(
            lambda: super(OptimisticLockingMixin, self).changeform_view(
                request, object_id, form_url, extra_context
            )
        )


# ---------------------------------------------------------------------------------------------------
# Inlines


class ParticipationInline(CheckedInputsMixin, admin.TabularInline):
    model = Participation
    formset = ConstrainedInlineFormSet
    extra = 0
    fields = ("attendee", "role", "order", "accompanies", "notes")
    autocomplete_fields = ("attendee", "accompanies")
    verbose_name = _("participant")
    verbose_name_plural = _("participants")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("attendee__person")


class AttendeeProgramInline(CheckedInputsMixin, admin.TabularInline):
    """The program items an attendee takes part in, seen from the attendee."""

    model = Participation
    formset = ConstrainedInlineFormSet
    fk_name = "attendee"
    extra = 0
    fields = ("program_item", "role", "order", "notes")
    autocomplete_fields = ("program_item",)
    verbose_name = _("part in the program")
    verbose_name_plural = _("parts in the program")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("program_item")


class VideoAddressInline(TranslationTabularInline):
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


class SeatAssignmentInline(CheckedInputsMixin, admin.TabularInline):
    model = SeatAssignment
    formset = ConstrainedInlineFormSet
    extra = 0
    fields = ("row", "seat", "attendee", "is_manual")
    autocomplete_fields = ("attendee",)
    verbose_name_plural = _("seating plan (use the action “Assign seats by precedence” to fill it)")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("attendee__person")


class FacilityVisitInline(CheckedInputsMixin, admin.StackedInline):
    model = FacilityVisit
    formset = ConstrainedInlineFormSet
    extra = 1
    max_num = 1
    fields = ("facility", "capacity", "clearance_required", "escort", "transport", "assembly_point", "notes")
    autocomplete_fields = ("facility", "escort")
    show_change_link = True
    verbose_name = _("facility visit (the visitors and their clearance are edited on the visit itself)")


class VisitorFormSet(ConstrainedInlineFormSet):
    def clean(self):
        """The group size counts the rows added in this same form, which each row's own check cannot see."""
        super().clean()
        kept = [
            form
            for form in self.forms
            if getattr(form, "cleaned_data", None)
            and not (self.can_delete and self._should_delete_form(form))
        ]
        capacity = getattr(self.instance, "capacity", None)
        if capacity and len(kept) > capacity:
            raise ValidationError(conflicts.capacity_message(self.instance, len(kept)))


class VisitParticipantInline(CheckedInputsMixin, admin.TabularInline):
    model = VisitParticipant
    formset = VisitorFormSet
    extra = 0
    autocomplete_fields = ("attendee",)

    def get_fields(self, request, obj=None):
        fields = ["attendee", "clearance_status", "clearance_notes"]
        if may_view_identity_documents(request.user):
            fields[2:2] = VisitParticipant.IDENTITY_DOCUMENT_FIELDS
        return fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("attendee__person")


class AttendanceInline(CheckedInputsMixin, admin.TabularInline):
    """The events a person attends, seen from the address book."""

    model = Attendee
    formset = ConstrainedInlineFormSet
    fk_name = "person"
    form = VersionedModelForm  # the person's page edits attendees too: a stale row is refused
    extra = 0
    fields = ("event", "category", "rsvp_status", "precedence_rank", "delegation", "loaded_version")
    autocomplete_fields = ("event", "delegation")
    show_change_link = True
    verbose_name = _("attendance")
    verbose_name_plural = _("attendances")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("event", "delegation")


# ---------------------------------------------------------------------------------------------------
# Events and places


@admin.register(Event)
class EventAdmin(RecordHistoryAdmin, TranslationAdmin):
    list_display = ("name", "start_date", "end_date", "city", "time_zone", "attendee_count", "item_count")
    list_filter = ("time_zone",)
    search_fields = ("name_en", "name_ru", "name_kk", "slug", "city_en", "city_ru", "city_kk")
    date_hierarchy = "start_date"
    ordering = ("-start_date",)
    prepopulated_fields = {"slug": ("name_en",)}
    fieldsets = (
        (None, {"fields": ("name", "slug", "start_date", "end_date", "city")}),
        (_("Language and time"), {"fields": ("time_zone", "default_language")}),
        (_("Protocol"), {"fields": ("precedence_tie_break",)}),
        (_("Description"), {"fields": ("description",)}),
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
        found = conflicts.event_conflicts(event=event)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Conflicts"),
            "subtitle": event,
            "opts": self.opts,
            "original": event,
            "groups": [(conflicts.KINDS[kind], found[kind]) for kind in found],
        }
        return TemplateResponse(request, "admin/ceremony/event/conflicts.html", context)

    @admin.display(description=_("attendees"), ordering="attendee_total")
    def attendee_count(self, obj):
        url = reverse("admin:ceremony_attendee_changelist") + f"?event__id__exact={obj.pk}"
        return format_html('<a href="{}">{}</a>', url, obj.attendee_total)

    @admin.display(description=_("program items"), ordering="item_total")
    def item_count(self, obj):
        url = reverse("admin:ceremony_programitem_changelist") + f"?event__id__exact={obj.pk}"
        return format_html('<a href="{}">{}</a>', url, obj.item_total)


@admin.register(Venue)
class VenueAdmin(RecordHistoryAdmin, TranslationAdmin):
    list_display = ("name", "kind", "seated_capacity", "restricted", "address")
    list_filter = ("kind", "restricted")
    search_fields = ("name_en", "name_ru", "name_kk", "address_en", "address_ru", "address_kk")
    ordering = ("name_en",)
    fields = (
        "name",
        "address",
        "kind",
        "seated_capacity",
        ("seat_rows", "seats_per_row"),
        "restricted",
        "notes",
    )


@admin.register(Organization)
class OrganizationAdmin(RecordHistoryAdmin):
    list_display = ("name", "kind", "country", "people_count")
    list_filter = ("kind", "country")
    search_fields = ("name",)
    ordering = ("name",)

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(people_total=Count("people"))

    @admin.display(description=_("people"), ordering="people_total")
    def people_count(self, obj):
        return obj.people_total


# ---------------------------------------------------------------------------------------------------
# People


@admin.register(Person)
class PersonAdmin(RecordHistoryAdmin, TranslationAdmin):
    list_display = ("full_name", "latin_name", "honorific", "position", "organization", "country", "email")
    list_filter = ("organization__kind", "country", "preferred_language")
    search_fields = (*PERSON_SEARCH_FIELDS, "phone", "position_en", "position_ru", "position_kk")
    list_select_related = ("organization",)
    autocomplete_fields = ("organization",)
    ordering = ("family_name", "given_name")
    inlines = (AttendanceInline,)
    fieldsets = (
        (None, {"fields": (("family_name", "given_name", "patronymic"), "honorific")}),
        (_("In Latin letters"), {"fields": (("family_name_latin", "given_name_latin"),)}),
        (_("Protocol"), {"fields": ("took_office",)}),
        (
            _("Position and contact"),
            {"fields": ("position", "organization", "country", "email", "phone", "preferred_language")},
        ),
        (
            _("Veterans"),
            {"fields": ("service_years", "service_place", "biography"), "classes": ("collapse",)},
        ),
    )

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        # Its attendance rows are versioned, like the attendee's own page.
        return again_if_changed_meanwhile(
            lambda: super(PersonAdmin, self).changeform_view(request, object_id, form_url, extra_context)
        )

    @admin.display(description=_("name"), ordering="family_name")
    def full_name(self, obj):
        return obj.full_name

    @admin.display(description=_("name in Latin letters"), ordering="family_name_latin")
    def latin_name(self, obj):
        return obj.latin_name


@admin.register(Delegation)
class DelegationAdmin(RecordHistoryAdmin):
    list_display = ("name", "event", "country", "head", "escort_officer", "precedence_rank", "member_count")
    list_filter = ("event", "country")
    search_fields = ("name", "organization__name", *person_search_fields("head__person"))
    list_select_related = ("event", "head__person", "escort_officer__person")
    autocomplete_fields = ("event", "organization", "head", "escort_officer")
    ordering = ("event", "precedence_rank", "name")
    fields = (
        "event",
        "name",
        "country",
        "organization",
        "head",
        "escort_officer",
        "precedence_rank",
        "notes",
        "members",
    )
    readonly_fields = ("members",)

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(member_total=Count("members"))

    @admin.display(description=_("members"), ordering="member_total")
    def member_count(self, obj):
        return obj.member_total

    @admin.display(description=_("members"))
    def members(self, obj):
        members = obj.members.select_related("person").order_by("precedence_rank", "person__family_name")
        if not members:
            return _("Add members from their attendee records (field “delegation”).")
        return format_html_join(
            "",
            '<div><a href="{}">{}</a></div>',
            (
                (reverse("admin:ceremony_attendee_change", args=[member.pk]), member.person.full_name)
                for member in members
            ),
        )


@admin.register(Attendee)
class AttendeeAdmin(
    PersonSearchMixin, OptimisticLockingMixin, EventTimeZoneMixin, ExportActionMixin, RecordHistoryAdmin
):
    event_lookup = "attendees__pk"
    # Exports: the guest list, in the shape the import reads back.
    resource_classes = [GuestListResource]
    formats = [XLSX, CSV]
    to_encoding = "utf-8-sig"  # a BOM, so that Excel opens Cyrillic CSV correctly
    change_list_template = "admin/ceremony/attendee/change_list.html"
    change_form_template = "admin/ceremony/attendee/change_form.html"
    list_display = (
        "name",
        "organization",
        "category",
        "rsvp_status",
        "precedence_rank",
        "delegation",
        "arrival_time",
        "event",
    )
    list_display_links = ("name",)
    # No editable column and no date hierarchy: with 20,000 guests each cost a search page dearly (a
    # form per row; the whole search run again for the dates), and an editable column would save
    # over a newer change. RSVP changes go through the actions, which respect versions.
    list_filter = (
        "event",
        "category",
        "rsvp_status",
        "delegation",
        "person__country",
        ("arrival", admin.DateFieldListFilter),
    )
    search_fields = person_search_fields("person")
    list_select_related = ("event", "person__organization", "delegation")
    list_per_page = 50
    show_full_result_count = False  # one count of the search, not a second one of everything
    autocomplete_fields = ("event", "person", "delegation", "escort_officer")
    ordering = ("event", "precedence_rank", "person__family_name", "person__given_name")
    inlines = (AttendeeProgramInline,)
    actions = ("mark_confirmed", "mark_declined", "mark_attended", "print_itineraries", "print_badges")
    fieldsets = (
        (None, {"fields": ("event", "person", "category", "rsvp_status")}),
        (_("Travel"), {"fields": ("arrival", "departure")}),
        (_("Needs"), {"fields": ("accessibility_needs", "dietary_needs", "notes")}),
        (_("Protocol"), {"fields": ("precedence_rank", "delegation", "escort_officer")}),
    )

    @admin.display(description=_("name"), ordering="person__family_name")
    def name(self, obj):
        return obj.person.full_name

    @admin.display(description=_("organization"), ordering="person__organization__name")
    def organization(self, obj):
        return obj.person.organization or "—"

    @admin.display(description=_("arrival"), ordering="arrival")
    def arrival_time(self, obj):
        return event_time(obj.event, obj.arrival)

    def _set_rsvp(self, request, queryset, status):
        changed = services.attendee_set_rsvp(attendees=queryset, status=status, user=request.user)
        self.message_user(
            request,
            ngettext(
                "%(count)d attendee marked %(status)s.",
                "%(count)d attendees marked %(status)s.",
                changed,
            )
            % {"count": changed, "status": RsvpStatus(status).label.lower()},
            messages.SUCCESS,
        )

    @admin.action(description=_("Mark selected attendees as confirmed"), permissions=["change"])
    def mark_confirmed(self, request, queryset):
        self._set_rsvp(request, queryset, RsvpStatus.CONFIRMED)

    @admin.action(description=_("Mark selected attendees as declined"), permissions=["change"])
    def mark_declined(self, request, queryset):
        self._set_rsvp(request, queryset, RsvpStatus.DECLINED)

    @admin.action(description=_("Mark selected attendees as attended"), permissions=["change"])
    def mark_attended(self, request, queryset):
        self._set_rsvp(request, queryset, RsvpStatus.ATTENDED)

    def has_print_permission(self, request):
        return may_print(request.user)

    def _print_for_selected(self, request, queryset, make_document, select):
        events = set(queryset.values_list("event", flat=True).distinct())
        if len(events) != 1:
            self.message_user(request, _("Select attendees of one event to print."), messages.ERROR)
            return None
        attendees = list(select(queryset))
        event = attendees[0].event
        document = make_document(event=event, attendees=attendees, language=event.default_language)
        response = HttpResponse(printing.render_pdf(document), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{document.filename}.pdf"'
        return response

    @admin.action(description=_("Print itineraries of selected attendees (PDF)"), permissions=["print"])
    def print_itineraries(self, request, queryset):
        return self._print_for_selected(
            request, queryset, printing.itinerary_document, selectors.attendees_for_itinerary
        )

    @admin.action(description=_("Print badges of selected attendees (PDF)"), permissions=["print"])
    def print_badges(self, request, queryset):
        return self._print_for_selected(
            request, queryset, printing.badges_document, selectors.attendees_for_badges
        )


# ---------------------------------------------------------------------------------------------------
# The program


@admin.register(ProgramItem)
class ProgramItemAdmin(EventTimeZoneMixin, RecordHistoryAdmin, TranslationAdmin):
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

    actions = ("order_speakers_by_precedence", "order_presentations_by_presenter", "assign_seats")

    @admin.action(
        description=_("Assign seats by precedence (seats placed by hand stay)"), permissions=["seating"]
    )
    def assign_seats(self, request, queryset):
        for item in queryset.select_related("event", "venue"):
            try:
                seated = services.seating_assign(program_item=item)
            except ValidationError as refusal:
                self.message_user(request, " ".join(refusal.messages), messages.ERROR)
            else:
                self.message_user(
                    request,
                    _("“%(item)s”: %(count)d seats assigned.") % {"item": item, "count": seated},
                    messages.SUCCESS,
                )

    @admin.action(description=_("Suggest the speaking order by precedence"), permissions=["protocol"])
    def order_speakers_by_precedence(self, request, queryset):
        moved = sum(
            services.program_item_order_speakers(program_item=item)
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
        moved = sum(services.award_ceremony_order_by_presenter(ceremony=ceremony) for ceremony in ceremonies)
        self.message_user(
            request,
            _("Presentations put in order of their presenters' precedence; %(count)d moved.")
            % {"count": moved},
            messages.SUCCESS,
        )

    # Protocol officers order speakers and seat guests without the right to change the program itself.
    def has_protocol_permission(self, request):
        return request.user.has_perm("ceremony.change_participation")

    def has_seating_permission(self, request):
        return request.user.has_perms(["ceremony.add_seatassignment", "ceremony.delete_seatassignment"])

    def get_inlines(self, request, obj):
        # Each kind of item edits what belongs to it; participants and videos can be on any item.
        inlines = [ParticipationInline, VideoAddressInline]
        if obj is not None and obj.venue is not None and obj.venue.has_seating:
            inlines.append(SeatAssignmentInline)
        if obj is not None and obj.kind == ProgramItemKind.FACILITY_VISIT:
            inlines.append(FacilityVisitInline)
        if obj is not None and obj.kind == ProgramItemKind.AWARD_CEREMONY:
            inlines.append(AwardPresentationInline)
        return inlines

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
class ParticipationAdmin(RecordHistoryAdmin):
    list_display = ("attendee_name", "role", "order", "program_item", "item_time")
    list_filter = ("role", "program_item__event", "program_item__kind")
    search_fields = (
        *person_search_fields("attendee__person"),
        "program_item__title_en",
        "program_item__title_ru",
    )
    list_select_related = ("attendee__person", "program_item__event")
    autocomplete_fields = ("program_item", "attendee")
    ordering = ("program_item__starts_at", "order")

    @admin.display(description=_("attendee"), ordering="attendee__person__family_name")
    def attendee_name(self, obj):
        return obj.attendee.person.full_name

    @admin.display(description=_("time"), ordering="program_item__starts_at")
    def item_time(self, obj):
        return event_time(obj.program_item.event, obj.program_item.starts_at)


@admin.register(SeatAssignment)
class SeatAssignmentAdmin(RecordHistoryAdmin):
    list_display = ("program_item", "row", "seat", "attendee_name", "is_manual")
    list_filter = ("program_item__event", "program_item", "is_manual")
    search_fields = (*person_search_fields("attendee__person"), "program_item__title_en")
    list_select_related = ("program_item", "attendee__person")
    autocomplete_fields = ("program_item", "attendee")
    ordering = ("program_item__starts_at", "row", "seat")

    @admin.display(description=_("attendee"), ordering="attendee__person__family_name")
    def attendee_name(self, obj):
        return obj.attendee.person.full_name


@admin.register(VideoAddress)
class VideoAddressAdmin(RecordHistoryAdmin, TranslationAdmin):
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
    list_editable = ("status",)
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


# ---------------------------------------------------------------------------------------------------
# Facility visits


@admin.register(FacilityVisit)
class FacilityVisitAdmin(EventTimeZoneMixin, RecordHistoryAdmin):
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
class VisitParticipantAdmin(RecordHistoryAdmin):
    list_display = ("attendee_name", "organization", "visit", "clearance_status", "clearance_notes")
    list_editable = ("clearance_status",)
    list_filter = ("clearance_status", "visit__program_item__event", "visit__program_item")
    search_fields = person_search_fields("attendee__person")
    list_select_related = ("attendee__person__organization", "visit__program_item")
    autocomplete_fields = ("visit", "attendee")
    ordering = ("visit__program_item__starts_at", "attendee__person__family_name")

    def get_fields(self, request, obj=None):
        fields = ["visit", "attendee", "clearance_status", "clearance_notes"]
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


# ---------------------------------------------------------------------------------------------------
# Guest-list imports: upload → preview → confirm, and undo


@admin.register(GuestImport)
class GuestImportAdmin(CheckedInputsMixin, admin.ModelAdmin):
    """Each upload is a record; its page is the preview, with confirm and undo."""

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
            qs = qs.defer("guests", "preview", "changes", "errors", "warnings")
        return qs

    def has_change_permission(self, request, obj=None):
        return False  # an import is a record of what happened, not something to edit

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("<int:pk>/confirm/", view(self.confirm_view), name="ceremony_guestimport_confirm"),
            path("<int:pk>/undo/", view(self.undo_view), name="ceremony_guestimport_undo"),
            path("<int:pk>/report.csv", view(self.report_view), name="ceremony_guestimport_report"),
            *super().get_urls(),
        ]

    def add_view(self, request, form_url="", extra_context=None):
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = GuestListUploadForm(
            request.POST or None, request.FILES or None, initial={"event": request.GET.get("event")}
        )
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            guest_import = services.guest_import_preview(
                event=form.cleaned_data["event"],
                data=upload.read(),
                file_name=upload.name,
                user=request.user,
                language=form.cleaned_data["language"] or None,
                encoding=form.cleaned_data["encoding"] or None,
                delimiter=form.cleaned_data["delimiter"] or None,
            )
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
        page = Paginator(guest_import.preview, self.PAGE_SIZE).get_page(request.GET.get("page"))
        context = {
            **self.admin_site.each_context(request),
            "title": _("Guest list “%(file)s”") % {"file": guest_import.file_name},
            "opts": self.opts,
            "original": guest_import,
            "guest_import": guest_import,
            "errors": guest_import.errors[: self.ERRORS_SHOWN],
            "errors_cut": max(0, len(guest_import.errors) - self.ERRORS_SHOWN),
            "page": page,
            "rows": preview_rows(guest_import, page.object_list),
            "may_confirm": guest_import.can_confirm and self.has_add_permission(request),
            "may_undo": guest_import.can_undo and request.user.has_perm("ceremony.undo_guestimport"),
        }
        return TemplateResponse(request, "admin/ceremony/guestimport/preview.html", context)

    def confirm_view(self, request, pk):
        guest_import = get_object_or_404(
            GuestImport.objects.only("pk", "status", "event_id", "file_name"), pk=pk
        )
        if request.method != "POST" or not self.has_add_permission(request):
            raise PermissionDenied
        try:
            guest_import = services.guest_import_confirm(guest_import=guest_import, user=request.user)
        except services.GuestImportStale as stale:
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
        guest_import = get_object_or_404(GuestImport.objects.only("pk", "status", "file_name"), pk=pk)
        if request.method != "POST" or not request.user.has_perm("ceremony.undo_guestimport"):
            raise PermissionDenied
        try:
            services.guest_import_undo(guest_import=guest_import)
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

    def report_view(self, request, pk):
        guest_import = get_object_or_404(GuestImport.objects.select_related("event"), pk=pk)
        if not self.has_view_permission(request, guest_import):
            raise PermissionDenied
        response = HttpResponse(report_csv(guest_import), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="import-{guest_import.pk}-report.csv"'
        return response


# ---------------------------------------------------------------------------------------------------
# Users and groups: Django's own admins, with the same checks on what is posted (admin_inputs.py)

admin.site.unregister(get_user_model())
admin.site.unregister(Group)


@admin.register(get_user_model())
class UserAdmin(CheckedInputsMixin, auth_admin.UserAdmin):
    pass


@admin.register(Group)
class GroupAdmin(CheckedInputsMixin, auth_admin.GroupAdmin):
    pass


# Login throttling (django-axes): its admins, with the same checks. Deleting an attempt unlocks that
# username and address; axes' "clean up expired attempts" action needs a login request, so it is left out.
for axes_model in (AccessAttempt, AccessLog, AccessFailureLog):
    axes_admin = type(admin.site._registry[axes_model])
    admin.site.unregister(axes_model)
    checked = type(axes_admin.__name__, (CheckedInputsMixin, axes_admin), {"actions": ["delete_selected"]})
    admin.site.register(axes_model, checked)
