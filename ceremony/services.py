"""Writes that touch several records of the ceremony app.

Functions are keyword-only and named <thing>_<verb>; each runs in one transaction.
"""

from django.db import transaction


@transaction.atomic
def attendee_set_rsvp(*, attendees, status):
    """Set the RSVP status of many attendees at once; returns how many changed."""
    return attendees.exclude(rsvp_status=status).update(rsvp_status=status)
