"""The job that reminds invited guests who have not answered, settings.INVITATION_REMINDER_DAYS days
before each event's reply deadline, once at each of those thresholds. It leaves one job behind it
for the next threshold that comes (as the outbox's job does for its next retry); started when
invitations are sent, and by `manage.py send_reminders` (cron) where the job backend cannot wait.
"""

import datetime

from django.conf import settings
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from ceremony.models import Attendee, Event, Job

from . import tasks
from .services import job_start

KIND = "invitation_reminders"
AFTER = "after"


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


def reminders_send_due(*, user=None, now=None):
    """Send the reminders that are due; returns how many were queued."""
    from ceremony.services.invitations import reminders_send

    count = 0
    for event, days, when in reminders_due(now):
        attendees = Attendee.objects.filter(event=event).select_related("person", "event")
        queued, _skipped = reminders_send(attendees=attendees, threshold=days, invited_before=when, user=user)
        count += len(queued)
    return count


def reminders_start(*, user=None, after=None):
    """Start the reminders' job for `after` (now when None), unless one queued starts by then."""
    now = timezone.now()
    after = max(after or now, now)
    if after > now and not tasks.can_defer():
        return None
    for job in Job.objects.filter(kind=KIND, state=Job.State.QUEUED).only("parameters"):
        due = parse_datetime(job.parameters.get(AFTER) or "")
        if due is None or due <= after:
            return job
    return job_start(
        kind=KIND,
        title=_("Reminding guests who have not answered"),
        user=user,
        parameters={AFTER: after.isoformat()},
        run_after=after if after > now else None,
    )


def reminders_job(job, progress):
    count = reminders_send_due(user=job.created_by)
    later = next_reminder_at()
    if later is not None:
        reminders_start(user=job.created_by, after=later)
    progress.finish(message=_("Reminders queued: %(count)d.") % {"count": count})
