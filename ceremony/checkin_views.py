"""The doors on the day: the ushers' check-in page, and the scan its script (or any script) posts.

For logged-in staff with the permission to check in guests (the Usher group). `POST
/checkin/<event>/scan` takes JSON {"code", "entrance", "nonce"} and answers the decision of
`ceremony.services.checkin.scan` as JSON; a malformed request answers 400 with a message, never 500.
"""

import datetime
import functools
import json

from django import forms
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext, pgettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_POST

from . import selectors
from .models import Event
from .permissions import may_check_in_guests, may_view_dashboard
from .services import checkin

# A scan is a few short strings: anything longer is no scan.
SCAN_MAX_BYTES = 4096


def usher_view(view):
    """Staff with the check-in permission; anyone else logged in is refused (403)."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.is_authenticated:
            if request.method == "GET":
                return redirect_to_login(request.get_full_path(), reverse("admin:login"))
            return _error(gettext("Log in first."), status=403)
        if not (request.user.is_staff and may_check_in_guests(request.user)):
            return _error(gettext("You may not check in guests."), status=403)
        return view(request, *args, **kwargs)

    return wrapped


def _error(message, status=400):
    return JsonResponse({"result": "error", "message": message}, status=status)


@require_GET
@usher_view
def page(request, slug):
    event = get_object_or_404(Event, slug=slug)
    entrances = list(event.entrances.order_by("name"))
    texts = {
        "admitted": pgettext("check-in", "Admitted"),
        "attention": gettext("Attention"),
        "already_admitted": pgettext("check-in", "Already admitted"),
        "refused": pgettext("check-in", "Refused"),
        "error": gettext("The server could not decide; scan again."),
        "offline": gettext("No answer from the server: scan again, or check the badge by hand."),
        "nothing_found": gettext("Nobody found."),
        "admit": gettext("Admit"),
        "choose_entrance": gettext("Choose the entrance first."),
        "offline_banner": gettext(
            "Offline: deciding from the list kept on this phone. Scans waiting: %(count)s"
        ),
        "online_banner": gettext("Online. The list on this phone was made at %(time)s."),
    }
    return render(
        request,
        "checkin/page.html",
        {
            "event": event,
            "entrances": entrances,
            "texts": texts,
            "scan_url": reverse("checkin:scan", args=[event.slug]),
            "search_url": reverse("checkin:search", args=[event.slug]),
            "list_url": reverse("checkin:list", args=[event.slug]),
        },
    )


@require_POST
@usher_view
def scan(request, slug):
    event = get_object_or_404(Event, slug=slug)
    if len(request.body) > SCAN_MAX_BYTES:
        return _error(gettext("A scan is a few short fields; this request is too long."))
    try:
        data = json.loads(request.body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return _error(gettext("The request is not JSON."))
    if not isinstance(data, dict):
        return _error(gettext("The request is not a JSON object with code, entrance and nonce."))
    fields = {name: data.get(name) for name in ("code", "entrance", "nonce")}
    for name, value in fields.items():
        if not isinstance(value, str) or not value.strip():
            return _error(gettext("The field “%(field)s” must be a text, and not empty.") % {"field": name})
    entrance = (
        event.entrances.filter(slug=fields["entrance"].strip()[:50])
        .prefetch_related("program_items__facility_visit")
        .first()
    )
    if entrance is None:
        return _error(
            gettext("This event has no entrance “%(entrance)s”.") % {"entrance": fields["entrance"][:50]}
        )
    scanned_at = None
    if data.get("scanned_at") is not None:
        # A scan an offline phone queued: when it was made.
        try:
            scanned_at = parse_datetime(str(data["scanned_at"])[:40])
        except ValueError:
            scanned_at = None
        if scanned_at is None or scanned_at.tzinfo is None:
            return _error(gettext("“scanned_at” must be a date and time with its zone (ISO 8601)."))
    try:
        answer = checkin.scan(
            event=event,
            entrance=entrance,
            code=fields["code"],
            nonce=fields["nonce"],
            usher=request.user,
            scanned_at=scanned_at,
        )
    except checkin.ScanRefused as refusal:
        return _error(str(refusal))
    return JsonResponse(answer.as_json())


@require_GET
@usher_view
def search(request, slug):
    """Guests by name or delegation, with their badge codes, for a guest without a readable badge."""
    event = get_object_or_404(Event, slug=slug)
    text = "".join(ch for ch in request.GET.get("q", "")[:100] if ch.isprintable())
    found = [
        {**checkin.attendee_card(attendee), "code": attendee.badge_code}
        for attendee in selectors.checkin_search(event, text)
    ]
    return JsonResponse({"attendees": found})


@require_GET
@usher_view
def offline_list(request, slug):
    """The entrance's list for the phone to decide from when the server does not answer."""
    event = get_object_or_404(Event, slug=slug)
    entrance = get_object_or_404(event.entrances, slug=request.GET.get("entrance", "")[:50])
    response = JsonResponse(checkin.offline_list(entrance))
    response["Cache-Control"] = "no-store"
    return response


class NoShowsForm(forms.Form):
    """The time from which a guest who confirmed and has not come through a door is a no-show."""

    day = forms.DateField(label=_("Day"), widget=forms.DateInput(attrs={"type": "date"}))
    after = forms.TimeField(label=_("No-shows after"), widget=forms.TimeInput(attrs={"type": "time"}))

    def __init__(self, data, *, event):
        super().__init__(data, initial=_no_shows_initial(event))
        self.event = event

    def clean_day(self):
        day = self.cleaned_data["day"]
        if not self.event.start_date <= day <= self.event.end_date:
            raise forms.ValidationError(_("The event is not held on that day."))
        return day

    def moment(self):
        """The chosen day and time at the event, or None while none is chosen (or it is wrong)."""
        if not self.is_bound or not self.is_valid():
            return None
        moment = datetime.datetime.combine(self.cleaned_data["day"], self.cleaned_data["after"])
        return moment.replace(tzinfo=self.event.zone)


def _no_shows_initial(event):
    """Today at the event if it is one of its days (else its first day), and when its first item that
    day starts."""
    today = timezone.localdate(timezone=event.zone)
    day = today if event.start_date <= today <= event.end_date else event.start_date
    first = selectors.first_item_start(event, day)
    return {"day": day, "after": first.strftime("%H:%M") if first else None}


@require_GET
def arrivals(request, slug):
    """The protocol office's view of the doors (whoever may see the attendees); printable as it is.

    `?day=2025-06-02&after=10:00` adds the no-shows: who confirmed and had come through no door by
    then."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path(), reverse("admin:login"))
    if not (request.user.is_staff and may_view_dashboard(request.user)):
        raise PermissionDenied
    event = get_object_or_404(Event, slug=slug)
    form = NoShowsForm(request.GET if "after" in request.GET else None, event=event)
    moment = form.moment()
    no_shows = None
    if moment is not None and moment <= timezone.now():
        no_shows = selectors.no_shows(event, moment)
    return render(
        request,
        "checkin/arrivals.html",
        {
            "event": event,
            "form": form,
            "moment": moment,
            "no_shows": no_shows,
            **selectors.arrivals(event),
        },
    )
