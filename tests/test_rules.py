"""Every rule that refuses a save, at every way in: the model, its admin form, the inlines that edit it,
and the actions that write it.

The guest-list import writes attendees and people only, never program parts, visits, awards or links
between attendees, so none of these rules can be broken through it.
"""

import datetime

import pytest
from django.core.exceptions import ValidationError

from awards.enums import PresentationStatus
from awards.models import AwardPresentation
from ceremony.enums import ClearanceStatus, ParticipantRole, ProgramItemKind
from ceremony.models import (
    Attendee,
    Delegation,
    FacilityVisit,
    Participation,
    ProgramItem,
    SeatAssignment,
    VisitParticipant,
)
from tests import factories
from tests.admin_pages import add_row, admin_url, errors_on_page, open_add_form, open_change_form, set_fields
from tests.factories import ALMATY

pytestmark = pytest.mark.django_db

DOUBLE_BOOKED = "Скляр Роман is already in “{other}” ({other_time}), which overlaps “{item}” ({time})."
DENIED = (
    "Скляр Роман was denied clearance for “Baiterek”, a visit to a restricted facility, and cannot take "
    "part in it."
)


def at(hour, minute=0):
    return datetime.datetime(2025, 6, 2, hour, minute, tzinfo=ALMATY)


@pytest.fixture
def event():
    return factories.EventFactory(slug="baikonur-70")


def item(event, title, start, end, **values):
    return factories.ProgramItemFactory(event=event, title_en=title, starts_at=start, ends_at=end, **values)


def sklyar(event, **values):
    person = factories.PersonFactory(family_name="Скляр", given_name="Роман")
    return factories.AttendeeFactory(event=event, person=person, **values)


def refusal(record):
    """The messages `full_clean` refuses the record with, by field."""
    with pytest.raises(ValidationError) as excinfo:
        record.full_clean()
    return excinfo.value.message_dict


def post(client, url, data):
    """Post a form; the page must come back with its errors (nothing saved) and they are returned."""
    response = client.post(url, data)
    assert response.status_code == 200, "the save was not refused"
    return errors_on_page(response)


def add_participant(data, attendee):
    """A guest row on a program item's page."""
    return add_row(data, "participations", attendee=attendee, role="guest", order=0)


def add_part(data, program_item):
    """A row of the program on an attendee's page."""
    return add_row(data, "participations", program_item=program_item, role="guest", order=0)


def post_change(client, record, data):
    return post(client, admin_url(type(record), "change", record.pk), data)


def post_add(client, model, data):
    return post(client, admin_url(model, "add"), data)


# ---------------------------------------------------------------------------------------------------
# Double booking: nobody in two overlapping items


@pytest.fixture
def opening(event):
    """Скляр speaks at the opening, 10:30–11:45; the press meeting at 11:00 overlaps it."""
    guest = sklyar(event)
    opening = item(event, "Opening", at(10, 30), at(11, 45))
    factories.ParticipationFactory(program_item=opening, attendee=guest, role=ParticipantRole.SPEAKER)
    return guest, opening


def booked(item_title, other="Opening", time="2.06 11:00–12:00", other_time="2.06 10:30–11:45"):
    return DOUBLE_BOOKED.format(other=other, other_time=other_time, item=item_title, time=time)


def test_double_booking_a_participant_model(event, opening):
    guest, _opening = opening
    press = item(event, "Press meeting", at(11), at(12))
    record = factories.ParticipationFactory.build(program_item=press, attendee=guest)
    assert refusal(record) == {"attendee": [booked("Press meeting")]}


def test_back_to_back_items_are_no_double_booking(event, opening):
    guest, _opening = opening
    lunch = item(event, "Lunch", at(11, 45), at(12, 30))
    factories.ParticipationFactory.build(program_item=lunch, attendee=guest).full_clean()


def test_double_booking_a_participant_admin_form(admin_client, event, opening):
    guest, _opening = opening
    press = item(event, "Press meeting", at(11), at(12))
    data = set_fields(open_add_form(admin_client, Participation), program_item=press.pk, attendee=guest.pk)
    assert post_add(admin_client, Participation, data) == [booked("Press meeting")]
    assert not press.participations.exists()


def test_double_booking_a_participant_inline_of_the_item(admin_client, event, opening):
    guest, _opening = opening
    press = item(event, "Press meeting", at(11), at(12))
    data = add_participant(open_change_form(admin_client, press), guest.pk)
    assert post_change(admin_client, press, data) == [booked("Press meeting")]
    assert not press.participations.exists()


def test_double_booking_a_participant_inline_of_the_attendee(admin_client, event, opening):
    guest, _opening = opening
    press = item(event, "Press meeting", at(11), at(12))
    data = add_part(open_change_form(admin_client, guest), press.pk)
    assert post_change(admin_client, guest, data) == [booked("Press meeting")]
    assert guest.participations.count() == 1


def test_double_booking_two_parts_added_at_once_on_the_attendee_page(admin_client, event):
    guest = sklyar(event)
    press = item(event, "Press meeting", at(11), at(12))
    lunch = item(event, "Lunch", at(11, 30), at(12, 30))
    data = open_change_form(admin_client, guest)
    add_part(data, press.pk)
    add_part(data, lunch.pk)
    assert post_change(admin_client, guest, data) == [
        booked("Lunch", other="Press meeting", time="2.06 11:30–12:30", other_time="2.06 11:00–12:00")
    ]
    assert not guest.participations.exists()


def test_double_booking_a_participant_who_presents_an_award_meanwhile(event):
    guest = sklyar(event)
    ceremony = item(event, "Awards", at(12), at(13), kind=ProgramItemKind.AWARD_CEREMONY)
    factories.AwardPresentationFactory(ceremony=ceremony, presenter=guest)
    meeting = item(event, "Meeting", at(12, 30), at(13, 30))
    record = factories.ParticipationFactory.build(program_item=meeting, attendee=guest)
    assert refusal(record) == {
        "attendee": [
            booked("Meeting", other="Awards", time="2.06 12:30–13:30", other_time="2.06 12:00–13:00")
        ]
    }


def test_a_declined_award_presentation_places_nobody(event):
    guest = sklyar(event)
    ceremony = item(event, "Awards", at(12), at(13), kind=ProgramItemKind.AWARD_CEREMONY)
    factories.AwardPresentationFactory(ceremony=ceremony, presenter=guest, status=PresentationStatus.DECLINED)
    meeting = item(event, "Meeting", at(12, 30), at(13, 30))
    factories.ParticipationFactory.build(program_item=meeting, attendee=guest).full_clean()


def test_a_participation_moved_to_an_overlapping_item_is_not_in_its_own_way(event, opening):
    _guest, first = opening
    press = item(event, "Press meeting", at(11), at(12))
    participation = first.participations.get()
    participation.program_item = press
    participation.full_clean()


def test_double_booking_a_visitor_model(event, opening):
    guest, _opening = opening
    visit = factories.FacilityVisitFactory(
        program_item=item(event, "Baiterek", at(11), at(12), kind=ProgramItemKind.FACILITY_VISIT)
    )
    record = factories.VisitParticipantFactory.build(visit=visit, attendee=guest)
    assert refusal(record) == {"attendee": [booked("Baiterek")]}


def test_double_booking_a_participant_who_visits_a_facility_meanwhile(event):
    guest = sklyar(event)
    visit = factories.FacilityVisitFactory(
        program_item=item(event, "Baiterek", at(10, 30), at(11, 45), kind=ProgramItemKind.FACILITY_VISIT)
    )
    factories.VisitParticipantFactory(visit=visit, attendee=guest)
    record = factories.ParticipationFactory.build(
        program_item=item(event, "Press meeting", at(11), at(12)), attendee=guest
    )
    assert refusal(record) == {"attendee": [booked("Press meeting", other="Baiterek")]}


def test_double_booking_a_visitor_admin_form(admin_client, event, opening):
    guest, _opening = opening
    visit = factories.FacilityVisitFactory(
        program_item=item(event, "Baiterek", at(11), at(12), kind=ProgramItemKind.FACILITY_VISIT)
    )
    data = set_fields(open_add_form(admin_client, VisitParticipant), visit=visit.pk, attendee=guest.pk)
    assert post_add(admin_client, VisitParticipant, data) == [booked("Baiterek")]
    assert not visit.visitors.exists()


def test_double_booking_a_visitor_inline(admin_client, event, opening):
    guest, _opening = opening
    visit = factories.FacilityVisitFactory(
        program_item=item(event, "Baiterek", at(11), at(12), kind=ProgramItemKind.FACILITY_VISIT)
    )
    data = add_row(
        open_change_form(admin_client, visit), "visitors", attendee=guest.pk, clearance_status="pending"
    )
    assert post_change(admin_client, visit, data) == [booked("Baiterek")]
    assert not visit.visitors.exists()


@pytest.mark.parametrize("role", ["presenter", "recipient"])
def test_double_booking_an_award_presenter_or_recipient_model(event, opening, role):
    guest, _opening = opening
    ceremony = item(event, "Awards", at(11), at(12), kind=ProgramItemKind.AWARD_CEREMONY)
    other = factories.AttendeeFactory(event=event)
    people = {"presenter": guest, "recipient": other} if role == "presenter" else {"recipient": guest}
    record = factories.AwardPresentationFactory.build(
        ceremony=ceremony, award=factories.AwardFactory(), **people
    )
    assert refusal(record) == {role: [booked("Awards")]}


def test_double_booking_an_award_presenter_admin_form(admin_client, event, opening):
    guest, _opening = opening
    ceremony = item(event, "Awards", at(11), at(12), kind=ProgramItemKind.AWARD_CEREMONY)
    data = set_fields(
        open_add_form(admin_client, AwardPresentation),
        ceremony=ceremony.pk,
        award=factories.AwardFactory().pk,
        recipient=factories.AttendeeFactory(event=event).pk,
        presenter=guest.pk,
    )
    assert post_add(admin_client, AwardPresentation, data) == [booked("Awards")]
    assert not ceremony.award_presentations.exists()


def test_double_booking_an_award_presenter_inline(admin_client, event, opening):
    guest, _opening = opening
    ceremony = item(event, "Awards", at(11), at(12), kind=ProgramItemKind.AWARD_CEREMONY)
    data = add_row(
        open_change_form(admin_client, ceremony),
        "award_presentations",
        order=1,
        status="nominated",
        award=factories.AwardFactory().pk,
        recipient=factories.AttendeeFactory(event=event).pk,
        presenter=guest.pk,
    )
    assert post_change(admin_client, ceremony, data) == [booked("Awards")]
    assert not ceremony.award_presentations.exists()


def test_double_booking_an_award_presentation_no_longer_declined_action(admin_client, event, opening):
    guest, _opening = opening
    ceremony = item(event, "Awards", at(11), at(12), kind=ProgramItemKind.AWARD_CEREMONY)
    presentation = factories.AwardPresentationFactory(
        ceremony=ceremony, presenter=guest, status=PresentationStatus.DECLINED
    )
    response = admin_client.post(
        admin_url(AwardPresentation, "changelist"),
        {"action": "set_approved", "_selected_action": [presentation.pk]},
        follow=True,
    )
    assert [str(message) for message in response.context["messages"]] == [
        f"Nothing was changed: {presentation}: {booked('Awards')}"
    ]
    presentation.refresh_from_db()
    assert (presentation.status, presentation.version) == (PresentationStatus.DECLINED, 1)


def test_double_booking_new_times_of_an_item_model(event, opening):
    guest, _opening = opening
    reception = item(event, "Reception", at(13), at(14))
    factories.ParticipationFactory(program_item=reception, attendee=guest)
    reception.starts_at, reception.ends_at = at(11), at(12)
    assert refusal(reception) == {"__all__": [booked("Reception")]}


def test_double_booking_new_times_of_an_item_admin_form(admin_client, event, opening):
    guest, _opening = opening
    reception = item(event, "Reception", at(13), at(14))
    factories.ParticipationFactory(program_item=reception, attendee=guest)
    data = set_fields(open_change_form(admin_client, reception), starts_at_1="11:00", ends_at_1="12:00")
    # Once for the item, once on the participant's row.
    assert post_change(admin_client, reception, data) == [booked("Reception")] * 2
    reception.refresh_from_db()
    assert reception.starts_at == at(13)


def test_double_booking_a_visit_moved_to_another_item_model(event, opening):
    guest, _opening = opening
    visit = factories.FacilityVisitFactory(
        program_item=item(event, "Baiterek", at(15), at(16), kind=ProgramItemKind.FACILITY_VISIT)
    )
    factories.VisitParticipantFactory(visit=visit, attendee=guest)
    visit.program_item = item(event, "Morning visit", at(11), at(12), kind=ProgramItemKind.FACILITY_VISIT)
    assert refusal(visit) == {"program_item": [booked("Morning visit")]}


def test_double_booking_new_times_of_a_visit_with_its_visitors_model(event):
    guest = sklyar(event)
    factories.ParticipationFactory(program_item=item(event, "Opening", at(10), at(11)), attendee=guest)
    visit_item = item(event, "Baiterek", at(14), at(15), kind=ProgramItemKind.FACILITY_VISIT)
    factories.VisitParticipantFactory(
        visit=factories.FacilityVisitFactory(program_item=visit_item), attendee=guest
    )
    visit_item.starts_at, visit_item.ends_at = at(10, 30), at(12)
    with pytest.raises(ValidationError, match="Скляр Роман is already in “Opening”"):
        visit_item.full_clean()


# ---------------------------------------------------------------------------------------------------
# Group size of a facility visit


@pytest.fixture
def small_visit(event):
    """A visit for one visitor, who is on it already."""
    visit = factories.FacilityVisitFactory(
        program_item=item(event, "Baiterek", at(14, 30), at(17, 30), kind=ProgramItemKind.FACILITY_VISIT),
        capacity=1,
    )
    factories.VisitParticipantFactory(visit=visit)
    return visit


FULL = "“Baiterek” allows 1 visitors; 2 are listed."


def test_group_size_adding_a_visitor_model(event, small_visit):
    record = factories.VisitParticipantFactory.build(
        visit=small_visit, attendee=factories.AttendeeFactory(event=event)
    )
    assert refusal(record) == {"__all__": [FULL]}


def test_group_size_adding_a_visitor_admin_form(admin_client, event, small_visit):
    newcomer = factories.AttendeeFactory(event=event)
    data = set_fields(
        open_add_form(admin_client, VisitParticipant), visit=small_visit.pk, attendee=newcomer.pk
    )
    assert post_add(admin_client, VisitParticipant, data) == [FULL]
    assert small_visit.visitors.count() == 1


def test_group_size_adding_visitors_inline(admin_client, event, small_visit):
    data = open_change_form(admin_client, small_visit)
    for newcomer in factories.AttendeeFactory.create_batch(2, event=event):
        add_row(data, "visitors", attendee=newcomer.pk, clearance_status="pending")
    # Each new row is refused on its own: with it, two would be listed.
    assert post_change(admin_client, small_visit, data) == [FULL] * 2
    assert small_visit.visitors.count() == 1


@pytest.fixture
def visit_of_two(event):
    visit = factories.FacilityVisitFactory(
        program_item=item(event, "Baiterek", at(14, 30), at(17, 30), kind=ProgramItemKind.FACILITY_VISIT),
        capacity=5,
    )
    factories.VisitParticipantFactory.create_batch(2, visit=visit)
    return visit


LOWERED = "“Baiterek” allows 1 visitors; 2 are listed."


def test_group_size_lowered_below_the_visitors_model(visit_of_two):
    visit_of_two.capacity = 1
    assert refusal(visit_of_two) == {"capacity": [LOWERED]}


def test_group_size_lowered_below_the_visitors_admin_form(admin_client, visit_of_two):
    data = set_fields(open_change_form(admin_client, visit_of_two), capacity=1)
    # Once for the size, once for the visitors' rows below it.
    assert post_change(admin_client, visit_of_two, data) == [LOWERED] * 2
    visit_of_two.refresh_from_db()
    assert visit_of_two.capacity == 5


def test_group_size_lowered_below_the_visitors_inline_of_the_item(admin_client, visit_of_two):
    program_item = visit_of_two.program_item
    data = set_fields(open_change_form(admin_client, program_item), **{"facility_visit-0-capacity": 1})
    assert post_change(admin_client, program_item, data) == [LOWERED]
    visit_of_two.refresh_from_db()
    assert visit_of_two.capacity == 5


# ---------------------------------------------------------------------------------------------------
# Denied clearance: someone denied for a restricted visit takes no part in it


@pytest.fixture
def baiterek(event):
    return factories.FacilityVisitFactory(
        program_item=item(event, "Baiterek", at(14), at(15), kind=ProgramItemKind.FACILITY_VISIT)
    )


@pytest.fixture
def denied_guest(event, baiterek):
    guest = sklyar(event)
    factories.VisitParticipantFactory(visit=baiterek, attendee=guest, clearance_status=ClearanceStatus.DENIED)
    return guest


def test_denied_clearance_new_participant_model(baiterek, denied_guest):
    record = factories.ParticipationFactory.build(program_item=baiterek.program_item, attendee=denied_guest)
    assert refusal(record) == {"attendee": [DENIED]}


def test_denied_clearance_new_participant_admin_form(admin_client, baiterek, denied_guest):
    data = set_fields(
        open_add_form(admin_client, Participation),
        program_item=baiterek.program_item.pk,
        attendee=denied_guest.pk,
    )
    assert post_add(admin_client, Participation, data) == [DENIED]


def test_denied_clearance_new_participant_inline(admin_client, baiterek, denied_guest):
    program_item = baiterek.program_item
    data = add_participant(open_change_form(admin_client, program_item), denied_guest.pk)
    assert post_change(admin_client, program_item, data) == [DENIED]
    assert not program_item.participations.exists()


@pytest.fixture
def participating_visitor(event, baiterek):
    guest = sklyar(event)
    factories.ParticipationFactory(program_item=baiterek.program_item, attendee=guest)
    return factories.VisitParticipantFactory(visit=baiterek, attendee=guest)


def test_denied_clearance_for_a_participant_model(participating_visitor):
    participating_visitor.clearance_status = ClearanceStatus.DENIED
    assert refusal(participating_visitor) == {"clearance_status": [DENIED]}


def test_denied_clearance_for_a_participant_admin_form(admin_client, participating_visitor):
    data = set_fields(open_change_form(admin_client, participating_visitor), clearance_status="denied")
    assert post_change(admin_client, participating_visitor, data) == [DENIED]
    participating_visitor.refresh_from_db()
    assert participating_visitor.clearance_status == ClearanceStatus.PENDING


def test_denied_clearance_for_a_participant_inline(admin_client, baiterek, participating_visitor):
    data = set_fields(open_change_form(admin_client, baiterek), **{"visitors-0-clearance_status": "denied"})
    assert post_change(admin_client, baiterek, data) == [DENIED]
    participating_visitor.refresh_from_db()
    assert participating_visitor.clearance_status == ClearanceStatus.PENDING


def test_denied_clearance_for_a_participant_action(admin_client, participating_visitor):
    response = admin_client.post(
        admin_url(VisitParticipant, "changelist"),
        {"action": "set_denied", "_selected_action": [participating_visitor.pk]},
        follow=True,
    )
    assert [str(message) for message in response.context["messages"]] == [
        f"Nothing was changed: Скляр Роман: {DENIED}"
    ]
    participating_visitor.refresh_from_db()
    assert (participating_visitor.clearance_status, participating_visitor.version) == (
        ClearanceStatus.PENDING,
        1,
    )


@pytest.fixture
def open_visit_with_denied_participant(event):
    """A visit that needs no clearance yet, where someone denied takes part."""
    visit = factories.FacilityVisitFactory(
        program_item=item(event, "Baiterek", at(14), at(15), kind=ProgramItemKind.FACILITY_VISIT),
        clearance_required=False,
    )
    guest = sklyar(event)
    factories.VisitParticipantFactory(visit=visit, attendee=guest, clearance_status=ClearanceStatus.DENIED)
    factories.ParticipationFactory(program_item=visit.program_item, attendee=guest)
    return visit


def test_denied_clearance_when_a_visit_comes_to_need_it_model(open_visit_with_denied_participant):
    open_visit_with_denied_participant.clearance_required = True
    assert refusal(open_visit_with_denied_participant) == {"clearance_required": [DENIED]}


def test_denied_clearance_when_a_visit_comes_to_need_it_admin_form(
    admin_client, open_visit_with_denied_participant
):
    visit = open_visit_with_denied_participant
    data = set_fields(open_change_form(admin_client, visit), clearance_required="on")
    # Once for the visit, once on the denied visitor's row.
    assert post_change(admin_client, visit, data) == [DENIED] * 2
    visit.refresh_from_db()
    assert visit.clearance_required is False


def test_denied_clearance_when_a_facility_comes_to_be_restricted(
    admin_client, baiterek, participating_visitor
):
    participating_visitor.clearance_status = ClearanceStatus.DENIED
    participating_visitor.save()  # stored before the rule could see it: the facility was open then
    facility = baiterek.facility
    type(facility).objects.filter(pk=facility.pk).update(restricted=False)
    facility.refresh_from_db()
    facility.restricted = True
    assert refusal(facility) == {"restricted": [DENIED]}
    data = set_fields(open_change_form(admin_client, facility), restricted="on")
    assert post_change(admin_client, facility, data) == [DENIED]


# ---------------------------------------------------------------------------------------------------
# Once-only awards


@pytest.fixture
def medal_given(event):
    """Скляр received a once-only medal at an earlier ceremony."""
    guest = sklyar(event)
    medal = factories.AwardFactory(name_en="Medal «Baikonur 70»", is_repeatable=False)
    earlier = item(event, "Earlier awards", at(9), at(10), kind=ProgramItemKind.AWARD_CEREMONY)
    factories.AwardPresentationFactory(ceremony=earlier, award=medal, recipient=guest)
    ceremony = item(event, "Awards", at(12), at(13), kind=ProgramItemKind.AWARD_CEREMONY)
    return guest, medal, ceremony


GIVEN = (
    "Скляр Роман already has “Medal «Baikonur 70»” (Earlier awards, {event}), "
    "and it can be received only once."
)


def test_once_only_award_model(event, medal_given):
    guest, medal, ceremony = medal_given
    record = factories.AwardPresentationFactory.build(ceremony=ceremony, award=medal, recipient=guest)
    assert refusal(record) == {"award": [GIVEN.format(event=event)]}


def test_once_only_award_admin_form(admin_client, event, medal_given):
    guest, medal, ceremony = medal_given
    data = set_fields(
        open_add_form(admin_client, AwardPresentation),
        ceremony=ceremony.pk,
        award=medal.pk,
        recipient=guest.pk,
    )
    assert post_add(admin_client, AwardPresentation, data) == [GIVEN.format(event=event)]


def test_once_only_award_inline(admin_client, event, medal_given):
    guest, medal, ceremony = medal_given
    data = open_change_form(admin_client, ceremony)
    add_row(data, "award_presentations", order=1, status="nominated", award=medal.pk, recipient=guest.pk)
    assert post_change(admin_client, ceremony, data) == [GIVEN.format(event=event)]


def test_once_only_award_twice_in_one_submission_inline(admin_client, event):
    guest = sklyar(event)
    medal = factories.AwardFactory(name_en="Medal «Baikonur 70»", is_repeatable=False)
    ceremony = item(event, "Awards", at(12), at(13), kind=ProgramItemKind.AWARD_CEREMONY)
    data = open_change_form(admin_client, ceremony)
    for order in (1, 2):
        add_row(
            data, "award_presentations", order=order, status="nominated", award=medal.pk, recipient=guest.pk
        )
    assert post_change(admin_client, ceremony, data) == [
        "Скляр Роман is given “Medal «Baikonur 70»” twice here; it can be received only once."
    ]
    assert not ceremony.award_presentations.exists()


def test_once_only_award_no_longer_declined_action(admin_client, event, medal_given):
    guest, medal, ceremony = medal_given
    second = factories.AwardPresentationFactory(
        ceremony=ceremony, award=medal, recipient=guest, status=PresentationStatus.DECLINED
    )
    response = admin_client.post(
        admin_url(AwardPresentation, "changelist"),
        {"action": "set_presented", "_selected_action": [second.pk]},
        follow=True,
    )
    assert [str(message) for message in response.context["messages"]] == [
        f"Nothing was changed: {second}: {GIVEN.format(event=event)}"
    ]
    second.refresh_from_db()
    assert second.status == PresentationStatus.DECLINED


@pytest.fixture
def repeatable_award_given_twice(event):
    guest = sklyar(event)
    letter = factories.AwardFactory(name_en="Letter of thanks", is_repeatable=True)
    for hour in (9, 12):
        ceremony = item(
            event, f"Awards at {hour}", at(hour), at(hour + 1), kind=ProgramItemKind.AWARD_CEREMONY
        )
        factories.AwardPresentationFactory(ceremony=ceremony, award=letter, recipient=guest)
    return letter


MUST_STAY_REPEATABLE = (
    "Скляр Роман already received “Letter of thanks” more than once, so it must stay repeatable."
)


def test_once_only_award_made_so_while_held_twice_model(repeatable_award_given_twice):
    repeatable_award_given_twice.is_repeatable = False
    assert refusal(repeatable_award_given_twice) == {"is_repeatable": [MUST_STAY_REPEATABLE]}


def test_once_only_award_made_so_while_held_twice_admin_form(admin_client, repeatable_award_given_twice):
    award = repeatable_award_given_twice
    data = set_fields(open_change_form(admin_client, award), is_repeatable=None)
    assert post_change(admin_client, award, data) == [MUST_STAY_REPEATABLE]
    award.refresh_from_db()
    assert award.is_repeatable is True


# ---------------------------------------------------------------------------------------------------
# Same-event links: what a record points to belongs to its own event


def _participation(event):
    return factories.ParticipationFactory(program_item__event=event)


def _seat(event):
    return factories.SeatAssignmentFactory(program_item__event=event)


def _presentation(event):
    return factories.AwardPresentationFactory(ceremony__event=event)


# (model, field, a record of `event`); each field pointed at an attendee (or delegation) of another event.
LINKS = [
    (Delegation, "head", lambda event: factories.DelegationFactory(event=event)),
    (Delegation, "escort_officer", lambda event: factories.DelegationFactory(event=event)),
    (Attendee, "delegation", lambda event: factories.AttendeeFactory(event=event)),
    (Attendee, "escort_officer", lambda event: factories.AttendeeFactory(event=event)),
    (ProgramItem, "responsible", lambda event: factories.ProgramItemFactory(event=event)),
    (Participation, "attendee", _participation),
    (Participation, "accompanies", _participation),
    (SeatAssignment, "attendee", _seat),
    (FacilityVisit, "escort", lambda event: factories.FacilityVisitFactory(program_item__event=event)),
    (
        VisitParticipant,
        "attendee",
        lambda event: factories.VisitParticipantFactory(visit__program_item__event=event),
    ),
    (AwardPresentation, "recipient", _presentation),
    (AwardPresentation, "presenter", _presentation),
]
LINK_IDS = [f"{model.__name__}.{field}" for model, field, _make in LINKS]


def elsewhere(model, field):
    """An attendee (or a delegation) of another event, for `field` to point at."""
    other_event = factories.EventFactory(name_en="Another event")
    if model is Attendee and field == "delegation":
        return factories.DelegationFactory(event=other_event, name="Guests of another event")
    person = factories.PersonFactory(family_name="Чужой", given_name="Гость")
    return factories.AttendeeFactory(event=other_event, person=person)


def other_event_message(related, event):
    if isinstance(related, Delegation):
        return f"The delegation {related} belongs to another event."
    return f"{related} is not an attendee of {event}."


@pytest.mark.parametrize(("model", "field", "make"), LINKS, ids=LINK_IDS)
def test_same_event_links_model(event, model, field, make):
    record = make(event)
    related = elsewhere(model, field)
    setattr(record, field, related)
    assert refusal(record)[field] == [other_event_message(related, event)]


@pytest.mark.parametrize(("model", "field", "make"), LINKS, ids=LINK_IDS)
def test_same_event_links_admin_form(admin_client, event, model, field, make):
    record = make(event)
    related = elsewhere(model, field)
    data = set_fields(open_change_form(admin_client, record), **{field: related.pk})
    assert other_event_message(related, event) in post_change(admin_client, record, data)
    record.refresh_from_db()
    assert getattr(record, f"{field}_id") != related.pk


# (parent of the page, inline prefix, the row's fields, the row field that points at the other event)
def _item_page(event):
    return (
        factories.ProgramItemFactory(event=event),
        "participations",
        {"role": "guest", "order": 0},
        "attendee",
    )


def _seating_page(event):
    program_item = factories.ProgramItemFactory(
        event=event, venue=factories.VenueFactory(seat_rows=2, seats_per_row=2)
    )
    return program_item, "seats", {"row": 1, "seat": 1, "is_manual": "on"}, "attendee"


def _visit_page(event):
    visit = factories.FacilityVisitFactory(program_item__event=event)
    return visit, "visitors", {"clearance_status": "pending"}, "attendee"


def _ceremony_page(event):
    ceremony = factories.ProgramItemFactory(event=event, kind=ProgramItemKind.AWARD_CEREMONY)
    row = {"order": 1, "status": "nominated", "award": factories.AwardFactory().pk}
    return ceremony, "award_presentations", row, "recipient"


@pytest.mark.parametrize("inline_page", [_item_page, _seating_page, _visit_page, _ceremony_page])
def test_same_event_links_inline(admin_client, event, inline_page):
    parent, prefix, row, field = inline_page(event)
    stranger = elsewhere(None, field)
    data = add_row(open_change_form(admin_client, parent), prefix, **row, **{field: stranger.pk})
    assert post_change(admin_client, parent, data) == [f"{stranger} is not an attendee of {event}."]


def test_same_event_links_inline_of_the_persons_attendances(admin_client, event):
    attendee = factories.AttendeeFactory(event=event)
    stranger = elsewhere(Attendee, "delegation")
    data = set_fields(
        open_change_form(admin_client, attendee.person), **{"attendances-0-delegation": stranger.pk}
    )
    assert post_change(admin_client, attendee.person, data) == [
        f"The delegation {stranger} belongs to another event."
    ]


def test_an_attendee_taking_part_keeps_their_event_model_and_admin_form(admin_client, event):
    guest = sklyar(event)
    factories.ParticipationFactory(program_item=item(event, "Opening", at(10), at(11)), attendee=guest)
    other_event = factories.EventFactory(name_en="Another event")
    moving = Attendee.objects.get(pk=guest.pk)
    moving.event = other_event
    message = f"“Скляр Роман” takes part in the program at {event} and cannot be moved to another event."
    assert refusal(moving) == {"event": [message]}
    data = set_fields(open_change_form(admin_client, guest), event=other_event.pk)
    # The page's own row of the participation says why too.
    assert post_change(admin_client, guest, data) == [message, f"Скляр Роман is not an attendee of {event}."]


def test_an_unlinked_attendee_may_move_to_another_event(admin_client, event):
    guest = sklyar(event)
    other_event = factories.EventFactory(name_en="Another event")
    data = set_fields(open_change_form(admin_client, guest), event=other_event.pk)
    assert admin_client.post(admin_url(Attendee, "change", guest.pk), data).status_code == 302
    guest.refresh_from_db()
    assert guest.event == other_event


# ---------------------------------------------------------------------------------------------------
# A venue booked twice is allowed, with a warning


def test_a_venue_booked_twice_saves_with_a_warning_naming_the_other_item(admin_client, event):
    hall = factories.VenueFactory(name_en="Palace of Culture")
    item(event, "Rehearsal", at(12, 30), at(13, 30), venue=hall)
    awards = item(event, "Awards", at(14), at(15), venue=hall)
    data = set_fields(open_change_form(admin_client, awards), starts_at_1="11:50", ends_at_1="13:00")
    change_url = admin_url(ProgramItem, "change", awards.pk)
    response = admin_client.post(change_url, data, follow=True)
    assert [(message.level_tag, str(message)) for message in response.context["messages"]] == [
        (
            "warning",
            "“Awards” (2.06 11:50–13:00) and “Rehearsal” (2.06 12:30–13:30) are both at Palace of Culture.",
        ),
        (
            "success",
            f'The program item “<a href="{change_url}">Awards</a>” was changed successfully.',
        ),
    ]
    awards.refresh_from_db()
    assert awards.starts_at == at(11, 50)


# ---------------------------------------------------------------------------------------------------
# Seats, escorts and identity documents


@pytest.fixture
def small_hall_item(event):
    return item(
        event,
        "Gala",
        at(19),
        at(21),
        venue=factories.VenueFactory(name_en="Hall", seat_rows=2, seats_per_row=3),
    )


OUTSIDE = "Row 3, seat 1 is outside Hall (2 rows of 3 seats)."


def test_a_seat_outside_the_hall_model(event, small_hall_item):
    seat = factories.SeatAssignmentFactory.build(
        program_item=small_hall_item, attendee=factories.AttendeeFactory(event=event), row=3, seat=1
    )
    assert refusal(seat) == {"__all__": [OUTSIDE]}


def test_a_seat_outside_the_hall_admin_form(admin_client, event, small_hall_item):
    guest = factories.AttendeeFactory(event=event)
    data = set_fields(
        open_add_form(admin_client, SeatAssignment),
        program_item=small_hall_item.pk,
        attendee=guest.pk,
        row=3,
        seat=1,
    )
    assert post_add(admin_client, SeatAssignment, data) == [OUTSIDE]


def test_a_seat_outside_the_hall_inline(admin_client, event, small_hall_item):
    guest = factories.AttendeeFactory(event=event)
    data = add_row(
        open_change_form(admin_client, small_hall_item),
        "seats",
        row=3,
        seat=1,
        attendee=guest.pk,
        is_manual="on",
    )
    assert post_change(admin_client, small_hall_item, data) == [OUTSIDE]
    assert not small_hall_item.seats.exists()


def test_an_attendee_escorting_themselves_model_and_admin_form(admin_client, event):
    guest = sklyar(event)
    guest.escort_officer = guest
    assert refusal(guest) == {"escort_officer": ["An attendee cannot escort themselves."]}
    guest.refresh_from_db()
    data = set_fields(open_change_form(admin_client, guest), escort_officer=guest.pk)
    assert post_change(admin_client, guest, data) == ["An attendee cannot escort themselves."]


def test_a_document_number_without_its_kind_admin_form_and_inline(admin_client, baiterek, event):
    visitor = factories.VisitParticipantFactory(visit=baiterek, attendee=sklyar(event))
    message = "Say which document this number belongs to."
    data = set_fields(open_change_form(admin_client, visitor), document_number="N0123456")
    assert post_change(admin_client, visitor, data) == [message]
    data = set_fields(open_change_form(admin_client, baiterek), **{"visitors-0-document_number": "N0123456"})
    assert post_change(admin_client, baiterek, data) == [message]
    visitor.refresh_from_db()
    assert visitor.document_number == ""
