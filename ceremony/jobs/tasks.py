"""The tasks the backend carries (settings.TASKS), and what puts jobs on it: Django's tasks API through
the django-tasks backport on Django 5.2 (on Django 6, `from django.tasks import task`)."""

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_tasks import task

from ceremony.core.print_cache import print_cache_expire
from ceremony.models import Job

from . import runner


@task()
def run_job(job_id):
    """Any job: the runner claims it and runs its kind."""
    jobs_recover()  # a worker that takes a job also rescues those whose worker died
    runner.run(job_id)


@task()
def jobs_cleanup():
    """Rescue the jobs of workers that died; delete results and printouts kept long enough."""
    return {"recovered": jobs_recover(), "expired": job_results_expire(), "printouts": print_cache_expire()}


def enqueue(job, run_after=None):
    """Hand the job to the backend. In the transaction that made it: a worker sees both or neither."""
    (run_job.using(run_after=run_after) if run_after else run_job).enqueue(job.pk)


def can_defer():
    """Whether the backend holds a job until a later time (the database does; the tests' immediate
    backend, which runs a job at once, does not)."""
    return run_job.get_backend().supports_defer


def jobs_recover(*, now=None):
    """Jobs running without a heartbeat for settings.JOB_STALE_SECONDS lost their worker (killed,
    crashed, its machine gone): each is queued again, or after settings.JOB_MAX_ATTEMPTS marked failed.
    Returns how many were found."""
    now = now or timezone.now()
    stale = Job.objects.filter(
        state=Job.State.RUNNING, heartbeat_at__lt=now - datetime.timedelta(seconds=settings.JOB_STALE_SECONDS)
    ).exclude(
        # A parent waits for its parts: while one is queued or running it is alive (a part whose
        # worker died is found here on its own, and queued again).
        parts__state__in=[Job.State.QUEUED, Job.State.RUNNING]
    )
    found = 0
    for job in stale.only("pk", "attempts", "heartbeat_at", "parent_id"):
        still = Job.objects.filter(pk=job.pk, state=Job.State.RUNNING, heartbeat_at=job.heartbeat_at)
        with transaction.atomic():
            if job.attempts < settings.JOB_MAX_ATTEMPTS:
                if still.update(
                    state=Job.State.QUEUED, done=0, message=_("Started again: its worker stopped.")
                ):
                    enqueue(job)
                    found += 1
            else:
                message = ngettext(
                    "Its worker stopped while running it; it was given up.",
                    "Its worker stopped %(count)d times while running it; it was given up.",
                    job.attempts,
                ) % {"count": job.attempts}
                if still.update(state=Job.State.FAILED, finished_at=now, message=message):
                    if job.parent_id:
                        runner.parent_fail(job, message)
                    found += 1
    return found


def job_results_expire(*, now=None):
    """Delete the result files of jobs finished settings.JOB_RESULT_RETENTION_DAYS ago; returns how many."""
    cutoff = (now or timezone.now()) - datetime.timedelta(days=settings.JOB_RESULT_RETENTION_DAYS)
    expired = Job.objects.filter(finished_at__lt=cutoff).exclude(result_file="")
    deleted = 0
    for job in expired.only("pk", "result_file"):
        job.result_file.delete(save=False)
        Job.objects.filter(pk=job.pk).update(result_file="")
        deleted += 1
    return deleted
