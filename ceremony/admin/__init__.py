"""The admin is the organizers' main tool: every record of the ceremony is edited here.

One module per subject registers its models (events, people, program, visits, guest imports); the
others hold what they share: `mixins` (times in the event's zone, optimistic locking), `inputs`
(bad input answered with an error, never a server error), `history`, `search` and `forms`.
"""

from . import (
    banquets,
    checkin,
    events,
    guest_imports,
    invitations,
    jobs,
    outbox,
    people,
    program,
    show,
    site,
    visits,
)

__all__ = [
    "banquets",
    "checkin",
    "events",
    "guest_imports",
    "invitations",
    "jobs",
    "outbox",
    "people",
    "program",
    "show",
    "site",
    "visits",
]
