"""Starting and cancelling jobs: what the admin, the views and the commands call."""

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation

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
