"""Banquets: the tables of a venue and who sits at which table at a program item."""

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from ceremony.core.locking import Versioned
from ceremony.enums import TableShape

from .base import enforce_rules
from .events import Venue
from .people import Attendee
from .program import ProgramItem


class BanquetTable(Versioned):
    """A table of a banquet hall. Table 1 is the host's table."""

    venue = models.ForeignKey(
        Venue, verbose_name=_("venue"), on_delete=models.CASCADE, related_name="banquet_tables"
    )
    number = models.PositiveSmallIntegerField(
        _("number"), validators=[MinValueValidator(1)], help_text=_("Table 1 is the host's table.")
    )
    name = models.CharField(
        _("name"),
        max_length=100,
        blank=True,
        help_text=_("Printed on the table card under the number, e.g. «Байқоңыр»."),
    )
    shape = models.CharField(_("shape"), max_length=8, choices=TableShape, default=TableShape.ROUND)
    seats = models.PositiveSmallIntegerField(_("seats"), validators=[MinValueValidator(1)])

    class Meta:
        verbose_name = _("banquet table")
        verbose_name_plural = _("banquet tables")
        ordering = ["venue", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["venue", "number"],
                name="banquet_table_number_unique_per_venue",
                violation_error_message=_("This venue already has a table with this number."),
            ),
            models.CheckConstraint(
                condition=models.Q(number__gte=1, seats__gte=1),
                name="banquet_table_number_and_seats_from_one",
                violation_error_message=_("Tables are numbered from 1 and have at least one seat."),
            ),
        ]

    def __str__(self):
        label = _("Table %(number)d") % {"number": self.number}
        return f"{label} «{self.name}»" if self.name else label

    def clean(self):
        enforce_rules(self)


class TableAssignment(Versioned):
    """An attendee's place at a banquet table during a program item; seats are numbered clockwise
    from the head of a round table, from left to right along a long one."""

    program_item = models.ForeignKey(
        ProgramItem,
        verbose_name=_("program item"),
        on_delete=models.CASCADE,
        related_name="table_assignments",
    )
    table = models.ForeignKey(
        BanquetTable, verbose_name=_("table"), on_delete=models.CASCADE, related_name="assignments"
    )
    attendee = models.ForeignKey(
        Attendee, verbose_name=_("attendee"), on_delete=models.CASCADE, related_name="table_assignments"
    )
    seat = models.PositiveSmallIntegerField(
        _("seat at the table"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("Leave empty to leave the seat at the table open."),
    )
    is_manual = models.BooleanField(
        _("placed by hand"), default=True, help_text=_("Kept when tables are assigned automatically.")
    )

    class Meta:
        verbose_name = _("place at a table")
        verbose_name_plural = _("table plan")
        ordering = ["program_item", "table__number", models.F("seat").asc(nulls_last=True), "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["program_item", "attendee"],
                name="table_place_one_per_attendee_per_item",
                violation_error_message=_("This attendee already has a place at a table at this item."),
            ),
            # Seats left empty (NULL) never clash.
            models.UniqueConstraint(
                fields=["program_item", "table", "seat"],
                name="table_seat_taken_once_per_item",
                violation_error_message=_("Someone already sits in this seat at this table."),
            ),
            models.CheckConstraint(
                condition=models.Q(seat__isnull=True) | models.Q(seat__gte=1),
                name="table_seat_from_one",
                violation_error_message=_("Seats at a table are numbered from 1."),
            ),
        ]

    def __str__(self):
        if self.seat:
            return _("%(table)s, seat %(seat)d") % {"table": self.table, "seat": self.seat}
        return str(self.table)

    def clean(self):
        enforce_rules(self)
