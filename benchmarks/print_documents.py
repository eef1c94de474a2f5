"""How fast the printouts are on a big event, against a bare WeasyPrint render of as many pages.

    .venv/bin/python benchmarks/print_documents.py [--items 500] [--attendees 5000] [--itineraries 1000]
        [--database-url URL] [--repeat 3] [--save-pdfs DIR]
        [--profile program|run-of-show|itineraries|floor]

Runs on a throwaway database (a temporary SQLite file unless --database-url names an empty one): loads
the Baikonur 70 demo, scales the event up with bulk_create to --items program items and --attendees
attendees (fixed seed, so every run prints the same documents), then times what the print views do,
from the selector's queries to the PDF bytes:
- the public program (public items, as /print/<slug>/program.pdf);
- the run-of-show (all items, as /print/<slug>/run-of-show.pdf);
- one PDF of the itineraries of --itineraries attendees who take part in items (the admin action);
- the floor: WeasyPrint alone on a bare HTML page with one plain table holding a row per public item,
  with the same text (time, title and description, venue, two names), font and A4 page, its row
  spacing adjusted until it has about as many pages as the program.

Every document is rendered once on the unscaled demo first (templates, fonts and Pango warmed up);
that warm-up is not timed. The program and the floor are then timed --repeat times each, in turn, and
the best of each is kept; the run-of-show and the itineraries once. The bar: the program within 2x of
the floor, i.e. the Django side (queries and template) adds at most as much as the rendering itself.
These runs print afresh, past the print cache.

Then the program and the run-of-show are printed twice each as a user prints them, through the print
cache: the bar, the second print at most 5% of the first.
"""

import argparse
import cProfile
import datetime
import gc
import html
import io
import pstats
import random
import sys
import tempfile
import time
from pathlib import Path

from throwaway_db import setup_django

SEED = 70
PROGRAM_BAR = 2.0
TWICE_BAR = 0.05  # the second print of an unchanged program, against the first
PROGRAM = "program (public items)"
FLOOR = "floor (bare WeasyPrint table)"

# (en, ru, kk) titles of the generated items; {n} is a running number, {site} a launch site.
TITLES = [
    (
        "Meeting with veterans of Site {site}",
        "Встреча с ветеранами площадки № {site}",
        "№ {site} алаң ардагерлерімен кездесу",
    ),
    (
        "Lecture: the history of the Proton launch vehicle",
        "Лекция: история ракеты-носителя «Протон»",
        "Дәріс: «Протон» зымыран-тасығышының тарихы",
    ),
    (
        "Round table on space education, group {n}",
        "Круглый стол о космическом образовании, группа {n}",
        "Ғарыштық білім беру туралы дөңгелек үстел, {n}-топ",
    ),
    (
        "Concert of the city's youth ensembles",
        "Концерт молодёжных ансамблей города",
        "Қаланың жастар ансамбльдерінің концерті",
    ),
    (
        "Exhibition tour “Baikonur at 70”, group {n}",
        "Экскурсия по выставке «Байконуру — 70», группа {n}",
        "«Байқоңырға — 70» көрмесіне экскурсия, {n}-топ",
    ),
    (
        "Laying flowers at the monument to Sergei Korolev",
        "Возложение цветов к памятнику С. П. Королёву",
        "С. П. Королёв ескерткішіне гүл қою",
    ),
    (
        "Session: satellite communications of Kazakhstan",
        "Секция: спутниковая связь Казахстана",
        "Секция: Қазақстанның спутниктік байланысы",
    ),
    (
        "Students' robotics contest, heat {n}",
        "Конкурс студенческой робототехники, заезд {n}",
        "Студенттік робототехника байқауы, {n}-кезең",
    ),
    (
        "Meeting of the Council of Veterans with students",
        "Встреча Совета ветеранов со студентами",
        "Ардагерлер кеңесінің студенттермен кездесуі",
    ),
    (
        "Panel: Baiterek, the launch complex of the future",
        "Панельная дискуссия: «Байтерек» — стартовый комплекс будущего",
        "Панельдік талқылау: «Бәйтерек» — болашақтың ұшыру кешені",
    ),
]
DESCRIPTIONS = [
    (
        "Short talks, then questions from the hall; simultaneous interpretation into Kazakh and Russian.",
        "Короткие выступления, затем вопросы из зала; синхронный перевод на казахский и русский языки.",
        "Қысқа баяндамалар, содан кейін залдан сұрақтар; қазақ және орыс тілдеріне ілеспе аударма.",
    ),
    (
        "Guided by the museum's staff; the group gathers at the entrance ten minutes before the start.",
        "Проводят сотрудники музея; группа собирается у входа за десять минут до начала.",
        "Мұражай қызметкерлері жүргізеді; топ басталуға он минут қалғанда кіреберісте жиналады.",
    ),
    (
        "Open to all guests with a badge; seats for veterans are reserved in the first rows.",
        "Для всех гостей с бейджем; места для ветеранов забронированы в первых рядах.",
        "Бейджі бар барлық қонақтарға ашық; ардагерлерге алғашқы қатарлардан орын брондалған.",
    ),
    (
        "Photographs and documents from the archive of the cosmodrome, shown for the first time.",
        "Фотографии и документы из архива космодрома, показываются впервые.",
        "Ғарыш айлағы мұрағатының фотосуреттері мен құжаттары алғаш рет көрсетіледі.",
    ),
]
STAFF_NOTES = [
    "Check the microphones and the interpretation booth 30 minutes before.",
    "Transport: two buses from the Palace of Culture, departure 15 minutes before the start.",
    "Photographers only from the press area; no filming inside the hangar.",
]
POSITIONS = [
    ("Launch systems engineer", "Инженер стартовых систем", "Ұшыру жүйелерінің инженері"),
    (
        "Veteran of the Baikonur cosmodrome",
        "Ветеран космодрома «Байконур»",
        "«Байқоңыр» ғарыш айлағының ардагері",
    ),
    ("Student", "Студент", "Студент"),
    ("Head of department", "Начальник отдела", "Бөлім басшысы"),
    ("Correspondent", "Корреспондент", "Тілші"),
    ("Teacher of physics", "Учитель физики", "Физика пәнінің мұғалімі"),
    ("Resident of Baikonur", "Житель Байконура", "Байқоңыр тұрғыны"),
]
VIDEO_SPEAKERS = [
    (
        ("Talgat Musabayev", "Талгат Мусабаев", "Тоқтар Мұсабаев"),
        ("Pilot-cosmonaut", "Лётчик-космонавт", "Ұшқыш-ғарышкер"),
    ),
    (
        ("Aidyn Aimbetov", "Айдын Аимбетов", "Айдын Айымбетов"),
        ("Pilot-cosmonaut", "Лётчик-космонавт", "Ұшқыш-ғарышкер"),
    ),
    (
        ("Director of the museum", "Директор музея", "Мұражай директоры"),
        ("Museum of the cosmodrome", "Музей космодрома", "Ғарыш айлағының мұражайы"),
    ),
]
KINDS = ("speech", "meeting", "youth_education", "cultural_program", "tribute", "reception", "other")
CATEGORIES = ("veteran", "engineer", "student", "resident", "space_industry", "press", "other")


def timed(function):
    start = time.perf_counter()
    result = function()
    return time.perf_counter() - start, result


# ---------------------------------------------------------------------------------------------------
# The scaled-up event


def _person_name(rng):
    from ceremony.demo import guests as names

    nation, female = rng.choice(("kk", "kk", "kk", "ru", "ru")), rng.random() < 0.45
    if nation == "kk":
        given, given_latin = rng.choice(names.KAZAKH_WOMEN if female else names.KAZAKH_MEN)
        family, family_latin = rng.choice(names.KAZAKH_FAMILIES)
        patronymic = rng.choice(names.KAZAKH_FATHERS) + ("қызы" if female else "ұлы")
    else:
        given, given_latin = rng.choice(names.RUSSIAN_WOMEN if female else names.RUSSIAN_MEN)
        family, family_latin = rng.choice(names.RUSSIAN_FAMILIES)
        patronymic = rng.choice(names.RUSSIAN_PATRONYMICS)[1 if female else 0]
    if female:
        family, family_latin = family + "а", family_latin + "a"
    return {
        "family_name": family,
        "given_name": given,
        "patronymic": patronymic,
        "family_name_latin": family_latin,
        "given_name_latin": given_latin,
        "country": "KZ" if nation == "kk" or rng.random() < 0.7 else "RU",
    }


def scale_up(event, items, attendees):
    """Bring the event to `items` program items and `attendees` attendees, with bulk_create."""
    from django.db import transaction

    from ceremony.models import (
        Attendee,
        Organization,
        Participation,
        Person,
        ProgramItem,
        Venue,
        VideoAddress,
    )

    rng = random.Random(SEED)  # noqa: S311 (made-up guests from a fixed seed, not a secret)
    organizations = list(Organization.objects.order_by("pk").values_list("pk", flat=True))
    venues = list(Venue.objects.order_by("pk").values_list("pk", flat=True))
    staff = list(event.attendees.filter(category="staff").order_by("pk").values_list("pk", flat=True))
    with transaction.atomic():
        people = []
        for n in range(max(attendees - event.attendees.count(), 0)):
            position = rng.choice(POSITIONS)
            people.append(
                Person(
                    **_person_name(rng),
                    position_en=position[0],
                    position_ru=position[1],
                    position_kk=position[2],
                    organization_id=rng.choice(organizations),
                    # Unique, lower case and NULL for "none": what Person.save() would have written.
                    email=f"bench-guest-{n}@example.kz" if n % 3 == 0 else None,
                    preferred_language=rng.choice(("ru", "kk", "en")),
                )
            )
        people = Person.objects.bulk_create(people, batch_size=500)
        Attendee.objects.bulk_create(
            [
                Attendee(event=event, person=person, category=rng.choice(CATEGORIES), rsvp_status="confirmed")
                for person in people
            ],
            batch_size=500,
        )
        attendee_ids = list(event.attendees.order_by("pk").values_list("pk", flat=True))

        days = [
            event.start_date + datetime.timedelta(days=offset)
            for offset in range((event.end_date - event.start_date).days + 1)
        ]
        new_items = []
        for n in range(max(items - event.program_items.count(), 0)):
            day = days[n % len(days)]
            # Parallel tracks from 08:00 to 21:45, on the event's clock, in quarter hours.
            starts_at = datetime.datetime.combine(day, datetime.time(8), tzinfo=event.zone)
            starts_at += datetime.timedelta(minutes=15 * rng.randrange(56))
            ends_at = starts_at + datetime.timedelta(minutes=rng.choice((15, 20, 30, 45, 60)))
            title = rng.choice(TITLES)
            description = rng.choice(DESCRIPTIONS)
            number = {"n": n % 40 + 1, "site": rng.choice((1, 2, 31, 45, 81, 110, 200))}
            public = rng.random() < 0.85
            new_items.append(
                ProgramItem(
                    event=event,
                    title_en=title[0].format(**number),
                    title_ru=title[1].format(**number),
                    title_kk=title[2].format(**number),
                    description_en=description[0],
                    description_ru=description[1],
                    description_kk=description[2],
                    kind=rng.choice(KINDS),
                    starts_at=starts_at,
                    ends_at=ends_at,
                    venue_id=rng.choice(venues),
                    is_public=public,
                    staff_notes="" if public else rng.choice(STAFF_NOTES),
                    responsible_id=rng.choice(staff) if staff else None,
                )
            )
        new_items = ProgramItem.objects.bulk_create(new_items, batch_size=500)

        participations, videos = [], []
        for item in new_items:
            hosts, speakers, guests = 1, rng.randint(1, 2), rng.randint(1, 6)
            chosen = rng.sample(attendee_ids, hosts + speakers + guests)  # distinct: one part per item
            roles = ["host"] * hosts + ["speaker"] * speakers + ["guest"] * guests
            participations += [
                Participation(program_item=item, attendee_id=attendee, role=role, order=order)
                for order, (attendee, role) in enumerate(zip(chosen, roles, strict=True))
            ]
            if rng.random() < 0.06:
                for play_order in range(1, rng.randint(1, 2) + 1):
                    name, title = rng.choice(VIDEO_SPEAKERS)
                    videos.append(
                        VideoAddress(
                            program_item=item,
                            play_order=play_order,
                            speaker_name_en=name[0],
                            speaker_name_ru=name[1],
                            speaker_name_kk=name[2],
                            speaker_title_en=title[0],
                            speaker_title_ru=title[1],
                            speaker_title_kk=title[2],
                            country="KZ",
                            language=rng.choice(("kk", "ru")),
                            subtitle_languages="ru,en",
                            duration=datetime.timedelta(minutes=rng.randint(2, 6)),
                            status=rng.choice(("requested", "approved")),
                        )
                    )
        Participation.objects.bulk_create(participations, batch_size=500)
        VideoAddress.objects.bulk_create(videos, batch_size=500)


# ---------------------------------------------------------------------------------------------------
# The documents, as the views make them


def program(slug):
    """As views.program: the event by its slug, the selector's public items, the document."""
    from ceremony import printing, selectors
    from ceremony.models import Event

    event = Event.objects.get(slug=slug)
    items = selectors.program_items_for_print(event=event, public_only=True)
    return printing.program_document(event=event, items=items, language=event.default_language)


def run_of_show(slug):
    """As views.run_of_show: all items."""
    from ceremony import printing, selectors
    from ceremony.models import Event

    event = Event.objects.get(slug=slug)
    items = selectors.program_items_for_print(event=event, public_only=False)
    return printing.run_of_show_document(event=event, items=items, language=event.default_language)


def itineraries(pks):
    """As the admin action "Print itineraries of selected attendees": one document for the selection."""
    from ceremony import printing, selectors
    from ceremony.models import Attendee

    queryset = Attendee.objects.filter(pk__in=pks)
    assert len(set(queryset.values_list("event", flat=True).distinct())) == 1
    attendees = list(selectors.attendees_for_itinerary(queryset))
    event = attendees[0].event
    return printing.itinerary_document(event=event, attendees=attendees, language=event.default_language)


def taking_part(event, how_many):
    """Ids of `how_many` attendees who take part in items, as an organizer would select them."""
    from ceremony.models import Attendee

    pks = (
        Attendee.objects.filter(event=event, participations__isnull=False)
        .distinct()
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    return list(pks[:how_many])


# ---------------------------------------------------------------------------------------------------
# The floor: WeasyPrint alone, on one plain table with the program's text


def floor_rows(event):
    """(time, title, description, venue, two names) of each public item, in the event's language."""
    from django.utils import timezone, translation

    from ceremony import selectors

    rows = []
    with translation.override(event.default_language), timezone.override(event.zone):
        for item in selectors.program_items_for_print(event=event, public_only=True):
            names = [
                f"{part.attendee.person.full_name}, {part.attendee.person.position}"
                for part in list(item.participations.all())[:2]
            ]
            starts, ends = timezone.localtime(item.starts_at), timezone.localtime(item.ends_at)
            rows.append(
                (
                    f"{starts:%H:%M}–{ends:%H:%M}",
                    item.title,
                    item.description,
                    item.venue.name if item.venue else "",
                    names,
                )
            )
    return rows


def floor_html(rows, padding_mm):
    body = "".join(
        f"<tr><td>{when}</td><td><b>{html.escape(title)}</b><br>{html.escape(description)}</td>"
        f"<td>{html.escape(venue)}</td><td>{'<br>'.join(html.escape(name) for name in names)}</td></tr>"
        for when, title, description, venue, names in rows
    )
    return (
        '<!DOCTYPE html><html><head><meta charset="utf-8"><style>'
        "@page { size: A4; margin: 22mm 15mm 20mm 15mm; }"
        'html { font-family: "DejaVu Sans"; font-size: 9.5pt; line-height: 1.35; }'
        "table { width: 100%; border-collapse: collapse; }"
        f"td {{ vertical-align: top; padding: {padding_mm:.2f}mm 1.5mm; }}"
        "</style></head><body><table><thead><tr><th>Время</th><th>Программа</th><th>Место</th>"
        f"<th>Участники</th></tr></thead><tbody>{body}</tbody></table></body></html>"
    )


def floor_pdf(page_html):
    import weasyprint

    return weasyprint.HTML(string=page_html).write_pdf()


def calibrated_floor(rows, target_pages):
    """Floor HTML whose page count is within a page (or 3%) of `target_pages`: row padding adjusted."""
    usable_mm = 297 - 22 - 20
    padding, page_html, pages = 1.5, None, None
    for _attempt in range(6):
        page_html = floor_html(rows, padding)
        pages = page_count(floor_pdf(page_html))
        if abs(pages - target_pages) <= max(1, 0.03 * target_pages):
            break
        # Each row is (usable height x pages / rows) tall; pad it to the target's share of the height.
        padding = max(0.0, padding + usable_mm * (target_pages - pages) / len(rows) / 2)
    return page_html, pages, padding


# ---------------------------------------------------------------------------------------------------
# Measuring


def page_count(pdf):
    import pypdf

    return len(pypdf.PdfReader(io.BytesIO(pdf)).pages)


def measure(make):
    """One timed run of `make` (PDF bytes): seconds, pages, queries and the PDF."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    gc.collect()
    with CaptureQueriesContext(connection) as captured:
        seconds, pdf = timed(make)
    return seconds, page_count(pdf), len(captured.captured_queries), pdf


def html_seconds(make_document):
    """Time of the Django side alone: the queries and the template, to HTML."""
    from ceremony import printing

    gc.collect()
    seconds, _html = timed(lambda: printing.render_html(make_document()))
    return seconds


def profile(make, top=30):
    profiler = cProfile.Profile()
    profiler.runcall(make)
    stats = pstats.Stats(profiler, stream=sys.stdout).strip_dirs().sort_stats("cumulative")
    stats.print_stats(top)
    pstats.Stats(profiler, stream=sys.stdout).strip_dirs().sort_stats("tottime").print_stats(top)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--items", type=int, default=500)
    parser.add_argument("--attendees", type=int, default=5000)
    parser.add_argument("--itineraries", type=int, default=1000)
    parser.add_argument("--database-url")
    parser.add_argument(
        "--repeat",
        type=int,
        default=3,
        help="runs of the program and of the floor, taken in turn, best of each (the other documents: one)",
    )
    parser.add_argument(
        "--profile",
        choices=("program", "run-of-show", "itineraries", "floor"),
        help="instead of the report, cProfile one PDF of the scaled-up event",
    )
    parser.add_argument("--save-pdfs", type=Path, metavar="DIR", help="write the measured PDFs there")
    options = parser.parse_args()

    started = time.perf_counter()
    workdir = Path(tempfile.mkdtemp(prefix="bench-print-"))
    database_url = options.database_url or f"sqlite:///{workdir / 'bench.sqlite3'}"
    setup_django(database_url)
    from ceremony.demo.loader import demo_program_load
    from ceremony.models import Event, Participation
    from ceremony.printing import render_pdf

    demo_program_load()
    event = Event.objects.get(slug="baikonur-70")
    slug = event.slug

    # Warm-up on the demo as loaded (not timed): templates compiled, fonts found, Pango loaded.
    for document in (program(slug), run_of_show(slug), itineraries(taking_part(event, 20))):
        render_pdf(document)
    floor_pdf(floor_html(floor_rows(event)[:10], 1.5))

    seconds, _ = timed(lambda: scale_up(event, options.items, options.attendees))
    public = event.program_items.filter(is_public=True).count()
    print(
        f"{event.program_items.count()} program items ({public} public), {event.attendees.count()} "
        f"attendees, {Participation.objects.filter(program_item__event=event).count()} participations; "
        f"database {database_url.split(':')[0]}; scaled up in {seconds:.1f} s"
    )
    chosen = taking_part(event, options.itineraries)
    if len(chosen) < options.itineraries:
        print(f"only {len(chosen)} attendees take part in items: itineraries of those")

    def as_pdf(make_document):
        """Printed afresh each time: the print cache is not asked (see "printed twice" below)."""

        def make():
            document = make_document()
            document.cacheable = False
            return render_pdf(document)

        return make

    documents = {
        PROGRAM: lambda: program(slug),
        "run-of-show (all items)": lambda: run_of_show(slug),
        f"itineraries ({len(chosen)} attendees)": lambda: itineraries(chosen),
    }
    if options.profile and options.profile != "floor":
        name = next(name for name in documents if name.startswith(options.profile))
        profile(as_pdf(documents[name]))
        return

    # The bar's pair, program and floor, in turn, so that a busy machine slows both alike.
    make_program = as_pdf(documents[PROGRAM])
    program_runs = [measure(make_program)]
    rows = floor_rows(event)
    floor_page, _pages, padding = calibrated_floor(rows, program_runs[0][1])  # warms the floor up too
    if options.profile == "floor":
        profile(lambda: floor_pdf(floor_page))
        return
    floor_runs = [measure(lambda: floor_pdf(floor_page))]
    for _run in range(options.repeat - 1):
        program_runs.append(measure(make_program))
        floor_runs.append(measure(lambda: floor_pdf(floor_page)))
    results = {
        FLOOR: min(floor_runs, key=lambda run: run[0]),
        PROGRAM: min(program_runs, key=lambda run: run[0]),
    }
    results |= {name: measure(as_pdf(make)) for name, make in documents.items() if name != PROGRAM}
    to_html = {name: html_seconds(make) for name, make in documents.items()}
    floor = results[FLOOR]
    program_seconds, program_pages = results[PROGRAM][:2]
    if options.save_pdfs:
        options.save_pdfs.mkdir(parents=True, exist_ok=True)
        for name, result in results.items():
            (options.save_pdfs / f"{name.split()[0]}.pdf").write_bytes(result[3])

    print(
        f"floor: WeasyPrint alone on one plain table of {len(rows)} rows, {floor[1]} pages "
        f"(the program: {program_pages}), rows padded {padding:.2f} mm to match"
    )
    print(
        f"{'document':<32}{'seconds':>8}{'to HTML':>8}{'pages':>7}{'pages/s':>9}{'queries':>8}"
        f"{'x floor':>9}{'x floor per page':>18}"
    )
    floor_per_page = floor[0] / floor[1]
    for name in [FLOOR, *documents]:
        seconds, pages, queries, _pdf = results[name]
        html_part = f"{to_html[name]:8.2f}" if name in to_html else f"{'-':>8}"
        print(
            f"{name:<32}{seconds:8.2f}{html_part}{pages:7d}{pages / seconds:9.1f}{queries:8d}"
            f"{seconds / floor[0]:8.2f}x{seconds / pages / floor_per_page:17.2f}x"
        )
    ratio = program_seconds / floor[0]
    verdict = "within" if ratio <= PROGRAM_BAR else "NOT within"
    print(f"program / floor = {ratio:.2f}x (bar: {PROGRAM_BAR:g}x): {verdict} the bar")
    print(
        f"program runs {', '.join(f'{run[0]:.2f}' for run in program_runs)} s, floor runs "
        f"{', '.join(f'{run[0]:.2f}' for run in floor_runs)} s, taken in turn (best of each above); "
        "the other documents: one run"
    )
    print(
        "seconds: fetching through the selector + template + WeasyPrint, as the view does; to HTML: the "
        "queries and the template alone; all after an untimed warm-up on the unscaled demo"
    )
    print_twice(documents)
    print(f"whole script {time.perf_counter() - started:.0f} s")


def print_twice(documents):
    """The program and the run-of-show printed twice without a change, as a user prints them: the
    first print renders (and keeps) the PDF, the second finds it by the fingerprint of the page."""
    import shutil

    from django.conf import settings

    from ceremony.printing import render_pdf

    shutil.rmtree(Path(settings.PRIVATE_MEDIA_ROOT) / "print-cache", ignore_errors=True)
    print(f"{'printed twice, no change':<32}{'first':>8}{'second':>8}{'second/first':>14}")
    for name in (PROGRAM, "run-of-show (all items)"):
        first, _pages, _queries, first_pdf = measure(lambda name=name: render_pdf(documents[name]()))
        second, _pages, _queries, second_pdf = measure(lambda name=name: render_pdf(documents[name]()))
        assert first_pdf == second_pdf
        ratio = second / first
        verdict = "within" if ratio <= TWICE_BAR else "NOT within"
        print(f"{name:<32}{first:8.2f}{second:8.2f}{ratio:13.1%} (bar: {TWICE_BAR:.0%}): {verdict} the bar")


if __name__ == "__main__":
    main()
