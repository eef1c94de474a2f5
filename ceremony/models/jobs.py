"""Jobs: long work done in the background by a worker (`manage.py db_worker`), with its progress.

A job is what people see of it: what it is, who started it, how far it has come, and its result (a
file, or a page to go to). The task backend (settings.TASKS) only carries it to a worker; `ceremony.jobs`
runs it.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ceremony.core.storage import private_storage


class Job(models.Model):
    class State(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")
        CANCELLED = "cancelled", _("Cancelled")

    class Kind(models.TextChoices):
        """What a job does, as its list names it; ceremony.jobs.kinds gives each one's function."""

        DOCUMENT = "document", _("Document")
        GUEST_IMPORT_CHECK = "guest_import_check", _("Guest list check")
        GUEST_IMPORT_CONFIRM = "guest_import_confirm", _("Guest list import")
        GUEST_IMPORT_UNDO = "guest_import_undo", _("Undoing a guest list import")
        GUEST_LIST_EXPORT = "guest_list_export", _("Guest list export")
        OUTBOX_SEND = "outbox_send", _("Sending email")
        INVITATION_REMINDERS = "invitation_reminders", _("Reminders to answer invitations")

    kind = models.CharField(_("kind"), max_length=64, choices=Kind)  # its function: ceremony.jobs.kinds
    title = models.CharField(_("what"), max_length=255)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("started by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    state = models.CharField(_("state"), max_length=16, choices=State, default=State.QUEUED)
    done = models.PositiveIntegerField(_("done"), default=0)
    total = models.PositiveIntegerField(_("total"), default=0)
    message = models.TextField(_("message"), blank=True)
    parameters = models.JSONField(default=dict, blank=True, editable=False)  # what the kind needs
    # Who else may see the result: the name of a check of ceremony.permissions (e.g. "may_print").
    viewers = models.CharField(max_length=64, blank=True, editable=False)
    result_file = models.FileField(
        _("result"), storage=private_storage, upload_to="job-results/%Y/%m/", blank=True
    )
    result_url = models.CharField(_("result page"), max_length=255, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    created_at = models.DateTimeField(_("started"), auto_now_add=True)
    started_at = models.DateTimeField(_("running since"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    # Raised at every step of progress: a running job whose heartbeat stops lost its worker.
    heartbeat_at = models.DateTimeField(null=True, blank=True, editable=False)
    # A part of a larger job (a chunk of a batch of documents), run by a worker of its own; the
    # parent is finished by its last part. Parts are plumbing: nobody but their parent lists them.
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="parts", editable=False
    )

    class Meta:
        verbose_name = _("job")
        verbose_name_plural = _("jobs")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["state", "heartbeat_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(done__lte=models.F("total")) | models.Q(total=0),
                name="job_done_within_total",
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def is_finished(self):
        return self.state in (self.State.DONE, self.State.FAILED, self.State.CANCELLED)

    @property
    def can_cancel(self):
        return self.state in (self.State.QUEUED, self.State.RUNNING)

    @property
    def percent(self):
        if self.state == self.State.DONE:
            return 100
        return min(100, round(100 * self.done / self.total)) if self.total else 0
