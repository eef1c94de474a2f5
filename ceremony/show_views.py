"""The live show: the stage manager's page and its contract for scripts, and the read-only screens.

    POST /show/<event-slug>/mark   {"item": id, "mark": "started" | "finished", "at": "<ISO, optional>"}
    GET  /show/<event-slug>/state.json

both for users who may run the show (ceremony.permissions.may_run_show). Screens are opened by a
login that may see the show or by a screen link (/show/screen/<token>/, revocable in the admin);
they read the same state every few seconds (static/ceremony/show-screen.js).
"""

import csv
import io
import json

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from . import selectors
from .core.request_log import client_ip
from .core.throttle import FailureCounter
from .guest_lists.cells import spreadsheet_safe
from .models import Event, ProgramItem, ShowMark
from .permissions import may_run_show, may_view_show
from .services import show as show_services
from .show import latest_cue_marks, venue_shows

# How often a screen asks for the state (milliseconds): "within a few seconds" of a mark.
SCREEN_POLL_MS = 3000
TOKEN_MAX_LENGTH = 100


def _event_for(request, slug, may):
    """The event, for a logged-in user whom `may` allows; anonymous visitors are sent to log in."""
    if not request.user.is_authenticated:
        return None
    if not may(request.user):
        raise PermissionDenied
    return get_object_or_404(Event, slug=slug)


def _local(event, moment):
    return timezone.localtime(moment, event.zone) if moment is not None else None


def _iso(event, moment):
    return _local(event, moment).isoformat() if moment is not None else None


def _clock(event, moment):
    return _local(event, moment).strftime("%H:%M") if moment is not None else ""


def show_state(event, now=None):
    """What the contract and the screens answer: per venue now / next / delay."""
    now = now or timezone.now()
    items, marks, adjustments = selectors.show_records(event=event)
    venues = []
    for show in venue_shows(items, marks, adjustments, now):
        current = show.now
        venues.append(
            {
                "venue": show.name,
                "now": None
                if current is None
                else {
                    "item": current.item.pk,
                    "title": current.item.title,
                    "planned_start": _iso(event, current.item.starts_at),
                    "actual_start": _iso(event, current.actual_start),
                    "expected_end": _iso(event, current.expected_end),
                    "start_clock": _clock(event, current.actual_start),
                    "end_clock": _clock(event, current.expected_end),
                },
                "next": [
                    {
                        "item": timing.item.pk,
                        "title": timing.item.title,
                        "planned_start": _iso(event, timing.item.starts_at),
                        "expected_start": _iso(event, timing.expected_start),
                        "planned_clock": _clock(event, timing.item.starts_at),
                        "expected_clock": _clock(event, timing.expected_start),
                    }
                    for timing in show.next
                ],
                "delay_minutes": show.delay_minutes,
            }
        )
    return {"event": event.name, "now": _iso(event, now), "clock": _clock(event, now), "venues": venues}


def _state_response(event):
    response = JsonResponse(show_state(event), json_dumps_params={"ensure_ascii": False})
    response["Cache-Control"] = "no-store"
    return response


@transaction.non_atomic_requests
@require_GET
def show_page(request, slug):
    event = _event_for(request, slug, may_run_show)
    if event is None:
        return redirect_to_login(request.get_full_path(), reverse("admin:login"))
    now = timezone.now()
    items, marks, adjustments = selectors.show_records(event=event, with_cues=True)
    shows = venue_shows(items, marks, adjustments, now)
    _cues_marked(items, marks)
    with timezone.override(event.zone):  # the page's times are the event's local ones
        response = render(
            request,
            "show/show.html",
            {
                "event": event,
                "shows": shows,
                "items": items,
                "clock": _clock(event, now),
                "state_url": reverse("show-state", args=[event.slug]),
                "poll_ms": SCREEN_POLL_MS,
            },
        )
    response["Cache-Control"] = "no-store"
    return response


def _cues_marked(items, marks):
    """Give each cue of each item its key (ShowMark.cue) and the time it was marked done, if it was."""
    done = latest_cue_marks(marks)
    for item in items:
        for kind, cues in (
            ("speaker", getattr(item, "cue_speakers", [])),
            ("video", getattr(item, "cue_videos", [])),
            ("presentation", getattr(item, "cue_presentations", [])),
        ):
            for cue in cues:
                cue.cue_key = f"{kind}:{cue.pk}"
                cue.cue_done_at = done.get((item.pk, cue.cue_key, ShowMark.Kind.FINISHED))


def _mark_arguments(request, event):
    """(program item, mark, at) from a JSON body or the page's form; ValidationError names what is wrong."""
    if request.content_type == "application/json":
        try:
            data = json.loads(request.body.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            raise ValidationError(_("The body is not JSON.")) from None
        if not isinstance(data, dict):
            raise ValidationError(_("The body is not a JSON object."))
    else:
        data = request.POST
    item_id, mark, at, cue = data.get("item"), data.get("mark"), data.get("at"), data.get("cue") or ""
    if not isinstance(item_id, int | str) or not str(item_id).isdecimal():
        raise ValidationError(_("“item” is not the number of a program item."))
    item = ProgramItem.objects.filter(event=event, pk=int(item_id)).first()
    if item is None:
        raise ValidationError(_("This event has no program item %(item)s.") % {"item": item_id})
    if mark not in ShowMark.Kind.values:
        raise ValidationError(_("“mark” is “started” or “finished”."))
    if at not in (None, ""):
        moment = parse_datetime(at) if isinstance(at, str) and len(at) <= 64 else None
        if moment is None:
            raise ValidationError(_("“at” is not a time (ISO 8601, e.g. 2025-06-02T11:05:00+05:00)."))
        at = timezone.make_aware(moment, event.zone) if timezone.is_naive(moment) else moment
    else:
        at = None
    if not isinstance(cue, str):
        raise ValidationError(_("“cue” is text such as “video:12”."))
    return item, mark, at, cue


@require_POST
def show_mark(request, slug):
    event = _event_for(request, slug, may_run_show)
    wants_json = request.content_type == "application/json"
    if event is None:
        if wants_json:
            return JsonResponse({"error": _("Log in first.")}, status=403)
        return redirect_to_login(reverse("show", args=[slug]), reverse("admin:login"))
    try:
        item, mark, at, cue = _mark_arguments(request, event)
        if cue:
            recorded = show_services.cue_mark(program_item=item, cue=cue, mark=mark, at=at, user=request.user)
        else:
            recorded = show_services.show_mark(program_item=item, mark=mark, at=at, user=request.user)
    except ValidationError as error:
        if wants_json:
            return JsonResponse({"error": " ".join(error.messages)}, status=400)
        messages.error(request, " ".join(error.messages))
        return redirect("show", slug=event.slug)
    if wants_json:
        return JsonResponse(
            {"item": item.pk, "mark": recorded.mark, "at": _iso(event, recorded.at)}
            | ({"cue": recorded.cue} if recorded.cue else {}),
            json_dumps_params={"ensure_ascii": False},
        )
    if recorded.cue:
        messages.success(request, _("Cue marked at %(time)s.") % {"time": _clock(event, recorded.at)})
        return redirect("show", slug=event.slug)
    messages.success(
        request,
        (
            _("“%(item)s” started at %(time)s.")
            if recorded.mark == ShowMark.Kind.STARTED
            else _("“%(item)s” finished at %(time)s.")
        )
        % {"item": item.title, "time": _clock(event, recorded.at)},
    )
    return redirect("show", slug=event.slug)


@require_POST
def show_adjust(request, slug):
    event = _event_for(request, slug, may_run_show)
    if event is None:
        return redirect_to_login(reverse("show", args=[slug]), reverse("admin:login"))
    item_id, minutes = request.POST.get("item", ""), request.POST.get("minutes", "").strip()
    item = ProgramItem.objects.filter(event=event, pk=item_id).first() if item_id.isdecimal() else None
    try:
        if item is None:
            raise ValidationError(_("Choose the program item the adjustment starts from."))
        try:
            minutes = int(minutes.replace("+", "", 1).replace("−", "-"))
        except ValueError:
            raise ValidationError(
                _("“%(value)s” is not a number of minutes.") % {"value": minutes[:20]}
            ) from None
        show_services.show_adjust(
            from_item=item, minutes=minutes, reason=request.POST.get("reason", "")[:255], user=request.user
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("%(minutes)+d min from “%(item)s” on.") % {"minutes": minutes, "item": item.title}
        )
    return redirect("show", slug=event.slug)


@transaction.non_atomic_requests
@require_GET
def show_state_json(request, slug):
    event = _event_for(request, slug, may_run_show)
    if event is None:
        return JsonResponse({"error": _("Log in first.")}, status=403)
    return _state_response(event)


def _screen(request, event, state_url):
    response = render(
        request,
        "show/screen.html",
        {"event": event, "state": show_state(event), "state_url": state_url, "poll_ms": SCREEN_POLL_MS},
    )
    response["Cache-Control"] = "no-store"
    return response


@transaction.non_atomic_requests
@require_GET
def show_screen_login(request, slug):
    """A screen for a logged-in user who may see the show."""
    event = _event_for(request, slug, may_view_show)
    if event is None:
        return redirect_to_login(request.get_full_path(), reverse("admin:login"))
    return _screen(request, event, reverse("show-screen-login-state", args=[event.slug]))


@transaction.non_atomic_requests
@require_GET
def show_screen_login_state(request, slug):
    event = _event_for(request, slug, may_view_show)
    if event is None:
        return JsonResponse({"error": _("Log in first.")}, status=403)
    return _state_response(event)


@transaction.non_atomic_requests
@require_GET
def show_report(request, slug):
    """The show as it ran, one row per item: planned against actual times and the delays (CSV)."""
    event = _event_for(request, slug, may_view_show)
    if event is None:
        return redirect_to_login(request.get_full_path(), reverse("admin:login"))
    items, marks, adjustments = selectors.show_records(event=event)
    rows = io.StringIO()
    writer = csv.writer(rows, quoting=csv.QUOTE_ALL)
    writer.writerow(
        [
            _("Item"),
            _("venue"),
            _("Planned start"),
            _("Planned end"),
            _("Actual start"),
            _("Actual end"),
            _("Start delay (min)"),
            _("End delay (min)"),
        ]
    )
    for show in venue_shows(items, marks, adjustments, timezone.now()):
        for timing in show.timings:
            writer.writerow(
                [
                    spreadsheet_safe(timing.item.title),
                    spreadsheet_safe(show.name),
                    _iso(event, timing.item.starts_at),
                    _iso(event, timing.item.ends_at),
                    _iso(event, timing.actual_start) or "",
                    _iso(event, timing.actual_end) or "",
                    timing.start_delay_minutes if timing.actual_start else "",
                    timing.end_delay_minutes if timing.actual_end else "",
                ]
            )
    response = HttpResponse("\ufeff" + rows.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(True, f"{event.slug}-show.csv")
    return response


def screen_failures():
    # The same limits as guests' links: a screen link is as secret, and as guessable, as theirs.
    return FailureCounter(
        "show-screen",
        limit=settings.RSVP_FAILURE_LIMIT,
        window_seconds=settings.RSVP_FAILURE_WINDOW_MINUTES * 60,
    )


def _screen_event(request, token):
    """The event of a live screen link; the same 404 for an unknown or revoked one, throttled per address."""
    address = client_ip(request)
    failures = screen_failures()
    if failures.exceeded(address):
        raise Http404("No such screen")
    screen = show_services.screen_for_token(token) if len(token) <= TOKEN_MAX_LENGTH else None
    if screen is None:
        failures.failed(address)
        raise Http404("No such screen")
    return screen.event


@transaction.non_atomic_requests
@require_GET
def show_screen(request, token):
    event = _screen_event(request, token)
    return _screen(request, event, reverse("show-screen-state", args=[token]))


@transaction.non_atomic_requests
@require_GET
def show_screen_state(request, token):
    return _state_response(_screen_event(request, token))
