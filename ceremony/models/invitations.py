"""Personal RSVP links: the invitation a guest answers on, by a link that carries a secret token."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ceremony.core.locking import Versioned
from ceremony.enums import AnswerChannel, InvitationState

from .people import Attendee


class InvitationQuerySet(models.QuerySet):
    def in_state(self, state):
        """The invitations in one `InvitationState` (the list's filter)."""
        now = timezone.now()
        live = models.Q(revoked_at__isnull=True, expires_at__gt=now)
        return self.filter(
            {
                InvitationState.ACTIVE: live & models.Q(opened_at__isnull=True, answered_at__isnull=True),
                InvitationState.OPENED: live & models.Q(opened_at__isnull=False, answered_at__isnull=True),
                InvitationState.ANSWERED: models.Q(answered_at__isnull=False),
                InvitationState.REVOKED: models.Q(revoked_at__isnull=False),
                InvitationState.EXPIRED: models.Q(revoked_at__isnull=True, expires_at__lte=now),
            }[state]
        )

    def valid(self):
        """Links that still open their page: not replaced by a newer one, not expired."""
        return self.filter(revoked_at__isnull=True, expires_at__gt=timezone.now())


class Invitation(models.Model):
    """One personal RSVP link of an attendee. A new one revokes the one before.

    Only the token's SHA-256 is stored: the link is shown once, when it is made, and a copy of the
    database (a backup) opens no guest's page.
    """

    attendee = models.ForeignKey(
        Attendee, verbose_name=_("attendee"), on_delete=models.CASCADE, related_name="invitations"
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("made"), default=timezone.now, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("made by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    revoked_at = models.DateTimeField(_("replaced"), null=True, blank=True, editable=False)
    expires_at = models.DateTimeField(_("expires"), editable=False)
    opened_at = models.DateTimeField(_("first opened"), null=True, blank=True, editable=False)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True, editable=False)
    answer_channel = models.CharField(
        _("answered through"), max_length=16, choices=AnswerChannel, blank=True, editable=False
    )

    objects = InvitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("personal RSVP link")
        verbose_name_plural = _("personal RSVP links")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["attendee", "revoked_at"])]

    def __str__(self):
        return str(self.attendee)

    @property
    def state(self):
        if self.answered_at:
            return InvitationState.ANSWERED
        if self.revoked_at:
            return InvitationState.REVOKED
        if self.expires_at <= timezone.now():
            return InvitationState.EXPIRED
        return InvitationState.OPENED if self.opened_at else InvitationState.ACTIVE


class InvitationText(Versioned):
    """What an event's invitation (or reminder) email says in one language: a subject and a plain-text
    body with placeholders such as {name} and {link} (ceremony.services.invitation_texts). Without one,
    the built-in text in that language is sent."""

    class Kind(models.TextChoices):
        INVITATION = "invitation", _("Invitation")
        REMINDER = "reminder", _("Reminder")

    event = models.ForeignKey(
        "ceremony.Event", verbose_name=_("event"), on_delete=models.CASCADE, related_name="invitation_texts"
    )
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind, default=Kind.INVITATION)
    subject = models.CharField(_("subject"), max_length=255)
    body = models.TextField(_("text"))

    class Meta:
        verbose_name = _("invitation text")
        verbose_name_plural = _("invitation texts")
        ordering = ["event", "kind", "language"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "language", "kind"],
                name="invitation_text_unique_per_event_language_kind",
                violation_error_message=_("This event already has this text in this language."),
            )
        ]

    def __str__(self):
        return f"{self.event}: {self.get_kind_display()} ({self.language})"
