"""The admin's home: for each current event, what an organizer checks first, each figure a link to the
records behind it.

Reads only, a fixed number of queries per event whatever its size (the conflicts and the missing
translations are the Conflicts and Translations pages' own reads). At most `EVENTS_SHOWN` events.
"""

import dataclasses
import urllib.parse

from django.db.models import Count, Q
from django.db.models.functions import TruncHour
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, pgettext, pgettext_lazy

from . import selectors
from .enums import AttendeeCategory, ClearanceStatus, RsvpStatus, VideoAddressStatus
from .languages import LANGUAGE_NAMES, event_translations
from .models import Attendee, Event, Invitation, VideoAddress, VisitParticipant
from .rules import warnings
from .selectors import order_of_precedence
from .show import venue_shows

EVENTS_SHOWN = 3
DIGNITARIES_SHOWN = 10
ARRIVAL_HOURS_SHOWN = 48
ANSWERED = (RsvpStatus.CONFIRMED, RsvpStatus.DECLINED, RsvpStatus.ATTENDED)
COMING = (RsvpStatus.CONFIRMED, RsvpStatus.ATTENDED)
READY_VIDEOS = (VideoAddressStatus.APPROVED, VideoAddressStatus.PLAYED)
# The RSVP states as counts of people («Подтвердили: 257»), not a person's state («Подтвердил участие»).
ANSWER_NAMES = {
    RsvpStatus.INVITED: pgettext_lazy("dashboard", "Not answered yet"),
    RsvpStatus.CONFIRMED: pgettext_lazy("dashboard", "Confirmed"),
    RsvpStatus.DECLINED: pgettext_lazy("dashboard", "Declined"),
    RsvpStatus.ATTENDED: pgettext_lazy("dashboard", "Attended"),
}


@dataclasses.dataclass(frozen=True)
class Figure:
    """A count, what it counts, and the admin list of those records."""

    label: str
    count: int
    url: str
    percent: int = 0  # of the event's whole, for a bar


@dataclasses.dataclass
class EventDashboard:
    event: Event
    attendee_total: int
    rsvp: list  # Figure per RSVP state, in the choices' order
    funnel: list  # Figure: invited, opened, answered, coming, attended (each a share of all invited)
    categories: list  # Figure per category that has attendees, largest first
    dignitaries: list  # the first confirmed attendees in the order of precedence
    dignitary_total: int
    badges: list  # Figure: printed, and still to print for those coming
    clearances: list  # Figure: pending, denied
    videos_not_approved: Figure
    conflicts: list  # Figure per kind of conflict found
    missing_translations: list  # Figure per language lacking texts
    arrivals: list  # Figure per hour with arrivals, in the event's time zone
    show: list  # ShowVenue per venue, once the show has begun to be marked

    @property
    def funnel_height(self):
        return 10 * len(self.funnel)

    @property
    def funnel_bars(self):
        """The funnel as horizontal bars of a 100 × 10n chart: one 10-high band each."""
        return [
            Bar(figure, x=0, y=10 * index + 1, width=figure.percent, height=8)
            for index, figure in enumerate(self.funnel)
        ]

    @property
    def arrival_chart_width(self):
        """In the chart's units: room for a day's hours at least, so that one busy hour is not a wall."""
        return 10 * max(len(self.arrivals), 24)

    @property
    def arrival_bars(self):
        """Arrivals as columns of an `arrival_chart_width` × 100 chart, the busiest hour full height."""
        return [
            Bar(figure, x=10 * index + 1, y=100 - figure.percent, width=8, height=figure.percent)
            for index, figure in enumerate(self.arrivals)
        ]


@dataclasses.dataclass(frozen=True)
class Bar:
    """A figure drawn as an SVG rectangle, in the chart's own units."""

    figure: Figure
    x: int
    y: int
    width: int
    height: int


def current_events(today=None):
    """Events not over yet, soonest first; when every event is over, the latest one."""
    today = today or timezone.localdate()
    events = list(Event.objects.filter(end_date__gte=today).order_by("start_date", "pk")[:EVENTS_SHOWN])
    return events or list(Event.objects.order_by("-end_date", "-pk")[:1])


def _changelist(model_name, **filters):
    url = reverse(f"admin:{model_name}_changelist")
    return f"{url}?{urllib.parse.urlencode(filters)}" if filters else url


def _share(count, whole):
    return 100 * count // whole if whole else 0


def event_dashboard(event):
    attendees = Attendee.objects.filter(event=event)
    by_state = dict(attendees.values_list("rsvp_status").annotate(n=Count("pk")).order_by())
    total = sum(by_state.values())

    def attendee_list(**filters):
        return _changelist("ceremony_attendee", event__id__exact=event.pk, **filters)

    rsvp = [
        Figure(
            ANSWER_NAMES[state],
            by_state.get(state, 0),
            attendee_list(rsvp_status__exact=state),
            _share(by_state.get(state, 0), total),
        )
        for state in RsvpStatus
    ]
    answered = sum(by_state.get(state, 0) for state in ANSWERED)
    coming = sum(by_state.get(state, 0) for state in COMING)
    attended = by_state.get(RsvpStatus.ATTENDED, 0)
    # Those who opened a personal RSVP link of theirs (any, the replaced ones too).
    opened = (
        Invitation.objects.filter(attendee__event=event, opened_at__isnull=False)
        .values("attendee")
        .distinct()
        .count()
    )
    # "Answered" is not an RSVP state of its own: those who said yes or no; "coming", yes or there.
    funnel = [
        Figure(pgettext("dashboard", "All invited"), total, attendee_list(), 100 if total else 0),
        Figure(
            pgettext("dashboard", "Opened the invitation"),
            opened,
            _changelist(
                "ceremony_invitation", attendee__event__id__exact=event.pk, opened_at__isnull="False"
            ),
            _share(opened, total),
        ),
        Figure(
            pgettext("dashboard", "Answered"),
            answered,
            attendee_list(rsvp_status__in=",".join(ANSWERED)),
            _share(answered, total),
        ),
        Figure(
            pgettext("dashboard", "Coming"),
            coming,
            attendee_list(rsvp_status__in=",".join(COMING)),
            _share(coming, total),
        ),
        Figure(
            ANSWER_NAMES[RsvpStatus.ATTENDED],
            attended,
            attendee_list(rsvp_status__exact=RsvpStatus.ATTENDED),
            _share(attended, total),
        ),
    ]

    by_category = attendees.values_list("category").annotate(n=Count("pk")).order_by("-n", "category")
    labels = dict(AttendeeCategory.choices)
    categories = [
        Figure(labels.get(category, category), n, attendee_list(category__exact=category), _share(n, total))
        for category, n in by_category
    ]

    ranked = order_of_precedence(event=event).filter(rsvp_status__in=COMING)
    dignitaries = list(ranked[:DIGNITARIES_SHOWN])
    dignitary_total = len(dignitaries) if len(dignitaries) < DIGNITARIES_SHOWN else ranked.count()

    printed = attendees.aggregate(
        printed=Count("pk", filter=Q(badge_printed_at__isnull=False)),
        waiting=Count("pk", filter=Q(badge_printed_at__isnull=True, rsvp_status__in=COMING)),
    )
    badges = [
        Figure(gettext("Badges printed"), printed["printed"], attendee_list(badge_printed_at__isempty="0")),
        Figure(
            gettext("Badges to print for those coming"),
            printed["waiting"],
            attendee_list(badge_printed_at__isempty="1", rsvp_status__in=",".join(COMING)),
        ),
    ]

    clearance = dict(
        VisitParticipant.objects.filter(visit__program_item__event=event)
        .values_list("clearance_status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    clearances = [
        Figure(
            status.label,
            clearance.get(status, 0),
            _changelist(
                "ceremony_visitparticipant",
                visit__program_item__event__id__exact=event.pk,
                clearance_status__exact=status,
            ),
        )
        for status in (ClearanceStatus.PENDING, ClearanceStatus.DENIED)
    ]

    not_approved = VideoAddress.objects.filter(program_item__event=event).exclude(status__in=READY_VIDEOS)
    waiting = [status for status in VideoAddressStatus if status not in READY_VIDEOS]
    videos = Figure(
        "",
        not_approved.count(),
        _changelist(
            "ceremony_videoaddress", program_item__event__id__exact=event.pk, status__in=",".join(waiting)
        ),
    )

    conflicts_page = reverse("admin:ceremony_event_conflicts", args=[event.pk])
    conflicts = [
        Figure(warnings.KINDS[kind][0], len(found), f"{conflicts_page}#{kind}")
        for kind, found in warnings.event_conflicts(event=event).items()
    ]

    translations_page = reverse("admin:ceremony_event_translations", args=[event.pk])
    missing = [
        Figure(LANGUAGE_NAMES[code], count, f"{translations_page}#missing-{code}")
        for code, count in event_translations(event).missing_counts().items()
        if count
    ]

    return EventDashboard(
        event=event,
        attendee_total=total,
        rsvp=rsvp,
        funnel=funnel,
        categories=categories,
        dignitaries=dignitaries,
        dignitary_total=dignitary_total,
        badges=badges,
        clearances=clearances,
        videos_not_approved=videos,
        conflicts=conflicts,
        missing_translations=missing,
        arrivals=_arrivals(event, attendees),
        show=_show(event),
    )


@dataclasses.dataclass
class ShowVenue:
    name: str
    delay_minutes: int
    now: str  # the title of the item running, or ""


def _show(event):
    """The show's state per venue (on time / N minutes late), from the day it is run: one query
    before, four once items are marked."""
    items, marks, adjustments = selectors.show_records(event=event, only_if_marked=True)
    return [
        ShowVenue(show.name, show.delay_minutes, show.now.item.title if show.now else "")
        for show in venue_shows(items, marks, adjustments, timezone.now())
    ]


def _arrivals(event, attendees):
    """Arrivals per hour of the event's local time, the hours that have any (at most the first 48)."""
    hours = (
        attendees.filter(arrival__isnull=False)
        .annotate(hour=TruncHour("arrival", tzinfo=event.zone))
        .values_list("hour")
        .annotate(n=Count("pk"))
        .order_by("hour")[:ARRIVAL_HOURS_SHOWN]
    )
    hours = list(hours)
    busiest = max((n for _hour, n in hours), default=0)
    return [
        Figure(timezone.localtime(hour, event.zone).strftime("%d.%m %H:00"), n, "", _share(n, busiest))
        for hour, n in hours
    ]
