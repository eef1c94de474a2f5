"""Awards and their presentation at award ceremonies."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from ceremony.core.locking import Versioned
from ceremony.enums import ProgramItemKind

from .enums import AwardKind, PresentationStatus


class Award(Versioned):
    name = models.CharField(_("name"), max_length=255)
    kind = models.CharField(_("kind"), max_length=32, choices=AwardKind)
    issuing_authority = models.CharField(_("issued by"), max_length=255, blank=True)
    is_repeatable = models.BooleanField(
        _("may be received more than once"),
        default=False,
        help_text=_("Leave unticked for distinctions one person can hold only once."),
    )
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("award")
        verbose_name_plural = _("awards")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def clean(self):
        enforce_rules(self)


class AwardPresentationQuerySet(models.QuerySet):
    def that_count(self):
        """Presentations that happen: a declined one places nobody, is not called and is not a
        second award."""
        return self.exclude(status=PresentationStatus.DECLINED)


class AwardPresentation(Versioned):
    """One award handed to one attendee at an award ceremony."""

    ceremony = models.ForeignKey(
        "ceremony.ProgramItem",
        verbose_name=_("award ceremony"),
        on_delete=models.CASCADE,
        related_name="award_presentations",
        limit_choices_to={"kind": ProgramItemKind.AWARD_CEREMONY},
        error_messages={
            "invalid": _(
                "This program item is not an award ceremony; change its kind to “Award ceremony” first."
            )
        },
    )
    order = models.PositiveSmallIntegerField(
        _("order in the ceremony"), default=0, help_text=_("Lower is called first.")
    )
    award = models.ForeignKey(
        Award, verbose_name=_("award"), on_delete=models.PROTECT, related_name="presentations"
    )
    recipient = models.ForeignKey(
        "ceremony.Attendee",
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="awards_received",
    )
    presenter = models.ForeignKey(
        "ceremony.Attendee",
        verbose_name=_("presenter"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="awards_presented",
    )
    citation = models.TextField(_("citation"), blank=True)
    decree_number = models.CharField(_("decree or order number"), max_length=100, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=PresentationStatus, default=PresentationStatus.NOMINATED
    )

    objects = AwardPresentationQuerySet.as_manager()

    class Meta:
        verbose_name = _("award presentation")
        verbose_name_plural = _("award presentations")
        ordering = ["ceremony", "order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(presenter=models.F("recipient")),
                name="award_presentation_presenter_is_not_recipient",
                violation_error_message=_("A recipient cannot present their own award."),
            ),
        ]

    def __str__(self):
        return f"{self.award} — {self.recipient}"

    def clean(self):
        enforce_rules(self)

    @property
    def counts(self):
        """Whether the presentation happens (see `AwardPresentationQuerySet.that_count`)."""
        return self.status != PresentationStatus.DECLINED


def enforce_rules(record):
    """Refuse the record if it breaks a rule of `awards.rules`; a model's clean() calls it."""
    # Deferred: the rules query these models, so they can only be imported once the models exist.
    from awards import rules

    rules.enforce(record)
