"""Personal RSVP links in the admin: the list of links made (never their tokens), and the attendee
list's actions that make new ones and take down answers that came by phone, letter or in person."""

import csv
import io

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.http import content_disposition_header, urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, pgettext_lazy

from ceremony.core.links import absolute_url
from ceremony.enums import AnswerChannel, InvitationState
from ceremony.models import Attendee, Event, Invitation, InvitationText
from ceremony.permissions import may_issue_invitations, may_record_answers, may_send_invitations
from ceremony.services import invitation_texts, invitations

from .forms import VersionedModelForm
from .history import RecordHistoryAdmin
from .inputs import CheckedInputsMixin
from .mixins import DeclinedTitlesMixin, OneEventListMixin, OptimisticLockingMixin
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
class InvitationAdmin(DeclinedTitlesMixin, OneEventListMixin, CheckedInputsMixin, admin.ModelAdmin):
    """Read only: links are made by the attendee list's action, the one place their token is shown."""

    verbose_name_accusative = pgettext_lazy("accusative", "personal RSVP link")
    EVENT_FILTER = "attendee__event__id__exact"

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


# ---------------------------------------------------------------------------------------------------
# Invitation texts, their preview, and sending by email


class InvitationTextForm(VersionedModelForm):
    class Meta:
        model = InvitationText
        fields = ("event", "language", "kind", "subject", "body")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        known = ", ".join(f"{{{name}}}" for name in invitation_texts.PLACEHOLDERS)
        for name in ("subject", "body"):
            if name in self.fields:
                self.fields[name].help_text = _("Placeholders: %(known)s.") % {"known": known}

    def clean_subject(self):
        return self._placeholders_checked("subject")

    def clean_body(self):
        return self._placeholders_checked("body")

    def _placeholders_checked(self, name):
        value = self.cleaned_data[name]
        errors = invitation_texts.placeholder_errors(value)
        if errors:
            raise forms.ValidationError(errors)
        return value


class PreviewForm(forms.Form):
    event = forms.ModelChoiceField(label=gettext_lazy("event"), queryset=Event.objects.all())
    attendee = forms.ModelChoiceField(
        label=gettext_lazy("attendee"), queryset=Attendee.objects.select_related("person", "event")
    )
    kind = forms.ChoiceField(label=gettext_lazy("kind"), choices=InvitationText.Kind.choices)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        event = self.data.get("event") or self.initial.get("event")
        if event and str(event).isdigit():
            self.fields["attendee"].queryset = self.fields["attendee"].queryset.filter(event=event)
        else:
            self.fields["attendee"].queryset = self.fields["attendee"].queryset.none()

    def clean(self):
        data = super().clean()
        if data.get("event") and data.get("attendee") and data["attendee"].event_id != data["event"].pk:
            raise forms.ValidationError(_("Choose an attendee of this event."))
        return data


# The link a preview shows in place of a guest's own: no token is made for a preview.
SAMPLE_TOKEN = "SAMPLE-LINK-preview-only"  # noqa: S105 (a placeholder, not a secret)


@admin.register(InvitationText)
class InvitationTextAdmin(DeclinedTitlesMixin, OneEventListMixin, OptimisticLockingMixin, RecordHistoryAdmin):
    verbose_name_accusative = pgettext_lazy("accusative", "invitation text")
    form = InvitationTextForm
    list_display = ("event", "kind", "language", "subject")
    list_filter = (("event", admin.RelatedOnlyFieldListFilter), "kind", "language")
    search_fields = ("subject", "body", "event__name")
    list_select_related = ("event",)
    autocomplete_fields = ("event",)
    preview_template = "admin/ceremony/invitationtext/preview.html"
    readonly_fields = ("preview_link",)

    @admin.display(description=gettext_lazy("preview"))
    def preview_link(self, text):
        url = reverse("admin:ceremony_invitationtext_preview")
        if text is not None and text.pk:
            url += "?" + urlencode({"event": text.event_id, "kind": text.kind})
        return format_html('<a href="{}">{}</a>', url, _("See the message as a chosen guest gets it"))

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "preview_url": reverse("admin:ceremony_invitationtext_preview"),
        }
        return super().changelist_view(request, extra_context)

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "preview/", self.admin_site.admin_view(self.preview_view), name="{}_{}_preview".format(*info)
            ),
            *super().get_urls(),
        ]

    def preview_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        data = request.GET if "attendee" in request.GET else None
        form = PreviewForm(data, initial={"event": request.GET.get("event"), "kind": request.GET.get("kind")})
        message = None
        if form.is_valid():
            attendee = form.cleaned_data["attendee"]
            link = absolute_url(invitations.rsvp_path(SAMPLE_TOKEN), request)
            language, subject, body = invitation_texts.message_for(
                attendee, link, kind=form.cleaned_data["kind"]
            )
            message = {"language": language, "subject": subject, "body": body, "to": attendee.person.email}
        context = {
            **self.admin_site.each_context(request),
            "title": _("Preview of an invitation email"),
            "opts": self.opts,
            "form": form,
            "message": message,
        }
        return TemplateResponse(request, self.preview_template, context)


class SendForm(forms.Form):
    again = forms.BooleanField(
        label=gettext_lazy("Send again to those already invited (their earlier link stops working)"),
        required=False,
    )


SKIP_REASONS = {
    invitations.SKIP_NO_EMAIL: gettext_lazy("no email address"),
    invitations.SKIP_INVITED: gettext_lazy("already invited"),
    invitations.SKIP_DECLINED: gettext_lazy("declined"),
    invitations.SKIP_ANSWERED: gettext_lazy("answered already"),
    invitations.SKIP_REMINDED: gettext_lazy("reminded already"),
    invitations.SKIP_NOT_INVITED: gettext_lazy("not sent an invitation"),
}


class SendingActionsMixin:
    """The attendee list's actions «Send invitations by email…» and «Remind those who have not
    answered…»: a page that says who gets one and who is skipped and why, then one transaction."""

    send_template = "admin/ceremony/attendee/send_invitations.html"

    def has_send_invitations_permission(self, request):
        return may_send_invitations(request.user)

    def _sending_page(self, request, queryset, *, action, title, plan, form, button):
        send, skipped = plan
        reasons = {}
        for attendee, reason in skipped:
            reasons.setdefault(reason, []).append(attendee)
        context = {
            **self.admin_site.each_context(request),
            "title": title,
            "opts": self.opts,
            "form": form,
            "count": len(send),
            "shown": [str(attendee) for attendee in send[:10]],
            "skipped": [
                (SKIP_REASONS[reason], len(people), [str(a) for a in people[:10]])
                for reason, people in reasons.items()
            ],
            "action": action,
            "button": button,
            "selected": request.POST.getlist(helpers.ACTION_CHECKBOX_NAME),
            "select_across": request.POST.get("select_across", "0"),
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, self.send_template, context)

    @admin.action(description=gettext_lazy("Send invitations by email…"), permissions=["send_invitations"])
    def send_invitations(self, request, queryset):
        form = SendForm(request.POST if "again" in request.POST or request.POST.get("post") else None)
        again = form.is_valid() and form.cleaned_data["again"]
        attendees = list(queryset.select_related("person", "event"))
        if request.POST.get("post") == "yes" and form.is_valid():
            queued, skipped = invitations.invitations_send(
                attendees=attendees, again=again, user=request.user
            )
            self.message_user(
                request,
                ngettext(
                    "%(count)d invitation is queued for sending; %(skipped)d skipped.",
                    "%(count)d invitations are queued for sending; %(skipped)d skipped.",
                    len(queued),
                )
                % {"count": len(queued), "skipped": len(skipped)},
                messages.SUCCESS,
            )
            return None
        return self._sending_page(
            request,
            queryset,
            action="send_invitations",
            title=_("Send invitations by email"),
            plan=invitations.invitation_sending_plan(attendees, again=again),
            form=form,
            button=_("Send the invitations"),
        )

    @admin.action(
        description=gettext_lazy("Remind those who have not answered…"), permissions=["send_invitations"]
    )
    def send_reminders(self, request, queryset):
        attendees = list(queryset.select_related("person", "event"))
        if request.POST.get("post") == "yes":
            queued, skipped = invitations.reminders_send(attendees=attendees, user=request.user)
            self.message_user(
                request,
                ngettext(
                    "%(count)d reminder is queued for sending; %(skipped)d skipped.",
                    "%(count)d reminders are queued for sending; %(skipped)d skipped.",
                    len(queued),
                )
                % {"count": len(queued), "skipped": len(skipped)},
                messages.SUCCESS,
            )
            return None
        return self._sending_page(
            request,
            queryset,
            action="send_reminders",
            title=_("Remind those who have not answered"),
            plan=invitations.reminder_plan(attendees),
            form=None,
            button=_("Send the reminders"),
        )
