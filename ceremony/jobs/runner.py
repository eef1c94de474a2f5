"""What a worker does with a job: claim it (once, whatever the number of workers), run its kind, and
record how it ended, readably, whatever the function did."""

import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import F
from django.utils import timezone, translation
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from ceremony.core.history import written_by
from ceremony.models import Job

from .kinds import KINDS

logger = logging.getLogger(__name__)

# The parameter holding the language of whoever started the job: its messages are written in it.
LANGUAGE = "ui_language"


class JobCancelled(Exception):
    """Someone cancelled the job while it ran: it stops at its next step of progress."""


class Progress:
    """How a job function reports: `progress(done, total, message)` at each step, `finish(...)` at the end.

    Every step raises the job's heartbeat and finds out whether it was cancelled meanwhile.
    """

    def __init__(self, job):
        self.job = job
        self.in_parts = False

    def __call__(self, done, total=None, message=None):
        values = {"done": done, "heartbeat_at": timezone.now()}
        if total is not None:
            values["total"] = total
        if message is not None:
            values["message"] = message
        if not Job.objects.filter(pk=self.job.pk, state=Job.State.RUNNING).update(**values):
            raise JobCancelled
        for name, value in values.items():
            setattr(self.job, name, value)

    def in_transaction(self, message):
        """A `step(done, total)` for work done in one long transaction, which must not write the
        job's row itself: the row would be seen by nobody before the end, and its lock would hold
        the cancel button. Where the settings give a second connection (JOB_PROGRESS_DATABASE), the
        counts, heartbeat and `message` go through it; otherwise each step only looks whether the job was
        cancelled. Either way a cancelled job stops at its next step, and its transaction is undone."""
        alias = settings.JOB_PROGRESS_DATABASE

        def step(done, total):
            if alias is None:
                cancelled = Job.objects.filter(pk=self.job.pk, state=Job.State.CANCELLED).exists()
            else:
                jobs = Job.objects.using(alias).filter(pk=self.job.pk)
                updated = jobs.filter(state=Job.State.RUNNING).update(
                    done=done, total=total, message=message, heartbeat_at=timezone.now()
                )
                cancelled = not updated and jobs.filter(state=Job.State.CANCELLED).exists()
            if cancelled:
                raise JobCancelled

        return step

    def continue_in_parts(self):
        """The job goes on in its parts (jobs of their own, `parent` this one), and its last part
        finishes it: when the function returns, the job stays running."""
        self.in_parts = True

    def finish(self, *, file=None, file_name="", url="", message=""):
        """The job's result: a file (bytes, with its name), or a page to go to; it is done."""
        job = self.job
        if file is not None:
            job.result_file.save(file_name, file, save=False)
        job.result_url, job.message = url, message
        job.state, job.finished_at = Job.State.DONE, timezone.now()
        job.done = job.total or job.done
        if not Job.objects.filter(pk=job.pk, state=Job.State.RUNNING).update(
            state=job.state,
            finished_at=job.finished_at,
            result_file=job.result_file.name or "",
            result_url=url,
            message=message,
            done=job.done,
            heartbeat_at=timezone.now(),
        ):
            if job.result_file:
                job.result_file.delete(save=False)  # cancelled at the last moment: nobody wants it
            raise JobCancelled


def run(job_id):
    """Run the job `job_id` if it is still queued: a job is taken by one worker only."""
    now = timezone.now()
    claimed = Job.objects.filter(pk=job_id, state=Job.State.QUEUED).update(
        state=Job.State.RUNNING, started_at=now, heartbeat_at=now, attempts=F("attempts") + 1
    )
    if not claimed:
        return  # cancelled while queued, or another worker has it
    job = Job.objects.get(pk=job_id)
    with (
        translation.override(job.parameters.get(LANGUAGE) or settings.LANGUAGE_CODE),
        written_by(f"job:{job.pk}"),
    ):
        _run(job)


def _run(job):
    progress = Progress(job)
    try:
        import_string(KINDS[job.kind])(job, progress)
        if not progress.in_parts and Job.objects.filter(pk=job.pk, state=Job.State.RUNNING).exists():
            progress.finish()
    except JobCancelled:
        logger.info("Job %s (%s) cancelled", job.pk, job.kind)
    except ValidationError as refusal:
        _failed(job, " ".join(refusal.messages))
    except Exception as error:
        logger.exception("Job %s (%s) failed", job.pk, job.kind)
        _failed(
            job, _("The job stopped with an error (%(error)s). Nothing it wrote was kept.") % {"error": error}
        )


def _failed(job, message):
    Job.objects.filter(pk=job.pk, state=Job.State.RUNNING).update(
        state=Job.State.FAILED, finished_at=timezone.now(), message=message[:2000]
    )
    if job.parent_id:
        parent_fail(job, message)


def parent_fail(part, message):
    """A part failed: its parent fails with the part's message, and its other parts stop."""
    Job.objects.filter(pk=part.parent_id, state__in=[Job.State.QUEUED, Job.State.RUNNING]).update(
        state=Job.State.FAILED, finished_at=timezone.now(), message=message[:2000]
    )
    parts_stop(part.parent_id)


def parts_stop(parent_id):
    """The parent will not be finished (cancelled, failed): its parts queued or running are
    cancelled (a running one stops at its next step), and the files of those done are deleted."""
    parts = Job.objects.filter(parent_id=parent_id)
    parts.filter(state__in=[Job.State.QUEUED, Job.State.RUNNING]).update(
        state=Job.State.CANCELLED, finished_at=timezone.now()
    )
    for part in parts.exclude(result_file="").only("pk", "result_file"):
        part.result_file.delete(save=False)
        Job.objects.filter(pk=part.pk).update(result_file="")
