"""Personal RSVP links in the admin: the list of links made (never their tokens), and the attendee
list's actions that make new ones and take down answers that came by phone, letter or in person."""

import csv
import io

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, pgettext_lazy

from ceremony.core.links import absolute_url
from ceremony.enums import AnswerChannel, InvitationState
from ceremony.models import Invitation
from ceremony.permissions import may_issue_invitations, may_record_answers
from ceremony.services import invitations

from .inputs import CheckedInputsMixin
from .mixins import DeclinedTitlesMixin
from .search import person_search_fields


class InvitationStateFilter(admin.SimpleListFilter):
    title = gettext_lazy("state")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return InvitationState.choices

    def queryset(self, request, queryset):
        if self.value() in InvitationState.values:
            return queryset.in_state(self.value())
        return queryset


@admin.register(Invitation)
class InvitationAdmin(DeclinedTitlesMixin, CheckedInputsMixin, admin.ModelAdmin):
    """Read only: links are made by the attendee list's action, the one place their token is shown."""

    verbose_name_accusative = pgettext_lazy("accusative", "personal RSVP link")

    list_display = (
        "attendee",
        "event",
        "state_label",
        "created_at",
        "opened_at",
        "answered_at",
        "answer_channel",
    )
    list_filter = (("attendee__event", admin.RelatedOnlyFieldListFilter), InvitationStateFilter)
    search_fields = person_search_fields("attendee__person")
    list_select_related = ("attendee__person", "attendee__event")
    autocomplete_fields = ("attendee",)
    fields = (
        "attendee",
        "state_label",
        "created_at",
        "created_by",
        "expires_at",
        "revoked_at",
        "opened_at",
        "answered_at",
        "answer_channel",
    )
    readonly_fields = fields
    ordering = ("-created_at", "-pk")

    @admin.display(description=gettext_lazy("event"), ordering="attendee__event")
    def event(self, invitation):
        return invitation.attendee.event

    @admin.display(description=gettext_lazy("state"))
    def state_label(self, invitation):
        return invitation.state.label

    def has_add_permission(self, request):
        return False  # made by the attendee list's action, which shows the link once

    def has_change_permission(self, request, obj=None):
        return False


class AnswerForm(forms.Form):
    """An answer that came otherwise than through the guest's page."""

    answer = forms.ChoiceField(
        label=gettext_lazy("Answer"),
        choices=[("yes", gettext_lazy("Will attend")), ("no", gettext_lazy("Will not attend"))],
        widget=forms.RadioSelect,
    )
    channel = forms.ChoiceField(
        label=gettext_lazy("Came by"),
        choices=[choice for choice in AnswerChannel.choices if choice[0] != AnswerChannel.WEB],
    )


class InvitationActionsMixin:
    """The attendee list's actions «Make personal RSVP links» (a page, or a CSV file, of each
    selected attendee's new link) and «Record an answer…»."""

    rsvp_links_template = "admin/ceremony/attendee/rsvp_links.html"
    record_answer_template = "admin/ceremony/attendee/record_answer.html"

    def has_invitation_permission(self, request):
        return may_issue_invitations(request.user)

    def has_answer_permission(self, request):
        return may_record_answers(request.user)

    def _links_made(self, request, queryset):
        attendees = queryset.select_related("person", "event")
        made = invitations.invitations_issue(attendees=attendees, user=request.user)
        return [(attendee, absolute_url(path, request)) for attendee, path in made]

    @admin.action(description=gettext_lazy("Make personal RSVP links"), permissions=["invitation"])
    def make_rsvp_links(self, request, queryset):
        links = self._links_made(request, queryset)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Personal RSVP links"),
            "opts": self.opts,
            "links": links,
        }
        response = TemplateResponse(request, self.rsvp_links_template, context)
        response["Cache-Control"] = "private, no-store"
        return response

    @admin.action(description=gettext_lazy("Make personal RSVP links (CSV file)"), permissions=["invitation"])
    def make_rsvp_links_csv(self, request, queryset):
        rows = io.StringIO()
        writer = csv.writer(rows)
        writer.writerow([_("Name"), _("email"), _("event"), _("Personal RSVP link")])
        for attendee, link in self._links_made(request, queryset):
            writer.writerow(
                [attendee.person.full_name, attendee.person.email or "", attendee.event.name, link]
            )
        response = HttpResponse("\ufeff" + rows.getvalue(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = content_disposition_header(True, "rsvp-links.csv")
        response["Cache-Control"] = "private, no-store"
        return response

    @admin.action(description=gettext_lazy("Record an answer…"), permissions=["answer"])
    def record_answers(self, request, queryset):
        form = AnswerForm(request.POST if request.POST.get("post") else None)
        if form.is_valid():
            attendees = list(queryset)
            for attendee in attendees:
                invitations.attendee_answer(
                    attendee=attendee,
                    answer=form.cleaned_data["answer"],
                    channel=form.cleaned_data["channel"],
                    user=request.user,
                )
            self.message_user(
                request,
                ngettext(
                    "The answer of %(count)d attendee is recorded.",
                    "The answers of %(count)d attendees are recorded.",
                    len(attendees),
                )
                % {"count": len(attendees)},
                messages.SUCCESS,
            )
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": _("Record an answer"),
            "opts": self.opts,
            "form": form,
            "count": queryset.count(),
            "shown": [str(attendee) for attendee in queryset.select_related("person")[:10]],
            "selected": request.POST.getlist(helpers.ACTION_CHECKBOX_NAME),
            "select_across": request.POST.get("select_across", "0"),
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, self.record_answer_template, context)
