"""Whom a program item places somewhere: the one answer the blocking rules and the warnings share.

An item places its participants, the visitors of its facility visit, and the recipients and
presenters of its award presentations that count (`AwardPresentationQuerySet.that_count`).
"""

import dataclasses
from collections import defaultdict

from django.db.models import Prefetch, Q

from awards.models import AwardPresentation
from ceremony.enums import ParticipantRole
from ceremony.models import FacilityVisit, Participation, ProgramItem, VisitParticipant


@dataclasses.dataclass(frozen=True)
class Placement:
    item: ProgramItem
    attendee_id: int
    role: str | None  # the participant's role; PRESENTER for an award's presenter; None for others
    record: object  # the participation, visitor or award presentation that places the attendee
    field: str  # the record's field that names the attendee

    @property
    def attendee(self):
        return getattr(self.record, self.field)


def with_placements(items, *, people=False):
    """`items` with what `item_placements` reads fetched; `people` adds each attendee and person."""
    participations, visitors = Participation.objects.all(), VisitParticipant.objects.all()
    presentations = AwardPresentation.objects.that_count()
    if people:
        participations = participations.select_related("attendee__person")
        visitors = visitors.select_related("attendee__person")
        presentations = presentations.select_related("recipient__person", "presenter__person")
    return items.select_related("facility_visit").prefetch_related(
        Prefetch("participations", queryset=participations),
        Prefetch("facility_visit__visitors", queryset=visitors),
        Prefetch("award_presentations", queryset=presentations, to_attr="presentations_that_count"),
    )


def item_placements(item):
    """Every placement of an item fetched `with_placements`."""
    for participation in item.participations.all():
        yield Placement(item, participation.attendee_id, participation.role, participation, "attendee")
    visit = getattr(item, "facility_visit", None)
    if visit is not None:
        for visitor in visit.visitors.all():
            yield Placement(item, visitor.attendee_id, None, visitor, "attendee")
    for presentation in item.presentations_that_count:
        yield Placement(item, presentation.recipient_id, None, presentation, "recipient")
        if presentation.presenter_id:
            yield Placement(
                item, presentation.presenter_id, ParticipantRole.PRESENTER, presentation, "presenter"
            )


def placed_attendee_ids(item):
    return {placement.attendee_id for placement in item_placements(item)}


def overlapping_items(*, attendee_ids, item, leaving=None):
    """{attendee id: [other items of the event that place them and overlap `item`]}.

    `leaving` is the record being saved (a participation, visitor, presentation or visit moving to
    `item`): what it places where it is stored now does not count.
    """
    attendee_ids = set(attendee_ids)
    participations = Participation.objects.filter(attendee__in=attendee_ids)
    visitors = VisitParticipant.objects.filter(attendee__in=attendee_ids)
    presentations = AwardPresentation.objects.that_count()
    if leaving is not None and leaving.pk is not None:
        if isinstance(leaving, Participation):
            participations = participations.exclude(pk=leaving.pk)
        elif isinstance(leaving, VisitParticipant):
            visitors = visitors.exclude(pk=leaving.pk)
        elif isinstance(leaving, FacilityVisit):
            visitors = visitors.exclude(visit=leaving.pk)
        elif isinstance(leaving, AwardPresentation):
            presentations = presentations.exclude(pk=leaving.pk)
    placing = (
        Q(pk__in=participations.values("program_item"))
        | Q(pk__in=visitors.values("visit__program_item"))
        | Q(pk__in=presentations.filter(recipient__in=attendee_ids).values("ceremony"))
        | Q(pk__in=presentations.filter(presenter__in=attendee_ids).values("ceremony"))
    )
    others = (
        ProgramItem.objects.filter(
            event_id=item.event_id, starts_at__lt=item.ends_at, ends_at__gt=item.starts_at
        )
        .exclude(pk=item.pk)
        .filter(placing)
        .select_related("event")
        .order_by("starts_at", "pk")
    )
    found = defaultdict(list)
    for other in with_placements(others):
        for attendee_id in placed_attendee_ids(other) & attendee_ids:
            found[attendee_id].append(other)
    return found
