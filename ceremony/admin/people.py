"""The address book and each event's attendees and delegations."""

import logging

from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.html import format_html_join
from django.utils.translation import get_language_info, ngettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from import_export.admin import ExportActionMixin
from modeltranslation.admin import TranslationAdmin

from ceremony import printing, selectors
from ceremony.enums import RsvpStatus
from ceremony.guest_lists.export import GuestListCSV, GuestListResource, GuestListXLSX
from ceremony.guest_lists.services import guest_list_export_start
from ceremony.jobs.documents import document_job_start
from ceremony.models import (
    Attendee,
    Delegation,
    Event,
    Organization,
    Participation,
    Person,
)
from ceremony.permissions import may_export_guest_lists, may_print
from ceremony.rules import blocking
from ceremony.services import names, protocol

from .filters import CountryDropdownFilter, RelatedDropdownFilter
from .forms import AttendeeActionForm
from .history import RecordHistoryAdmin
from .inputs import CheckedInputsMixin, ConstrainedInlineFormSet
from .invitation_cards import InvitationCardsMixin
from .invitations import InvitationActionsMixin, SendingActionsMixin
from .merging import OrganizationMergeMixin, PersonMergeMixin
from .mixins import (
    AnyLanguageMixin,
    DeclinedTitlesMixin,
    EventTimeZoneMixin,
    OneEventListMixin,
    OptimisticLockingMixin,
    VersionedInlineMixin,
    event_time,
)
from .participation import AddToProgramItemActionMixin
from .search import ORGANIZATION_SEARCH_FIELDS, PERSON_SEARCH_FIELDS, PersonSearchMixin, person_search_fields

export_log = logging.getLogger("ceremony.exports")


class AttendanceInline(VersionedInlineMixin, CheckedInputsMixin, admin.TabularInline):
    """The events a person attends, seen from the address book."""

    model = Attendee
    formset = ConstrainedInlineFormSet
    fk_name = "person"
    extra = 0
    fields = ("event", "category", "rsvp_status", "precedence_rank", "delegation")
    autocomplete_fields = ("event", "delegation")
    show_change_link = True
    verbose_name = _("attendance")
    verbose_name_plural = _("attendances")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("event", "delegation", "person")


class AttendeeProgramFormSet(ConstrainedInlineFormSet):
    def check_submission(self):
        parts = [
            (form, form.cleaned_data.get("program_item"), form.has_changed()) for form in self.kept_forms()
        ]
        for form, message in blocking.submitted_parts_not_double_booked(self.instance, parts).items():
            form.add_error("program_item", message)


class AttendeeProgramInline(VersionedInlineMixin, CheckedInputsMixin, admin.TabularInline):
    """The program items an attendee takes part in, seen from the attendee."""

    model = Participation
    formset = AttendeeProgramFormSet
    fk_name = "attendee"
    extra = 0
    fields = ("program_item", "role", "order", "notes")
    autocomplete_fields = ("program_item",)
    verbose_name = _("part in the program")
    verbose_name_plural = _("parts in the program")

    def get_queryset(self, request):
        # The row's name is the attendee's (the page's own record, read once more per row otherwise).
        return super().get_queryset(request).select_related("program_item", "attendee__person")


@admin.register(Organization)
class OrganizationAdmin(
    DeclinedTitlesMixin,
    OrganizationMergeMixin,
    OptimisticLockingMixin,
    RecordHistoryAdmin,
    AnyLanguageMixin,
    TranslationAdmin,
):
    """Organizations by their names in three languages, a short name and the other names guest lists
    write: an import matches a list's organization on all of them (guest_lists.organizations)."""

    verbose_name_accusative = pgettext_lazy("accusative", "organization")

    list_display = ("name", "short_name", "kind", "country", "people_count")
    list_filter = ("kind", ("country", CountryDropdownFilter))
    search_fields = ORGANIZATION_SEARCH_FIELDS
    ordering = ("name",)
    fieldsets = (
        (None, {"fields": ("name", "short_name", "aliases")}),
        (None, {"fields": ("kind", "country")}),
    )

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(people_total=Count("people"))

    @admin.display(description=_("people"), ordering="people_total")
    def people_count(self, obj):
        return obj.people_total


@admin.register(Person)
class PersonAdmin(
    DeclinedTitlesMixin,
    PersonMergeMixin,
    OptimisticLockingMixin,
    RecordHistoryAdmin,
    AnyLanguageMixin,
    TranslationAdmin,
):
    verbose_name_accusative = pgettext_lazy("accusative", "person")

    list_display = ("full_name", "latin_name", "honorific", "position", "organization", "country", "email")
    list_filter = (
        "organization__kind",
        ("organization", RelatedDropdownFilter),
        ("country", CountryDropdownFilter),
        "preferred_language",
        "gender",
        "name_latin_generated",
    )
    actions = (*PersonMergeMixin.actions, "fill_latin_names")
    search_fields = (*PERSON_SEARCH_FIELDS, "phone", "position_en", "position_ru", "position_kk")
    list_select_related = ("organization",)
    autocomplete_fields = ("organization",)
    ordering = ("family_name", "given_name")
    # Set by the guest-list import's transliteration, cleared when the Latin name is edited.
    readonly_fields = ("name_latin_generated",)
    inlines = (AttendanceInline,)
    fieldsets = (
        (
            None,
            {"fields": (("family_name", "given_name", "patronymic"), "honorific", "gender", "name_order")},
        ),
        (
            _("In Latin letters"),
            {"fields": (("family_name_latin", "given_name_latin"), "name_latin_generated")},
        ),
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

    # "Name" is a person's («ФИО», «Аты-жөні»); "name" is an organization's or an event's («название»).
    @admin.display(description=_("Name"), ordering="family_name")
    def full_name(self, obj):
        return obj.full_name

    @admin.display(description=_("name in Latin letters"), ordering="family_name_latin")
    def latin_name(self, obj):
        return obj.latin_name

    # For people stored or typed in without one (the migration person_latin_names_transliterated
    # gave those stored before it one): a Latin name typed in is never overwritten.
    @admin.action(description=_("Fill Latin names by transliteration"), permissions=["change"])
    def fill_latin_names(self, request, queryset):
        filled = names.people_latin_names_fill(people=queryset, user=request.user)
        self.message_user(
            request,
            ngettext(
                "%(count)d person was given a Latin name by transliteration.",
                "%(count)d people were given a Latin name by transliteration.",
                filled,
            )
            % {"count": filled},
            messages.SUCCESS,
        )


@admin.register(Delegation)
class DelegationAdmin(
    DeclinedTitlesMixin,
    OneEventListMixin,
    OptimisticLockingMixin,
    RecordHistoryAdmin,
    AnyLanguageMixin,
    TranslationAdmin,
):
    verbose_name_accusative = pgettext_lazy("accusative", "delegation")

    list_display = ("name", "event", "country", "head", "escort_officer", "precedence_rank", "member_count")
    list_filter = ("event", ("country", CountryDropdownFilter))
    search_fields = (
        "name_en",
        "name_ru",
        "name_kk",
        "short_name_en",
        "short_name_ru",
        "short_name_kk",
        *(f"organization__{field}" for field in ORGANIZATION_SEARCH_FIELDS),
        *person_search_fields("head__person"),
    )
    list_select_related = ("event", "head__person", "escort_officer__person")
    autocomplete_fields = ("event", "organization", "head", "escort_officer")
    ordering = ("event", "precedence_rank", "name")
    fields = (
        "event",
        "name",
        "short_name",
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


def _export_logged(request, count, file_format, job=None):
    # Who took the contact details of how many guests, for whoever must answer for them later.
    export_log.info(
        "user=%s exported %d attendees with their contact details as %s%s",
        request.user.get_username(),
        count,
        file_format.get_title(),
        f" (job {job.pk})" if job else "",
    )


@admin.register(Attendee)
class AttendeeAdmin(
    InvitationActionsMixin,
    InvitationCardsMixin,
    SendingActionsMixin,
    AddToProgramItemActionMixin,
    DeclinedTitlesMixin,
    OneEventListMixin,
    PersonSearchMixin,
    OptimisticLockingMixin,
    EventTimeZoneMixin,
    ExportActionMixin,
    RecordHistoryAdmin,
):
    verbose_name_accusative = pgettext_lazy("accusative", "attendee")

    event_lookup = "attendees__pk"
    # Exports: the guest list, in the shape the import reads back.
    resource_classes = [GuestListResource]
    formats = [GuestListXLSX, GuestListCSV]
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
        ("delegation", RelatedDropdownFilter),
        ("person__organization", RelatedDropdownFilter),
        ("person__country", CountryDropdownFilter),
        ("arrival", admin.DateFieldListFilter),
        ("badge_printed_at", admin.EmptyFieldListFilter),
    )
    search_fields = person_search_fields("person")
    list_select_related = ("event", "person__organization", "delegation")
    list_per_page = 50
    show_full_result_count = False  # one count of the search, not a second one of everything
    autocomplete_fields = ("event", "person", "delegation", "escort_officer")
    ordering = ("event", "precedence_rank", "person__family_name", "person__given_name")
    inlines = (AttendeeProgramInline,)
    actions = (
        "mark_confirmed",
        "mark_declined",
        "mark_attended",
        "add_to_program_item",
        "print_itineraries",
        "print_badges",
        "reissue_badges",
        "make_rsvp_links",
        "print_invitation_cards",
        "make_rsvp_links_csv",
        "record_answers",
        "send_invitations",
        "send_reminders",
    )
    action_form = AttendeeActionForm
    fieldsets = (
        (None, {"fields": ("event", "person", "category", "rsvp_status")}),
        (_("Travel"), {"fields": ("arrival", "arrival_travel", "departure")}),
        (_("Needs"), {"fields": ("companion_name", "accessibility_needs", "dietary_needs", "notes")}),
        (_("Protocol"), {"fields": ("precedence_rank", "delegation", "escort_officer", "checkin_note")}),
    )

    def has_export_permission(self, request):
        return may_export_guest_lists(request.user)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and obj.pk:
            # The language the attendee's papers print in when none is chosen, on its buttons.
            own = get_language_info(printing.attendee_language(obj))["name_local"]
            context["own_language"] = _("their own language (%(language)s)") % {"language": own}
        return super().render_change_form(request, context, add, change, form_url, obj)

    def get_export_data(self, file_format, request, queryset, **kwargs):
        data = super().get_export_data(file_format, request, queryset, **kwargs)
        _export_logged(request, queryset.count(), file_format)
        return data

    def _do_file_export(self, file_format, request, queryset, export_form=None):
        """More than settings.EXPORT_JOB_ROWS attendees are written by a job, whose page the user goes to."""
        if not self.has_export_permission(request):
            raise PermissionDenied
        count = queryset.count()
        if count <= settings.EXPORT_JOB_ROWS:
            return super()._do_file_export(file_format, request, queryset, export_form=export_form)
        job = guest_list_export_start(
            pks=list(queryset.values_list("pk", flat=True)),
            file_format=file_format.get_extension(),
            export_fields=self.get_export_resource_fields_from_form(export_form),
            file_name=self.get_export_filename(request, queryset, file_format),
            user=request.user,
        )
        _export_logged(request, count, file_format, job=job)
        return redirect("admin:ceremony_job_change", job.pk)

    @admin.display(description=_("Name"), ordering="person__family_name")
    def name(self, obj):
        return obj.person.full_name

    @admin.display(description=_("organization"), ordering="person__organization__name")
    def organization(self, obj):
        return obj.person.organization or "—"

    @admin.display(description=_("arrival"), ordering="arrival")
    def arrival_time(self, obj):
        return event_time(obj.event, obj.arrival)

    def _set_rsvp(self, request, queryset, status):
        changed = protocol.attendee_set_rsvp(attendees=queryset, status=status, user=request.user)
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

    @admin.action(
        description=_("Revoke the badges of selected attendees (new ones to print)"), permissions=["change"]
    )
    def reissue_badges(self, request, queryset):
        count = protocol.badges_reissue(attendees=queryset)
        self.message_user(
            request,
            ngettext(
                "%(count)d badge revoked: its old code is refused at the doors; print the new one.",
                "%(count)d badges revoked: their old codes are refused at the doors; print the new ones.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )

    def has_print_permission(self, request):
        return may_print(request.user)

    def changelist_view(self, request, extra_context=None):
        response = super().changelist_view(request, extra_context)
        action_form = (getattr(response, "context_data", None) or {}).get("action_form")
        if action_form is not None and not self.has_print_permission(request):
            del action_form.fields["print_language"]  # no printouts among their actions
        return response

    def _print_for_selected(self, request, queryset, document, make_document, select):
        """In the language chosen next to the action, else each attendee's in their own."""
        # Checked already, with the action (AttendeeActionForm): an unknown language is no action.
        language = request.POST.get("print_language") or None
        selected = list(queryset.values_list("event", "pk"))  # in the list's order
        if len({event for event, _pk in selected}) != 1:
            self.message_user(request, _("Select attendees of one event to print."), messages.ERROR)
            return None
        if len(selected) > settings.PRINT_DIRECT_ATTENDEES:  # too many for a request: a job prints them
            event = Event.objects.get(pk=selected[0][0])
            job = document_job_start(
                user=request.user,
                document=document,
                event=event,
                language=language,
                attendee_ids=[pk for _event, pk in selected],
            )
            return redirect("admin:ceremony_job_change", job.pk)
        attendees = list(select(queryset, language))
        document = make_document(event=attendees[0].event, attendees=attendees, language=language)
        return printing.pdf_response(document)

    @admin.action(description=_("Print itineraries of selected attendees (PDF)"), permissions=["print"])
    def print_itineraries(self, request, queryset):
        return self._print_for_selected(
            request,
            queryset,
            "itineraries",
            printing.itinerary_document,
            # In the list's order, whatever the language: the order the organizer sorted the list in.
            lambda attendees, _language: selectors.attendees_for_itinerary(attendees),
        )

    @admin.action(description=_("Print badges of selected attendees (PDF)"), permissions=["print"])
    def print_badges(self, request, queryset):
        return self._print_for_selected(
            request, queryset, "badges", printing.badges_document, selectors.attendees_for_badges
        )
