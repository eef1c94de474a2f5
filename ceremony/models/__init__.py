"""The ceremony: events, the people who attend them, where and when things happen.

Models hold fields, database constraints and small derived properties, one module per subject.
A rule that refuses a save lives in `ceremony.rules.blocking`; each model's clean() calls it in one
line. Callers import from here: `from ceremony.models import Attendee`.
"""

from .banquets import BanquetTable, TableAssignment
from .checkin import CheckIn, Entrance
from .events import Event, Venue, VenueSection
from .guest_imports import GuestImport, ValueMapping
from .invitations import Invitation, InvitationText
from .jobs import Job
from .outbox import OutboxMessage
from .people import Attendee, Delegation, Organization, Person
from .preferences import AdminPreference
from .program import Participation, ProgramItem, SeatAssignment, VideoAddress
from .show import ShowAdjustment, ShowMark, ShowScreen
from .visits import FacilityVisit, VisitParticipant

__all__ = [
    "AdminPreference",
    "Attendee",
    "BanquetTable",
    "CheckIn",
    "Delegation",
    "Entrance",
    "Event",
    "FacilityVisit",
    "GuestImport",
    "Invitation",
    "InvitationText",
    "Job",
    "Organization",
    "OutboxMessage",
    "Participation",
    "Person",
    "ProgramItem",
    "SeatAssignment",
    "ShowAdjustment",
    "ShowMark",
    "ShowScreen",
    "TableAssignment",
    "ValueMapping",
    "Venue",
    "VenueSection",
    "VideoAddress",
    "VisitParticipant",
]
