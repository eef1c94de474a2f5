"""Conflicts: what the conflicts page and the run-of-show warn about (what a save refuses: test_rules.py)."""

import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pypdf import PdfReader

from ceremony.enums import ClearanceStatus, ParticipantRole, ProgramItemKind, RsvpStatus, VideoAddressStatus
from ceremony.rules.warnings import event_conflicts
from tests import factories
from tests.test_rules import at, item, sklyar

pytestmark = pytest.mark.django_db


@pytest.fixture
def event():
    return factories.EventFactory(slug="baikonur-70")


def messages(found, kind):
    return [conflict.message for conflict in found.get(kind, [])]


# ---------------------------------------------------------------------------------------------------
# Warnings, on the conflicts page and the run-of-show


@pytest.fixture
def busy_day(event):
    hall = factories.VenueFactory(name_en="Palace of Culture")
    square = factories.VenueFactory(name_en="Central Square")
    opening = item(event, "Opening", at(10, 30), at(11, 45), venue=square)
    awards = item(event, "Awards", at(11, 50), at(13), venue=hall, kind=ProgramItemKind.AWARD_CEREMONY)
    item(event, "Rehearsal", at(12, 30), at(13, 30), venue=hall)
    speaker = sklyar(event, rsvp_status=RsvpStatus.CONFIRMED)
    factories.ParticipationFactory(program_item=opening, attendee=speaker, role=ParticipantRole.SPEAKER)
    factories.ParticipationFactory(program_item=awards, attendee=speaker, role=ParticipantRole.PRESENTER)
    factories.AwardPresentationFactory(
        ceremony=awards,
        presenter=speaker,
        recipient=factories.AttendeeFactory(event=event, rsvp_status="invited"),
    )
    factories.VideoAddressFactory(
        program_item=opening, speaker_name_en="Putin", status=VideoAddressStatus.RECEIVED
    )
    visit = factories.FacilityVisitFactory(
        program_item=item(event, "Baiterek", at(14, 30), at(17, 30), kind=ProgramItemKind.FACILITY_VISIT)
    )
    factories.VisitParticipantFactory(visit=visit, clearance_status=ClearanceStatus.PENDING)
    return event


def test_the_warnings_of_a_busy_day(busy_day):
    found = event_conflicts(event=busy_day, now=at(9))
    assert list(found) == [
        "venue_overlap",
        "clearance_pending",
        "video_not_approved",
        "unconfirmed_award",
        "travel_time",
    ]
    assert messages(found, "venue_overlap") == [
        "“Awards” (2.06 11:50–13:00) and “Rehearsal” (2.06 12:30–13:30) are both at Palace of Culture."
    ]
    assert messages(found, "travel_time") == [
        "Скляр Роман leaves “Opening” at 11:45 and is due at “Awards” at 11:50."
    ]
    assert messages(found, "video_not_approved") == [
        "The video address of Putin in “Opening” (2.06 10:30–11:45) is “Received”, not approved."
    ]
    assert len(messages(found, "clearance_pending")) == 1
    assert messages(found, "unconfirmed_award")[0].endswith("has not confirmed (Invited).")


def test_warnings_wait_until_the_day_is_near(busy_day):
    found = event_conflicts(event=busy_day, now=at(9) - datetime.timedelta(days=5))
    assert "clearance_pending" not in found
    assert "video_not_approved" not in found


def test_the_conflicts_page_groups_them_by_kind_in_a_few_queries(admin_client, busy_day):
    url = reverse("admin:ceremony_event_conflicts", args=[busy_day.pk])
    admin_client.get(url)
    with CaptureQueriesContext(connection) as few:
        page = admin_client.get(url).content.decode()
    assert "Two items in one venue at once (1)" in page
    assert "Speakers with less than 15 minutes to get from one item to the next (1)" in page
    for n in range(10):
        more_item = item(busy_day, f"More {n}", at(18), at(19), venue=factories.VenueFactory())
        factories.ParticipationFactory(program_item=more_item, role=ParticipantRole.SPEAKER)
        factories.AwardPresentationFactory(
            ceremony=more_item, presenter=factories.AttendeeFactory(event=busy_day)
        )
    with CaptureQueriesContext(connection) as more:
        admin_client.get(url)
    assert len(few) == len(more) <= 20


def test_an_event_without_conflicts_says_so(admin_client, event):
    page = admin_client.get(reverse("admin:ceremony_event_conflicts", args=[event.pk])).content.decode()
    assert 'id="no-conflicts"' in page


def test_the_run_of_show_lists_the_conflicts(admin_client, busy_day):
    pdf = admin_client.get(reverse("print:run-of-show", args=["baikonur-70", "pdf"]))
    text = " ".join(
        " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages).split()
    )
    assert "Conflicts and warnings" in text
    assert "Two items in one venue at once" in text
