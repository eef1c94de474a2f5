"""The ceremony's paperwork, checked as staff would: by reading the PDFs' text."""

import datetime
import io
import re

import icalendar
import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from awards.enums import PresentationStatus
from ceremony import printing
from ceremony.core.print_cache import print_cache_expire
from ceremony.enums import ClearanceStatus, ParticipantRole, ProgramItemKind, VideoAddressStatus
from tests import factories
from tests.factories import ALMATY
from tests.stored_as_is import store_as_is

pytestmark = pytest.mark.django_db


def at(hour, minute=0):
    return datetime.datetime(2025, 6, 2, hour, minute, tzinfo=ALMATY)


def pages_of(response):
    assert response["Content-Type"] == "application/pdf"
    return [page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages]


def text_of(response):
    return " ".join(" ".join(pages_of(response)).split())


def printer(*codenames):
    user = factories.UserFactory()
    user.user_permissions.add(*Permission.objects.filter(codename__in=["print_documents", *codenames]))
    return user


@pytest.fixture
def staff_client(client):
    client.force_login(printer())
    return client


@pytest.fixture
def event():
    return factories.EventFactory(
        slug="baikonur-70", name_en="Baikonur 70", name_kk="Байқоңыр 70", default_language="en"
    )


@pytest.fixture
def opening(event):
    item = factories.ProgramItemFactory(
        event=event,
        title_en="Opening ceremony",
        title_kk="Салтанатты ашылу",
        kind=ProgramItemKind.OPENING_CEREMONY,
        starts_at=at(10, 30),
        ends_at=at(11, 45),
        venue=factories.VenueFactory(name_en="Central Square"),
    )
    speaker = factories.AttendeeFactory(
        event=event,
        person=factories.PersonFactory(
            family_name="Жұмабаев", given_name="Әділ", family_name_latin="Zhumabayev", given_name_latin="Adil"
        ),
    )
    factories.ParticipationFactory(program_item=item, attendee=speaker, role=ParticipantRole.SPEAKER)
    factories.VideoAddressFactory(
        program_item=item,
        speaker_name_en="President Tokayev",
        status=VideoAddressStatus.APPROVED,
        play_order=1,
    )
    factories.VideoAddressFactory(
        program_item=item, speaker_name_en="President Putin", status=VideoAddressStatus.RECEIVED, play_order=2
    )
    return item


@pytest.fixture
def briefing(event):
    return factories.ProgramItemFactory(
        event=event, title_en="Security briefing", is_public=False, starts_at=at(7), ends_at=at(7, 45)
    )


def many_items(event, count):
    for n in range(count):
        factories.ProgramItemFactory(
            event=event,
            title_en=f"Session number {n} on the history of the cosmodrome",
            description_en="A long description of what happens. " * 8,
            starts_at=at(8) + datetime.timedelta(minutes=5 * n),
            ends_at=at(8) + datetime.timedelta(minutes=5 * n + 30),
        )


# ---------------------------------------------------------------------------------------------------
# The program


def test_program_lists_public_items_with_speakers_and_videos(staff_client, opening, briefing):
    text = text_of(staff_client.get(reverse("print:program", args=["baikonur-70", "pdf"])))
    assert "Opening ceremony" in text
    assert "10:30–11:45" in text
    assert "Central Square" in text
    assert "Speaker: Adil Zhumabayev" in text
    assert "Video address: President Tokayev" in text
    assert "Security briefing" not in text


def test_program_in_kazakh_keeps_every_kazakh_letter(staff_client, opening):
    text = text_of(staff_client.get(reverse("print:program", args=["baikonur-70", "pdf"]), {"lang": "kk"}))
    assert "Салтанатты ашылу" in text
    assert "Жұмабаев Әділ" in text
    assert "Байқоңыр 70" in text


def test_program_has_its_header_and_footer_on_every_page(staff_client, event):
    many_items(event, 60)
    pages = pages_of(staff_client.get(reverse("print:program", args=["baikonur-70", "pdf"])))
    assert len(pages) > 2
    for number, text in enumerate(pages, start=1):
        assert "Baikonur 70" in text
        assert f"Page {number} of {len(pages)}" in text
        assert "Program · printed" in text


def test_program_grows_by_pages_with_its_content(staff_client, event):
    many_items(event, 3)
    short = len(pages_of(staff_client.get(reverse("print:program", args=["baikonur-70", "pdf"]))))
    many_items(event, 60)
    long = len(pages_of(staff_client.get(reverse("print:program", args=["baikonur-70", "pdf"]))))
    assert short == 1
    assert long > short


def test_program_page_for_the_browser(staff_client, opening):
    page = staff_client.get(reverse("print:program", args=["baikonur-70", "html"]))
    assert page.status_code == 200
    assert "@page" in page.content.decode()
    assert "Opening ceremony" in page.content.decode()


def test_program_prints_the_time_in_the_event_zone(staff_client, opening):
    opening.event.time_zone = "Europe/Moscow"
    opening.event.save()
    text = text_of(staff_client.get(reverse("print:program", args=["baikonur-70", "pdf"])))
    assert "08:30–09:45" in text


def test_program_groups_items_by_the_event_day_not_the_utc_day(staff_client, event):
    factories.ProgramItemFactory(event=event, title_en="Dawn launch viewing", starts_at=at(2), ends_at=at(3))
    text = text_of(staff_client.get(reverse("print:program", args=["baikonur-70", "pdf"])))
    assert "Monday, 2 June 2025 TIME PROGRAM VENUE 02:00–03:00 Dawn launch viewing" in text


def test_pdf_embeds_one_font_family(staff_client, opening):
    reader = PdfReader(
        io.BytesIO(staff_client.get(reverse("print:program", args=["baikonur-70", "pdf"])).content)
    )
    fonts = {
        font["/BaseFont"].split("+")[-1]
        for page in reader.pages
        for font in page["/Resources"]["/Font"].values()
    }
    assert fonts == {"DejaVu-Sans", "DejaVu-Sans-Bold"}


def test_public_program_as_a_calendar(staff_client, opening, briefing):
    response = staff_client.get(reverse("print:program-calendar", args=["baikonur-70"]))
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    events = icalendar.Calendar.from_ical(response.content).walk("VEVENT")
    assert [str(entry["summary"]) for entry in events] == ["Opening ceremony"]
    assert events[0].decoded("dtstart") == at(10, 30)
    assert str(events[0]["location"]) == "Central Square"


def test_calendar_of_an_event_whose_name_holds_line_breaks_and_controls(staff_client, opening):
    # As stored before text was cleaned.
    store_as_is(opening.event, name_en="Baikonur 70\nsecond line\rX-INJECTED:yes\x07")
    store_as_is(
        opening,
        title_en="Opening\rEND:VEVENT\r\nBEGIN:VEVENT\nSUMMARY:Fake\x1b",
        description_en="One\r\nTwo\x08",
    )
    response = staff_client.get(reverse("print:program-calendar", args=["baikonur-70"]))
    assert response.status_code == 200
    lines = response.content.split(b"\r\n")
    assert not [line for line in lines if re.search(rb"[\x00-\x08\x0a-\x1f\x7f]", line)]
    assert not [line for line in lines if line.startswith((b"X-INJECTED", b"SUMMARY:Fake"))]
    calendar = icalendar.Calendar.from_ical(response.content)
    assert calendar["x-wr-calname"].to_ical() == b"Baikonur 70 second line X-INJECTED:yes"
    [entry] = calendar.walk("VEVENT")
    assert str(entry["summary"]) == "Opening END:VEVENT BEGIN:VEVENT SUMMARY:Fake"
    assert str(entry["description"]) == "One\nTwo"


# ---------------------------------------------------------------------------------------------------
# Run-of-show, itinerary, manifest, award script, badges


def test_run_of_show_has_internal_items_and_the_cues(staff_client, opening, briefing):
    ceremony = factories.ProgramItemFactory(
        event=opening.event, kind=ProgramItemKind.AWARD_CEREMONY, title_en="Awards"
    )
    factories.AwardPresentationFactory.create_batch(3, ceremony=ceremony)
    visit = factories.FacilityVisitFactory(
        program_item=factories.ProgramItemFactory(event=opening.event, kind=ProgramItemKind.FACILITY_VISIT),
        capacity=30,
        escort=factories.AttendeeFactory(
            event=opening.event, person=factories.PersonFactory(family_name="Escortov", given_name="Ivan")
        ),
    )
    factories.VisitParticipantFactory.create_batch(2, visit=visit)

    text = text_of(staff_client.get(reverse("print:run-of-show", args=["baikonur-70", "pdf"])))
    assert "Security briefing" in text
    assert "Opening ceremony" in text
    assert "President Tokayev" in text
    assert "NOT APPROVED: Received" in text
    assert "3 presentations" in text
    assert "group 2/30" in text
    assert "escort Ivan Escortov" in text


def test_itinerary_lists_the_attendees_items_roles_and_visits(staff_client, opening):
    speaker = opening.participations.get().attendee
    visit = factories.FacilityVisitFactory(
        program_item=factories.ProgramItemFactory(
            event=opening.event,
            kind=ProgramItemKind.FACILITY_VISIT,
            title_en="Baiterek visit",
            starts_at=at(14),
        ),
        assembly_point="Hotel lobby",
    )
    factories.VisitParticipantFactory(
        visit=visit, attendee=speaker, clearance_status=ClearanceStatus.APPROVED
    )

    text = text_of(staff_client.get(reverse("print:itinerary", args=[speaker.pk, "pdf"])))
    assert text.index("Opening ceremony") < text.index("Baiterek visit")
    assert "Speaker" in text
    assert "Visitor" in text
    assert "assembly point: Hotel lobby" in text


def test_itineraries_of_selected_attendees_come_one_person_per_page(admin_client, opening):
    attendees = factories.AttendeeFactory.create_batch(3, event=opening.event)
    response = admin_client.post(
        reverse("admin:ceremony_attendee_changelist"),
        {"action": "print_itineraries", "_selected_action": [attendee.pk for attendee in attendees]},
    )
    pages = pages_of(response)
    assert len(pages) == 3
    for attendee, text in zip(sorted(attendees, key=lambda a: a.pk), pages, strict=True):
        assert attendee.person.name_in("en") in text


def test_manifest_marks_denied_and_pending_visitors(client, event):
    visit = factories.FacilityVisitFactory(
        program_item=factories.ProgramItemFactory(event=event, kind=ProgramItemKind.FACILITY_VISIT)
    )
    for family_name, status in (("Approvedov", "approved"), ("Deniedov", "denied"), ("Pendingov", "pending")):
        factories.VisitParticipantFactory(
            visit=visit,
            attendee=factories.AttendeeFactory(
                event=event, person=factories.PersonFactory(family_name=family_name)
            ),
            clearance_status=status,
            document_type="passport",
            document_number=f"N{family_name[:3].upper()}123",
        )
    client.force_login(printer("view_identity_documents"))
    text = text_of(client.get(reverse("print:manifest", args=[visit.pk, "pdf"])))
    assert "Deniedov" in text
    assert "DENIED NO ENTRY" in text
    assert "PENDING" in text
    assert "NDEN123" in text
    assert "site security: name, signature".lower() in text.lower()


def test_manifest_needs_the_identity_document_permission(staff_client):
    visit = factories.FacilityVisitFactory()
    assert staff_client.get(reverse("print:manifest", args=[visit.pk, "pdf"])).status_code == 403


def test_award_script_calls_recipients_in_order(staff_client):
    ceremony = factories.ProgramItemFactory(kind=ProgramItemKind.AWARD_CEREMONY, title_en="Veterans' awards")
    for order, family_name in ((2, "Second"), (1, "First")):
        factories.AwardPresentationFactory(
            ceremony=ceremony,
            order=order,
            recipient=factories.AttendeeFactory(
                event=ceremony.event,
                person=factories.PersonFactory(family_name=family_name, given_name="Ivan", honorific_en="Mr"),
            ),
            award=factories.AwardFactory(name_en=f"Medal for {family_name}"),
            citation_en=f"For the service of {family_name}",
            decree_number=f"No. {order}",
            presenter=factories.AttendeeFactory(
                event=ceremony.event, person=factories.PersonFactory(family_name="Presentov")
            ),
            status=PresentationStatus.APPROVED,
        )
    text = text_of(staff_client.get(reverse("print:award-script", args=[ceremony.pk, "pdf"])))
    assert text.index("Mr Ivan First") < text.index("Mr Ivan Second")
    assert "Medal for First (No. 1)" in text
    assert "For the service of First" in text
    assert "Presentov" in text


def test_badges_fit_four_to_a_sheet_and_carry_an_opaque_code(staff_client, event):
    attendees = factories.AttendeeFactory.create_batch(5, event=event)
    ids = ",".join(str(attendee.pk) for attendee in attendees)
    pages = pages_of(
        staff_client.get(reverse("print:badges", args=["baikonur-70", "pdf"]), {"attendees": ids})
    )
    assert len(pages) == 2
    assert attendees[0].person.given_name in pages[0]
    code = attendees[0].badge_code
    assert re.fullmatch(r"\d+-1-[0-9A-F]{12}", code)
    assert code == type(attendees[0]).objects.get(pk=attendees[0].pk).badge_code
    assert attendees[0].person.family_name.upper() not in code


# ---------------------------------------------------------------------------------------------------
# Who may print, and what is not there


def test_anonymous_visitors_are_sent_to_the_login_page(client, event):
    response = client.get(reverse("print:program", args=["baikonur-70", "pdf"]))
    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))


def test_staff_without_the_print_permission_get_403(client, event):
    client.force_login(factories.UserFactory())
    assert client.get(reverse("print:program", args=["baikonur-70", "pdf"])).status_code == 403


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("print:program", ["no-such-event", "pdf"]),
        ("print:run-of-show", ["no-such-event", "pdf"]),
        ("print:itinerary", [999999, "pdf"]),
        ("print:award-script", [999999, "pdf"]),
    ],
)
def test_missing_records_answer_404(staff_client, name, args):
    assert staff_client.get(reverse(name, args=args)).status_code == 404


def test_unknown_language_answers_404(staff_client, event):
    assert (
        staff_client.get(reverse("print:program", args=["baikonur-70", "pdf"]), {"lang": "fr"}).status_code
        == 404
    )


# ---------------------------------------------------------------------------------------------------
# A fixed number of queries, whatever the size


def grow(event, size):
    """`size` items with what the program and the run-of-show print of them, all in English only."""
    for _n in range(size):
        item = factories.ProgramItemFactory(
            event=event,
            starts_at=at(9),
            ends_at=at(10),
            venue=factories.VenueFactory(),
            description="For the guests.",
            staff_notes="For the staff.",
        )
        factories.ParticipationFactory(
            program_item=item, role=ParticipantRole.SPEAKER, attendee__person__position="Engineer"
        )
        factories.VideoAddressFactory(program_item=item, speaker_title="Minister")
        factories.FacilityVisitFactory(program_item__event=event, transport="Bus", assembly_point="Gate 2")


def queries_of(client, url):
    """The queries of the page at `url`, which lists the texts missing in its language."""
    client.get(url)  # warm the session and permission caches
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    assert 'id="missing-translations"' in response.content.decode()
    return len(queries)


# One of them counts the items: over settings.PRINT_DIRECT_ITEMS, a job prints the document. The
# texts missing in Kazakh (all of them here) are read from what the page prints: no query. The
# run-of-show also looks for marks of the show as it ran (none here; two queries with them).
@pytest.mark.parametrize(("name", "pinned"), [("print:program", 8), ("print:run-of-show", 15)])
def test_program_documents_run_the_same_queries_at_two_sizes(staff_client, event, name, pinned):
    url = reverse(name, args=["baikonur-70", "html"]) + "?lang=kk"
    counts = []
    for size in (1, 20):
        grow(event, size)
        counts.append(queries_of(staff_client, url))
    assert counts == [pinned, pinned]


def test_itineraries_and_badges_run_the_same_queries_at_two_sizes(admin_client, event):
    counts = {}
    for size in (1, 15):
        attendees = factories.AttendeeFactory.create_batch(size, event=event)
        for attendee in attendees:
            factories.ParticipationFactory(
                program_item=factories.ProgramItemFactory(event=event), attendee=attendee
            )
        selected = {"_selected_action": [attendee.pk for attendee in attendees]}
        url = reverse("admin:ceremony_attendee_changelist")
        for action in ("print_itineraries", "print_badges"):
            with CaptureQueriesContext(connection) as queries:
                assert admin_client.post(url, {"action": action, **selected}).status_code == 200
            counts[action, size] = len(queries)
    assert counts["print_itineraries", 1] == counts["print_itineraries", 15] <= 18
    assert counts["print_badges", 1] == counts["print_badges", 15] <= 16


def _badges(event, size):
    stalls = factories.VenueSectionFactory(name="Stalls")
    item = factories.ProgramItemFactory(event=event, venue=stalls.venue)
    for n in range(size):
        attendee = factories.AttendeeFactory(
            event=event, person__organization=factories.OrganizationFactory()
        )
        factories.SeatAssignmentFactory(
            program_item=item, attendee=attendee, section=stalls, row=1, seat=n + 1
        )
    return reverse("print:badges", args=[event.slug, "html"])


def _itinerary(event, size):
    guest = factories.AttendeeFactory(
        event=event,
        person=factories.PersonFactory(position="Engineer", organization=factories.OrganizationFactory()),
        delegation=factories.DelegationFactory(event=event),
    )
    for _n in range(size):
        factories.ParticipationFactory(
            program_item=factories.ProgramItemFactory(event=event, venue=factories.VenueFactory()),
            attendee=guest,
        )
        factories.VisitParticipantFactory(
            attendee=guest,
            visit__program_item__event=event,
            visit__transport="Bus",
            visit__assembly_point="Gate 2",
        )
    return reverse("print:itinerary", args=[guest.pk, "html"])


def _precedence(event, size):
    for rank in range(1, size + 1):
        factories.AttendeeFactory(
            event=event,
            precedence_rank=rank,
            person__position="Minister",
            delegation=factories.DelegationFactory(event=event),
        )
    return reverse("print:precedence", args=[event.slug, "html"])


def _seating(event, size):
    stalls = factories.VenueSectionFactory(name="Stalls", rows=10, seats_per_row=20)
    balcony = factories.VenueSectionFactory(venue=stalls.venue, name="Balcony", rows=10, seats_per_row=20)
    item = factories.ProgramItemFactory(event=event, venue=stalls.venue)
    for n in range(size):
        factories.SeatAssignmentFactory(
            program_item=item, section=(stalls, balcony)[n % 2], row=n // 20 + 1, seat=n % 20 + 1
        )
    return reverse("print:seating", args=[item.pk, "html"])


# A page of each, at two sizes: a badge per attendee, an itinerary line per part, a line per
# dignitary, a seat per guest; each with its texts missing in Kazakh.
PAGES_OF_ATTENDEES = {
    "badges": (_badges, 6),
    "itinerary": (_itinerary, 8),
    "precedence": (_precedence, 4),
    "seating": (_seating, 5),
}


@pytest.mark.parametrize("page", PAGES_OF_ATTENDEES)
def test_pages_of_attendees_run_the_same_queries_at_two_sizes(admin_client, page):
    make, pinned = PAGES_OF_ATTENDEES[page]
    few = queries_of(admin_client, make(factories.EventFactory(), 1) + "?lang=kk")
    many = queries_of(admin_client, make(factories.EventFactory(), 15) + "?lang=kk")
    assert [few, many] == [pinned, pinned]


def test_manifest_and_award_script_run_the_same_queries_at_two_sizes(admin_client):
    visit = factories.FacilityVisitFactory(transport="Bus")
    ceremony = factories.ProgramItemFactory(kind=ProgramItemKind.AWARD_CEREMONY)
    pages = [
        reverse("print:manifest", args=[visit.pk, "html"]) + "?lang=kk",
        reverse("print:award-script", args=[ceremony.pk, "html"]) + "?lang=kk",
    ]
    counts = []
    for size in (1, 15):
        for _n in range(size):
            factories.VisitParticipantFactory(
                visit=visit, attendee__person__organization=factories.OrganizationFactory()
            )
            factories.AwardPresentationFactory(
                ceremony=ceremony, citation="For merit.", recipient__person__position="Engineer"
            )
        counts.append([queries_of(admin_client, url) for url in pages])
    assert counts == [[4, 4], [4, 4]]


def test_event_page_offers_the_documents(admin_client, event):
    page = admin_client.get(reverse("admin:ceremony_event_change", args=[event.pk])).content.decode()
    assert reverse("print:program", args=["baikonur-70", "pdf"]) + "?lang=kk" in page
    assert reverse("print:run-of-show", args=["baikonur-70", "pdf"]) in page
    assert reverse("print:program-calendar", args=["baikonur-70"]) in page


def test_no_print_links_for_those_who_may_not_print(client, event):
    user = factories.UserFactory()
    user.user_permissions.add(Permission.objects.get(codename="view_event"))
    client.force_login(user)
    page = client.get(reverse("admin:ceremony_event_change", args=[event.pk])).content.decode()
    assert "/print/" not in page


def test_badges_with_an_impossible_id_answer_404(staff_client, event):
    response = staff_client.get(
        reverse("print:badges", args=["baikonur-70", "pdf"]), {"attendees": "99999999999999999999"}
    )
    assert response.status_code == 404


def test_an_award_recipients_itinerary_lists_the_ceremony(staff_client):
    ceremony = factories.ProgramItemFactory(kind=ProgramItemKind.AWARD_CEREMONY, title_en="Veterans' awards")
    presentation = factories.AwardPresentationFactory(ceremony=ceremony)
    text = text_of(staff_client.get(reverse("print:itinerary", args=[presentation.recipient.pk, "pdf"])))
    assert "Veterans' awards" in text
    assert "Award recipient" in text


def test_the_badge_qr_code_carries_the_badge_code(staff_client, event):
    attendee = factories.AttendeeFactory(event=event)
    page = staff_client.get(reverse("print:badges", args=["baikonur-70", "html"])).content.decode()
    assert printing.badge_qr_svg(attendee.badge_code) in page
    assert attendee.person.family_name not in attendee.badge_code


def test_the_footer_says_when_it_was_printed_in_the_event_zone(staff_client, event):

    event.time_zone = "America/New_York"
    event.save()
    before = timezone.localtime(timezone.now(), event.zone)
    text = text_of(staff_client.get(reverse("print:program", args=["baikonur-70", "pdf"])))
    after = timezone.localtime(timezone.now(), event.zone)
    # The footer prints «day.month.year hours:minutes» with no leading zero on the day (j.m.Y H:i).
    stamps = {f"printed {moment.day}.{moment:%m.%Y %H:%M}" for moment in (before, after)}
    assert any(stamp in text for stamp in stamps)


# ---------------------------------------------------------------------------------------------------
# Printouts are kept by no cache


def test_every_printout_and_the_calendar_are_kept_by_no_cache(admin_client, opening):
    event = opening.event
    speaker = opening.participations.get().attendee
    visit = factories.FacilityVisitFactory(
        program_item=factories.ProgramItemFactory(event=event, kind=ProgramItemKind.FACILITY_VISIT)
    )
    ceremony = factories.ProgramItemFactory(event=event, kind=ProgramItemKind.AWARD_CEREMONY)
    hall = factories.ProgramItemFactory(
        event=event, venue=factories.VenueFactory(seat_rows=2, seats_per_row=3)
    )
    addresses = [reverse("print:program-calendar", args=[event.slug])]
    for output in ("html", "pdf"):
        addresses += [
            reverse("print:program", args=[event.slug, output]),
            reverse("print:run-of-show", args=[event.slug, output]),
            reverse("print:precedence", args=[event.slug, output]),
            reverse("print:badges", args=[event.slug, output]),
            reverse("print:catering", args=[event.slug, output]),
            reverse("print:accessibility", args=[event.slug, output]),
            reverse("print:itinerary", args=[speaker.pk, output]),
            reverse("print:manifest", args=[visit.pk, output]),
            reverse("print:award-script", args=[ceremony.pk, output]),
            reverse("print:seating", args=[hall.pk, output]),
        ]
    for address in addresses:
        response = admin_client.get(address)
        assert (address, response.status_code, response["Cache-Control"]) == (
            address,
            200,
            "private, no-store",
        )


@pytest.mark.parametrize("action", ["print_itineraries", "print_badges"])
def test_printouts_of_selected_attendees_are_kept_by_no_cache(admin_client, event, action):
    attendee = factories.AttendeeFactory(event=event)
    response = admin_client.post(
        reverse("admin:ceremony_attendee_changelist"), {"action": action, "_selected_action": [attendee.pk]}
    )
    assert response["Content-Type"] == "application/pdf"
    # The admin's own never-cache directives come along.
    assert {"private", "no-store"} <= {part.strip() for part in response["Cache-Control"].split(",")}
    assert re.fullmatch(r'attachment; filename="[\w-]+\.pdf"', response["Content-Disposition"])


# ---------------------------------------------------------------------------------------------------
# Printouts too large to render within a request are printed by a job (tests/test_print_jobs.py)


def job_pdf_pages(client, response):
    """The pages of the PDF of the job that `response` went to."""
    assert response.status_code == 302
    status = client.get(response["Location"], {"format": "json"}).json()
    assert status["state"] == "done"
    content = b"".join(client.get(status["result_url"]).streaming_content)
    return [page.extract_text() for page in PdfReader(io.BytesIO(content)).pages]


def test_badges_of_more_attendees_than_print_directly_are_printed_by_a_job(
    staff_client, event, settings, private_root
):
    settings.PRINT_DIRECT_ATTENDEES = 3
    attendees = factories.AttendeeFactory.create_batch(5, event=event)
    for query in ({}, {"attendees": ",".join(str(attendee.pk) for attendee in attendees)}):
        for output in ("pdf", "html"):
            response = staff_client.get(reverse("print:badges", args=["baikonur-70", output]), query)
            assert len(job_pdf_pages(staff_client, response)) == 2  # four badges to a sheet
    three = ",".join(str(attendee.pk) for attendee in attendees[:3])
    assert (
        len(
            pages_of(
                staff_client.get(reverse("print:badges", args=["baikonur-70", "pdf"]), {"attendees": three})
            )
        )
        == 1
    )


@pytest.mark.parametrize("action", ["print_itineraries", "print_badges"])
def test_printing_more_selected_attendees_than_print_directly_is_a_job(
    admin_client, event, settings, private_root, action
):
    settings.PRINT_DIRECT_ATTENDEES = 3
    attendees = factories.AttendeeFactory.create_batch(4, event=event)
    url = reverse("admin:ceremony_attendee_changelist")
    response = admin_client.post(url, {"action": action, "_selected_action": [a.pk for a in attendees]})
    assert len(job_pdf_pages(admin_client, response)) == (4 if action == "print_itineraries" else 1)
    response = admin_client.post(url, {"action": action, "_selected_action": [a.pk for a in attendees[:3]]})
    assert response["Content-Type"] == "application/pdf"


# ---------------------------------------------------------------------------------------------------
# Printing the same thing twice


def test_an_unchanged_program_is_not_rendered_again(staff_client, opening, private_root, monkeypatch):
    first = staff_client.get(reverse("print:program", args=["baikonur-70", "pdf"])).content
    assert len(list((private_root / "print-cache").glob("*.pdf"))) == 1

    # A second print of the same program must come from what was kept: WeasyPrint is not asked.
    def no_render(*args, **kwargs):
        raise AssertionError("rendered again")

    monkeypatch.setattr(printing, "pdf_from_html", no_render)
    assert staff_client.get(reverse("print:program", args=["baikonur-70", "pdf"])).content == first


def test_a_changed_position_shows_in_the_next_program(staff_client, opening, private_root):
    speaker = opening.participations.get().attendee.person
    before = text_of(staff_client.get(reverse("print:program", args=["baikonur-70", "pdf"])))
    assert speaker.position in before

    speaker.position = "Chairman of the Council of Veterans of Baikonur"
    speaker.save()
    after = text_of(staff_client.get(reverse("print:program", args=["baikonur-70", "pdf"])))
    assert "Chairman of the Council of Veterans of Baikonur" in after
    assert len(list((private_root / "print-cache").glob("*.pdf"))) == 2


def test_each_language_is_kept_apart(staff_client, opening, private_root):
    url = reverse("print:program", args=["baikonur-70", "pdf"])
    english = text_of(staff_client.get(url, {"lang": "en"}))
    kazakh = text_of(staff_client.get(url, {"lang": "kk"}))
    assert "Opening ceremony" in english
    assert "Салтанатты ашылу" in kazakh
    assert "Салтанатты ашылу" not in english
    assert len(list((private_root / "print-cache").glob("*.pdf"))) == 2


def test_personal_documents_are_not_kept(staff_client, opening, private_root):
    attendee = opening.participations.get().attendee
    staff_client.get(reverse("print:itinerary", args=[attendee.pk, "pdf"]))
    staff_client.get(reverse("print:badges", args=["baikonur-70", "pdf"]))
    assert not (private_root / "print-cache").exists()


def test_kept_printouts_expire_with_the_daily_clean_up(staff_client, opening, private_root, settings):
    staff_client.get(reverse("print:program", args=["baikonur-70", "pdf"]))
    assert print_cache_expire() == 0
    later = timezone.now() + datetime.timedelta(days=settings.PRINT_CACHE_DAYS, hours=1)
    assert print_cache_expire(now=later) == 1
    assert not list((private_root / "print-cache").glob("*.pdf"))
