"""Every printed document read in Kazakh and in Russian shows no English interface phrase, and read in
English no Cyrillic beyond the people's own names: a new string left untranslated breaks the build.

The event below has every text that prints written in all three languages, so what a sweep finds is
the interface's, not a record's. A record's text missing in a language is data: it prints in another
language and the document's page lists it as missing (tests/test_translations.py), and the sweep leaves
it alone.
"""

import datetime
import io
import re

import icalendar
import pytest
from django.urls import reverse
from pypdf import PdfReader

from awards.enums import PresentationStatus
from ceremony.enums import (
    AttendeeCategory,
    ClearanceStatus,
    Gender,
    IdentityDocumentType,
    ParticipantRole,
    ProgramItemKind,
    RsvpStatus,
    VideoAddressStatus,
)
from ceremony.models import Attendee
from ceremony.printing import invitation_cards_document, render_pdf
from ceremony.services.invitations import invitation_cards_issue
from tests import factories
from tests.interface_words import VisibleText, english_in
from tests.test_printing import at, pages_of, printer

pytestmark = pytest.mark.django_db

CYRILLIC = re.compile(r"[\u0400-\u04ff]+(?:-[\u0400-\u04ff]+)*")
# A run of Latin words on one line of a PDF: in a Russian or Kazakh document, each is either a
# record's Latin text (a name) or the interface's English.
LATIN_RUN = re.compile(r"[A-Za-z][\w'’-]*(?:[ ,&/-]+[A-Za-z][\w'’-]*)*", re.ASCII)


def three(field, en, ru, kk):
    return {f"{field}_en": en, f"{field}_ru": ru, f"{field}_kk": kk}


def at_hour(hour, minute=0, minutes=45):
    return {"starts_at": at(hour, minute), "ends_at": at(hour, minute) + datetime.timedelta(minutes=minutes)}


def person(family, given, patronymic, latin_family, latin_given, gender, **more):
    return factories.PersonFactory(
        family_name=family,
        given_name=given,
        patronymic=patronymic,
        family_name_latin=latin_family,
        given_name_latin=latin_given,
        gender=gender,
        country="KZ",
        phone="+7 701 000 00 00",
        **more,
    )


@pytest.fixture
def event():
    return a_full_event()


def a_full_event():
    """A small event with every kind of program item, every role, a woman and a man, a facility visit,
    an award ceremony, seating, video addresses and a delegation, every printed text in three languages."""
    event = factories.EventFactory(
        slug="baikonur-70",
        default_language="ru",
        fallback_languages="en,ru,kk",
        **three("name", "Baikonur 70", "Байконур 70", "Байқоңыр 70"),
        **three("city", "Baikonur", "Байконур", "Байқоңыр"),
        **three("description", "Seventy years of the city", "Семьдесят лет городу", "Қалаға жетпіс жыл"),
        **three("rsvp_contact", "Protocol office", "Протокольная служба", "Хаттама қызметі"),
        reply_deadline=at(9) - datetime.timedelta(days=10),
    )
    hall = factories.VenueFactory(
        seat_rows=3,
        seats_per_row=4,
        **three("name", "Palace of Culture", "Дворец культуры", "Мәдениет сарайы"),
    )
    launch_pad = factories.VenueFactory(
        restricted=True, **three("name", "Gagarin's Start", "Гагаринский старт", "Гагарин старты")
    )
    ministry = factories.OrganizationFactory(
        **three(
            "name",
            "Ministry of Digital Development",
            "Министерство цифрового развития",
            "Цифрлық даму министрлігі",
        )
    )
    delegation = factories.DelegationFactory(
        event=event,
        organization=ministry,
        **three("name", "Government delegation", "Правительственная делегация", "Үкімет делегациясы"),
        **three("short_name", "Government", "Правительство", "Үкімет"),
    )
    position = three("position", "Deputy minister", "Вице-министр", "Вице-министр")
    honorific = three("honorific", "Her Excellency", "Её Превосходительство", "Ханым")
    host = person("Ахметова", "Айгерим", "Серікқызы", "Akhmetova", "Aigerim", Gender.FEMALE, **honorific)
    speaker = person(
        "Есенов", "Мурат", "Болатұлы", "Yessenov", "Murat", Gender.MALE, organization=ministry, **position
    )
    presenter = person("Жұмабаев", "Әділ", "", "Zhumabayev", "Adil", Gender.MALE)
    guest = person("Серікова", "Дана", "", "Serikova", "Dana", Gender.FEMALE, organization=ministry)
    escort = person("Омаров", "Ерлан", "", "Omarov", "Yerlan", Gender.MALE)
    interpreter = factories.PersonFactory(family_name="Oliveira", given_name="Marco", country="FR")

    def attend(person, rank, category, rsvp, **more):
        return factories.AttendeeFactory(
            event=event,
            person=person,
            precedence_rank=rank,
            category=category,
            rsvp_status=rsvp,
            delegation=delegation,
            **more,
        )

    officer = attend(escort, 6, AttendeeCategory.STAFF, RsvpStatus.CONFIRMED)
    people = {
        "host": attend(host, 1, AttendeeCategory.GOVERNMENT_OFFICIAL, RsvpStatus.CONFIRMED),
        "speaker": attend(
            speaker,
            2,
            AttendeeCategory.DIGNITARY,
            RsvpStatus.ATTENDED,
            escort_officer=officer,
            arrival=at(8),
            departure=at(20),
        ),
        "presenter": attend(presenter, 3, AttendeeCategory.COSMONAUT, RsvpStatus.INVITED),
        "guest": attend(guest, 4, AttendeeCategory.VETERAN, RsvpStatus.DECLINED),
        "interpreter": attend(interpreter, 5, AttendeeCategory.PRESS, RsvpStatus.CONFIRMED),
        "escort": officer,
    }

    items = {}
    for hour, kind in enumerate(ProgramItemKind, start=8):
        label = str(kind.label)
        items[kind] = factories.ProgramItemFactory(
            event=event,
            kind=kind,
            venue=hall,
            is_public=kind != ProgramItemKind.TRANSFER,
            responsible=officer,
            **at_hour(hour),
            **three("title", f"{label} of the jubilee", f"Юбилейное: {hour}", f"Мерейтойлық: {hour}"),
            **three("description", "For the jubilee guests", "Для гостей юбилея", "Мерейтой қонақтарына"),
            **three("staff_notes", "Doors at the hour", "Двери за час", "Есік бір сағат бұрын"),
        )
    opening = items[ProgramItemKind.OPENING_CEREMONY]
    for role, who in (
        (ParticipantRole.HOST, "host"),
        (ParticipantRole.SPEAKER, "speaker"),
        (ParticipantRole.PRESENTER, "presenter"),
        (ParticipantRole.GUEST, "guest"),
        (ParticipantRole.ESCORT, "escort"),
        (ParticipantRole.INTERPRETER, "interpreter"),
    ):
        factories.ParticipationFactory(program_item=opening, attendee=people[who], role=role)
    factories.ParticipationFactory(
        program_item=items[ProgramItemKind.SPEECH], attendee=people["host"], role=ParticipantRole.SPEAKER
    )
    for row, who in enumerate(("host", "speaker", "guest"), start=1):
        factories.SeatAssignmentFactory(program_item=opening, attendee=people[who], row=row, seat=row + 1)
    reception = items[ProgramItemKind.RECEPTION]
    head_table = factories.BanquetTableFactory(
        venue=hall, number=1, seats=4, **three("name", "Head table", "Главный стол", "Төр үстел")
    )
    factories.BanquetTableFactory(venue=hall, number=2, seats=6)
    for seat, who in enumerate(("host", "speaker", "interpreter"), start=1):
        factories.TableAssignmentFactory(
            program_item=reception, table=head_table, attendee=people[who], seat=seat
        )

    video_item = items[ProgramItemKind.VIDEO_ADDRESS]
    factories.VideoAddressFactory(
        program_item=video_item,
        play_order=1,
        status=VideoAddressStatus.APPROVED,
        subtitle_languages="ru,en",
        duration=datetime.timedelta(minutes=3),
        **three("speaker_name", "Kassym-Jomart Tokayev", "Касым-Жомарт Токаев", "Қасым-Жомарт Тоқаев"),
        **three("speaker_title", "President", "Президент", "Президент"),
    )
    factories.VideoAddressFactory(
        program_item=video_item,
        play_order=2,
        status=VideoAddressStatus.RECEIVED,
        **three("speaker_name", "Yuri Gagarin", "Юрий Гагарин", "Юрий Гагарин"),
    )

    visit = factories.FacilityVisitFactory(
        program_item=items[ProgramItemKind.FACILITY_VISIT],
        facility=launch_pad,
        capacity=10,
        escort=officer,
        **three("transport", "Bus 3", "Автобус № 3", "№ 3 автобус"),
        **three("assembly_point", "Hotel lobby", "Холл гостиницы", "Қонақүй фойесі"),
    )
    for who, clearance, document in (
        ("speaker", ClearanceStatus.APPROVED, IdentityDocumentType.DIPLOMATIC_PASSPORT),
        ("guest", ClearanceStatus.DENIED, IdentityDocumentType.NATIONAL_ID),
        ("interpreter", ClearanceStatus.PENDING, IdentityDocumentType.PASSPORT),
    ):
        factories.VisitParticipantFactory(
            visit=visit,
            attendee=people[who],
            clearance_status=clearance,
            document_type=document,
            document_number="N0123456",
            **three("clearance_notes", "Escorted", "В сопровождении", "Алып жүрушімен"),
        )

    medal = factories.AwardFactory(
        **three("name", "Jubilee medal", "Юбилейная медаль", "Мерейтойлық медаль"),
        **three("issuing_authority", "The President", "Президент", "Президент"),
    )
    awards = items[ProgramItemKind.AWARD_CEREMONY]
    for order, (who, status) in enumerate(
        (("speaker", PresentationStatus.APPROVED), ("guest", PresentationStatus.DECLINED)), start=1
    ):
        factories.AwardPresentationFactory(
            ceremony=awards,
            award=medal,
            recipient=people[who],
            presenter=people["presenter"],
            order=order,
            status=status,
            **three(
                "citation",
                "For service to the city",
                "За заслуги перед городом",
                "Қала алдындағы еңбегі үшін",
            ),
            **three("decree_number", f"Order No. 70-{order}", f"Указ № 70-{order}", f"№ 70-{order} Жарлық"),
        )
    event.people, event.items, event.visit = people, items, visit
    return event


@pytest.fixture
def staff_client(client):
    client.force_login(printer("view_identity_documents"))
    return client


def documents(event):
    """Every printed document of the event, by name: (URL name, its arguments), each in PDF."""
    items, people = event.items, event.people
    found = {
        "program": ("print:program", [event.slug]),
        "run-of-show": ("print:run-of-show", [event.slug]),
        "badges": ("print:badges", [event.slug]),
        "precedence": ("print:precedence", [event.slug]),
        "catering": ("print:catering", [event.slug]),
        "accessibility": ("print:accessibility", [event.slug]),
        "manifest": ("print:manifest", [event.visit.pk]),
        "award script": ("print:award-script", [items[ProgramItemKind.AWARD_CEREMONY].pk]),
        "seating": ("print:seating", [items[ProgramItemKind.OPENING_CEREMONY].pk]),
        "table plan": ("print:table-plan", [items[ProgramItemKind.RECEPTION].pk]),
        "place cards": ("print:place-cards", [items[ProgramItemKind.RECEPTION].pk]),
        "table cards": ("print:table-cards", [items[ProgramItemKind.RECEPTION].pk]),
    }
    for who in ("host", "speaker", "presenter", "guest"):
        found[f"itinerary of the {who}"] = ("print:itinerary", [people[who].pk])
    return found


def pdf_pieces(response):
    """The runs of Latin words of a PDF, line by line (its margins too: footer, page numbers)."""
    return [
        run for page in pages_of(response) for line in page.splitlines() for run in LATIN_RUN.findall(line)
    ]


def html_pieces(response):
    parser = VisibleText()
    parser.feed(response.content.decode())
    return parser.pieces


def calendar_texts(response):
    """The texts of the calendar a phone shows: its name and each entry's title, place and notes."""
    calendar = icalendar.Calendar.from_ical(response.content)
    texts = [str(calendar["x-wr-calname"])]
    for entry in calendar.walk("VEVENT"):
        texts += [str(entry[name]) for name in ("summary", "location", "description") if name in entry]
    return texts


def every_document(client, event, language):
    """{document: its pieces of text}: each document's PDF read line by line and its HTML page piece
    by piece (the same template; the page also lists missing translations), the calendar, and the
    invitation cards (a PDF only, printed from the attendee list's action)."""
    read = {}
    for name, (url_name, args) in documents(event).items():
        pdf = client.get(reverse(url_name, args=[*args, "pdf"]), {"lang": language})
        page = client.get(reverse(url_name, args=[*args, "html"]), {"lang": language})
        assert page.status_code == 200, name
        read[name] = {
            "pdf": [line for text in pages_of(pdf) for line in text.splitlines()],
            "html": html_pieces(page),
        }
    calendar = client.get(reverse("print:program-calendar", args=[event.slug]), {"lang": language})
    read["calendar"] = {"pdf": [], "html": calendar_texts(calendar)}
    read["invitation cards"] = {"pdf": invitation_cards(event, language), "html": []}
    return read


def invitation_cards(event, language):
    """The lines of the invitation cards of the guests who have not declined, each guest reading
    `language` (a card prints in its guest's own), with the short addresses to type taken out: their
    codes are Latin letters on purpose (tests/test_invitation_cards.py reads them)."""
    guests = list(
        Attendee.objects.filter(event=event)
        .exclude(rsvp_status=RsvpStatus.DECLINED)
        .select_related("person", "event")
        .order_by("pk")
    )
    for guest in guests:
        guest.person.preferred_language = language
    cards = invitation_cards_issue(attendees=guests)
    pdf = render_pdf(invitation_cards_document(event=event, cards=cards))
    lines = [line for page in PdfReader(io.BytesIO(pdf)).pages for line in page.extract_text().splitlines()]
    shorts = [short for _guest, _url, short in cards]
    assert [line for line in lines if line in shorts] == shorts
    return [line for line in lines if line not in shorts]


def english_of(read):
    """{document: the English interface phrases it shows}, for those that show some."""
    found = {
        name: english_in(run for line in texts["pdf"] for run in LATIN_RUN.findall(line))
        | english_in(texts["html"])
        for name, texts in read.items()
    }
    return {name: sorted(words) for name, words in found.items() if words}


def english_of_every_document(client, event, language):
    return english_of(every_document(client, event, language))


def latin_names(event):
    """The words of the people's names a Russian or Kazakh paper prints in Latin letters: the Latin
    forms beside Cyrillic names, names written only in Latin letters."""
    return {
        word
        for attendee in event.people.values()
        for name in (attendee.person.latin_name, attendee.person.own_name)
        for word in name.split()
        if not CYRILLIC.search(word)
    }


def latin_beyond_names(read, event):
    """{document: the Latin words it shows that are no person's name nor an identity document's
    number}: a language code, a key, an English word."""
    allowed = latin_names(event) | {"N0123456"}
    found = {
        name: {
            word
            for text in texts["pdf"] + texts["html"]
            for word in re.findall(r"[A-Za-z][\w-]*", text, re.ASCII)
        }
        - allowed
        for name, texts in read.items()
    }
    return {name: sorted(words) for name, words in found.items() if words}


# English interface phrases still printed, by document; each is for someone to fix, then to drop here.
KNOWN_GAPS = {}


@pytest.mark.parametrize("language", ["ru", "kk"])
def test_every_document_has_no_english(staff_client, event, language):
    read = every_document(staff_client, event, language)
    found = {
        name: [w for w in words if w not in KNOWN_GAPS.get(name, ())]
        for name, words in english_of(read).items()
    }
    assert {name: words for name, words in found.items() if words} == {}
    # Nor any other Latin word: the event's texts are all written in the language.
    assert latin_beyond_names(read, event) == {}


def test_the_sweep_reads_the_labels_of_a_paper_and_its_margins(staff_client, event):
    # The English manifest shows what a Russian one would if nothing were translated: the sweep sees
    # its labels in the PDF's text, the footer and page numbers in the margins included.
    pdf = staff_client.get(reverse("print:manifest", args=[event.visit.pk, "pdf"]), {"lang": "en"})
    assert {"Visit manifest", "Group size limit", "printed", "Page"} <= english_in(pdf_pieces(pdf))


def test_the_sweep_reads_the_invitation_cards(staff_client, event):
    # The English cards show what Russian ones would if nothing were translated.
    read = every_document(staff_client, event, "en")
    assert {"Invitation", "Contact"} <= set(english_of(read)["invitation cards"])
    assert "Protocol office" in " ".join(read["invitation cards"]["pdf"])


@pytest.mark.parametrize("language", ["ru", "kk"])
def test_a_text_missing_in_the_language_is_data_not_an_untranslated_label(staff_client, event, language):
    # Written in English only, it prints in English (the event's fallback order starts with it) and
    # the document's page lists it as missing; the sweep is about the interface's own strings.
    item = event.items[ProgramItemKind.TRIBUTE]
    setattr(item, f"title_{language}", "")
    item.title_en = "Wreath laying at the monument to the cosmonauts"
    item.save()

    found = english_of_every_document(staff_client, event, language)
    page = staff_client.get(reverse("print:program", args=[event.slug, "html"]), {"lang": language})
    pdf = staff_client.get(reverse("print:program", args=[event.slug, "pdf"]), {"lang": language})

    assert found == {}
    assert "Wreath laying at the monument to the cosmonauts" in " ".join(pdf_pieces(pdf))
    missing = page.content.decode().split('id="missing-translations"')[1].split("</div>")[0]
    assert f'href="{reverse("admin:ceremony_programitem_change", args=[item.pk])}"' in missing


# English papers print a Cyrillic name's own form beside its Latin one on purpose.
BESIDE_THE_LATIN_NAME = {"badges", "manifest"} | {
    f"itinerary of the {who}" for who in ("host", "speaker", "presenter", "guest")
}


def test_english_documents_have_no_cyrillic_but_peoples_own_names(staff_client, event):
    own_names = {word for attendee in event.people.values() for word in attendee.person.own_name.split()}
    found = {}
    for name, texts in every_document(staff_client, event, "en").items():
        words = {word for text in texts["pdf"] + texts["html"] for word in CYRILLIC.findall(text)}
        if name in BESIDE_THE_LATIN_NAME:
            words -= own_names
        found[name] = sorted(words)
    assert {name: words for name, words in found.items() if words} == {}


def test_the_run_of_shows_warnings_name_people_as_the_document_prints_them(staff_client, event):
    def warnings_in(language):
        pdf = staff_client.get(reverse("print:run-of-show", args=[event.slug, "pdf"]), {"lang": language})
        return " ".join(" ".join(pages_of(pdf)).split())

    # Marco Oliveira's clearance for the visit is still pending; Adil Zhumabayev has not confirmed.
    assert "Marco Oliveira: clearance for" in warnings_in("en")
    assert "Adil Zhumabayev (presenter" in warnings_in("en")
    assert "Marco Oliveira: допуск на" in warnings_in("ru")
