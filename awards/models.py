"""Awards and their presentation at award ceremonies."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from ceremony.enums import ProgramItemKind

from .enums import AwardKind, PresentationStatus


class Award(models.Model):
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


class AwardPresentation(models.Model):
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
        # Imported here: the selectors module needs this model.
        from .selectors import earlier_presentation_of_unrepeatable_award

        errors = {}
        ceremony = self.ceremony if self.ceremony_id else None
        if ceremony is not None:
            for field in ("recipient", "presenter"):
                attendee = getattr(self, field) if getattr(self, f"{field}_id") else None
                if attendee is not None and attendee.event_id != ceremony.event_id:
                    errors[field] = _("%(who)s is not an attendee of %(event)s.") % {
                        "who": attendee,
                        "event": ceremony.event,
                    }
        if self.award_id and self.recipient_id and "recipient" not in errors:
            earlier = earlier_presentation_of_unrepeatable_award(
                award=self.award, person_id=self.recipient.person_id, exclude_pk=self.pk
            )
            if earlier is not None and self.status != PresentationStatus.DECLINED:
                errors["award"] = _(
                    "%(person)s already has “%(award)s” (%(ceremony)s, %(event)s), "
                    "and it can be received only once."
                ) % {
                    "person": self.recipient,
                    "award": self.award,
                    "ceremony": earlier.ceremony,
                    "event": earlier.ceremony.event,
                }
        if errors:
            raise ValidationError(errors)
