"""The forms of the public pages a guest opens without logging in: the answer to an invitation."""

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from .enums import IdentityDocumentType, RsvpStatus

DATE_FORMAT = "%Y-%m-%d"  # what <input type="date"> sends, in every language
TIME_FORMATS = ["%H:%M", "%H:%M:%S"]
INITIAL_ANSWERS = {RsvpStatus.CONFIRMED: "yes", RsvpStatus.ATTENDED: "yes", RsvpStatus.DECLINED: "no"}


class RsvpForm(forms.Form):
    """Accept or decline, and what the organizers need to know of a guest who comes.

    The companion is asked of guests who may bring one (Attendee.may_bring_companion), the identity
    document of guests on a facility visit that needs clearance (`identity`), and then only with the
    guest's consent.
    """

    answer = forms.ChoiceField(
        label=_("Your answer"),
        choices=[("yes", _("Yes, I will attend")), ("no", _("No, I cannot attend"))],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose whether you will attend.")},
    )
    companion_name = forms.CharField(label=_("Your companion's full name"), max_length=200, required=False)
    dietary_needs = forms.CharField(
        label=_("Dietary needs"),
        max_length=255,
        required=False,
        help_text=_("E.g. vegetarian, no nuts, halal."),
    )
    accessibility_needs = forms.CharField(
        label=_("Accessibility needs"),
        max_length=255,
        required=False,
        help_text=_("E.g. a wheelchair, a seat near the exit, a sign-language interpreter."),
    )
    arrival_date = forms.DateField(
        label=_("Arrival date"),
        required=False,
        input_formats=[DATE_FORMAT],
        widget=forms.DateInput(attrs={"type": "date"}, format=DATE_FORMAT),
    )
    arrival_time = forms.TimeField(
        label=_("Arrival time (local time at the event)"),
        required=False,
        input_formats=TIME_FORMATS,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    arrival_travel = forms.CharField(label=_("Flight or train"), max_length=100, required=False)
    document_type = forms.ChoiceField(
        label=_("Identity document"),
        choices=[("", "—"), *IdentityDocumentType.choices],
        required=False,
    )
    document_number = forms.CharField(label=_("Document number"), max_length=64, required=False)
    consent = forms.BooleanField(
        label=_(
            "I agree that the details of my identity document are given to the security service, "
            "for my clearance to visit the restricted facility, and used for nothing else."
        ),
        required=False,
    )

    IDENTITY_FIELDS = ("document_type", "document_number", "consent")

    def __init__(self, *args, attendee, identity, document_on_file=False, **kwargs):
        self.attendee = attendee
        self.zone = attendee.event.zone
        kwargs.setdefault("initial", self._initial(attendee))
        super().__init__(*args, **kwargs)
        if not attendee.may_bring_companion:
            del self.fields["companion_name"]
        if not identity:
            for name in self.IDENTITY_FIELDS:
                del self.fields[name]
        elif document_on_file:
            self.fields["document_number"].help_text = _(
                "Your document number is on file; leave this empty to keep it."
            )
        self.identity = identity

    def _initial(self, attendee):
        initial = {
            "answer": INITIAL_ANSWERS.get(attendee.rsvp_status),
            "companion_name": attendee.companion_name,
            "dietary_needs": attendee.dietary_needs,
            "accessibility_needs": attendee.accessibility_needs,
            "arrival_travel": attendee.arrival_travel,
        }
        if attendee.arrival:
            local = attendee.event.localtime(attendee.arrival)
            initial |= {"arrival_date": local.date(), "arrival_time": local.time()}
        return initial

    def clean(self):
        cleaned = super().clean()
        day, time = cleaned.get("arrival_date"), cleaned.get("arrival_time")
        cleaned["arrival"] = None
        if day and time:
            cleaned["arrival"] = datetime.datetime.combine(day, time).replace(tzinfo=self.zone)
            departure = self.attendee.departure
            if departure is not None and cleaned["arrival"] >= departure:
                self.add_error("arrival_date", _("Your arrival must be before your departure."))
        elif day and not time and "arrival_time" not in self.errors:
            self.add_error("arrival_time", _("Give the time of your arrival too."))
        elif time and not day and "arrival_date" not in self.errors:
            self.add_error("arrival_date", _("Give the date of your arrival too."))
        if self.identity:
            document = cleaned.get("document_type") or cleaned.get("document_number")
            if document and not cleaned.get("consent"):
                self.add_error("consent", _("Tick the consent to give your identity document."))
            elif cleaned.get("consent") and not cleaned.get("document_type"):
                self.add_error("document_type", _("Choose the kind of your identity document."))
        return cleaned

    def details(self):
        """What the answer sets on the attendee (services.invitations.ANSWER_FIELDS)."""
        details = {
            "dietary_needs": self.cleaned_data["dietary_needs"],
            "accessibility_needs": self.cleaned_data["accessibility_needs"],
            "arrival_travel": self.cleaned_data["arrival_travel"],
            # The form opens with the stored arrival: both emptied is "no arrival known".
            "arrival": self.cleaned_data["arrival"],
        }
        if "companion_name" in self.fields:
            details["companion_name"] = self.cleaned_data["companion_name"]
        return details

    def identity_document(self):
        """The identity document the guest gave with their consent, or None (and none from a guest
        who declines: security has nobody to clear)."""
        if not self.identity or not self.cleaned_data.get("consent") or self.cleaned_data["answer"] != "yes":
            return None
        return {
            "document_type": self.cleaned_data["document_type"],
            "document_number": self.cleaned_data["document_number"],
        }
