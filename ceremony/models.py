"""The ceremony: events, the people who attend them, where and when things happen.

Models hold fields, database constraints and small derived properties. Rules that span several rows
or models live in `services.py` (writes) and `selectors.py` (reads).
"""

import datetime
import zoneinfo

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models.functions import Lower, Trim
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from .enums import (
    AttendeeCategory,
    ClearanceStatus,
    IdentityDocumentType,
    OrganizationKind,
    ParticipantRole,
    PrecedenceTieBreak,
    ProgramItemKind,
    RsvpStatus,
    VenueKind,
    VideoAddressStatus,
)
from .locking import Versioned
from .phones import normalize_phone
from .storage import private_storage
from .validators import spoken_language_choices, validate_language_codes, validate_time_zone


def _strip(value):
    """Trim surrounding spaces, non-breaking ones included (spreadsheets are full of them)."""
    return value.replace("\u00a0", " ").strip() if value else value


def _same_event(errors, event, field, related):
    if related is not None and event is not None and related.event_id != event.pk:
        errors[field] = _("%(who)s is not an attendee of %(event)s.") % {
            "who": related,
            "event": event,
        }


class Event(models.Model):
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

    @property
    def zone(self):
        return zoneinfo.ZoneInfo(self.time_zone)

    def localtime(self, value):
        """A stored (UTC) time as the clock shows it at the event."""
        return timezone.localtime(value, self.zone) if value else value


class Venue(models.Model):
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
        _("rows of seats"), null=True, blank=True, help_text=_("For seating plans: rows, front row first.")
    )
    seats_per_row = models.PositiveSmallIntegerField(_("seats in a row"), null=True, blank=True)
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

    @property
    def has_seating(self):
        return bool(self.seat_rows and self.seats_per_row)


class Organization(models.Model):
    name = models.CharField(_("name"), max_length=255)
    kind = models.CharField(
        _("kind"), max_length=32, choices=OrganizationKind, default=OrganizationKind.OTHER
    )
    country = CountryField(_("country"), blank=True)

    class Meta:
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                Lower(Trim("name")),
                name="organization_name_unique_ignoring_case",
                violation_error_message=_("An organization with this name already exists."),
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.name = _strip(self.name)
        super().save(*args, **kwargs)

    def clean(self):
        self.name = _strip(self.name)


class Person(models.Model):
    """Someone in the address book; the same person attends many events."""

    family_name = models.CharField(_("family name"), max_length=100)
    given_name = models.CharField(_("given name"), max_length=100)
    patronymic = models.CharField(_("patronymic"), max_length=100, blank=True)
    family_name_latin = models.CharField(_("family name in Latin letters"), max_length=100, blank=True)
    given_name_latin = models.CharField(_("given name in Latin letters"), max_length=100, blank=True)
    honorific = models.CharField(
        _("form of address"), max_length=100, blank=True, help_text=_("E.g. His Excellency, Mr, Dr.")
    )
    position = models.CharField(_("position"), max_length=255, blank=True)
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organization"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="people",
    )
    country = CountryField(_("country"), blank=True)
    # NULL, not "", for "no address": blanks must not clash in the unique index.
    email = models.EmailField(_("email"), null=True, blank=True)  # noqa: DJ001
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    preferred_language = models.CharField(
        _("preferred language"), max_length=8, choices=settings.LANGUAGES, blank=True
    )
    service_years = models.CharField(
        _("years of service"), max_length=50, blank=True, help_text=_("For veterans, e.g. 1968–1994.")
    )
    service_place = models.CharField(
        _("place of service"), max_length=255, blank=True, help_text=_("For veterans.")
    )
    biography = models.TextField(_("short biography"), blank=True)
    took_office = models.DateField(
        _("in office since"),
        null=True,
        blank=True,
        help_text=_("Orders equal protocol ranks at some events."),
    )

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["family_name", "given_name", "patronymic"]
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                name="person_email_unique_ignoring_case",
                violation_error_message=_("Another person already has this email address."),
            ),
        ]
        indexes = [models.Index(fields=["family_name", "given_name"])]

    def __str__(self):
        return self.full_name

    def save(self, *args, **kwargs):
        self._normalize()
        super().save(*args, **kwargs)

    def clean(self):
        self._normalize()

    def _normalize(self):
        for field in ("family_name", "given_name", "patronymic", "family_name_latin", "given_name_latin"):
            setattr(self, field, _strip(getattr(self, field)))
        # Blank is "no address", which must not clash with other blanks in the unique index.
        self.email = _strip(self.email or "").lower() or None
        # One form for phone numbers, so that lists compare and re-import unchanged; a number that
        # cannot be read is kept as typed rather than lost.
        self.phone = normalize_phone(self.phone) or _strip(self.phone) if self.phone else ""

    @property
    def full_name(self):
        """Family name first, as on Kazakh and Russian lists: Скляр Роман Васильевич."""
        return " ".join(part for part in (self.family_name, self.given_name, self.patronymic) if part)

    @property
    def latin_name(self):
        return " ".join(part for part in (self.given_name_latin, self.family_name_latin) if part)

    def name_in(self, language):
        """The name as printed in `language`: in Latin letters for English when we have them."""
        if language == "en" and self.latin_name:
            return self.latin_name
        return self.full_name


class Delegation(models.Model):
    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="delegations"
    )
    name = models.CharField(_("name"), max_length=200)
    country = CountryField(_("country"), blank=True)
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organization"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="delegations",
    )
    head = models.ForeignKey(
        "Attendee",
        verbose_name=_("head of delegation"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="delegations_headed",
    )
    escort_officer = models.ForeignKey(
        "Attendee",
        verbose_name=_("escort officer"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="delegations_escorted",
    )
    precedence_rank = models.PositiveSmallIntegerField(
        _("precedence rank"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("1 is the highest precedence."),
    )
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("delegation")
        verbose_name_plural = _("delegations")
        ordering = ["event", models.F("precedence_rank").asc(nulls_last=True), "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "name"],
                name="delegation_name_unique_per_event",
                violation_error_message=_("This event already has a delegation with this name."),
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        errors = {}
        _same_event(errors, self.event if self.event_id else None, "head", self.head)
        _same_event(errors, self.event if self.event_id else None, "escort_officer", self.escort_officer)
        if errors:
            raise ValidationError(errors)


class Attendee(Versioned):
    """A person at one event, with what the organizers need to know about them there.

    Versioned: several organizers edit the same guests, and a save over a newer change is refused.
    """

    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="attendees"
    )
    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="attendances"
    )
    category = models.CharField(
        _("category"), max_length=32, choices=AttendeeCategory, default=AttendeeCategory.OTHER
    )
    rsvp_status = models.CharField(_("RSVP"), max_length=16, choices=RsvpStatus, default=RsvpStatus.INVITED)
    arrival = models.DateTimeField(_("arrival"), null=True, blank=True)
    departure = models.DateTimeField(_("departure"), null=True, blank=True)
    accessibility_needs = models.CharField(_("accessibility needs"), max_length=255, blank=True)
    dietary_needs = models.CharField(_("dietary needs"), max_length=255, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    # Protocol data, for dignitaries.
    precedence_rank = models.PositiveSmallIntegerField(
        _("precedence rank"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("1 is the highest precedence. Leave empty for guests without protocol rank."),
    )
    delegation = models.ForeignKey(
        Delegation,
        verbose_name=_("delegation"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="members",
    )
    escort_officer = models.ForeignKey(
        "self",
        verbose_name=_("escort officer"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="escorted_attendees",
    )

    class Meta:
        verbose_name = _("attendee")
        verbose_name_plural = _("attendees")
        ordering = ["event", models.F("precedence_rank").asc(nulls_last=True), "person__family_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "person"],
                name="attendee_unique_per_event",
                violation_error_message=_("This person is already an attendee of this event."),
            ),
            models.CheckConstraint(
                condition=models.Q(departure__isnull=True)
                | models.Q(arrival__isnull=True)
                | models.Q(departure__gt=models.F("arrival")),
                name="attendee_departs_after_arrival",
                violation_error_message=_("Departure must be after arrival."),
            ),
            models.CheckConstraint(
                condition=models.Q(precedence_rank__isnull=True) | models.Q(precedence_rank__gte=1),
                name="attendee_precedence_rank_from_one",
                violation_error_message=_("Precedence rank starts at 1."),
            ),
        ]

    def __str__(self):
        return str(self.person)

    @property
    def badge_code(self):
        """What a badge's QR code carries: opaque, stable, and no personal data.

        Derived from the record's id with the site's secret key, so it cannot be guessed or forged.
        """
        return salted_hmac("ceremony.badge", str(self.pk)).hexdigest()[:16].upper()

    def clean(self):
        errors = {}
        event = self.event if self.event_id else None
        if self.delegation is not None and event is not None and self.delegation.event_id != event.pk:
            errors["delegation"] = _("The delegation %(delegation)s belongs to another event.") % {
                "delegation": self.delegation
            }
        _same_event(errors, event, "escort_officer", self.escort_officer)
        if self.escort_officer_id is not None and self.escort_officer_id == self.pk:
            errors["escort_officer"] = _("An attendee cannot escort themselves.")
        if errors:
            raise ValidationError(errors)


class ProgramItem(models.Model):
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

    def clean(self):
        from . import conflicts

        errors = {}
        _same_event(errors, self.event if self.event_id else None, "responsible", self.responsible)
        if self.pk and self.starts_at and self.ends_at and self.ends_at > self.starts_at:
            # New times must not put anyone this item places (participant, visitor, award recipient or
            # presenter) in two places at once.
            stored = ProgramItem.objects.prefetch_related(
                "participations", "facility_visit__visitors", "award_presentations"
            ).get(pk=self.pk)
            placed = conflicts.placed_attendee_ids(stored)
            attendees = Attendee.objects.select_related("person").in_bulk(placed)
            clashes = conflicts.overlapping_items(attendee_ids=list(attendees), item=self)
            messages = [
                conflicts.double_booking_message(attendees[attendee_id], self, others[0])
                for attendee_id, others in clashes.items()
            ]
            if messages:
                errors[NON_FIELD_ERRORS] = messages[:5]
        if errors:
            raise ValidationError(errors)


class Participation(models.Model):
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

    def clean(self):
        from . import conflicts

        errors = {}
        if self.program_item_id and self.attendee_id:
            item, attendee = self.program_item, self.attendee
            _same_event(errors, item.event, "attendee", attendee)
            if not errors:
                clashes = conflicts.overlapping_items(attendee_ids=[attendee.pk], item=item)
                if clashes:
                    errors["attendee"] = conflicts.double_booking_message(
                        attendee, item, clashes[attendee.pk][0]
                    )
                elif VisitParticipant.objects.filter(
                    visit__program_item=item,
                    visit__facility__restricted=True,
                    visit__clearance_required=True,
                    attendee=attendee,
                    clearance_status=ClearanceStatus.DENIED,
                ).exists():
                    errors["attendee"] = conflicts.denied_participant_message(attendee, item)
        if errors:
            raise ValidationError(errors)


class SeatAssignment(models.Model):
    """A seat of a seated program item: row 1 is the front row; seat numbers grow to the host's right."""

    program_item = models.ForeignKey(
        ProgramItem, verbose_name=_("program item"), on_delete=models.CASCADE, related_name="seats"
    )
    attendee = models.ForeignKey(
        Attendee, verbose_name=_("attendee"), on_delete=models.CASCADE, related_name="seat_assignments"
    )
    row = models.PositiveSmallIntegerField(_("row"), validators=[MinValueValidator(1)])
    seat = models.PositiveSmallIntegerField(_("seat"), validators=[MinValueValidator(1)])
    is_manual = models.BooleanField(
        _("placed by hand"), default=True, help_text=_("Kept when seats are assigned automatically.")
    )

    class Meta:
        verbose_name = _("seat")
        verbose_name_plural = _("seating plan")
        ordering = ["program_item", "row", "seat"]
        constraints = [
            models.UniqueConstraint(
                fields=["program_item", "row", "seat"],
                name="seat_taken_once_per_item",
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
        return _("row %(row)d, seat %(seat)d") % {"row": self.row, "seat": self.seat}

    def clean(self):
        errors = {}
        if self.program_item_id:
            item = self.program_item
            if self.attendee_id:
                _same_event(errors, item.event, "attendee", self.attendee)
            venue = item.venue
            if venue is None or not venue.has_seating:
                errors[NON_FIELD_ERRORS] = _("The venue of “%(item)s” has no seating layout.") % {
                    "item": item
                }
            elif self.row and self.seat and (self.row > venue.seat_rows or self.seat > venue.seats_per_row):
                errors[NON_FIELD_ERRORS] = _(
                    "Row %(row)d, seat %(seat)d is outside %(venue)s (%(rows)d rows of %(seats)d seats)."
                ) % {
                    "row": self.row,
                    "seat": self.seat,
                    "venue": venue,
                    "rows": venue.seat_rows,
                    "seats": venue.seats_per_row,
                }
        if errors:
            raise ValidationError(errors)


class FacilityVisit(models.Model):
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
        errors = {}
        if self.program_item_id:
            _same_event(errors, self.program_item.event, "escort", self.escort)
        if errors:
            raise ValidationError(errors)


class VisitParticipant(models.Model):
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
        from . import conflicts

        errors = {}
        if self.visit_id and self.attendee_id:
            visit = self.visit
            _same_event(errors, visit.program_item.event, "attendee", self.attendee)
            clashes = conflicts.overlapping_items(attendee_ids=[self.attendee_id], item=visit.program_item)
            if not errors and clashes:
                errors["attendee"] = conflicts.double_booking_message(
                    self.attendee, visit.program_item, clashes[self.attendee_id][0]
                )
            joining = not self.pk or VisitParticipant.objects.filter(pk=self.pk).exclude(visit=visit).exists()
            others = visit.visitors.exclude(pk=self.pk).count()
            if joining and others + 1 > visit.capacity:
                errors[NON_FIELD_ERRORS] = conflicts.capacity_message(visit, others + 1)
            if (
                self.clearance_status == ClearanceStatus.DENIED
                and visit.clearance_required
                and visit.facility.restricted
                and visit.program_item.participations.filter(attendee=self.attendee_id).exists()
            ):
                errors["clearance_status"] = conflicts.denied_participant_message(
                    self.attendee, visit.program_item
                )
        if self.document_number and not self.document_type:
            errors["document_type"] = _("Say which document this number belongs to.")
        if errors:
            raise ValidationError(errors)


class VideoAddress(models.Model):
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


class GuestImport(models.Model):
    """One upload of a guest list: its preview, what it wrote, and how to undo it.

    The preview keeps the rows it validated (`guests`), so confirming does not read the file again;
    `digest` is the fingerprint of the changes the preview showed, so a confirm that would now write
    something else is refused. `changes` records what the import created and changed, for undo.
    """

    class Status(models.TextChoices):
        PREVIEWED = "previewed", _("Previewed, not imported")
        HAS_ERRORS = "has_errors", _("Has errors, not imported")
        IMPORTED = "imported", _("Imported")
        STALE = "stale", _("Data changed since the preview, not imported")
        UNDONE = "undone", _("Undone")

    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="guest_imports"
    )
    file_name = models.CharField(_("file"), max_length=255)
    # The file as uploaded, kept privately: what exactly was imported, for whoever asks later.
    source_file = models.FileField(
        _("uploaded file"), storage=private_storage, upload_to="guest-imports/%Y/%m/", blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    imported_at = models.DateTimeField(_("imported"), null=True, blank=True)
    undone_at = models.DateTimeField(_("undone"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=Status, default=Status.PREVIEWED)
    language = models.CharField(
        _("language of titles"),
        max_length=8,
        choices=settings.LANGUAGES,
        help_text=_("Positions and forms of address in the file are in this language."),
    )
    new_count = models.PositiveIntegerField(_("new"), default=0)
    updated_count = models.PositiveIntegerField(_("updated"), default=0)
    unchanged_count = models.PositiveIntegerField(_("unchanged"), default=0)
    error_count = models.PositiveIntegerField(_("errors"), default=0)
    # What the preview found; kept so that confirm, the report and undo need not read the file again.
    errors = models.JSONField(_("errors"), default=list, blank=True)
    warnings = models.JSONField(_("warnings"), default=list, blank=True)
    guests = models.JSONField(default=list, blank=True, editable=False)
    preview = models.JSONField(default=list, blank=True, editable=False)
    digest = models.CharField(max_length=64, blank=True, editable=False)
    changes = models.JSONField(default=dict, blank=True, editable=False)

    class Meta:
        verbose_name = _("guest-list import")
        verbose_name_plural = _("guest-list imports")
        ordering = ["-created_at", "-pk"]
        permissions = [("undo_guestimport", _("Can undo a guest-list import"))]

    def __str__(self):
        return f"{self.file_name} ({self.event})"

    @property
    def can_confirm(self):
        return self.status == self.Status.PREVIEWED

    @property
    def can_undo(self):
        return self.status == self.Status.IMPORTED
