"""The reminders' job itself: the reminders that are due, sent through the invitations' services."""

from django.utils.translation import gettext as _

from ceremony.models import Attendee
from ceremony.services.invitations import reminders_send

from .reminders import next_reminder_at, reminders_due, reminders_start


def reminders_send_due(*, user=None, now=None):
    """Send the reminders that are due; returns how many were queued."""
    count = 0
    for event, days, when in reminders_due(now):
        attendees = Attendee.objects.filter(event=event).select_related("person", "event")
        queued, _skipped = reminders_send(attendees=attendees, threshold=days, invited_before=when, user=user)
        count += len(queued)
    return count


def reminders_job(job, progress):
    count = reminders_send_due(user=job.created_by)
    later = next_reminder_at()
    if later is not None:
        reminders_start(user=job.created_by, after=later)
    progress.finish(message=_("Reminders queued: %(count)d.") % {"count": count})
