"""The ceremony: events, the people who attend them, where and when things happen.

Models hold fields, database constraints and small derived properties, one module per subject.
A rule that refuses a save lives in `ceremony.rules.blocking`; each model's clean() calls it in one
line. Callers import from here: `from ceremony.models import Attendee`.
"""

from .events import Event, Venue
from .guest_imports import GuestImport, ValueMapping
from .invitations import Invitation
from .jobs import Job
from .people import Attendee, Delegation, Organization, Person
from .preferences import AdminPreference
from .program import Participation, ProgramItem, SeatAssignment, VideoAddress
from .visits import FacilityVisit, VisitParticipant

__all__ = [
    "AdminPreference",
    "Attendee",
    "Delegation",
    "Event",
    "FacilityVisit",
    "GuestImport",
    "Invitation",
    "Job",
    "Organization",
    "Participation",
    "Person",
    "ProgramItem",
    "SeatAssignment",
    "ValueMapping",
    "Venue",
    "VideoAddress",
    "VisitParticipant",
]
