"""Events and the venues their program happens in."""

import dataclasses
import datetime
import itertools
import zoneinfo

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from ceremony import layouts
from ceremony.core.locking import Versioned
from ceremony.core.validators import validate_time_zone, venue_max_rows, venue_max_seats_per_row
from ceremony.enums import (
    PrecedenceTieBreak,
    RowLabels,
    SeatNumbering,
    VenueKind,
)

from .base import enforce_rules


def _fallback_orders():
    names = dict(settings.LANGUAGES)
    return [
        (",".join(order), format_lazy(" → ".join("{}" for _code in order), *(names[code] for code in order)))
        for order in itertools.permutations(code for code, _name in settings.LANGUAGES)
    ]


FALLBACK_ORDERS = _fallback_orders()


class Event(Versioned):
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(
        _("short name for addresses"),
        unique=True,
        help_text=_("Used in the addresses of printed documents, e.g. baikonur-70."),
    )
    start_date = models.DateField(_("first day"))
    end_date = models.DateField(_("last day"))
    city = models.CharField(_("city"), max_length=100)
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        default="Asia/Almaty",
        validators=[validate_time_zone],
        help_text=_("All times of this event are entered and printed in this zone."),
    )
    default_language = models.CharField(
        _("default language"),
        max_length=8,
        choices=settings.LANGUAGES,
        default="en",
        help_text=_("Language of printed documents unless another is asked for."),
    )
    description = models.TextField(_("description"), blank=True)
    fallback_languages = models.CharField(
        _("texts missing in a language print in"),
        max_length=20,
        choices=FALLBACK_ORDERS,
        blank=True,
        help_text=_(
            "When a text was not written in a document's language, the document prints it in the first "
            "of these languages that has it, and the document's page lists it as missing. Empty: the "
            "default language first."
        ),
    )
    reply_deadline = models.DateTimeField(
        _("reply deadline"),
        null=True,
        blank=True,
        help_text=_("Guests can answer and change their answer on their personal page until then."),
    )
    rsvp_contact = models.CharField(
        _("contact for answers"),
        max_length=255,
        blank=True,
        help_text=_(
            "Whom guests contact to change their answer after the deadline, e.g. "
            "“Protocol office, +7 336 22 1 23 45, protocol@baikonur.kz”."
        ),
    )
    precedence_tie_break = models.CharField(
        _("equal ranks are ordered"),
        max_length=16,
        choices=PrecedenceTieBreak,
        default=PrecedenceTieBreak.LATIN_NAME,
        help_text=_("How dignitaries of the same protocol rank follow each other."),
    )

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["-start_date", "name"]
        permissions = [("print_documents", _("Can print programs, itineraries, scripts and badges"))]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__gte=models.F("start_date")),
                name="event_ends_on_or_after_start",
                violation_error_message=_("The last day cannot be before the first day."),
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        enforce_rules(self)

    @property
    def zone(self):
        return zoneinfo.ZoneInfo(self.time_zone)

    @property
    def fallback_order(self):
        """The languages a missing text is read in, in order: the chosen order, or the default
        language and then the others."""
        if self.fallback_languages:
            return tuple(self.fallback_languages.split(","))
        codes = [code for code, _name in settings.LANGUAGES]
        return (self.default_language, *(code for code in codes if code != self.default_language))

    @property
    def over_at(self):
        """The end of the event's last day at the event: personal RSVP links expire then."""
        next_day = datetime.datetime.combine(self.end_date + datetime.timedelta(days=1), datetime.time())
        return next_day.replace(tzinfo=self.zone)

    def localtime(self, value):
        """A stored (UTC) time as the clock shows it at the event."""
        return timezone.localtime(value, self.zone) if value else value


class Venue(Versioned):
    name = models.CharField(_("name"), max_length=200)
    address = models.CharField(_("address"), max_length=300, blank=True)
    kind = models.CharField(_("kind"), max_length=32, choices=VenueKind, default=VenueKind.HALL)
    seated_capacity = models.PositiveIntegerField(
        _("seats"), null=True, blank=True, help_text=_("Leave empty for standing or open-air venues.")
    )
    restricted = models.BooleanField(
        _("restricted"), default=False, help_text=_("Entry needs security clearance.")
    )
    seat_rows = models.PositiveSmallIntegerField(
        _("rows of seats"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(venue_max_rows)],
        help_text=_("For a hall of one block of seats; a hall with sections below uses those instead."),
    )
    seats_per_row = models.PositiveSmallIntegerField(
        _("seats in a row"), null=True, blank=True, validators=[MaxValueValidator(venue_max_seats_per_row)]
    )
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("venue")
        verbose_name_plural = _("venues")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(seat_rows__isnull=True, seats_per_row__isnull=True)
                | models.Q(seat_rows__gte=1, seats_per_row__gte=1),
                name="venue_layout_has_rows_and_seats",
                violation_error_message=_("A seating layout needs both its rows and its seats in a row."),
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        enforce_rules(self)

    def layout(self):
        """The hall's sections (layouts.Section) in the order seats are given out: its sections, or
        the single block of its own rows × seats; [] when it has neither."""
        sections = [section.layout for section in self.sections.all()] if self.pk else []
        if not sections and self.seat_rows and self.seats_per_row:
            sections = [layouts.Section(rows=self.seat_rows, seats_per_row=self.seats_per_row)]
        return sections

    @property
    def has_seating(self):
        return bool(self.layout())


class VenueSection(Versioned):
    """A block of seats of a hall, rows × seats, labelled as the hall's own plan prints them."""

    venue = models.ForeignKey(
        Venue, verbose_name=_("venue"), on_delete=models.CASCADE, related_name="sections"
    )
    name = models.CharField(
        _("name"), max_length=100, help_text=_("As printed on the chart: Stalls, Balcony.")
    )
    order = models.PositiveSmallIntegerField(
        _("order"),
        default=1,
        help_text=_(
            "Seats are given out in this order: the section for dignitaries (the front stalls) first."
        ),
    )
    rows = models.PositiveSmallIntegerField(
        _("rows"),
        validators=[MinValueValidator(1), MaxValueValidator(venue_max_rows)],
        help_text=_("Row 1 is the one nearest the stage."),
    )
    seats_per_row = models.PositiveSmallIntegerField(
        _("seats in a row"), validators=[MinValueValidator(1), MaxValueValidator(venue_max_seats_per_row)]
    )
    row_labels = models.CharField(
        _("rows are labelled"), max_length=16, choices=RowLabels, default=RowLabels.NUMBERS
    )
    seat_numbering = models.CharField(
        _("seats are numbered"),
        max_length=16,
        choices=SeatNumbering,
        default=SeatNumbering.LEFT_TO_RIGHT,
        help_text=_("Left and right as seen from the hall, facing the stage."),
    )
    blocked_seats = models.TextField(
        _("blocked seats"),
        blank=True,
        help_text=_(
            "Seats nobody sits in (a camera, a pillar), separated by commas: A1-A4, B7 with lettered "
            "rows, 3/1-4, 5/7 (row/seat) with numbered ones."
        ),
    )
    reserved_seats = models.TextField(
        _("reserved seats"),
        blank=True,
        help_text=_(
            "Kept free when seats are assigned by precedence; only placed by hand. Written as above."
        ),
    )

    class Meta:
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        ordering = ["venue", "order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(rows__gte=1, seats_per_row__gte=1),
                name="venue_section_has_rows_and_seats",
                violation_error_message=_("A section needs at least one row of one seat."),
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        enforce_rules(self)

    @property
    def geometry(self):
        """The section's rows, seats and labels (layouts.Section), without its blocked and reserved
        seats."""
        return layouts.Section(
            rows=self.rows or 1,
            seats_per_row=self.seats_per_row or 1,
            row_labels=self.row_labels,
            seat_numbering=self.seat_numbering,
            record=self,
        )

    @property
    def layout(self):
        """The section as layouts.Section, with its blocked and reserved seats; parts of the lists
        that name no seat are left out (the form refuses them: rules.blocking.section_seat_lists)."""
        geometry = self.geometry
        return dataclasses.replace(
            geometry,
            blocked=layouts.seat_list_parse(self.blocked_seats, geometry)[0],
            reserved=layouts.seat_list_parse(self.reserved_seats, geometry)[0],
        )
