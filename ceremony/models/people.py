"""The address book (organizations, people) and each event's attendees and delegations."""

import functools
import operator
import re

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models.functions import Lower, Trim
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from ceremony.core.locking import Versioned
from ceremony.core.phones import normalize_phone
from ceremony.enums import (
    AttendeeCategory,
    Gender,
    NameOrder,
    OrganizationKind,
    RsvpStatus,
)
from ceremony.wording import (
    derived_name_order,
    label_for,
    latin_from_cyrillic,
    name_joined,
    name_with_initials,
    written_in_cyrillic,
)

from .base import enforce_rules, strip_spaces
from .events import Event

# The guests who may bring a companion (spouse, aide): protocol invites them with one.
COMPANION_CATEGORIES = (
    AttendeeCategory.HEAD_OF_STATE,
    AttendeeCategory.GOVERNMENT_OFFICIAL,
    AttendeeCategory.DIGNITARY,
)

# The languages an organization's name is written in (django-modeltranslation's name_en, ...).
NAME_LANGUAGES = tuple(code for code, _name in settings.LANGUAGES)


class Organization(Versioned):
    """An organization, by its names and short names in English, Russian and Kazakh (name_en,
    short_name_en, ...: ceremony/translation.py) and the other names guest lists write it by.

    Printouts and the admin show `name` and `short_name` in the active language, falling back to
    another. A name not given in a language is NULL, so that blanks never clash in the unique
    indexes (a short name alike); names that mean the same organization once quotes and legal forms
    are folded are refused by a rule (rules.blocking.organization_names_distinct), which the
    guest-list import relies on.
    """

    # Blank allowed: which language a name is given in is free; the constraint asks for one.
    name = models.CharField(_("name"), max_length=255, blank=True)
    short_name = models.CharField(
        _("short name"), max_length=100, blank=True, help_text=_("E.g. Роскосмос, ТАСС, Baiterek.")
    )
    aliases = models.TextField(
        _("other names"),
        blank=True,
        help_text=_("Other names and spellings that guest lists use for it, one per line."),
    )
    kind = models.CharField(
        _("kind"), max_length=32, choices=OrganizationKind, default=OrganizationKind.OTHER
    )
    country = CountryField(_("country"), blank=True)

    class Meta:
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        ordering = ["name"]
        constraints = [
            *(
                models.UniqueConstraint(
                    Lower(Trim(f"name_{code}")),
                    name=f"organization_name_{code}_unique_ignoring_case",
                    violation_error_message=_("An organization with this name already exists."),
                )
                for code in NAME_LANGUAGES
            ),
            models.CheckConstraint(
                condition=functools.reduce(
                    operator.or_,
                    (
                        models.Q(**{f"name_{code}__isnull": False}) & ~models.Q(**{f"name_{code}": ""})
                        for code in NAME_LANGUAGES
                    ),
                ),
                name="organization_has_a_name",
                violation_error_message=_("Give the organization's name in at least one language."),
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self._normalize()
        super().save(*args, **kwargs)

    def clean(self):
        self._normalize()
        enforce_rules(self)

    def _normalize(self):
        for code in NAME_LANGUAGES:
            for field in (f"name_{code}", f"short_name_{code}"):
                setattr(self, field, strip_spaces(getattr(self, field)) or None)
        lines = (" ".join(line.split()) for line in (self.aliases or "").splitlines())
        self.aliases = "\n".join(dict.fromkeys(line for line in lines if line))

    def name_in(self, language):
        """The name in `language`, or in another when it has none there."""
        return getattr(self, f"name_{language}", None) or self.name


class Person(Versioned):
    """Someone in the address book; the same person attends many events."""

    family_name = models.CharField(_("family name"), max_length=100)
    given_name = models.CharField(_("given name"), max_length=100)
    patronymic = models.CharField(_("patronymic"), max_length=100, blank=True)
    family_name_latin = models.CharField(_("family name in Latin letters"), max_length=100, blank=True)
    given_name_latin = models.CharField(_("given name in Latin letters"), max_length=100, blank=True)
    name_latin_generated = models.BooleanField(
        _("Latin name transliterated"),
        default=False,
        help_text=_(
            "Made from the Cyrillic name by the guest-list import, not checked against a passport. "
            "Editing the Latin name clears it."
        ),
    )
    name_order = models.CharField(
        _("name order"),
        max_length=16,
        choices=NameOrder,
        blank=True,
        help_text=_(
            "How the name is written in its own script. Left blank: given name first for names in "
            "Latin letters and people from outside the CIS, family name first for the others."
        ),
    )
    gender = models.CharField(
        _("gender"),
        max_length=8,
        choices=Gender,
        blank=True,
        help_text=_("For the Russian forms of roles and statuses on paper: Ведущий or Ведущая."),
    )
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

    @classmethod
    def from_db(cls, db, field_names, values):
        person = super().from_db(db, field_names, values)
        person._loaded_latin = person._latin_parts()
        return person

    def _latin_parts(self):
        return (self.__dict__.get("family_name_latin"), self.__dict__.get("given_name_latin"))

    def save(self, *args, **kwargs):
        self._normalize()
        super().save(*args, **kwargs)
        self._loaded_latin = self._latin_parts()

    def clean(self):
        self._normalize()

    def _normalize(self):
        for field in ("family_name", "given_name", "patronymic", "family_name_latin", "given_name_latin"):
            setattr(self, field, strip_spaces(getattr(self, field)))
        # A Latin name typed in by hand is no longer the import's transliteration.
        # (Only when the flag was loaded: a record read with a few fields is not read again for it.)
        loaded = getattr(self, "_loaded_latin", None)
        if self.__dict__.get("name_latin_generated") and loaded not in (None, self._latin_parts()):
            self.name_latin_generated = False
        # Blank is "no address", which must not clash with other blanks in the unique index.
        self.email = strip_spaces(self.email or "").lower() or None
        # One form for phone numbers, so that lists compare and re-import unchanged; a number that
        # cannot be read is kept as typed rather than lost.
        self.phone = normalize_phone(self.phone) or strip_spaces(self.phone) if self.phone else ""

    @property
    def full_name(self):
        """Family name first, as on Kazakh and Russian lists: Скляр Роман Васильевич."""
        return " ".join(part for part in (self.family_name, self.given_name, self.patronymic) if part)

    def latin_transliterate(self):
        """Give a Cyrillic name without a Latin form one, transliterated and marked so
        (`name_latin_generated`) until someone types the passport's spelling in."""
        if self.family_name_latin or self.given_name_latin:
            return
        if not written_in_cyrillic(self.family_name, self.given_name):
            return
        self.family_name_latin = latin_from_cyrillic(self.family_name)
        self.given_name_latin = latin_from_cyrillic(self.given_name)
        self.name_latin_generated = True

    @property
    def effective_name_order(self):
        """The order the name is written in: the record's, or derived from the name's script and the
        person's country (ceremony.wording.derived_name_order)."""
        return self.name_order or derived_name_order(
            family_name=self.family_name, given_name=self.given_name, country=self.country
        )

    @property
    def own_name(self):
        """The name in its own script and order: «Есенов Мурат Болатұлы», "Marco Oliveira"."""
        return name_joined(self.family_name, self.given_name, self.patronymic, self.effective_name_order)

    @property
    def latin_name(self):
        """The Latin form of a name written in another script: "Murat Yessenov". Given name first
        for Cyrillic names (as English lists write CIS names), else in the person's order."""
        order = NameOrder.GIVEN_FIRST
        if not written_in_cyrillic(self.family_name, self.given_name):
            order = self.effective_name_order
        return name_joined(self.family_name_latin, self.given_name_latin, "", order)

    def name_in(self, language):
        """The name as printed in a document in `language`: the one place that decides it.

        English documents print the Latin form when there is one; Russian and Kazakh ones the name
        in its own script (Cyrillic, or Latin letters as written: no Cyrillic is made up), and so
        does an English one for a name with no Latin form. Both in the person's order.
        """
        if language == "en" and self.latin_name:
            return self.latin_name
        return self.own_name

    def short_name_in(self, language):
        """`name_in` with the family name in full and initials for the rest: «Мусабаев Т. А.»,
        "T. Musabayev" (seating charts)."""
        if language == "en" and self.latin_name:
            order = NameOrder.GIVEN_FIRST
            if not written_in_cyrillic(self.family_name, self.given_name):
                order = self.effective_name_order
            return name_with_initials(self.family_name_latin, self.given_name_latin, "", order)
        return name_with_initials(
            self.family_name, self.given_name, self.patronymic, self.effective_name_order
        )

    def other_script_name_in(self, language):
        """The name's other form, printed beside `name_in` on badges and manifests (the Latin form
        in a Russian document); "" when there is none or it is the same."""
        other = self.own_name if language == "en" else self.latin_name
        return "" if other == self.name_in(language) else other

    def label_for(self, choice, label=None):
        """A role's or status's label in this person's grammatical gender (ceremony.wording)."""
        return label_for(self, choice, label)


class Delegation(Versioned):
    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="delegations"
    )
    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(
        _("short name"), max_length=100, blank=True, help_text=_("As lists print it, e.g. «Делегация РФ».")
    )
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

    def save(self, *args, **kwargs):
        self._normalize()
        super().save(*args, **kwargs)

    def clean(self):
        self._normalize()
        enforce_rules(self)

    def _normalize(self):
        # A name not given in a language is NULL: blanks must not clash in the unique indexes.
        for code in NAME_LANGUAGES:
            attname = f"name_{code}"
            setattr(self, attname, strip_spaces(getattr(self, attname, None) or "") or None)


def badge_code_for(attendee_id, issue):
    """«1234-1-9F2C4A0B7E61»: the attendee's id, the badge's issue and a signature of both.

    No personal data; signed with the site's secret key, so a code cannot be guessed or forged; the
    id and issue make a scan one indexed look-up, and tell a revoked badge from a stranger's. Digits,
    capitals and hyphens only, which QR encodes compactly (alphanumeric mode).
    """
    signature = salted_hmac("ceremony.badge", f"{attendee_id}-{issue}").hexdigest()[:12].upper()
    return f"{attendee_id}-{issue}-{signature}"


BADGE_CODE = re.compile(r"(\d{1,12})-(\d{1,5})-[0-9A-F]{12}")


def badge_code_parts(code):
    """(attendee id, issue) of a genuine badge code, or None for anything else."""
    code = (code or "").strip().upper()
    match = BADGE_CODE.fullmatch(code)
    if match is None:
        return None
    attendee_id, issue = int(match[1]), int(match[2])
    if not constant_time_compare(code, badge_code_for(attendee_id, issue)):
        return None
    return attendee_id, issue


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
    arrival_travel = models.CharField(
        _("flight or train"), max_length=100, blank=True, help_text=_("E.g. KC 851 or train 7.")
    )
    companion_name = models.CharField(
        _("companion"),
        max_length=200,
        blank=True,
        help_text=_("The name of the person accompanying the guest, for guests who may bring one."),
    )
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
    # When the attendee's badge was last printed to PDF (ceremony.services.protocol.badges_printed).
    badge_printed_at = models.DateTimeField(_("badge printed"), null=True, blank=True, editable=False)
    # A lost or stolen badge is revoked by issuing a new one: the code carries the issue, and the doors
    # refuse an earlier one (ceremony.services.protocol.badges_reissue).
    badge_issue = models.PositiveSmallIntegerField(_("badge issue"), default=1, editable=False)
    checkin_note = models.CharField(
        _("note for the doors"),
        max_length=255,
        blank=True,
        help_text=_("Shown to the usher when the guest's badge is scanned, e.g. “Escort to row 1”."),
    )

    class Meta:
        verbose_name = _("attendee")
        verbose_name_plural = _("attendees")
        ordering = ["event", models.F("precedence_rank").asc(nulls_last=True), "person__family_name"]
        permissions = [("export_attendee", _("Can export guest lists with their contact details"))]
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
    def may_bring_companion(self):
        """Heads of state, government officials and dignitaries may bring a companion."""
        return self.category in COMPANION_CATEGORIES

    @property
    def rsvp_label(self):
        """The RSVP status as printed: «Приглашена», «Подтвердил участие»."""
        return label_for(self.person, RsvpStatus(self.rsvp_status))

    @property
    def badge_code(self):
        """What a badge's QR code carries, and all it carries: see `badge_code_for`."""
        return badge_code_for(self.pk, self.badge_issue)

    def clean(self):
        enforce_rules(self)
