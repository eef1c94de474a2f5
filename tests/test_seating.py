"""Seating plans: by precedence around the host, by hand where protocol says so, and on paper."""

import io
import re

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from pypdf import PdfReader

from ceremony.enums import ParticipantRole
from ceremony.models import SeatAssignment
from ceremony.services.seating import seat_order, seating_assign
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def hall_item():
    hall = factories.VenueFactory(name_en="Palace of Culture", seat_rows=2, seats_per_row=5)
    return factories.ProgramItemFactory(venue=hall, title_en="Award ceremony")


def take_part(item, name, role=ParticipantRole.GUEST, rank=None, **values):
    attendee = factories.AttendeeFactory(
        event=item.event, precedence_rank=rank, person=factories.PersonFactory(family_name=name)
    )
    factories.ParticipationFactory(program_item=item, attendee=attendee, role=role, **values)
    return attendee


def seats_of(item):
    return {
        seat.attendee.person.family_name: (seat.row, seat.seat)
        for seat in item.seats.select_related("attendee__person")
    }


def test_seats_go_from_the_centre_outwards_to_the_hosts_right_first():
    assert seat_order(5) == [3, 4, 2, 5, 1]
    assert seat_order(4) == [2, 3, 1, 4]


def test_host_in_the_centre_then_by_precedence_alternating_right_and_left(hall_item):
    take_part(hall_item, "Host", ParticipantRole.HOST)
    for rank, name in enumerate(["First", "Second", "Third", "Fourth", "Fifth"], start=1):
        take_part(hall_item, name, rank=rank)
    take_part(hall_item, "Unranked")
    assert seating_assign(program_item=hall_item) == 7
    assert seats_of(hall_item) == {
        "Host": (1, 3),
        "First": (1, 4),
        "Second": (1, 2),
        "Third": (1, 5),
        "Fourth": (1, 1),
        "Fifth": (2, 3),
        "Unranked": (2, 4),
    }


def test_seats_placed_by_hand_are_kept(hall_item):
    take_part(hall_item, "Host", ParticipantRole.HOST)
    first = take_part(hall_item, "First", rank=1)
    take_part(hall_item, "Second", rank=2)
    SeatAssignment.objects.create(program_item=hall_item, attendee=first, row=2, seat=5, is_manual=True)
    seating_assign(program_item=hall_item)
    seating_assign(program_item=hall_item)  # again: the hand-placed seat is still kept
    assert seats_of(hall_item) == {"Host": (1, 3), "First": (2, 5), "Second": (1, 4)}


def test_interpreters_and_escorts_sit_next_to_their_principal(hall_item):
    take_part(hall_item, "Host", ParticipantRole.HOST)
    guest = take_part(hall_item, "Guest", rank=1)
    take_part(hall_item, "Interpreter", ParticipantRole.INTERPRETER, accompanies=guest)
    escort = take_part(hall_item, "Escort", ParticipantRole.ESCORT)
    guest.escort_officer = escort
    guest.save()
    seating_assign(program_item=hall_item)
    # The guest sits at the host's right, the interpreter beside them; the escort, with no seat left
    # beside the guest in that row, sits right behind rather than across the host.
    assert seats_of(hall_item) == {"Host": (1, 3), "Guest": (1, 4), "Interpreter": (1, 5), "Escort": (2, 4)}


def test_companions_of_someone_seated_by_hand_sit_beside_them(hall_item):
    take_part(hall_item, "Host", ParticipantRole.HOST)
    guest = take_part(hall_item, "Guest", rank=1)
    take_part(hall_item, "Interpreter", ParticipantRole.INTERPRETER, accompanies=guest)
    SeatAssignment.objects.create(program_item=hall_item, attendee=guest, row=2, seat=1, is_manual=True)
    seating_assign(program_item=hall_item)
    assert seats_of(hall_item) == {"Host": (1, 3), "Guest": (2, 1), "Interpreter": (2, 2)}


def test_automatic_seating_is_in_the_history(hall_item):
    take_part(hall_item, "Host", ParticipantRole.HOST)
    seating_assign(program_item=hall_item)
    assert SeatAssignment.history.filter(history_type="+").count() == 1


def test_a_hall_too_small_is_refused_and_nothing_is_seated(hall_item):
    for n in range(11):
        take_part(hall_item, f"Guest{n}")
    with pytest.raises(ValidationError, match=r"Palace of Culture has too few seats: .* could not be seated"):
        seating_assign(program_item=hall_item)
    assert hall_item.seats.count() == 0


def test_no_two_attendees_in_one_seat(hall_item):
    first, second = factories.AttendeeFactory.create_batch(2, event=hall_item.event)
    SeatAssignment.objects.create(program_item=hall_item, attendee=first, row=1, seat=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        SeatAssignment.objects.create(program_item=hall_item, attendee=second, row=1, seat=1)


def test_no_seat_outside_the_layout(hall_item):
    seat = SeatAssignment(
        program_item=hall_item, attendee=factories.AttendeeFactory(event=hall_item.event), row=3, seat=1
    )
    with pytest.raises(ValidationError) as excinfo:
        seat.full_clean()
    assert excinfo.value.messages == ["Row 3, seat 1 is outside Palace of Culture (2 rows of 5 seats)."]


def test_a_venue_without_layout_has_no_seating_plan():
    item = factories.ProgramItemFactory(venue=factories.VenueFactory(name_en="Square"), title_en="Concert")
    with pytest.raises(ValidationError, match=r"The venue of “Concert” has no seating layout\."):
        seating_assign(program_item=item)


def test_the_seating_chart_and_the_itinerary_show_the_seats(admin_client, hall_item):
    host = take_part(hall_item, "Жұмабаев", ParticipantRole.HOST)
    take_part(hall_item, "Әбенова", rank=1)
    response = admin_client.post(
        reverse("admin:ceremony_programitem_changelist"),
        {"action": "assign_seats", "_selected_action": [hall_item.pk]},
        follow=True,
    )
    assert [str(message) for message in response.context["messages"]] == [
        "“Award ceremony”: 2 seats assigned."
    ]

    pdf = PdfReader(
        io.BytesIO(admin_client.get(reverse("print:seating", args=[hall_item.pk, "pdf"])).content)
    )
    page = pdf.pages[0]
    assert page.mediabox.width > page.mediabox.height  # landscape
    text = page.extract_text()
    assert "Жұмабаев" in text
    assert "Әбенова" in text

    itinerary = admin_client.get(reverse("print:itinerary", args=[host.pk, "pdf"]))
    assert "Seat: row 1, seat 3" in PdfReader(io.BytesIO(itinerary.content)).pages[0].extract_text()


def test_a_hall_larger_than_the_limits_is_refused(admin_client, settings):
    settings.VENUE_MAX_ROWS, settings.VENUE_MAX_SEATS_PER_ROW = 200, 200
    venue = factories.VenueFactory.build(name_en="Typo", seat_rows=2000, seats_per_row=201)
    with pytest.raises(ValidationError) as excinfo:
        venue.full_clean()
    assert excinfo.value.message_dict == {
        "seat_rows": ["Ensure this value is less than or equal to 200."],
        "seats_per_row": ["Ensure this value is less than or equal to 200."],
    }


def test_the_largest_hall_is_seated_and_charted_by_the_seats_taken(admin_client):
    """A hall of 200 rows of 200 seats: the plan and the chart hold the seats taken, not 40,000."""
    hall = factories.VenueFactory(name_en="Stadium", seat_rows=200, seats_per_row=200)
    item = factories.ProgramItemFactory(venue=hall, title_en="Opening")
    take_part(item, "Жұмабаев", ParticipantRole.HOST)
    for rank in range(1, 4):
        take_part(item, f"Guest{rank}", rank=rank)
    # Someone placed by hand at the back.
    factories.SeatAssignmentFactory(
        program_item=item, attendee=take_part(item, "Қасымов"), row=150, seat=99, is_manual=True
    )
    assert seating_assign(program_item=item) == 4
    assert seats_of(item) == {
        "Жұмабаев": (1, 100),
        "Guest1": (1, 101),
        "Guest2": (1, 99),
        "Guest3": (1, 102),
        "Қасымов": (150, 99),
    }

    page = admin_client.get(reverse("print:seating", args=[item.pk, "html"])).content.decode()
    # Two rows of seats 99 to 102, the rows between them left out.
    assert re.findall(r"<th>Row (\d+)</th>", page) == ["1", "150"]
    assert re.findall(r"<th>(\d+)</th>", page) == ["99", "100", "101", "102"]
    assert page.count('<td class="empty">') == 3
    assert page.count('<tr class="gap">') == 1


def test_the_no_layout_message_links_to_the_venues_layout(admin_client):
    venue = factories.VenueFactory(name_en="Square <b>")
    item = factories.ProgramItemFactory(venue=venue, title_en="Concert")
    response = admin_client.post(
        reverse("admin:ceremony_programitem_changelist"),
        {"action": "assign_seats", "_selected_action": [item.pk]},
        follow=True,
    )
    url = reverse("admin:ceremony_venue_change", args=[venue.pk]) + "#fieldset-0-1-heading"
    assert [str(message) for message in response.context["messages"]] == [
        "The venue of “Concert” has no seating layout. "
        f'<a href="{url}">Set the layout of Square &lt;b&gt;.</a>'
    ]
    # The anchor is the heading of the venue's layout fields.
    page = admin_client.get(url).content.decode()
    assert re.search(r'<h2 id="fieldset-0-1-heading" class="fieldset-heading">Seating layout</h2>', page)


def test_those_who_do_not_sit_and_booth_interpreters_are_not_seated(hall_item):
    take_part(hall_item, "Ceremonymaster", ParticipantRole.HOST, seated=False)
    guest = take_part(hall_item, "Guest", rank=1)
    take_part(hall_item, "Second", rank=2)
    take_part(hall_item, "Booth", ParticipantRole.INTERPRETER)
    take_part(hall_item, "Whisperer", ParticipantRole.INTERPRETER, accompanies=guest)
    assert seating_assign(program_item=hall_item) == 3
    # With the master of ceremonies at the lectern, the highest-ranking guest takes the centre.
    assert seats_of(hall_item) == {"Guest": (1, 3), "Whisperer": (1, 4), "Second": (1, 2)}
