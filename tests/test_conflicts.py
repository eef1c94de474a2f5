"""Conflicts: what a save refuses, and what the conflicts page and the run-of-show warn about."""

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pypdf import PdfReader

from ceremony.enums import ClearanceStatus, ParticipantRole, ProgramItemKind, RsvpStatus, VideoAddressStatus
from ceremony.rules.warnings import event_conflicts
from tests import factories
from tests.factories import ALMATY

pytestmark = pytest.mark.django_db


def at(hour, minute=0):
    return datetime.datetime(2025, 6, 2, hour, minute, tzinfo=ALMATY)


@pytest.fixture
def event():
    return factories.EventFactory(slug="baikonur-70")


def item(event, title, start, end, **values):
    return factories.ProgramItemFactory(event=event, title_en=title, starts_at=start, ends_at=end, **values)


def sklyar(event, **values):
    return factories.AttendeeFactory(
        event=event, person=factories.PersonFactory(family_name="Скляр", given_name="Роман"), **values
    )


def messages(found, kind):
    return [conflict.message for conflict in found.get(kind, [])]


# ---------------------------------------------------------------------------------------------------
# Blocking: the save is refused with a message naming both sides


def test_an_attendee_cannot_be_in_two_overlapping_items(event):
    guest = sklyar(event)
    opening = item(event, "Opening", at(10, 30), at(11, 45))
    press = item(event, "Press meeting", at(11), at(12))
    factories.ParticipationFactory(program_item=opening, attendee=guest)
    second = factories.ParticipationFactory.build(program_item=press, attendee=guest)
    with pytest.raises(ValidationError) as excinfo:
        second.full_clean()
    assert excinfo.value.message_dict["attendee"] == [
        "Скляр Роман is already in “Opening” (2.06 10:30–11:45), "
        "which overlaps “Press meeting” (2.06 11:00–12:00)."
    ]


def test_back_to_back_items_are_no_conflict(event):
    guest = sklyar(event)
    factories.ParticipationFactory(program_item=item(event, "A", at(10), at(11)), attendee=guest)
    factories.ParticipationFactory.build(
        program_item=item(event, "B", at(11), at(12)), attendee=guest
    ).full_clean()


def test_moving_an_item_onto_another_of_its_participants_is_refused(admin_client, event):
    guest = sklyar(event)
    factories.ParticipationFactory(
        program_item=item(event, "Opening", at(10, 30), at(11, 45)), attendee=guest
    )
    later = item(event, "Reception", at(13), at(14))
    factories.ParticipationFactory(program_item=later, attendee=guest)
    response = admin_client.post(
        reverse("admin:ceremony_programitem_change", args=[later.pk]),
        {
            "event": event.pk,
            "title_en": "Reception",
            "kind": later.kind,
            "starts_at_0": "2025-06-02",
            "starts_at_1": "11:00",
            "ends_at_0": "2025-06-02",
            "ends_at_1": "12:00",
            "participations-TOTAL_FORMS": "0",
            "participations-INITIAL_FORMS": "0",
            "video_addresses-TOTAL_FORMS": "0",
            "video_addresses-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.non_field_errors() == [
        "Скляр Роман is already in “Opening” (2.06 10:30–11:45), "
        "which overlaps “Reception” (2.06 11:00–12:00)."
    ]
    later.refresh_from_db()
    assert later.starts_at == at(13)


def test_a_visit_cannot_take_more_visitors_than_its_group_size(event):
    visit = factories.FacilityVisitFactory(
        program_item=item(event, "Baiterek", at(14, 30), at(17, 30), kind=ProgramItemKind.FACILITY_VISIT),
        capacity=1,
    )
    factories.VisitParticipantFactory(visit=visit)
    extra = factories.VisitParticipantFactory.build(
        visit=visit, attendee=factories.AttendeeFactory(event=event)
    )
    with pytest.raises(ValidationError) as excinfo:
        extra.full_clean()
    assert excinfo.value.messages == ["“Baiterek” allows 1 visitors; 2 are listed."]


def test_two_visitors_added_at_once_over_the_group_size_are_refused(admin_client, event):
    visit = factories.FacilityVisitFactory(
        program_item=item(event, "Baiterek", at(14, 30), at(17, 30), kind=ProgramItemKind.FACILITY_VISIT),
        capacity=1,
    )
    first, second = factories.AttendeeFactory.create_batch(2, event=event)
    response = admin_client.post(
        reverse("admin:ceremony_facilityvisit_change", args=[visit.pk]),
        {
            "program_item": visit.program_item.pk,
            "facility": visit.facility.pk,
            "capacity": "1",
            "clearance_required": "on",
            "visitors-TOTAL_FORMS": "2",
            "visitors-INITIAL_FORMS": "0",
            "visitors-0-attendee": first.pk,
            "visitors-0-clearance_status": "pending",
            "visitors-1-attendee": second.pk,
            "visitors-1-clearance_status": "pending",
        },
    )
    assert response.status_code == 200
    assert response.context["inline_admin_formsets"][0].formset.non_form_errors() == [
        "“Baiterek” allows 1 visitors; 2 are listed."
    ]
    assert visit.visitors.count() == 0


def test_someone_denied_clearance_cannot_take_part_in_a_restricted_visit(event):
    visit_item = item(event, "Baiterek", at(14, 30), at(17, 30), kind=ProgramItemKind.FACILITY_VISIT)
    visit = factories.FacilityVisitFactory(program_item=visit_item)
    guest = sklyar(event)
    factories.VisitParticipantFactory(visit=visit, attendee=guest, clearance_status=ClearanceStatus.DENIED)
    with pytest.raises(ValidationError) as excinfo:
        factories.ParticipationFactory.build(program_item=visit_item, attendee=guest).full_clean()
    assert excinfo.value.message_dict["attendee"] == [
        "Скляр Роман was denied clearance for “Baiterek”, a visit to a restricted facility, "
        "and cannot take part in it."
    ]


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


def test_moving_a_visit_onto_a_visitors_other_item_is_refused(event):
    guest = sklyar(event)
    factories.ParticipationFactory(program_item=item(event, "Opening", at(10), at(11)), attendee=guest)
    visit_item = item(event, "Baiterek", at(14), at(15), kind=ProgramItemKind.FACILITY_VISIT)
    factories.VisitParticipantFactory(
        visit=factories.FacilityVisitFactory(program_item=visit_item), attendee=guest
    )
    visit_item.starts_at, visit_item.ends_at = at(10, 30), at(12)
    with pytest.raises(ValidationError, match="Скляр Роман is already in “Opening”"):
        visit_item.full_clean()


def test_an_award_presenter_cannot_be_elsewhere_at_the_same_time(event):
    guest = sklyar(event)
    ceremony = item(event, "Awards", at(12), at(13), kind=ProgramItemKind.AWARD_CEREMONY)
    factories.AwardPresentationFactory(ceremony=ceremony, presenter=guest)
    meeting = item(event, "Meeting", at(12, 30), at(13, 30))
    with pytest.raises(ValidationError, match="Скляр Роман is already in “Awards”"):
        factories.ParticipationFactory.build(program_item=meeting, attendee=guest).full_clean()


def test_denying_clearance_to_someone_taking_part_in_a_restricted_visit_is_refused(event):
    visit_item = item(event, "Baiterek", at(14), at(15), kind=ProgramItemKind.FACILITY_VISIT)
    visit = factories.FacilityVisitFactory(program_item=visit_item)
    guest = sklyar(event)
    factories.ParticipationFactory(program_item=visit_item, attendee=guest)
    visitor = factories.VisitParticipantFactory(visit=visit, attendee=guest)
    visitor.clearance_status = ClearanceStatus.DENIED
    with pytest.raises(ValidationError) as excinfo:
        visitor.full_clean()
    assert list(excinfo.value.message_dict) == ["clearance_status"]
