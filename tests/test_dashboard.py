"""The admin's home: each current event's dashboard, every figure a link to the records it counts."""

import datetime
import html
import re

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from ceremony.dashboard import current_events, event_dashboard
from ceremony.enums import AttendeeCategory, ClearanceStatus, RsvpStatus, VideoAddressStatus
from tests import factories

pytestmark = pytest.mark.django_db

UTC = datetime.UTC


@pytest.fixture
def event():
    return factories.EventFactory(name="70th anniversary of Baikonur", slug="baikonur-70")


def attendees(event, count, **fields):
    return [factories.AttendeeFactory(event=event, **fields) for _ in range(count)]


def home(client):
    response = client.get(reverse("admin:index"))
    assert response.status_code == 200
    return response.content.decode()


def figures(page, panel):
    """{label: (count, link)} of one panel of the dashboard, as the organizer reads it."""
    section = page[page.index(f'id="dashboard-{panel}') :]
    section = section[: section.index("</table>")]
    rows = re.findall(r'<th scope="row">(.*?)</th><td><a href="([^"]*)">(\d+)</a>', section)
    return {
        html.unescape(re.sub("<[^>]+>", "", label)): (int(n), html.unescape(url)) for label, url, n in rows
    }


def listed(client, url):
    """How many records the admin list behind a figure's link shows."""
    response = client.get(url)
    assert response.status_code == 200
    return response.context["cl"].result_count


def test_the_home_page_counts_answers_and_categories_and_each_count_opens_its_list(admin_client, event):
    attendees(event, 3, category=AttendeeCategory.VETERAN, rsvp_status=RsvpStatus.CONFIRMED)
    attendees(event, 1, category=AttendeeCategory.STUDENT, rsvp_status=RsvpStatus.DECLINED)
    attendees(event, 2, category=AttendeeCategory.STUDENT, rsvp_status=RsvpStatus.ATTENDED)
    residents = attendees(event, 4, category=AttendeeCategory.RESIDENT)
    for resident in residents[:2]:
        factories.InvitationFactory(attendee=resident, opened_at=timezone.now())
    factories.InvitationFactory(attendee=residents[2])  # not opened
    last_year = event.start_date - datetime.timedelta(days=365)
    attendees(factories.EventFactory(start_date=last_year, end_date=last_year), 5)

    page = home(admin_client)
    assert "70th anniversary of Baikonur" in page
    assert "10 attendees" in page

    answers = figures(page, "rsvp")
    # The funnel: everyone invited, those who opened their personal link, those who answered, those
    # coming (confirmed or already there), there.
    assert {label: count for label, (count, _url) in answers.items()} == {
        "All invited": 10,
        "Opened the invitation": 2,
        "Answered": 6,
        "Coming": 5,
        "Attended": 2,
    }
    for label, (count, url) in answers.items():
        assert listed(admin_client, url) == count, label

    categories = figures(page, "categories")
    assert [(label, count) for label, (count, _url) in categories.items()] == [
        ("Resident", 4),
        ("Student", 3),
        ("Veteran", 3),
    ]
    assert listed(admin_client, categories["Veteran"][1]) == 3


def test_confirmed_dignitaries_are_listed_in_the_order_of_precedence(admin_client, event):
    def dignitary(family_name, rank, rsvp=RsvpStatus.CONFIRMED):
        person = factories.PersonFactory(family_name=family_name, given_name="A.")
        return factories.AttendeeFactory(event=event, person=person, precedence_rank=rank, rsvp_status=rsvp)

    dignitary("Second", 2)
    dignitary("First", 1)
    dignitary("Declined", 3, rsvp=RsvpStatus.DECLINED)
    dignitary("Unanswered", 4, rsvp=RsvpStatus.INVITED)
    page = home(admin_client)
    panel = page[page.index('id="dashboard-precedence') :].split("</ol>")[0]
    assert "2 confirmed dignitaries by precedence" in panel
    assert panel.index("First") < panel.index("Second")
    assert "Declined" not in panel
    assert "Unanswered" not in panel


def test_what_needs_attention_is_counted_with_links_to_it(admin_client, event):
    visit = factories.FacilityVisitFactory(program_item__event=event)
    factories.VisitParticipantFactory(visit=visit, clearance_status=ClearanceStatus.PENDING)
    factories.VisitParticipantFactory(visit=visit, clearance_status=ClearanceStatus.DENIED)
    factories.VisitParticipantFactory(visit=visit, clearance_status=ClearanceStatus.APPROVED)
    factories.VideoAddressFactory(program_item__event=event, status=VideoAddressStatus.RECEIVED)
    factories.VideoAddressFactory(program_item__event=event, status=VideoAddressStatus.APPROVED)
    hall = factories.VenueFactory()
    factories.ProgramItemFactory(event=event, venue=hall, title_kk="Ашылу", title_en="Opening")
    factories.ProgramItemFactory(event=event, venue=hall, title_en="Concert")  # same hall, same hour

    attention = figures(home(admin_client), "attention")
    assert attention["Clearances: Pending"][0] == 1
    assert attention["Clearances: Denied"][0] == 1
    assert listed(admin_client, attention["Clearances: Denied"][1]) == 1
    count, url = attention["Video addresses not approved"]
    assert count == 1
    assert listed(admin_client, url) == 1  # not the approved one
    count, url = attention["Two items in one venue at once"]
    assert count == 1
    assert url.endswith("#venue_overlap")
    assert 'id="venue_overlap"' in admin_client.get(url.split("#")[0]).content.decode()
    # As many as the Translations page lists for Kazakh (Concert's title among them), and a link to them.
    count, url = attention["Texts missing in Kazakh"]
    assert url.endswith("#missing-kk")
    translations = admin_client.get(url.split("#")[0]).content.decode()
    missing_kk = translations[translations.index('id="missing-kk"') :].split("</ul>")[0]
    assert f"Kazakh: {count} texts missing" in missing_kk
    assert missing_kk.count("<li>") == count
    assert "Concert" in missing_kk
    assert "Ашылу" not in missing_kk


def test_arrivals_are_charted_by_hour_of_the_events_time_zone(admin_client, event):
    for minute in (5, 40):
        factories.AttendeeFactory(event=event, arrival=datetime.datetime(2025, 6, 1, 9, minute, tzinfo=UTC))
    factories.AttendeeFactory(event=event, arrival=datetime.datetime(2025, 6, 1, 11, 0, tzinfo=UTC))
    factories.AttendeeFactory(event=event)  # arrival not known

    page = home(admin_client)
    chart = page[page.index('id="dashboard-arrivals') :].split("</table>")[0]
    # Asia/Almaty is five hours ahead of UTC.
    assert re.findall(r"<title>(.*?)</title>", chart) == ["01.06 14:00: 2", "01.06 16:00: 1"]
    # The busiest hour is the full height of the chart, the other half of it.
    assert re.findall(r'<rect x="\d+" y="(\d+)" width="8" height="(\d+)"', chart) == [
        ("0", "100"),
        ("50", "50"),
    ]


def guests_on_every_panel(event, n, some_opened=False):
    """`n` confirmed guests spread over the categories, ranks and arrival hours, each taking part and
    invited (every other invitation opened, if `some_opened`): every panel of the dashboard has rows."""
    for index in range(n):
        attendee = factories.AttendeeFactory(
            event=event,
            category=list(AttendeeCategory)[index % 5],
            precedence_rank=index + 1,
            rsvp_status=RsvpStatus.CONFIRMED,
            arrival=datetime.datetime(2025, 6, 1, index % 24, tzinfo=UTC),
        )
        factories.ParticipationFactory(program_item__event=event, attendee=attendee)
        opened = timezone.now() if some_opened and index % 2 else None
        factories.InvitationFactory(attendee=attendee, opened_at=opened)


def test_the_dashboard_and_the_events_page_run_the_same_queries_for_10_or_100_guests(admin_client, event):
    def grow(n):
        guests_on_every_panel(event, n, some_opened=True)

    event_page = reverse("admin:ceremony_event_change", args=[event.pk])
    grow(10)
    home(admin_client)
    admin_client.get(event_page)
    with CaptureQueriesContext(connection) as few:
        home(admin_client)
    with CaptureQueriesContext(connection) as few_on_its_page:
        admin_client.get(event_page)
    grow(90)
    with CaptureQueriesContext(connection) as more:
        page = home(admin_client)
    with CaptureQueriesContext(connection) as more_on_its_page:
        admin_client.get(event_page)
    assert "100 attendees" in page
    assert len(few) == len(more) <= 40
    assert len(few_on_its_page) == len(more_on_its_page) <= 50


def test_the_dashboard_shows_upcoming_events_and_otherwise_the_latest_one(event):
    older = factories.EventFactory(start_date=datetime.date(2024, 1, 1), end_date=datetime.date(2024, 1, 2))
    assert current_events() == [event]  # both are over: the latest
    today = timezone.localdate()
    soon = factories.EventFactory(
        start_date=today + datetime.timedelta(days=30), end_date=today + datetime.timedelta(days=31)
    )
    running = factories.EventFactory(start_date=today - datetime.timedelta(days=1), end_date=today)
    assert current_events() == [running, soon]
    assert older not in current_events()


def test_a_viewer_sees_the_dashboard_and_an_account_without_a_role_does_not(client, event):
    attendees(event, 2)
    viewer = factories.UserFactory(username="viewer")
    viewer.groups.add(Group.objects.get(name="Viewer"))
    client.force_login(viewer)
    assert 'id="dashboards"' in home(client)
    assert "Documents" not in home(client).split('id="content-main"')[0]  # a viewer does not print

    client.force_login(factories.UserFactory(username="newcomer"))
    assert 'id="dashboards"' not in home(client)


def test_the_home_page_leads_to_the_doors_the_viewer_to_the_arrivals_and_the_usher_to_the_check_in(
    client, event
):
    arrivals = reverse("checkin:arrivals", args=["baikonur-70"])
    check_in = reverse("checkin:page", args=["baikonur-70"])
    viewer = factories.UserFactory(username="viewer")
    viewer.groups.add(Group.objects.get(name="Viewer"))
    client.force_login(viewer)
    page = home(client)
    assert f'href="{arrivals}"' in page
    assert f'href="{check_in}"' not in page

    usher = factories.UserFactory(username="usher")
    usher.groups.add(Group.objects.get(name="Usher"))
    client.force_login(usher)
    page = home(client)
    assert 'id="dashboards"' not in page
    assert f'href="{arrivals}"' not in page
    doors = page[page.index('id="doors"') :].split("</div>")[0]
    assert re.findall(r'<a href="([^"]+)">(.*?)</a>', doors) == [(check_in, "70th anniversary of Baikonur")]
    assert client.get(check_in).status_code == 200


def test_the_events_page_shows_its_dashboard_and_the_documents_above_the_form(admin_client, event):
    attendees(event, 2, rsvp_status=RsvpStatus.CONFIRMED)
    page = admin_client.get(reverse("admin:ceremony_event_change", args=[event.pk])).content.decode()
    assert figures(page, "rsvp")["Coming"][0] == 2
    assert page.index('id="print-documents"') < page.index('name="description_en"')
    for name in ("Facility visits", "Video addresses", "Seating", "Documents"):
        assert f">{name}</a></li>" in page


def test_login_security_tables_are_for_superusers_only(client, admin_client, event):
    organizer = factories.UserFactory(username="organizer")
    organizer.groups.add(Group.objects.get(name="Organizer"))
    client.force_login(organizer)
    assert "Access attempts" not in home(client)
    assert client.get(reverse("admin:axes_accessattempt_changelist")).status_code == 403
    assert "Access attempts" in home(admin_client)


def test_badges_printed_to_pdf_are_counted_and_those_still_to_print_listed(client, event):
    coming = attendees(event, 3, rsvp_status=RsvpStatus.CONFIRMED)
    attendees(event, 1, rsvp_status=RsvpStatus.DECLINED)
    print_staff = factories.UserFactory(username="printer")
    print_staff.groups.add(Group.objects.get(name="Print staff"))
    client.force_login(print_staff)
    ids = f"{coming[0].pk},{coming[1].pk}"
    client.get(reverse("print:badges", args=[event.slug, "html"]), {"attendees": ids})  # a look, not a print
    assert figures(home(client), "attention")["Badges printed"][0] == 0
    printed = client.get(reverse("print:badges", args=[event.slug, "pdf"]), {"attendees": ids})
    assert printed.status_code == 200

    attention = figures(home(client), "attention")
    assert attention["Badges printed"][0] == 2
    count, url = attention["Badges to print for those coming"]
    assert count == 1
    assert listed(client, url) == 1


def test_a_refused_save_of_the_event_shows_its_page_again_with_the_stored_dashboard(admin_client, event):
    attendees(event, 2, rsvp_status=RsvpStatus.CONFIRMED)
    url = reverse("admin:ceremony_event_change", args=[event.pk])
    response = admin_client.post(
        url,
        {
            "name_en": event.name,
            "slug": event.slug,
            "start_date": "2025-06-02",
            "end_date": "2025-06-02",
            "city_en": "Baikonur",
            "time_zone": "0",  # no such zone
            "default_language": "en",
            "precedence_tie_break": "latin_name",
            "loaded_version": event.version,
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "errornote" in page
    assert figures(page, "rsvp")["Coming"][0] == 2


def test_the_home_page_runs_the_same_queries_for_each_current_event_and_shows_three_at_most(admin_client):
    """The home page's queries: its own, and a fixed number per event shown, whatever its guests."""
    today = timezone.localdate()

    def current_event(days_ahead, guests):
        event = factories.EventFactory(
            start_date=today + datetime.timedelta(days=days_ahead),
            end_date=today + datetime.timedelta(days=days_ahead + 1),
        )
        guests_on_every_panel(event, guests)
        return event

    first = current_event(1, guests=1)
    home(admin_client)  # warm the session and content-type caches
    with CaptureQueriesContext(connection) as one_event:
        home(admin_client)
    with CaptureQueriesContext(connection) as its_dashboard:
        event_dashboard(first)
    current_event(2, guests=3)
    current_event(3, guests=5)
    with CaptureQueriesContext(connection) as three_events:
        page = home(admin_client)
    current_event(4, guests=2)  # a fourth, not shown
    with CaptureQueriesContext(connection) as four_events:
        home(admin_client)

    assert page.count('<section class="event-dashboard"') == 3
    assert len(three_events) == len(one_event) + 2 * len(its_dashboard)
    assert len(four_events) == len(three_events)
