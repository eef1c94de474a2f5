"""Invitations by letter: the personal link's short code a guest types from a printed card.

The code is 26 characters of Crockford's base32 (130 random bits), typed in any case, with or without
the dashes it is printed with, O read as 0 and I, L as 1; links made before codes keep working."""

import datetime
import io
import logging
import re
import secrets
import subprocess

import pypdf
import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from ceremony import permissions as roles
from ceremony import printing
from ceremony.core.secret_paths import path_masked
from ceremony.enums import RsvpStatus
from ceremony.models import Attendee, Invitation
from ceremony.services.invitations import (
    CODE_ALPHABET,
    CODE_LENGTH,
    code_grouped,
    code_normalized,
    invitation_cards_issue,
    invitation_issue,
    short_path,
    token_hash,
)
from tests import factories
from tests.interface_words import english_on

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_failures_counted():
    """The throttle counts in the cache: each test starts with none."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def guest():
    start = timezone.localdate() + datetime.timedelta(days=30)
    event = factories.EventFactory(
        name="70th anniversary of the city of Baikonur",
        start_date=start,
        end_date=start,
        default_language="en",
    )
    return factories.AttendeeFactory(
        event=event,
        person__family_name="Yessenov",
        person__given_name="Murat",
        person__preferred_language="en",
    )


def code_of(path):
    return path.strip("/").split("/")[-1]


def test_a_new_code_carries_130_random_bits_in_the_typeable_alphabet(guest):
    codes = {code_of(invitation_issue(attendee=guest)[1]) for _ in range(20)}
    assert len(codes) == 20
    for code in codes:
        assert len(code) == CODE_LENGTH == 26
        assert set(code) <= set(CODE_ALPHABET)
        assert not set(code) & set("ILOU")
    assert len(CODE_ALPHABET) ** CODE_LENGTH >= 2**130


def test_the_code_is_printed_in_groups_of_five():
    code = "0123456789ABCDEFGHJKMNPQRS"
    assert code_grouped(code) == "01234-56789-ABCDE-FGHJK-MNPQR-S"
    assert short_path(code) == "/i/01234-56789-ABCDE-FGHJK-MNPQR-S/"


@pytest.mark.parametrize(
    "typed",
    [
        "01234-56789-abcde-fghjk-mnpqr-s",
        "O1234 56789 ABCDE FGHJK MNPQR S",
        "oi234567B9abcdefghjkmnpqrs".replace("B", "8"),
    ],
)
def test_a_typed_code_is_read_as_issued(typed):
    assert code_normalized(typed) == "0123456789ABCDEFGHJKMNPQRS"


@pytest.mark.parametrize("typed", ["", "0123456789ABCDEFGHJKMNPQR", "0123456789ABCDEFGHJKMNPQRU", "Zz" * 22])
def test_what_cannot_be_a_code_is_not_one(typed):
    assert code_normalized(typed) is None


def test_the_short_address_typed_carelessly_opens_the_guests_page(client, guest):
    code = code_of(invitation_issue(attendee=guest)[1])
    typed = code.lower().replace("0", "o").replace("1", "l")
    for path in (f"/i/{typed}/", f"/i/{code_grouped(code).lower()}/", f"/rsvp/{typed}/", short_path(code)):
        response = client.get(path)
        assert response.status_code == 200, path
        assert "Yessenov" in response.content.decode()


def test_an_answer_through_the_short_address_is_recorded(client, guest):
    code = code_of(invitation_issue(attendee=guest)[1])
    response = client.post(f"/i/{code.lower()}/", {"answer": "yes"})
    assert response.status_code in (200, 302)
    guest.refresh_from_db()
    assert guest.rsvp_status == RsvpStatus.CONFIRMED


def test_a_revoked_or_unknown_code_gets_the_same_404_as_any_other(client, guest):
    unknown = client.get("/rsvp/" + "A" * 43 + "/")
    old = code_of(invitation_issue(attendee=guest)[1])
    invitation_issue(attendee=guest)
    for path in (f"/i/{old}/", f"/i/{old.lower()}/", "/i/" + "0" * 26 + "/", "/i/x/"):
        response = client.get(path)
        assert response.status_code == 404, path
        assert response.content == unknown.content


def test_links_made_before_codes_keep_working(client, guest):
    """A 43-character token from secrets.token_urlsafe(32), as links were issued before codes."""
    token = secrets.token_urlsafe(32)
    Invitation.objects.create(
        attendee=guest,
        token_hash=token_hash(token),
        created_at=timezone.now(),
        expires_at=guest.event.over_at,
    )
    assert client.get(f"/rsvp/{token}/").status_code == 200
    # Case matters in an old token: another case is another token.
    other = token.swapcase()
    if other != token:
        assert client.get(f"/rsvp/{other}/").status_code == 404


def test_the_short_address_is_throttled_like_the_long_one(client, settings, guest):
    settings.RSVP_FAILURE_LIMIT = 3
    for _ in range(3):
        assert client.get("/i/" + "Z" * 26 + "/").status_code == 404
    assert client.get("/i/" + "Y" * 26 + "/").status_code == 429
    code = code_of(invitation_issue(attendee=guest)[1])
    assert client.get(f"/i/{code}/").status_code == 429


def test_the_short_address_never_appears_in_the_logs(client, caplog, guest):
    code = code_of(invitation_issue(attendee=guest)[1])
    unknown = "Z" * 26
    with caplog.at_level(logging.DEBUG):
        for logger in ("django.request", "django.server", "ceremony"):
            caplog.set_level(logging.DEBUG, logger=logger)
        client.get(f"/i/{code_grouped(code)}/")
        client.get(f"/i/{unknown}/")
    assert "/i/…/" in caplog.text
    assert code not in caplog.text
    assert code_grouped(code) not in caplog.text
    assert unknown not in caplog.text
    assert path_masked(f'"GET /i/{code_grouped(code).lower()}/?lang=kk HTTP/1.1" 404') == (
        '"GET /i/…/?lang=kk HTTP/1.1" 404'
    )
    assert re.search(r"/i/[^…]", path_masked(f"Not Found: /i/{code}/")) is None


# ---------------------------------------------------------------------------------------------------
# The printed cards


def cards_pdf(event, attendees):
    cards = invitation_cards_issue(attendees=attendees)
    return cards, printing.render_pdf(printing.invitation_cards_document(event=event, cards=cards))


def qr_links(pdf, tmp_path):
    (tmp_path / "cards.pdf").write_bytes(pdf)
    pages = ["/usr/bin/pdftoppm", "-r", "150", "-png", str(tmp_path / "cards.pdf"), str(tmp_path / "page")]
    subprocess.run(pages, check=True)  # noqa: S603 (fixed arguments, our own temporary files)
    links = []
    for image in sorted(tmp_path.glob("page*.png")):
        read = ["/usr/bin/zbarimg", "-q", "--raw", str(image)]
        found = subprocess.run(read, capture_output=True, text=True, check=False)  # noqa: S603 (as above)
        links.append(found.stdout.strip())
    return links


@pytest.mark.parametrize(
    ("language", "family", "given", "honorific", "expected"),
    [
        ("ru", "Есенов", "Мурат", "Господин", ("Господин", "Есенов", "Пожалуйста, ответьте до")),
        ("kk", "Есенов", "Мурат", "Құрметті", ("Құрметті", "Есенов", "дейін жауап")),
        ("en", "Yessenov", "Murat", "Mr", ("Mr", "Yessenov", "Please reply by")),
    ],
)
def test_a_card_prints_the_guest_the_event_the_deadline_and_the_short_address_in_their_language(
    client, settings, tmp_path, language, family, given, honorific, expected
):
    settings.SITE_URL = "https://ceremony.example.kz"
    start = timezone.localdate() + datetime.timedelta(days=30)
    event = factories.EventFactory(
        name="Baikonur 70",
        start_date=start,
        end_date=start,
        default_language="ru",
        reply_deadline=timezone.now() + datetime.timedelta(days=10),
        rsvp_contact="+7 700 000 00 00",
    )
    guest = factories.AttendeeFactory(
        event=event,
        person__family_name=family,
        person__given_name=given,
        person__family_name_latin="Yessenov",
        person__given_name_latin="Murat",
        person__honorific=honorific,
        person__preferred_language=language,
    )
    earlier = invitation_issue(attendee=guest)[1]
    cards, pdf = cards_pdf(event, [guest])
    page = pypdf.PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    for text in (*expected, "Baikonur 70", "+7 700 000 00 00"):
        assert text in page, (text, page)
    short = cards[0][2]
    assert short.startswith("ceremony.example.kz/i/")
    assert short in page.replace("\n", "")

    [link] = qr_links(pdf, tmp_path)
    assert link == cards[0][1]
    assert link.startswith("https://ceremony.example.kz/rsvp/")
    path = link.removeprefix("https://ceremony.example.kz")
    assert family in client.get(path).content.decode()
    typed = short.removeprefix("ceremony.example.kz").replace("-", "").lower().replace("0", "o")
    assert family in client.get(typed).content.decode()
    assert client.get(earlier).status_code == 404


def test_declined_guests_get_no_card(guest):
    guest.rsvp_status = RsvpStatus.DECLINED
    guest.save()
    assert invitation_cards_issue(attendees=[guest]) == []


def test_a_hostile_name_is_printed_as_text(guest, tmp_path):
    guest.person.family_name = '</div><script>alert(1)</script>"; }'
    guest.person.save()
    cards, pdf = cards_pdf(guest.event, [guest])
    page = pypdf.PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert "<script>" in page
    assert qr_links(pdf, tmp_path) == [cards[0][1]]


@pytest.mark.parametrize("count", [1, 6])
def test_printing_cards_runs_the_same_queries_for_one_guest_or_six(
    guest, count, django_assert_max_num_queries
):
    others = [factories.AttendeeFactory(event=guest.event) for _ in range(count - 1)]
    chosen = list(
        Attendee.objects.select_related("person", "event").filter(pk__in=[guest.pk, *[a.pk for a in others]])
    )
    with django_assert_max_num_queries(4):
        _cards, pdf = cards_pdf(guest.event, chosen)
    assert len(pypdf.PdfReader(io.BytesIO(pdf)).pages) == count


# ---------------------------------------------------------------------------------------------------
# The attendee list's action


def test_an_organizer_is_told_that_printing_replaces_the_links_then_gets_the_cards(admin_client, guest):
    earlier = invitation_issue(attendee=guest)[1]
    other = factories.AttendeeFactory(event=guest.event, person__family_name="Aimbetov")
    declined = factories.AttendeeFactory(event=guest.event, rsvp_status=RsvpStatus.DECLINED)
    selected = {"action": "print_invitation_cards", "_selected_action": [guest.pk, other.pk, declined.pk]}
    url = reverse("admin:ceremony_attendee_changelist")

    page = admin_client.post(url, selected).content.decode()
    assert "the links these guests were sent before stop working" in page
    assert "1 guest who declined gets no card." in page
    assert Client().get(earlier).status_code == 200  # nothing issued by the page that asks

    response = admin_client.post(url, {**selected, "post": "yes"})
    assert response["Content-Type"] == "application/pdf"
    assert "no-store" in response["Cache-Control"]  # the links are in it
    reader = pypdf.PdfReader(io.BytesIO(response.content))
    text = " ".join(page.extract_text() for page in reader.pages)
    assert "Yessenov" in text
    assert "Aimbetov" in text
    assert declined.person.family_name not in text
    assert Client().get(earlier).status_code == 404  # replaced by the card's link


def test_only_those_who_may_make_links_print_invitation_cards(client, guest):
    viewer = factories.UserFactory(is_staff=True)
    viewer.groups.add(Group.objects.get(name=roles.VIEWER))
    client.force_login(viewer)
    client.post(
        reverse("admin:ceremony_attendee_changelist"),
        {"action": "print_invitation_cards", "_selected_action": [guest.pk], "post": "yes"},
    )
    assert not Invitation.objects.exists()


def test_the_cards_page_in_kazakh_has_no_english(admin_client, admin_user, guest):
    factories.AdminPreferenceFactory(user=admin_user, language="kk")
    admin_client.force_login(admin_user)  # the language is read at login
    response = admin_client.post(
        reverse("admin:ceremony_attendee_changelist"),
        {"action": "print_invitation_cards", "_selected_action": [guest.pk]},
    )
    assert response["Content-Language"] == "kk"
    assert sorted(english_on(response.content.decode())) == []
