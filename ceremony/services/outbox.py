"""The outbox: email messages queued for the sending job (ceremony.jobs.outbox), failed ones sent again."""

from django.db import transaction
from django.utils import timezone

from ceremony.jobs.outbox import outbox_send_start
from ceremony.models import OutboxMessage


@transaction.atomic
def message_queue(
    *, to, subject, body_text, body_html="", language, attendee=None, kind="", user=None
) -> OutboxMessage:
    """Queue one message to `to` and make sure the sending job will take it; returns it.

    `language` is the message's own (its Content-Language); `kind` says what it is (e.g. "invitation").
    The message and the job are written in one transaction: a worker sees both or neither."""
    message = OutboxMessage.objects.create(
        to=to,
        subject=subject,
        body_text=body_text,
        body_html=body_html,
        language=language,
        attendee=attendee,
        kind=kind,
        created_by=user,
        next_attempt_at=timezone.now(),
    )
    outbox_send_start(user=user)
    return message


@transaction.atomic
def messages_send_again(*, messages, user=None):
    """Queue the failed ones among `messages` again, their attempts counted from nought; returns how many."""
    again = OutboxMessage.objects.filter(
        pk__in=[message.pk for message in messages], state=OutboxMessage.State.FAILED
    ).update(state=OutboxMessage.State.QUEUED, attempts=0, next_attempt_at=timezone.now())
    if again:
        outbox_send_start(user=user)
    return again


@transaction.atomic
def messages_queue(*, messages, user=None):
    """Queue many messages at once (unsaved OutboxMessage objects) with one insert and one start of
    the sending job, whatever their number; returns them."""
    now = timezone.now()
    for message in messages:
        message.created_by = user
        message.next_attempt_at = now
        message.state = OutboxMessage.State.QUEUED
    created = OutboxMessage.objects.bulk_create(messages, batch_size=500)
    if created:
        outbox_send_start(user=user)
    return created
