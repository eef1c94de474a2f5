"""Invitations and reminders by email: the texts per event and language, their preview, the attendee
actions that send them, and the reminders' thresholds. Mail goes through the outbox's job (the tests'
immediate backend runs it) to a real SMTP server (aiosmtpd, as in test_outbox)."""

import datetime
import re

import pytest
from aiosmtpd.controller import Controller
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from ceremony.enums import RsvpStatus
from ceremony.jobs.reminders_due import reminders_send_due
from ceremony.models import Attendee, Invitation, InvitationText, OutboxMessage
from ceremony.services import invitation_texts
from ceremony.services.invitations import attendee_answer, invitations_send
from tests import factories
from tests.test_outbox import Handler, free_port

ATTENDEES = reverse("admin:ceremony_attendee_changelist")
LINK = re.compile(r"https?://\S+/rsvp/[A-Za-z0-9_-]+/")


@pytest.fixture
def smtp(settings):
    handler = Handler()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", controller.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_MESSAGES_PER_MINUTE = 60_000
    settings.SITE_URL = "https://ceremony.example.kz"
    yield handler
    controller.stop()


@pytest.fixture
def event():
    start = timezone.localdate() + datetime.timedelta(days=30)
    return factories.EventFactory(
        name="70th anniversary of the city of Baikonur",
        name_kk="Байқоңыр қаласының 70 жылдығы",
        name_ru="70-летие города Байконур",
        city="Baikonur",
        city_kk="Байқоңыр",
        start_date=start,
        end_date=start + datetime.timedelta(days=1),
        default_language="ru",
        reply_deadline=timezone.now() + datetime.timedelta(days=20),
        rsvp_contact="Protocol office, protocol@baikonur.kz",
    )


def guest(event, email, language="", **person):
    return factories.AttendeeFactory(
        event=event,
        person__email=email,
        person__preferred_language=language,
        **{f"person__{key}": value for key, value in person.items()},
    )


@pytest.fixture
def kazakh(event):
    return guest(
        event, "aliya@example.kz", "kk", family_name="Серікқызы", given_name="Әлия", honorific="Құрметті"
    )


@pytest.fixture
def english(event):
    return guest(
        event,
        "murat@example.kz",
        "en",
        family_name="Есенов",
        given_name="Мурат",
        family_name_latin="Yessenov",
        given_name_latin="Murat",
        honorific="Mr",
        position="Deputy Akim",
    )


def body_of(message):
    return message.get_body(("plain",)).get_content()


def send_action(client, attendees, **data):
    return client.post(
        ATTENDEES, {"action": "send_invitations", "_selected_action": [a.pk for a in attendees], **data}
    )


# ---------------------------------------------------------------------------------------------------
# Sending


@pytest.mark.django_db(transaction=True)
def test_invitations_arrive_in_the_guests_language_with_a_link_to_their_own_page(
    admin_client, smtp, event, kazakh, english
):
    InvitationText.objects.create(
        event=event,
        language="en",
        kind="invitation",
        subject="{event}: your invitation, {name}",
        body=(
            "Dear {form_of_address} {name}, {position}: {event}, {dates}, {venue}. "
            "Answer by {deadline}: {link} ({contact})"
        ),
    )
    response = send_action(admin_client, [kazakh, english], post="yes")
    assert response.status_code == 302

    [message_kk] = smtp.messages_to("aliya@example.kz")
    assert message_kk["Content-Language"] == "kk"
    assert smtp.subjects_to("aliya@example.kz") == ["Шақыру: Байқоңыр қаласының 70 жылдығы"]
    body_kk = body_of(message_kk)
    assert "Құрметті Серікқызы Әлия" in body_kk or "Құрметті Әлия Серікқызы" in body_kk
    assert "Байқоңыр" in body_kk
    assert "{" not in body_kk

    [message_en] = smtp.messages_to("murat@example.kz")
    assert smtp.subjects_to("murat@example.kz") == [
        "70th anniversary of the city of Baikonur: your invitation, Murat Yessenov"
    ]
    body_en = body_of(message_en)
    assert "Dear Mr Murat Yessenov, Deputy Akim: 70th anniversary of the city of Baikonur" in body_en
    assert "Protocol office, protocol@baikonur.kz" in body_en

    for message, name in ((message_kk, "Әлия"), (message_en, "Murat")):
        [link] = LINK.findall(body_of(message))
        assert link.startswith("https://ceremony.example.kz/rsvp/")
        page = Client().get(link.removeprefix("https://ceremony.example.kz"))
        assert page.status_code == 200
        assert name in page.content.decode()
    other_name = "Murat" if name == "Әлия" else "Әлия"
    assert other_name not in page.content.decode()
    assert set(OutboxMessage.objects.values_list("kind", "language", "state")) == {
        ("invitation", "kk", "sent"),
        ("invitation", "en", "sent"),
    }


@pytest.mark.django_db
def test_the_page_says_who_gets_one_and_who_is_skipped_and_why(admin_client, event, kazakh, english):
    nobody = guest(event, None, family_name="Безадреса")
    declined = guest(event, "no@example.kz", family_name="Отказов")
    declined.rsvp_status = RsvpStatus.DECLINED
    declined.save()
    invitations_send(attendees=[english])
    page = send_action(admin_client, [kazakh, english, nobody, declined]).content.decode()
    assert "1 attendee will get an email" in page
    assert "no email address: 1" in page
    assert "Безадреса" in page
    assert "declined: 1" in page
    assert "Отказов" in page
    assert "already invited: 1" in page
    assert OutboxMessage.objects.count() == 1  # the page sends nothing


@pytest.mark.django_db
def test_send_again_sends_to_those_invited_with_a_new_link(admin_client, event, english):
    invitations_send(attendees=[english])
    first = Invitation.objects.get(attendee=english)
    send_action(admin_client, [english], post="yes")
    assert OutboxMessage.objects.filter(attendee=english).count() == 1  # skipped: already invited
    send_action(admin_client, [english], post="yes", again="on")
    assert OutboxMessage.objects.filter(attendee=english).count() == 2
    first.refresh_from_db()
    assert first.revoked_at is not None
    assert Invitation.objects.valid().filter(attendee=english).count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize("count", [3, 30])
def test_sending_to_many_takes_a_bounded_number_of_queries_and_starts_the_job_once(
    monkeypatch, event, django_assert_max_num_queries, count
):
    started = []
    monkeypatch.setattr("ceremony.services.outbox.outbox_send_start", lambda **kw: started.append(kw))
    monkeypatch.setattr("ceremony.services.invitations.reminders_start", lambda **kw: None)
    for n in range(count):
        guest(event, f"g{n}@example.kz", ["en", "ru", "kk"][n % 3])
    attendees = list(Attendee.objects.select_related("person", "event"))
    with django_assert_max_num_queries(12):
        queued, skipped = invitations_send(attendees=attendees)
    assert (len(queued), skipped, len(started)) == (count, [], 1)


@pytest.mark.django_db
def test_the_action_needs_the_right_to_send_invitations(client, event, english):
    user = factories.UserFactory(username="viewer", is_staff=True)
    user.groups.add(Group.objects.get(name="Viewer"))
    client.force_login(user)
    send_action(client, [english], post="yes")
    assert not OutboxMessage.objects.exists()


# ---------------------------------------------------------------------------------------------------
# Hostile text


@pytest.mark.django_db(transaction=True)
def test_newlines_and_control_characters_cannot_add_headers(smtp, event):
    hostile = guest(
        event,
        "victim@example.kz",
        "en",
        family_name_latin="Smith\r\nBcc: all@example.com",
        given_name_latin="John\x00\x1b[31m",
        family_name="Smith",
        given_name="John",
        honorific="Mr\nX-Injected: yes",
    )
    InvitationText.objects.create(
        event=event, language="en", kind="invitation", subject="Hello {form_of_address} {name}", body="{link}"
    )
    invitations_send(attendees=[hostile])
    [message] = smtp.messages_to("victim@example.kz")
    assert message["Bcc"] is None
    assert message["X-Injected"] is None
    assert [recipients for _at, recipients, _m in smtp.received] == [["victim@example.kz"]]
    subject = smtp.subjects_to("victim@example.kz")[0]
    assert not {"\n", "\x00", "\x1b"} & set(subject)
    assert subject.startswith("Hello Mr X-Injected: yes")


def test_values_lose_control_characters_and_the_subject_its_line_breaks():
    assert invitation_texts.clean_value("a\r\nb\x00c\x7f", one_line=True) == "a bc"
    assert invitation_texts.clean_value("a\nb\x07") == "a\nb"


def test_a_text_cannot_reach_attributes_or_run_template_code():
    errors = invitation_texts.placeholder_errors("{name.__class__} {{% load x %}} {link[0]}")
    assert len(errors) == 2
    assert invitation_texts.placeholder_errors("{{ literal braces }} {name}") == []


# ---------------------------------------------------------------------------------------------------
# The texts in the admin, and the preview


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("body", "error"),
    [
        ("Dear {nmae}, {link}", "Unknown placeholder {nmae}"),
        ("Dear {name, {link}", "The braces do not match"),
    ],
)
def test_an_unknown_placeholder_or_a_brace_error_is_refused_naming_it(admin_client, event, body, error):
    response = admin_client.post(
        reverse("admin:ceremony_invitationtext_add"),
        {"event": event.pk, "language": "en", "kind": "invitation", "subject": "Invitation", "body": body},
    )
    assert response.status_code == 200
    assert error in response.content.decode()
    assert not InvitationText.objects.exists()


@pytest.mark.django_db
def test_the_preview_shows_a_kazakh_guest_the_kazakh_text_with_a_sample_link(admin_client, event, kazakh):
    InvitationText.objects.create(
        event=event, language="kk", kind="invitation", subject="{event}", body="Құрметті {name}! {link}"
    )
    response = admin_client.get(
        reverse("admin:ceremony_invitationtext_preview"),
        {"event": event.pk, "attendee": kazakh.pk, "kind": "invitation"},
    )
    page = response.content.decode()
    assert 'lang="kk"' in page
    assert "Байқоңыр қаласының 70 жылдығы" in page
    assert "Құрметті Серікқызы Әлия!" in page or "Құрметті Әлия Серікқызы!" in page
    assert "/rsvp/SAMPLE-LINK-preview-only/" in page
    assert not Invitation.objects.exists()  # no real token


@pytest.mark.django_db
def test_without_a_text_of_its_own_the_built_in_one_is_in_the_guests_language(event, kazakh):
    language, subject, body = invitation_texts.message_for(kazakh, "https://x/rsvp/t/")
    assert (language, subject) == ("kk", "Шақыру: Байқоңыр қаласының 70 жылдығы")
    assert "https://x/rsvp/t/" in body
    assert "{" not in body


def test_the_reminders_built_in_text_says_the_link_replaces_the_one_before():
    for language in ("en", "ru", "kk"):
        _subject, body = invitation_texts.default_text("reminder", language)
        assert invitation_texts.placeholder_errors(body) == []
    assert "replaces the one sent before" in invitation_texts.default_text("reminder", "en")[1]
    assert "заменяет отправленную ранее" in invitation_texts.default_text("reminder", "ru")[1]


# ---------------------------------------------------------------------------------------------------
# Reminders


@pytest.mark.django_db
def test_reminders_go_once_per_threshold_only_to_those_who_have_not_answered(
    settings, event, kazakh, english
):
    settings.INVITATION_REMINDER_DAYS = [7, 2]
    answered = guest(event, "yes@example.kz", "ru")
    never_invited = guest(event, "later@example.kz", "ru")
    invitations_send(attendees=[kazakh, english, answered])
    attendee_answer(attendee=answered, answer="yes", channel="web")
    deadline = event.reply_deadline

    assert reminders_send_due(now=deadline - datetime.timedelta(days=8)) == 0
    assert reminders_send_due(now=deadline - datetime.timedelta(days=6)) == 2
    assert reminders_send_due(now=deadline - datetime.timedelta(days=5)) == 0  # once per threshold
    assert reminders_send_due(now=deadline - datetime.timedelta(days=1)) == 2

    reminders = OutboxMessage.objects.filter(kind__startswith="reminder")
    assert sorted(reminders.values_list("attendee", "kind")) == sorted(
        [
            (kazakh.pk, "reminder:7"),
            (english.pk, "reminder:7"),
            (kazakh.pk, "reminder:2"),
            (english.pk, "reminder:2"),
        ]
    )
    assert not OutboxMessage.objects.filter(
        attendee__in=[answered, never_invited], kind__startswith="reminder"
    )
    reminder = reminders.filter(attendee=english).first()
    assert "replaces the one sent before" in reminder.body_text
    [valid] = Invitation.objects.valid().filter(attendee=english)
    assert valid.created_at >= reminder.created_at.replace(microsecond=0) - datetime.timedelta(seconds=1)


@pytest.mark.django_db
def test_a_guest_invited_after_a_threshold_is_not_reminded_for_it_at_once(settings, event, kazakh):
    settings.INVITATION_REMINDER_DAYS = [7, 2]
    event.reply_deadline = timezone.now() + datetime.timedelta(days=5)  # 7 days before: passed
    event.save()
    invitations_send(attendees=[kazakh])
    assert reminders_send_due() == 0
    assert reminders_send_due(now=event.reply_deadline - datetime.timedelta(days=1)) == 1


@pytest.mark.django_db
def test_the_remind_action_skips_those_who_answered(admin_client, event, kazakh, english):
    invitations_send(attendees=[kazakh, english])
    attendee_answer(attendee=english, answer="no", channel="phone")
    page = admin_client.post(
        ATTENDEES, {"action": "send_reminders", "_selected_action": [kazakh.pk, english.pk]}
    ).content.decode()
    assert "1 attendee will get an email" in page
    admin_client.post(
        ATTENDEES, {"action": "send_reminders", "_selected_action": [kazakh.pk, english.pk], "post": "yes"}
    )
    assert list(OutboxMessage.objects.filter(kind="reminder").values_list("attendee", flat=True)) == [
        kazakh.pk
    ]


@pytest.mark.django_db
def test_the_send_reminders_command_runs(settings, capsys):
    from django.core.management import call_command

    call_command("send_reminders")
    assert "Reminders queued: 0" in capsys.readouterr().out
