"""Personal RSVP links: the invitation a guest answers on, by a link that carries a secret token."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

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
