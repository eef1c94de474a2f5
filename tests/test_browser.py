"""The admin in a real browser (Debian's chromium driven by Playwright), used as organizers use it.

Every page a test opens must run without a console error, an uncaught script error or a resource the
content security policy refused: that is what shows the admin still works under the policy.
"""

import datetime
import io
import re
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader

from ceremony import permissions as roles
from ceremony.demo.loader import demo_program_load
from ceremony.enums import AttendeeCategory, ParticipantRole, ProgramItemKind, RsvpStatus
from ceremony.models import Event, Job, ProgramItem
from ceremony.printing import badge_qr
from ceremony.services.invitations import invitation_issue
from ceremony.services.show import screen_issue
from tests import factories
from tests.factories import ALMATY
from tests.test_import import HEADERS, xlsx

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Debian's chromium; Playwright's own browser downloads are not needed.
CHROMIUM = "/usr/bin/chromium"
PASSWORD = "correct horse battery staple"  # what UserFactory sets
TIMEOUT_MS = 10_000  # a page that has not answered in 10 s has failed; do not wait Playwright's 30 s

# Reported to the console as errors, so the console check below sees refusals in report-only mode too.
REPORT_CSP_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
  console.error(`CSP violation: ${event.violatedDirective} refused ${event.blockedURI || "inline code"}`
    + ` at ${event.sourceFile || document.location.href}:${event.lineNumber}`);
});
"""


@pytest.fixture(scope="session", autouse=True)
def _orm_beside_playwright():
    # Playwright's sync API keeps an asyncio loop running in the test thread, and Django then refuses
    # ORM calls there. The tests' own queries are plain synchronous code, so the refusal is a false alarm.
    # Session-wide: the loop outlives this module, into the transactional tests pytest-django runs last.
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        yield


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "en-US"}  # the admin in English, as the tests read it


def problems_of(page, made_to_happen=()):
    """The list, kept up to date, of what goes wrong on `page`: console errors (but those containing
    one of `made_to_happen`), uncaught script errors and CSP refusals. Also sets the page's timeout."""
    problems = []

    def on_console(message):
        if message.type == "error" and not any(text in message.text for text in made_to_happen):
            problems.append(f"{page.url}: {message.text}")

    page.on("console", on_console)
    page.on("pageerror", lambda error: problems.append(f"{page.url}: uncaught {error}"))
    page.add_init_script(REPORT_CSP_VIOLATIONS)
    page.set_default_timeout(TIMEOUT_MS)
    return problems


@pytest.fixture
def page(page):
    """A page that records console errors, uncaught script errors and CSP refusals, and fails on any."""
    problems = problems_of(page)
    yield page
    assert problems == [], "the browser reported errors:\n" + "\n".join(problems)


@pytest.fixture
def baikonur70():
    demo_program_load()
    return Event.objects.get(slug="baikonur-70")


def member_of(group_name, **fields):
    user = factories.UserFactory(**fields)
    user.groups.add(Group.objects.get(name=group_name))
    return user


def log_in(page, live_server, user):
    page.goto(live_server.url + reverse("admin:login"))
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.locator("#user-tools")).to_contain_text(f"Welcome, {user.first_name or user.username}")


def choose(page, select_id, typed, option):
    """Pick `option` in an autocomplete (select2) field by typing `typed` into its search box."""
    page.locator(f"#{select_id} + .select2 .select2-selection").click()
    page.locator(".select2-container--open .select2-search__field").fill(typed)
    page.locator(".select2-results__option", has_text=option).click()


def pdf_text(data):
    return " ".join(" ".join(sheet.extract_text() for sheet in PdfReader(io.BytesIO(data)).pages).split())


# ---------------------------------------------------------------------------------------------------
# Organizers at work


def test_organizer_adds_program_item_with_two_speakers(page, live_server, baikonur70):
    organizer = member_of(roles.ORGANIZER, first_name="Айгерим")
    log_in(page, live_server, organizer)

    page.get_by_role("link", name="Program items").first.click()
    page.get_by_role("link", name="Add program item").click()
    choose(page, "id_event", "Baikonur", "70th anniversary of the city of Baikonur")
    page.locator("#id_title_en").fill("Press conference of Kazakhstan's cosmonauts")
    page.locator("#id_title_ru").fill("Пресс-конференция космонавтов Казахстана")
    page.locator("#id_title_kk").fill("Қазақстан ғарышкерлерінің баспасөз мәслихаты")
    page.locator("#id_kind").select_option(label="Meeting")
    page.locator("#id_starts_at_0").fill("2025-06-02")
    page.locator("#id_starts_at_1").fill("19:20")
    page.locator("#id_ends_at_0").fill("2025-06-02")
    page.locator("#id_ends_at_1").fill("19:50")
    choose(page, "id_venue", "Museum", "Museum of the History of the Baikonur Cosmodrome")
    for row, (typed, name) in enumerate(
        [("Aubakirov", "Аубакиров Тохтар"), ("Musabayev", "Мусабаев Талгат")]
    ):
        page.get_by_role("button", name="Add another participant").click()
        choose(page, f"id_participations-{row}-attendee", typed, name)
        page.locator(f"#id_participations-{row}-role").select_option(label="Speaker")
        page.locator(f"#id_participations-{row}-order").fill(str(row + 1))
    page.get_by_role("button", name="Save", exact=True).click()

    expect(page.locator(".messagelist .success")).to_contain_text("was added successfully")
    row = page.locator("#result_list tbody tr", has_text="Press conference of Kazakhstan's cosmonauts")
    expect(row).to_contain_text("2 Jun 2025, 19:20–19:50")
    expect(row.locator(".field-venue")).to_have_text("Museum of the History of the Baikonur Cosmodrome")
    expect(row.locator(".field-participant_count")).to_have_text("2")
    item = ProgramItem.objects.get(title_en="Press conference of Kazakhstan's cosmonauts")
    assert [(p.attendee.person.family_name_latin, p.role) for p in item.participations.all()] == [
        ("Aubakirov", ParticipantRole.SPEAKER),
        ("Musabayev", ParticipantRole.SPEAKER),
    ]


def test_organizer_reads_the_dashboard_and_follows_its_figures_to_the_lists(page, live_server, baikonur70):
    organizer = member_of(roles.ORGANIZER)
    log_in(page, live_server, organizer)  # lands on the home page: the dashboard

    board = page.locator(".event-dashboard", has_text="70th anniversary of the city of Baikonur")
    expect(board).to_be_visible()
    veterans = baikonur70.attendees.filter(category="veteran").count()
    categories = board.locator(f"#dashboard-categories-{baikonur70.pk}")
    expect(categories.get_by_role("row", name="Veteran")).to_contain_text(str(veterans))
    expect(board.get_by_role("img", name="Answers to the invitations").locator("rect")).to_have_count(5)

    categories.get_by_role("row", name="Veteran").get_by_role("link").click()
    expect(page.locator("#changelist")).to_be_visible()
    expect(page.locator("#changelist .paginator")).to_contain_text(f"{veterans} attendees")

    page.go_back()
    board.get_by_role("link", name="Two items in one venue at once").or_(
        board.get_by_role("row", name="Two items in one venue at once").get_by_role("link")
    ).first.click()
    expect(page.locator("#venue_overlap")).to_be_visible()

    page.go_back()
    program = board.locator(".print-document", has_text="Program:")
    pdf_link = program.locator(".print-language", has_text="Қазақ").get_by_role("link", name="PDF")
    # Fetched with the browser's session cookie; a headless browser would only show the PDF.
    response = page.request.get(pdf_link.evaluate("link => link.href"))
    assert response.headers["content-type"] == "application/pdf"
    assert "program-kk.pdf" in response.headers["content-disposition"]
    assert "Байқоңыр" in pdf_text(response.body())


def test_organizer_narrows_the_attendees_by_country_in_a_short_filter(page, live_server, baikonur70):
    log_in(page, live_server, member_of(roles.ORGANIZER))
    page.goto(
        live_server.url + reverse("admin:ceremony_attendee_changelist") + f"?event__id__exact={baikonur70.pk}"
    )
    filters = page.locator("#changelist-filter")
    # Countries, organizations and delegations are dropdowns, not lists of links hundreds of lines long.
    assert filters.bounding_box()["height"] < 1500
    expect(page.locator("#result_list thead")).not_to_contain_text("Event")  # the list is of one event

    country = filters.locator("details", has_text="By country")
    country.get_by_role("searchbox").fill("kazakh")
    expect(country.get_by_role("listbox").locator("option:not([hidden])")).to_have_text(["All", "Kazakhstan"])
    country.get_by_role("searchbox").press("Enter")
    expect(page).to_have_url(re.compile(r"person__country=KZ"))
    kazakhs = baikonur70.attendees.filter(person__country="KZ").count()
    expect(page.locator("#changelist .paginator")).to_contain_text(f"{kazakhs} attendees")

    organization = filters.locator("details", has_text="By organization")
    organization.get_by_role("combobox").select_option(label="Roscosmos State Corporation")
    expect(page).to_have_url(re.compile(r"person__organization__id__exact=\d+"))
    expect(page).to_have_url(re.compile(r"person__country=KZ"))  # the filters add up


def test_organizer_imports_russian_guest_list_and_finds_the_guests(page, live_server, baikonur70):
    organizer = member_of(roles.ORGANIZER, first_name="Айгерим")
    guest_list = xlsx(
        [
            ["Список приглашённых ветеранов"],
            HEADERS,
            [
                "Әбенов",
                "Жұмабек",
                "Сәкенұлы",
                "Совет ветеранов Байконура",
                "Ветеран космодрома",
                "Ветеран",
                "zhumabek.abenov@mail.kz",
                "8 (701) 123-45-67",
            ],
            [
                "Ёлкина",
                "Светлана",
                "Петровна",
                "Совет ветеранов Байконура",
                "Инженер-испытатель",
                "Ветеран",
                "",
                "",
            ],
            ["Төлеуов", "Ерлан", "", "Байтерек", "Инженер", "Инженер", "e.toleuov@baiterek.kz", ""],
        ]
    )
    log_in(page, live_server, organizer)

    page.get_by_role("link", name="Attendees").first.click()
    page.get_by_role("link", name="Import guest list").click()
    page.get_by_label("Event").select_option(label="70th anniversary of the city of Baikonur")
    page.get_by_label("Guest list").set_input_files(
        files=[
            {
                "name": "ветераны.xlsx",
                "mimeType": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                "buffer": guest_list,
            }
        ]
    )
    page.get_by_role("button", name="Preview the import").click()

    expect(page.locator("#count-new")).to_have_text("3")
    expect(page.locator("#count-errors")).to_have_text("0")
    expect(page.locator("#import-rows tbody tr")).to_have_count(3)
    expect(page.locator("#import-rows")).to_contain_text("Ёлкина Светлана Петровна")
    page.locator("#import-buttons-top").get_by_role("button", name="Import these guests").click()

    expect(page.locator(".messagelist .success")).to_have_text(
        "Imported “ветераны.xlsx”: 3 new, 0 updated, 0 unchanged."
    )
    # Search ignores case in any alphabet: lower-case Kazakh finds «Әбенов».
    page.locator("#searchbar").fill("әбенов")
    page.locator("#searchbar").press("Enter")
    rows = page.locator("#result_list tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Әбенов Жұмабек Сәкенұлы")
    # The list's «Совет ветеранов Байконура» is the demo's council, shown by its name in English.
    expect(rows.first).to_contain_text("Council of Veterans of Baikonur")
    expect(rows.first).to_contain_text("Veteran")
    page.locator("#searchbar").fill("совет ветеранов")
    page.locator("#searchbar").press("Enter")
    expect(page.locator("#result_list tbody tr", has_text="Ёлкина Светлана Петровна")).to_have_count(1)


def test_organizer_fixes_a_ministry_list_in_the_preview_and_imports_it(page, live_server, baikonur70):
    organizer = member_of(roles.ORGANIZER)
    guest_list = xlsx(
        [
            ["Список приглашённых от Министерства цифрового развития"],
            ["Фамилия", "Имя", "Категория", "Эл. почта", "Телефон"],
            ["Сейтказин", "Марат", "Космические войска", "marat@example.kz", ""],
            ["Омарова", "Дана", "Космические войска", "dana@", ""],
            ["Ли", "Анна", "СМИ", "anna.kim@example.kz", ""],
            ["Тестов", "Тест", "Гость", "test@example.kz", "не звонить"],
            ["Исполнитель: Иванова А.", "тел. 8 7172 00 00 00", None, None, None],
        ]
    )
    log_in(page, live_server, organizer)
    page.goto(live_server.url + reverse("admin:ceremony_guestimport_add"))
    page.get_by_label("Event").select_option(label="70th anniversary of the city of Baikonur")
    page.get_by_label("Guest list").set_input_files(
        files=[{"name": "министерство.xlsx", "mimeType": "application/octet-stream", "buffer": guest_list}]
    )
    page.get_by_role("button", name="Preview the import").click()

    # Three problems: one unknown word in two rows, a bad address, a bad phone; the footer is skipped.
    expect(page.locator("#count-errors")).to_have_text("3")
    expect(page.locator("#import-skipped-lines")).to_contain_text("Исполнитель: Иванова А.")
    problems = page.locator("#import-errors tbody tr")
    expect(problems.filter(has_text="Космические войска")).to_contain_text("2 rows (3, 4)")

    problems.filter(has_text="Космические войска").get_by_label("What «Космические войска» means").fill(
        "Cosmonaut"
    )
    problems.filter(has_text="Космические войска").get_by_role(
        "button", name="Apply to all these rows"
    ).click()
    expect(page.locator("#count-errors")).to_have_text("2")

    page.get_by_label("Row 4, Эл. почта").fill("dana@example.kz")
    problems.filter(has_text="dana@").get_by_role("button", name="Correct").click()
    expect(page.locator("#count-errors")).to_have_text("1")

    problems.filter(has_text="Тестов Тест").get_by_role("button", name="Skip this row").click()
    expect(page.locator("#count-errors")).to_have_text("0")
    expect(page.locator("#count-new")).to_have_text("3")
    expect(page.locator("#import-skipped-lines")).to_contain_text("skipped in the preview")

    page.locator("#import-buttons-bottom").get_by_role("button", name="Import these guests").click()
    expect(page.locator(".messagelist .success")).to_have_text(
        "Imported “министерство.xlsx”: 3 new, 0 updated, 0 unchanged."
    )
    page.locator("#searchbar").fill("Омарова Дана")
    page.locator("#searchbar").press("Enter")
    found = page.locator("#result_list tbody tr", has_text="Омарова Дана")
    expect(found).to_have_count(1)
    expect(found).to_contain_text("Cosmonaut")
    page.locator("#searchbar").fill("Тестов")
    page.locator("#searchbar").press("Enter")
    expect(page.locator("#result_list tbody tr")).to_have_count(0)


def test_organizer_adds_20_attendees_to_a_program_item_in_one_action(page, live_server):
    event = factories.EventFactory(name="Day of the cosmonautics")
    reception = factories.ProgramItemFactory(
        event=event,
        title="Jubilee reception",
        kind=ProgramItemKind.RECEPTION,
        starts_at=datetime.datetime(2025, 6, 2, 19, tzinfo=ALMATY),
        ends_at=datetime.datetime(2025, 6, 2, 21, tzinfo=ALMATY),
    )
    for number in range(20):
        factories.AttendeeFactory(
            event=event, person__family_name=f"Family{number:02d}", person__given_name="Given"
        )
    log_in(page, live_server, member_of(roles.ORGANIZER))

    page.goto(live_server.url + reverse("admin:ceremony_attendee_changelist"))
    page.locator("#action-toggle").check()  # the 20 on the page
    page.locator("select[name=action]").select_option(label="Add to a program item…")
    page.get_by_role("button", name="Go", exact=True).click()

    expect(page.locator("#chosen-attendees")).to_contain_text("20 attendees of Day of the cosmonautics:")
    page.get_by_label("Program item").select_option(label="2.06 19:00–21:00 Jubilee reception")
    page.get_by_label("Role").select_option(label="Guest")
    page.get_by_role("button", name="Add them").click()

    expect(page.locator(".messagelist .success")).to_have_text(
        "20 attendees added to “Jubilee reception”, role: Guest."
    )
    page.goto(live_server.url + reverse("admin:ceremony_programitem_change", args=[reception.pk]))
    rows = page.locator("#participations-group tr.has_original")
    expect(rows).to_have_count(20)
    expect(rows.first).to_contain_text("Family00 Given")
    assert reception.participations.filter(role=ParticipantRole.GUEST).count() == 20


def test_print_staff_prints_the_catering_and_accessibility_lists(page, live_server):
    event = factories.EventFactory(name="Day of the cosmonautics", slug="cosmonautics-day")
    reception = factories.ProgramItemFactory(
        event=event, title="Jubilee reception", kind=ProgramItemKind.RECEPTION
    )
    for family, needs in (("Serikova", {"dietary_needs": "vegetarian"}), ("Omarov", {})):
        attendee = factories.AttendeeFactory(
            event=event, person__family_name=family, person__given_name="Dana", **needs
        )
        factories.ParticipationFactory(program_item=reception, attendee=attendee)
    wheelchair = factories.AttendeeFactory(
        event=event,
        person__family_name="Zhumabayev",
        person__given_name="Adil",
        accessibility_needs="wheelchair",
    )
    factories.ParticipationFactory(program_item=reception, attendee=wheelchair)
    log_in(page, live_server, member_of(roles.PRINT_STAFF))

    page.goto(live_server.url + reverse("admin:ceremony_event_change", args=[event.pk]))
    texts = {}
    for label in ("Catering list:", "Accessibility list:"):
        row = page.locator("#print-documents .print-document", has_text=label)
        link = row.locator(".print-language", has_text="English").get_by_role("link", name="PDF")
        response = page.request.get(link.evaluate("link => link.href"))
        assert response.status == 200
        texts[label] = pdf_text(response.body())
    assert "Jubilee reception" in texts["Catering list:"]
    assert "Dana Serikova vegetarian" in texts["Catering list:"]
    assert "Omarov" not in texts["Catering list:"]
    assert "Adil Zhumabayev wheelchair Guest" in texts["Accessibility list:"]


# ---------------------------------------------------------------------------------------------------
# Printing, and who may print


def test_protocol_officer_seats_the_award_ceremony_and_opens_its_chart(page, live_server, baikonur70):
    ceremony = ProgramItem.objects.get(event=baikonur70, kind=ProgramItemKind.AWARD_CEREMONY)
    guests = ceremony.participations.count() - 1  # the head of protocol hosts from the lectern
    log_in(page, live_server, member_of(roles.PROTOCOL_OFFICER, first_name="Aigerim"))

    page.goto(live_server.url + reverse("admin:ceremony_programitem_changelist"))
    row = page.locator("#result_list tr", has_text="Award ceremony for space-industry veterans")
    row.locator("input.action-select").check()
    page.locator("select[name=action]").select_option(
        label="Assign seats by precedence (seats placed by hand stay)"
    )
    page.get_by_role("button", name="Go", exact=True).click()
    expect(page.locator(".messagelist .success")).to_have_text(
        f"“Award ceremony for space-industry veterans”: {guests} seats assigned."
    )
    assert ceremony.seats.count() == guests

    page.goto(live_server.url + reverse("admin:ceremony_programitem_change", args=[ceremony.pk]))
    expect(page.locator("#seats-group tr.has_original")).to_have_count(guests)
    chart = page.locator("#print-documents .print-document", has_text="Seating chart").first
    chart.locator(".print-language", has_text="English").get_by_role("link", name="page").click()
    expect(page.locator(".part h2")).to_have_text(["Stalls"])  # one block: the guests fit across
    expect(page.locator(".guest-index tbody tr")).to_have_count(guests)
    first = ceremony.seats.select_related("attendee__person").get(row=1, seat=15).attendee.person
    expect(page.locator(".guest-index tbody tr", has_text=first.name_in("en"))).to_contain_text("Stalls")


def test_print_staff_opens_printable_program_and_downloads_its_pdf(page, live_server, baikonur70):
    log_in(page, live_server, member_of(roles.PRINT_STAFF))

    page.goto(live_server.url + reverse("admin:ceremony_event_change", args=[baikonur70.pk]))
    program = page.locator("#print-documents .print-document", has_text="Program:").first
    program.locator(".print-language", has_text="Русский").get_by_role("link", name="page").click()
    expect(page.get_by_text("Возложение цветов к памятнику Юрию Гагарину")).to_be_visible()
    expect(page.get_by_text("Инструктаж службы безопасности и персонала")).to_have_count(0)

    page.go_back()
    pdf_link = program.locator(".print-language", has_text="English").get_by_role("link", name="PDF")
    # Fetched with the browser's session cookie; a headless browser would only show the PDF.
    response = page.request.get(pdf_link.evaluate("link => link.href"))
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    text = pdf_text(response.body())
    assert "70th anniversary of the city of Baikonur" in text
    assert "09:30–10:00 Laying of flowers at the Yuri Gagarin Monument" in text
    assert "Festive concert and fireworks" in text
    assert "Security and staff briefing" not in text  # internal: the run-of-show only


@pytest.mark.parametrize(
    ("role", "may_print"), [(roles.VIEWER, False), (roles.PRINT_STAFF, True)], ids=["viewer", "print-staff"]
)
def test_only_roles_that_print_see_print_buttons_and_may_print(
    page, live_server, baikonur70, role, may_print
):
    log_in(page, live_server, member_of(role))

    page.goto(live_server.url + reverse("admin:ceremony_event_change", args=[baikonur70.pk]))
    expect(page.locator("#content h2").first).to_contain_text("70th anniversary of the city of Baikonur")
    expect(page.locator("#print-documents")).to_have_count(1 if may_print else 0)

    page.goto(live_server.url + reverse("admin:ceremony_attendee_changelist"))
    expect(page.locator("#result_list")).to_be_visible()
    # Itineraries and badges of the selected attendees.
    expect(page.locator("select[name=action] option", has_text="Print")).to_have_count(2 if may_print else 0)

    ceremony = ProgramItem.objects.get(
        event=baikonur70, title_en="Award ceremony for space-industry veterans"
    )
    page.goto(live_server.url + reverse("admin:ceremony_programitem_change", args=[ceremony.pk]))
    expect(page.locator("#content h2").first).to_contain_text("Award ceremony for space-industry veterans")
    expect(page.locator("#print-documents .print-document", has_text="Award ceremony script")).to_have_count(
        1 if may_print else 0
    )

    # Typing the address instead of following a button.
    program_pdf = live_server.url + reverse("print:program", args=[baikonur70.slug, "pdf"])
    assert page.request.get(program_pdf).status == (200 if may_print else 403)


def test_print_staff_prints_the_badges_of_50_attendees_through_a_job_and_downloads_them(
    page, live_server, workers
):
    event = factories.EventFactory(name="Day of the cosmonautics")
    names = [(f"Family{n:02d}", f"Given{n:02d}") for n in range(50)]
    for family, given in names:
        factories.AttendeeFactory(event=event, person__family_name=family, person__given_name=given)
    log_in(page, live_server, member_of(roles.PRINT_STAFF))

    page.goto(live_server.url + reverse("admin:ceremony_attendee_changelist"))
    page.locator("#action-toggle").check()  # the 50 on the page
    page.locator("select[name=action]").select_option(label="Print badges of selected attendees (PDF)")
    page.get_by_role("button", name="Go", exact=True).click()

    # The job's page, at once: no worker has taken the job yet.
    job = Job.objects.get()
    job_url = live_server.url + reverse("admin:ceremony_job_change", args=[job.pk])
    expect(page).to_have_url(job_url)
    expect(page.locator("#content h1")).to_have_text("Badges, Day of the cosmonautics, 50 attendees")
    expect(page.locator("#job-state")).to_have_text("Queued")
    expect(page.locator("#job-counts")).to_have_text("0 / 50")
    expect(page.locator("#job-result")).to_be_hidden()
    assert page.request.get(job_url + "?format=json").json() == {
        "state": "queued",
        "state_label": "Queued",
        "done": 0,
        "total": 50,
        "message": "",
        "result_url": None,
        "cancel_url": reverse("admin:ceremony_job_cancel", args=[job.pk]),
    }

    # A worker comes; the page follows the job by itself (job.js) until it is done.
    workers.start("worker-1")
    expect(page.locator("#job-state")).to_have_text("Done", timeout=60_000)
    expect(page.locator("#job-progress")).to_have_attribute("value", "50")
    expect(page.locator("#job-progress")).to_have_attribute("max", "50")
    expect(page.locator("#job-counts")).to_have_text("50 / 50")
    expect(page.locator("#job-message")).to_have_text("Done: 50 badges, 13 pages.")
    status = page.request.get(job_url + "?format=json").json()
    job.refresh_from_db()
    assert status == {
        "state": "done",
        "state_label": "Done",
        "done": 50,
        "total": 50,
        "message": "Done: 50 badges, 13 pages.",
        "result_url": job.result_file.url,
        "cancel_url": None,
    }

    with page.expect_download() as download:
        page.get_by_role("link", name="Download the result").click()
    assert download.value.suggested_filename == job.result_file.name.rsplit("/", 1)[-1]
    text = pdf_text(Path(download.value.path()).read_bytes())
    assert [name for name in names if f"{name[1]} {name[0]}" in text] == names


# ---------------------------------------------------------------------------------------------------
# Banquets


def test_protocol_officer_assigns_the_tables_of_a_reception_and_opens_the_table_plan(page, live_server):
    event = factories.EventFactory(name="Day of the cosmonautics", default_language="en")
    hall = factories.VenueFactory(name="Banquet hall")
    for number, seats in ((1, 4), (2, 6)):
        factories.BanquetTableFactory(venue=hall, number=number, seats=seats)
    reception = factories.ProgramItemFactory(
        event=event, title="Jubilee reception", kind=ProgramItemKind.RECEPTION, venue=hall
    )
    names = [("Zhumabayev", "Adil"), *((f"Family{n}", "Given") for n in range(6))]
    for rank, (family, given) in enumerate(names):
        attendee = factories.AttendeeFactory(
            event=event, person__family_name=family, person__given_name=given, precedence_rank=rank or None
        )
        role = ParticipantRole.HOST if rank == 0 else ParticipantRole.GUEST
        factories.ParticipationFactory(program_item=reception, attendee=attendee, role=role)
    log_in(page, live_server, member_of(roles.PROTOCOL_OFFICER))

    page.goto(live_server.url + reverse("admin:ceremony_programitem_changelist"))
    page.locator("#result_list tr", has_text="Jubilee reception").locator("input.action-select").check()
    page.locator("select[name=action]").select_option(
        label="Assign tables by precedence (places set by hand stay)"
    )
    page.get_by_role("button", name="Go", exact=True).click()
    expect(page.locator(".messagelist .success")).to_have_text(
        "“Jubilee reception”: 7 guests placed at tables."
    )

    page.goto(live_server.url + reverse("admin:ceremony_programitem_change", args=[reception.pk]))
    expect(page.locator("#table_assignments-group tr.has_original")).to_have_count(7)
    plan = page.locator("#print-banquet-documents .print-document", has_text="Table plan:")
    plan.locator(".print-language", has_text="English").get_by_role("link", name="page").click()
    expect(page.locator("h1")).to_have_text("Table plan: Jubilee reception")
    first = page.locator("section.table-plan").first
    expect(first.locator("h2")).to_contain_text("Table 1")
    expect(first.locator("tbody tr").first).to_contain_text("Adil Zhumabayev")
    expect(page.locator("section.table-plan").nth(1).locator("tbody tr")).to_have_count(3)

    page.go_back()
    cards = page.locator("#print-banquet-documents .print-document", has_text="Place cards:")
    link = cards.locator(".print-language", has_text="English").get_by_role("link", name="PDF")
    response = page.request.get(link.evaluate("link => link.href"))
    assert response.status == 200
    text = pdf_text(response.body())
    assert [f"{given} {family}" in text for family, given in names] == [True] * 7


# ---------------------------------------------------------------------------------------------------
# Guests


def test_a_guest_answers_the_invitation_on_a_phone_in_kazakh(page, live_server):
    start = datetime.date.today() + datetime.timedelta(days=30)
    guest = factories.AttendeeFactory(
        event__name="70th anniversary of the city of Baikonur",
        event__name_kk="Байқоңыр қаласының 70 жылдығы",
        event__start_date=start,
        event__end_date=start,
        category=AttendeeCategory.DIGNITARY,
        person__family_name="Есенов",
        person__given_name="Мурат",
        person__preferred_language="kk",
    )
    _invitation, path = invitation_issue(attendee=guest)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(live_server.url + path)
    expect(page.locator("#guest-name")).to_have_text("Есенов Мурат")
    expect(page.locator("h1")).to_have_text("Байқоңыр қаласының 70 жылдығы")
    # Made for the phone: nothing wider than the screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    page.get_by_label("Иә, қатысамын").check()
    page.get_by_label("Сізді алып жүретін адамның толық аты-жөні").fill("Есенова Айгүл")
    page.get_by_label("Рейс немесе пойыз").fill("KC 851")
    page.get_by_role("button", name="Жауабымды жіберу").click()

    expect(page.locator(".messages")).to_have_text("Рақмет, жауабыңыз сақталды.")
    guest.refresh_from_db()
    assert (guest.rsvp_status, guest.companion_name, guest.arrival_travel) == (
        RsvpStatus.CONFIRMED,
        "Есенова Айгүл",
        "KC 851",
    )


# ---------------------------------------------------------------------------------------------------
# The live show


def test_a_screen_backstage_sees_the_delay_the_stage_manager_causes_within_seconds(
    page, browser, live_server
):
    now = timezone.now()
    venue = factories.VenueFactory(name="Central square")
    today = timezone.localtime(now, ALMATY).date()  # the event's own day, in its zone
    event = factories.EventFactory(slug="show-day", start_date=today, end_date=today)
    factories.ProgramItemFactory(
        event=event,
        venue=venue,
        title="Opening",
        starts_at=now - datetime.timedelta(minutes=30),
        ends_at=now - datetime.timedelta(minutes=10),
    )
    factories.ProgramItemFactory(
        event=event,
        venue=venue,
        title="Parade",
        starts_at=now - datetime.timedelta(minutes=5),
        ends_at=now + datetime.timedelta(minutes=30),
    )
    _screen, path = screen_issue(event=event, name="Backstage")

    # The screen: another browser, no login, a TV-sized page.
    screen = browser.new_context(viewport={"width": 1920, "height": 1080}).new_page()
    screen_problems = []
    screen.on("pageerror", lambda error: screen_problems.append(str(error)))
    screen.on("console", lambda message: message.type == "error" and screen_problems.append(message.text))
    screen.goto(live_server.url + path)
    expect(screen.locator(".delay")).to_have_text("On time")

    log_in(page, live_server, member_of(roles.STAGE_MANAGER, is_staff=True))
    page.goto(live_server.url + reverse("show", args=[event.slug]))
    page.locator("tr", has_text="Opening").get_by_role("button", name="Start").click()
    expect(page.locator(".messages")).to_contain_text("“Opening” started at")

    # Started 30 minutes late, 20 minutes long: the parade, planned 5 minutes ago, comes in 20.
    expect(screen.locator(".delay")).to_have_text(re.compile(r"^\+2[456] min late$"), timeout=8_000)
    expect(screen.locator(".now")).to_contain_text("Opening")
    expect(screen.locator(".next li")).to_contain_text("Parade")
    assert screen_problems == []


# ---------------------------------------------------------------------------------------------------
# The doors


def test_an_usher_admits_a_guest_by_the_scanner_field_then_is_told_already_admitted(page, live_server):
    event = factories.EventFactory(slug="baikonur-70")
    factories.EntranceFactory(event=event, name="Palace of Culture", slug="palace")
    factories.EntranceFactory(event=event, name="The square", slug="square")
    guest = factories.AttendeeFactory(
        event=event, person__family_name="Мусабаев", person__given_name="Талгат"
    )
    usher = member_of(roles.USHER)
    log_in(page, live_server, usher)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(live_server.url + reverse("checkin:page", args=["baikonur-70"]))
    page.get_by_label("Entrance").select_option(label="The square")

    # A hardware scanner types the code and presses Enter.
    page.get_by_label("Badge code").fill(guest.badge_code)
    page.get_by_label("Badge code").press("Enter")
    result = page.locator("#result")
    expect(result).to_be_visible()
    expect(result).to_have_class("admitted")
    expect(page.locator("#result-title")).to_have_text("Admitted")
    expect(page.locator("#result-guest")).to_contain_text("Мусабаев Талгат")
    # The result fills the screen.
    box = result.bounding_box()
    assert (box["width"], box["height"]) == (390, 844)

    result.click()
    expect(result).to_be_hidden()
    page.get_by_label("Badge code").fill(guest.badge_code)
    page.get_by_label("Badge code").press("Enter")
    expect(result).to_have_class("already_admitted")
    expect(page.locator("#result-title")).to_have_text("Already admitted")
    expect(page.locator("#result-message")).to_contain_text("The square")
    assert list(guest.check_ins.order_by("pk").values_list("result", "entrance__slug", "usher")) == [
        ("admitted", "square", usher.pk),
        ("already_admitted", "square", usher.pk),
    ]


def camera_film(path, qr, seconds=2, fps=10):
    """A Y4M video (what chromium's fake camera plays, again and again) of `qr`, black on white, large
    and centred in a 640×480 frame, held still: a badge held up to the phone's camera. Returns `path`.

    Y4M: a header line, then per frame `FRAME` and the YUV 4:2:0 planes; for black and white, Y is
    the luminance and U, V are 128 (no colour)."""
    width, height = 640, 480
    scale = 400 // qr.symbol_size(border=4)[0]
    rows = [bytes(0 if dark else 255 for dark in row) for row in qr.matrix_iter(scale=scale, border=4)]
    left, top = (width - len(rows[0])) // 2, (height - len(rows)) // 2
    luma = bytearray(b"\xff" * (width * height))
    for y, row in enumerate(rows):
        start = (top + y) * width + left
        luma[start : start + len(row)] = row
    chroma = b"\x80" * (2 * (width // 2) * (height // 2))
    with path.open("wb") as film:
        film.write(f"YUV4MPEG2 W{width} H{height} F{fps}:1 Ip A1:1 C420jpeg\n".encode("ascii"))
        for _ in range(seconds * fps):
            film.write(b"FRAME\n" + luma + chroma)
    return path


@pytest.fixture
def phone_filming(browser_type, browser_type_launch_args, browser_context_args, live_server):
    """phone_filming(video) → a page on a phone whose camera films `video` (a Y4M file), with the
    `page` fixture's checks. Chromium takes its fake camera's video when it starts: each phone is a
    browser of its own, the camera allowed without asking."""
    browsers = []
    watched = []  # each page's problems

    def start(video):
        browser = browser_type.launch(
            **{
                **browser_type_launch_args,
                "args": [
                    *browser_type_launch_args.get("args", []),
                    "--use-fake-device-for-media-stream",
                    "--use-fake-ui-for-media-stream",
                    f"--use-file-for-fake-video-capture={video}",
                ],
            }
        )
        browsers.append(browser)
        context = browser.new_context(**{**browser_context_args, "viewport": {"width": 390, "height": 844}})
        context.grant_permissions(["camera"], origin=live_server.url)
        page = context.new_page()
        watched.append(problems_of(page))
        return page

    yield start
    for browser in browsers:
        browser.close()
    problems = [problem for page_problems in watched for problem in page_problems]
    assert problems == [], "the browser reported errors:\n" + "\n".join(problems)


# A phone whose browser has a BarcodeDetector that says it reads QR codes and fails on every frame.
DETECTOR_THAT_FAILS = """
window.BarcodeDetector = class {
  static getSupportedFormats() { return Promise.resolve(["qr_code"]); }
  detect() { return Promise.reject(new DOMException("not supported", "NotSupportedError")); }
};
"""


@pytest.mark.parametrize("detector", [None, DETECTOR_THAT_FAILS], ids=["no-detector", "failing-detector"])
def test_an_usher_admits_a_guest_by_the_phones_camera(phone_filming, live_server, tmp_path, detector):
    event = factories.EventFactory(slug="baikonur-70")
    factories.EntranceFactory(event=event, name="The square", slug="square")
    guest = factories.AttendeeFactory(
        event=event, person__family_name="Аубакиров", person__given_name="Тохтар"
    )
    # The badge's own QR code (as printed on it), held up to the camera.
    page = phone_filming(camera_film(tmp_path / "badge.y4m", badge_qr(guest.badge_code)))
    if detector:  # the page then reads the frames with jsQR, as where there is no detector
        page.add_init_script(detector)
    usher = member_of(roles.USHER)
    log_in(page, live_server, usher)
    page.goto(live_server.url + reverse("checkin:page", args=["baikonur-70"]))

    page.get_by_role("button", name="Scan with the camera").click()
    result = page.locator("#result")
    # The camera starts, then frames are read (jsQR in chromium on Linux, which has no BarcodeDetector).
    expect(result).to_have_class("admitted", timeout=TIMEOUT_MS)
    expect(page.locator("#result-title")).to_have_text("Admitted")
    expect(page.locator("#result-guest")).to_contain_text("Аубакиров Тохтар")
    box = result.bounding_box()
    assert (box["width"], box["height"]) == (390, 844)
    # One scan, however many frames showed the badge.
    assert list(event.check_ins.values_list("attendee", "entrance__slug", "code", "result", "usher")) == [
        (guest.pk, "square", guest.badge_code, "admitted", usher.pk)
    ]


def test_the_phones_camera_reads_a_forged_badge_and_it_is_refused(phone_filming, live_server, tmp_path):
    event = factories.EventFactory(slug="baikonur-70")
    factories.EntranceFactory(event=event, name="The square", slug="square")
    guest = factories.AttendeeFactory(event=event)
    forged = f"{guest.pk}-{guest.badge_issue}-0123456789AB"  # the guest's number, not their signature
    page = phone_filming(camera_film(tmp_path / "forged.y4m", badge_qr(forged)))
    usher = member_of(roles.USHER)
    log_in(page, live_server, usher)
    page.goto(live_server.url + reverse("checkin:page", args=["baikonur-70"]))

    page.get_by_role("button", name="Scan with the camera").click()
    expect(page.locator("#result")).to_have_class("refused", timeout=TIMEOUT_MS)
    expect(page.locator("#result-title")).to_have_text("Refused")
    assert list(event.check_ins.values_list("attendee", "code", "result", "admitted")) == [
        (None, forged, "refused", False)
    ]


@pytest.fixture
def phone_losing_its_network(context):
    """The `page` fixture's checks, but for the requests a phone without its network fails to make,
    and those refused once its login is gone, which the browser reports as console errors: they are
    what the tests make happen."""
    page = context.new_page()
    problems = problems_of(
        page, made_to_happen=("ERR_INTERNET_DISCONNECTED", "the server responded with a status of 403")
    )
    yield page
    assert problems == [], "the browser reported errors:\n" + "\n".join(problems)


def test_offline_the_usher_admits_two_guests_from_the_kept_list_and_they_are_sent_when_back(
    phone_losing_its_network, live_server, context
):
    page = phone_losing_its_network
    event = factories.EventFactory(slug="baikonur-70")
    factories.EntranceFactory(event=event, name="The square", slug="square")
    first, second = factories.AttendeeFactory.create_batch(2, event=event)
    declined = factories.AttendeeFactory(event=event, rsvp_status=RsvpStatus.DECLINED)
    reissued = factories.AttendeeFactory(event=event)
    lost_badge = reissued.badge_code
    reissued.badge_issue += 1  # the guest lost the first badge and was given a new one
    reissued.save()
    usher = member_of(roles.USHER)
    log_in(page, live_server, usher)
    page.goto(live_server.url + reverse("checkin:page", args=["baikonur-70"]))
    expect(page.locator("#network")).to_contain_text("Online")  # the list is kept

    context.set_offline(True)
    result = page.locator("#result")
    for code, kind in (
        (first.badge_code, "admitted"),
        (second.badge_code, "admitted"),
        (first.badge_code, "already_admitted"),
        (declined.badge_code, "refused"),
        (lost_badge, "refused"),
    ):
        page.get_by_label("Badge code").fill(code)
        page.get_by_label("Badge code").press("Enter")
        expect(result).to_have_class(kind)
        if code == lost_badge:  # told apart from a stranger's code, and the guest is named
            expect(page.locator("#result-message")).to_contain_text("Badge revoked")
            expect(page.locator("#result-guest")).to_contain_text(reissued.person.family_name)
        result.click()
    expect(page.locator("#network")).to_contain_text("Offline")
    expect(page.locator("#network")).to_contain_text("Scans waiting: 5")
    assert not event.check_ins.exists()

    context.set_offline(False)
    expect(page.locator("#network")).to_contain_text("Online", timeout=15_000)
    admitted = event.check_ins.filter(admitted=True)
    assert sorted(admitted.values_list("attendee", flat=True)) == sorted([first.pk, second.pk])
    assert event.check_ins.count() == 5
    assert event.check_ins.get(attendee=reissued).reason == "badge_revoked"


def test_scans_kept_offline_wait_for_the_usher_to_log_in_again_and_are_not_lost(
    phone_losing_its_network, live_server, context
):
    page = phone_losing_its_network
    event = factories.EventFactory(slug="baikonur-70")
    factories.EntranceFactory(event=event, name="The square", slug="square")
    guest = factories.AttendeeFactory(event=event)
    usher = member_of(roles.USHER)
    log_in(page, live_server, usher)
    checkin_page = live_server.url + reverse("checkin:page", args=["baikonur-70"])
    page.goto(checkin_page)
    expect(page.locator("#network")).to_contain_text("Online")

    context.set_offline(True)
    page.get_by_label("Badge code").fill(guest.badge_code)
    page.get_by_label("Badge code").press("Enter")
    expect(page.locator("#result")).to_have_class("admitted")
    context.clear_cookies(name="sessionid")  # the login expires while the phone is offline
    context.set_offline(False)
    page.wait_for_timeout(6_000)  # a try to send it (every 5 s), refused
    expect(page.locator("#network")).to_contain_text("Scans waiting: 1")
    assert not event.check_ins.exists()

    log_in(page, live_server, usher)
    page.goto(checkin_page)
    expect(page.locator("#network")).not_to_contain_text("Scans waiting", timeout=15_000)
    assert list(event.check_ins.values_list("attendee", "admitted")) == [(guest.pk, True)]
