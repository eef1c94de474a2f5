"""The attendee list's action «Print invitation cards»: a page that says what printing does (each
guest printed gets a new personal link, and the links they had stop opening), then the PDF."""

from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ceremony import printing
from ceremony.enums import RsvpStatus
from ceremony.languages import missing_in_printed
from ceremony.services import invitations


class InvitationCardsMixin:
    """For AttendeeAdmin, beside InvitationActionsMixin (whose `invitation` permission it uses)."""

    invitation_cards_template = "admin/ceremony/attendee/invitation_cards.html"

    @admin.action(description=gettext_lazy("Print invitation cards…"), permissions=["invitation"])
    def print_invitation_cards(self, request, queryset):
        chosen = queryset.select_related("person", "event")
        if len({event for event in chosen.values_list("event", flat=True)}) != 1:
            self.message_user(request, _("Select attendees of one event to print."), messages.ERROR)
            return None
        guests = [attendee for attendee in chosen if attendee.rsvp_status != RsvpStatus.DECLINED]
        declined = chosen.count() - len(guests)
        # The cards hold links readable only once: printed here, never kept as a job's file.
        limit = settings.PRINT_DIRECT_ATTENDEES * 5
        if len(guests) > limit:
            self.message_user(
                request,
                _("At most %(limit)d invitation cards are printed at a time: select fewer guests.")
                % {"limit": limit},
                messages.ERROR,
            )
            return None
        if not guests:
            self.message_user(
                request, _("The selected guests have declined: no card is printed."), messages.ERROR
            )
            return None
        if request.POST.get("post"):
            cards = invitations.invitation_cards_issue(attendees=guests, user=request.user, request=request)
            response = printing.pdf_response(
                printing.invitation_cards_document(event=guests[0].event, cards=cards)
            )
            response["Cache-Control"] = "private, no-store"
            return response
        context = {
            **self.admin_site.each_context(request),
            "title": _("Print invitation cards"),
            "opts": self.opts,
            "count": len(guests),
            "declined": declined,
            "shown": [str(attendee) for attendee in guests[:10]],
            "selected": request.POST.getlist(helpers.ACTION_CHECKBOX_NAME),
            "select_across": request.POST.get("select_across", "0"),
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            # What a card prints in another language than its guest's, as a document's page lists it.
            "missing_translations": missing_in_printed(
                printing.invitation_cards_printed(event=guests[0].event, attendees=guests)[1]
            ),
        }
        return TemplateResponse(request, self.invitation_cards_template, context)
