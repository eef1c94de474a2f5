"""The program: items, who takes part in them, seats, and the video addresses they play."""

import datetime

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from ceremony.core.locking import Versioned
from ceremony.core.storage import private_storage
from ceremony.core.validators import spoken_language_choices, validate_language_codes
from ceremony.enums import (
    ParticipantRole,
    ProgramItemKind,
    VideoAddressStatus,
)

from .base import enforce_rules
from .events import Event, Venue, VenueSection
from .people import Attendee


class ProgramItem(Versioned):
    """One entry of the schedule: a session, a speech, a visit, a transfer."""

    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="program_items"
    )
    title = models.CharField(_("title"), max_length=255)
    kind = models.CharField(_("kind"), max_length=32, choices=ProgramItemKind, default=ProgramItemKind.OTHER)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    venue = models.ForeignKey(
        Venue,
        verbose_name=_("venue"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="program_items",
    )
    sections = models.ManyToManyField(
        VenueSection,
        verbose_name=_("sections used"),
        blank=True,
        related_name="program_items",
        help_text=_(
            "The sections of the venue guests are seated in, in the venue's order; none ticked: every "
            "section."
        ),
    )
    is_public = models.BooleanField(
        _("public"),
        default=True,
        help_text=_("Internal items appear on the run-of-show only, never on the public program."),
    )
    description = models.TextField(_("description"), blank=True)
    staff_notes = models.TextField(_("staff notes"), blank=True)
    responsible = models.ForeignKey(
        "Attendee",
        verbose_name=_("responsible staff member"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="program_items_responsible_for",
    )
    participants = models.ManyToManyField(
        "Attendee",
        verbose_name=_("participants"),
        through="Participation",
        through_fields=("program_item", "attendee"),
        related_name="program_items",
    )

    class Meta:
        verbose_name = _("program item")
        verbose_name_plural = _("program items")
        ordering = ["event", "starts_at", "ends_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="program_item_ends_after_start",
                violation_error_message=_("A program item must end after it starts."),
            ),
        ]
        indexes = [models.Index(fields=["event", "starts_at"])]

    def __str__(self):
        return self.title

    @property
    def duration(self):
        return self.ends_at - self.starts_at

    def seating_layout(self):
        """The sections (layouts.Section) its guests are seated in, in the venue's order: those of the
        venue's ticked in `sections`, or (none ticked) all of the venue's layout; [] when it has none.
        Sections of a venue the item has left are not used."""
        layout = self.venue.layout() if self.venue is not None else []
        used = {section.pk for section in self.sections.all()} if self.pk else set()
        return [section for section in layout if section.key in used] or layout

    def clean(self):
        enforce_rules(self)


class Participation(Versioned):
    """An attendee's part in a program item."""

    program_item = models.ForeignKey(
        ProgramItem,
        verbose_name=_("program item"),
        on_delete=models.CASCADE,
        related_name="participations",
    )
    attendee = models.ForeignKey(
        Attendee, verbose_name=_("attendee"), on_delete=models.CASCADE, related_name="participations"
    )
    role = models.CharField(_("role"), max_length=16, choices=ParticipantRole, default=ParticipantRole.GUEST)
    order = models.PositiveSmallIntegerField(
        _("order"), default=0, help_text=_("Speaking or presenting order; lower comes first.")
    )
    accompanies = models.ForeignKey(
        "Attendee",
        verbose_name=_("accompanies"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("For interpreters and escorts: the person they sit next to."),
    )
    seated = models.BooleanField(
        _("takes a seat"),
        default=True,
        help_text=_(
            "Untick for those who work from the lectern, the booth or the stage: seating leaves them "
            "out. An interpreter who accompanies nobody is in the booth and is never seated."
        ),
    )
    notes = models.CharField(_("notes"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        ordering = ["program_item", "order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["program_item", "attendee"],
                name="participation_unique_per_item",
                violation_error_message=_("This attendee already takes part in this program item."),
            ),
        ]

    def __str__(self):
        return f"{self.attendee} ({self.get_role_display()})"

    @property
    def takes_a_seat(self):
        """Seating seats them: not unticked, and not an interpreter in the booth (accompanying nobody)."""
        booth = self.role == ParticipantRole.INTERPRETER and self.accompanies_id is None
        return self.seated and not booth

    @property
    def role_label(self):
        """The role as printed, in the participant's grammatical gender: «Ведущая»."""
        return self.attendee.person.label_for(ParticipantRole(self.role))

    def clean(self):
        enforce_rules(self)


class SeatAssignment(Versioned):
    """A seat of a seated program item: in a section of its venue (none for a venue of one block of
    rows × seats), row 1 the front row, the seat by the number printed on it (layouts: in a block
    numbered left to right, seat numbers grow to the host's right)."""

    program_item = models.ForeignKey(
        ProgramItem, verbose_name=_("program item"), on_delete=models.CASCADE, related_name="seats"
    )
    attendee = models.ForeignKey(
        Attendee, verbose_name=_("attendee"), on_delete=models.CASCADE, related_name="seat_assignments"
    )
    section = models.ForeignKey(
        VenueSection,
        verbose_name=_("section"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="seats",
        help_text=_("Of the item's venue; empty for a venue of one block of rows × seats."),
    )
    row = models.PositiveSmallIntegerField(
        _("row"),
        validators=[MinValueValidator(1)],
        help_text=_("Counted from the front: 1 is row A when rows have letters."),
    )
    seat = models.PositiveSmallIntegerField(
        _("seat"), validators=[MinValueValidator(1)], help_text=_("The number printed on the seat.")
    )
    is_manual = models.BooleanField(
        _("placed by hand"), default=True, help_text=_("Kept when seats are assigned automatically.")
    )

    class Meta:
        verbose_name = _("seat")
        verbose_name_plural = _("seating plan")
        ordering = ["program_item", "section__order", "row", "seat"]
        constraints = [
            models.UniqueConstraint(
                fields=["program_item", "row", "seat"],
                condition=models.Q(section__isnull=True),
                name="seat_taken_once_per_item",
                violation_error_message=_("Someone already sits in this seat."),
            ),
            models.UniqueConstraint(
                fields=["program_item", "section", "row", "seat"],
                name="seat_taken_once_per_item_section",
                violation_error_message=_("Someone already sits in this seat."),
            ),
            models.UniqueConstraint(
                fields=["program_item", "attendee"],
                name="seat_one_per_attendee_per_item",
                violation_error_message=_("This attendee already has a seat at this item."),
            ),
            models.CheckConstraint(
                condition=models.Q(row__gte=1, seat__gte=1),
                name="seat_row_and_number_from_one",
                violation_error_message=_("Rows and seats are numbered from 1."),
            ),
        ]

    def __str__(self):
        if self.section_id is None:
            return _("row %(row)d, seat %(seat)d") % {"row": self.row, "seat": self.seat}
        return _("%(section)s, row %(row)s, seat %(seat)d") % {
            "section": self.section,
            "row": self.row_label,
            "seat": self.seat,
        }

    @property
    def row_label(self):
        """The row as the hall prints it: 3, or C in a section of lettered rows."""
        return self.section.geometry.row_label(self.row) if self.section_id else str(self.row)

    def clean(self):
        enforce_rules(self)


class VideoAddress(Versioned):
    """A recorded address played during a program item, e.g. a head of state's greeting."""

    program_item = models.ForeignKey(
        ProgramItem,
        verbose_name=_("program item"),
        on_delete=models.CASCADE,
        related_name="video_addresses",
    )
    play_order = models.PositiveSmallIntegerField(_("play order"), default=1)
    speaker_name = models.CharField(_("speaker"), max_length=200)
    speaker_title = models.CharField(_("speaker's title"), max_length=255, blank=True)
    country = CountryField(_("country"), blank=True)
    language = models.CharField(_("language"), max_length=8, choices=spoken_language_choices)
    subtitle_languages = models.CharField(
        _("subtitles"),
        max_length=100,
        blank=True,
        validators=[validate_language_codes],
        help_text=_("Language codes separated by commas, e.g. en,ru."),
    )
    duration = models.DurationField(
        _("duration"), null=True, blank=True, help_text=_("As mm:ss or hh:mm:ss.")
    )
    media_file = models.FileField(
        _("video file"), storage=private_storage, upload_to="video-addresses/", blank=True
    )
    media_reference = models.CharField(
        _("video reference"),
        max_length=255,
        blank=True,
        help_text=_("Where the file is when it is not uploaded: a playout slot, a disk, an address."),
    )
    status = models.CharField(
        _("status"), max_length=32, choices=VideoAddressStatus, default=VideoAddressStatus.REQUESTED
    )
    technical_notes = models.TextField(_("technical notes"), blank=True)

    class Meta:
        verbose_name = _("video address")
        verbose_name_plural = _("video addresses")
        ordering = ["program_item", "play_order"]
        constraints = [
            models.UniqueConstraint(
                fields=["program_item", "play_order"],
                name="video_address_play_order_unique_per_item",
                violation_error_message=_("Another video plays at this position in this program item."),
            ),
            models.CheckConstraint(
                condition=models.Q(duration__isnull=True) | models.Q(duration__gt=datetime.timedelta(0)),
                name="video_address_duration_positive",
                violation_error_message=_("A video must last longer than zero seconds."),
            ),
        ]

    def __str__(self):
        return self.speaker_name

    @property
    def subtitle_language_list(self):
        return [code for code in self.subtitle_languages.split(",") if code]

    @property
    def is_approved(self):
        return self.status in (VideoAddressStatus.APPROVED, VideoAddressStatus.PLAYED)

    def clean(self):
        self.subtitle_languages = ",".join(
            code.strip().lower() for code in self.subtitle_languages.split(",") if code.strip()
        )
        enforce_rules(self)
