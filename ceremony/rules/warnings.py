"""What the Conflicts page and the run-of-show warn about, for a whole event at once.

Everything a save refuses (`blocking`) is listed too, for records saved before a rule existed or
written around it; the warnings proper never refuse a save. A fixed number of queries, however
large the event.
"""

import dataclasses
import datetime
from collections import defaultdict

from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from awards.models import AwardPresentation
from ceremony.enums import ClearanceStatus, ParticipantRole, RsvpStatus
from ceremony.models import ProgramItem

from .blocking import capacity_message, denied_participant_message, double_booking_message, named, span
from .placements import item_placements, with_placements

PENDING_CLEARANCE_WARNING = datetime.timedelta(hours=48)
UNAPPROVED_VIDEO_WARNING = datetime.timedelta(hours=24)
TRAVEL_TIME = datetime.timedelta(minutes=15)
BLOCKING, WARNING = "blocking", "warning"

# kind: (title, severity), in the order the page shows them.
KINDS = {
    "double_booking": (gettext_lazy("Attendees in two items at once"), BLOCKING),
    "over_capacity": (gettext_lazy("Facility visits over their group size"), BLOCKING),
    "denied_participant": (gettext_lazy("Participants denied clearance for a restricted visit"), BLOCKING),
    "repeated_award": (gettext_lazy("Once-only awards given twice"), BLOCKING),
    "venue_overlap": (gettext_lazy("Two items in one venue at once"), WARNING),
    "clearance_pending": (gettext_lazy("Clearance still pending less than 48 hours before a visit"), WARNING),
    "video_not_approved": (gettext_lazy("Video addresses not approved less than 24 hours before"), WARNING),
    "unconfirmed_award": (gettext_lazy("Award recipients and presenters who have not confirmed"), WARNING),
    "travel_time": (
        gettext_lazy("Speakers with less than 15 minutes to get from one item to the next"),
        WARNING,
    ),
}


@dataclasses.dataclass
class Conflict:
    kind: str
    message: str
    links: list  # [(label, admin url)]

    @property
    def severity(self):
        return KINDS[self.kind][1]


def _item_link(item):
    return (str(item), reverse("admin:ceremony_programitem_change", args=[item.pk]))


def _attendee_link(attendee):
    return (str(attendee.person), reverse("admin:ceremony_attendee_change", args=[attendee.pk]))


def _overlaps(first, second):
    return first.starts_at < second.ends_at and second.starts_at < first.ends_at


# ---------------------------------------------------------------------------------------------------
# The whole event at once


def event_conflicts(*, event, now=None):
    """Every conflict of the event, as {kind: [Conflict]} in the order of KINDS (empty kinds left out)."""
    now = now or timezone.now()
    items = list(
        with_placements(
            ProgramItem.objects.filter(event=event)
            .select_related("event", "venue", "facility_visit__facility")
            .prefetch_related("video_addresses")
            .order_by("starts_at", "pk"),
            people=True,
        )
    )
    presentations = list(
        AwardPresentation.objects.that_count()
        .filter(ceremony__event=event)
        .select_related("award", "ceremony", "recipient__person", "presenter__person")
    )
    found = defaultdict(list)
    _placement_conflicts(items, found)
    _visit_conflicts(items, now, found)
    _venue_overlaps(items, found)
    _video_conflicts(items, now, found)
    _award_conflicts(presentations, found)
    return {kind: found[kind] for kind in KINDS if found[kind]}


def _placements(items):
    """{attendee id: [(item, attendee, role)]}: every item each attendee takes part in or visits."""
    placements = defaultdict(list)
    for item in items:
        for placement in item_placements(item):
            placements[placement.attendee_id].append((item, placement.attendee, placement.role))
    return placements


def _placement_conflicts(items, found):
    for entries in _placements(items).values():
        entries.sort(key=lambda entry: (entry[0].starts_at, entry[0].pk))
        seen = set()
        for index, (item, attendee, role) in enumerate(entries):
            for other, _attendee, other_role in entries[index + 1 :]:
                if other.pk == item.pk or (item.pk, other.pk) in seen:
                    continue
                seen.add((item.pk, other.pk))
                if _overlaps(item, other):
                    found["double_booking"].append(
                        Conflict(
                            "double_booking",
                            double_booking_message(attendee, other, item),
                            [_attendee_link(attendee), _item_link(item), _item_link(other)],
                        )
                    )
                elif (
                    (
                        role in (ParticipantRole.SPEAKER, ParticipantRole.PRESENTER)
                        or other_role in (ParticipantRole.SPEAKER, ParticipantRole.PRESENTER)
                    )
                    and other.starts_at - item.ends_at < TRAVEL_TIME
                    and item.venue_id != other.venue_id
                ):
                    found["travel_time"].append(
                        Conflict(
                            "travel_time",
                            _(
                                "%(person)s leaves “%(first)s” at %(end)s and is due at “%(second)s” "
                                "at %(start)s."
                            )
                            % {
                                "person": named(attendee.person),
                                "first": item,
                                "end": formats.time_format(
                                    timezone.localtime(item.ends_at, item.event.zone), "H:i"
                                ),
                                "second": other,
                                "start": formats.time_format(
                                    timezone.localtime(other.starts_at, other.event.zone), "H:i"
                                ),
                            },
                            [_attendee_link(attendee), _item_link(item), _item_link(other)],
                        )
                    )


def _visit_conflicts(items, now, found):
    for item in items:
        visit = getattr(item, "facility_visit", None)
        if visit is None:
            continue
        visitors = list(visit.visitors.all())
        link = (str(item), reverse("admin:ceremony_facilityvisit_change", args=[visit.pk]))
        if len(visitors) > visit.capacity:
            found["over_capacity"].append(
                Conflict("over_capacity", capacity_message(visit, len(visitors)), [link])
            )
        denied = {v.attendee_id for v in visitors if v.clearance_status == ClearanceStatus.DENIED}
        if visit.facility.restricted and visit.clearance_required:
            for participation in item.participations.all():
                if participation.attendee_id in denied:
                    found["denied_participant"].append(
                        Conflict(
                            "denied_participant",
                            denied_participant_message(participation.attendee, item),
                            [_attendee_link(participation.attendee), link],
                        )
                    )
        if visit.clearance_required and item.starts_at - now < PENDING_CLEARANCE_WARNING:
            for visitor in visitors:
                if visitor.clearance_status == ClearanceStatus.PENDING:
                    found["clearance_pending"].append(
                        Conflict(
                            "clearance_pending",
                            _("%(person)s: clearance for “%(item)s” (%(time)s) is still pending.")
                            % {"person": named(visitor.attendee.person), "item": item, "time": span(item)},
                            [_attendee_link(visitor.attendee), link],
                        )
                    )


def _venue_overlaps(items, found):
    by_venue = defaultdict(list)
    for item in items:
        if item.venue_id:
            by_venue[item.venue_id].append(item)
    for venue_items in by_venue.values():
        for index, item in enumerate(venue_items):
            for other in venue_items[index + 1 :]:
                if _overlaps(item, other):
                    found["venue_overlap"].append(
                        Conflict(
                            "venue_overlap",
                            venue_overlap_message(item, other),
                            [_item_link(item), _item_link(other)],
                        )
                    )


def venue_overlap_message(first, second):
    return _("“%(first)s” (%(first_time)s) and “%(second)s” (%(second_time)s) are both at %(venue)s.") % {
        "first": first,
        "first_time": span(first),
        "second": second,
        "second_time": span(second),
        "venue": first.venue,
    }


def venue_overlaps_of(item):
    """What an item shares its venue with at the same time, as the Conflicts page says it; a
    warning for the organizer who saves it, never a refusal (a hall can hold a reception and the
    press in two corners)."""
    if item.venue_id is None:
        return []
    others = (
        ProgramItem.objects.filter(
            event_id=item.event_id,
            venue_id=item.venue_id,
            starts_at__lt=item.ends_at,
            ends_at__gt=item.starts_at,
        )
        .exclude(pk=item.pk)
        .select_related("event", "venue")
        .order_by("starts_at", "pk")
    )
    return [
        venue_overlap_message(*sorted((item, other), key=lambda i: (i.starts_at, i.pk))) for other in others
    ]


def _video_conflicts(items, now, found):
    for item in items:
        if item.starts_at - now >= UNAPPROVED_VIDEO_WARNING:
            continue
        for video in item.video_addresses.all():
            if not video.is_approved:
                found["video_not_approved"].append(
                    Conflict(
                        "video_not_approved",
                        _(
                            "The video address of %(speaker)s in “%(item)s” (%(time)s) is “%(status)s”, "
                            "not approved."
                        )
                        % {
                            "speaker": video.speaker_name,
                            "item": item,
                            "time": span(item),
                            "status": video.get_status_display(),
                        },
                        [(str(video), reverse("admin:ceremony_videoaddress_change", args=[video.pk]))],
                    )
                )


def _award_conflicts(presentations, found):
    confirmed = (RsvpStatus.CONFIRMED, RsvpStatus.ATTENDED)
    given = defaultdict(list)
    for presentation in presentations:
        link = (str(presentation), reverse("admin:awards_awardpresentation_change", args=[presentation.pk]))
        if not presentation.award.is_repeatable:
            given[presentation.award_id, presentation.recipient.person_id].append(presentation)
        for who, attendee in (
            (_("recipient"), presentation.recipient),
            (_("presenter"), presentation.presenter),
        ):
            if attendee is not None and attendee.rsvp_status not in confirmed:
                found["unconfirmed_award"].append(
                    Conflict(
                        "unconfirmed_award",
                        _(
                            "%(person)s, %(who)s of “%(award)s” in “%(ceremony)s”, has not confirmed "
                            "(%(rsvp)s)."
                        )
                        % {
                            "person": named(attendee.person),
                            "who": who,
                            "award": presentation.award,
                            "ceremony": presentation.ceremony,
                            "rsvp": attendee.get_rsvp_status_display(),
                        },
                        [_attendee_link(attendee), link],
                    )
                )
    for repeated in given.values():
        if len(repeated) > 1:
            first = repeated[0]
            found["repeated_award"].append(
                Conflict(
                    "repeated_award",
                    _("%(person)s is given “%(award)s” %(count)d times; it can be received only once.")
                    % {"person": named(first.recipient.person), "award": first.award, "count": len(repeated)},
                    [
                        (str(p), reverse("admin:awards_awardpresentation_change", args=[p.pk]))
                        for p in repeated
                    ],
                )
            )
