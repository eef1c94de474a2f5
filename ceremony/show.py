"""The running show, computed: for each venue, what runs now, what comes next and when it is expected.

Pure functions over what ceremony.selectors.show_records fetched (no query here). The rules:
- an item marked started is expected to end its planned duration later, and while it overruns, now;
- the next item is expected when the one before it ends, never before its planned time (a gap in
  the plan absorbs a delay), and, once the venue is live, never before now;
- a stage manager's adjustment ("+10 min from the award ceremony on") moves the planned time it is
  compared with, for that item and every later one in its venue;
- planned times are never changed.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from .models import ShowMark

NEXT_COUNT = 3  # items listed as "next" per venue
# The cues of an item that the stage manager marks, by the prefix of ShowMark.cue.
CUE_KINDS = ("speaker", "video", "presentation")


@dataclass
class ItemTiming:
    item: object
    actual_start: datetime.datetime | None
    actual_end: datetime.datetime | None
    expected_start: datetime.datetime
    expected_end: datetime.datetime
    adjusted_minutes: int  # the adjustments that apply to this item, summed

    @property
    def running(self):
        return self.actual_start is not None and self.actual_end is None

    @property
    def finished(self):
        return self.actual_end is not None

    @property
    def start_delay_minutes(self):
        return _minutes((self.actual_start or self.expected_start) - self.item.starts_at)

    @property
    def end_delay_minutes(self):
        return _minutes((self.actual_end or self.expected_end) - self.item.ends_at)


@dataclass
class VenueShow:
    venue: object  # None for the items that have no venue
    timings: list = field(default_factory=list)

    @property
    def name(self):
        return self.venue.name if self.venue is not None else ""

    @property
    def now(self):
        running = [timing for timing in self.timings if timing.running]
        return running[-1] if running else None

    @property
    def next(self):
        # After the last item started: one passed over without a mark is not "next" any more.
        started = [index for index, timing in enumerate(self.timings) if timing.actual_start is not None]
        after = started[-1] + 1 if started else 0
        return self.timings[after : after + NEXT_COUNT]

    @property
    def delay_minutes(self):
        """How late the venue runs: the next item's expected start against its plan; after the last
        item started, its end against its plan."""
        upcoming = self.next
        if upcoming:
            return upcoming[0].start_delay_minutes
        started = [timing for timing in self.timings if timing.actual_start is not None]
        return started[-1].end_delay_minutes if started else 0


def _minutes(delta):
    return round(delta.total_seconds() / 60)


def latest_marks(marks):
    """{(program item pk, mark): time} of the latest mark of each kind: a later one corrects."""
    latest = {}
    for mark in sorted(marks, key=lambda mark: (mark.recorded_at, mark.pk)):
        if not mark.cue:
            latest[mark.program_item_id, mark.mark] = mark.at
    return latest


def latest_cue_marks(marks):
    """{(program item pk, cue, mark): time} of the cues' latest marks."""
    latest = {}
    for mark in sorted(marks, key=lambda mark: (mark.recorded_at, mark.pk)):
        if mark.cue:
            latest[mark.program_item_id, mark.cue, mark.mark] = mark.at
    return latest


def venue_shows(items, marks, adjustments, now):
    """[VenueShow] in the order of each venue's first item; `items` in planned order."""
    latest = latest_marks(marks)
    adjusted = defaultdict(int)
    for adjustment in adjustments:
        adjusted[adjustment.from_item_id] += adjustment.minutes
    by_venue = {}
    for item in items:
        by_venue.setdefault(item.venue_id, VenueShow(venue=item.venue)).timings.append(item)
    for show in by_venue.values():
        show.timings = list(_timings(show.timings, latest, adjusted, now))
    return list(by_venue.values())


def _timings(items, latest, adjusted, now):
    shift = datetime.timedelta()
    previous_end, live = None, False
    for item in items:
        shift += datetime.timedelta(minutes=adjusted[item.pk])
        actual_start = latest.get((item.pk, ShowMark.Kind.STARTED))
        actual_end = latest.get((item.pk, ShowMark.Kind.FINISHED))
        if actual_start is not None:
            expected_start = actual_start
        else:
            expected_start = item.starts_at + shift
            if previous_end is not None:
                expected_start = max(expected_start, previous_end)
            if live:
                expected_start = max(expected_start, now)
        if actual_end is not None:
            expected_end = actual_end
        else:
            expected_end = expected_start + (item.ends_at - item.starts_at)
            if actual_start is not None:
                expected_end = max(expected_end, now)
        yield ItemTiming(item, actual_start, actual_end, expected_start, expected_end, adjusted[item.pk])
        previous_end, live = expected_end, live or actual_start is not None
