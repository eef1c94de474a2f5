"""Starting and cancelling jobs: what the admin, the views and the commands call."""

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.dateparse import parse_datetime

from ceremony.models import Job

from . import runner, tasks


@transaction.atomic
def job_start(*, kind, title, user=None, parameters=None, total=0, viewers="", parent=None, run_after=None):
    """Queue a job of `kind` (ceremony.jobs.kinds) and return it; a worker runs it.

    `viewers` names the check of ceremony.permissions that lets others than `user` see its result;
    `parent` makes it a part of that job (see Progress.continue_in_parts). The job's messages are
    written by a worker in the language of whoever started it (runner.LANGUAGE). A worker takes it
    no sooner than `run_after` (an aware datetime) when given.
    """
    parameters = {runner.LANGUAGE: translation.get_language() or settings.LANGUAGE_CODE, **(parameters or {})}
    job = Job.objects.create(
        kind=kind,
        title=title[:255],
        created_by=user,
        parameters=parameters,
        total=total,
        viewers=viewers,
        parent=parent,
    )
    tasks.enqueue(job, run_after=run_after)
    return job


# The parameter of a job started for a later time (job_start_by): when it is due, ISO 8601.
AFTER = "after"


def job_start_by(*, kind, title, user=None, after=None):
    """A job of `kind` that starts at `after` (now when None), unless one queued starts by then: of
    the jobs that keep one behind them for later (the outbox's retries, the reminders' thresholds),
    at most one waits at a time. Returns the job, or None where the backend cannot wait (then the
    next job started does the work)."""
    now = timezone.now()
    after = max(after or now, now)
    if after > now and not tasks.can_defer():
        return None
    for job in Job.objects.filter(kind=kind, state=Job.State.QUEUED).only("parameters"):
        due = parse_datetime(job.parameters.get(AFTER) or "")
        if due is None or due <= after:
            return job
    return job_start(
        kind=kind,
        title=title,
        user=user,
        parameters={AFTER: after.isoformat()},
        run_after=after if after > now else None,
    )


def job_cancel(*, job):
    """Cancel a job that is queued or running (a running one stops at its next step of progress),
    and its parts; returns whether it was cancelled."""
    cancelled = bool(
        Job.objects.filter(pk=job.pk, state__in=[Job.State.QUEUED, Job.State.RUNNING]).update(
            state=Job.State.CANCELLED, finished_at=timezone.now()
        )
    )
    if cancelled:
        runner.parts_stop(job.pk)
    return cancelled
