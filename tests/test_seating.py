"""Seating plans: by precedence around the host, by hand where protocol says so, and on paper."""

import io
import re
import time

import pytest
import weasyprint
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from pypdf import PdfReader

from ceremony.enums import ParticipantRole, RowLabels, SeatNumbering
from ceremony.layouts import Section, seat_list_parse
from ceremony.models import SeatAssignment
from ceremony.services import seating
from ceremony.services.seating import seat_order, seating_assign
from tests import factories
from tests.admin_pages import add_row, errors_on_page, open_change_form

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


# Halls of several sections ------------------------------------------------------------------------


@pytest.fixture
def theatre_item():
    """Stalls of 3 rows × 6 seats numbered odd-even, lettered rows, and a balcony of 2 × 4."""
    hall = factories.VenueFactory(name_en="Theatre")
    factories.VenueSectionFactory(
        venue=hall,
        name_en="Balcony",
        order=2,
        rows=2,
        seats_per_row=4,
    )
    factories.VenueSectionFactory(
        venue=hall,
        name_en="Stalls",
        order=1,
        rows=3,
        seats_per_row=6,
        row_labels=RowLabels.LETTERS,
        seat_numbering=SeatNumbering.ODD_EVEN,
    )
    return factories.ProgramItemFactory(venue=hall, title_en="Gala")


def places_of(item):
    return {
        seat.attendee.person.family_name: (seat.section.name, seat.row_label, seat.seat)
        for seat in item.seats.select_related("attendee__person", "section")
    }


def test_odd_even_numbering_puts_odd_seats_left_and_even_right_from_the_centre():
    six = Section(rows=1, seats_per_row=6, seat_numbering=SeatNumbering.ODD_EVEN)
    assert [six.number_at(position) for position in range(1, 7)] == [5, 3, 1, 2, 4, 6]
    seven = Section(rows=1, seats_per_row=7, seat_numbering=SeatNumbering.ODD_EVEN)
    assert [seven.number_at(position) for position in range(1, 8)] == [7, 5, 3, 1, 2, 4, 6]
    assert [seven.position_of(number) for number in range(1, 9)] == [4, 5, 3, 6, 2, 7, 1, None]


def test_seat_lists_name_their_bad_part():
    stalls = factories.VenueSectionFactory.build(
        venue=factories.VenueFactory(),
        name_en="Stalls",
        rows=3,
        seats_per_row=6,
        row_labels=RowLabels.LETTERS,
        blocked_seats="A1-A4, B7, Z1, hello",
        reserved_seats="C2-3",
    )
    with pytest.raises(ValidationError) as excinfo:
        stalls.full_clean()
    assert excinfo.value.message_dict == {
        "blocked_seats": [
            "«B7»: the section has no such seat in a row (3 rows of 6 seats). "
            "«Z1»: the section has no row Z, or the range spans two rows. "
            "«hello» is not a seat or a range of seats like A1-A4."
        ]
    }
    assert sorted(seat_list_parse("A1-A4, B6", stalls.geometry)[0]) == [
        (1, 1), (1, 2), (1, 3), (1, 4), (2, 6)
    ]  # fmt: skip


def test_numbered_rows_are_listed_row_slash_seat():
    block = Section(rows=5, seats_per_row=10)
    assert seat_list_parse("3/1-3, 5/10", block) == (frozenset({(3, 1), (3, 2), (3, 3), (5, 10)}), [])
    assert seat_list_parse("31", block)[1] == ["«31» is not a seat or a range of seats like 3/1-4."]


def test_rows_lettered_in_cyrillic_as_russian_halls_print_them_and_seats_numbered_from_the_right():
    stalls = Section(
        rows=30,
        seats_per_row=6,
        row_labels=RowLabels.CYRILLIC_LETTERS,
        seat_numbering=SeatNumbering.RIGHT_TO_LEFT,
    )
    # No Ё, Й, Ъ, Ы or Ь; after Я comes АА.
    assert [stalls.row_label(row) for row in (1, 2, 9, 10, 28, 29, 30)] == [
        "А",
        "Б",
        "И",
        "К",
        "Я",
        "АА",
        "АБ",
    ]
    assert [stalls.number_at(position) for position in range(1, 7)] == [6, 5, 4, 3, 2, 1]
    seats, errors = seat_list_parse("А1-А3, б2, Я6, Й1", stalls)
    assert sorted(seats) == [(1, 4), (1, 5), (1, 6), (2, 5), (28, 1)]
    assert errors == ["«Й1»: the section has no row Й, or the range spans two rows."]
    # A row typed with the Latin letter that looks the same (the keyboard left in English) is that row.
    assert seat_list_parse("A1, B2", stalls) == (frozenset({(1, 6), (3, 5)}), [])
    assert seat_list_parse("1" * 5000, stalls)[1] == [
        f"«{'1' * 5000}» is not a seat or a range of seats like А1-А4."
    ]


def test_a_hall_lettered_in_cyrillic_and_numbered_from_the_right_seats_and_prints_so(theatre_item):
    stalls = theatre_item.venue.sections.get(name_en="Stalls")
    stalls.row_labels = RowLabels.CYRILLIC_LETTERS
    stalls.seat_numbering = SeatNumbering.RIGHT_TO_LEFT
    stalls.reserved_seats = "А1"
    stalls.full_clean()
    stalls.save()
    take_part(theatre_item, "Host", ParticipantRole.HOST)
    take_part(theatre_item, "First", rank=1)
    assert seating_assign(program_item=theatre_item) == 2
    # Six seats numbered 6…1 from the left: the centre is 4 and 3, the host's right the lower number.
    assert places_of(theatre_item) == {"Host": ("Stalls", "А", 4), "First": ("Stalls", "А", 3)}


def test_a_sectioned_hall_fills_the_first_section_from_its_centre_skipping_blocked_and_reserved(theatre_item):
    stalls = theatre_item.venue.sections.get(name_en="Stalls")
    stalls.blocked_seats = "A1"
    stalls.reserved_seats = "A2, B1-B2"
    stalls.save()
    take_part(theatre_item, "Host", ParticipantRole.HOST)
    for rank, name in enumerate(["First", "Second", "Third", "Fourth", "Fifth"], start=1):
        take_part(theatre_item, name, rank=rank)
    assert seating_assign(program_item=theatre_item) == 6
    # Row A, from the centre: 1 (blocked), 2 (reserved), then 3, 4, 5, 6 alternate outwards from the
    # centre left and right; row B's 1 and 2 are reserved.
    assert places_of(theatre_item) == {
        "Host": ("Stalls", "A", 3),
        "First": ("Stalls", "A", 4),
        "Second": ("Stalls", "A", 5),
        "Third": ("Stalls", "A", 6),
        "Fourth": ("Stalls", "B", 3),
        "Fifth": ("Stalls", "B", 4),
    }


def test_a_full_first_section_goes_on_in_the_next_and_hand_placed_seats_stay(theatre_item):
    stalls, balcony = theatre_item.venue.sections.order_by("order")
    take_part(theatre_item, "Host", ParticipantRole.HOST)
    guests = [take_part(theatre_item, f"Guest{rank:02}", rank=rank) for rank in range(1, 20)]
    # One guest placed by hand on the balcony, a reserved seat of the stalls taken by hand too.
    stalls.reserved_seats = "C1"
    stalls.save()
    factories.SeatAssignmentFactory(
        program_item=theatre_item, attendee=guests[0], section=balcony, row=2, seat=4, is_manual=True
    )
    factories.SeatAssignmentFactory(
        program_item=theatre_item, attendee=guests[1], section=stalls, row=3, seat=1, is_manual=True
    )
    assert seating_assign(program_item=theatre_item) == 18
    seating_assign(program_item=theatre_item)
    places = places_of(theatre_item)
    assert places["Guest01"] == ("Balcony", "2", 4)
    assert places["Guest02"] == ("Stalls", "C", 1)
    in_stalls = [name for name, place in places.items() if place[0] == "Stalls"]
    assert len(in_stalls) == 18  # every seat of the stalls
    # The host and 16 guests fill the stalls with Guest02; the last goes to the balcony's front row,
    # at its centre.
    assert places["Guest18"][0] == "Stalls"
    assert places["Guest19"] == ("Balcony", "1", 2)


def test_a_seat_must_be_in_a_section_of_the_venue_and_not_blocked(theatre_item):
    stalls = theatre_item.venue.sections.get(name_en="Stalls")
    stalls.blocked_seats = "A1"
    stalls.save()
    attendee = factories.AttendeeFactory(event=theatre_item.event)
    elsewhere = factories.VenueSectionFactory(name_en="Elsewhere")

    def errors(**values):
        seat = SeatAssignment(program_item=theatre_item, attendee=attendee, **values)
        with pytest.raises(ValidationError) as excinfo:
            seat.full_clean()
        return excinfo.value.message_dict

    assert errors(row=1, seat=2) == {"section": ["Choose the section of Theatre this seat is in."]}
    assert errors(section=elsewhere, row=1, seat=2) == {"section": ["This section is not one of Theatre."]}
    assert errors(section=stalls, row=1, seat=1) == {"seat": ["Row A, seat 1 is blocked: nobody sits there."]}
    assert errors(section=stalls, row=4, seat=1) == {
        "__all__": ["Row 4, seat 1 is outside Theatre, Stalls (3 rows of 6 seats)."]
    }
    assert errors(section=stalls, row=1, seat=7) == {
        "__all__": ["Row 1, seat 7 is outside Theatre, Stalls (3 rows of 6 seats)."]
    }


def test_an_item_using_the_balcony_only_is_seated_there_and_refuses_a_seat_in_the_stalls(theatre_item):
    stalls, balcony = theatre_item.venue.sections.order_by("order")
    theatre_item.sections.set([balcony])
    take_part(theatre_item, "Host", ParticipantRole.HOST)
    for rank, name in enumerate(["First", "Second"], start=1):
        take_part(theatre_item, name, rank=rank)
    assert seating_assign(program_item=theatre_item) == 3
    assert places_of(theatre_item) == {
        "Host": ("Balcony", "1", 2),
        "First": ("Balcony", "1", 3),
        "Second": ("Balcony", "1", 1),
    }
    by_hand = SeatAssignment(
        program_item=theatre_item, attendee=take_part(theatre_item, "Third"), section=stalls, row=1, seat=1
    )
    with pytest.raises(ValidationError) as refusal:
        by_hand.full_clean()
    assert refusal.value.message_dict == {
        "section": ["“Gala” does not use Stalls: tick it among the item's sections."]
    }
    # None ticked: every section, the stalls first.
    theatre_item.sections.clear()
    seating_assign(program_item=theatre_item)
    assert places_of(theatre_item)["Host"] == ("Stalls", "A", 1)


def test_the_sections_an_item_uses_are_ticked_among_its_venues_own(admin_client, theatre_item):
    stalls, balcony = theatre_item.venue.sections.order_by("order")
    other = factories.VenueSectionFactory(name_en="Stalls of another hall")
    url = reverse("admin:ceremony_programitem_change", args=[theatre_item.pk])
    page = admin_client.get(url).content.decode()
    assert re.findall(r'name="sections" value="(\d+)"', page) == [str(stalls.pk), str(balcony.pk)]
    data = open_change_form(admin_client, theatre_item)
    assert admin_client.post(url, {**data, "sections": [balcony.pk]}).status_code == 302
    assert list(theatre_item.sections.all()) == [balcony]
    # Another hall's section, or this hall's ticked while the item moves to another venue: refused.
    data = open_change_form(admin_client, theatre_item)
    response = admin_client.post(url, {**data, "sections": [other.pk]})
    assert errors_on_page(response) == [
        f"Select a valid choice. {other.pk} is not one of the available choices."
    ]
    for garbage in ("x", "9" * 30, "-1"):
        response = admin_client.post(url, {**data, "sections": [garbage]})
        assert response.status_code == 200
        assert len(errors_on_page(response)) == 1, garbage
    square = factories.VenueFactory(name_en="Square")
    response = admin_client.post(url, {**data, "venue": square.pk, "sections": [stalls.pk]})
    assert errors_on_page(response) == [
        "Stalls: not a section of Square. Untick it; the sections of a new venue can be ticked once the "
        "item is saved there."
    ]
    assert list(theatre_item.sections.all()) == [balcony]
    # A venue of one block of seats, or a single section, offers nothing to tick.
    theatre_item.refresh_from_db()
    theatre_item.sections.clear()
    theatre_item.venue = square
    theatre_item.save()
    assert 'name="sections"' not in admin_client.get(url).content.decode()


# Charts ---------------------------------------------------------------------------------------------

FAMILY_NAMES = [
    "Мусабаев", "Жұмабаев", "Әбенова", "Константинопольский", "Ёлкин", "Ибрагимова", "Aubakirov",
    "Қасымов", "Ильин", "Бекмұхамбетова", "Ақжолов", "Тоқаев", "Өмірзақов", "Абрамов", "Шварценеггер",
    "Ұлықбеков", "Яковлев", "Іскаков", "Ғабитов", "Нұрсұлтанов",
]  # fmt: skip


def chart_pdf(client, item, lang="ru"):
    response = client.get(reverse("print:seating", args=[item.pk, "pdf"]) + f"?lang={lang}")
    assert response.status_code == 200
    return [page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages]


@pytest.fixture
def palace_item():
    """A hall of 20 rows of 30 seats and a balcony of 8 rows of 24, as the demo's Palace of Culture."""
    palace = factories.VenueFactory(name_en="Palace of Culture", name_ru="Дворец культуры")
    factories.VenueSectionFactory(
        venue=palace, name_en="Stalls", name_ru="Партер", order=1, rows=20, seats_per_row=30
    )
    factories.VenueSectionFactory(
        venue=palace,
        name_en="Balcony",
        name_ru="Балкон",
        order=2,
        rows=8,
        seats_per_row=24,
        seat_numbering=SeatNumbering.ODD_EVEN,
    )
    return factories.ProgramItemFactory(venue=palace, title_en="Award ceremony", title_ru="Вручение наград")


def test_the_chart_prints_every_name_in_full_by_section_with_no_empty_page_then_the_index(
    admin_client, palace_item
):
    take_part(palace_item, "Протоколов", ParticipantRole.HOST, seated=False)
    guests = []
    for rank, family_name in enumerate(FAMILY_NAMES, start=1):
        person = factories.PersonFactory(
            family_name=family_name, given_name="Тохтар", patronymic="Аубакирович"
        )
        attendee = factories.AttendeeFactory(event=palace_item.event, precedence_rank=rank, person=person)
        factories.ParticipationFactory(program_item=palace_item, attendee=attendee)
        guests.append(attendee)
    # Two guests placed by hand on the balcony, one at its far end.
    balcony = palace_item.venue.sections.get(name_en="Balcony")
    for attendee, seat in zip(guests[-2:], (23, 24), strict=True):
        factories.SeatAssignmentFactory(
            program_item=palace_item, attendee=attendee, section=balcony, row=8, seat=seat
        )
    assert seating_assign(program_item=palace_item) == 18

    pages = chart_pdf(admin_client, palace_item)
    index_from = next(number for number, text in enumerate(pages) if "Список гостей" in text)
    plan, index = pages[:index_from], "\n".join(pages[index_from:])
    # The stalls and the balcony each on pages of their own, every page holding someone.
    assert "Партер" in plan[0]
    assert "Балкон" in plan[-1]
    assert "Партер" not in plan[-1]
    for text in pages:
        assert any(name in text for name in FAMILY_NAMES), text
    # Every name whole, with initials, on the plan; in full in the index, in Russian alphabetical order.
    plan_text = "\n".join(plan)
    for family_name in FAMILY_NAMES:
        assert plan_text.count(f"{family_name} Т. А.") == 1, family_name
    assert "Протоколов" not in plan_text + index
    lines = [line for line in index.splitlines() if "Тохтар Аубакирович" in line]
    assert [line.split()[0] for line in lines] == [
        "Абрамов", "Ақжолов", "Әбенова", "Бекмұхамбетова", "Ғабитов", "Ёлкин", "Жұмабаев", "Ибрагимова",
        "Ильин", "Константинопольский", "Қасымов", "Мусабаев", "Нұрсұлтанов", "Өмірзақов", "Тоқаев",
        "Ұлықбеков", "Шварценеггер", "Іскаков", "Яковлев", "Aubakirov",
    ]  # fmt: skip
    assert "Мусабаев Тохтар Аубакирович Партер 1 15" in index
    assert "Нұрсұлтанов Тохтар Аубакирович Балкон 8 24" in index


def test_the_itinerary_and_the_badge_show_the_seat_in_its_section(admin_client, theatre_item):
    guest = take_part(theatre_item, "Әбенова", rank=1)
    stalls = theatre_item.venue.sections.get(name_en="Stalls")
    factories.SeatAssignmentFactory(program_item=theatre_item, attendee=guest, section=stalls, row=3, seat=5)

    itinerary = admin_client.get(reverse("print:itinerary", args=[guest.pk, "pdf"]) + "?lang=en")
    text = PdfReader(io.BytesIO(itinerary.content)).pages[0].extract_text()
    assert "Seat: Stalls, row C, seat 5" in text
    badges = admin_client.get(
        reverse("print:badges", args=[theatre_item.event.slug, "pdf"]) + f"?lang=en&attendees={guest.pk}"
    )
    assert "Gala: Stalls, row C, seat 5" in PdfReader(io.BytesIO(badges.content)).pages[0].extract_text()


def seated_hall(seat_rows, seats_per_row, guests=20):
    hall = factories.VenueFactory(name_en=f"Hall of {seat_rows * seats_per_row}")
    factories.VenueSectionFactory(venue=hall, name_en="Stalls", rows=seat_rows, seats_per_row=seats_per_row)
    item = factories.ProgramItemFactory(venue=hall, title_en="Gala")
    take_part(item, "Host", ParticipantRole.HOST)
    for rank in range(1, guests):
        take_part(item, f"Guest{rank:02}", rank=rank)
    return item


def test_a_hall_of_2000_seats_with_20_guests_charts_as_small_and_fast_as_a_hall_of_200(admin_client):
    pages = []
    for rows, seats in ((10, 20), (40, 50)):
        item = seated_hall(rows, seats)
        started = time.monotonic()
        assert seating_assign(program_item=item) == 20
        pages.append(admin_client.get(reverse("print:seating", args=[item.pk, "html"])).content.decode())
        assert chart_pdf(admin_client, item, lang="en")[0].count("Guest") == 19
        assert time.monotonic() - started < 10
    small, large = pages
    # The same 20 seats drawn: the page of the larger hall is no larger (but for its seat numbers).
    assert abs(len(large) - len(small)) < 200
    assert len(large) < 60_000


@pytest.mark.parametrize("guests", [5, 40])
def test_seating_runs_the_same_queries_for_few_and_many_guests(guests, django_assert_num_queries):
    item = seated_hall(20, 30, guests=guests)
    with django_assert_num_queries(11):
        assert seating_assign(program_item=item) == guests


def test_sections_are_added_on_the_venue_and_a_bad_seat_list_is_named(admin_client):
    venue = factories.VenueFactory(name_en="Palace")
    data = add_row(
        open_change_form(admin_client, venue),
        "sections",
        order=1,
        name_en="Stalls",
        rows=20,
        seats_per_row=30,
        row_labels=RowLabels.NUMBERS,
        seat_numbering=SeatNumbering.LEFT_TO_RIGHT,
        blocked_seats="14/13-18, 21/1",
        reserved_seats="",
    )
    url = reverse("admin:ceremony_venue_change", args=[venue.pk])
    response = admin_client.post(url, data)
    assert errors_on_page(response) == ["«21/1»: the section has no row 21, or the range spans two rows."]

    data["sections-0-blocked_seats"] = ["14/13-18"]
    assert admin_client.post(url, data).status_code == 302
    stalls = venue.sections.get()
    assert (stalls.name, stalls.rows, stalls.seats_per_row) == ("Stalls", 20, 30)
    assert len(stalls.layout.blocked) == 6


def test_a_seat_is_placed_by_hand_in_a_section_of_the_items_venue(admin_client, theatre_item):
    guest = take_part(theatre_item, "Әбенова", rank=1)
    stalls = theatre_item.venue.sections.get(name_en="Stalls")
    factories.VenueSectionFactory(name_en="Stalls of another hall")
    data = open_change_form(admin_client, theatre_item)
    page = admin_client.get(
        reverse("admin:ceremony_programitem_change", args=[theatre_item.pk])
    ).content.decode()
    assert "Stalls of another hall" not in page
    add_row(data, "seats", section=stalls.pk, row=2, seat=3, attendee=guest.pk, is_manual="on")
    url = reverse("admin:ceremony_programitem_change", args=[theatre_item.pk])
    assert admin_client.post(url, data).status_code == 302
    assert places_of(theatre_item) == {"Әбенова": ("Stalls", "B", 3)}


def test_a_section_name_missing_in_the_charts_language_is_listed_on_its_page(admin_client, theatre_item):
    stalls = theatre_item.venue.sections.get(name_en="Stalls")
    factories.SeatAssignmentFactory(
        program_item=theatre_item, attendee=take_part(theatre_item, "Әбенова"), section=stalls, row=1, seat=1
    )
    page = admin_client.get(
        reverse("print:seating", args=[theatre_item.pk, "html"]) + "?lang=kk"
    ).content.decode()
    missing = page[page.index('id="missing-translations"') : page.index("</ul>")]
    url = reverse("admin:ceremony_venuesection_change", args=[stalls.pk])
    assert f'<a href="{url}">Stalls</a>' in missing
    balcony = theatre_item.venue.sections.get(name_en="Balcony")
    assert (
        reverse("admin:ceremony_venuesection_change", args=[balcony.pk]) not in missing
    )  # nobody sits there


def boxes(box):
    yield box
    for child in getattr(box, "children", None) or []:
        yield from boxes(child)


def test_no_name_runs_out_of_its_seat_on_the_chart(admin_client, palace_item):
    """Read from WeasyPrint's layout of the chart: every line of a seat ends inside the seat."""
    for rank, family_name in enumerate([*FAMILY_NAMES, "Константинопольская-Шварценеггер"], start=1):
        person = factories.PersonFactory(
            family_name=family_name, given_name="Тохтар", patronymic="Аубакирович"
        )
        attendee = factories.AttendeeFactory(event=palace_item.event, precedence_rank=rank, person=person)
        factories.ParticipationFactory(program_item=palace_item, attendee=attendee)
    seating_assign(program_item=palace_item)
    html = admin_client.get(
        reverse("print:seating", args=[palace_item.pk, "html"]) + "?lang=ru"
    ).content.decode()
    overflowing, names = [], []
    for page in weasyprint.HTML(string=html).render().pages:
        for cell in boxes(page._page_box):
            if type(cell).__name__ == "TableCellBox":
                right = cell.content_box_x() + cell.width
                for line in boxes(cell):
                    if type(line).__name__ == "TextBox":
                        names.append(line.text)
                        if line.position_x + line.width > right + 0.5:
                            overflowing.append(line.text)
    assert "Константинопольская-Шварценеггер" in " ".join(names)
    assert overflowing == []


@pytest.mark.parametrize("companions", [1, 10])
def test_companions_of_a_guest_in_a_full_section_cost_no_more_than_a_row_each(monkeypatch, companions):
    """A principal placed by hand in stalls of 60 × 60 seats all reserved: the companions, finding no
    seat beside, behind or in front, go to the balcony; each looks at no more than a row's seats (not
    every row of the stalls again)."""
    hall = factories.VenueFactory(name_en="Palace")
    stalls = factories.VenueSectionFactory(
        venue=hall,
        name_en="Stalls",
        order=1,
        rows=60,
        seats_per_row=60,
        reserved_seats=", ".join(f"{row}/1-60" for row in range(1, 61)),
    )
    factories.VenueSectionFactory(venue=hall, name_en="Balcony", order=2, rows=1, seats_per_row=20)
    item = factories.ProgramItemFactory(venue=hall, title_en="Gala")
    minister = take_part(item, "Minister", rank=1)
    factories.SeatAssignmentFactory(program_item=item, attendee=minister, section=stalls, row=30, seat=30)
    for number in range(companions):
        take_part(item, f"Interpreter{number}", ParticipantRole.INTERPRETER, accompanies=minister)
    looked_at = []
    unavailable = seating._SeatingPlan._unavailable
    monkeypatch.setattr(
        seating._SeatingPlan,
        "_unavailable",
        lambda plan, *place: looked_at.append(place) or unavailable(plan, *place),
    )
    assert seating_assign(program_item=item) == companions
    assert {section for section, _row, _seat in places_of(item).values()} == {"Stalls", "Balcony"}
    # The stalls' 3,600 seats are gone through once, to find the first free seat in order; then each
    # companion looks at a few seats of the balcony.
    assert len(looked_at) < 3_600 + 60 * companions
