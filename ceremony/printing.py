"""The ceremony's paperwork: each document is a function of already-fetched records.

A document function returns a PrintDocument (template, context, names); `render_html` and `render_pdf`
turn it into the page a browser prints or the PDF WeasyPrint makes, from the same template and the one
print stylesheet (templates/print/print.css). Everything is rendered in the event's time zone and in
the language asked for; a person's own papers (itinerary, badge) asked in none come in theirs
(`attendee_language`), page by page when several people's are printed together. A file's name ends
with the language(s) it is in.

A document also says which texts of its records it prints, in which language (`printed_texts`), so
that its page lists those it prints in a language they are not written in (languages.missing_in_document),
and only those.

WeasyPrint reads nothing but what `ProjectFilesOnly` allows: files under the project's static folders.
Our templates need no outside resource at all (the fonts come from the system, through fontconfig, not
through the fetcher); any other address a document comes to name, by a template's mistake or by text
that escaped its string, is refused and logged, and the document prints without it.
"""

import collections
import dataclasses
import datetime
import hashlib
import logging
import mimetypes
import os
import stat
import urllib.parse
import urllib.request
from pathlib import Path

import icalendar
import segno
import weasyprint
from django.apps import apps
from django.conf import settings
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.http import content_disposition_header
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from weasyprint.urls import URLFetcherResponse

from . import layouts, wording
from .core import print_cache, text
from .enums import AttendeeCategory, ParticipantRole, RsvpStatus
from .languages import Printed, event_fallbacks
from .rules.placements import item_placements
from .rules.warnings import KINDS

logger = logging.getLogger(__name__)


@dataclasses.dataclass
class PrintDocument:
    template: str
    name: str  # printed in the footer
    filename: str  # without extension; ends with the language(s) printed in (`baikonur-70-program-kk`)
    event: object
    language: str
    context: dict = dataclasses.field(default_factory=dict)
    # The languages it is printed in: one, or each attendee's own (itineraries, badges).
    languages: tuple = ()
    # languages.Printed: the texts of its records it prints, in which language.
    printed_texts: list = dataclasses.field(default_factory=list)
    # Event-wide documents (the program, the run-of-show...) are printed again and again unchanged:
    # their PDF is kept by the fingerprint of what they show. Personal ones (badges, itineraries,
    # manifests) are not kept.
    cacheable: bool = False


# Bumped when something the documents' HTML does not hold changes their PDF (a font, a static image).
PRINT_CACHE_VERSION = "1"
NOT_PRINTED_YET = object()


def render_html(document, csp_nonce="", printed_at=NOT_PRINTED_YET, missing_translations=()):
    """The document's page; `missing_translations` (languages.MissingText, of this document) are
    listed at its top, on screen only, with links to write them."""
    with (
        translation.override(document.language),
        timezone.override(document.event.zone),
        event_fallbacks(document.event),
    ):
        context = {
            **document.context,
            "document": document,
            "event": document.event,
            "printed_at": timezone.localtime() if printed_at is NOT_PRINTED_YET else printed_at,
            "LANGUAGE_CODE": document.language,
            "csp_nonce": csp_nonce,
            "missing_translations": missing_translations,
            "MISSING_SHOWN": 30,
        }
        # Text is cleaned when it is stored; records stored before that may still hold controls,
        # which no page of ours needs (the templates hold none), so the page loses them too.
        return text.clean_text(render_to_string(document.template, context))


def static_folders():
    """Where a printout may read files: the project's static folders and where collectstatic writes."""
    folders = [
        settings.STATIC_ROOT,
        *getattr(settings, "STATICFILES_DIRS", ()),
        *(Path(apps.get_app_config(label).path) / "static" for label in ("ceremony", "awards")),
    ]
    return [Path(folder).resolve() for folder in folders if folder]


class ProjectFilesOnly(weasyprint.URLFetcher):
    """WeasyPrint's URL fetcher for our documents: regular files under `static_folders()`, nothing else.

    Refused: every scheme but file: (http, https, ftp, data...), a file: URL naming a host, a path
    outside the static folders (after following links, so a link cannot point out of them), and
    anything that is not a regular file (a named pipe would block the worker, a device never ends).
    A refusal raises ValueError, which WeasyPrint logs as a resource it could not load.
    """

    def __init__(self):
        super().__init__(allowed_protocols=("file",), allow_redirects=False, timeout=5)
        self.folders = static_folders()

    def allowed_path(self, url):
        """The file `url` names, if a printout may read it; None otherwise."""
        parts = urllib.parse.urlsplit(url)
        if parts.scheme.lower() != "file" or parts.netloc not in ("", "localhost"):
            return None
        try:
            path = Path(urllib.request.url2pathname(parts.path)).resolve(strict=True)
        except (OSError, RuntimeError, ValueError):
            return None
        if not any(path.is_relative_to(folder) for folder in self.folders) or not path.is_file():
            return None
        return path

    def fetch(self, url, headers=None):
        path = self.allowed_path(url)
        if path is not None:
            # Without blocking, so that a named pipe put in place after the check cannot hang us,
            # and without following a link put there since.
            descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOFOLLOW | os.O_CLOEXEC)
            if stat.S_ISREG(os.fstat(descriptor).st_mode):
                content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
                return URLFetcherResponse(url, os.fdopen(descriptor, "rb"), {"Content-Type": content_type})
            os.close(descriptor)
        logger.warning("A printout asked for %r: refused, printouts read only the static files", url[:300])
        raise ValueError(f"Not one of the project's static files: {url[:300]!r}")


def render_pdf(document):
    """The document's PDF; an event-wide one printed before with exactly the same content is not
    rendered again (the copy kept shows when it was first printed)."""
    if not document.cacheable:
        return pdf_from_html(render_html(document))
    fingerprint = document_fingerprint(document)
    pdf = print_cache.cached_pdf(fingerprint)
    if pdf is None:
        pdf = pdf_from_html(render_html(document))
        print_cache.pdf_keep(fingerprint, pdf)
    return pdf


def document_fingerprint(document):
    """A digest of everything the document shows: its page as printed, but for the time of printing.

    Items, venues, people, translations, the language, the template and the print stylesheet all end
    up in that page, so any change that would show on paper changes the fingerprint; what the page
    only names (the fonts, a static image) is covered by the WeasyPrint version and
    PRINT_CACHE_VERSION. The page costs a small fraction of the PDF made from it.
    """
    digest = hashlib.sha256()
    for part in (PRINT_CACHE_VERSION, weasyprint.__version__, render_html(document, printed_at=None)):
        digest.update(part.encode())
        digest.update(b"\0")
    return digest.hexdigest()


def pdf_from_html(html):
    """The PDF of a page of ours; WeasyPrint reads only what ProjectFilesOnly allows."""
    return weasyprint.HTML(
        string=html, base_url=str(settings.BASE_DIR), url_fetcher=ProjectFilesOnly()
    ).write_pdf()


# Printouts carry personal data (manifests, itineraries, badges): no cache, shared or the browser's,
# keeps a copy, as for the private files.
CACHE_CONTROL = "private, no-store"


def pdf_response(document, *, disposition="attachment"):
    """The document as a PDF download (`attachment`) or to show in the browser (`inline`)."""
    response = HttpResponse(render_pdf(document), content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(
        disposition == "attachment", f"{document.filename}.pdf"
    )
    response["Cache-Control"] = CACHE_CONTROL
    return response


def attendee_language(attendee):
    """The language an attendee's own papers print in: the person's preferred language, or else the
    event's. Needs the attendee's person and event fetched with it."""
    return attendee.person.preferred_language or attendee.event.default_language


def languages_suffix(languages):
    """What ends a download's name: `kk`, or `en-ru` for a printout in several (in LANGUAGES order)."""
    found = set(languages)
    return "-".join(code for code, _name in settings.LANGUAGES if code in found)


def _own_languages(event, attendees, language):
    """Each attendee's language: `language` for all when one is asked, else each one's own."""
    return [language or attendee_language(attendee) for attendee in attendees] or [
        language or event.default_language
    ]


def _named(
    name, document_template, event, languages, stem, printed, cacheable=False, running_header=True, **context
):
    """The document, its file name `stem` and the languages it is printed in. A document in several
    languages (each attendee's page in theirs) has its name and footer in the event's language.

    `printed` (languages.Printed) are the texts it prints; the running header adds the event's name
    in the document's language (badges have none: each badge prints the name in its own).
    """
    language = languages[0] if len(set(languages)) == 1 else event.default_language
    header = [Printed(language, [event], ("name",))] if running_header else []
    with translation.override(language):
        return PrintDocument(
            template=document_template,
            name=str(name()),
            filename=f"{stem}-{languages_suffix(languages)}",
            event=event,
            language=language,
            context=context,
            cacheable=cacheable,
            languages=tuple(code for code, _name in settings.LANGUAGES if code in set(languages)),
            printed_texts=header + printed,
        )


def program_document(*, event, items, language):
    """The public program: public items by day and time, with venue and who speaks, hosts or presents."""
    items = list(items)
    days = {}
    for item in items:
        # The day as the event's clock has it: 01:30 in Baikonur is still the previous day in UTC.
        days.setdefault(event.localtime(item.starts_at).date(), []).append(item)
    return _named(
        lambda: _("Program"),
        "print/program.html",
        event,
        [language],
        f"{event.slug}-program",
        [
            Printed(language, [event], ("city",)),
            Printed(language, items, ("title", "description")),
            Printed(language, [item.venue for item in items], ("name",)),
            Printed(language, _videos(items), ("speaker_title", "speaker_name")),
            # Participants print with their position, not their honorific.
            Printed(language, [part.attendee.person for part in _participations(items)], ("position",)),
        ],
        cacheable=True,
        days=days.items(),
    )


def _videos(items):
    return [video for item in items for video in item.video_addresses.all()]


def _participations(items):
    return [participation for item in items for participation in item.participations.all()]


def precedence_document(*, event, attendees, language):
    """The event's order of precedence, for protocol officers."""
    return _named(
        lambda: _("Order of precedence"),
        "print/precedence.html",
        event,
        [language],
        f"{event.slug}-precedence",
        [
            Printed(language, [attendee.person for attendee in attendees], ("honorific", "position")),
            Printed(language, [attendee.delegation for attendee in attendees], ("name",)),
        ],
        cacheable=True,
        attendees=attendees,
    )


def run_of_show_document(*, event, items, language, conflicts=None, timings=None):
    """For staff: every item minute by minute, with the cues for videos, awards and visits.

    `conflicts` ({kind: [Conflict]}, from rules.warnings.event_conflicts) are listed first, so that
    nobody misses them. `timings` ({item pk: ceremony.show.ItemTiming}, selectors.show_timings), once
    the show has been run, add the actual times and the delays beside the planned ones.
    """
    items = list(items)
    for item in items:
        item.show_timing = (timings or {}).get(item.pk)
    visits = [item.facility_visit for item in items if getattr(item, "facility_visit", None)]
    groups = [(KINDS[kind][0], found) for kind, found in (conflicts or {}).items()]
    return _named(
        lambda: _("Run-of-show"),
        "print/run_of_show.html",
        event,
        [language],
        f"{event.slug}-run-of-show",
        [
            # Not the description, which the public program prints; the staff notes.
            Printed(language, items, ("title", "staff_notes")),
            Printed(language, [item.venue for item in items], ("name",)),
            Printed(language, _videos(items), ("speaker_name", "speaker_title")),
            # A visit's facility and transport, not its assembly point (on the itineraries and the
            # manifest).
            Printed(language, [visit.facility for visit in visits], ("name",)),
            Printed(language, visits, ("transport",)),
        ],
        cacheable=True,
        items=items,
        conflict_groups=groups,
        timings=timings or {},
    )


def itinerary_document(*, event, attendees, language=None):
    """One page per attendee: the items they take part in, their role, venue and times.

    In `language`, or (None) each attendee's page in their own language (`attendee_language`).
    """
    languages = _own_languages(event, attendees, language)
    people, printed = [], []
    for attendee, own in zip(attendees, languages, strict=False):
        with translation.override(own):  # the roles are words of that language
            entries = itinerary_entries(attendee)
        people.append({"attendee": attendee, "language": own, "entries": entries})
        items = [entry["item"] for entry in entries]
        visits = [entry["visit"].visit for entry in entries if entry["visit"]]
        printed += [
            Printed(own, [attendee.person], ("honorific", "position")),
            Printed(own, [attendee.person.organization, attendee.delegation], ("name",)),
            Printed(own, items, ("title",)),
            Printed(own, [item.venue for item in items] + [visit.facility for visit in visits], ("name",)),
            Printed(own, visits, ("assembly_point", "transport")),
            Printed(own, [entry["seat"].section for entry in entries if _in_a_section(entry)], ("name",)),
        ]
    stem = f"itinerary-{attendees[0].pk}" if len(attendees) == 1 else f"{event.slug}-itineraries"
    return _named(
        lambda: _("Personal itinerary"),
        "print/itinerary.html",
        event,
        languages,
        stem,
        printed,
        people=people,
    )


def _in_a_section(entry):
    return entry.get("seat") is not None and entry["seat"].section_id is not None


def itinerary_entries(attendee):
    """The attendee's program items and facility visits, merged and in time order."""
    entries = {}
    for participation in attendee.participations.all():
        item = participation.program_item
        entries[item.pk] = {"item": item, "role": participation.role_label, "visit": None}
    for visitor in attendee.visits.all():
        item = visitor.visit.program_item
        entry = entries.setdefault(item.pk, {"item": item, "role": _("Visitor"), "visit": None})
        entry["visit"] = visitor
    recipient = attendee.person.label_for("award recipient", _("Award recipient"))
    for presentation in attendee.awards_received.all():
        item = presentation.ceremony
        entries.setdefault(item.pk, {"item": item, "role": recipient, "visit": None})
    for presentation in attendee.awards_presented.all():
        item = presentation.ceremony
        entries.setdefault(item.pk, {"item": item, "role": _("Presents awards"), "visit": None})
    for seat in attendee.seat_assignments.all():
        if seat.program_item_id in entries:
            entries[seat.program_item_id]["seat"] = seat
    return sorted(entries.values(), key=lambda entry: (entry["item"].starts_at, entry["item"].pk))


def manifest_document(*, visit, visitors, language):
    """For site security: every visitor with identity document and clearance, and signature lines."""
    event = visit.program_item.event
    return _named(
        lambda: _("Visit manifest"),
        "print/manifest.html",
        event,
        [language],
        f"manifest-{visit.pk}",
        [
            Printed(language, [visit.facility], ("name",)),
            Printed(language, [visit.program_item], ("title",)),
            Printed(language, [visit], ("transport", "assembly_point")),
            Printed(language, [visitor.attendee.person.organization for visitor in visitors], ("name",)),
            Printed(language, [visitor.attendee.delegation for visitor in visitors], ("name",)),
            Printed(language, visitors, ("clearance_notes",)),
        ],
        visit=visit,
        visitors=visitors,
    )


# Seats printed across a landscape A4 page at most: a name with initials fits a seat of ~17 mm. A
# section wider than that prints in blocks of seats of about equal width, one after the other.
SEATS_ACROSS = 15
# Points across the page for the seats (A4 landscape less margins and the row labels), and what a
# letter of the seats' smallest type takes (DejaVu Sans, Cyrillic, 4.5 pt), with a seat's padding:
# a section with a longer family name prints fewer seats across, so that the name fits its seat.
SEATS_WIDTH_PT, LETTER_PT, SEAT_PADDING_PT = 729, 3.1, 6


def seating_document(*, program_item, seats, language):
    """The seating chart of an item, as the hall is laid out: section by section (each section on a
    page of its own), front row first, on A4 landscape; then the index of guests to their seats.

    A section prints the rows where someone sits, across the seats from the lowest to the highest
    taken, in blocks of SEATS_ACROSS seats, leaving out blocks and rows where nobody sits: an empty
    hall of 2,000 seats is not drawn seat by seat, and no page is left empty. A gap marks rows left
    out. `seats`: selectors.seats_for_chart.
    """
    layout = {section.key: section for section in program_item.venue.layout()}
    order = {key: index for index, key in enumerate(layout)}
    by_section = collections.defaultdict(list)
    for seat in seats:
        by_section[seat.section_id].append(seat)
    with translation.override(language):
        parts = []
        for key in sorted(by_section, key=lambda key: (order.get(key, len(order)), key or 0)):
            section = layout.get(key) or _seat_section(by_section[key][0])
            parts += _chart_parts(section, by_section[key])
        index = sorted(
            (
                {
                    "attendee": seat.attendee,
                    "name": seat.attendee.person.name_in(language),
                    "section": seat.section,
                    "row": _seat_section(seat, layout).row_label(seat.row),
                    "seat": seat.seat,
                }
                for seat in seats
            ),
            key=lambda entry: (wording.alphabetical_key(entry["name"], language), entry["attendee"].pk),
        )
    sections = [seat.section for seat in seats if seat.section_id]
    return _named(
        lambda: _("Seating chart"),
        "print/seating.html",
        program_item.event,
        [language],
        f"seating-{program_item.pk}",
        [
            Printed(language, [program_item], ("title",)),
            Printed(language, [program_item.venue], ("name",)),
            Printed(language, list({section.pk: section for section in sections}.values()), ("name",)),
        ],
        cacheable=True,
        item=program_item,
        parts=parts,
        index=index,
        seated=len(seats),
    )


def _seat_section(seat, layout=None):
    """The layout a seat is printed in: its section's, or the venue's own block; a seat left in a
    layout the venue no longer has prints with its numbers as they are."""
    found = (layout or {}).get(seat.section_id)
    if found is not None:
        return found
    if seat.section_id:
        return seat.section.geometry
    return layouts.Section(rows=seat.row, seats_per_row=seat.seat)


def _longest_word(name):
    return max((len(word) for word in name.split()), default=0)


def _chart_place(number, attendee, names):
    """A seat of the chart: its number and, when taken, the name with initials, in smaller type
    when a word of it is long (no name is cut)."""
    if attendee is None:
        return {"number": number, "attendee": None}
    name = names[attendee.pk]
    longest = _longest_word(name)
    size = "longer" if longest > 12 else "long" if longest > 10 else ""
    return {"number": number, "attendee": attendee, "name": name, "size": size}


def _chart_parts(section, seats):
    """A section's blocks of seats that someone sits in, each with its rows: up to SEATS_ACROSS
    seats across, fewer when a name is long."""
    by_place = {}
    for seat in seats:
        position = section.position_of(seat.seat) or seat.seat
        by_place[(seat.row, position)] = seat.attendee
    language = translation.get_language()
    names = {seat.attendee.pk: seat.attendee.person.short_name_in(language) for seat in seats}
    longest = max(_longest_word(name) for name in names.values())
    across = max(4, min(SEATS_ACROSS, int(SEATS_WIDTH_PT // (LETTER_PT * longest + SEAT_PADDING_PT))))
    positions = sorted({position for _row, position in by_place})
    first, last = positions[0], positions[-1]
    blocks = -(-(last - first + 1) // across)
    width = -(-(last - first + 1) // blocks)
    parts = []
    for start in range(first, last + 1, width):
        columns = range(start, min(start + width, last + 1))
        taken = sorted({row for row, position in by_place if position in columns})
        if not taken:
            continue
        rows, previous = [], 0
        for row in taken:
            places = [
                _chart_place(section.number_at(position), by_place.get((row, position)), names)
                for position in columns
            ]
            rows.append({"label": section.row_label(row), "places": places, "after_gap": row != previous + 1})
            previous = row
        parts.append(
            {
                "section": section.record,
                "first_of_section": not parts,
                "numbers": [section.number_at(position) for position in columns],
                "rows": rows,
            }
        )
    for part in parts:
        part["split"] = len(parts) > 1  # its heading says which seats it shows
    return parts


def award_script_document(*, ceremony, presentations, language):
    """The award ceremony in calling order: recipient, award, citation, decree and presenter."""
    return _named(
        lambda: _("Award ceremony script"),
        "print/award_script.html",
        ceremony.event,
        [language],
        f"awards-{ceremony.pk}",
        [
            Printed(language, [ceremony], ("title",)),
            Printed(language, [ceremony.venue], ("name",)),
            Printed(
                language,
                [presentation.recipient.person for presentation in presentations],
                ("honorific", "position"),
            ),
            Printed(language, [presentation.award for presentation in presentations], ("name",)),
            Printed(language, presentations, ("citation", "decree_number")),
        ],
        cacheable=True,
        ceremony=ceremony,
        presentations=presentations,
    )


# A colour band per category, so that ushers read a badge from across a hall.
CATEGORY_COLOURS = {
    AttendeeCategory.HEAD_OF_STATE: "#7a0019",
    AttendeeCategory.GOVERNMENT_OFFICIAL: "#b3001b",
    AttendeeCategory.DIGNITARY: "#c8102e",
    AttendeeCategory.SPACE_INDUSTRY: "#00558c",
    AttendeeCategory.COSMONAUT: "#003da5",
    AttendeeCategory.VETERAN: "#6d2077",
    AttendeeCategory.ENGINEER: "#007a53",
    AttendeeCategory.STUDENT: "#f2a900",
    AttendeeCategory.RESIDENT: "#5b6770",
    AttendeeCategory.PRESS: "#e35205",
    AttendeeCategory.STAFF: "#212721",
    AttendeeCategory.OTHER: "#8a8d8f",
}


def badge_qr(code):
    """The badge's QR code (segno's): a standard one (never Micro QR, which phone cameras and zbar do
    not read) holding exactly the check-in code."""
    return segno.make(code, error="m", micro=False)


def badge_qr_svg(code):
    """`badge_qr` as printed, with its quiet zone of four modules."""
    return badge_qr(code).svg_inline(scale=3, border=4)


def badges_document(*, event, attendees, language=None):
    """A6 badges, four to an A4 sheet: name, organization, the seats it holds, a category band and a
    QR code. `attendees`: selectors.attendees_for_badges.

    In `language`, or (None) each attendee's badge in their own language (`attendee_language`).
    """
    languages = _own_languages(event, attendees, language)
    badges = [
        {
            "attendee": attendee,
            "language": own,
            "colour": CATEGORY_COLOURS[attendee.category],
            "qr": mark_safe(badge_qr_svg(attendee.badge_code)),  # noqa: S308
        }
        for attendee, own in zip(attendees, languages, strict=False)
    ]
    sheets = [badges[start : start + 4] for start in range(0, len(badges), 4)]
    # A badge prints the event's name and the organization's, not the person's position, honorific
    # or delegation.
    printed = [
        Printed(own, [event, attendee.person.organization], ("name",))
        for attendee, own in zip(attendees, languages, strict=False)
    ]
    # And where its holder sits: the item's title and the section.
    for attendee, own in zip(attendees, languages, strict=False):
        seats = attendee.seat_assignments.all()
        printed += [
            Printed(own, [seat.program_item for seat in seats], ("title",)),
            Printed(own, [seat.section for seat in seats if seat.section_id], ("name",)),
        ]
    return _named(
        lambda: _("Badges"),
        "print/badges.html",
        event,
        languages,
        f"{event.slug}-badges",
        printed,
        running_header=False,
        sheets=sheets,
    )


def program_calendar_file_name(*, event, language):
    return f"{event.slug}-program-{language}.ics"


def program_calendar(*, event, items, language):
    """The public program as an iCalendar file, for guests' phones.

    Text goes in as the calendar library's TEXT values, which it escapes (line breaks, commas,
    semicolons, backslashes); controls that records stored before they were cleaned on save may still
    hold are removed first, since a calendar line may hold none.
    """
    with translation.override(language), event_fallbacks(event):
        calendar = icalendar.Calendar()
        calendar.add("prodid", "-//Ceremony back office//EN")
        calendar.add("version", "2.0")
        # An X- property is written as it is unless it is given as TEXT.
        calendar.add("x-wr-calname", icalendar.vText(text.clean_line(str(event.name))))
        calendar.add("x-wr-timezone", event.time_zone)
        for item in items:
            entry = icalendar.Event()
            entry.add("uid", f"program-item-{item.pk}@{event.slug}")
            entry.add("dtstamp", datetime.datetime.now(tz=datetime.UTC))
            entry.add("dtstart", item.starts_at)
            entry.add("dtend", item.ends_at)
            entry.add("summary", icalendar.vText(text.clean_line(item.title)))
            if item.venue:
                entry.add("location", icalendar.vText(text.clean_line(item.venue.name)))
            if item.description:
                entry.add("description", icalendar.vText(text.clean_text(item.description)))
            calendar.add_component(entry)
        return calendar.to_ical()


# ---------------------------------------------------------------------------------------------------
# Needs lists: what the caterers and the ushers need to know of the guests


def placed_with_need(item, need):
    """The attendees an item fetched by `selectors.program_items_with_needs` places who have `need`
    and have not declined, once each, by name as the document prints it, each with their role."""
    found = {}
    for placement in item_placements(item):
        attendee = placement.attendee
        if getattr(attendee, need) and attendee.rsvp_status != RsvpStatus.DECLINED:
            found.setdefault(attendee.pk, {"attendee": attendee, "role": _placement_role(placement)})
    return sorted(
        found.values(),
        key=lambda row: (
            row["attendee"].person.name_in(translation.get_language()).casefold(),
            row["attendee"].pk,
        ),
    )


def _placement_role(placement):
    person = placement.attendee.person
    if placement.field == "recipient":
        return person.label_for("award recipient", _("Award recipient"))
    if placement.role is None:
        return _("Visitor")
    if placement.field == "presenter":
        return _("Presents awards")
    return person.label_for(ParticipantRole(placement.role))


def catering_document(*, event, items, language):
    """For the caterers: each meal of the program (a reception, or an item with banquet tables:
    `selectors.meals`), with the guests taking part or invited (not those who declined) who have
    dietary needs, and how many ask for each need. `items`: selectors.program_items_with_needs of
    the meals."""
    items = list(items)
    meals = []
    with translation.override(language):
        for item in items:
            guests = placed_with_need(item, "dietary_needs")
            # The same need written in another case or with other spaces is counted as one.
            counts, written = collections.Counter(), {}
            for row in guests:
                need = row["attendee"].dietary_needs
                key = " ".join(need.split()).casefold()
                counts[key] += 1
                written.setdefault(key, need.strip())
            tally = [
                (written[key], count)
                for key, count in sorted(counts.items(), key=lambda pair: (-pair[1], pair[0]))
            ]
            meals.append({"item": item, "guests": guests, "needs": tally, "total": item.participant_total})
    return _named(
        lambda: _("Catering list"),
        "print/catering.html",
        event,
        [language],
        f"{event.slug}-catering",
        [
            Printed(language, items, ("title",)),
            Printed(language, [item.venue for item in items], ("name",)),
        ],
        cacheable=True,
        meals=meals,
    )


def accessibility_document(*, event, items, entrances, language):
    """For the ushers: by venue, then by entrance, each item where someone who has accessibility
    needs takes part, with those people, their needs and role.

    A guest is listed under each entrance that leads to the item (`Entrance.leads_to`: the item or
    its venue is among the entrance's) and admits the guest's category; one that none admits comes
    under "No entrance set". `items`: selectors.program_items_with_needs of every item, in time
    order; venues in the order of their first such item. `entrances`: selectors.entrances_of, by
    name, "No entrance set" after them."""
    venues = {}
    with translation.override(language):
        for item in items:
            people = placed_with_need(item, "accessibility_needs")
            if not people:
                continue
            venue = venues.setdefault(item.venue_id, {"venue": item.venue, "doors": {}, "people": set()})
            venue["people"] |= {row["attendee"].pk for row in people}
            serving = [entrance for entrance in entrances if entrance.leads_to(item)]
            by_door = collections.defaultdict(list)
            for row in people:
                admitting = [e for e in serving if e.admits_category(row["attendee"].category)] or [None]
                for entrance in admitting:
                    by_door[entrance].append(row)
            for entrance, rows in by_door.items():
                door = venue["doors"].setdefault(entrance, {"entrance": entrance, "items": []})
                door["items"].append({"item": item, "people": rows})
    order = {entrance: index for index, entrance in enumerate([*entrances, None])}
    return _named(
        lambda: _("Accessibility list"),
        "print/accessibility.html",
        event,
        [language],
        f"{event.slug}-accessibility",
        [
            Printed(language, [venue["venue"] for venue in venues.values()], ("name",)),
            Printed(
                language,
                [
                    entry["item"]
                    for venue in venues.values()
                    for door in venue["doors"].values()
                    for entry in door["items"]
                ],
                ("title",),
            ),
        ],
        cacheable=True,
        venues=[
            {
                "venue": venue["venue"],
                "people": len(venue["people"]),
                "doors": sorted(venue["doors"].values(), key=lambda door: order[door["entrance"]]),
            }
            for venue in venues.values()
        ],
    )


# ---------------------------------------------------------------------------------------------------
# Banquets: the table plan, place cards and table cards


def table_plan_document(*, program_item, tables, language):
    """The tables of a banquet with their guests in seat order, the host's table first.
    `tables`: selectors.tables_for_plan."""
    places = [place for table in tables for place in table.placed]
    return _named(
        lambda: _("Table plan"),
        "print/table_plan.html",
        program_item.event,
        [language],
        f"table-plan-{program_item.pk}",
        [
            Printed(language, [program_item], ("title",)),
            Printed(language, [program_item.venue], ("name",)),
            Printed(language, tables, ("name",)),
            Printed(language, [place.attendee.delegation for place in places], ("name",)),
        ],
        cacheable=True,
        item=program_item,
        tables=tables,
        placed=len(places),
    )


def invitation_cards_printed(*, event, attendees):
    """The language of each attendee's card, and the texts the cards print (languages.Printed): known
    before printing, which makes the links, so that the page that asks to print can list what a
    card's language lacks."""
    languages = _own_languages(event, attendees, None)
    printed = []
    for attendee, own in zip(attendees, languages, strict=False):
        printed.append(Printed(own, [event], ("name", "city", "rsvp_contact")))
        printed.append(Printed(own, [attendee.person], ("honorific",)))
    return languages, printed


def invitation_cards_document(*, event, cards):
    """Printed invitations, one A5 card per guest in the guest's own language (`attendee_language`):
    the form of address and the name, the event, its dates and city, the reply deadline and whom to
    contact, the personal link as a QR code and the short address to type.

    `cards`: [(attendee, url, short_address)], the links just issued (services.invitations): a
    card's link is readable only once, when it is made, so the cards are not kept."""
    languages, printed = invitation_cards_printed(event=event, attendees=[attendee for attendee, *_ in cards])
    rows = []
    for (attendee, url, short_address), own in zip(cards, languages, strict=False):
        # A standard QR code with its quiet zone: for short data segno would pick a Micro QR,
        # which phones do not read.
        qr = segno.make(url, error="m", micro=False).svg_inline(scale=3, border=4)
        rows.append(
            {
                "attendee": attendee,
                "person": attendee.person,
                "language": own,
                "url": url,
                "short": short_address,
                "qr": mark_safe(qr),  # noqa: S308
            }
        )
    return _named(
        lambda: _("Invitation cards"),
        "print/invitation_cards.html",
        event,
        languages,
        f"{event.slug}-invitation-cards",
        printed,
        running_header=False,
        cards=rows,
    )


# A place card's name: across a face of 132.5 mm (A6 less its padding) in DejaVu Sans Bold of at
# most 22 pt, and of at least 9 pt for a very long word (which then breaks rather than run off the
# card); what a capital and another letter take of the type's size, a little more than Cyrillic's
# widest usual letters do.
CARD_NAME_WIDTH_PT, CARD_NAME_PT, CARD_NAME_SMALLEST_PT = 375, 22, 9
CAPITAL_EM, LETTER_EM = 0.95, 0.78
# The word joiner, written after a hyphen: a double-barrelled name breaks at a space, not at its hyphen.
WORD_JOINER = "\u2060"


def _card_name(name):
    """A place card's name as printed, kept whole at its hyphens, and its size in points: the type
    shrinks so that the longest word of the name fits across the card."""
    widest = max(
        (sum(CAPITAL_EM if c.isupper() else LETTER_EM for c in word) for word in name.split()), default=0
    )
    size = CARD_NAME_PT if widest == 0 else min(CARD_NAME_PT, CARD_NAME_WIDTH_PT / widest)
    return name.replace("-", "-" + WORD_JOINER), round(max(size, CARD_NAME_SMALLEST_PT), 1)


def place_cards_document(*, program_item, tables, language=None):
    """Folded tent cards, one per guest placed, table by table: the form of address and the name, in
    `language` or (None) each guest's own (`attendee_language`), with the table's number. A long
    name is printed whole, in smaller type (_card_name).

    Two cards to an A4 landscape sheet; each card is an A5 folded across the middle into two A6
    faces, the upper one upside down so that the folded card reads upright from both sides."""
    places = [place for table in tables for place in table.placed]
    attendees = [place.attendee for place in places]
    languages = _own_languages(program_item.event, attendees, language)
    cards = []
    for place, own in zip(places, languages, strict=False):
        name, size = _card_name(place.attendee.person.name_in(own))
        cards.append(
            {
                "place": place,
                "person": place.attendee.person,
                "language": own,
                "name": name,
                "name_size": size,
            }
        )
    return _named(
        lambda: _("Place cards"),
        "print/place_cards.html",
        program_item.event,
        languages,
        f"place-cards-{program_item.pk}",
        [Printed(card["language"], [card["person"]], ("honorific",)) for card in cards],
        running_header=False,
        sheets=[cards[start : start + 2] for start in range(0, len(cards), 2)],
    )


def table_cards_document(*, program_item, tables, language):
    """A tent card per table of the venue, its number large and its name: folded as place cards
    are, one to an A4 landscape sheet."""
    tables = list(tables)
    return _named(
        lambda: _("Table cards"),
        "print/table_cards.html",
        program_item.event,
        [language],
        f"table-cards-{program_item.pk}",
        [Printed(language, tables, ("name",))],
        running_header=False,
        tables=tables,
    )
