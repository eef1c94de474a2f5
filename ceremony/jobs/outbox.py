"""The job that sends the outbox: the messages that are due, over one SMTP connection, throttled.

A temporary refusal (SMTP 4xx, a connection refused or lost) puts the message back in the queue
after a backoff, settings.EMAIL_RETRY_BASE_SECONDS doubled at each attempt, until
settings.EMAIL_MAX_ATTEMPTS; a permanent one (5xx) fails it at once. Either way the server's answer
is kept. While queued messages wait for their next attempt, the job leaves one behind it that starts
then. Each message is claimed before it is sent, so it goes out once whatever the number of workers.
"""

import contextlib
import datetime
import smtplib
import time

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.db.models import F, Min
from django.utils import timezone
from django.utils.translation import gettext as _

from ceremony.models import OutboxMessage

from .services import job_start_by

KIND = "outbox_send"

State = OutboxMessage.State


def outbox_send_start(*, user=None, after=None):
    """Start the sending job, unless one already queued will start by `after` (now when None).
    Returns the job, or None where the backend cannot wait (then the next job started sends them)."""
    return job_start_by(kind=KIND, title=_("Sending the outbox"), user=user, after=after)


def outbox_send_job(job, progress):
    _abandoned_release()
    interval = 60 / max(1, settings.EMAIL_MESSAGES_PER_MINUTE)
    counts = {State.SENT: 0, State.FAILED: 0, State.QUEUED: 0}
    connection, last_sent, summary = None, None, None
    try:
        while True:
            if last_sent is not None:  # the throttle, before the next message is claimed
                time.sleep(max(0.0, last_sent + interval - time.monotonic()))
            if (message := _claim_next()) is None:
                break
            if connection is None:
                connection = get_connection()
            state, connection_lost = _send(connection, message)
            # Counted from when the server has the message: the first send also opens the
            # connection, which may take longer than the interval itself.
            last_sent = time.monotonic()
            if connection_lost:
                _close(connection)
                connection = None
            counts[state] += 1
            done = sum(counts.values())
            summary = _("Sent: %(sent)d; failed: %(failed)d; to be tried again: %(again)d.") % {
                "sent": counts[State.SENT],
                "failed": counts[State.FAILED],
                "again": counts[State.QUEUED],
            }
            progress(done, total=done + _due().count(), message=summary)
    finally:
        if connection is not None:
            _close(connection)
    later = OutboxMessage.objects.filter(state=State.QUEUED).aggregate(next=Min("next_attempt_at"))["next"]
    if later is not None:
        outbox_send_start(user=job.created_by, after=later)
    progress.finish(message=summary or _("Nothing was due to be sent."))


def _due():
    return OutboxMessage.objects.filter(state=State.QUEUED, next_attempt_at__lte=timezone.now())


def _claim_next():
    """The next due message, now `sending` and its attempt counted; None when none is due.

    PostgreSQL skips the rows another worker has locked; the conditional update makes the claim
    safe on SQLite too (one writer at a time there)."""
    while True:
        with transaction.atomic():
            message = _due().select_for_update(skip_locked=True).order_by("next_attempt_at", "pk").first()
            if message is None:
                return None
            claimed = OutboxMessage.objects.filter(pk=message.pk, state=State.QUEUED).update(
                state=State.SENDING, attempts=F("attempts") + 1, next_attempt_at=timezone.now()
            )
        if claimed:
            message.refresh_from_db()
            return message


def _abandoned_release():
    """Messages claimed (sending, since next_attempt_at) longer than settings.JOB_STALE_SECONDS ago lost
    their worker mid-send: they are queued again. One may then arrive twice, never not at all."""
    stale = timezone.now() - datetime.timedelta(seconds=settings.JOB_STALE_SECONDS)
    OutboxMessage.objects.filter(state=State.SENDING, next_attempt_at__lt=stale).update(state=State.QUEUED)


def _send(connection, message):
    """Send one message and record how it went; returns (its state, whether the connection is lost)."""
    email = EmailMultiAlternatives(
        subject=message.subject,
        body=message.body_text,
        to=[message.to],
        headers={"Content-Language": message.language},
        connection=connection,
    )
    if message.body_html:
        email.attach_alternative(message.body_html, "text/html")
    try:
        connection.open()  # once: the connection stays open for the next messages
        email.send()
    except (OSError, ValueError) as error:  # smtplib's errors are OSErrors
        temporary, reason = _refusal(error)
        # After a refusal the server takes the next message; after anything else, a new connection.
        lost = not isinstance(
            error, smtplib.SMTPResponseException | smtplib.SMTPRecipientsRefused | ValueError
        )
        if temporary and message.attempts < settings.EMAIL_MAX_ATTEMPTS:
            wait = settings.EMAIL_RETRY_BASE_SECONDS * 2 ** (message.attempts - 1)
            _record(
                message,
                state=State.QUEUED,
                last_error=reason,
                next_attempt_at=timezone.now() + datetime.timedelta(seconds=wait),
            )
            return State.QUEUED, lost
        _record(message, state=State.FAILED, last_error=reason, next_attempt_at=None)
        return State.FAILED, lost
    written = getattr(connection, "written", None)  # the file backend (ceremony.core.mail)
    _record(
        message,
        state=State.SENT,
        sent_at=timezone.now(),
        next_attempt_at=None,
        file_name=written[0] if written else "",
    )
    return State.SENT, False


def _refusal(error):
    """(whether it may pass if tried again, the server's answer or what went wrong)."""
    if isinstance(error, smtplib.SMTPRecipientsRefused) and error.recipients:
        code, text = next(iter(error.recipients.values()))
    elif isinstance(error, smtplib.SMTPResponseException):
        code, text = error.smtp_code, error.smtp_error
    elif isinstance(error, OSError) and not isinstance(error, smtplib.SMTPNotSupportedError):
        # Refused, timed out, disconnected: the server may be back later.
        return True, str(error) or type(error).__name__
    else:
        return False, str(error) or type(error).__name__
    if isinstance(text, bytes):
        text = text.decode("utf-8", errors="replace")
    return 400 <= code < 500, f"{code} {text}"


def _record(message, **values):
    OutboxMessage.objects.filter(pk=message.pk).update(**values)


def _close(connection):
    with contextlib.suppress(OSError):  # lost already; the next message opens a new one
        connection.close()
