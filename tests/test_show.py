"""The live show: marks of what started and finished move the expected times of what follows in the
same venue (never the planned ones), adjustments, the contract for scripts, and the screens."""

import csv
import datetime
import io
import json
import logging

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from pypdf import PdfReader

from ceremony import permissions as roles
from ceremony.core.secret_paths import path_masked
from ceremony.models import ShowMark
from ceremony.services import show as show_services
from ceremony.show import venue_shows
from ceremony.show_views import show_state
from tests import factories
from tests.factories import ALMATY

pytestmark = pytest.mark.django_db

Kind = ShowMark.Kind


def at(hour, minute=0):
    return datetime.datetime(2025, 6, 2, hour, minute, tzinfo=ALMATY)


@pytest.fixture
def event():
    return factories.EventFactory(slug="baikonur-70")


@pytest.fixture
def square(event):
    """Three items on the central square, the second after a 15-minute gap."""
    venue = factories.VenueFactory(name="Central square")
    return [
        factories.ProgramItemFactory(event=event, venue=venue, title=title, starts_at=start, ends_at=end)
        for title, start, end in (
            ("Opening", at(10), at(10, 30)),
            ("Parade", at(10, 45), at(11, 15)),
            ("Concert", at(11, 15), at(12)),
        )
    ]


@pytest.fixture
def palace(event):
    venue = factories.VenueFactory(name="Palace of Culture")
    return factories.ProgramItemFactory(
        event=event, venue=venue, title="Award ceremony", starts_at=at(10, 30), ends_at=at(11, 30)
    )


def stage_manager():
    user = factories.UserFactory(is_staff=True)
    user.groups.add(Group.objects.get(name=roles.STAGE_MANAGER))
    return user


def state_of(event, now):
    return {venue["venue"]: venue for venue in show_state(event, now=now)["venues"]}


def expected_starts(venue):
    return [(next_item["title"], next_item["expected_start"][11:16]) for next_item in venue["next"]]


def test_a_late_start_moves_what_follows_in_its_venue_and_not_elsewhere(event, square, palace):
    opening, parade, _concert = square
    show_services.show_mark(program_item=opening, mark=Kind.STARTED, at=at(10, 20))
    state = state_of(event, now=at(10, 25))
    assert state["Central square"]["now"]["title"] == "Opening"
    assert state["Central square"]["now"]["expected_end"][11:16] == "10:50"
    # The gap of 15 minutes before the parade absorbs 15 of the 20: 5 minutes late from then on.
    assert expected_starts(state["Central square"]) == [("Parade", "10:50"), ("Concert", "11:20")]
    assert state["Central square"]["delay_minutes"] == 5
    assert state["Palace of Culture"]["delay_minutes"] == 0
    assert expected_starts(state["Palace of Culture"]) == [("Award ceremony", "10:30")]
    parade.refresh_from_db()
    assert parade.starts_at == at(10, 45)  # planned times never move


def test_an_item_that_overruns_pushes_the_next_one_while_it_runs(event, square):
    opening, _parade, _concert = square
    show_services.show_mark(program_item=opening, mark=Kind.STARTED, at=at(10))
    state = state_of(event, now=at(11))  # planned to end at 10:30, still running at 11:00
    assert state["Central square"]["now"]["expected_end"][11:16] == "11:00"
    assert expected_starts(state["Central square"])[0] == ("Parade", "11:00")
    assert state["Central square"]["delay_minutes"] == 15


def test_starting_the_next_item_finishes_the_one_running(event, square):
    opening, parade, _concert = square
    show_services.show_mark(program_item=opening, mark=Kind.STARTED, at=at(10))
    show_services.show_mark(program_item=parade, mark=Kind.STARTED, at=at(10, 40))
    finished = ShowMark.objects.get(program_item=opening, mark=Kind.FINISHED)
    assert finished.at == at(10, 40)
    state = state_of(event, now=at(10, 41))
    assert state["Central square"]["now"]["title"] == "Parade"
    assert expected_starts(state["Central square"]) == [("Concert", "11:15")]
    assert state["Central square"]["delay_minutes"] == 0


def test_a_manual_adjustment_moves_its_item_and_every_later_one_of_its_venue(event, square, palace):
    _opening, parade, _concert = square
    show_services.show_adjust(from_item=parade, minutes=10, reason="The convoy is late")
    state = state_of(event, now=at(9))
    assert expected_starts(state["Central square"]) == [
        ("Opening", "10:00"),
        ("Parade", "10:55"),
        ("Concert", "11:25"),
    ]
    assert state["Palace of Culture"]["delay_minutes"] == 0


def test_a_later_mark_corrects_an_earlier_one_and_both_are_kept(event, square):
    opening = square[0]
    show_services.show_mark(program_item=opening, mark=Kind.STARTED, at=at(10, 10))
    show_services.show_mark(program_item=opening, mark=Kind.STARTED, at=at(10, 2))  # pressed late
    assert state_of(event, now=at(10, 5))["Central square"]["now"]["expected_end"][11:16] == "10:32"
    assert ShowMark.objects.filter(program_item=opening, mark=Kind.STARTED).count() == 2


def test_an_item_cannot_finish_before_it_started_or_without_starting(event, square):
    opening = square[0]
    with pytest.raises(Exception, match="has not been marked started"):
        show_services.show_mark(program_item=opening, mark=Kind.FINISHED, at=at(10))
    show_services.show_mark(program_item=opening, mark=Kind.STARTED, at=at(10))
    with pytest.raises(Exception, match="cannot finish before it started"):
        show_services.show_mark(program_item=opening, mark=Kind.FINISHED, at=at(9, 59))


def test_venues_run_side_by_side(event, square, palace):
    show_services.show_mark(program_item=square[0], mark=Kind.STARTED, at=at(10))
    show_services.show_mark(program_item=palace, mark=Kind.STARTED, at=at(10, 30))
    state = state_of(event, now=at(10, 31))
    assert state["Central square"]["now"]["title"] == "Opening"
    assert state["Palace of Culture"]["now"]["title"] == "Award ceremony"


# ---------------------------------------------------------------------------------------------------
# The contract for scripts


def post_json(client, url, data):
    return client.post(url, json.dumps(data), content_type="application/json")


def test_a_script_marks_an_item_and_reads_the_state(client, event, square):
    client.force_login(stage_manager())
    url = reverse("show-mark", args=[event.slug])
    answer = post_json(
        client, url, {"item": square[0].pk, "mark": "started", "at": "2025-06-02T10:20:00+05:00"}
    )
    assert answer.status_code == 200, answer.content
    assert answer.json() == {"item": square[0].pk, "mark": "started", "at": "2025-06-02T10:20:00+05:00"}
    state = client.get(reverse("show-state", args=[event.slug])).json()
    square_state = next(venue for venue in state["venues"] if venue["venue"] == "Central square")
    assert square_state["now"]["item"] == square[0].pk
    assert square_state["next"][0]["item"] == square[1].pk
    assert square_state["next"][0]["planned_start"] == "2025-06-02T10:45:00+05:00"
    assert square_state["next"][0]["expected_start"] >= "2025-06-02T10:50:00+05:00"
    assert isinstance(square_state["delay_minutes"], int)


def test_a_mark_without_a_time_is_now(client, event, square):
    client.force_login(stage_manager())
    answer = post_json(
        client, reverse("show-mark", args=[event.slug]), {"item": square[0].pk, "mark": "started"}
    )
    assert answer.status_code == 200
    mark = ShowMark.objects.get()
    assert abs((mark.at - datetime.datetime.now(datetime.UTC)).total_seconds()) < 60
    assert mark.marked_by is not None


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("not json", "not JSON"),
        ("[1, 2]", "not a JSON object"),
        ('{"item": "x", "mark": "started"}', "not the number of a program item"),
        ('{"item": 999999, "mark": "started"}', "has no program item 999999"),
        ('{"item": ITEM, "mark": "begun"}', "“started” or “finished”"),
        ('{"item": ITEM, "mark": "started", "at": "yesterday"}', "not a time"),
        ('{"item": ITEM, "mark": "finished"}', "has not been marked started"),
    ],
)
def test_a_bad_mark_is_refused_with_what_is_wrong(client, event, square, body, message):
    client.force_login(stage_manager())
    answer = client.post(
        reverse("show-mark", args=[event.slug]),
        body.replace("ITEM", str(square[0].pk)),
        content_type="application/json",
    )
    assert answer.status_code == 400
    assert message in answer.json()["error"]
    assert not ShowMark.objects.exists()


def test_an_item_of_another_event_is_not_marked(client, event, square):
    other = factories.ProgramItemFactory()
    client.force_login(stage_manager())
    answer = post_json(client, reverse("show-mark", args=[event.slug]), {"item": other.pk, "mark": "started"})
    assert answer.status_code == 400
    assert not ShowMark.objects.exists()


def test_only_those_who_run_the_show_mark_it_or_read_its_state(client, event, square):
    mark_url, state_url = reverse("show-mark", args=[event.slug]), reverse("show-state", args=[event.slug])
    assert post_json(client, mark_url, {"item": square[0].pk, "mark": "started"}).status_code == 403
    assert client.get(state_url).status_code == 403
    viewer = factories.UserFactory(is_staff=True)
    viewer.groups.add(Group.objects.get(name=roles.VIEWER))
    client.force_login(viewer)
    assert post_json(client, mark_url, {"item": square[0].pk, "mark": "started"}).status_code == 403
    assert client.get(state_url).status_code == 403
    assert client.get(reverse("show", args=[event.slug])).status_code == 403
    # A viewer may watch a screen.
    assert client.get(reverse("show-screen-login", args=[event.slug])).status_code == 200
    assert not ShowMark.objects.exists()


# ---------------------------------------------------------------------------------------------------
# The stage manager's page


def test_the_stage_manager_starts_and_finishes_items_from_the_page(client, event, square, palace):
    client.force_login(stage_manager())
    page = client.get(reverse("show", args=[event.slug])).content.decode()
    assert "Central square" in page
    assert "Palace of Culture" in page
    assert "10:45–11:15" in page  # planned, in the event's zone
    response = client.post(
        reverse("show-mark", args=[event.slug]), {"item": square[0].pk, "mark": "started"}, follow=True
    )
    assert "“Opening” started at" in response.content.decode()
    response = client.post(
        reverse("show-mark", args=[event.slug]), {"item": square[0].pk, "mark": "finished"}, follow=True
    )
    assert "“Opening” finished at" in response.content.decode()
    response = client.post(
        reverse("show-adjust", args=[event.slug]),
        {"item": square[2].pk, "minutes": "+10", "reason": "Rain"},
        follow=True,
    )
    assert "+10 min from “Concert” on." in response.content.decode()
    response = client.post(
        reverse("show-adjust", args=[event.slug]), {"item": square[2].pk, "minutes": "ten"}, follow=True
    )
    assert "“ten” is not a number of minutes." in response.content.decode()


def test_the_page_shows_the_cues_of_the_item_running(client, event, square):
    speaker = factories.ParticipationFactory(program_item=square[0], role="speaker", attendee__event=event)
    factories.VideoAddressFactory(program_item=square[0], speaker_name="Kassym-Jomart Tokayev")
    show_services.show_mark(program_item=square[0], mark=Kind.STARTED)
    client.force_login(stage_manager())
    page = client.get(reverse("show", args=[event.slug])).content.decode()
    assert "Kassym-Jomart Tokayev" in page
    assert str(speaker.attendee.person) in page


def test_the_page_and_the_state_take_the_same_queries_whatever_the_program(
    client, event, square, django_assert_max_num_queries
):
    client.force_login(stage_manager())
    for _ in range(30):
        item = factories.ProgramItemFactory(event=event, venue=square[0].venue)
        factories.ParticipationFactory(program_item=item, role="speaker", attendee__event=event)
        show_services.show_mark(program_item=item, mark=Kind.STARTED, at=item.starts_at)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("show", args=[event.slug])).status_code == 200
    with django_assert_max_num_queries(8):
        assert client.get(reverse("show-state", args=[event.slug])).status_code == 200


# ---------------------------------------------------------------------------------------------------
# Screens


def test_a_screen_link_opens_without_a_login_until_it_is_revoked(client, event, square):
    screen, path = show_services.screen_issue(event=event, name="Press room")
    page = client.get(path)
    assert page.status_code == 200
    assert "Central square" in page.content.decode()
    state = client.get(path + "state.json")
    assert state.status_code == 200
    assert state.json()["venues"][0]["venue"] == "Central square"
    show_services.screens_revoke(screens=[screen])
    assert client.get(path).status_code == 404
    assert client.get(path + "state.json").status_code == 404
    assert client.get(reverse("show-screen", args=["x" * 43])).status_code == 404


def test_a_screen_links_token_is_not_logged(client, event, caplog):
    _screen, path = show_services.screen_issue(event=event, name="Backstage")
    token = path.split("/")[3]
    assert token not in path_masked(f'"GET {path} HTTP/1.1" 200')
    with caplog.at_level(logging.WARNING):
        client.get(reverse("show-screen", args=["wrong-token"]))
    assert "wrong-token" not in caplog.text


def test_the_screen_asks_for_the_state_within_a_few_seconds(client, event):
    client.force_login(stage_manager())
    page = client.get(reverse("show-screen-login", args=[event.slug])).content.decode()
    assert f'data-show-state="{reverse("show-screen-login-state", args=[event.slug])}"' in page
    assert 'data-poll-ms="3000"' in page


def test_venue_shows_lists_items_without_a_venue_apart():
    event = factories.EventFactory()
    item = factories.ProgramItemFactory(event=event, venue=None)
    shows = venue_shows([item], [], [], now=at(9))
    assert [(show.venue, [timing.item for timing in show.timings]) for show in shows] == [(None, [item])]


def test_the_screen_speaks_the_readers_language(client, event, square):
    _screen, path = show_services.screen_issue(event=event, name="Баспасөз залы")
    page = client.get(path, HTTP_ACCEPT_LANGUAGE="kk").content.decode()
    assert "Қазір" in page
    assert "Кесте бойынша" in page
    assert ">Now<" not in page


# ---------------------------------------------------------------------------------------------------
# After the event: planned against actual


def pdf_text(content):
    return " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages).split())


def test_the_printed_run_of_show_sets_planned_against_actual_times(client, event, square):
    opening, parade, _concert = square
    show_services.show_mark(program_item=opening, mark=Kind.STARTED, at=at(10, 5))
    show_services.show_mark(program_item=parade, mark=Kind.STARTED, at=at(10, 50))  # finishes the opening
    show_services.show_mark(program_item=parade, mark=Kind.FINISHED, at=at(11, 30))
    client.force_login(stage_manager())
    response = client.get(reverse("print:run-of-show", args=[event.slug, "pdf"]))
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "ACTUAL" in text  # a column heading, in capitals
    assert "10:05–10:50 start +5 min end +20 min" in text
    assert "10:50–11:30 start +5 min end +15 min" in text
    assert "not marked" in text  # the concert


def test_the_run_of_show_has_no_actual_column_before_the_show(client, event, square):
    client.force_login(stage_manager())
    text = pdf_text(client.get(reverse("print:run-of-show", args=[event.slug, "pdf"])).content)
    assert "ACTUAL" not in text


def test_the_report_lists_every_item_planned_against_actual(client, event, square):
    square[0].title = "=HYPERLINK(evil)"
    square[0].save()
    show_services.show_mark(program_item=square[0], mark=Kind.STARTED, at=at(10, 10))
    show_services.show_mark(program_item=square[0], mark=Kind.FINISHED, at=at(10, 35))
    client.force_login(stage_manager())
    response = client.get(reverse("show-report", args=[event.slug]))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(response.content.decode("utf-8-sig").splitlines()))
    assert rows[0][:2] == ["Item", "venue"]
    assert rows[1] == [
        "'=HYPERLINK(evil)",  # shown by a spreadsheet, never run
        "Central square",
        "2025-06-02T10:00:00+05:00",
        "2025-06-02T10:30:00+05:00",
        "2025-06-02T10:10:00+05:00",
        "2025-06-02T10:35:00+05:00",
        "10",
        "5",
    ]
    assert [row[0] for row in rows[2:]] == ["Parade", "Concert"]
    assert rows[2][4:] == ["", "", "", ""]


def test_the_dashboard_shows_how_late_each_venue_runs_once_the_show_has_begun(
    admin_client, event, square, palace
):
    event_page = reverse("admin:ceremony_event_change", args=[event.pk])
    assert "dashboard-show-" not in admin_client.get(event_page).content.decode()
    show_services.show_mark(program_item=square[0], mark=Kind.STARTED, at=at(10, 20))
    show_services.show_mark(program_item=palace, mark=Kind.STARTED, at=at(10, 30))
    show_services.show_mark(program_item=palace, mark=Kind.FINISHED, at=at(11, 30))  # as planned
    page = admin_client.get(event_page).content.decode()
    assert f'id="dashboard-show-{event.pk}"' in page
    board = page[page.index(f'id="dashboard-show-{event.pk}"') :]
    assert "Central square" in board
    assert "minutes late" in board or "minute late" in board
    assert "Palace of Culture" in board
    assert "On time" in board


def test_the_stage_manager_marks_the_cues_of_the_item_running_and_they_move_no_times(client, event, square):
    video = factories.VideoAddressFactory(program_item=square[0], speaker_name="Kassym-Jomart Tokayev")
    show_services.show_mark(program_item=square[0], mark=Kind.STARTED, at=at(10))
    client.force_login(stage_manager())
    mark_url = reverse("show-mark", args=[event.slug])
    answer = post_json(
        client, mark_url, {"item": square[0].pk, "mark": "finished", "cue": f"video:{video.pk}"}
    )
    assert answer.status_code == 200, answer.content
    assert answer.json()["cue"] == f"video:{video.pk}"
    assert "✓" in client.get(reverse("show", args=[event.slug])).content.decode()
    # The item itself still runs: a cue's mark is not the item's.
    assert state_of(event, now=at(10, 10))["Central square"]["now"]["title"] == "Opening"
    other = factories.VideoAddressFactory()
    refused = post_json(
        client, mark_url, {"item": square[0].pk, "mark": "finished", "cue": f"video:{other.pk}"}
    )
    assert refused.status_code == 400
    assert "is not a cue of “Opening”" in refused.json()["error"]
