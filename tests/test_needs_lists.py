"""The needs lists: the caterers' (dietary needs at each reception) and the ushers' (accessibility needs
by venue and item), read back from their PDFs as staff would."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from awards.enums import PresentationStatus
from ceremony.enums import AttendeeCategory, ParticipantRole, ProgramItemKind, RsvpStatus
from tests import factories
from tests.interface_words import english_in
from tests.test_document_languages import LATIN_RUN, html_pieces
from tests.test_printing import at, pages_of, printer, text_of

pytestmark = pytest.mark.django_db


def three(field, en, ru, kk):
    return {f"{field}_en": en, f"{field}_ru": ru, f"{field}_kk": kk}


@pytest.fixture
def staff_client(client):
    client.force_login(printer())
    return client


def guest(event, family, given, latin_family, latin_given, **needs):
    return factories.AttendeeFactory(
        event=event,
        person=factories.PersonFactory(
            family_name=family,
            given_name=given,
            family_name_latin=latin_family,
            given_name_latin=latin_given,
        ),
        **needs,
    )


@pytest.fixture
def event():
    event = factories.EventFactory(
        slug="baikonur-70",
        default_language="en",
        **three("name", "Baikonur 70", "Байконур 70", "Байқоңыр 70"),
        **three("city", "Baikonur", "Байконур", "Байқоңыр"),
    )
    square = factories.VenueFactory(**three("name", "Central Square", "Центральная площадь", "Орталық алаң"))
    museum = factories.VenueFactory(**three("name", "Museum", "Музей", "Мұражай"))
    event.reception = factories.ProgramItemFactory(
        event=event,
        kind=ProgramItemKind.RECEPTION,
        venue=square,
        starts_at=at(19),
        ends_at=at(21),
        **three("title", "Jubilee reception", "Юбилейный приём", "Мерейтойлық қабылдау"),
    )
    event.opening = factories.ProgramItemFactory(
        event=event,
        kind=ProgramItemKind.OPENING_CEREMONY,
        venue=square,
        starts_at=at(10),
        ends_at=at(11),
        **three("title", "Opening ceremony", "Открытие", "Салтанатты ашылу"),
    )
    event.tour = factories.ProgramItemFactory(
        event=event,
        kind=ProgramItemKind.MEETING,
        venue=museum,
        starts_at=at(12),
        ends_at=at(13),
        **three("title", "Museum tour", "Экскурсия в музей", "Мұражайға экскурсия"),
    )
    event.vegetarian = guest(event, "Серикова", "Дана", "Serikova", "Dana", dietary_needs="вегетарианское")
    event.plain = guest(event, "Омаров", "Ерлан", "Omarov", "Yerlan")
    event.declined = guest(
        event,
        "Ахметов",
        "Болат",
        "Akhmetov",
        "Bolat",
        dietary_needs="халяль",
        rsvp_status=RsvpStatus.DECLINED,
    )
    event.wheelchair = guest(
        event,
        "Жұмабаев",
        "Әділ",
        "Zhumabayev",
        "Adil",
        accessibility_needs="кресло-коляска",
        dietary_needs="Халяль",
    )
    for attendee in (event.vegetarian, event.plain, event.declined, event.wheelchair):
        factories.ParticipationFactory(program_item=event.reception, attendee=attendee)
    factories.ParticipationFactory(
        program_item=event.opening, attendee=event.wheelchair, role=ParticipantRole.SPEAKER
    )
    event.awards = factories.AwardPresentationFactory(
        ceremony=factories.ProgramItemFactory(
            event=event,
            kind=ProgramItemKind.AWARD_CEREMONY,
            venue=museum,
            starts_at=at(15),
            ends_at=at(16),
            **three("title", "Awards", "Награждение", "Марапаттау"),
        ),
        award=factories.AwardFactory(**three("name", "Medal", "Медаль", "Медаль")),
        recipient=event.wheelchair,
        status=PresentationStatus.APPROVED,
    ).ceremony
    # The square's guests come in by its main entrance; the museum's only door is for cosmonauts.
    factories.EntranceFactory(event=event, name="Главный вход").venues.set([square])
    factories.EntranceFactory(
        event=event, name="Вход для космонавтов", categories=[AttendeeCategory.COSMONAUT]
    ).program_items.set([event.awards])
    return event


def catering(client, event, language="en", output="pdf"):
    return client.get(reverse("print:catering", args=[event.slug, output]), {"lang": language})


def accessibility(client, event, language="en", output="pdf"):
    return client.get(reverse("print:accessibility", args=[event.slug, output]), {"lang": language})


def test_the_catering_list_names_the_receptions_guests_with_dietary_needs(staff_client, event):
    response = catering(staff_client, event)
    text = text_of(response)

    assert response["Content-Disposition"] == 'inline; filename="baikonur-70-catering-en.pdf"'
    assert "Jubilee reception" in text
    assert "Dana Serikova вегетарианское" in text
    assert "Adil Zhumabayev Халяль" in text
    assert "Omarov" not in text  # no needs
    assert "Akhmetov" not in text  # declined
    assert "Opening ceremony" not in text  # not a meal
    # Three guests in all have not declined; two have needs, one of each.
    assert "3 guests in all, 2 with dietary needs: вегетарианское — 1; Халяль — 1" in text


def test_the_catering_list_names_the_guests_of_a_banquet_that_is_no_reception(staff_client, event):
    hall = factories.VenueFactory(**three("name", "Palace of Culture", "Дворец культуры", "Мәдениет сарайы"))
    factories.BanquetTableFactory(venue=hall)
    dinner = factories.ProgramItemFactory(
        event=event,
        kind=ProgramItemKind.MEETING,
        venue=hall,
        starts_at=at(21),
        ends_at=at(23),
        **three("title", "Gala dinner", "Торжественный ужин", "Салтанатты кешкі ас"),
    )
    factories.ParticipationFactory(program_item=dinner, attendee=event.vegetarian)
    # A table plan made at a venue that has since been changed for one without tables.
    lunch = factories.TableAssignmentFactory(
        program_item__event=event,
        program_item__kind=ProgramItemKind.MEETING,
        program_item__starts_at=at(13),
        program_item__ends_at=at(14),
        attendee=event.wheelchair,
        **three("program_item__title", "Working lunch", "Рабочий обед", "Жұмыс түскі асы"),
    ).program_item
    lunch.venue = factories.VenueFactory()
    lunch.save()
    factories.ParticipationFactory(program_item=lunch, attendee=event.wheelchair)

    text = text_of(catering(staff_client, event))

    assert text.index("Working lunch") < text.index("Jubilee reception") < text.index("Gala dinner")
    lunch_text = text[text.index("Working lunch") : text.index("Jubilee reception")]
    assert "1 guest in all, 1 with dietary needs: Халяль — 1" in lunch_text
    assert "Adil Zhumabayev Халяль" in lunch_text
    dinner_text = text[text.index("Gala dinner") :]
    assert "1 guest in all, 1 with dietary needs: вегетарианское — 1" in dinner_text
    assert "Dana Serikova вегетарианское" in dinner_text
    assert "Opening ceremony" not in text  # not a meal


def test_the_catering_list_counts_one_need_written_two_ways_once(staff_client, event):
    event.plain.dietary_needs = "вегетарианское "
    event.plain.save()

    assert "вегетарианское — 2; Халяль — 1" in text_of(catering(staff_client, event))


def test_the_accessibility_list_is_by_venue_and_entrance(staff_client, event):
    response = accessibility(staff_client, event)
    text = text_of(response)

    assert response["Content-Disposition"] == 'inline; filename="baikonur-70-accessibility-en.pdf"'
    square, museum = text.index("Central Square"), text.index("Museum 1 guest")
    assert square < text.index("Entrance: Главный вход") < text.index("Opening ceremony")
    assert text.index("Opening ceremony") < text.index("Jubilee reception") < museum
    # The museum's door admits cosmonauts only: its guest with needs has no entrance of their own.
    assert museum < text.index("No entrance set") < text.index("Awards")
    assert "Вход для космонавтов" not in text
    assert "10:00–11:00 2.06 Adil Zhumabayev кресло-коляска Speaker" in text
    assert "15:00–16:00 2.06 Adil Zhumabayev кресло-коляска Award recipient" in text
    assert "Museum tour" not in text  # nobody with needs there
    assert "Serikova" not in text


def test_a_guest_is_listed_at_each_entrance_that_admits_them(staff_client, event):
    cosmonaut = guest(
        event, "Алиев", "Тимур", "Aliyev", "Timur", accessibility_needs="слабовидящий", category="cosmonaut"
    )
    factories.ParticipationFactory(program_item=event.awards, attendee=cosmonaut)
    factories.EntranceFactory(event=event, name="Боковой вход").program_items.set([event.awards])

    museum = text_of(accessibility(staff_client, event)).split("Museum 2 guests")[1]

    side, cosmonauts = museum.split("Entrance: Боковой вход")[1].split("Entrance: Вход для космонавтов")
    assert "Timur Aliyev слабовидящий" in side
    assert "Adil Zhumabayev кресло-коляска" in side
    assert "Timur Aliyev слабовидящий" in cosmonauts
    assert "Zhumabayev" not in cosmonauts
    assert "No entrance set" not in museum


@pytest.mark.parametrize("language", ["ru", "kk"])
@pytest.mark.parametrize("document", [catering, accessibility])
def test_the_needs_lists_have_no_english(staff_client, event, language, document):
    pdf = [
        run
        for page in pages_of(document(staff_client, event, language))
        for line in page.splitlines()
        for run in LATIN_RUN.findall(line)
    ]
    page = html_pieces(document(staff_client, event, language, "html"))

    assert english_in(pdf) == set()
    assert english_in(page) == set()
    # Nor any other Latin word: the names are printed in their own letters in these languages.
    assert {word for text in pdf + page for word in re.findall(r"[A-Za-z][\w-]*", text, re.ASCII)} == set()


@pytest.mark.parametrize("document", [catering, accessibility])
def test_the_needs_lists_run_the_same_queries_at_two_sizes(staff_client, event, document):
    def more_guests(count):
        for number in range(count):
            attendee = guest(
                event,
                f"Гость{number}",
                "Анна",
                f"Guest{number}",
                "Anna",
                dietary_needs="веган",
                accessibility_needs="трость",
            )
            factories.ParticipationFactory(program_item=event.reception, attendee=attendee)
            factories.ParticipationFactory(program_item=event.tour, attendee=attendee)
            factories.EntranceFactory(event=event, name=f"Вход {number}").program_items.set([event.tour])

    more_guests(1)
    document(staff_client, event, output="html")  # warm the session and content-type caches
    with CaptureQueriesContext(connection) as small:
        document(staff_client, event, output="html")
    more_guests(5)
    with CaptureQueriesContext(connection) as large:
        assert document(staff_client, event, output="html").status_code == 200
    assert len(large) == len(small)


@pytest.mark.parametrize("url_name", ["print:catering", "print:accessibility"])
def test_the_needs_lists_need_the_print_permission(client, event, url_name):
    client.force_login(factories.UserFactory())

    assert client.get(reverse(url_name, args=[event.slug, "pdf"])).status_code == 403
    assert client.get(reverse(url_name, args=[event.slug, "html"])).status_code == 403


def test_the_events_page_offers_the_needs_lists_in_each_language(admin_client, event):
    page = admin_client.get(reverse("admin:ceremony_event_change", args=[event.pk])).content.decode()

    for url_name in ("print:catering", "print:accessibility"):
        for language in ("en", "ru", "kk"):
            assert f'href="{reverse(url_name, args=[event.slug, "pdf"])}?lang={language}"' in page
