"""The show as it runs: when each program item really started and finished, the stage manager's
adjustments of what follows, and the read-only screens that show it backstage.

Planned times stay on ProgramItem and are never changed here; the *expected* times are derived from
these records (ceremony.show_state).
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .events import Event
from .program import ProgramItem


class ShowMark(models.Model):
    """A program item marked started or finished, at a time, by someone. A later mark of the same
    kind corrects an earlier one (a late press of the button); every mark stays as the record."""

    class Kind(models.TextChoices):
        STARTED = "started", _("Started")
        FINISHED = "finished", _("Finished")

    program_item = models.ForeignKey(
        ProgramItem, verbose_name=_("program item"), on_delete=models.CASCADE, related_name="show_marks"
    )
    mark = models.CharField(_("mark"), max_length=16, choices=Kind)
    # A cue within the item (ceremony.show.CUE_KINDS): "video:<pk>", "presentation:<pk>" or
    # "speaker:<participation pk>"; blank for the item itself, the only marks that move times.
    cue = models.CharField(_("cue"), max_length=40, blank=True)
    at = models.DateTimeField(_("at"))
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("marked by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("show mark")
        verbose_name_plural = _("show marks")
        ordering = ["-recorded_at", "-pk"]
        indexes = [models.Index(fields=["program_item", "mark", "recorded_at"])]
        permissions = [("run_show", _("Can run the show"))]

    def __str__(self):
        cue = f" ({self.cue})" if self.cue else ""
        return f"{self.program_item}{cue}: {self.get_mark_display()}"


class ShowAdjustment(models.Model):
    """ "+10 min from the award ceremony on": moves the expected times of an item and of every later
    one in its venue (a negative number of minutes, to catch up)."""

    from_item = models.ForeignKey(
        ProgramItem, verbose_name=_("from item"), on_delete=models.CASCADE, related_name="show_adjustments"
    )
    minutes = models.SmallIntegerField(_("minutes"))
    reason = models.CharField(_("reason"), max_length=255, blank=True)
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("made by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    made_at = models.DateTimeField(_("made"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("show adjustment")
        verbose_name_plural = _("show adjustments")
        ordering = ["-made_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(minutes__gte=-600, minutes__lte=600) & ~models.Q(minutes=0),
                name="show_adjustment_minutes_within_ten_hours",
                violation_error_message=_("An adjustment is between −600 and 600 minutes, and not 0."),
            ),
        ]

    def __str__(self):
        return f"{self.from_item}: {self.minutes:+d}"


class ShowScreen(models.Model):
    """A read-only screen (backstage, the control room, the press room) opened by a link with a
    secret token instead of a login. Only the token's SHA-256 is kept; revoking ends the link."""

    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="show_screens"
    )
    name = models.CharField(_("name"), max_length=120)
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
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("show screen")
        verbose_name_plural = _("show screens")
        ordering = ["event", "name", "pk"]

    def __str__(self):
        return self.name
