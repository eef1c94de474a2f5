"""Facility visits: the security side of a program item that visits a restricted site."""

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from ceremony.core.locking import Versioned
from ceremony.enums import (
    ClearanceStatus,
    IdentityDocumentType,
    ProgramItemKind,
)

from .base import enforce_rules
from .events import Venue
from .people import Attendee
from .program import ProgramItem


class FacilityVisit(Versioned):
    """The security side of a program item that visits a facility such as the Baiterek complex."""

    program_item = models.OneToOneField(
        ProgramItem,
        verbose_name=_("program item"),
        on_delete=models.CASCADE,
        related_name="facility_visit",
        limit_choices_to={"kind": ProgramItemKind.FACILITY_VISIT},
        error_messages={
            "invalid": _(
                "This program item is not a facility visit; change its kind to “Facility visit” first."
            )
        },
    )
    facility = models.ForeignKey(
        Venue, verbose_name=_("facility"), on_delete=models.PROTECT, related_name="facility_visits"
    )
    capacity = models.PositiveIntegerField(
        _("group size limit"), validators=[MinValueValidator(1)], help_text=_("Most visitors allowed.")
    )
    clearance_required = models.BooleanField(_("clearance required"), default=True)
    escort = models.ForeignKey(
        Attendee,
        verbose_name=_("escort"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="facility_visits_escorted",
    )
    transport = models.CharField(_("transport"), max_length=255, blank=True)
    assembly_point = models.CharField(_("assembly point"), max_length=255, blank=True)
    notes = models.TextField(_("security notes"), blank=True)

    class Meta:
        verbose_name = _("facility visit")
        verbose_name_plural = _("facility visits")
        ordering = ["program_item__starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(capacity__gte=1),
                name="facility_visit_capacity_positive",
                violation_error_message=_("A visit must allow at least one visitor."),
            ),
        ]

    def __str__(self):
        return str(self.program_item)

    def clean(self):
        enforce_rules(self)


class VisitParticipant(Versioned):
    """A visitor on a facility visit, with their clearance and identity document."""

    visit = models.ForeignKey(
        FacilityVisit, verbose_name=_("facility visit"), on_delete=models.CASCADE, related_name="visitors"
    )
    attendee = models.ForeignKey(
        Attendee, verbose_name=_("attendee"), on_delete=models.CASCADE, related_name="visits"
    )
    clearance_status = models.CharField(
        _("clearance"), max_length=16, choices=ClearanceStatus, default=ClearanceStatus.PENDING
    )
    # Identity documents are sensitive: only users with view_identity_documents see them.
    document_type = models.CharField(
        _("identity document"), max_length=32, choices=IdentityDocumentType, blank=True
    )
    document_number = models.CharField(_("document number"), max_length=64, blank=True)
    clearance_notes = models.CharField(_("clearance notes"), max_length=255, blank=True)

    IDENTITY_DOCUMENT_FIELDS = ("document_type", "document_number")

    class Meta:
        verbose_name = _("visitor")
        verbose_name_plural = _("visitors")
        ordering = ["visit", "attendee__person__family_name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["visit", "attendee"],
                name="visit_participant_unique_per_visit",
                violation_error_message=_("This attendee is already on this visit."),
            ),
        ]
        permissions = [("view_identity_documents", _("Can view identity documents"))]

    def __str__(self):
        return str(self.attendee)

    def clean(self):
        enforce_rules(self)
