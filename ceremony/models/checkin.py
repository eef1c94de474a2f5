"""The doors on the day: the entrances of an event, and every badge scanned at them."""

import datetime

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ceremony.core.locking import Versioned
from ceremony.enums import AttendeeCategory

from .base import enforce_rules, strip_spaces
from .events import Event, Venue
from .people import Attendee
from .program import ProgramItem


class Entrance(Versioned):
    """A door ushers scan badges at: the square, the Palace of Culture, the spaceport checkpoint."""

    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="entrances"
    )
    name = models.CharField(pgettext_lazy("door", "name"), max_length=200)
    slug = models.SlugField(
        _("short name"),
        max_length=50,
        help_text=_("Latin letters, digits and hyphens; scripts name the entrance by it."),
    )
    program_items = models.ManyToManyField(
        ProgramItem,
        verbose_name=_("program items"),
        blank=True,
        related_name="entrances",
        help_text=_("What the entrance leads to; a facility visit among them checks each guest's clearance."),
    )
    venues = models.ManyToManyField(Venue, verbose_name=_("venues"), blank=True, related_name="entrances")
    # Attendee categories let through; empty: every category.
    categories = models.JSONField(_("categories admitted"), default=list, blank=True)

    class Meta:
        verbose_name = pgettext_lazy("door", "entrance")
        verbose_name_plural = pgettext_lazy("door", "entrances")
        ordering = ["event", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "slug"],
                name="entrance_slug_unique_per_event",
                violation_error_message=_("This event already has an entrance with this short name."),
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.name = strip_spaces(self.name)
        super().save(*args, **kwargs)

    def clean(self):
        self.name = strip_spaces(self.name)
        enforce_rules(self)

    def admits_category(self, category):
        return not self.categories or category in self.categories

    def leads_to(self, item):
        """Whether guests of the item come in here: it is among the entrance's program items, or its
        venue among the entrance's venues (read from `selectors.entrances_of`'s prefetch)."""
        return any(own.pk == item.pk for own in self.program_items.all()) or (
            item.venue_id is not None and any(venue.pk == item.venue_id for venue in self.venues.all())
        )

    @property
    def category_labels(self):
        return [
            AttendeeCategory(category).label for category in self.categories if category in AttendeeCategory
        ]


# A scan the server heard of this long after it was made was decided on the phone, offline.
OFFLINE_AFTER = datetime.timedelta(seconds=15)


class CheckIn(models.Model):
    """One badge scanned at an entrance, with what the usher was told: a record, never edited."""

    class Result(models.TextChoices):
        ADMITTED = "admitted", pgettext_lazy("check-in", "Admitted")
        ATTENTION = "attention", pgettext_lazy("check-in", "Admitted, attention")
        ALREADY_ADMITTED = "already_admitted", pgettext_lazy("check-in", "Already admitted")
        REFUSED = "refused", pgettext_lazy("check-in", "Refused")

    class Reason(models.TextChoices):
        NOT_ON_LIST = "not_on_list", _("Not on the list")
        DECLINED = "declined", _("Declined the invitation")
        WRONG_ENTRANCE = "wrong_entrance", _("Wrong entrance for the guest's category")
        CLEARANCE_DENIED = "clearance_denied", _("No security clearance for the visit")
        BADGE_REVOKED = "badge_revoked", _("Badge revoked")

    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="check_ins"
    )
    entrance = models.ForeignKey(
        Entrance,
        verbose_name=pgettext_lazy("door", "entrance"),
        on_delete=models.PROTECT,
        related_name="check_ins",
    )
    attendee = models.ForeignKey(
        Attendee,
        verbose_name=_("attendee"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="check_ins",
    )
    # What was scanned or typed, as it came (cut to its length): a refused code is looked into later.
    code = models.CharField(_("code scanned"), max_length=64, blank=True)
    # The device's id for this scan: sent again after a lost answer, it gets the same answer.
    nonce = models.CharField(_("nonce"), max_length=64, unique=True)
    result = models.CharField(_("result"), max_length=16, choices=Result)
    reason = models.CharField(_("reason"), max_length=16, choices=Reason, blank=True)
    message = models.CharField(_("message"), max_length=500, blank=True)
    usher = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("scanned by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="check_ins",
    )
    scanned_at = models.DateTimeField(_("scanned"), db_index=True)
    # When the server heard of it: later than `scanned_at` for a scan an offline phone queued.
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)
    # The first admission at an entrance wins: the database holds at most one per guest and entrance.
    admitted = models.BooleanField(_("admission"), default=False, editable=False)

    class Meta:
        verbose_name = _("check-in")
        verbose_name_plural = _("check-ins")
        ordering = ["-scanned_at"]
        permissions = [("check_in_guests", _("Can check in guests"))]
        constraints = [
            models.UniqueConstraint(
                fields=["attendee", "entrance"],
                condition=models.Q(admitted=True),
                name="checkin_one_admission_per_attendee",
            ),
        ]

    def __str__(self):
        return f"{self.get_result_display()}: {self.attendee or self.code}"

    @property
    def decided_offline(self):
        """Whether a phone decided it alone and sent it later: the server heard of it long after the
        scan (an answer is waited for a few seconds only)."""
        return self.recorded_at - self.scanned_at > OFFLINE_AFTER
