"""The admin's lists as an organizer works through one event: no column repeating the event, and a
record added from the event's list starts in that event."""

import datetime
import html
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def event():
    return factories.EventFactory(
        name="70th anniversary of Baikonur",
        start_date=datetime.date(2025, 6, 2),
        end_date=datetime.date(2025, 6, 3),
    )


def columns(page):
    return re.findall(r'<th scope="col" class="[^"]*column-(\w+)', page)


def invitation_text(event):
    """One of the event's texts, in a language it has none in yet (one text per language and kind)."""
    return factories.InvitationTextFactory(
        event=event, language=["en", "ru", "kk"][event.invitation_texts.count()]
    )


MAKE = {
    "attendee": factories.AttendeeFactory,
    "programitem": factories.ProgramItemFactory,
    "delegation": factories.DelegationFactory,
    "valuemapping": factories.ValueMappingFactory,
    "entrance": factories.EntranceFactory,
    "invitationtext": invitation_text,
    "showscreen": factories.ShowScreenFactory,
    "guestimport": factories.GuestImportFactory,
    "invitation": lambda event: factories.InvitationFactory(attendee__event=event),
}

# The filter of a list whose records reach their event through another record.
EVENT_FILTER = {"invitation": "attendee__event__id__exact"}


@pytest.mark.parametrize("model", MAKE)
def test_a_list_filtered_to_one_event_drops_the_event_column(admin_client, event, model):
    MAKE[model](event=event)
    url = reverse(f"admin:ceremony_{model}_changelist")
    assert "event" in columns(admin_client.get(url).content.decode())
    event_filter = EVENT_FILTER.get(model, "event__id__exact")
    response = admin_client.get(url, {event_filter: event.pk})
    assert response.context["cl"].result_count == 1  # the filter is one the list knows
    filtered = columns(response.content.decode())
    assert filtered
    assert "event" not in filtered


def add_form_from_the_events_list(client, model, event):
    """The add form as the list's "Add" button opens it: with the list's filters carried along."""
    listing = client.get(reverse(f"admin:ceremony_{model}_changelist"), {"event__id__exact": event.pk})
    add_url = (
        re.search(r'href="([^"]*/add/\?[^"]*)"', listing.content.decode()).group(1).replace("&amp;", "&")
    )
    return client.get(add_url).content.decode()


def selected(page, name):
    select = page[page.index(f'name="{name}"') :].split("</select>")[0]
    return re.findall(r'<option value="(\d+)" selected>', select)


def test_a_program_item_added_from_the_events_list_starts_in_the_event_on_its_first_day(admin_client, event):
    factories.EventFactory(name="Another event")
    page = add_form_from_the_events_list(admin_client, "programitem", event)
    assert selected(page, "event") == [str(event.pk)]
    assert re.search(r'name="starts_at_0" value="2025-06-02"', page)
    assert re.search(r'name="starts_at_1"(?! value)', page)  # the time is left to type


@pytest.mark.parametrize("model", ["attendee", "delegation", "entrance", "invitationtext", "showscreen"])
def test_a_record_added_from_the_events_list_starts_in_the_event(admin_client, event, model):
    page = add_form_from_the_events_list(admin_client, model, event)
    assert selected(page, "event") == [str(event.pk)]


def test_a_guest_list_uploaded_from_the_events_list_goes_to_the_event(admin_client, event):
    factories.EventFactory(name="Another event")
    page = add_form_from_the_events_list(admin_client, "guestimport", event)
    assert selected(page, "event") == [str(event.pk)]


def test_an_add_form_opened_from_an_unfiltered_list_chooses_no_event(admin_client, event):
    page = admin_client.get(reverse("admin:ceremony_programitem_add")).content.decode()
    assert selected(page, "event") == []


def test_a_made_up_event_in_the_address_is_ignored(admin_client, event):
    url = (
        reverse("admin:ceremony_programitem_add")
        + "?_changelist_filters=event__id__exact%3D99999999999999999999"
    )
    assert admin_client.get(url).status_code == 200


def everything_of(event):
    """One record of each kind the event's page links to."""
    attendee = factories.AttendeeFactory(event=event)
    factories.DelegationFactory(event=event)
    factories.ParticipationFactory(program_item__event=event, attendee=attendee)
    factories.AwardPresentationFactory(ceremony__event=event)
    factories.FacilityVisitFactory(program_item__event=event)
    factories.VideoAddressFactory(program_item__event=event)
    factories.SeatAssignmentFactory(program_item__event=event)
    factories.TableAssignmentFactory(program_item__event=event)
    factories.InvitationTextFactory(event=event)
    factories.InvitationFactory(attendee=attendee)
    factories.CheckInFactory(entrance__event=event, attendee=attendee)
    factories.GuestImportFactory(event=event)
    factories.ShowScreenFactory(event=event)


def event_of(record):
    """The event a listed record belongs to, through whatever it hangs on."""
    for link in ("event", "attendee", "program_item", "ceremony", "visit"):
        if hasattr(record, link):
            found = getattr(record, link)
            return found if link == "event" else event_of(found)
    raise AssertionError(f"no event for {record!r}")


def object_tools(page):
    tools = page[page.index('<ul class="object-tools">') :].split("</ul>")[0]
    return [html.unescape(url) for url in re.findall(r'<a href="([^"#]+)"', tools)]


def test_every_link_of_the_events_page_opens_the_records_of_that_event_only(admin_client, event):
    other = factories.EventFactory(name="Another event")
    everything_of(event)
    everything_of(other)
    page = admin_client.get(reverse("admin:ceremony_event_change", args=[event.pk])).content.decode()
    lists = set()
    for url in object_tools(page):
        response = admin_client.get(url)
        assert response.status_code == 200, url
        if response.context and "cl" in response.context:
            listed = list(response.context["cl"].queryset)
            assert listed, url
            assert {event_of(record) for record in listed} == {event}, url
            lists.add(response.context["cl"].opts.model_name)
    assert lists == {
        "programitem",
        "attendee",
        "delegation",
        "awardpresentation",
        "facilityvisit",
        "videoaddress",
        "seatassignment",
        "tableassignment",
        "invitationtext",
        "invitation",
        "entrance",
        "checkin",
        "guestimport",
        "showscreen",
    }
    assert reverse("checkin:arrivals", args=[event.slug]) in object_tools(page)


def test_the_events_page_links_its_table_plan_only_when_it_has_a_banquet(admin_client, event):
    factories.ProgramItemFactory(event=event, venue=factories.VenueFactory())
    page_url = reverse("admin:ceremony_event_change", args=[event.pk])
    table_plan = reverse("admin:ceremony_tableassignment_changelist")
    assert not any(
        url.startswith(table_plan) for url in object_tools(admin_client.get(page_url).content.decode())
    )
    factories.BanquetTableFactory(venue=event.program_items.get().venue)  # the plan still to fill
    assert f"{table_plan}?program_item__event__id__exact={event.pk}" in object_tools(
        admin_client.get(page_url).content.decode()
    )


@pytest.mark.parametrize("model", MAKE)
def test_a_list_filtered_to_one_event_runs_the_same_queries_for_1_or_3_records(admin_client, event, model):
    url = reverse(f"admin:ceremony_{model}_changelist")
    event_filter = {EVENT_FILTER.get(model, "event__id__exact"): event.pk}
    MAKE[model](event=factories.EventFactory(name="Another event"))  # not listed, but in the filter
    MAKE[model](event=event)
    admin_client.get(url, event_filter)  # warm the session and content-type caches
    with CaptureQueriesContext(connection) as one:
        assert admin_client.get(url, event_filter).context["cl"].result_count == 1
    MAKE[model](event=event)
    MAKE[model](event=event)
    with CaptureQueriesContext(connection) as three:
        assert admin_client.get(url, event_filter).context["cl"].result_count == 3
    assert len(three) == len(one)
