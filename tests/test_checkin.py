"""The doors on the day: what a badge scan answers, who may scan, and the badges' QR codes read back."""

import datetime
import json
import re
import shutil
import subprocess
import threading
import uuid

import pytest
from django.conf import settings
from django.contrib.auth.models import Group, Permission, User
from django.db import connection, connections
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from ceremony import permissions as roles
from ceremony.enums import AttendeeCategory, ClearanceStatus, ProgramItemKind, RsvpStatus
from ceremony.models import Attendee, CheckIn, Entrance
from ceremony.services import checkin, protocol
from tests import factories

pytestmark = pytest.mark.django_db

# What a door's scanner does with a printed badge: the page as an image (200 dpi), its codes read by zbar.
PDFTOPPM = shutil.which("pdftoppm")
ZBARIMG = shutil.which("zbarimg")


@pytest.fixture
def event():
    return factories.EventFactory(slug="baikonur-70", name_en="Baikonur 70", default_language="en")


@pytest.fixture
def square(event):
    return factories.EntranceFactory(event=event, name="The square", slug="square")


@pytest.fixture
def usher(client):
    user = factories.UserFactory(username="usher")
    user.groups.add(Group.objects.get(name=roles.USHER))
    client.force_login(user)
    return client


def scan(client, code, entrance="square", nonce=None, event="baikonur-70"):
    response = client.post(
        reverse("checkin:scan", args=[event]),
        json.dumps({"code": code, "entrance": entrance, "nonce": nonce or str(uuid.uuid4())}),
        content_type="application/json",
    )
    is_json = response["Content-Type"] == "application/json"
    return response.status_code, response.json() if is_json else response.content.decode()


# ---------------------------------------------------------------------------------------------------
# The contract


def test_a_guest_is_admitted_once_then_told_already_admitted_with_the_time_and_entrance(usher, event, square):
    guest = factories.AttendeeFactory(event=event, rsvp_status=RsvpStatus.CONFIRMED)
    status, first = scan(usher, guest.badge_code)
    assert status == 200
    assert first["result"] == "admitted"
    assert first["attendee"]["name"] == guest.person.full_name
    status, second = scan(usher, guest.badge_code)
    assert second["result"] == "already_admitted"
    admission = CheckIn.objects.get(attendee=guest, admitted=True)
    assert event.localtime(admission.scanned_at).strftime("%H:%M") in second["message"]
    assert "The square" in second["message"]
    assert list(CheckIn.objects.filter(attendee=guest).values_list("result", "usher__username")) == [
        ("already_admitted", "usher"),
        ("admitted", "usher"),
    ]


def test_a_guest_admitted_at_one_entrance_is_admitted_at_another(usher, event, square):
    guest = factories.AttendeeFactory(event=event)
    factories.EntranceFactory(event=event, name="Palace of Culture", slug="palace")
    assert scan(usher, guest.badge_code)[1]["result"] == "admitted"
    assert scan(usher, guest.badge_code, entrance="palace")[1]["result"] == "admitted"


def test_the_protocol_office_note_asks_for_attention(usher, event, square):
    guest = factories.AttendeeFactory(event=event, checkin_note="VIP: call the head of protocol")
    _status, answer = scan(usher, guest.badge_code)
    assert answer["result"] == "attention"
    assert answer["admitted"] is True
    assert "VIP: call the head of protocol" in answer["message"]
    assert answer["attendee"]["note"] == "VIP: call the head of protocol"


@pytest.mark.parametrize(
    "code",
    ["nonsense", "1-1-000000000000", "", "\x00\x1b[31m<script>", "9" * 5000],
    ids=["text", "forged", "blank", "control", "huge"],
)
def test_a_code_that_is_no_badge_is_refused_or_answered_400(usher, event, square, code):
    status, answer = scan(usher, code)
    if status == 200:
        assert answer["result"] == "refused"
        assert answer["reason"] == "not_on_list"
        assert "Not on the list" in answer["message"]
    else:
        assert status == 400
        assert answer["message"]


def test_a_badge_of_another_event_is_not_on_the_list(usher, event, square):
    stranger = factories.AttendeeFactory()
    assert scan(usher, stranger.badge_code)[1]["reason"] == "not_on_list"


def test_a_guest_who_declined_is_refused(usher, event, square):
    guest = factories.AttendeeFactory(event=event, rsvp_status=RsvpStatus.DECLINED)
    answer = scan(usher, guest.badge_code)[1]
    assert (answer["result"], answer["reason"]) == ("refused", "declined")


def test_a_category_the_entrance_does_not_let_through_is_refused(usher, event):
    factories.EntranceFactory(event=event, slug="tribune", categories=[AttendeeCategory.HEAD_OF_STATE])
    resident = factories.AttendeeFactory(event=event, category=AttendeeCategory.RESIDENT)
    head = factories.AttendeeFactory(event=event, category=AttendeeCategory.HEAD_OF_STATE)
    assert scan(usher, resident.badge_code, entrance="tribune")[1]["reason"] == "wrong_entrance"
    assert scan(usher, head.badge_code, entrance="tribune")[1]["result"] == "admitted"


def test_the_checkpoint_of_a_restricted_visit_admits_only_the_cleared(usher, event):
    visit = factories.FacilityVisitFactory(
        program_item=factories.ProgramItemFactory(event=event, kind=ProgramItemKind.FACILITY_VISIT)
    )
    checkpoint = factories.EntranceFactory(event=event, slug="checkpoint")
    checkpoint.program_items.add(visit.program_item)
    cleared = factories.VisitParticipantFactory(visit=visit, clearance_status=ClearanceStatus.APPROVED)
    denied = factories.VisitParticipantFactory(visit=visit, clearance_status=ClearanceStatus.DENIED)
    not_on_visit = factories.AttendeeFactory(event=event)
    assert scan(usher, cleared.attendee.badge_code, entrance="checkpoint")[1]["result"] == "admitted"
    for attendee in (denied.attendee, not_on_visit):
        answer = scan(usher, attendee.badge_code, entrance="checkpoint")[1]
        assert (answer["result"], answer["reason"]) == ("refused", "clearance_denied")


def test_a_revoked_badge_is_refused_and_its_new_one_admitted(usher, event, square):
    guest = factories.AttendeeFactory(event=event)
    old_code = guest.badge_code
    protocol.badges_reissue(attendees=Attendee.objects.filter(pk=guest.pk))
    guest.refresh_from_db()
    assert guest.badge_code != old_code
    answer = scan(usher, old_code)[1]
    assert (answer["result"], answer["reason"]) == ("refused", "badge_revoked")
    assert scan(usher, guest.badge_code)[1]["result"] == "admitted"


def test_the_same_nonce_gets_the_same_answer_and_records_nothing_new(usher, event, square):
    guest = factories.AttendeeFactory(event=event)
    nonce = str(uuid.uuid4())
    first = scan(usher, guest.badge_code, nonce=nonce)
    again = scan(usher, guest.badge_code, nonce=nonce)
    assert first == again
    assert again[1]["result"] == "admitted"
    assert CheckIn.objects.filter(attendee=guest).count() == 1


@pytest.mark.parametrize(
    ("body", "says"),
    [
        (b"{not json", "not JSON"),
        (b"\xff\xfe", "not JSON"),
        (b"[1, 2]", "JSON object"),
        (b'{"code": "X", "entrance": "square"}', "nonce"),
        (b'{"code": 5, "entrance": "square", "nonce": "n"}', "code"),
        (b'{"code": "X", "entrance": "back-door", "nonce": "n"}', "back-door"),
        (b'{"code": "X", "entrance": "square", "nonce": "n", "scanned_at": "yesterday"}', "scanned_at"),
        (b'{"code": "X", "entrance": "square", "nonce": "' + b"n" * 200 + b'"}', "nonce"),
    ],
)
def test_a_malformed_scan_answers_400_with_a_message_and_records_nothing(usher, event, square, body, says):
    response = usher.post(
        reverse("checkin:scan", args=["baikonur-70"]), body, content_type="application/json"
    )
    assert response.status_code == 400
    assert says in response.json()["message"]
    assert not CheckIn.objects.exists()


def test_an_unknown_event_answers_404(usher, event, square):
    response = usher.post(
        reverse("checkin:scan", args=["no-such-event"]),
        {"code": "X", "entrance": "square", "nonce": "n"},
        content_type="application/json",
    )
    assert response.status_code == 404


def test_the_search_finds_guests_by_name_and_delegation(usher, event, square):
    delegation = factories.DelegationFactory(event=event, name="Republic of Korea")
    guest = factories.AttendeeFactory(event=event, delegation=delegation, person__family_name="Kim")
    factories.AttendeeFactory(event=event, person__family_name="Other")
    for query in ("kim", "korea"):
        found = usher.get(reverse("checkin:search", args=["baikonur-70"]), {"q": query}).json()["attendees"]
        assert [(one["name"], one["code"]) for one in found] == [(guest.person.full_name, guest.badge_code)]
    assert usher.get(reverse("checkin:search", args=["baikonur-70"]), {"q": "\x00"}).json() == {
        "attendees": []
    }


# ---------------------------------------------------------------------------------------------------
# Who may scan


def test_the_usher_group_may_check_in_and_nothing_else():
    usher = Group.objects.get(name=roles.USHER)
    assert set(usher.permissions.values_list("codename", flat=True)) == {"check_in_guests"}


def test_an_usher_sees_the_page_but_no_identity_document_and_changes_no_record(usher, event, square):
    visit = factories.FacilityVisitFactory(program_item=factories.ProgramItemFactory(event=event))
    participant = factories.VisitParticipantFactory(visit=visit, document_number="N7654321")
    page = usher.get(reverse("checkin:page", args=["baikonur-70"]))
    assert page.status_code == 200
    assert "The square" in page.content.decode()
    assert "N7654321" not in page.content.decode()
    for url in (
        reverse("admin:ceremony_visitparticipant_changelist"),
        reverse("admin:ceremony_facilityvisit_change", args=[visit.pk]),
        reverse("admin:ceremony_attendee_change", args=[participant.attendee.pk]),
        reverse("print:manifest", args=[visit.pk, "pdf"]),
    ):
        assert usher.get(url).status_code == 403, url
    response = usher.post(
        reverse("admin:ceremony_attendee_change", args=[participant.attendee.pk]), {"checkin_note": "x"}
    )
    assert response.status_code == 403
    found = usher.get(
        reverse("checkin:search", args=["baikonur-70"]), {"q": participant.attendee.person.family_name}
    )
    assert "N7654321" not in found.content.decode()


def test_without_the_permission_a_scan_is_refused_403(client, event, square):
    guest = factories.AttendeeFactory(event=event)
    assert scan(client, guest.badge_code)[0] == 403  # not logged in
    assert client.get(reverse("checkin:page", args=["baikonur-70"])).status_code == 302  # to log in
    viewer = factories.UserFactory()
    viewer.groups.add(Group.objects.get(name=roles.VIEWER))
    client.force_login(viewer)
    assert scan(client, guest.badge_code)[0] == 403
    assert client.get(reverse("checkin:page", args=["baikonur-70"])).status_code == 403
    assert not CheckIn.objects.exists()


def test_a_scan_needs_the_csrf_token_the_page_carries(event, square):
    guest = factories.AttendeeFactory(event=event)
    user = factories.UserFactory()
    user.user_permissions.add(Permission.objects.get(codename="check_in_guests"))
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(user)
    assert scan(browser, guest.badge_code)[0] == 403
    browser.get(reverse("checkin:page", args=["baikonur-70"]))
    token = browser.cookies["csrftoken"].value
    response = browser.post(
        reverse("checkin:scan", args=["baikonur-70"]),
        json.dumps({"code": guest.badge_code, "entrance": "square", "nonce": "n-1"}),
        content_type="application/json",
        headers={"X-CSRFToken": token},
    )
    assert response.json()["result"] == "admitted"


# ---------------------------------------------------------------------------------------------------
# The badge's QR code, as a scanner reads it


def test_the_printed_badge_qr_code_reads_back_and_scans(usher, event, square, tmp_path):
    guests = factories.AttendeeFactory.create_batch(2, event=event)
    printer = factories.UserFactory()
    printer.user_permissions.add(Permission.objects.get(codename="print_documents"))
    office = Client()
    office.force_login(printer)
    pdf = office.get(reverse("print:badges", args=["baikonur-70", "pdf"]))
    assert pdf["Content-Type"] == "application/pdf"
    (tmp_path / "badges.pdf").write_bytes(pdf.content)
    subprocess.run([PDFTOPPM, "-r", "200", "-png", "badges.pdf", "sheet"], cwd=tmp_path, check=True)  # noqa: S603
    decoded = subprocess.run(  # noqa: S603 (our own tools, on files we wrote)
        [ZBARIMG, "--raw", "-q", *sorted(str(path) for path in tmp_path.glob("sheet*.png"))],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert sorted(decoded) == sorted(guest.badge_code for guest in guests)
    for code in decoded:
        assert scan(usher, code)[1]["result"] == "admitted"


# ---------------------------------------------------------------------------------------------------
# Two ushers at once


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent writers need PostgreSQL")
def test_of_two_simultaneous_scans_of_one_guest_the_first_admission_wins():
    event = factories.EventFactory()
    entrance = factories.EntranceFactory(event=event)
    guest = factories.AttendeeFactory(event=event)
    usher = factories.UserFactory()
    barrier = threading.Barrier(4)
    answers = []

    def door(n):
        try:
            barrier.wait()
            answers.append(
                checkin.scan(
                    event=event, entrance=entrance, code=guest.badge_code, nonce=f"door-{n}", usher=usher
                ).result
            )
        finally:
            connections.close_all()

    threads = [threading.Thread(target=door, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(answers) == ["admitted", "already_admitted", "already_admitted", "already_admitted"]
    assert CheckIn.objects.filter(attendee=guest, admitted=True).count() == 1
    assert Entrance.objects.count() == 1


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("kk", ("Кіреберіс", "Бейджик коды", "Өтуге рұқсат етілді")),
        ("ru", ("Вход", "Код бейджа", "Проход разрешён")),
    ],
)
def test_the_page_and_its_answers_are_in_the_users_language(usher, event, square, language, words):
    guest = factories.AttendeeFactory(event=event)
    usher.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    page = usher.get(reverse("checkin:page", args=["baikonur-70"])).content.decode()
    for word in words[:2]:
        assert word in page
    # The texts the script shows come from the page.
    texts = json.loads(
        re.search(r'<script id="checkin-texts" type="application/json">(.*?)</script>', page)[1]
    )
    assert texts["admitted"] == words[2]
    assert scan(usher, guest.badge_code)[1]["message"] == words[2]


# ---------------------------------------------------------------------------------------------------
# The list a phone keeps for when the network is down


def offline_list(client, entrance="square"):
    return client.get(reverse("checkin:list", args=["baikonur-70"]), {"entrance": entrance})


def test_the_offline_list_holds_codes_names_and_refusals_but_no_identity_document(
    usher, event, django_assert_max_num_queries
):
    visit = factories.FacilityVisitFactory(
        program_item=factories.ProgramItemFactory(event=event, kind=ProgramItemKind.FACILITY_VISIT)
    )
    checkpoint = factories.EntranceFactory(
        event=event, slug="checkpoint", categories=[AttendeeCategory.COSMONAUT]
    )
    checkpoint.program_items.add(visit.program_item)
    cleared = factories.VisitParticipantFactory(
        visit=visit,
        attendee__category=AttendeeCategory.COSMONAUT,
        attendee__checkin_note="Escort to row 1",
        clearance_status=ClearanceStatus.APPROVED,
        document_number="N7654321",
    )
    denied = factories.VisitParticipantFactory(
        visit=visit, attendee__category=AttendeeCategory.COSMONAUT, clearance_status=ClearanceStatus.DENIED
    )
    resident = factories.AttendeeFactory(event=event, category=AttendeeCategory.RESIDENT)
    declined = factories.AttendeeFactory(event=event, rsvp_status=RsvpStatus.DECLINED)
    revoked = factories.AttendeeFactory(event=event, category=AttendeeCategory.COSMONAUT)
    old_code = revoked.badge_code
    protocol.badges_reissue(attendees=Attendee.objects.filter(pk=revoked.pk))
    factories.AttendeeFactory.create_batch(5, event=event)
    with django_assert_max_num_queries(12):
        response = offline_list(usher, "checkpoint")
    assert "N7654321" not in response.content.decode()
    guests = {guest["code"]: guest for guest in response.json()["guests"]}
    assert len(guests) == 10
    assert guests[cleared.attendee.badge_code]["refused"] == ""
    assert guests[cleared.attendee.badge_code]["note"] == "Escort to row 1"
    assert guests[denied.attendee.badge_code]["refused"] == "clearance_denied"
    assert guests[resident.badge_code]["refused"] == "wrong_entrance"
    assert guests[declined.badge_code]["refused"] == "declined"
    assert old_code not in guests


def test_the_offline_list_knows_who_is_already_in(usher, event, square):
    guest = factories.AttendeeFactory(event=event)
    scan(usher, guest.badge_code)
    listed = {one["code"]: one for one in offline_list(usher).json()["guests"]}
    assert listed[guest.badge_code]["admitted"] is True
    assert "Already admitted" in listed[guest.badge_code]["message"]


def test_the_offline_list_is_for_ushers_only(client, event, square):
    viewer = factories.UserFactory()
    viewer.groups.add(Group.objects.get(name=roles.VIEWER))
    client.force_login(viewer)
    assert offline_list(client).status_code == 403


def test_the_offline_list_of_an_unknown_entrance_answers_404(usher, event, square):
    assert offline_list(usher, "back-door").status_code == 404


# ---------------------------------------------------------------------------------------------------
# Arrivals, for the protocol office


def test_arrivals_count_by_entrance_and_category_and_time_the_dignitaries(
    client, usher, event, square, django_assert_max_num_queries
):
    tribune = factories.EntranceFactory(
        event=event, name="Tribune", slug="tribune", categories=[AttendeeCategory.HEAD_OF_STATE]
    )
    head = factories.AttendeeFactory(
        event=event, category=AttendeeCategory.HEAD_OF_STATE, precedence_rank=1, person__family_name="Тоқаев"
    )
    factories.AttendeeFactory(
        event=event, category=AttendeeCategory.HEAD_OF_STATE, precedence_rank=2, person__family_name="Absent"
    )
    residents = factories.AttendeeFactory.create_batch(3, event=event, category=AttendeeCategory.RESIDENT)
    factories.AttendeeFactory(event=event, rsvp_status=RsvpStatus.DECLINED)
    scan(usher, head.badge_code, entrance="tribune")
    scan(usher, residents[0].badge_code)
    scan(usher, residents[0].badge_code)  # already admitted: counted once
    admission = CheckIn.objects.get(attendee=head)
    viewer = factories.UserFactory()
    viewer.groups.add(Group.objects.get(name=roles.VIEWER))
    client.force_login(viewer)
    url = reverse("checkin:arrivals", args=["baikonur-70"])
    client.get(url)
    # The session, the user and permissions, the event, its first item's start, then seven.
    with django_assert_max_num_queries(15):
        page = client.get(url)
    rows = {
        table: re.findall(r"<tr><td>(.*?)</td><td>(.*?)</td><td>(.*?)</td>", html)
        for table, html in re.findall(r'<table id="([a-z-]+)">(.*?)</table>', page.content.decode(), re.S)
    }
    assert rows["by-entrance"] == [("The square", "1", "5"), ("Tribune", "1", "2")]
    assert rows["by-category"] == [("Head of state", "1", "2"), ("Resident", "1", "3")]
    assert rows["dignitaries"][0] == (
        "1",
        "Тоқаев " + head.person.given_name,
        event.localtime(admission.scanned_at).strftime("%H:%M"),
    )
    assert rows["dignitaries"][1][2] == "—"
    assert "Arrived: 2 of 5 expected." in page.content.decode()
    assert tribune.check_ins.count() == 1
    door = Client()
    door.force_login(User.objects.get(username="usher"))
    assert door.get(url).status_code == 403  # ushers see the doors, not the guest list


def table_rows(page, table):
    html = re.search(rf'<table id="{table}">(.*?)</table>', page.content.decode(), re.S)[1]
    return [
        re.findall(r"<td[^>]*>(.*?)</td>", row, re.S) for row in re.findall(r"<tr>(.*?)</tr>", html, re.S)
    ]


@pytest.fixture
def protocol_office(client):
    viewer = factories.UserFactory()
    viewer.groups.add(Group.objects.get(name=roles.VIEWER))
    office = Client()
    office.force_login(viewer)
    return office


@override_settings(ARRIVALS_PRECEDENCE_TIERS=[2, 5])
def test_arrivals_count_guests_by_band_of_protocol_rank(usher, protocol_office, event, square):
    ranked = [factories.AttendeeFactory(event=event, precedence_rank=rank) for rank in (1, 2, 3, 7)]
    factories.AttendeeFactory.create_batch(2, event=event)
    factories.AttendeeFactory(event=event, precedence_rank=4, rsvp_status=RsvpStatus.DECLINED)
    scan(usher, ranked[0].badge_code)
    scan(usher, ranked[3].badge_code)
    page = protocol_office.get(reverse("checkin:arrivals", args=["baikonur-70"]))
    assert table_rows(page, "by-rank")[1:] == [
        ["Ranks 1–2", "1", "2"],
        ["Ranks 3–5", "0", "1"],
        ["Rank 6 and lower", "1", "1"],
        ["No protocol rank", "0", "2"],
    ]


def test_arrivals_flag_a_guest_scanned_again_and_the_admission_a_phone_made_offline(
    usher, protocol_office, event, square
):
    passed_on = factories.AttendeeFactory(event=event, person__family_name="Передал")
    twice = factories.AttendeeFactory(event=event, person__family_name="Дважды")
    scan(usher, passed_on.badge_code)
    scan(usher, passed_on.badge_code)
    scan(usher, twice.badge_code)
    # A phone that admitted the same guest from its kept list while offline sends it 20 minutes later.
    offline_at = (timezone.now() - datetime.timedelta(minutes=20)).isoformat()
    usher.post(
        reverse("checkin:scan", args=["baikonur-70"]),
        json.dumps(
            {"code": twice.badge_code, "entrance": "square", "nonce": "late", "scanned_at": offline_at}
        ),
        content_type="application/json",
    )
    page = protocol_office.get(reverse("checkin:arrivals", args=["baikonur-70"]))
    again = table_rows(page, "scanned-again")[1:]
    assert [row[1] for row in again] == [passed_on.person.full_name, twice.person.full_name]
    assert "offline, sent at" not in again[0][0]
    assert "offline, sent at" in again[1][0]
    assert "Already admitted at" in again[1][3]
    assert CheckIn.objects.filter(attendee=twice, admitted=True).count() == 1


def test_no_shows_are_the_confirmed_guests_no_door_admitted_by_the_time_chosen(
    usher, protocol_office, event, square, django_assert_max_num_queries
):
    event.start_date = event.end_date = datetime.date(2025, 6, 2)
    event.time_zone = "Asia/Almaty"
    event.save()
    came = factories.AttendeeFactory(event=event, rsvp_status=RsvpStatus.CONFIRMED)
    late = factories.AttendeeFactory(event=event, rsvp_status=RsvpStatus.CONFIRMED, precedence_rank=3)
    absent = factories.AttendeeFactory(
        event=event, rsvp_status=RsvpStatus.CONFIRMED, precedence_rank=1, person__family_name="Нет"
    )
    factories.AttendeeFactory(event=event, rsvp_status=RsvpStatus.DECLINED)
    factories.AttendeeFactory(event=event, rsvp_status=RsvpStatus.INVITED)  # never answered: not counted
    zone = event.zone
    for guest, at in (
        (came, datetime.datetime(2025, 6, 2, 9, 40)),
        (late, datetime.datetime(2025, 6, 2, 10, 20)),
    ):
        usher.post(
            reverse("checkin:scan", args=["baikonur-70"]),
            json.dumps(
                {
                    "code": guest.badge_code,
                    "entrance": "square",
                    "nonce": str(uuid.uuid4()),
                    "scanned_at": at.replace(tzinfo=zone).isoformat(),
                }
            ),
            content_type="application/json",
        )
    url = reverse("checkin:arrivals", args=["baikonur-70"]) + "?day=2025-06-02&after=10:00"
    protocol_office.get(url)
    with django_assert_max_num_queries(17):  # as without no-shows (15), and two for them
        page = protocol_office.get(url)
    assert "2 guests who confirmed had come through no door by 10:00." in page.content.decode()
    assert [row[:2] for row in table_rows(page, "no-shows")[1:]] == [
        ["1", absent.person.full_name],
        ["3", late.person.full_name],
    ]
    page = protocol_office.get(url.replace("10:00", "10:30"))
    assert [row[1] for row in table_rows(page, "no-shows")[1:]] == [absent.person.full_name]


def test_the_arrivals_page_with_every_table_runs_the_same_queries_for_4_or_40_guests(
    usher, protocol_office, event, square
):
    event.start_date = event.end_date = timezone.localdate(timezone=event.zone)
    event.save()
    url = reverse("checkin:arrivals", args=["baikonur-70"]) + f"?day={event.start_date}&after=00:00"

    def grow(n):
        for index in range(n):
            guest = factories.AttendeeFactory(
                event=event,
                rsvp_status=RsvpStatus.CONFIRMED,
                category=list(AttendeeCategory)[index % 5],
                precedence_rank=index + 1,
            )
            if index % 2:  # half came, and some of their badges were scanned again
                scan(usher, guest.badge_code)
                if index % 4 == 1:
                    scan(usher, guest.badge_code)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            page = protocol_office.get(url)
        assert page.status_code == 200
        for table in ("by-rank", "scanned-again", "no-shows"):
            assert table_rows(page, table)[1:], table  # each table has rows
        return len(captured)

    grow(4)
    protocol_office.get(url)
    few = queries()
    grow(36)
    assert queries() == few


def test_no_shows_for_a_day_the_event_is_not_held_say_so_and_list_nobody(protocol_office, event, square):
    url = reverse("checkin:arrivals", args=["baikonur-70"])
    page = protocol_office.get(url + "?day=1999-01-01&after=10:00")
    assert page.status_code == 200
    assert "The event is not held on that day." in page.content.decode()
    assert 'id="no-shows"' not in page.content.decode()
    page = protocol_office.get(url + "?day=not-a-day&after=25:99")
    assert page.status_code == 200
    assert 'id="no-shows"' not in page.content.decode()
    tomorrow = timezone.localdate(timezone=event.zone) + datetime.timedelta(days=1)
    event.end_date = tomorrow  # the event runs from 2 June 2025 to tomorrow
    event.save()
    page = protocol_office.get(url + f"?day={tomorrow.isoformat()}&after=10:00")
    assert "That time has not come yet." in page.content.decode()
