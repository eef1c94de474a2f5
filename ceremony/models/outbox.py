"""The outbox: every email the site sends, kept with how its sending went (ceremony.jobs.outbox sends it)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .people import Attendee


class OutboxMessage(models.Model):
    class State(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    to = models.EmailField(_("to"), max_length=254)
    subject = models.CharField(_("subject"), max_length=255)
    body_text = models.TextField(_("text"))
    body_html = models.TextField(_("HTML text"), blank=True)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    attendee = models.ForeignKey(
        Attendee,
        verbose_name=_("attendee"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="outbox_messages",
    )
    # What the message is, for the sender's own bookkeeping (e.g. "invitation"); free text.
    kind = models.CharField(_("kind"), max_length=64, blank=True)
    state = models.CharField(_("state"), max_length=16, choices=State, default=State.QUEUED)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    # A queued message is sent once this time has come (a retry waits for its backoff); a message
    # being sent, since when (ceremony.jobs.outbox queues it again when its worker died).
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    # The server's answer to the last attempt that failed, e.g. "451 4.3.0 Try again later".
    last_error = models.TextField(_("last error"), blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    created_at = models.DateTimeField(_("queued at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("queued by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # Without an SMTP server (settings.EMAIL_URL unset) the message is written to this file, under
    # settings.EMAIL_FILE_PATH, which the outbox links to.
    file_name = models.CharField(_("file"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("outbox message")
        verbose_name_plural = _("outbox")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["state", "next_attempt_at"])]

    def __str__(self):
        return f"{self.to}: {self.subject}"
