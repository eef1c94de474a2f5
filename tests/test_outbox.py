"""The email outbox: messages queued, sent by a job over SMTP, throttled, tried again after a temporary
refusal and failed at once by a permanent one, each with the server's answer.

The SMTP server is real: aiosmtpd on a free local port, taking what the job's workers (real `db_worker`
processes, tests/job_workers.py) send it, and refusing the recipients a test chooses.
"""

import datetime
import email
import email.policy
import itertools
import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from django.contrib.auth.models import Group
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from ceremony.jobs.outbox import KIND, outbox_send_start
from ceremony.jobs.services import job_start
from ceremony.models import Job, OutboxMessage
from ceremony.services.outbox import message_queue
from tests import factories
from tests.job_workers import wait_until

ROOT = Path(__file__).resolve().parent.parent

SUBJECT_KK = "Байқоңыр 70: шақыру"
BODY_KK = "Құрметті Әлия Серікқызы, сізді салтанатты жиынға шақырамыз. Өтінеміз, жауап беріңіз."
SUBJECT_RU = "Байконур 70: приглашение"
BODY_RU = "Уважаемый Юрий Алексеевич, приглашаем вас на торжественное собрание."


class Handler:
    """Keeps every message it takes (with the time it took it); answers 451 to the first attempt for
    the addresses in `busy` and 550 to every attempt for those in `unknown`."""

    def __init__(self):
        self.received = []
        self.busy, self.unknown = set(), set()
        self.refused = []

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.unknown:
            self.refused.append(address)
            return "550 5.1.1 No such mailbox here"
        if address in self.busy:
            self.busy.discard(address)
            self.refused.append(address)
            return "451 4.3.0 Try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        parsed = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.received.append((time.monotonic(), envelope.rcpt_tos, parsed))
        return "250 Message accepted for delivery"

    def subjects_to(self, address):
        # Django folds an encoded subject onto the next line ("Subject:" CRLF " =?utf-8?b?...?="), which
        # Python's parser reads with the folding space in front; mail programs drop it.
        return [parsed["Subject"].lstrip() for parsed in self.messages_to(address)]

    def messages_to(self, address):
        return [parsed for _at, recipients, parsed in self.received if address in recipients]


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp_server():
    handler = Handler()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    handler.url = f"smtp://127.0.0.1:{controller.port}"
    yield handler
    controller.stop()


def start_worker(workers, smtp_server, **settings):
    return workers.start(
        "mail-worker",
        EMAIL_URL=smtp_server.url,
        **{"EMAIL_MESSAGES_PER_MINUTE": 60_000, "EMAIL_RETRY_BASE_SECONDS": 1} | settings,
    )


def wait_until_settled(count=None, seconds=30):
    """Until no message is queued or being sent, and no job of the outbox waits or runs."""

    def settled():
        pending = OutboxMessage.objects.filter(state__in=["queued", "sending"]).exists()
        jobs = Job.objects.filter(kind=KIND, state__in=["queued", "running"]).exists()
        return not pending and not jobs

    wait_until(settled, "the outbox to be sent", seconds=seconds)


# ---------------------------------------------------------------------------------------------------
# Through a real worker and a real SMTP server


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_queued_messages_reach_the_smtp_server_with_their_text_intact(workers, smtp_server):
    user = factories.UserFactory(username="aigerim")
    attendee = factories.AttendeeFactory()
    message_queue(
        to="aliya@example.kz",
        subject=SUBJECT_KK,
        body_text=BODY_KK,
        body_html=f"<p>{BODY_KK}</p>",
        language="kk",
        attendee=attendee,
        kind="invitation",
        user=user,
    )
    message_queue(to="yuri@example.ru", subject=SUBJECT_RU, body_text=BODY_RU, language="ru")
    start_worker(workers, smtp_server)
    wait_until_settled()

    [kazakh] = smtp_server.messages_to("aliya@example.kz")
    assert (smtp_server.subjects_to("aliya@example.kz"), kazakh["To"], kazakh["Content-Language"]) == (
        [SUBJECT_KK],
        "aliya@example.kz",
        "kk",
    )
    assert kazakh.get_body(("plain",)).get_content().strip() == BODY_KK
    assert kazakh.get_body(("html",)).get_content().strip() == f"<p>{BODY_KK}</p>"
    [russian] = smtp_server.messages_to("yuri@example.ru")
    assert smtp_server.subjects_to("yuri@example.ru") == [SUBJECT_RU]
    assert russian.get_content().strip() == BODY_RU  # text alone, no HTML part
    assert russian.get_content_type() == "text/plain"
    sent = OutboxMessage.objects.get(to="aliya@example.kz")
    assert (sent.state, sent.attempts, sent.last_error, sent.attendee, sent.created_by) == (
        "sent",
        1,
        "",
        attendee,
        user,
    )
    assert sent.sent_at is not None
    job = Job.objects.filter(kind=KIND).order_by("pk").last()
    assert (job.state, job.done, job.total) == ("done", 2, 2)
    assert job.message == "Sent: 2; failed: 0; to be tried again: 0."


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_451_is_tried_again_later_and_then_delivered(workers, smtp_server):
    smtp_server.busy.add("busy@example.kz")
    message_queue(to="busy@example.kz", subject=SUBJECT_KK, body_text=BODY_KK, language="kk")
    start_worker(workers, smtp_server)
    wait_until_settled()

    assert smtp_server.refused == ["busy@example.kz"]
    assert smtp_server.subjects_to("busy@example.kz") == [SUBJECT_KK]
    message = OutboxMessage.objects.get()
    # The answer to the refused attempt stays, for whoever wonders why it took longer.
    assert (message.state, message.attempts, message.last_error) == (
        "sent",
        2,
        "451 4.3.0 Try again later",
    )
    # The first job left one behind it for the retry, a second later (EMAIL_RETRY_BASE_SECONDS).
    jobs = list(Job.objects.filter(kind=KIND).order_by("pk"))
    assert [job.message for job in jobs] == [
        "Sent: 0; failed: 0; to be tried again: 1.",
        "Sent: 1; failed: 0; to be tried again: 0.",
    ]


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_550_fails_the_message_at_once_with_the_servers_reason(workers, smtp_server):
    smtp_server.unknown.add("nobody@example.kz")
    message_queue(to="nobody@example.kz", subject=SUBJECT_RU, body_text=BODY_RU, language="ru")
    message_queue(to="yuri@example.ru", subject=SUBJECT_RU, body_text=BODY_RU, language="ru")
    start_worker(workers, smtp_server)
    wait_until_settled()

    failed = OutboxMessage.objects.get(to="nobody@example.kz")
    assert (failed.state, failed.attempts, failed.last_error, failed.sent_at) == (
        "failed",
        1,
        "550 5.1.1 No such mailbox here",
        None,
    )
    assert smtp_server.refused == ["nobody@example.kz"]
    # The refusal of one recipient does not stop the next message on the same connection.
    assert OutboxMessage.objects.get(to="yuri@example.ru").state == "sent"
    assert len(smtp_server.messages_to("yuri@example.ru")) == 1


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_server_that_stays_busy_fails_the_message_after_the_last_attempt(workers, smtp_server):
    smtp_server.busy.add("busy@example.kz")
    message_queue(to="busy@example.kz", subject=SUBJECT_KK, body_text=BODY_KK, language="kk")
    start_worker(workers, smtp_server, EMAIL_MAX_ATTEMPTS=1)
    wait_until_settled()

    message = OutboxMessage.objects.get()
    assert (message.state, message.attempts, message.last_error) == ("failed", 1, "451 4.3.0 Try again later")
    assert smtp_server.received == []


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_sending_is_throttled_to_the_messages_per_minute(workers, smtp_server):
    for number in range(3):
        message_queue(to=f"guest{number}@example.kz", subject=SUBJECT_KK, body_text=BODY_KK, language="kk")
    start_worker(workers, smtp_server, EMAIL_MESSAGES_PER_MINUTE=600)  # one every 0.1 s
    wait_until_settled()

    times = [at for at, _recipients, _parsed in smtp_server.received]
    assert len(times) == 3
    gaps = [later - earlier for earlier, later in itertools.pairwise(times)]
    assert min(gaps) >= 0.09, gaps


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_two_workers_send_each_message_once(workers, smtp_server):
    for number in range(8):
        message_queue(to=f"guest{number}@example.kz", subject=SUBJECT_RU, body_text=BODY_RU, language="ru")
    # A second job beside the first (one started again by hand, say), for a second worker to run.
    job_start(kind=KIND, title="Sending the outbox")
    start_worker(workers, smtp_server, EMAIL_MESSAGES_PER_MINUTE=1200)
    workers.start("mail-worker-2", EMAIL_URL=smtp_server.url, EMAIL_MESSAGES_PER_MINUTE=1200)
    wait_until_settled()

    received = sorted(
        recipient for _at, recipients, _parsed in smtp_server.received for recipient in recipients
    )
    assert received == sorted(f"guest{number}@example.kz" for number in range(8))
    assert set(OutboxMessage.objects.values_list("state", "attempts")) == {("sent", 1)}


# ---------------------------------------------------------------------------------------------------
# Settings


def email_settings(**env):
    """The real settings' email values in a fresh interpreter with exactly this environment."""
    code = (
        "import json, baikonur_events.settings as s; "
        "print(json.dumps({name: str(getattr(s, name)) for name in "
        "('EMAIL_BACKEND', 'EMAIL_HOST', 'EMAIL_PORT', 'EMAIL_HOST_USER', 'EMAIL_HOST_PASSWORD', "
        "'EMAIL_USE_TLS', 'EMAIL_USE_SSL', 'EMAIL_FILE_PATH', 'DEFAULT_FROM_EMAIL', "
        "'EMAIL_MESSAGES_PER_MINUTE')}))"
    )
    result = subprocess.run(  # noqa: S603 (our own interpreter)
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={"PATH": os.environ["PATH"], "SECRET_KEY": "x", **env},
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout)


def test_email_url_with_tls_names_the_server_its_port_and_account():
    values = email_settings(EMAIL_URL="smtp+tls://ceremony:s%40cret@smtp.example.kz:587")
    assert values | {"EMAIL_FILE_PATH": ""} == {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "smtp.example.kz",
        "EMAIL_PORT": "587",
        "EMAIL_HOST_USER": "ceremony",
        "EMAIL_HOST_PASSWORD": "s@cret",
        "EMAIL_USE_TLS": "True",
        "EMAIL_USE_SSL": "False",
        "EMAIL_FILE_PATH": "",
        "DEFAULT_FROM_EMAIL": "Baikonur 70 <ceremony@localhost>",
        "EMAIL_MESSAGES_PER_MINUTE": "60",
    }


def test_email_url_with_ssl_and_a_plain_one():
    ssl = email_settings(
        EMAIL_URL="smtp+ssl://ceremony:pw@smtp.example.kz:465", EMAIL_MESSAGES_PER_MINUTE="30"
    )
    assert (
        ssl["EMAIL_USE_SSL"],
        ssl["EMAIL_USE_TLS"],
        ssl["EMAIL_PORT"],
        ssl["EMAIL_MESSAGES_PER_MINUTE"],
    ) == (
        "True",
        "False",
        "465",
        "30",
    )
    plain = email_settings(EMAIL_URL="smtp://relay.local:25", DEFAULT_FROM_EMAIL="protocol@baikonur.kz")
    assert (plain["EMAIL_HOST"], plain["EMAIL_PORT"], plain["EMAIL_USE_TLS"], plain["EMAIL_HOST_USER"]) == (
        "relay.local",
        "25",
        "False",
        "",
    )
    assert plain["DEFAULT_FROM_EMAIL"] == "protocol@baikonur.kz"


def test_without_email_url_messages_are_written_to_files_under_var():
    values = email_settings()
    assert (values["EMAIL_BACKEND"], values["EMAIL_FILE_PATH"]) == (
        "ceremony.core.mail.FileBackend",
        str(ROOT / "var" / "outbox-mail"),
    )


# ---------------------------------------------------------------------------------------------------
# The file backend and the admin (jobs run at once on the tests' immediate backend)


@pytest.fixture
def file_backend(settings, tmp_path):
    settings.EMAIL_BACKEND = "ceremony.core.mail.FileBackend"
    settings.EMAIL_FILE_PATH = tmp_path / "outbox-mail"
    return settings.EMAIL_FILE_PATH


def organizer():
    user = factories.UserFactory(username="aigerim", is_staff=True)
    user.groups.add(Group.objects.get(name="Organizer"))
    return user


@pytest.mark.django_db
def test_the_file_backend_writes_each_message_to_a_file_the_outbox_links_to(client, file_backend):
    message_queue(to="aliya@example.kz", subject=SUBJECT_KK, body_text=BODY_KK, language="kk")
    message_queue(to="yuri@example.ru", subject=SUBJECT_RU, body_text=BODY_RU, language="ru")
    kazakh = OutboxMessage.objects.get(to="aliya@example.kz")
    assert kazakh.state == "sent"
    assert sorted(path.name for path in file_backend.iterdir()) == sorted(
        OutboxMessage.objects.values_list("file_name", flat=True)
    )
    written = email.message_from_bytes(
        (file_backend / kazakh.file_name).read_bytes(), policy=email.policy.default
    )
    assert (written["Subject"].lstrip(), written["To"], written.get_content().strip()) == (
        SUBJECT_KK,
        "aliya@example.kz",
        BODY_KK,
    )

    client.force_login(organizer())
    page = client.get(reverse("admin:ceremony_outboxmessage_change", args=[kazakh.pk])).content.decode()
    link = reverse("admin:ceremony_outboxmessage_file", args=[kazakh.pk])
    assert f'<a href="{link}">{kazakh.file_name}</a>' in page
    response = client.get(link)
    assert (response.status_code, response["Content-Type"]) == (200, "text/plain; charset=utf-8")
    assert b"".join(response.streaming_content) == (file_backend / kazakh.file_name).read_bytes()


@pytest.mark.django_db
def test_a_message_file_is_for_those_who_may_see_the_outbox(client, file_backend):
    message_queue(to="aliya@example.kz", subject=SUBJECT_KK, body_text=BODY_KK, language="kk")
    message = OutboxMessage.objects.get()
    link = reverse("admin:ceremony_outboxmessage_file", args=[message.pk])
    viewer = factories.UserFactory(username="viewer", is_staff=True)
    viewer.groups.add(Group.objects.get(name="Viewer"))
    client.force_login(viewer)
    assert client.get(link).status_code == 403
    assert client.get(reverse("admin:ceremony_outboxmessage_changelist")).status_code == 403
    client.logout()
    assert client.get(link).status_code == 302  # to the login page


@pytest.mark.django_db
def test_the_outbox_lists_messages_with_their_state_and_attempts(client):
    factories.OutboxMessageFactory(to="sent@example.kz", subject="Приглашение", state="sent", attempts=1)
    factories.OutboxMessageFactory(
        to="failed@example.kz",
        subject="Шақыру",
        state="failed",
        attempts=1,
        last_error="550 5.1.1 No such user",
    )
    client.force_login(organizer())
    changelist = reverse("admin:ceremony_outboxmessage_changelist")
    page = client.get(changelist, {"state": "failed"}).content.decode()
    assert "failed@example.kz" in page
    assert "sent@example.kz" not in page
    page = client.get(changelist, {"q": "Приглашение"}).content.decode()
    assert "sent@example.kz" in page
    assert "failed@example.kz" not in page


@pytest.mark.django_db
def test_send_again_queues_the_failed_messages_and_sends_them(client):
    failed = factories.OutboxMessageFactory(
        to="failed@example.kz", state="failed", attempts=3, last_error="451 4.3.0 Try again later"
    )
    sent = factories.OutboxMessageFactory(to="sent@example.kz", state="sent", attempts=1)
    client.force_login(organizer())
    response = client.post(
        reverse("admin:ceremony_outboxmessage_changelist"),
        {"action": "send_again", "_selected_action": [failed.pk, sent.pk]},
        follow=True,
    )
    assert "1 failed message was queued to be sent again." in response.content.decode()
    failed.refresh_from_db()
    assert (failed.state, failed.attempts) == ("sent", 1)
    assert [message.to for message in mail.outbox] == [
        ["failed@example.kz"]
    ]  # the sent one is not sent twice


@pytest.mark.django_db
def test_a_delayed_send_is_not_started_where_the_backend_cannot_wait():
    # The immediate backend runs a job at once: a job for later would run now and find nothing due.
    later = timezone.now() + datetime.timedelta(minutes=5)
    assert outbox_send_start(after=later) is None


@pytest.mark.django_db
def test_a_message_whose_worker_died_while_sending_it_is_sent_by_the_next_job(settings):
    settings.JOB_STALE_SECONDS = 600
    abandoned = factories.OutboxMessageFactory(
        to="aliya@example.kz",
        state="sending",
        attempts=1,
        next_attempt_at=timezone.now() - datetime.timedelta(minutes=11),
    )
    being_sent = factories.OutboxMessageFactory(
        to="yuri@example.ru",
        state="sending",
        attempts=1,
        next_attempt_at=timezone.now() - datetime.timedelta(minutes=1),
    )
    outbox_send_start()
    abandoned.refresh_from_db()
    being_sent.refresh_from_db()
    assert (abandoned.state, abandoned.attempts) == ("sent", 2)
    assert (being_sent.state, being_sent.attempts) == ("sending", 1)  # its worker may still be at it
    assert [message.to for message in mail.outbox] == [["aliya@example.kz"]]


@pytest.mark.django_db
def test_a_server_that_cannot_be_reached_is_tried_again_then_the_message_fails(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", free_port()  # nobody listens there
    settings.EMAIL_MAX_ATTEMPTS = 3  # retried at once: EMAIL_RETRY_BASE_SECONDS is 0 in the tests
    message = message_queue(to="aliya@example.kz", subject=SUBJECT_KK, body_text=BODY_KK, language="kk")
    message.refresh_from_db()
    assert (message.state, message.attempts, message.last_error) == (
        "failed",
        3,
        "[Errno 111] Connection refused",
    )
