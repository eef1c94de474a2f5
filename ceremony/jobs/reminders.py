"""The job that reminds invited guests who have not answered, settings.INVITATION_REMINDER_DAYS days
before each event's reply deadline, once at each of those thresholds. It leaves one job behind it
for the next threshold that comes (as the outbox's job does for its next retry); started when
invitations are sent, and by `manage.py send_reminders` (cron) where the job backend cannot wait.

What the job runs is in ceremony.jobs.reminders_due, which the invitations' services (which start
the job from here) do not import.
"""

import datetime

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from ceremony.models import Event

from .services import job_start_by

KIND = "invitation_reminders"


def _thresholds(event):
    """[(days, when)] of the event's reminders, the soonest first."""
    if event.reply_deadline is None:
        return []
    return sorted(
        (
            (days, event.reply_deadline - datetime.timedelta(days=days))
            for days in settings.INVITATION_REMINDER_DAYS
        ),
        key=lambda pair: pair[1],
    )


def reminders_due(now=None):
    """[(event, days, when)]: for each event whose deadline is still ahead, the latest threshold
    passed and its time."""
    now = now or timezone.now()
    due = []
    for event in Event.objects.filter(reply_deadline__gt=now):
        passed = [(days, when) for days, when in _thresholds(event) if when <= now]
        if passed:
            due.append((event, *passed[-1]))
    return due


def next_reminder_at(now=None):
    now = now or timezone.now()
    times = [
        when
        for event in Event.objects.filter(reply_deadline__gt=now)
        for _days, when in _thresholds(event)
        if when > now
    ]
    return min(times, default=None)


def reminders_start(*, user=None, after=None):
    """Start the reminders' job for `after` (now when None), unless one queued starts by then."""
    return job_start_by(kind=KIND, title=_("Reminding guests who have not answered"), user=user, after=after)
