"""A guest's personal RSVP link: the public page it opens, the answer it records, and what protects it
(one 404 for every link that opens nothing, a throttle per address, no token in any log)."""

import datetime
import logging
import re
import runpy
from pathlib import Path

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from ceremony.core.history import source_label
from ceremony.core.request_log import RequestErrorFormatter
from ceremony.enums import AttendeeCategory, IdentityDocumentType, RsvpStatus
from ceremony.models import Attendee, Invitation, VisitParticipant
from ceremony.services.invitations import invitation_issue, token_hash
from tests import factories
from tests.interface_words import english_on

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def _no_failures_counted():
    """The throttle counts in the cache: each test starts with none."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def event():
    """An event next month (links expire after its last day)."""
    start = timezone.localdate() + datetime.timedelta(days=30)
    return factories.EventFactory(
        name="70th anniversary of the city of Baikonur",
        name_kk="Байқоңыр қаласының 70 жылдығы",
        city="Baikonur",
        city_kk="Байқоңыр",
        start_date=start,
        end_date=start + datetime.timedelta(days=1),
        default_language="ru",
    )


@pytest.fixture
def guest(event):
    return factories.AttendeeFactory(
        event=event,
        person__family_name="Есенов",
        person__given_name="Мурат",
        person__family_name_latin="Yessenov",
        person__given_name_latin="Murat",
        person__preferred_language="en",
    )


def link_for(attendee):
    return invitation_issue(attendee=attendee)[1]


def answered(client, path, **data):
    return client.post(path, {"answer": "yes", **data})


# ---------------------------------------------------------------------------------------------------
# The page


def test_the_link_opens_the_guests_own_page_in_their_language(client, event, guest):
    other = factories.AttendeeFactory(
        event=event, person__family_name="Тулегенова", person__given_name="Айжан"
    )
    path = link_for(guest)
    assert re.fullmatch(r"/rsvp/[0-9A-HJKMNP-TV-Z]{26}/", path)
    response = client.get(path)
    assert response.status_code == 200
    assert response["Content-Language"] == "en"
    page = response.content.decode()
    assert '<p class="guest-name" id="guest-name">Murat Yessenov</p>' in page
    assert "70th anniversary of the city of Baikonur" in page
    assert "Тулегенова" not in page
    assert other.person.given_name not in page
    assert Invitation.objects.get(attendee=guest).opened_at is not None


def test_the_guests_language_is_switched_by_a_link(client, guest):
    page = client.get(link_for(guest)).content.decode()
    assert '<a href="?lang=ru" lang="ru" hreflang="ru">Русский</a>' in page
    assert '<a href="?lang=kk" lang="kk" hreflang="kk">Қазақ</a>' in page


def test_a_guest_without_a_language_reads_the_events(client, guest):
    guest.person.preferred_language = ""
    guest.person.save()
    response = client.get(link_for(guest))
    assert response["Content-Language"] == "ru"
    assert "Есенов Мурат" in response.content.decode()  # the name as Russian papers print it


def test_the_page_in_kazakh_has_no_english_interface_word(client, guest):
    guest.category = AttendeeCategory.DIGNITARY  # with a companion's field
    guest.save()
    factories.VisitParticipantFactory(visit__program_item__event=guest.event, attendee=guest)
    response = client.get(link_for(guest) + "?lang=kk")
    page = response.content.decode()
    assert response["Content-Language"] == "kk"
    assert "Байқоңыр қаласының 70 жылдығы" in page
    assert 'name="companion_name"' in page
    assert 'name="consent"' in page
    assert sorted(english_on(page)) == []


def test_the_page_uses_no_inline_style_or_script(client, guest):
    page = client.get(link_for(guest)).content.decode()
    assert "<style" not in page
    assert "<script" not in page
    assert " style=" not in page
    assert re.search(r'<link rel="stylesheet" href="/static/ceremony/rsvp\.css">', page)


def test_a_companion_is_asked_only_of_guests_whose_category_allows_one(client, event, guest):
    assert 'name="companion_name"' not in client.get(link_for(guest)).content.decode()
    official = factories.AttendeeFactory(event=event, category=AttendeeCategory.GOVERNMENT_OFFICIAL)
    path = link_for(official)
    assert 'name="companion_name"' in client.get(path).content.decode()
    answered(client, path, companion_name="Есенова Айгүл")
    official.refresh_from_db()
    assert official.companion_name == "Есенова Айгүл"


# ---------------------------------------------------------------------------------------------------
# Answers


def test_yes_confirms_the_attendee_with_history_naming_the_guest(client, guest):
    path = link_for(guest)
    response = answered(
        client,
        path,
        dietary_needs="Vegetarian",
        accessibility_needs="Wheelchair",
        arrival_date=(guest.event.start_date - datetime.timedelta(days=1)).isoformat(),
        arrival_time="14:35",
        arrival_travel="KC 851",
    )
    assert response.status_code == 302
    assert response["Location"] == f"{path}?lang=en"
    guest.refresh_from_db()
    assert guest.rsvp_status == RsvpStatus.CONFIRMED
    assert (guest.dietary_needs, guest.accessibility_needs, guest.arrival_travel) == (
        "Vegetarian",
        "Wheelchair",
        "KC 851",
    )
    local = guest.event.localtime(guest.arrival)
    assert (local.date(), local.strftime("%H:%M")) == (
        guest.event.start_date - datetime.timedelta(days=1),
        "14:35",
    )
    change = guest.history.first()
    assert change.history_user is None
    assert source_label(change.history_source) == "Answered by the guest (Personal RSVP page)"
    invitation = Invitation.objects.get(attendee=guest)
    assert invitation.answered_at is not None
    assert invitation.answer_channel == "web"
    # The page says so, and offers the answer given to change.
    page = client.get(f"{path}?lang=en").content.decode()
    assert "Thank you: your answer is saved." in page
    assert re.search(r'<input type="radio" name="answer" value="yes" id="[^"]+" required checked>', page)


def test_no_declines_the_attendee(client, guest):
    assert answered(client, link_for(guest), answer="no").status_code == 302
    guest.refresh_from_db()
    assert guest.rsvp_status == RsvpStatus.DECLINED


def test_the_guest_can_change_the_answer_before_the_deadline(client, guest):
    path = link_for(guest)
    answered(client, path, answer="yes")
    answered(client, path, answer="no")
    guest.refresh_from_db()
    assert guest.rsvp_status == RsvpStatus.DECLINED


def test_an_answer_without_a_choice_is_an_error_on_the_page(client, guest):
    response = client.post(link_for(guest), {"dietary_needs": "x"})
    assert response.status_code == 200
    assert "Choose whether you will attend." in response.content.decode()
    guest.refresh_from_db()
    assert guest.rsvp_status == RsvpStatus.INVITED


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"answer": "maybe"}, "answer", "Select a valid choice. maybe is not one of the available choices."),
        ({"arrival_date": "2025-13-45", "arrival_time": "10:00"}, "arrival_date", "Enter a valid date."),
        ({"arrival_date": "2025-06-01"}, "arrival_time", "Give the time of your arrival too."),
        ({"arrival_time": "25:00"}, "arrival_time", "Enter a valid time."),
        ({"dietary_needs": "x" * 300}, "dietary_needs", "Ensure this value has at most 255 characters"),
    ],
)
def test_bad_input_is_an_error_naming_the_field(client, guest, data, field, message):
    response = client.post(link_for(guest), {"answer": "yes", **data})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert field in response.context["form"].errors
    guest.refresh_from_db()
    assert guest.rsvp_status == RsvpStatus.INVITED


def test_an_arrival_after_the_departure_is_refused(client, guest):
    guest.departure = datetime.datetime.combine(guest.event.start_date, datetime.time(12), guest.event.zone)
    guest.save()
    response = answered(
        client, link_for(guest), arrival_date=guest.event.end_date.isoformat(), arrival_time="10:00"
    )
    assert "Your arrival must be before your departure." in response.content.decode()


def test_hostile_text_is_stored_as_text_and_shown_escaped(client, guest):
    path = link_for(guest)
    answered(client, path, dietary_needs='<script>alert(1)</script>\x07"')
    guest.refresh_from_db()
    assert guest.dietary_needs == '<script>alert(1)</script>"'
    page = client.get(path).content.decode()
    assert "<script>alert(1)" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_the_form_is_protected_against_cross_site_posts(guest):
    client = Client(enforce_csrf_checks=True)
    assert client.post(link_for(guest), {"answer": "yes"}).status_code == 403
    guest.refresh_from_db()
    assert guest.rsvp_status == RsvpStatus.INVITED


def test_after_the_deadline_the_form_is_gone_and_the_page_says_whom_to_contact(client, guest):
    path = link_for(guest)
    answered(client, path, answer="yes", dietary_needs="Halal")
    event = guest.event
    event.reply_deadline = timezone.now() - datetime.timedelta(minutes=1)
    event.rsvp_contact = "Protocol office, +7 336 22 1 23 45"
    event.save()
    response = client.get(path)
    page = response.content.decode()
    assert 'id="rsvp-form"' not in page
    assert "<form" not in page
    assert "Confirmed" in page
    assert "Halal" in page
    assert "To change your answer, contact Protocol office, +7 336 22 1 23 45." in page
    # A post changes nothing either.
    client.post(path, {"answer": "no"})
    guest.refresh_from_db()
    assert guest.rsvp_status == RsvpStatus.CONFIRMED


def test_before_the_deadline_the_page_names_it(client, guest):
    event = guest.event
    event.reply_deadline = datetime.datetime.combine(event.start_date, datetime.time(18), event.zone)
    event.save()
    page = client.get(link_for(guest)).content.decode()
    assert "Please answer by" in page
    assert "18:00" in page


# ---------------------------------------------------------------------------------------------------
# Identity documents, for guests on a restricted facility visit


def test_identity_fields_are_asked_only_of_a_guest_on_a_restricted_visit(client, event, guest):
    unrestricted = factories.VisitParticipantFactory(
        visit__program_item__event=event, visit__clearance_required=False, attendee=guest
    )
    assert 'name="document_number"' not in client.get(link_for(guest)).content.decode()
    factories.VisitParticipantFactory(
        visit__program_item__event=event, visit__program_item__title="Baiterek complex", attendee=guest
    )
    page = client.get(link_for(guest)).content.decode()
    assert 'name="document_number"' in page
    assert "Baiterek complex" in page
    assert "I agree that the details of my identity document are given to the security service" in page
    assert unrestricted.visit.program_item.title not in page


def test_an_identity_document_is_stored_only_with_consent(client, event, guest):
    visitor = factories.VisitParticipantFactory(visit__program_item__event=event, attendee=guest)
    path = link_for(guest)
    document = {"document_type": IdentityDocumentType.PASSPORT, "document_number": "N1234567"}
    response = answered(client, path, **document)
    assert response.status_code == 200
    assert "Tick the consent to give your identity document." in response.content.decode()
    visitor.refresh_from_db()
    assert (visitor.document_type, visitor.document_number) == ("", "")
    guest.refresh_from_db()
    assert guest.rsvp_status == RsvpStatus.INVITED

    assert answered(client, path, consent="on", **document).status_code == 302
    visitor.refresh_from_db()
    assert (visitor.document_type, visitor.document_number) == ("passport", "N1234567")
    # Never shown back on the page, nor kept in history.
    page = client.get(path).content.decode()
    assert "N1234567" not in page
    assert "Your document number is on file" in page
    assert not hasattr(VisitParticipant.history.model, "document_number")


# ---------------------------------------------------------------------------------------------------
# Links that open nothing: one 404, a throttle


def test_tampered_revoked_and_expired_tokens_get_the_same_404(client, event, guest):
    unknown = client.get("/rsvp/" + "A" * 43 + "/")
    assert unknown.status_code == 404

    path = link_for(guest)
    tampered = path[:-3] + ("B" if path[-3] != "B" else "C") + path[-2:]
    revoked = path
    link_for(guest)  # a newer link replaces it
    expired_guest = factories.AttendeeFactory(event=event)
    expired = link_for(expired_guest)
    Invitation.objects.filter(attendee=expired_guest).update(expires_at=timezone.now())
    too_long = "/rsvp/" + "A" * 500 + "/"

    for bad in (tampered, revoked, expired, too_long):
        response = client.get(bad)
        assert response.status_code == 404, bad
        assert response.content == unknown.content, bad
    assert client.post(revoked, {"answer": "no"}).status_code == 404
    guest.refresh_from_db()
    assert guest.rsvp_status == RsvpStatus.INVITED


def test_a_new_link_revokes_the_one_before(guest):
    first, _path = invitation_issue(attendee=guest)
    second, _path = invitation_issue(attendee=guest)
    first.refresh_from_db()
    assert first.revoked_at is not None
    assert second.revoked_at is None
    assert second.expires_at == guest.event.over_at


def test_only_the_tokens_hash_is_stored(guest):
    invitation, path = invitation_issue(attendee=guest)
    token = path.split("/")[2]
    assert invitation.token_hash == token_hash(token)
    assert len(invitation.token_hash) == 64
    stored = Invitation.objects.filter(pk=invitation.pk).values()[0]
    assert token not in repr(stored)


def test_the_page_answers_429_after_too_many_bad_tokens_from_one_address(client, settings, guest):
    settings.RSVP_FAILURE_LIMIT = 3
    path = link_for(guest)
    for number in range(3):
        assert client.get(f"/rsvp/wrong-{number}/").status_code == 404
    assert client.get("/rsvp/wrong-4/").status_code == 429
    throttled = client.get(path)  # even a good link, from that address
    assert throttled.status_code == 429
    assert throttled["Retry-After"] == str(settings.RSVP_FAILURE_WINDOW_MINUTES * 60)
    # Another address is not concerned.
    assert client.get(path, REMOTE_ADDR="198.51.100.9").status_code == 200


def test_a_guests_own_visits_do_not_count_towards_the_throttle(client, settings, guest):
    settings.RSVP_FAILURE_LIMIT = 2
    path = link_for(guest)
    for _visit in range(5):
        assert client.get(path).status_code == 200


# ---------------------------------------------------------------------------------------------------
# Logs never hold the token


def configured_request_formatter():
    handlers = logging.getLogger("django.request").handlers
    (formatter,) = [h.formatter for h in handlers if isinstance(h.formatter, RequestErrorFormatter)]
    return formatter


def test_the_token_never_appears_in_the_logs(client, caplog, guest):
    path = link_for(guest)
    token = path.split("/")[2]
    unknown = "Zz" * 22
    with caplog.at_level(logging.DEBUG):
        for logger in ("django.request", "django.server", "django.security.csrf", "ceremony"):
            caplog.set_level(logging.DEBUG, logger=logger)
        client.get(path)
        answered(client, path, answer="yes")
        client.get(f"/rsvp/{unknown}/")
        Client(enforce_csrf_checks=True).post(path, {"answer": "no"})  # a 403, logged with its path
    lines = [record.getMessage() for record in caplog.records]
    requests = [record for record in caplog.records if hasattr(record, "request")]
    lines += [configured_request_formatter().format(record) for record in requests]
    assert requests, "the 404 and the 403 are logged"
    assert any("/rsvp/…/" in line for line in lines), lines
    assert [line for line in lines if token in line or unknown in line] == []
    assert token not in caplog.text
    assert unknown not in caplog.text


def test_the_development_servers_request_line_is_masked(caplog):
    logger = logging.getLogger("django.server")
    with caplog.at_level(logging.INFO, logger="django.server"):
        logger.info('"%s" %s %s', "GET /rsvp/secret-token-value/?lang=kk HTTP/1.1", "200", "1234")
    assert caplog.records[-1].getMessage() == '"GET /rsvp/…/?lang=kk HTTP/1.1" 200 1234'


def test_gunicorn_access_log_masks_the_token():
    config = runpy.run_path(str(ROOT / "deploy/gunicorn.conf.py"))
    from_config = config["AccessLogger"]
    assert config["logger_class"] is from_config

    class Response:
        status = "200 OK"
        sent = 1234
        headers = ()

    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": "/rsvp/secret-token-value/?lang=kk",
        "PATH_INFO": "/rsvp/secret-token-value/",
        "QUERY_STRING": "lang=kk",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "10.0.0.7",
        "HTTP_REFERER": "https://ceremony.example.kz/rsvp/secret-token-value/",
        "HTTP_USER_AGENT": "probe",
    }
    atoms = from_config.atoms(
        from_config.__new__(from_config), Response(), [], environ, datetime.timedelta(milliseconds=85)
    )
    line = config["access_log_format"] % atoms
    assert "secret-token-value" not in line
    assert '"GET /rsvp/…/ HTTP/1.1" 200 1234 85ms "probe"' in line
    assert "secret-token-value" not in atoms["r"] + atoms["f"]


# ---------------------------------------------------------------------------------------------------
# The admin: links made, answers taken down


def test_the_attendee_action_shows_each_new_link_once_and_it_opens_the_page(
    admin_client, client, event, guest
):
    old_path = link_for(guest)
    response = admin_client.post(
        reverse("admin:ceremony_attendee_changelist"),
        {"action": "make_rsvp_links", "_selected_action": [guest.pk]},
    )
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    page = response.content.decode()
    (link,) = re.findall(r'<a href="(http://testserver/rsvp/[^"]+/)">', page)
    assert "Есенов Мурат" in page
    assert client.get(link.removeprefix("http://testserver")).status_code == 200
    assert client.get(old_path).status_code == 404
    # The list of links never shows a token or its hash.
    invitation = Invitation.objects.valid().get(attendee=guest)
    for url in (
        reverse("admin:ceremony_invitation_changelist"),
        reverse("admin:ceremony_invitation_change", args=[invitation.pk]),
    ):
        listed = admin_client.get(url).content.decode()
        assert invitation.token_hash not in listed
        assert link.split("/")[4] not in listed


def test_the_attendee_action_gives_the_links_as_csv(admin_client, guest):
    response = admin_client.post(
        reverse("admin:ceremony_attendee_changelist"),
        {"action": "make_rsvp_links_csv", "_selected_action": [guest.pk]},
    )
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    header, row = response.content.decode("utf-8-sig").splitlines()
    assert header == "Name,email,event,Personal RSVP link"
    assert re.fullmatch(
        r"Есенов Мурат,,70th anniversary of the city of Baikonur,http://testserver/rsvp/"
        r"[0-9A-HJKMNP-TV-Z]{26}/",
        row,
    ), row


def test_links_are_on_the_site_address_when_one_is_set(admin_client, guest, settings):
    # Behind a proxy the request's host may be an internal one; SITE_URL is what guests open.
    settings.SITE_URL = "https://ceremony.example.kz"
    response = admin_client.post(
        reverse("admin:ceremony_attendee_changelist"),
        {"action": "make_rsvp_links_csv", "_selected_action": [guest.pk]},
    )
    row = response.content.decode("utf-8-sig").splitlines()[1]
    assert re.search(r",https://ceremony\.example\.kz/rsvp/[0-9A-HJKMNP-TV-Z]{26}/$", row), row


def test_the_invitations_list_filters_by_state(admin_client, event, guest):
    opened = factories.InvitationFactory(attendee=guest, opened_at=timezone.now())
    factories.InvitationFactory(attendee__event=event)
    url = reverse("admin:ceremony_invitation_changelist")
    response = admin_client.get(url, {"state": "opened", "attendee__event__id__exact": event.pk})
    assert list(response.context["cl"].result_list) == [opened]


def test_an_organizer_records_an_answer_that_came_by_phone(admin_client, admin_user, guest):
    url = reverse("admin:ceremony_attendee_changelist")
    asked = admin_client.post(url, {"action": "record_answers", "_selected_action": [guest.pk]})
    assert asked.status_code == 200
    assert 'id="record-answer"' in asked.content.decode()
    done = admin_client.post(
        url,
        {
            "action": "record_answers",
            "_selected_action": [guest.pk],
            "post": "yes",
            "answer": "no",
            "channel": "phone",
        },
    )
    assert done.status_code == 302
    guest.refresh_from_db()
    assert guest.rsvp_status == RsvpStatus.DECLINED
    change = guest.history.first()
    assert change.history_user == admin_user
    assert source_label(change.history_source) == "Answered by the guest (Phone)"


def test_the_channel_of_an_answer_must_be_one_of_the_list(admin_client, guest):
    response = admin_client.post(
        reverse("admin:ceremony_attendee_changelist"),
        {
            "action": "record_answers",
            "_selected_action": [guest.pk],
            "post": "yes",
            "answer": "no",
            "channel": "pigeon",
        },
    )
    assert response.status_code == 200
    assert "Select a valid choice. pigeon is not one of the available choices." in response.content.decode()
    assert Attendee.objects.get(pk=guest.pk).rsvp_status == RsvpStatus.INVITED


def test_the_attendees_history_names_the_guest_as_who_answered(admin_client, client, guest):
    answered(client, link_for(guest), answer="yes")
    page = admin_client.get(reverse("admin:ceremony_attendee_history", args=[guest.pk])).content.decode()
    assert "Answered by the guest (Personal RSVP page)" in page


def test_the_page_runs_the_same_queries_for_a_guest_on_one_visit_or_three(client, event, guest):
    def page_queries():
        path = link_for(guest)
        client.get(path)  # opened once: the first view also notes it
        with CaptureQueriesContext(connection) as captured:
            assert client.get(path).status_code == 200
        return len(captured)

    factories.VisitParticipantFactory(visit__program_item__event=event, attendee=guest)
    one = page_queries()
    for _visit in range(2):
        factories.VisitParticipantFactory(visit__program_item__event=event, attendee=guest)
    assert page_queries() == one


def test_a_guest_who_declines_gives_no_identity_document(client, event, guest):
    visitor = factories.VisitParticipantFactory(visit__program_item__event=event, attendee=guest)
    answered(
        client,
        link_for(guest),
        answer="no",
        consent="on",
        document_type=IdentityDocumentType.PASSPORT,
        document_number="N1234567",
    )
    visitor.refresh_from_db()
    assert (visitor.document_type, visitor.document_number) == ("", "")


@pytest.mark.parametrize("action", ["make_rsvp_links", "record_answers"])
def test_the_admin_actions_pages_in_kazakh_have_no_english(admin_client, admin_user, guest, action):
    factories.AdminPreferenceFactory(user=admin_user, language="kk")
    admin_client.force_login(admin_user)  # the language is read at login
    response = admin_client.post(
        reverse("admin:ceremony_attendee_changelist"), {"action": action, "_selected_action": [guest.pk]}
    )
    assert response["Content-Language"] == "kk"
    assert sorted(english_on(response.content.decode())) == []
