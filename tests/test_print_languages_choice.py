"""Every document in each reader's language: chosen on its admin page, named in its file, and for a
person's own papers (itinerary, badge) in the language they read unless another is chosen."""

import html
import io
import re

import icalendar
import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from pypdf import PdfReader

from ceremony.enums import ParticipantRole, ProgramItemKind
from ceremony.jobs.documents import document_job_start
from ceremony.models import Job
from tests import factories
from tests.test_printing import pages_of, printer, text_of

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:ceremony_attendee_changelist"


@pytest.fixture
def event():
    return factories.EventFactory(
        slug="baikonur-70", name_en="Baikonur 70", name_kk="Байқоңыр 70", default_language="en"
    )


@pytest.fixture
def papers(event):
    """One of each: an attendee speaking at an item, a facility visit, an award ceremony, a seated hall."""
    item = factories.ProgramItemFactory(event=event, title_en="Opening ceremony", title_kk="Салтанатты ашылу")
    speaker = factories.AttendeeFactory(event=event)
    factories.ParticipationFactory(program_item=item, attendee=speaker, role=ParticipantRole.SPEAKER)
    visit = factories.FacilityVisitFactory(
        program_item=factories.ProgramItemFactory(event=event, kind=ProgramItemKind.FACILITY_VISIT)
    )
    ceremony = factories.ProgramItemFactory(event=event, kind=ProgramItemKind.AWARD_CEREMONY)
    hall = factories.ProgramItemFactory(
        event=event, venue=factories.VenueFactory(seat_rows=2, seats_per_row=3)
    )
    return {"speaker": speaker, "visit": visit, "ceremony": ceremony, "hall": hall}


def print_links(page):
    """The addresses of the print buttons on an admin page."""
    return [html.unescape(href) for href in re.findall(r'href="(/print/[^"]*)"', page.content.decode())]


def speaking(event, language, family_name):
    """An attendee reading `language` ("" for none given), speaking at an item of the event."""
    attendee = factories.AttendeeFactory(
        event=event, person=factories.PersonFactory(family_name=family_name, preferred_language=language)
    )
    factories.ParticipationFactory(
        program_item=factories.ProgramItemFactory(event=event),
        attendee=attendee,
        role=ParticipantRole.SPEAKER,
    )
    return attendee


def pdf_pages(content):
    return [" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(content)).pages]


# ---------------------------------------------------------------------------------------------------
# File names end with the language


@pytest.mark.parametrize("language", ["en", "ru", "kk"])
def test_every_documents_file_name_ends_with_its_language(admin_client, papers, language):
    speaker, visit = papers["speaker"], papers["visit"]
    ceremony, hall = papers["ceremony"], papers["hall"]
    expected = {
        reverse("print:program", args=["baikonur-70", "pdf"]): f"baikonur-70-program-{language}.pdf",
        reverse("print:run-of-show", args=["baikonur-70", "pdf"]): f"baikonur-70-run-of-show-{language}.pdf",
        reverse("print:precedence", args=["baikonur-70", "pdf"]): f"baikonur-70-precedence-{language}.pdf",
        reverse("print:badges", args=["baikonur-70", "pdf"]): f"baikonur-70-badges-{language}.pdf",
        reverse("print:catering", args=["baikonur-70", "pdf"]): f"baikonur-70-catering-{language}.pdf",
        reverse(
            "print:accessibility", args=["baikonur-70", "pdf"]
        ): f"baikonur-70-accessibility-{language}.pdf",
        reverse("print:itinerary", args=[speaker.pk, "pdf"]): f"itinerary-{speaker.pk}-{language}.pdf",
        reverse("print:manifest", args=[visit.pk, "pdf"]): f"manifest-{visit.pk}-{language}.pdf",
        reverse("print:award-script", args=[ceremony.pk, "pdf"]): f"awards-{ceremony.pk}-{language}.pdf",
        reverse("print:seating", args=[hall.pk, "pdf"]): f"seating-{hall.pk}-{language}.pdf",
    }
    found = {
        address: admin_client.get(address, {"lang": language})["Content-Disposition"] for address in expected
    }
    assert found == {address: f'inline; filename="{name}"' for address, name in expected.items()}
    calendar = admin_client.get(reverse("print:program-calendar", args=["baikonur-70"]), {"lang": language})
    assert calendar["Content-Disposition"] == f'attachment; filename="baikonur-70-program-{language}.ics"'


def test_a_documents_file_name_without_a_language_asked_is_the_events(admin_client, event):
    event.default_language = "ru"
    event.save()
    response = admin_client.get(reverse("print:program-calendar", args=["baikonur-70"]))
    assert response["Content-Disposition"] == 'attachment; filename="baikonur-70-program-ru.ics"'


def test_the_file_of_a_selection_in_several_languages_names_them_all(admin_client, event):
    chosen = [speaking(event, "kk", "Kazakhova"), speaking(event, "en", "English")]
    response = admin_client.post(
        reverse(CHANGELIST), {"action": "print_badges", "_selected_action": [a.pk for a in chosen]}
    )
    assert response["Content-Disposition"] == 'attachment; filename="baikonur-70-badges-en-kk.pdf"'


def test_a_jobs_result_is_named_with_its_language(event, settings, private_root):
    settings.PRINT_JOB_PART_SIZE = 2
    # In two parts, joined; the event's language (English) for two, Kazakh for one.
    attendees = [speaking(event, language, f"Family{n}") for n, language in enumerate(("", "kk", ""))]
    user = printer()
    ids = [a.pk for a in attendees]
    badges = document_job_start(user=user, document="badges", event=event, language="kk", attendee_ids=ids)
    own = document_job_start(user=user, document="itineraries", event=event, language=None, attendee_ids=ids)
    program = document_job_start(user=user, document="program", event=event, language="ru")
    names = [Job.objects.get(pk=job.pk).result_file.name.rsplit("/", 1)[-1] for job in (badges, own, program)]
    assert names == [
        "baikonur-70-badges-kk.pdf",
        "baikonur-70-itineraries-en-kk.pdf",  # each attendee's page in their own language
        "baikonur-70-program-ru.pdf",
    ]
    with Job.objects.get(pk=own.pk).result_file.open("rb") as opened:
        roles = [("Speaker" in page, "Сөз сөйлеуші" in page) for page in pdf_pages(opened.read())]
    assert roles == [(True, False), (False, True), (True, False)]


# ---------------------------------------------------------------------------------------------------
# Each admin page offers its documents in each language


def each_language(*addresses, query=""):
    """The buttons of one document: for each language, its PDF and then its page."""
    return [f"{address}?{query}lang={code}" for code in ("en", "ru", "kk") for address in addresses]


def test_the_event_page_offers_every_document_in_each_language(admin_client, event):
    links = print_links(admin_client.get(reverse("admin:ceremony_event_change", args=[event.pk])))

    def both(name):
        return [reverse(name, args=["baikonur-70", output]) for output in ("pdf", "html")]

    assert links == [
        *each_language(*both("print:program")),
        *each_language(reverse("print:program-calendar", args=["baikonur-70"])),
        *each_language(*both("print:run-of-show")),
        *each_language(*both("print:precedence")),
        *both("print:badges"),  # each attendee's badge in their own language
        *each_language(*both("print:badges")),
        *each_language(*both("print:catering")),
        *each_language(*both("print:accessibility")),
    ]


def test_the_order_of_precedence_page_prints_it_in_each_language(admin_client, event):
    links = print_links(admin_client.get(reverse("admin:ceremony_event_precedence", args=[event.pk])))
    assert links == each_language(
        *(reverse("print:precedence", args=["baikonur-70", output]) for output in ("pdf", "html"))
    )


def test_the_event_pages_buttons_name_each_language_in_itself(admin_client, event):
    page = admin_client.get(reverse("admin:ceremony_event_change", args=[event.pk])).content.decode()
    for code, name in (("en", "English"), ("ru", "Русский"), ("kk", "Қазақ")):
        assert f'<span lang="{code}" ' in page
        assert f">{name}</span>" in page


def test_the_event_pages_kazakh_buttons_print_in_kazakh(admin_client, papers):
    event = papers["speaker"].event
    links = print_links(admin_client.get(reverse("admin:ceremony_event_change", args=[event.pk])))
    kazakh = [link for link in links if link.endswith("lang=kk")]
    assert len(kazakh) == 13
    shown = {}
    for link in kazakh:
        response = admin_client.get(link)
        assert response.status_code == 200, link
        if link.endswith(".ics?lang=kk"):
            shown[link] = str(icalendar.Calendar.from_ical(response.content)["x-wr-calname"])
        elif ".pdf" in link:
            shown[link] = text_of(response)
    program, run_of_show, precedence, badges = (
        reverse(name, args=["baikonur-70", "pdf"]) + "?lang=kk"
        for name in ("print:program", "print:run-of-show", "print:precedence", "print:badges")
    )
    assert "Бағдарлама" in shown[program]
    assert "Салтанатты ашылу" in shown[program]
    assert "Сценарлық жоспар" in shown[run_of_show]
    assert "Хаттамалық басымдық тәртібі" in shown[precedence]
    assert "Байқоңыр 70" in shown[badges]
    catering, accessibility = (
        reverse(name, args=["baikonur-70", "pdf"]) + "?lang=kk"
        for name in ("print:catering", "print:accessibility")
    )
    assert "Тамақтану ерекшеліктерінің тізімі" in shown[catering]
    assert "Қолжетімді ортаға қажеттіліктер тізімі" in shown[accessibility]
    assert shown[reverse("print:program-calendar", args=["baikonur-70"]) + "?lang=kk"] == "Байқоңыр 70"


def test_the_attendee_page_offers_the_itinerary_and_the_badge_in_each_language(admin_client, event):
    attendee = speaking(event, "ru", "Petrova")
    page = admin_client.get(reverse("admin:ceremony_attendee_change", args=[attendee.pk]))
    itinerary = [reverse("print:itinerary", args=[attendee.pk, output]) for output in ("pdf", "html")]
    badge = [reverse("print:badges", args=["baikonur-70", output]) for output in ("pdf", "html")]
    assert print_links(page) == [
        *itinerary,
        *each_language(*itinerary),
        *(f"{address}?attendees={attendee.pk}" for address in badge),
        *each_language(*badge, query=f"attendees={attendee.pk}&"),
    ]
    assert "their own language (Русский)" in page.content.decode()
    kazakh_itinerary = admin_client.get(f"{itinerary[0]}?lang=kk")
    assert "Жеке бағдарлама" in text_of(kazakh_itinerary)
    assert "Сөз сөйлеуші" in text_of(kazakh_itinerary)
    own_badge = admin_client.get(f"{badge[0]}?attendees={attendee.pk}")
    assert own_badge["Content-Disposition"] == 'inline; filename="baikonur-70-badges-ru.pdf"'
    assert "Petrova" in text_of(own_badge)


def test_the_visit_page_offers_the_manifest_in_each_language(admin_client, papers):
    visit = papers["visit"]
    links = print_links(admin_client.get(reverse("admin:ceremony_facilityvisit_change", args=[visit.pk])))
    manifest = reverse("print:manifest", args=[visit.pk, "pdf"])
    assert f"{manifest}?lang=kk" in links
    assert len(links) == 6
    assert "Келушілердің атаулы тізімі" in text_of(admin_client.get(f"{manifest}?lang=kk"))


def test_the_program_item_page_offers_the_seating_chart_and_award_script_in_each_language(
    admin_client, papers
):
    ceremony, hall = papers["ceremony"], papers["hall"]
    for item, name, kazakh in (
        (hall, "print:seating", "Отырғызу жоспары"),
        (ceremony, "print:award-script", "Марапаттау салтанатының сценарийі"),
    ):
        links = print_links(admin_client.get(reverse("admin:ceremony_programitem_change", args=[item.pk])))
        address = reverse(name, args=[item.pk, "pdf"])
        assert links == each_language(*(reverse(name, args=[item.pk, output]) for output in ("pdf", "html")))
        assert kazakh in text_of(admin_client.get(f"{address}?lang=kk"))


# ---------------------------------------------------------------------------------------------------
# A person's own papers in their own language


def test_a_french_guest_reading_english_gets_an_english_itinerary_at_a_russian_event(admin_client, event):
    event.default_language = "ru"
    event.save()
    guest = speaking(event, "en", "Dupont")
    guest.person.country = "FR"
    guest.person.save()
    response = admin_client.get(reverse("print:itinerary", args=[guest.pk, "pdf"]))
    text = text_of(response)
    assert "Personal itinerary" in text
    assert "Speaker" in text
    assert "Выступающий" not in text
    assert response["Content-Disposition"] == f'inline; filename="itinerary-{guest.pk}-en.pdf"'


def test_a_guest_without_a_preferred_language_gets_the_events(admin_client, event):
    event.default_language = "ru"
    event.save()
    guest = speaking(event, "", "Ivanov")
    text = text_of(admin_client.get(reverse("print:itinerary", args=[guest.pk, "pdf"])))
    assert "Индивидуальная программа" in text
    assert "Выступающий" in text


def test_a_language_asked_wins_over_the_persons(admin_client, event):
    guest = speaking(event, "en", "Dupont")
    text = text_of(admin_client.get(reverse("print:itinerary", args=[guest.pk, "pdf"]), {"lang": "kk"}))
    assert "Сөз сөйлеуші" in text
    assert "Speaker" not in text


def test_the_selections_itineraries_come_each_in_the_persons_language(admin_client, event):
    chosen = [
        speaking(event, "kk", "Abaeva"),
        speaking(event, "ru", "Borisova"),
        speaking(event, "", "Clark"),
    ]
    pages = pages_of(
        admin_client.post(
            reverse(CHANGELIST), {"action": "print_itineraries", "_selected_action": [a.pk for a in chosen]}
        )
    )
    roles = [
        next(role for role in ("Сөз сөйлеуші", "Выступающий", "Speaker") if role in page) for page in pages
    ]
    assert roles == ["Сөз сөйлеуші", "Выступающий", "Speaker"]


def test_a_badge_is_in_its_persons_language(admin_client, event):
    chosen = [speaking(event, "kk", "Abaeva"), speaking(event, "en", "Brown")]
    response = admin_client.get(
        reverse("print:badges", args=["baikonur-70", "html"]),
        {"attendees": ",".join(str(a.pk) for a in chosen)},
    )
    badges = re.findall(r'<div class="event">([^<]*)</div>', response.content.decode())
    assert badges == ["Байқоңыр 70", "Baikonur 70"]


def test_the_program_keeps_the_events_language_whatever_its_guests_read(admin_client, event):
    event.default_language = "kk"
    event.save()
    speaking(event, "en", "Dupont")
    response = admin_client.get(reverse("print:program", args=["baikonur-70", "pdf"]))
    assert response["Content-Disposition"] == 'inline; filename="baikonur-70-program-kk.pdf"'


# ---------------------------------------------------------------------------------------------------
# The action on a selection, in the language chosen next to it


@pytest.mark.parametrize("action", ["print_itineraries", "print_badges"])
def test_the_selection_prints_in_the_language_chosen(admin_client, event, action):
    chosen = [speaking(event, "en", "Dupont"), speaking(event, "ru", "Petrov")]
    response = admin_client.post(
        reverse(CHANGELIST),
        {"action": action, "print_language": "kk", "_selected_action": [a.pk for a in chosen]},
    )
    text = text_of(response)
    document = "itineraries" if action == "print_itineraries" else "badges"
    assert response["Content-Disposition"] == f'attachment; filename="baikonur-70-{document}-kk.pdf"'
    assert ("Сөз сөйлеуші" if document == "itineraries" else "Байқоңыр 70") in text
    assert "Speaker" not in text


def test_the_attendee_list_offers_the_language_of_printouts(admin_client, event):
    page = admin_client.get(reverse(CHANGELIST)).content.decode()
    assert '<select name="print_language">' in page
    assert '<option value="" selected>each attendee&#x27;s language</option>' in page
    assert '<option value="kk">Қазақ</option>' in page


def test_no_language_of_printouts_for_those_who_may_not_print(client, event):
    user = factories.UserFactory()
    user.user_permissions.add(*Permission.objects.filter(codename__in=["view_attendee", "change_attendee"]))
    client.force_login(user)
    page = client.get(reverse(CHANGELIST)).content.decode()
    assert '<select name="action"' in page
    assert "print_language" not in page


def test_a_selection_too_large_for_a_request_prints_in_the_language_chosen_by_a_job(
    admin_client, event, settings, private_root
):
    settings.PRINT_DIRECT_ATTENDEES = 1
    chosen = [speaking(event, "en", "Dupont"), speaking(event, "en", "Martin")]
    response = admin_client.post(
        reverse(CHANGELIST),
        {"action": "print_itineraries", "print_language": "ru", "_selected_action": [a.pk for a in chosen]},
    )
    job = Job.objects.get(pk=int(response["Location"].rstrip("/").split("/")[-2]))
    assert job.result_file.name.rsplit("/", 1)[-1] == "baikonur-70-itineraries-ru.pdf"
    with job.result_file.open("rb") as opened:
        pages = pdf_pages(opened.read())
    assert ["Выступающий" in page for page in pages] == [True, True]


def test_an_unknown_language_next_to_the_action_prints_nothing(admin_client, event):
    attendee = speaking(event, "en", "Dupont")
    response = admin_client.post(
        reverse(CHANGELIST),
        {"action": "print_badges", "print_language": "fr", "_selected_action": [attendee.pk]},
    )
    assert response.status_code == 302


# ---------------------------------------------------------------------------------------------------
# ?lang= for every document


def test_an_unknown_language_answers_404_for_every_document(admin_client, papers):
    speaker, visit = papers["speaker"], papers["visit"]
    addresses = [
        reverse("print:program", args=["baikonur-70", "pdf"]),
        reverse("print:program-calendar", args=["baikonur-70"]),
        reverse("print:run-of-show", args=["baikonur-70", "pdf"]),
        reverse("print:precedence", args=["baikonur-70", "pdf"]),
        reverse("print:badges", args=["baikonur-70", "pdf"]),
        reverse("print:itinerary", args=[speaker.pk, "pdf"]),
        reverse("print:manifest", args=[visit.pk, "pdf"]),
        reverse("print:award-script", args=[papers["ceremony"].pk, "pdf"]),
        reverse("print:seating", args=[papers["hall"].pk, "pdf"]),
    ]
    assert {address: admin_client.get(address, {"lang": "fr"}).status_code for address in addresses} == {
        address: 404 for address in addresses
    }
