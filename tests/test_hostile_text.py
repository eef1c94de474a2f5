"""Hostile text: control characters and invisible format characters never stored, and never able to
make a printout fetch or read anything (issue 11)."""

import http.server
import io
import os
import re
import sys
import threading
import unicodedata

import icalendar
import pytest
import tinycss2
from django.apps import apps
from django.db import models
from django.urls import reverse
from django_countries.fields import CountryField
from pypdf import PdfReader

from ceremony import printing
from ceremony.core import text
from ceremony.enums import ProgramItemKind
from ceremony.models import Event, Organization, Person
from tests import factories
from tests.admin_pages import errors_on_page, open_add_form, open_change_form, set_fields
from tests.stored_as_is import store_as_is

# Every control a paste can bring, and the invisible ones that reorder or hide text.
REMOVED = "\x00\x07\x08\x1b\x7f\x9b\u200b\u202e\u2066\ufeff\U000e0041"


# ---------------------------------------------------------------------------------------------------
# The text itself


@pytest.mark.parametrize(
    ("value", "line", "multi_line"),
    [
        ("Baikonur\r\n70", "Baikonur 70", "Baikonur\n70"),
        ("Baikonur\r70\f", "Baikonur 70 ", "Baikonur\n70\n"),
        ("Baikonur\v70\x85\u2028\u2029", "Baikonur 70   ", "Baikonur\n70\n\n\n"),
        ("Col one\tcol two", "Col one col two", "Col one\tcol two"),
        (f"Байқоңыр{REMOVED} 70", "Байқоңыр 70", "Байқоңыр 70"),
        ("\u202eevil\u202c.pdf", "evil.pdf", "evil.pdf"),
    ],
)
def test_line_breaks_become_spaces_on_one_line_and_newlines_in_text(value, line, multi_line):
    assert text.clean_line(value) == line
    assert text.clean_text(value) == multi_line


@pytest.mark.parametrize(
    "visible",
    [
        "Жұмабаев Әділ Серікұлы",
        "Токаев Касым-Жомарт Кемелевич",
        "Nursultan Nazarbayev, Ph.D. — «Baiterek»",
        "👩\u200d🚀 cosmonaut",  # the zero-width joiner makes one emoji of two
        "می\u200cخواهم",  # the zero-width non-joiner is a letter's shape in Persian
        "extra\u00adordinary",  # a soft hyphen: where a word may break
        "\u0600\u0661\u0662",  # the Arabic number sign is a visible sign
        "\u00a0 non-breaking space, ideographic\u3000space",
    ],
)
def test_visible_text_is_kept_as_it_is(visible):
    assert text.clean_line(visible) == visible
    assert text.clean_text(visible) == visible


KEPT_FORMAT_CHARACTERS = {
    "\u00ad",  # soft hyphen
    "\u200c",  # zero-width non-joiner
    "\u200d",  # zero-width joiner
    # Prepended concatenation marks, visible signs that join the digits after them.
    *"\u0600\u0601\u0602\u0603\u0604\u0605\u06dd\u070f\u0890\u0891\u08e2\U000110bd\U000110cd",
}


def test_every_control_and_invisible_format_character_of_unicode_is_removed_or_kept_on_purpose():
    """The list in ceremony.core.text is written out; this checks it against the Unicode database."""
    missed = []
    for code in range(sys.maxunicode + 1):
        character = chr(code)
        if unicodedata.category(character) not in ("Cc", "Cf", "Cs", "Zl", "Zp"):
            continue
        if character in KEPT_FORMAT_CHARACTERS:
            assert text.clean_line(character) == character
            continue
        if text.clean_text(character) not in ("", "\n", "\t") or text.clean_line(character) not in ("", " "):
            missed.append(f"U+{code:04X}")
    assert missed == []


# ---------------------------------------------------------------------------------------------------
# Every text field of every model, whoever saves it


def records_of_every_model():
    """One saved record of each model of ceremony and awards."""
    item = factories.ProgramItemFactory()
    visit = factories.FacilityVisitFactory(program_item=item)
    return [
        item.event,
        factories.VenueFactory(),
        factories.VenueSectionFactory(),
        factories.OrganizationFactory(),
        factories.PersonFactory(),
        factories.AttendeeFactory(event=item.event),
        factories.DelegationFactory(event=item.event),
        item,
        factories.ParticipationFactory(program_item=item),
        visit,
        factories.VisitParticipantFactory(visit=visit),
        factories.VideoAddressFactory(program_item=item),
        factories.AwardFactory(),
        factories.AwardPresentationFactory(),
        factories.GuestImportFactory(),
        factories.SeatAssignmentFactory(),
        factories.BanquetTableFactory(),
        factories.TableAssignmentFactory(),
        factories.JobFactory(),
        factories.OutboxMessageFactory(),
        factories.InvitationFactory(),
        factories.InvitationTextFactory(),
        factories.ShowMarkFactory(),
        factories.ShowAdjustmentFactory(reason="x"),
        factories.ShowScreenFactory(),
        factories.EntranceFactory(event=item.event),
        factories.CheckInFactory(),
        factories.ValueMappingFactory(),
        factories.AdminPreferenceFactory(),
    ]


def text_fields(model):
    # Country fields hold a Country (a code from a fixed list), not text.
    return [
        field
        for field in model._meta.concrete_fields
        if isinstance(field, models.CharField | models.TextField) and not isinstance(field, CountryField)
    ]


def our_models():
    return [
        model
        for label in text.APPS
        for model in apps.get_app_config(label).get_models()
        if not model.__name__.startswith("Historical")
    ]


@pytest.mark.django_db
def test_the_sweep_covers_every_model():
    assert {type(record) for record in records_of_every_model()} == set(our_models())


@pytest.mark.django_db
def test_every_text_field_of_every_model_is_stored_without_control_characters():
    dirty = []
    for record in records_of_every_model():
        model = type(record)
        fields = text_fields(model)
        originals = {field.attname: getattr(record, field.attname) for field in fields}
        for field in fields:
            if isinstance(originals[field.attname], str):
                # Around the value, so that a choice, a slug or an address stays what it was.
                setattr(record, field.attname, f"\x00\u202e{originals[field.attname]}\x07\ufeff")
        record.save()
        stored = model.objects.filter(pk=record.pk).values(*originals).get()
        dirty += [
            f"{model.__name__}.{name}: {stored[name]!r}"
            for name, value in originals.items()
            if isinstance(value, str) and stored[name] != value
        ]
    assert dirty == []


@pytest.mark.django_db
def test_line_breaks_in_one_line_fields_become_spaces_and_text_fields_keep_their_lines():
    event = factories.EventFactory(
        name_en="Baikonur\r\n70\rYears", description_en="First line\r\nsecond line\rthird\ttabbed\x0c"
    )
    event.refresh_from_db()
    assert event.name_en == "Baikonur 70 Years"
    assert event.description_en == "First line\nsecond line\nthird\ttabbed\n"


@pytest.mark.django_db
def test_text_typed_in_the_admin_is_stored_without_control_characters(admin_client):
    person = factories.PersonFactory(family_name="Zhumabayev")
    data = set_fields(
        open_change_form(admin_client, person),
        family_name="Zhuma\u200bbayev\u202e",
        position_en="Director\r\ngeneral\x07",
        biography="Born in Baikonur.\r\nCosmonaut\x1b since 1990.",
    )
    response = admin_client.post(f"/admin/ceremony/person/{person.pk}/change/", data)
    assert response.status_code == 302
    person = Person.objects.get(pk=person.pk)
    assert person.family_name == "Zhumabayev"
    assert person.position_en == "Director general"
    assert person.biography == "Born in Baikonur.\nCosmonaut since 1990."


@pytest.mark.django_db
def test_a_name_that_differs_from_a_stored_one_by_invisible_characters_is_refused_by_the_form(admin_client):
    factories.OrganizationFactory(name="Roscosmos")
    data = set_fields(open_add_form(admin_client, Organization), name_en="Roscos\u200bmos\u202e")
    response = admin_client.post("/admin/ceremony/organization/add/", data)
    assert response.status_code == 200
    assert errors_on_page(response) == ["An organization with this name already exists."]


@pytest.mark.django_db
def test_updates_and_bulk_writes_store_clean_text_too():
    event = factories.EventFactory(slug="b70")
    Event.objects.filter(pk=event.pk).update(name_en="Baikonur\r70\x07", description_en="One\r\nTwo\x1b")
    event.refresh_from_db()
    assert (event.name_en, event.description_en) == ("Baikonur 70", "One\nTwo")
    people = Person.objects.bulk_create([factories.PersonFactory.build(family_name="Zhu\u200bmabayev\t")])
    people[0].given_name = "Ädil\x00"
    Person.objects.bulk_update(people, ["given_name"])
    assert Person.objects.values_list("family_name", "given_name").get() == ("Zhumabayev ", "Ädil")


@pytest.mark.django_db
def test_clean_record_is_what_writes_bypassing_save_call():
    event = factories.EventFactory.build(name_en="Baikonur\r70\x00", slug="b70")
    assert "name_en" in text.clean_record(event)
    Event.objects.bulk_create([event])
    assert Event.objects.get(slug="b70").name_en == "Baikonur 70"


# ---------------------------------------------------------------------------------------------------
# Text into CSS


@pytest.mark.parametrize(
    "value",
    [
        'Baikonur "70" \\ back',
        "line\nfeed\rreturn\r\nboth\fform feed\u2028separator",
        "</style><script>alert(1)</script> & ' \"",
        "".join(chr(code) for code in range(1, 0x20)) + "\x7f\x85\x9f\u00a0\u200b\u202e\ufeff",
        'x" } html { background: url(http://127.0.0.1:9/) } @page { @top-left { content: "',
        "Байқоңыр 70 — «Baiterek» 👩\u200d🚀",
    ],
)
def test_any_text_is_one_css_string_that_reads_back_as_the_same_text(value):
    tokens = tinycss2.parse_component_value_list(text.css_string(value))
    assert [token.type for token in tokens] == ["string"]
    assert tokens[0].value == value


def test_a_css_string_closes_no_style_element_and_holds_no_line_break():
    literal = text.css_string("a\r</style>\f\n\u2028b")
    assert not {"<", ">", "\r", "\n", "\f", "\u2028"} & set(literal)


# ---------------------------------------------------------------------------------------------------
# What WeasyPrint may fetch and read


class Outside:
    """What leaves the document: the URLs WeasyPrint asks the fetcher for, the requests a web server
    of our own receives, and the files Python opens (seen through an audit hook)."""

    def __init__(self):
        self.asked = []
        self.requests = []
        self.opened = []
        self.watching = False


OUTSIDE = Outside()


def _audit(event, args):
    if event == "open" and OUTSIDE.watching and isinstance(args[0], str | bytes | os.PathLike):
        OUTSIDE.opened.append(os.fsdecode(args[0]))


sys.addaudithook(_audit)  # hooks cannot be removed: it records only while a test watches


@pytest.fixture
def outside(monkeypatch):
    class Server(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            OUTSIDE.requests.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "text/css")
            self.end_headers()
            self.wfile.write(b"body { color: red }")

        def log_message(self, *args):
            pass

    class Recording(printing.ProjectFilesOnly):
        def fetch(self, url, headers=None):
            OUTSIDE.asked.append(url)
            return super().fetch(url, headers)

    monkeypatch.setattr(printing, "ProjectFilesOnly", Recording)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Server)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    OUTSIDE.__init__()
    OUTSIDE.url = f"http://127.0.0.1:{server.server_address[1]}"
    OUTSIDE.watching = True
    yield OUTSIDE
    OUTSIDE.watching = False
    server.shutdown()
    server.server_close()


def finished_within(seconds, function, *args):
    """function(*args), or a failure if it has not returned in time (a named pipe blocks for ever)."""
    result = {}
    worker = threading.Thread(target=lambda: result.update(value=function(*args)), daemon=True)
    worker.start()
    worker.join(seconds)
    assert not worker.is_alive(), f"still running after {seconds} s"
    return result["value"]


@pytest.fixture
def local_files(tmp_path, settings):
    """A static folder with a logo and a link out of it, a secret beside it, and a named pipe."""
    static = tmp_path / "static"
    static.mkdir()
    (static / "logo.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>'
    )
    secret = tmp_path / "secret.svg"
    secret.write_text('<svg xmlns="http://www.w3.org/2000/svg"><text y="10">SECRET-ON-DISK</text></svg>')
    (static / "link.svg").symlink_to(secret)
    pipe = tmp_path / "pipe.css"
    os.mkfifo(pipe)
    settings.STATICFILES_DIRS = [static]
    return {"static": static, "secret": secret, "pipe": pipe, "root": tmp_path}


def test_weasyprint_fetches_nothing_but_the_static_files(outside, local_files):
    """As if a template named outside resources: the page renders, nothing leaves, nothing is read."""
    static, secret, pipe = local_files["static"], local_files["secret"], local_files["pipe"]
    html = f"""<!DOCTYPE html><html><head>
    <link rel="stylesheet" href="{outside.url}/linked.css">
    <link rel="stylesheet" href="file://{pipe}">
    <link rel="attachment" href="file://{secret}">
    <style>
      @import url("{outside.url}/imported.css");
      @font-face {{ font-family: Remote; src: url("{outside.url}/font.woff2"); }}
      body {{ background: url("file:///dev/zero"); font-family: Remote, "DejaVu Sans"; }}
      h1 {{ background: url("https://127.0.0.1:1/tls.png"); }}
    </style></head><body>
    <h1>Order of precedence</h1>
    <img src="file://{static}/logo.svg">
    <img src="file://localhost{static}/logo.svg?v=1">
    <img src="file://{static}/link.svg">
    <img src="file://{secret}">
    <img src="file:///etc/passwd">
    <img src="../../../../../etc/hostname">
    <img src="ftp://127.0.0.1:1/x.png">
    <img src="data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg'%3E%3C/svg%3E">
    <svg><image href="file://{secret}" width="10" height="10"/></svg>
    </body></html>"""

    outside.opened.clear()  # the files this test wrote
    pdf = PdfReader(io.BytesIO(finished_within(20, printing.pdf_from_html, html)))

    assert "Order of precedence" in pdf.pages[0].extract_text()
    assert "SECRET-ON-DISK" not in pdf.pages[0].extract_text()
    assert "/EmbeddedFiles" not in pdf.trailer["/Root"].get("/Names", {})
    assert outside.requests == []
    read_here = sorted({path for path in outside.opened if path.startswith(str(local_files["root"]))})
    assert read_here == [str(static / "logo.svg")]
    assert not [path for path in outside.opened if path.startswith(("/etc", "/dev"))]
    assert len(outside.asked) >= 14  # each was asked for, and refused


def test_the_fetcher_refuses_every_address_but_a_static_file(local_files):
    fetcher = printing.ProjectFilesOnly()
    static = local_files["static"]
    assert fetcher.allowed_path(f"file://{static}/logo.svg") == static / "logo.svg"
    for url in (
        f"file://{static}/link.svg",  # a link out of the folder
        f"file://{static}/../secret.svg",
        f"file://{local_files['pipe']}",
        f"file://{static}",
        f"file://{static}/missing.svg",
        f"file://example.org{static}/logo.svg",  # a host: SMB, in some readers
        f"http://127.0.0.1{static}/logo.svg",
        "data:text/css,body{}",
        "file:///dev/zero",
        "file:///etc/passwd",
    ):
        assert fetcher.allowed_path(url) is None, url
        with pytest.raises(ValueError, match="Not one of the project's static files"):
            fetcher.fetch(url)


# Ends the string and the @page rule, and asks for a background from outside.
CSS_BREAKOUT = '\r}}}} html {{ background: url({url}/css-injection.png) }} @page {{ @top-left {{ content: "'


@pytest.mark.django_db
def test_an_event_name_that_leaves_its_css_string_makes_no_request(admin_client, outside):
    event = factories.EventFactory(slug="baikonur-70")
    store_as_is(event, name_en="Baikonur 70" + CSS_BREAKOUT.format(url=outside.url) + "\x0cform feed")
    response = admin_client.get(reverse("print:program", args=["baikonur-70", "pdf"]))
    header = PdfReader(io.BytesIO(response.content)).pages[0].extract_text()
    assert "Baikonur 70" in header
    assert outside.asked == []
    assert outside.requests == []


# ---------------------------------------------------------------------------------------------------
# The sweep: hostile text in every text field, every document in HTML and PDF

# What a paste can bring: every kind of control, a string that leaves its CSS string, and HTML.
SOUP = "".join(chr(code) for code in range(1, 0x20)) + "\x7f\x85\x9b\u2028\u202e\u2066\ufeff\U000e0041"


def hostile(marker, url, secret):
    return f"{marker}{SOUP}{CSS_BREAKOUT.format(url=url)}\"</style><img src='file://{secret}'>\\"


def free_text_fields(model):
    """The fields people type text into (not choices, codes, addresses or zones)."""
    return [
        field
        for field in text_fields(model)
        if not field.choices
        and not isinstance(field, models.SlugField | models.EmailField)
        and field.name not in ("time_zone", "badge_code", "digest", "subtitle_languages")
    ]


@pytest.fixture
def hostile_event(outside, local_files):
    """An event where every record's every free-text field holds hostile text, stored as it is (as
    rows stored before text was cleaned)."""
    event = factories.EventFactory(slug="hostile")
    hall = factories.VenueFactory(seat_rows=2, seats_per_row=3)
    organization = factories.OrganizationFactory()
    person = factories.PersonFactory(organization=organization, email="guest@example.org")
    guest = factories.AttendeeFactory(event=event, person=person)
    host = factories.AttendeeFactory(event=event)
    opening = factories.ProgramItemFactory(event=event, venue=hall, kind=ProgramItemKind.OPENING_CEREMONY)
    participation = factories.ParticipationFactory(program_item=opening, attendee=guest)
    video = factories.VideoAddressFactory(program_item=opening)
    seat = factories.SeatAssignmentFactory(program_item=opening, attendee=guest, row=1, seat=1)
    visit = factories.FacilityVisitFactory(
        program_item=factories.ProgramItemFactory(event=event, kind=ProgramItemKind.FACILITY_VISIT),
        escort=guest,
    )
    visitor = factories.VisitParticipantFactory(visit=visit, attendee=guest, document_type="passport")
    ceremony = factories.ProgramItemFactory(event=event, kind=ProgramItemKind.AWARD_CEREMONY)
    presentation = factories.AwardPresentationFactory(
        ceremony=ceremony, recipient=guest, presenter=host, decree_number="No. 1"
    )
    delegation = factories.DelegationFactory(event=event)
    reception = factories.ProgramItemFactory(
        event=event, venue=hall, kind=ProgramItemKind.RECEPTION, is_public=False
    )
    table = factories.BanquetTableFactory(venue=hall, number=1)
    factories.TableAssignmentFactory(program_item=reception, table=table, attendee=guest, seat=1)
    records = [
        event, hall, organization, person, guest, host, host.person, opening, participation, video,
        seat, visit, visitor, visit.facility, ceremony, presentation, presentation.award, delegation,
        reception, table,
    ]  # fmt: skip
    for number, record in enumerate(records):
        model = type(record)
        values = {
            field.attname: hostile(f"M{number}{field.attname.upper()}", outside.url, local_files["secret"])[
                : field.max_length
            ]
            for field in free_text_fields(model)
        }
        store_as_is(record, **values)
    return {
        "event": event,
        "guest": guest,
        "visit": visit,
        "ceremony": ceremony,
        "hall": opening,
        "reception": reception,
    }


def documents(hostile_event):
    event, guest = hostile_event["event"].slug, hostile_event["guest"].pk
    for output in ("html", "pdf"):
        yield reverse("print:program", args=[event, output])
        yield reverse("print:run-of-show", args=[event, output])
        yield reverse("print:precedence", args=[event, output])
        yield reverse("print:badges", args=[event, output])
        yield reverse("print:catering", args=[event, output])
        yield reverse("print:accessibility", args=[event, output])
        yield reverse("print:itinerary", args=[guest, output])
        yield reverse("print:manifest", args=[hostile_event["visit"].pk, output])
        yield reverse("print:award-script", args=[hostile_event["ceremony"].pk, output])
        yield reverse("print:seating", args=[hostile_event["hall"].pk, output])
        for banquet in ("print:table-plan", "print:place-cards", "print:table-cards"):
            yield reverse(banquet, args=[hostile_event["reception"].pk, output])


CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]")


def urls_in_css(css):
    """Every url() a stylesheet holds, as a CSS parser reads it."""
    found = []

    def walk(tokens):
        for token in tokens or ():
            if token.type == "url" or (token.type == "function" and token.lower_name in ("url", "src")):
                found.append(token.serialize())
            for attribute in ("content", "arguments", "prelude"):
                walk(getattr(token, attribute, None))

    walk(tinycss2.parse_stylesheet(css, skip_whitespace=True, skip_comments=True))
    return found


@pytest.mark.django_db
def test_every_document_of_hostile_text_prints_fetches_nothing_and_reads_nothing(
    admin_client, hostile_event, outside, local_files, private_root
):
    outside.opened.clear()
    for address in documents(hostile_event):
        response = admin_client.get(address)
        assert response.status_code == 200, address
        if address.endswith(".pdf"):
            printed = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
            if not address.endswith(("place-cards.pdf", "table-cards.pdf")):  # tent cards have no header
                assert "M0NAME_EN" in printed, address  # the event's name, in the running header
            assert "SECRET-ON-DISK" not in printed
        else:
            page = response.content.decode()
            assert CONTROLS.findall(page) == [], address
            assert "<img src='file" not in page, address
            styles = re.findall(r"<style[^>]*>(.*?)</style>", page, flags=re.DOTALL)
            assert styles, address
            assert [urls_in_css(style) for style in styles] == [[]] * len(styles), address
    assert outside.asked == []
    assert outside.requests == []
    # The print cache reads and writes its own kept printouts, in the private folder; nothing else.
    kept = str(private_root / "print-cache")
    assert [
        path
        for path in outside.opened
        if path.startswith((str(local_files["root"]), "/etc", "/dev")) and not path.startswith(kept)
    ] == []


@pytest.mark.django_db
@pytest.mark.parametrize("action", ["print_itineraries", "print_badges"])
def test_printing_hostile_attendees_from_the_admin_fetches_nothing(
    admin_client, hostile_event, outside, action
):
    response = admin_client.post(
        reverse("admin:ceremony_attendee_changelist"),
        {"action": action, "_selected_action": [hostile_event["guest"].pk]},
    )
    printed = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "M0NAME_EN" in printed
    assert outside.asked == []
    assert outside.requests == []


@pytest.mark.django_db
def test_the_calendar_of_hostile_text_is_valid_and_holds_no_control(admin_client, hostile_event):
    response = admin_client.get(reverse("print:program-calendar", args=["hostile"]))
    assert response.status_code == 200
    lines = response.content.split(b"\r\n")
    assert [line for line in lines if re.search(rb"[\x00-\x08\x0a-\x1f\x7f]", line)] == []
    calendar = icalendar.Calendar.from_ical(response.content)
    assert len(calendar.walk("VEVENT")) == 3
    assert calendar["x-wr-calname"].to_ical().startswith(b"M0NAME_EN")
