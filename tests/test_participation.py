"""Many attendees added to a program item at once: the attendee list's action «Add to a program item…»
and the program item's «Add attendees…» page, both through services.participation."""

import datetime

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ceremony import permissions as roles
from ceremony.enums import AttendeeCategory, ClearanceStatus, ParticipantRole, ProgramItemKind
from ceremony.models import Participation
from tests import factories
from tests.factories import ALMATY
from tests.interface_words import english_on

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:ceremony_attendee_changelist")


def at(hour, minute=0):
    return datetime.datetime(2025, 6, 2, hour, minute, tzinfo=ALMATY)


@pytest.fixture
def event():
    return factories.EventFactory(name="Baikonur 70")


@pytest.fixture
def reception(event):
    return factories.ProgramItemFactory(
        event=event,
        title="Jubilee reception",
        kind=ProgramItemKind.RECEPTION,
        starts_at=at(19),
        ends_at=at(21),
    )


def guests(event, count, **fields):
    return [
        factories.AttendeeFactory(
            event=event,
            person=factories.PersonFactory(family_name=f"Guest{number:03}", given_name="Anna"),
            **fields,
        )
        for number in range(count)
    ]


def run_action(client, attendees, item, role=ParticipantRole.GUEST):
    return client.post(
        CHANGELIST,
        {
            "action": "add_to_program_item",
            "_selected_action": [attendee.pk for attendee in attendees],
            "post": "yes",
            "program_item": item.pk,
            "role": role,
        },
        follow=True,
    )


def messages_of(response):
    return [str(message) for message in response.context["messages"]]


def participants(item):
    return sorted(
        (p.attendee.person.family_name, p.role)
        for p in item.participations.select_related("attendee__person")
    )


@pytest.fixture
def organizer(client):
    user = factories.UserFactory()
    user.groups.add(Group.objects.get(name=roles.ORGANIZER))
    client.force_login(user)
    client.user = user
    return client


# ---------------------------------------------------------------------------------------------------
# The action


def test_the_action_asks_for_the_item_and_the_role_of_the_attendees_event(organizer, event, reception):
    other_event_item = factories.ProgramItemFactory(title="Another event's item")
    chosen = guests(event, 3)

    page = organizer.post(
        CHANGELIST, {"action": "add_to_program_item", "_selected_action": [a.pk for a in chosen]}
    )

    assert page.status_code == 200
    html = page.content.decode()
    assert "3 attendees of Baikonur 70:" in html
    assert "Anna Guest000, Anna Guest001, Anna Guest002." in html
    assert list(page.context["form"].fields["program_item"].queryset) == [reception]
    assert other_event_item.title not in html
    assert Participation.objects.count() == 0


def test_twenty_attendees_are_added_in_one_action(organizer, event, reception):
    chosen = guests(event, 20)

    response = run_action(organizer, chosen, reception, ParticipantRole.GUEST)

    assert messages_of(response) == ["20 attendees added to “Jubilee reception”, role: Guest."]
    assert participants(reception) == [(f"Guest{number:03}", ParticipantRole.GUEST) for number in range(20)]
    added = Participation.history.filter(history_type="+")
    assert added.count() == 20
    assert {(row.history_user, row.history_change_reason) for row in added} == {
        (organizer.user, "20 attendees added at once to “Jubilee reception”")
    }
    entry = LogEntry.objects.get()
    assert (entry.object_id, entry.user, entry.change_message) == (
        str(reception.pk),
        organizer.user,
        "20 attendees added to “Jubilee reception”, role: Guest.",
    )


def test_a_double_booked_attendee_is_refused_by_name_and_the_others_are_added(organizer, event, reception):
    chosen = guests(event, 4)
    concert = factories.ProgramItemFactory(
        event=event, title="Gala concert", starts_at=at(20), ends_at=at(22)
    )
    factories.ParticipationFactory(program_item=concert, attendee=chosen[1])

    response = run_action(organizer, chosen, reception)

    assert messages_of(response) == [
        "3 attendees added to “Jubilee reception”, role: Guest.",
        "1 attendee was not added: Anna Guest001 is already in “Gala concert” (2.06 20:00–22:00), "
        "which overlaps “Jubilee reception” (2.06 19:00–21:00).",
    ]
    assert [name for name, _role in participants(reception)] == ["Guest000", "Guest002", "Guest003"]


def test_a_guest_who_declined_is_not_added(organizer, event, reception):
    chosen = guests(event, 3)
    chosen[2].rsvp_status = "declined"
    chosen[2].save()

    response = run_action(organizer, chosen, reception)

    assert messages_of(response) == [
        "2 attendees added to “Jubilee reception”, role: Guest.",
        f"1 attendee was not added: Anna Guest002 declined the invitation to {event}.",
    ]
    assert [name for name, _role in participants(reception)] == ["Guest000", "Guest001"]


def test_someone_denied_clearance_for_the_items_visit_is_refused(organizer, event):
    visit = factories.FacilityVisitFactory(program_item__event=event, program_item__title="Launch pad")
    chosen = guests(event, 2)
    factories.VisitParticipantFactory(
        visit=visit, attendee=chosen[0], clearance_status=ClearanceStatus.DENIED
    )

    response = run_action(organizer, chosen, visit.program_item)

    assert messages_of(response)[1] == (
        "1 attendee was not added: Anna Guest000 was denied clearance for “Launch pad”, a visit to a "
        "restricted facility, and cannot take part in it."
    )
    assert [name for name, _role in participants(visit.program_item)] == ["Guest001"]


def test_attendees_taking_part_already_are_left_as_they_are(organizer, event, reception):
    chosen = guests(event, 3)
    factories.ParticipationFactory(program_item=reception, attendee=chosen[0], role=ParticipantRole.HOST)

    response = run_action(organizer, chosen, reception, ParticipantRole.GUEST)

    assert messages_of(response) == [
        "2 attendees added to “Jubilee reception”, role: Guest.",
        "1 attendee already takes part in “Jubilee reception” and was left as is: Anna Guest000.",
    ]
    assert participants(reception) == [
        ("Guest000", ParticipantRole.HOST),
        ("Guest001", ParticipantRole.GUEST),
        ("Guest002", ParticipantRole.GUEST),
    ]


def test_a_selection_across_two_events_is_refused(organizer, event, reception):
    chosen = [*guests(event, 2), factories.AttendeeFactory(event=factories.EventFactory())]

    page = organizer.post(
        CHANGELIST,
        {"action": "add_to_program_item", "_selected_action": [a.pk for a in chosen]},
        follow=True,
    )

    assert messages_of(page) == ["Select attendees of one event to add them to one of its program items."]
    assert run_action(organizer, chosen, reception).status_code == 200
    assert Participation.objects.count() == 0


def test_all_the_list_filters_are_added_when_all_are_selected(organizer, event, reception):
    veterans = guests(event, 3, category=AttendeeCategory.VETERAN)
    guests(event, 2, category=AttendeeCategory.PRESS)

    organizer.post(
        CHANGELIST + f"?category__exact={AttendeeCategory.VETERAN}",
        {
            "action": "add_to_program_item",
            "_selected_action": [veterans[0].pk],
            "select_across": "1",
            "post": "yes",
            "program_item": reception.pk,
            "role": ParticipantRole.GUEST,
        },
    )

    assert [name for name, _role in participants(reception)] == ["Guest000", "Guest001", "Guest002"]


def test_without_the_right_to_add_participants_the_action_is_not_offered(client, event, reception):
    viewer = factories.UserFactory()
    viewer.groups.add(Group.objects.get(name=roles.VIEWER))
    client.force_login(viewer)
    chosen = guests(event, 2)

    page = client.get(CHANGELIST)
    run_action(client, chosen, reception)

    assert "add_to_program_item" not in page.content.decode()
    assert Participation.objects.count() == 0


def test_adding_runs_the_same_queries_for_5_and_50_attendees(organizer, event, django_assert_num_queries):
    concert = factories.ProgramItemFactory(
        event=event, title="Gala concert", starts_at=at(20), ends_at=at(22)
    )

    def add(count, hour):
        item = factories.ProgramItemFactory(event=event, starts_at=at(hour), ends_at=at(hour, 30))
        chosen = guests(event, count)
        factories.ParticipationFactory(program_item=item, attendee=chosen[0])  # one there already
        factories.ParticipationFactory(program_item=concert, attendee=chosen[1])  # one double-booked
        return chosen, item

    run_action(organizer, *add(5, 8))  # warm the session and content-type caches
    five, fifty = add(5, 20), add(50, 21)
    with CaptureQueriesContext(connection) as for_five:
        run_action(organizer, *five)
    with django_assert_num_queries(len(for_five)):
        response = run_action(organizer, *fifty)
    assert messages_of(response)[0] == f"48 attendees added to “{fifty[1]}”, role: Guest."


def test_the_actions_page_runs_the_same_queries_for_5_and_50_attendees(
    organizer, event, reception, django_assert_num_queries
):
    def page_for(attendees):
        return organizer.post(
            CHANGELIST, {"action": "add_to_program_item", "_selected_action": [a.pk for a in attendees]}
        )

    page_for(guests(event, 2))  # warm the session and content-type caches
    five, fifty = guests(event, 5), guests(event, 50)
    with CaptureQueriesContext(connection) as for_five:
        page_for(five)
    with django_assert_num_queries(len(for_five)):
        assert page_for(fifty).context["count"] == 50


@pytest.mark.parametrize("language", ["ru", "kk"])
def test_the_actions_page_has_no_english(organizer, event, reception, language):
    chosen = guests(event, 2)
    page = organizer.post(
        CHANGELIST,
        {"action": "add_to_program_item", "_selected_action": [a.pk for a in chosen]},
        HTTP_ACCEPT_LANGUAGE=language,
    )

    assert page["Content-Language"] == language
    assert english_on(page.content.decode()) == set()


# ---------------------------------------------------------------------------------------------------
# The program item's page


def adder(item):
    return reverse("admin:ceremony_programitem_add_attendees", args=[item.pk])


def test_the_items_page_leads_to_the_adder(organizer, reception):
    page = organizer.get(reverse("admin:ceremony_programitem_change", args=[reception.pk]))

    assert f'href="{adder(reception)}"' in page.content.decode()


def test_attendees_are_added_by_category_after_a_count(organizer, event, reception):
    veterans = guests(event, 3, category=AttendeeCategory.VETERAN)
    guests(event, 2, category=AttendeeCategory.PRESS)
    factories.ParticipationFactory(program_item=reception, attendee=veterans[0])
    choice = {"category": AttendeeCategory.VETERAN, "delegation": "", "search": "", "role": "guest"}

    preview = organizer.post(adder(reception), {**choice, "_preview": "1"})
    response = organizer.post(adder(reception), {**choice, "counted": "3", "_confirm": "1"}, follow=True)

    assert " ".join(preview.content.decode().split('id="preview-count">')[1].split("</p>")[0].split()) == (
        "<strong>3 attendees chosen</strong>, 1 of whom already takes part."
    )
    assert Participation.objects.count() == 3
    assert messages_of(response) == [
        "2 attendees added to “Jubilee reception”, role: Guest.",
        "1 attendee already takes part in “Jubilee reception” and was left as is: Anna Guest000.",
    ]
    assert response.redirect_chain[-1][0] == reverse("admin:ceremony_programitem_change", args=[reception.pk])


def test_attendees_are_added_by_delegation_and_by_a_search(organizer, event, reception):
    delegation = factories.DelegationFactory(event=event, name="Roscosmos")
    members = guests(event, 2, delegation=delegation)
    others = guests(event, 2)
    factories.AttendeeFactory(event=event, person=factories.PersonFactory(family_name="Әбенов"))

    organizer.post(
        adder(reception), {"delegation": delegation.pk, "role": "speaker", "counted": "2", "_confirm": "1"}
    )
    organizer.post(adder(reception), {"search": "әбенов", "role": "guest", "counted": "1", "_confirm": "1"})

    assert participants(reception) == [
        ("Guest000", ParticipantRole.SPEAKER),
        ("Guest001", ParticipantRole.SPEAKER),
        ("Әбенов", ParticipantRole.GUEST),
    ]
    assert not Participation.objects.filter(attendee__in=others).exists()
    assert members


def test_the_adders_count_runs_the_same_queries_for_5_and_50_attendees(
    organizer, event, reception, django_assert_num_queries
):
    def count(category):
        page = organizer.post(adder(reception), {"category": category, "role": "guest", "_preview": "1"})
        return page.context["preview"]["total"]

    guests(event, 5, category=AttendeeCategory.VETERAN)
    guests(event, 50, category=AttendeeCategory.STUDENT)
    count(AttendeeCategory.PRESS)  # warm the session and content-type caches
    with CaptureQueriesContext(connection) as for_five:
        assert count(AttendeeCategory.VETERAN) == 5
    with django_assert_num_queries(len(for_five)):
        assert count(AttendeeCategory.STUDENT) == 50


def test_a_choice_changed_since_it_was_counted_is_counted_again_not_added(organizer, event, reception):
    guests(event, 3, category=AttendeeCategory.VETERAN)
    guests(event, 2, category=AttendeeCategory.PRESS)

    # Counted for the veterans (3), then the press chosen instead and added at once.
    page = organizer.post(
        adder(reception),
        {"category": AttendeeCategory.PRESS, "role": "guest", "counted": "3", "_confirm": "1"},
    )

    assert Participation.objects.count() == 0
    assert messages_of(page) == [
        "The choice changed since it was counted; here is the new count. Nobody was added."
    ]
    assert page.context["preview"] == {"total": 2, "present": 0}


def test_the_adder_needs_the_right_to_add_participants(client, reception):
    viewer = factories.UserFactory()
    viewer.groups.add(Group.objects.get(name=roles.VIEWER))
    client.force_login(viewer)

    assert client.get(adder(reception)).status_code == 403
    assert client.post(adder(reception), {"role": "guest", "_confirm": "1"}).status_code == 403


@pytest.mark.parametrize("language", ["ru", "kk"])
def test_the_adders_page_has_no_english(organizer, event, reception, language):
    guests(event, 2)
    page = organizer.post(adder(reception), {"role": "guest", "_preview": "1"}, HTTP_ACCEPT_LANGUAGE=language)

    assert page["Content-Language"] == language
    assert english_on(page.content.decode()) == set()
