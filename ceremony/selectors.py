"""Reads that pages and printouts share: each queryset built once, with what it needs fetched.

Every printout runs the same few queries however many items and people it holds.
"""

import datetime

from django.conf import settings
from django.db.models import Count, Exists, F, Min, OuterRef, Prefetch, Q, Subquery, Value
from django.db.models.functions import Coalesce, NullIf
from django.utils import timezone
from django.utils.translation import gettext

from awards.models import AwardPresentation

from .enums import AttendeeCategory, ParticipantRole, PrecedenceTieBreak, ProgramItemKind, RsvpStatus
from .models import (
    Attendee,
    BanquetTable,
    CheckIn,
    Delegation,
    Entrance,
    Participation,
    Person,
    ProgramItem,
    SeatAssignment,
    ShowAdjustment,
    ShowMark,
    TableAssignment,
    Venue,
    VisitParticipant,
)
from .show import venue_shows

PROGRAM_ROLES = (ParticipantRole.HOST, ParticipantRole.SPEAKER, ParticipantRole.PRESENTER)


def program_items_for_print(*, event, public_only):
    """The event's items in time order, with venue, participants, videos, visits and award counts."""
    items = ProgramItem.objects.filter(event=event)
    if public_only:
        items = items.filter(is_public=True)
    participations = Participation.objects.select_related("attendee__person__organization").order_by(
        "order", "pk"
    )
    if public_only:
        participations = participations.filter(role__in=PROGRAM_ROLES)
    return (
        items.select_related(
            "venue",
            "responsible__person",
            "facility_visit__facility",
            "facility_visit__escort__person",
        )
        .prefetch_related(Prefetch("participations", queryset=participations), "video_addresses")
        .annotate(
            presentation_total=Count("award_presentations", distinct=True),
            visitor_total=Count("facility_visit__visitors", distinct=True),
        )
        .order_by("starts_at", "ends_at", "pk")
    )


def attendees_for_itinerary(attendees):
    """Attendees with everything their itinerary lists: parts in the program and facility visits."""
    return attendees.select_related(
        "event", "person__organization", "delegation", "escort_officer__person"
    ).prefetch_related(
        Prefetch(
            "participations",
            queryset=Participation.objects.select_related("program_item__venue").order_by(
                "program_item__starts_at"
            ),
        ),
        Prefetch(
            "visits",
            queryset=VisitParticipant.objects.select_related(
                "visit__program_item__venue", "visit__facility", "visit__escort__person"
            ),
        ),
        Prefetch("seat_assignments", queryset=SeatAssignment.objects.select_related("section")),
        Prefetch(
            "awards_received",
            queryset=AwardPresentation.objects.that_count().select_related("ceremony__venue"),
        ),
        Prefetch(
            "awards_presented",
            queryset=AwardPresentation.objects.that_count().select_related("ceremony__venue"),
        ),
    )


def names_as_printed(person, language):
    """The order by name of the people at `person` (a lookup path), as a document in `language`
    prints them: an English one by the Latin form where there is one («Цой» as Tsoy, after Sharov).
    A document in each attendee's own language (None) mixes both scripts and keeps the names' own."""
    names = [f"{person}__family_name", f"{person}__given_name"]
    if language == "en":
        names = [Coalesce(NullIf(f"{name}_latin", Value("")), name) for name in names]
    return names


def visitors_for_manifest(visit, language=None):
    """The visit's visitors by name: in an English manifest by the Latin form they are printed in."""
    return visit.visitors.select_related("attendee__person__organization", "attendee__delegation").order_by(
        *names_as_printed("attendee__person", language), "pk"
    )


def attendees_for_badges(attendees, language=None):
    """Badges by name, as printed in `language` (names_as_printed), each with the seats it shows."""
    seats = SeatAssignment.objects.select_related("program_item", "section").order_by(
        "program_item__starts_at", "program_item__pk"
    )
    return (
        attendees.select_related("event", "person__organization")
        .prefetch_related(Prefetch("seat_assignments", queryset=seats))
        .order_by(*names_as_printed("person", language), "pk")
    )


def order_of_precedence(*, event):
    """The event's dignitaries in protocol order, each with `protocol_rank` (lower comes first).

    A head of delegation ranks with the delegation's rank; equal ranks follow the event's tie-break
    rule (by name in Latin letters, or by date of taking office).
    """
    delegation_rank = Delegation.objects.filter(head=OuterRef("pk")).values("precedence_rank")[:1]
    # A name without a Latin spelling sorts by its own letters, not before everyone as an empty string.
    latin_family_name = Coalesce(NullIf("person__family_name_latin", Value("")), "person__family_name")
    latin_given_name = Coalesce(NullIf("person__given_name_latin", Value("")), "person__given_name")
    tie_break = {
        PrecedenceTieBreak.LATIN_NAME: [latin_family_name, latin_given_name],
        PrecedenceTieBreak.TOOK_OFFICE: [F("person__took_office").asc(nulls_last=True), latin_family_name],
    }[event.precedence_tie_break]
    return (
        Attendee.objects.filter(event=event)
        .annotate(protocol_rank=Coalesce(Subquery(delegation_rank), "precedence_rank"))
        .filter(protocol_rank__isnull=False)
        .select_related("person__organization", "delegation")
        .order_by("protocol_rank", *tie_break, "pk")
    )


def seats_for_chart(program_item):
    return program_item.seats.select_related("attendee__person", "section")


def precedence_positions(*, event):
    """{attendee pk: place in the order of precedence, 0 first}, for sorting by rank."""
    ranked = order_of_precedence(event=event).values_list("pk", flat=True)
    return {pk: number for number, pk in enumerate(ranked)}


def people_for_comparison(pks):
    """The people a guest-list preview offers as possibly the same as a guest (a plan entry's
    "similar"), with what tells them apart: organization, email (on the person) and the events they
    attended, latest first (`attendances`, each with its event). Two queries, for a page of entries.
    """
    attendances = Attendee.objects.select_related("event").order_by("-event__start_date", "event__name", "pk")
    return (
        Person.objects.filter(pk__in=pks)
        .select_related("organization")
        .prefetch_related(Prefetch("attendances", queryset=attendances))
        .order_by("pk")
    )


def program_items_with_needs(*, event, need, meals_only=False):
    """The event's items (its `meals` only, or all) in time order, with the placements `item_placements`
    reads (rules.placements) of those who have `need` ("dietary_needs", "accessibility_needs") and
    have not declined: participants, visitors, award recipients and presenters, with their people.
    Only they are fetched, whatever the number of guests; `participant_total` counts every
    participant who has not declined. The same few queries however many items."""
    needs = ~Q(**{f"attendee__{need}": ""}) & ~Q(attendee__rsvp_status=RsvpStatus.DECLINED)
    presenters = ~Q(**{f"presenter__{need}": ""}) & ~Q(presenter__rsvp_status=RsvpStatus.DECLINED)
    recipients = ~Q(**{f"recipient__{need}": ""}) & ~Q(recipient__rsvp_status=RsvpStatus.DECLINED)
    items = (meals() if meals_only else ProgramItem.objects).filter(event=event)
    by_name = ("attendee__person__family_name", "attendee__person__given_name", "pk")
    return (
        items.select_related("event", "venue", "facility_visit")
        .prefetch_related(
            Prefetch(
                "participations",
                queryset=Participation.objects.filter(needs)
                .select_related("attendee__person")
                .order_by(*by_name),
            ),
            Prefetch(
                "facility_visit__visitors",
                queryset=VisitParticipant.objects.filter(needs)
                .select_related("attendee__person")
                .order_by(*by_name),
            ),
            Prefetch(
                "award_presentations",
                queryset=AwardPresentation.objects.that_count()
                .filter(Q(presenter__isnull=False) & presenters | recipients)
                .select_related("recipient__person", "presenter__person"),
                to_attr="presentations_that_count",
            ),
        )
        .annotate(
            participant_total=Count(
                "participations",
                filter=~Q(participations__attendee__rsvp_status=RsvpStatus.DECLINED),
                distinct=True,
            )
        )
        .order_by("starts_at", "ends_at", "pk")
    )


def entrances_of(event):
    """The event's entrances by name, with what they lead to (`Entrance.leads_to`). Three queries."""
    return list(
        Entrance.objects.filter(event=event)
        .prefetch_related(
            Prefetch("program_items", queryset=ProgramItem.objects.only("pk")),
            Prefetch("venues", queryset=Venue.objects.only("pk")),
        )
        .order_by("name", "pk")
    )


def _has_tables():
    return Exists(TableAssignment.objects.filter(program_item=OuterRef("pk"))) | Exists(
        BanquetTable.objects.filter(venue=OuterRef("venue"))
    )


def items_with_tables():
    """Program items with a banquet: places at tables, or a venue that has tables (the plan still to
    fill)."""
    return ProgramItem.objects.filter(_has_tables())


def meals():
    """The program's meals: its receptions, and the items with a banquet (`items_with_tables`)."""
    return ProgramItem.objects.filter(Q(kind=ProgramItemKind.RECEPTION) | _has_tables())


def has_table_plan(event):
    """Whether one of the event's items has a banquet (`items_with_tables`). One query."""
    return items_with_tables().filter(event=event).exists()


def tables_for_plan(program_item):
    """The tables someone sits at during the item, the host's first and then by number, each with
    `placed`: its places in seat order (open seats last, by name), with their people, delegations
    and events. Three queries, whatever the number of tables and guests."""
    places = TableAssignment.objects.filter(program_item=program_item).select_related(
        "attendee__person", "attendee__delegation", "attendee__event"
    )
    places = places.order_by(F("seat").asc(nulls_last=True), "attendee__person__family_name", "pk")
    tables = (
        BanquetTable.objects.filter(assignments__program_item=program_item)
        .distinct()
        .prefetch_related(Prefetch("assignments", queryset=places, to_attr="placed"))
        .order_by("number")
    )
    hosts = set(
        program_item.participations.filter(role=ParticipantRole.HOST).values_list("attendee", flat=True)
    )
    return sorted(
        tables, key=lambda table: (not any(p.attendee_id in hosts for p in table.placed), table.number)
    )


def tables_for_cards(program_item):
    """Every table of the item's venue, by number: a table card stands on each, guests or not."""
    return BanquetTable.objects.filter(venue=program_item.venue_id).order_by("number")


def show_timings(*, event, items, now=None):
    """{program item pk: ceremony.show.ItemTiming} of `items` (with their venue), for printouts that
    set planned against actual times; two queries. Empty when nothing of the show was marked."""
    marks = list(
        ShowMark.objects.filter(program_item__event=event).only(
            "program_item_id", "mark", "cue", "at", "recorded_at"
        )
    )
    if not marks:
        return {}
    adjustments = ShowAdjustment.objects.filter(from_item__event=event).only("from_item_id", "minutes")
    shows = venue_shows(items, marks, adjustments, now or timezone.now())
    return {timing.item.pk: timing for show in shows for timing in show.timings}


def show_records(*, event, with_cues=False, only_if_marked=False):
    """(items in planned order with their venue, marks, adjustments) of the event's show: what
    ceremony.show.venue_shows computes from, in three queries (more with the cues: speakers in order,
    video addresses in play order, award presentations in calling order). `only_if_marked`: nothing
    but the one query for the marks while the show has not begun (the dashboard)."""
    marks = list(
        ShowMark.objects.filter(program_item__event=event).only(
            "program_item_id", "mark", "cue", "at", "recorded_at"
        )
    )
    if only_if_marked and not marks:
        return [], [], []
    items = (
        ProgramItem.objects.filter(event=event).select_related("venue").order_by("starts_at", "ends_at", "pk")
    )
    if with_cues:
        speakers = (
            Participation.objects.filter(role__in=PROGRAM_ROLES)
            .select_related("attendee__person")
            .order_by("order", "pk")
        )
        presentations = AwardPresentation.objects.select_related("award", "recipient__person").order_by(
            "order", "pk"
        )
        items = items.prefetch_related(
            Prefetch("participations", queryset=speakers, to_attr="cue_speakers"),
            Prefetch("video_addresses", to_attr="cue_videos"),
            Prefetch("award_presentations", queryset=presentations, to_attr="cue_presentations"),
        )
    adjustments = ShowAdjustment.objects.filter(from_item__event=event).only("from_item_id", "minutes")
    return list(items), marks, list(adjustments)


# The doors' search: at most this many guests answer a name or a delegation typed by an usher.
CHECKIN_SEARCH_LIMIT = 20
# The arrivals page lists at most this many scans of guests already in, and this many no-shows (the
# counts are whole).
ARRIVALS_SCANNED_AGAIN_LIMIT = 200
ARRIVALS_NO_SHOWS_LIMIT = 500


def checkin_search(event, text):
    """Guests of `event` whose family or given name, or delegation, contains every word of `text`."""
    attendees = Attendee.objects.filter(event=event)
    words = text.split()[:5]
    if not words:
        return Attendee.objects.none()
    for word in words:
        attendees = attendees.filter(
            Q(person__family_name__icontains=word)
            | Q(person__given_name__icontains=word)
            | Q(delegation__name__icontains=word)
        )
    return attendees.select_related("person__organization", "delegation").order_by(
        "person__family_name", "person__given_name", "pk"
    )[:CHECKIN_SEARCH_LIMIT]


def arrivals(event):
    """Who has come in so far: arrived / expected by entrance, by category and by band of protocol
    rank, the guests with a rank with the time and entrance of their first admission, and the scans of
    guests already in (flagged: a badge passed on, or two phones that admitted the same guest while
    one was offline). Expected: every guest but those who declined (at an entrance, of the categories
    it lets through). Seven queries."""
    expected = Attendee.objects.filter(event=event).exclude(rsvp_status=RsvpStatus.DECLINED)
    admissions = CheckIn.objects.filter(event=event, admitted=True)
    by_category_expected = dict(expected.values_list("category").annotate(count=Count("pk")).order_by())
    by_category_arrived = dict(
        expected.filter(check_ins__admitted=True)
        .values_list("category")
        .annotate(count=Count("pk", distinct=True))
        .order_by()
    )
    categories = [
        (category.label, by_category_arrived.get(category.value, 0), count)
        for category in AttendeeCategory
        if (count := by_category_expected.get(category.value, 0))
    ]
    arrived_at = dict(
        admissions.values_list("entrance").annotate(count=Count("attendee", distinct=True)).order_by()
    )
    entrances = [
        (
            entrance.name,
            arrived_at.get(entrance.pk, 0),
            sum(
                count
                for category, count in by_category_expected.items()
                if entrance.admits_category(category)
            ),
        )
        for entrance in event.entrances.order_by("name")
    ]
    first = admissions.filter(attendee=OuterRef("pk")).order_by("scanned_at")
    dignitaries = (
        expected.filter(precedence_rank__isnull=False)
        .select_related("person", "delegation")
        .annotate(
            arrived_at=Min("check_ins__scanned_at", filter=Q(check_ins__admitted=True)),
            arrived_through=Subquery(first.values("entrance__name")[:1]),
        )
        .order_by("precedence_rank", "person__family_name")
    )
    return {
        "entrances": entrances,
        "categories": categories,
        "tiers": _arrivals_by_tier(expected, admissions),
        "arrived": sum(arrived for _label, arrived, _count in categories),
        "expected": sum(count for _label, _arrived, count in categories),
        "dignitaries": dignitaries,
        "scanned_again": (
            CheckIn.objects.filter(event=event, result=CheckIn.Result.ALREADY_ADMITTED)
            .select_related("attendee__person", "attendee__delegation", "entrance")
            .order_by("-scanned_at", "-pk")[:ARRIVALS_SCANNED_AGAIN_LIMIT]
        ),
    }


def _arrivals_by_tier(expected, admissions):
    """(band, arrived, expected) per band of protocol rank (`settings.ARRIVALS_PRECEDENCE_TIERS`), then
    the guests without a rank: one query."""
    bands = precedence_tiers()
    counted = expected.annotate(arrived=Exists(admissions.filter(attendee=OuterRef("pk"))))
    figures = {}
    for index, (_label, condition) in enumerate(bands):
        figures[f"expected_{index}"] = Count("pk", filter=condition)
        figures[f"arrived_{index}"] = Count("pk", filter=condition & Q(arrived=True))
    totals = counted.aggregate(**figures)
    return [
        (label, totals[f"arrived_{index}"], totals[f"expected_{index}"])
        for index, (label, _condition) in enumerate(bands)
        if totals[f"expected_{index}"]
    ]


def precedence_tiers():
    """(label, condition on attendees) per band of protocol rank, and one for guests without a rank.

    The bands come from `settings.ARRIVALS_PRECEDENCE_TIERS`, the last rank of each band but the last
    (10, 30: ranks 1–10, 11–30, 31 and lower)."""
    bands = []
    low = 1
    for high in sorted(set(settings.ARRIVALS_PRECEDENCE_TIERS)):
        if high < low:
            continue
        bands.append(
            (
                gettext("Ranks %(low)d–%(high)d") % {"low": low, "high": high},
                Q(precedence_rank__gte=low, precedence_rank__lte=high),
            )
        )
        low = high + 1
    bands.append((gettext("Rank %(low)d and lower") % {"low": low}, Q(precedence_rank__gte=low)))
    bands.append((gettext("No protocol rank"), Q(precedence_rank__isnull=True)))
    return bands


def first_item_start(event, day):
    """When the event's first item on `day` (a date at the event) starts, at the event; or None."""
    start = datetime.datetime.combine(day, datetime.time()).replace(tzinfo=event.zone)
    first = (
        ProgramItem.objects.filter(
            event=event, starts_at__gte=start, starts_at__lt=start + datetime.timedelta(days=1)
        )
        .order_by("starts_at")
        .values_list("starts_at", flat=True)
        .first()
    )
    return event.localtime(first) if first else None


def no_shows(event, after):
    """(how many, the first of them) of the guests who confirmed and had come through no door by
    `after`, by precedence then name: two queries."""
    came = CheckIn.objects.filter(attendee=OuterRef("pk"), admitted=True, scanned_at__lte=after)
    absent = Attendee.objects.filter(event=event, rsvp_status=RsvpStatus.CONFIRMED).exclude(Exists(came))
    listed = absent.select_related("person", "delegation").order_by(
        F("precedence_rank").asc(nulls_last=True), "person__family_name", "person__given_name", "pk"
    )[:ARRIVALS_NO_SHOWS_LIMIT]
    return absent.count(), listed
