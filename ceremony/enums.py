"""Choices shared by models, forms, imports and printouts of the ceremony app."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class VenueKind(models.TextChoices):
    SQUARE = "square", _("Square or open-air site")
    HALL = "hall", _("Hall or theatre")
    MUSEUM = "museum", _("Museum")
    MONUMENT = "monument", _("Monument or memorial")
    LAUNCH_COMPLEX = "launch_complex", _("Launch complex")
    INDUSTRIAL_FACILITY = "industrial_facility", _("Industrial facility")
    EDUCATIONAL = "educational", _("School or university")
    AIRPORT = "airport", _("Airport")
    HOTEL = "hotel", _("Hotel or residence")
    BANQUET_HALL = "banquet_hall", _("Banquet hall or restaurant")
    OTHER = "other", _("Other")


class RowLabels(models.TextChoices):
    NUMBERS = "numbers", _("Numbers: 1, 2, 3…")
    LETTERS = "letters", _("Letters: A, B, C…")
    CYRILLIC_LETTERS = "cyrillic_letters", _("Cyrillic letters: А, Б, В…")


class SeatNumbering(models.TextChoices):
    LEFT_TO_RIGHT = "left_to_right", _("1, 2, 3… from the left")
    RIGHT_TO_LEFT = "right_to_left", _("1, 2, 3… from the right")
    ODD_EVEN = "odd_even", _("Odd on the left, even on the right, from the centre")


class OrganizationKind(models.TextChoices):
    GOVERNMENT = "government", _("Government")
    SPACE_AGENCY = "space_agency", _("Space agency")
    INDUSTRY = "industry", _("Industry")
    EDUCATION = "education", _("Education")
    MEDIA = "media", _("Media")
    VETERANS_COUNCIL = "veterans_council", _("Veterans' council")
    FOREIGN_DELEGATION = "foreign_delegation", _("Foreign delegation")
    NONPROFIT = "nonprofit", _("Non-profit organization")
    OTHER = "other", _("Other")


class AttendeeCategory(models.TextChoices):
    HEAD_OF_STATE = "head_of_state", _("Head of state")
    GOVERNMENT_OFFICIAL = "government_official", _("Government official")
    DIGNITARY = "dignitary", _("Dignitary")
    SPACE_INDUSTRY = "space_industry", _("Space-industry representative")
    COSMONAUT = "cosmonaut", _("Cosmonaut")
    VETERAN = "veteran", _("Veteran")
    ENGINEER = "engineer", _("Engineer")
    STUDENT = "student", _("Student")
    RESIDENT = "resident", _("Resident")
    PRESS = "press", _("Press")
    STAFF = "staff", _("Staff")
    OTHER = "other", _("Other")


class RsvpStatus(models.TextChoices):
    INVITED = "invited", _("Invited")
    CONFIRMED = "confirmed", _("Confirmed")
    DECLINED = "declined", _("Declined")
    ATTENDED = "attended", _("Attended")


class AnswerChannel(models.TextChoices):
    """How a guest's answer to an invitation came in."""

    WEB = "web", _("Personal RSVP page")
    PHONE = "phone", _("Phone")
    LETTER = "letter", _("Letter")
    EMAIL = "email", _("Email")
    IN_PERSON = "in_person", _("In person")


class InvitationState(models.TextChoices):
    """Where a personal RSVP link stands (the invitations list's filter)."""

    ACTIVE = "active", _("Not opened yet")
    OPENED = "opened", _("Opened")
    ANSWERED = "answered", _("Answered")
    REVOKED = "revoked", _("Replaced by a newer link")
    EXPIRED = "expired", _("Expired")


class ProgramItemKind(models.TextChoices):
    OPENING_CEREMONY = "opening_ceremony", _("Opening ceremony")
    SPEECH = "speech", _("Speech")
    VIDEO_ADDRESS = "video_address", _("Video address")
    FACILITY_VISIT = "facility_visit", _("Facility visit")
    AWARD_CEREMONY = "award_ceremony", _("Award ceremony")
    MEETING = "meeting", _("Meeting")
    YOUTH_EDUCATION = "youth_education", _("Youth and education program")
    TRIBUTE = "tribute", _("Tribute")
    RECEPTION = "reception", _("Reception")
    CULTURAL_PROGRAM = "cultural_program", _("Cultural program")
    TRANSFER = "transfer", _("Transfer")
    OTHER = "other", _("Other")


class ParticipantRole(models.TextChoices):
    HOST = "host", _("Host")
    SPEAKER = "speaker", _("Speaker")
    PRESENTER = "presenter", _("Presenter")
    GUEST = "guest", _("Guest")
    ESCORT = "escort", _("Escort")
    INTERPRETER = "interpreter", _("Interpreter")


class ClearanceStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    APPROVED = "approved", _("Approved")
    DENIED = "denied", _("Denied")


class IdentityDocumentType(models.TextChoices):
    NATIONAL_ID = "national_id", _("National identity card")
    PASSPORT = "passport", _("Passport")
    DIPLOMATIC_PASSPORT = "diplomatic_passport", _("Diplomatic passport")
    SERVICE_PASSPORT = "service_passport", _("Service passport")
    OTHER = "other", _("Other")


class VideoAddressStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    RECEIVED = "received", _("Received")
    TECHNICALLY_CHECKED = "technically_checked", _("Technically checked")
    APPROVED = "approved", _("Approved")
    PLAYED = "played", _("Played")


class PrecedenceTieBreak(models.TextChoices):
    LATIN_NAME = "latin_name", _("Alphabetically by name in Latin letters")
    TOOK_OFFICE = "took_office", _("By date of taking office, longest-serving first")


class Gender(models.TextChoices):
    """A person's grammatical gender, for the Russian forms of roles and statuses on paper."""

    FEMALE = "female", _("Female")
    MALE = "male", _("Male")


class NameOrder(models.TextChoices):
    """The order a person's name is written in, in its own script."""

    FAMILY_FIRST = "family_first", _("Family name first (Есенов Мурат Болатұлы)")
    GIVEN_FIRST = "given_first", _("Given name first (Marco Oliveira)")


class TableShape(models.TextChoices):
    """A banquet table's shape: round tables seat clockwise from the head of the table, long ones
    from the centre outwards."""

    ROUND = "round", _("Round")
    LONG = "long", _("Long")
