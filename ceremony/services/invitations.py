"""Invitations: personal RSVP links, and the answers that come back through them or otherwise."""

import hashlib
import re
import secrets

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from ceremony.core.history import written_by
from ceremony.core.links import absolute_url
from ceremony.enums import AnswerChannel, RsvpStatus
from ceremony.jobs.reminders import reminders_start
from ceremony.models import Attendee, Invitation, OutboxMessage, VisitParticipant
from ceremony.services.invitation_texts import message_for, texts_for
from ceremony.services.outbox import messages_queue

# A token is typed from a printed card: 26 characters of Crockford's base32 (no I, L, O, U) carry
# 130 random bits, printed in groups of five.
CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_LENGTH = 26
CODE_GROUP = 5
# What a reader or a typist confuses: Crockford's decoding forgives them.
CODE_CONFUSIONS = str.maketrans({"O": "0", "I": "1", "L": "1"})
_CODE_TYPED = re.compile(r"[\s\-\u2010-\u2015]+")
# What an answer may set on the attendee, besides the RSVP state.
ANSWER_FIELDS = ("companion_name", "dietary_needs", "accessibility_needs", "arrival", "arrival_travel")
ANSWERS = {"yes": RsvpStatus.CONFIRMED, "no": RsvpStatus.DECLINED}


def token_hash(token):
    """What is stored of a token, and looked up by: its SHA-256, so that the database compares two
    hashes and the token itself is never kept."""
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def code_new():
    """A new token: 130 random bits as 26 characters of Crockford's base32."""
    number = secrets.randbits(CODE_LENGTH * 5)
    return "".join(CODE_ALPHABET[(number >> (5 * i)) & 31] for i in range(CODE_LENGTH))


def code_normalized(typed):
    """The code a guest typed, as it was issued: any case, dashes and spaces dropped, O read as 0
    and I, L as 1. None when it cannot be a code (then only the raw text is looked up)."""
    code = _CODE_TYPED.sub("", typed).upper().translate(CODE_CONFUSIONS)
    if len(code) != CODE_LENGTH or any(character not in CODE_ALPHABET for character in code):
        return None
    return code


def code_grouped(code):
    """The code as printed to be typed: ABCDE-FGHJK-…"""
    return "-".join(code[i : i + CODE_GROUP] for i in range(0, len(code), CODE_GROUP))


def short_path(code):
    """The short address to type from a card: /i/ABCDE-FGHJK-…/."""
    return reverse("invitation-short", args=[code_grouped(code)])


def rsvp_path(token):
    """The absolute path of the RSVP page a token opens: /rsvp/<token>/."""
    return reverse("rsvp", args=[token])


@transaction.atomic
def invitation_issue(*, attendee, user=None):
    """A new personal link for `attendee`, revoking the one before. Returns (invitation, url_path):
    the path holds the token, which is stored nowhere, so this is the one time it can be read."""
    now = timezone.now()
    Invitation.objects.filter(attendee=attendee, revoked_at__isnull=True).update(revoked_at=now)
    token = code_new()
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


@transaction.atomic
def invitation_cards_issue(*, attendees, user=None, request=None):
    """New links for the guests whose invitation cards are printed, revoking their earlier ones, in
    two queries however many: [(attendee, absolute link, short address to type)]. Declined guests
    get no card. `attendees` come with their person and event."""
    attendees = [attendee for attendee in attendees if attendee.rsvp_status != RsvpStatus.DECLINED]
    codes = _issue_many(attendees, user)
    return [
        (
            attendee,
            absolute_url(rsvp_path(codes[attendee.pk]), request),
            absolute_url(short_path(codes[attendee.pk]), request).split("://", 1)[-1],
        )
        for attendee in attendees
    ]


def invitation_for_token(token):
    """The valid invitation a token opens, with its attendee, person and event; None for an unknown,
    revoked or expired one alike. A typed code is looked up as issued; the raw text too, for the
    links made before codes (43 characters, case-sensitive)."""
    hashes = {token_hash(token)}
    code = code_normalized(token)
    if code is not None:
        hashes.add(token_hash(code))
    return (
        Invitation.objects.valid()
        .select_related("attendee__person", "attendee__event")
        .filter(token_hash__in=hashes)
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


# ---------------------------------------------------------------------------------------------------
# Invitations and reminders by email

SKIP_NO_EMAIL = "no_email"
SKIP_INVITED = "invited"
SKIP_DECLINED = "declined"
SKIP_ANSWERED = "answered"
SKIP_REMINDED = "reminded"
SKIP_NOT_INVITED = "not_invited"


def _issue_many(attendees, user):
    """New links for many attendees in two queries: the old ones revoked by one update, the new ones
    written by one insert. Returns {attendee pk: the new code}, which is stored nowhere else."""
    now = timezone.now()
    Invitation.objects.filter(attendee__in=attendees, revoked_at__isnull=True).update(revoked_at=now)
    user = user if user is not None and user.is_authenticated else None
    codes = {attendee.pk: code_new() for attendee in attendees}
    Invitation.objects.bulk_create(
        (
            Invitation(
                attendee=attendee,
                token_hash=token_hash(codes[attendee.pk]),
                created_at=now,
                created_by=user,
                expires_at=attendee.event.over_at,
            )
            for attendee in attendees
        ),
        batch_size=500,
    )
    return codes


def invitation_sending_plan(attendees, *, again=False):
    """(to send, skipped): the attendees who get an invitation email, and [(attendee, reason)] for the
    others: no email, declined, or already invited (a valid link, or an invitation queued or sent)
    unless `again`. A fixed number of queries whatever the number of attendees."""
    attendees = list(attendees)
    pks = [attendee.pk for attendee in attendees]
    invited = set(Invitation.objects.valid().filter(attendee__in=pks).values_list("attendee", flat=True))
    invited |= set(
        OutboxMessage.objects.filter(
            attendee__in=pks,
            kind="invitation",
            state__in=[OutboxMessage.State.QUEUED, OutboxMessage.State.SENDING, OutboxMessage.State.SENT],
        ).values_list("attendee", flat=True)
    )
    send, skipped = [], []
    for attendee in attendees:
        if not attendee.person.email:
            skipped.append((attendee, SKIP_NO_EMAIL))
        elif attendee.rsvp_status == RsvpStatus.DECLINED:
            skipped.append((attendee, SKIP_DECLINED))
        elif attendee.pk in invited and not again:
            skipped.append((attendee, SKIP_INVITED))
        else:
            send.append(attendee)
    return send, skipped


def _messages_for(attendees, *, kind, user, threshold=None):
    """New links and one queued message each for `attendees` (with person and event loaded)."""
    codes = _issue_many(attendees, user)
    texts = {}
    messages = []
    for attendee in attendees:
        if attendee.event_id not in texts:
            texts[attendee.event_id] = texts_for(attendee.event, kind)
        language, subject, body = message_for(
            attendee, absolute_url(rsvp_path(codes[attendee.pk])), kind=kind, texts=texts[attendee.event_id]
        )
        messages.append(
            OutboxMessage(
                to=attendee.person.email,
                subject=subject,
                body_text=body,
                language=language,
                attendee=attendee,
                kind=kind if threshold is None else f"{kind}:{threshold}",
            )
        )
    return messages_queue(messages=messages, user=user)


@transaction.atomic
def invitations_send(*, attendees, again=False, user=None):
    """Email an invitation with a new personal link to each of `attendees` who should get one (see
    invitation_sending_plan), in one transaction; returns (messages queued, skipped)."""
    attendees = list(attendees)
    send, skipped = invitation_sending_plan(attendees, again=again)
    queued = _messages_for(send, kind="invitation", user=user) if send else []
    if queued:
        reminders_start(user=user)
    return queued, skipped


def reminder_plan(attendees, *, threshold=None, invited_before=None):
    """(to remind, skipped) among `attendees`: a reminder goes to guests sent an invitation (before
    `invited_before`, when given: one invited after a threshold's time is not reminded for it at once)
    who have not answered nor declined, have an email, and (with `threshold`, days before the
    deadline) were not reminded for it yet."""
    attendees = list(attendees)
    pks = [attendee.pk for attendee in attendees]
    sent = OutboxMessage.objects.filter(attendee__in=pks, kind="invitation").exclude(
        state=OutboxMessage.State.FAILED
    )
    if invited_before is not None:
        sent = sent.filter(created_at__lt=invited_before)
    invited = set(sent.values_list("attendee", flat=True))
    answered = set(
        Invitation.objects.filter(attendee__in=pks, answered_at__isnull=False).values_list(
            "attendee", flat=True
        )
    )
    reminded = set()
    if threshold is not None:
        reminded = set(
            OutboxMessage.objects.filter(attendee__in=pks, kind=f"reminder:{threshold}").values_list(
                "attendee", flat=True
            )
        )
    send, skipped = [], []
    for attendee in attendees:
        if not attendee.person.email:
            skipped.append((attendee, SKIP_NO_EMAIL))
        elif attendee.pk not in invited:
            skipped.append((attendee, SKIP_NOT_INVITED))
        elif attendee.rsvp_status == RsvpStatus.DECLINED:
            skipped.append((attendee, SKIP_DECLINED))
        elif attendee.pk in answered or attendee.rsvp_status != RsvpStatus.INVITED:
            skipped.append((attendee, SKIP_ANSWERED))
        elif attendee.pk in reminded:
            skipped.append((attendee, SKIP_REMINDED))
        else:
            send.append(attendee)
    return send, skipped


@transaction.atomic
def reminders_send(*, attendees, threshold=None, invited_before=None, user=None):
    """Remind those of `attendees` who have not answered (reminder_plan), each with a new personal
    link that replaces the one before; returns (messages queued, skipped)."""
    send, skipped = reminder_plan(attendees, threshold=threshold, invited_before=invited_before)
    queued = _messages_for(send, kind="reminder", user=user, threshold=threshold) if send else []
    return queued, skipped
