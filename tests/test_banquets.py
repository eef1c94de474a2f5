"""Banquets: guests placed at tables by precedence, and the table plan, place cards and table cards."""

import io

import pytest
import weasyprint
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pypdf import PdfReader

from ceremony.enums import ParticipantRole, ProgramItemKind, RsvpStatus, TableShape
from ceremony.models import TableAssignment
from ceremony.printing import WORD_JOINER
from ceremony.services.banquets import tables_assign
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def hall():
    return factories.VenueFactory(name_en="Administration hall")


@pytest.fixture
def reception(hall):
    return factories.ProgramItemFactory(
        venue=hall, title_en="Official reception", kind=ProgramItemKind.RECEPTION
    )


def tables(venue, *seats, shape=TableShape.ROUND):
    return [
        factories.BanquetTableFactory(venue=venue, number=number, seats=count, shape=shape)
        for number, count in enumerate(seats, start=1)
    ]


def take_part(item, name, role=ParticipantRole.GUEST, rank=None, delegation=None, person=None, **values):
    rsvp = values.pop("rsvp_status", RsvpStatus.CONFIRMED)
    attendee = factories.AttendeeFactory(
        event=item.event,
        precedence_rank=rank,
        delegation=delegation,
        rsvp_status=rsvp,
        person=person or factories.PersonFactory(family_name=name),
    )
    factories.ParticipationFactory(program_item=item, attendee=attendee, role=role, **values)
    return attendee


def places_of(item):
    return {
        place.attendee.person.family_name: (place.table.number, place.seat)
        for place in item.table_assignments.select_related("attendee__person", "table")
    }


def pages_of(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    return [" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(response.content)).pages]


def printer():
    user = factories.UserFactory()
    user.user_permissions.add(Permission.objects.get(codename="print_documents"))
    return user


# ---------------------------------------------------------------------------------------------------
# Assigning tables


def test_the_host_and_the_highest_ranked_sit_at_table_1_then_by_precedence(reception, hall):
    tables(hall, 4, 4, 4)
    take_part(reception, "Host", ParticipantRole.HOST)
    for rank, name in enumerate(["First", "Second", "Third", "Fourth", "Fifth"], start=1):
        take_part(reception, name, rank=rank)
    take_part(reception, "Unranked")
    assert tables_assign(program_item=reception).placed == 7
    # Round tables: the head of the table is seat 1, then to its right (2) and left (4) in turn.
    assert places_of(reception) == {
        "Host": (1, 1),
        "First": (1, 2),
        "Second": (1, 4),
        "Third": (1, 3),
        "Fourth": (2, 1),
        "Fifth": (2, 2),
        "Unranked": (2, 4),
    }


def test_at_a_long_head_table_the_host_sits_in_the_centre(reception, hall):
    tables(hall, 5, shape=TableShape.LONG)
    take_part(reception, "Host", ParticipantRole.HOST)
    take_part(reception, "First", rank=1)
    take_part(reception, "Second", rank=2)
    tables_assign(program_item=reception)
    assert places_of(reception) == {"Host": (1, 3), "First": (1, 4), "Second": (1, 2)}


def test_a_delegation_sits_together_at_the_first_table_with_room_for_all(reception, hall):
    tables(hall, 4, 4, 4)
    roscosmos = factories.DelegationFactory(event=reception.event, name="Roscosmos")
    take_part(reception, "Host", ParticipantRole.HOST)
    take_part(reception, "First", rank=1)
    take_part(reception, "Head", rank=2, delegation=roscosmos)
    take_part(reception, "Third", rank=3)
    take_part(reception, "Member", rank=5, delegation=roscosmos)
    take_part(reception, "Other member", delegation=roscosmos)
    assigned = tables_assign(program_item=reception)
    found = places_of(reception)
    assert {name: table for name, (table, _seat) in found.items()} == {
        "Host": 1,
        "First": 1,
        "Third": 1,
        "Head": 2,
        "Member": 2,
        "Other member": 2,
    }
    assert assigned.notes == []


def test_a_delegation_too_large_for_one_table_is_split_and_the_organizer_told(reception, hall):
    tables(hall, 4, 4, 4)
    government = factories.DelegationFactory(event=reception.event, name="Government of Kazakhstan")
    for rank in range(1, 7):
        take_part(reception, f"Minister{rank}", rank=rank, delegation=government)
    assigned = tables_assign(program_item=reception)
    assert sorted(table for table, _seat in places_of(reception).values()) == [1, 1, 1, 1, 2, 2]
    assert assigned.notes == [
        "The delegation Government of Kazakhstan (6 people) fits at no one table: "
        "it sits at Table 1, Table 2."
    ]


def test_a_delegation_split_by_hand_stays_split_and_the_others_join_them(reception, hall):
    first, second, _third = tables(hall, 4, 4, 4)
    roscosmos = factories.DelegationFactory(event=reception.event, name="Roscosmos")
    take_part(reception, "Host", ParticipantRole.HOST)
    head = take_part(reception, "Head", rank=1, delegation=roscosmos)
    take_part(reception, "Member", rank=2, delegation=roscosmos)
    TableAssignment.objects.create(program_item=reception, table=second, attendee=head, seat=1)
    assigned = tables_assign(program_item=reception)
    assert places_of(reception) == {"Host": (1, 1), "Head": (2, 1), "Member": (2, 2)}
    assert assigned.notes == []
    assert first.number == 1


def test_an_interpreter_sits_beside_the_guest_they_serve(reception, hall):
    tables(hall, 6)
    take_part(reception, "Host", ParticipantRole.HOST)
    guest = take_part(reception, "Guest", rank=1)
    take_part(reception, "Second", rank=2)
    take_part(reception, "Interpreter", ParticipantRole.INTERPRETER, accompanies=guest)
    tables_assign(program_item=reception)
    # The guest at the host's right (seat 2), the interpreter in the next seat (3), the next guest at
    # the host's left (6).
    assert places_of(reception) == {"Host": (1, 1), "Guest": (1, 2), "Interpreter": (1, 3), "Second": (1, 6)}


def test_places_set_by_hand_are_kept_and_guests_who_declined_are_left_out(reception, hall):
    _first, _second, third = tables(hall, 4, 4, 4)
    take_part(reception, "Host", ParticipantRole.HOST)
    first = take_part(reception, "First", rank=1)
    take_part(reception, "Second", rank=2)
    take_part(reception, "Declined", rank=3, rsvp_status=RsvpStatus.DECLINED)
    TableAssignment.objects.create(program_item=reception, table=third, attendee=first, seat=2)
    tables_assign(program_item=reception)
    assert tables_assign(program_item=reception).placed == 2  # again: the hand-placed one is still kept
    assert places_of(reception) == {"Host": (1, 1), "First": (3, 2), "Second": (1, 2)}


def test_those_who_do_not_sit_and_booth_interpreters_get_no_table_nor_place_card(client, reception, hall):
    tables(hall, 4, 4)
    take_part(reception, "Ceremonymaster", ParticipantRole.HOST, seated=False)
    guest = take_part(reception, "Guest", rank=1)
    take_part(reception, "Second", rank=2)
    take_part(reception, "Stagehand", seated=False)
    take_part(reception, "Booth", ParticipantRole.INTERPRETER)
    take_part(reception, "Whisperer", ParticipantRole.INTERPRETER, accompanies=guest)
    assert tables_assign(program_item=reception).placed == 3
    # With the master of ceremonies at the lectern, the highest-ranking guest heads table 1.
    assert places_of(reception) == {"Guest": (1, 1), "Whisperer": (1, 2), "Second": (1, 4)}
    client.force_login(printer())
    text = " ".join(pages_of(client.get(reverse("print:place-cards", args=[reception.pk, "pdf"]))))
    for name in ("Guest", "Whisperer", "Second"):
        assert text.count(name) == 2, name
    for name in ("Ceremonymaster", "Stagehand", "Booth"):
        assert name not in text


def test_the_host_placed_by_hand_makes_that_table_the_first_to_fill(reception, hall):
    _first, _second, third = tables(hall, 4, 4, 4)
    host = take_part(reception, "Host", ParticipantRole.HOST)
    take_part(reception, "First", rank=1)
    TableAssignment.objects.create(program_item=reception, table=third, attendee=host, seat=1)
    tables_assign(program_item=reception)
    assert places_of(reception) == {"Host": (3, 1), "First": (3, 2)}


def test_tables_too_few_are_refused_and_nothing_is_placed(reception, hall):
    tables(hall, 2, 2)
    for number in range(5):
        take_part(reception, f"Guest{number}")
    with pytest.raises(
        ValidationError, match=r"The tables of Administration hall have too few seats: .*Guest"
    ):
        tables_assign(program_item=reception)
    assert reception.table_assignments.count() == 0


def test_a_full_table_refuses_one_more_guest(reception, hall):
    (table,) = tables(hall, 2)
    for name in ("One", "Two"):
        factories.TableAssignmentFactory(
            program_item=reception, table=table, attendee=take_part(reception, name)
        )
    third = TableAssignment(program_item=reception, table=table, attendee=take_part(reception, "Three"))
    with pytest.raises(ValidationError) as refusal:
        third.full_clean()
    assert refusal.value.message_dict == {"table": ["Table 1 seats 2; 3 would sit at it."]}


def test_a_seat_beyond_the_table_and_seats_lowered_below_its_guests_are_refused(reception, hall):
    (table,) = tables(hall, 2)
    outside = TableAssignment(
        program_item=reception, table=table, attendee=take_part(reception, "One"), seat=3
    )
    with pytest.raises(ValidationError) as refusal:
        outside.full_clean()
    assert refusal.value.message_dict == {"seat": ["Table 1 has seats 1 to 2."]}
    for name in ("Two", "Three"):
        factories.TableAssignmentFactory(
            program_item=reception, table=table, attendee=take_part(reception, name)
        )
    table.seats = 1
    with pytest.raises(ValidationError) as refusal:
        table.full_clean()
    assert refusal.value.message_dict == {"seats": ["Table 1 seats 1; 2 would sit at it."]}


def test_a_table_of_another_venue_is_refused(reception):
    elsewhere = factories.BanquetTableFactory(venue=factories.VenueFactory(name_en="Hotel"), number=4)
    place = TableAssignment(program_item=reception, table=elsewhere, attendee=take_part(reception, "One"))
    with pytest.raises(ValidationError) as refusal:
        place.full_clean()
    assert refusal.value.message_dict == {
        "table": ["Table 4 is at Hotel, not at the venue of “Official reception”."]
    }


def test_an_item_with_a_table_plan_keeps_its_venue(reception, hall):
    (table,) = tables(hall, 4)
    factories.TableAssignmentFactory(
        program_item=reception, table=table, attendee=take_part(reception, "One")
    )
    reception.venue = factories.VenueFactory(name_en="Square")
    with pytest.raises(ValidationError) as refusal:
        reception.full_clean()
    assert refusal.value.message_dict == {
        "venue": [
            "“Official reception” has a table plan at its venue: clear the plan before moving the item "
            "to another venue."
        ]
    }


def test_the_table_plan_inline_refuses_more_guests_than_a_table_seats(admin_client, reception, hall):
    (table,) = tables(hall, 1)
    guests = [take_part(reception, name) for name in ("One", "Two")]
    response = admin_client.get(reverse("admin:ceremony_programitem_change", args=[reception.pk]))
    assert response.status_code == 200
    form = response.context["adminform"].form
    data = {
        key: value
        for key, value in form.initial.items()
        if key in ("event", "title_en", "kind", "venue", "loaded_version")
    }
    data |= {
        "starts_at_0": "2025-06-02",
        "starts_at_1": "10:00",
        "ends_at_0": "2025-06-02",
        "ends_at_1": "11:00",
        "event": reception.event_id,
        "venue": hall.pk,
    }
    for formset in response.context["inline_admin_formsets"]:
        prefix = formset.formset.prefix
        data |= {f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"}
        if formset.formset.model is TableAssignment:
            data[f"{prefix}-TOTAL_FORMS"] = "2"
            for index, guest in enumerate(guests):
                data |= {f"{prefix}-{index}-table": table.pk, f"{prefix}-{index}-attendee": guest.pk}
                data[f"{prefix}-{index}-is_manual"] = "on"
        elif formset.formset.model.__name__ == "Participation":
            # The participants as they are.
            rows = list(reception.participations.all())
            data[f"{prefix}-TOTAL_FORMS"] = data[f"{prefix}-INITIAL_FORMS"] = str(len(rows))
            for index, row in enumerate(rows):
                data |= {
                    f"{prefix}-{index}-id": row.pk,
                    f"{prefix}-{index}-program_item": reception.pk,
                    f"{prefix}-{index}-attendee": row.attendee_id,
                    f"{prefix}-{index}-role": row.role,
                    f"{prefix}-{index}-order": row.order,
                    f"{prefix}-{index}-loaded_version": row.version,
                }
    response = admin_client.post(reverse("admin:ceremony_programitem_change", args=[reception.pk]), data)
    assert response.status_code == 200
    formset = next(
        f.formset for f in response.context["inline_admin_formsets"] if f.formset.model is TableAssignment
    )
    assert [form.errors.get("table") for form in formset.forms] == [
        None,
        ["Table 1 seats 1; 2 would sit at it."],
    ]
    assert reception.table_assignments.count() == 0


def test_the_action_places_guests_and_links_a_venue_without_tables(admin_client, reception, hall):
    tables(hall, 4)
    take_part(reception, "Host", ParticipantRole.HOST)
    take_part(reception, "First", rank=1)
    bare = factories.VenueFactory(name_en="Square")
    concert = factories.ProgramItemFactory(event=reception.event, venue=bare, title_en="Concert")
    response = admin_client.post(
        reverse("admin:ceremony_programitem_changelist"),
        {"action": "assign_tables", "_selected_action": [reception.pk, concert.pk]},
        follow=True,
    )
    messages = [str(message) for message in response.context["messages"]]
    url = reverse("admin:ceremony_venue_change", args=[bare.pk])
    assert sorted(messages) == sorted(
        [
            "“Official reception”: 2 guests placed at tables.",
            f'The venue of “Concert” has no banquet tables. <a href="{url}#banquet_tables-group">'
            "Add the tables on the venue’s page.</a>",
        ]
    )
    assert places_of(reception) == {"Host": (1, 1), "First": (1, 2)}
    venue_page = admin_client.get(url).content.decode()
    assert 'id="banquet_tables-group"' in venue_page


# ---------------------------------------------------------------------------------------------------
# On paper


@pytest.fixture
def seated(reception, hall):
    """A reception at two tables: a Kazakh host, a guest reading English, one reading Russian."""
    tables(hall, 4, 4)
    reception.event.default_language = "en"
    reception.event.save()
    host = factories.PersonFactory(
        family_name="Жұмабаев",
        given_name="Әділ",
        patronymic="Серікұлы",
        family_name_latin="Zhumabayev",
        given_name_latin="Adil",
        preferred_language="kk",
        honorific_kk="Құрметті",
        honorific_en="Mr",
    )
    take_part(reception, "", ParticipantRole.HOST, person=host)
    english = factories.PersonFactory(
        family_name="Оливейра",
        given_name="Марко",
        family_name_latin="Oliveira",
        given_name_latin="Marco",
        country="PT",
        preferred_language="en",
        honorific_en="His Excellency",
        honorific_ru="Его Превосходительство",
    )
    take_part(reception, "", rank=1, person=english)
    russian = factories.PersonFactory(
        family_name="Скляр",
        given_name="Роман",
        patronymic="Васильевич",
        family_name_latin="Sklyar",
        given_name_latin="Roman",
        preferred_language="ru",
        honorific_ru="Господин",
    )
    take_part(reception, "", rank=2, person=russian)
    for number in range(5):
        take_part(reception, f"Guest{number}", person=factories.PersonFactory(family_name=f"Guest{number}"))
    tables_assign(program_item=reception)
    return reception


def test_the_table_plan_lists_every_guest_by_table_the_hosts_first(client, seated):
    client.force_login(printer())
    response = client.get(reverse("print:table-plan", args=[seated.pk, "pdf"]), {"lang": "ru"})
    assert response["Content-Disposition"] == f'inline; filename="table-plan-{seated.pk}-ru.pdf"'
    text = " ".join(pages_of(response))
    # Names in full, in the document's script: Russian prints the names in their own.
    for name in ("Жұмабаев Әділ Серікұлы", "Марко Оливейра", "Скляр Роман Васильевич"):
        assert name in text
    for number in range(5):
        assert f"Guest{number}" in text
    assert text.index("Жұмабаев") < text.index("Guest4")

    english = " ".join(
        pages_of(client.get(reverse("print:table-plan", args=[seated.pk, "pdf"]), {"lang": "en"}))
    )
    assert "Adil Zhumabayev" in english
    assert "Marco Oliveira" in english
    assert "Roman Sklyar" in english


@pytest.mark.parametrize(
    ("seats", "shape"),
    [((30,), TableShape.LONG), ((10, 10, 45, 10), TableShape.LONG)],
    ids=["a head table of 30", "a table longer than a page"],
)
def test_the_table_plan_has_no_empty_page(client, reception, hall, seats, shape):
    """A head table that does not fit under the heading, a table longer than a page among others:
    each page holds guests, none is left with a heading only."""
    tables(hall, *seats, shape=shape)
    names = [f"Guest{number:03}" for number in range(sum(seats))]
    for rank, name in enumerate(names, start=1):
        take_part(reception, name, rank=rank)
    tables_assign(program_item=reception)
    client.force_login(printer())
    pages = pages_of(client.get(reverse("print:table-plan", args=[reception.pk, "pdf"]), {"lang": "en"}))
    assert len(pages) > 1
    for text in pages:
        assert "Guest" in text, text
    assert sum(text.count("Guest") for text in pages) == len(names)


def test_the_host_table_comes_first_even_when_it_is_not_table_1(client, reception, hall):
    _first, second = tables(hall, 4, 4)
    host = take_part(reception, "Host", ParticipantRole.HOST)
    TableAssignment.objects.create(program_item=reception, table=second, attendee=host, seat=1)
    factories.TableAssignmentFactory(
        program_item=reception, table=_first, attendee=take_part(reception, "Guest")
    )
    client.force_login(printer())
    page = client.get(
        reverse("print:table-plan", args=[reception.pk, "html"]), {"lang": "en"}
    ).content.decode()
    assert page.index("Table 2") < page.index("Table 1")


def test_place_cards_carry_each_guests_name_and_form_of_address_in_their_language(client, seated):
    client.force_login(printer())
    response = client.get(reverse("print:place-cards", args=[seated.pk, "pdf"]))
    assert response["Content-Disposition"] == f'inline; filename="place-cards-{seated.pk}-en-ru-kk.pdf"'
    pages = pages_of(response)
    assert len(pages) == 4  # 8 cards, two to a sheet
    text = " ".join(pages)
    # Each in the guest's own script and language, on both faces of the folded card.
    assert text.count("Құрметті") == 2
    assert text.count("Жұмабаев Әділ Серікұлы") == 2
    assert text.count("His Excellency") == 2
    assert text.count("Marco Oliveira") == 2
    assert "Оливейра" not in text
    assert text.count("Господин") == 2
    assert text.count("Скляр Роман Васильевич") == 2
    for number in range(5):
        assert text.count(f"Guest{number}") == 2
    reader = PdfReader(io.BytesIO(response.content))
    box = reader.pages[0].mediabox
    assert (round(float(box.width) / 72 * 25.4), round(float(box.height) / 72 * 25.4)) == (297, 210)


def boxes(box):
    yield box
    for child in getattr(box, "children", None) or []:
        yield from boxes(child)


LONG_NAMES = [
    # (family name, given name, language of the card)
    ("Жаксыбековлжанаргалиулы", "Нұрсұлтан", "kk"),
    ("Wolfeschlegelsteinhausenbergerdorff-Montmorency", "Hubert", "en"),
]


def test_a_long_name_is_printed_whole_within_its_place_card(client, reception, hall):
    """Read back from the PDF (the name whole, on both faces) and from WeasyPrint's layout of the
    cards (every line of a face ends inside the face)."""
    tables(hall, 4)
    for family_name, given_name, language in LONG_NAMES:
        person = factories.PersonFactory(
            family_name=family_name,
            given_name=given_name,
            family_name_latin=family_name if language == "en" else "",
            given_name_latin=given_name if language == "en" else "",
            preferred_language=language,
        )
        take_part(reception, "", person=person)
    tables_assign(program_item=reception)
    client.force_login(printer())
    text = " ".join(pages_of(client.get(reverse("print:place-cards", args=[reception.pk, "pdf"]))))
    for family_name, _given_name, _language in LONG_NAMES:
        assert text.count(family_name) == 2, family_name
    html = client.get(reverse("print:place-cards", args=[reception.pk, "html"])).content.decode()
    overflowing, lines = [], []
    for page in weasyprint.HTML(string=html).render().pages:
        faces = {}  # the outermost box of each face of a card
        for box in boxes(page._page_box):
            element = getattr(box, "element", None)
            if element is not None and "face" in element.get("class", "").split():
                faces.setdefault(element, box)
        for face in faces.values():
            left, right = face.content_box_x(), face.content_box_x() + face.width
            for line in boxes(face):
                if type(line).__name__ == "TextBox":
                    lines.append(line.text.replace(WORD_JOINER, ""))
                    if line.position_x < left - 0.5 or line.position_x + line.width > right + 0.5:
                        overflowing.append(line.text)
    assert overflowing == []
    # Each family name on one line, on both faces.
    assert sum(family_name in line for line in lines for family_name, *_ in LONG_NAMES) == 2 * 2


def test_place_cards_in_one_language_when_asked(client, seated):
    client.force_login(printer())
    response = client.get(reverse("print:place-cards", args=[seated.pk, "pdf"]), {"lang": "ru"})
    assert response["Content-Disposition"] == f'inline; filename="place-cards-{seated.pk}-ru.pdf"'
    text = " ".join(pages_of(response))
    assert text.count("Марко Оливейра") == 2
    assert text.count("Его Превосходительство") == 2


def test_table_cards_print_each_tables_number_large(client, seated, hall):
    hall.banquet_tables.filter(number=1).update(name_en="Head table", name_kk="Төр үстел")
    client.force_login(printer())
    response = client.get(reverse("print:table-cards", args=[seated.pk, "pdf"]), {"lang": "kk"})
    assert response["Content-Disposition"] == f'inline; filename="table-cards-{seated.pk}-kk.pdf"'
    pages = pages_of(response)
    assert len(pages) == 2
    assert pages[0].count("Төр үстел") == 2
    assert pages[0].count("1") >= 2
    assert pages[1].count("2") >= 2


@pytest.mark.parametrize("name", ["table-plan", "place-cards", "table-cards"])
def test_banquet_printouts_run_the_same_queries_at_two_sizes(client, reception, hall, name):
    tables(hall, 10, 10, 10)
    client.force_login(printer())
    url = reverse(f"print:{name}", args=[reception.pk, "html"])
    take_part(reception, "Host", ParticipantRole.HOST)
    tables_assign(program_item=reception)
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    delegation = factories.DelegationFactory(event=reception.event)
    for number in range(20):
        take_part(reception, f"Guest{number}", delegation=delegation if number % 2 else None)
    tables_assign(program_item=reception)
    with CaptureQueriesContext(connection) as large:
        assert client.get(url).status_code == 200
    assert len(large) == len(small)


def test_assigning_tables_runs_the_same_queries_at_two_sizes(reception, hall):
    """Each run deletes the places of the one before and writes its own: as many queries for 1 as 21."""
    tables(hall, 10, 10, 10)
    take_part(reception, "Host", ParticipantRole.HOST)
    tables_assign(program_item=reception)
    with CaptureQueriesContext(connection) as small:
        tables_assign(program_item=reception)
    delegation = factories.DelegationFactory(event=reception.event)
    for number in range(20):
        take_part(reception, f"Guest{number}", delegation=delegation if number % 2 else None)
    tables_assign(program_item=reception)
    with CaptureQueriesContext(connection) as large:
        tables_assign(program_item=reception)
    assert reception.table_assignments.count() == 21
    assert len(large) == len(small)


@pytest.mark.parametrize("name", ["table-plan", "place-cards", "table-cards"])
def test_staff_without_the_print_permission_get_403(client, seated, name):
    client.force_login(factories.UserFactory())
    assert client.get(reverse(f"print:{name}", args=[seated.pk, "pdf"])).status_code == 403


def test_the_item_page_offers_the_banquet_printouts_to_those_who_may_print(admin_client, client, seated):
    page = admin_client.get(reverse("admin:ceremony_programitem_change", args=[seated.pk])).content.decode()
    assert 'id="print-banquet-documents"' in page
    assert reverse("print:place-cards", args=[seated.pk, "pdf"]) + "?lang=kk" in page
    viewer = factories.UserFactory()
    viewer.user_permissions.add(Permission.objects.get(codename="view_programitem"))
    client.force_login(viewer)
    page = client.get(reverse("admin:ceremony_programitem_change", args=[seated.pk])).content.decode()
    assert 'id="print-banquet-documents"' not in page
