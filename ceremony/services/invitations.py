"""Invitations: personal RSVP links, and the answers that come back through them or otherwise."""

import hashlib
import secrets

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from ceremony.core.history import written_by
from ceremony.enums import AnswerChannel, RsvpStatus
from ceremony.models import Attendee, Invitation, VisitParticipant

# 32 bytes: 256 bits of randomness, 43 characters in the link.
TOKEN_BYTES = 32
# What an answer may set on the attendee, besides the RSVP state.
ANSWER_FIELDS = ("companion_name", "dietary_needs", "accessibility_needs", "arrival", "arrival_travel")
ANSWERS = {"yes": RsvpStatus.CONFIRMED, "no": RsvpStatus.DECLINED}


def token_hash(token):
    """What is stored of a token, and looked up by: its SHA-256, so that the database compares two
    hashes and the token itself is never kept."""
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def rsvp_path(token):
    """The absolute path of the RSVP page a token opens: /rsvp/<token>/."""
    return reverse("rsvp", args=[token])


@transaction.atomic
def invitation_issue(*, attendee, user=None):
    """A new personal link for `attendee`, revoking the one before. Returns (invitation, url_path):
    the path holds the token, which is stored nowhere, so this is the one time it can be read."""
    now = timezone.now()
    Invitation.objects.filter(attendee=attendee, revoked_at__isnull=True).update(revoked_at=now)
    token = secrets.token_urlsafe(TOKEN_BYTES)
    invitation = Invitation.objects.create(
        attendee=attendee,
        token_hash=token_hash(token),
        created_at=now,
        created_by=user if user is not None and user.is_authenticated else None,
        expires_at=attendee.event.over_at,
    )
    return invitation, rsvp_path(token)


@transaction.atomic
def invitations_issue(*, attendees, user=None):
    """New links for many attendees: [(attendee, url_path)], in the order given."""
    return [(attendee, invitation_issue(attendee=attendee, user=user)[1]) for attendee in attendees]


def invitation_for_token(token):
    """The valid invitation a token opens, with its attendee, person and event; None for an unknown,
    revoked or expired one alike."""
    return (
        Invitation.objects.valid()
        .select_related("attendee__person", "attendee__event")
        .filter(token_hash=token_hash(token))
        .first()
    )


def invitation_opened(*, invitation):
    """Note the first time the guest opened the page (the dashboard's "opened")."""
    if invitation.opened_at is None:
        invitation.opened_at = timezone.now()
        Invitation.objects.filter(pk=invitation.pk, opened_at__isnull=True).update(
            opened_at=invitation.opened_at
        )


def answers_open(event, now=None):
    """Whether guests may still answer or change their answer: before the reply deadline, and never
    after the event."""
    now = now or timezone.now()
    if event.reply_deadline is not None and now >= event.reply_deadline:
        return False
    return now < event.over_at


def restricted_visits(attendee):
    """The attendee's places on facility visits that need clearance: security asks for their
    identity document."""
    return VisitParticipant.objects.filter(attendee=attendee, visit__clearance_required=True)


@transaction.atomic
def attendee_answer(*, attendee, answer, channel, details=None, identity_document=None, user=None):
    """Record a guest's answer (`answer` "yes" or "no") with what they told (`details`, a dict of
    ANSWER_FIELDS), in one transaction, in the attendee's history as answered by the guest through
    `channel` (and by `user`, when an organizer took it down).

    `identity_document` ({"document_type", "document_number"}) is given only with the guest's
    consent; it goes onto their places on restricted visits, and a blank number keeps the stored one.
    """
    channel = AnswerChannel(channel)
    attendee = Attendee.objects.select_for_update().get(pk=attendee.pk)
    attendee.rsvp_status = ANSWERS[answer]
    for field, value in (details or {}).items():
        if field not in ANSWER_FIELDS:
            raise ValueError(f"An answer does not set {field}")
        setattr(attendee, field, value)
    if user is not None and user.is_authenticated:
        attendee._history_user = user
    with written_by(f"guest:{channel}"):
        attendee.save()
        if identity_document:
            _identity_document_set(attendee, identity_document)
    now = timezone.now()
    Invitation.objects.filter(attendee=attendee).valid().update(answered_at=now, answer_channel=channel)
    return attendee


def _identity_document_set(attendee, identity_document):
    for visitor in restricted_visits(attendee).select_for_update():
        visitor.document_type = identity_document["document_type"]
        if identity_document.get("document_number"):
            visitor.document_number = identity_document["document_number"]
        visitor.save()
