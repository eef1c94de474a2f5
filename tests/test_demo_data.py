"""The Baikonur 70 demo program: what `load_baikonur70` writes, and that loading twice changes nothing."""

import datetime
import io
import os
import subprocess
import sys
import zoneinfo

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import transaction
from django.utils import translation

from awards.enums import AwardKind, PresentationStatus
from awards.models import Award, AwardPresentation
from ceremony.demo.awards import award_recipients
from ceremony.demo.guests import GUEST_GROUPS, sample_guests
from ceremony.demo.loader import demo_program_load
from ceremony.demo.people import NAMED_PEOPLE, all_people
from ceremony.demo.titles import in_three_languages
from ceremony.enums import (
    AttendeeCategory,
    ClearanceStatus,
    ParticipantRole,
    ProgramItemKind,
    VenueKind,
    VideoAddressStatus,
)
from ceremony.models import (
    Attendee,
    BanquetTable,
    Delegation,
    Event,
    FacilityVisit,
    InvitationText,
    Organization,
    Participation,
    Person,
    ProgramItem,
    Venue,
    VenueSection,
    VideoAddress,
    VisitParticipant,
)
from ceremony.services.banquets import tables_assign
from ceremony.services.seating import seating_assign

ALMATY = zoneinfo.ZoneInfo("Asia/Almaty")
KAZAKH_LETTERS = set("ӘәҒғҚқҢңӨөҰұҮүҺһІі")
MODELS = (
    Event,
    Venue,
    VenueSection,
    Organization,
    Person,
    Attendee,
    Delegation,
    ProgramItem,
    Participation,
    FacilityVisit,
    VisitParticipant,
    VideoAddress,
    Award,
    AwardPresentation,
    BanquetTable,
    InvitationText,
)
EXPECTED_COUNTS = {
    "Event": 1,
    "Venue": 8,
    "VenueSection": 5,
    "Organization": 16,
    "Person": 302,
    "Attendee": 302,
    "Delegation": 2,
    "ProgramItem": 13,
    "Participation": 167,
    "FacilityVisit": 1,
    "VisitParticipant": 19,
    "VideoAddress": 2,
    "Award": 4,
    "AwardPresentation": 13,
    "BanquetTable": 11,
    "InvitationText": 6,
}


def row_counts():
    return {model.__name__: model.objects.count() for model in MODELS}


def load():
    out = io.StringIO()
    call_command("load_baikonur70", stdout=out)
    return out.getvalue().strip()


@pytest.fixture(scope="module")
def _demo_loaded(django_db_setup, django_db_blocker):
    """The demo loaded once for the module (it takes seconds): each test runs in a transaction of its
    own inside this one and is rolled back to the demo as loaded; the demo is rolled back at the end."""
    with django_db_blocker.unblock(), transaction.atomic():
        load()
        yield
        transaction.set_rollback(True)


@pytest.fixture
def event(_demo_loaded, db):
    return Event.objects.get(slug="baikonur-70")


def attendee(event, family_name):
    return Attendee.objects.select_related("person__organization", "delegation").get(
        event=event, person__family_name=family_name
    )


@pytest.mark.django_db
def test_load_twice_creates_nothing_the_second_time():
    assert load() == "Baikonur 70 demo loaded: 872 created, 0 updated, 0 unchanged."
    assert row_counts() == EXPECTED_COUNTS

    assert load() == "Baikonur 70 demo loaded: 0 created, 0 updated, 872 unchanged."
    assert row_counts() == EXPECTED_COUNTS


@pytest.mark.django_db
def test_load_puts_back_what_was_changed_by_hand():
    assert demo_program_load() == {"created": 872, "updated": 0, "unchanged": 0}
    Venue.objects.filter(name_en="Krayniy Airport").update(seated_capacity=5)
    Person.objects.filter(family_name="Скляр").update(position_kk="", honorific_ru=None)

    assert demo_program_load() == {"created": 0, "updated": 2, "unchanged": 870}
    assert Venue.objects.get(name_en="Krayniy Airport").seated_capacity is None
    sklyar = Person.objects.get(family_name="Скляр")
    assert sklyar.position_kk == "Қазақстан Республикасы Премьер-Министрінің орынбасары"
    assert sklyar.honorific_ru == "Его Превосходительство"
    assert row_counts() == EXPECTED_COUNTS
    assert demo_program_load() == {"created": 0, "updated": 0, "unchanged": 872}


@pytest.mark.django_db
def test_event_is_2_june_2025_in_baikonur_in_three_languages(event):
    assert (event.start_date, event.end_date) == (datetime.date(2025, 6, 2), datetime.date(2025, 6, 2))
    assert (event.time_zone, event.default_language) == ("Asia/Almaty", "ru")
    assert (event.name_en, event.name_ru, event.name_kk) == (
        "70th anniversary of the city of Baikonur",
        "70-летие города Байконур",
        "Байқоңыр қаласының 70 жылдығы",
    )
    assert (event.city_en, event.city_ru, event.city_kk) == ("Baikonur", "Байконур", "Байқоңыр")
    # The demo says what is illustrative and what is invented, in every language.
    assert "times and venues here are plausible illustrations" in event.description_en
    assert "fictional samples" in event.description_en
    assert "вымышленные примеры" in event.description_ru
    assert "ойдан алынған үлгілер" in event.description_kk


@pytest.mark.django_db
def test_named_dignitaries_have_their_positions_and_precedence(event):
    sklyar = attendee(event, "Скляр")
    madiyev = attendee(event, "Мадиев")

    assert sklyar.person.full_name == "Скляр Роман Васильевич"
    assert sklyar.person.latin_name == "Roman Sklyar"
    assert sklyar.person.position == "Deputy Prime Minister of the Republic of Kazakhstan"
    assert sklyar.person.organization.name == "Government of the Republic of Kazakhstan"
    assert (sklyar.precedence_rank, sklyar.category) == (1, AttendeeCategory.GOVERNMENT_OFFICIAL)
    assert madiyev.person.full_name == "Мадиев Жаслан Хасенович"
    assert madiyev.person.latin_name == "Zhaslan Madiyev"
    assert madiyev.person.position == (
        "Minister of Digital Development, Innovation and Aerospace Industry of the Republic of Kazakhstan"
    )
    assert madiyev.precedence_rank == 2
    assert sklyar.escort_officer.category == AttendeeCategory.STAFF
    assert madiyev.escort_officer.category == AttendeeCategory.STAFF

    delegation = Delegation.objects.get(event=event, name="Government of the Republic of Kazakhstan")
    assert (delegation.head, delegation.escort_officer) == (sklyar, sklyar.escort_officer)
    assert sklyar.delegation == madiyev.delegation == delegation


@pytest.mark.django_db
def test_sklyar_position_and_form_of_address_in_three_languages(event):
    sklyar = attendee(event, "Скляр").person

    assert (sklyar.position_en, sklyar.position_ru, sklyar.position_kk) == (
        "Deputy Prime Minister of the Republic of Kazakhstan",
        "Заместитель Премьер-Министра Республики Казахстан",
        "Қазақстан Республикасы Премьер-Министрінің орынбасары",
    )
    assert (sklyar.honorific_en, sklyar.honorific_ru, sklyar.honorific_kk) == (
        "His Excellency",
        "Его Превосходительство",
        "Жоғары мәртебелі",
    )
    # Reading `position` gives the active language's text, not the English one.
    with translation.override("kk"):
        assert sklyar.position == "Қазақстан Республикасы Премьер-Министрінің орынбасары"
    with translation.override("ru"):
        assert sklyar.honorific == "Его Превосходительство"


@pytest.mark.django_db
def test_every_position_is_in_english_russian_and_kazakh(event):
    people = Person.objects.filter(attendances__event=event)
    titled = people.exclude(position_en="")
    untitled = people.filter(position_en="")

    assert titled.count() == 232
    for person in titled:
        assert all([person.position_ru, person.position_kk]), person.position_en
    # Residents have no position, and only the two ministers a form of address: blank in all three.
    assert {(p.position_ru, p.position_kk) for p in untitled} == {("", "")}
    no_honorific = people.exclude(family_name__in=["Скляр", "Мадиев"])
    assert set(no_honorific.values_list("honorific_en", "honorific_ru", "honorific_kk")) == {("", "", "")}
    assert KAZAKH_LETTERS & set("".join(titled.values_list("position_kk", flat=True)))
    aubakirov = people.get(family_name="Аубакиров")
    assert (aubakirov.position_ru, aubakirov.position_kk) == ("Лётчик-космонавт СССР", "КСРО ұшқыш-ғарышкері")
    # Russian names a student's or pupil's sex; Kazakh has no grammatical gender.
    students = people.filter(attendances__category=AttendeeCategory.STUDENT)
    assert set(students.filter(patronymic__endswith="қызы").values_list("position_ru", flat=True)) == {
        "Студентка 1-го курса",
        "Студентка 3-го курса",
        "Ученица 9-го класса",
        "Ученица 10-го класса",
        "Ученица 11-го класса",
    }
    assert students.filter(position_en="Student, year 3", position_kk="3-курс студенті").exists()


def test_a_title_without_russian_or_kazakh_is_refused():
    assert in_three_languages("Test engineer") == {
        "en": "Test engineer",
        "ru": "Инженер-испытатель",
        "kk": "Сынақ инженері",
    }
    assert in_three_languages("") == {"en": "", "ru": "", "kk": ""}
    with pytest.raises(ValueError, match="ru/kk"):
        in_three_languages("Chief astronaut")
    with pytest.raises(ValueError, match="kk"):
        in_three_languages({"en": "Editor", "ru": "Редактор", "kk": ""})


@pytest.mark.django_db
def test_sklyar_and_madiyev_speak_at_the_opening_ceremony(event):
    opening = ProgramItem.objects.get(event=event, kind=ProgramItemKind.OPENING_CEREMONY)
    speakers = opening.participations.filter(role=ParticipantRole.SPEAKER).order_by("order")

    assert [p.attendee.person.family_name for p in speakers] == ["Скляр", "Мадиев"]
    assert opening.participations.filter(role=ParticipantRole.HOST).count() == 1


@pytest.mark.django_db
def test_named_cosmonauts_are_honoured_guests_marked_illustrative(event):
    cosmonauts = Attendee.objects.filter(event=event, category=AttendeeCategory.COSMONAUT)

    assert sorted(c.person.full_name for c in cosmonauts) == [
        "Аимбетов Айдын Аканович",
        "Аубакиров Тохтар Онгарбаевич",
        "Мусабаев Талгат Амангельдиевич",
    ]
    assert all("illustrative" in c.notes for c in cosmonauts)


@pytest.mark.django_db
def test_both_presidents_video_addresses_are_on_the_program(event):
    videos = VideoAddress.objects.filter(program_item__event=event).order_by("play_order")

    assert [
        (v.play_order, v.speaker_name_en, v.speaker_title_en, v.language, v.subtitle_languages)
        for v in videos
    ] == [
        (1, "Kassym-Jomart Tokayev", "President of the Republic of Kazakhstan", "kk", "ru,en"),
        (2, "Vladimir Putin", "President of the Russian Federation", "ru", "kk,en"),
    ]
    assert [(v.speaker_name_kk, v.speaker_name_ru) for v in videos] == [
        ("Қасым-Жомарт Тоқаев", "Касым-Жомарт Токаев"),
        ("Владимир Путин", "Владимир Путин"),
    ]
    assert [v.status for v in videos] == [VideoAddressStatus.APPROVED, VideoAddressStatus.TECHNICALLY_CHECKED]
    assert all(v.duration > datetime.timedelta(0) and not v.media_file for v in videos)


@pytest.mark.django_db
def test_baiterek_visit_is_on_a_restricted_launch_complex(event):
    visit = FacilityVisit.objects.select_related("facility", "program_item").get(program_item__event=event)

    assert visit.program_item.kind == ProgramItemKind.FACILITY_VISIT
    assert visit.facility.name_en == "Baiterek Space Rocket Complex"
    assert (visit.facility.kind, visit.facility.restricted) == (VenueKind.LAUNCH_COMPLEX, True)
    assert (visit.capacity, visit.clearance_required) == (30, True)
    statuses = sorted(visit.visitors.values_list("clearance_status", flat=True))
    assert statuses.count(ClearanceStatus.APPROVED) == 17
    assert statuses.count(ClearanceStatus.PENDING) == statuses.count(ClearanceStatus.DENIED) == 1
    assert visit.visitors.filter(attendee__person__family_name__in=["Скляр", "Мадиев"]).count() == 2
    # Identity documents are blank or visibly fake.
    numbers = visit.visitors.exclude(document_number="").values_list("document_number", flat=True)
    assert all(number.startswith("DEMO-") for number in numbers)


@pytest.mark.django_db
def test_the_reception_hall_has_a_head_table_of_12_and_ten_round_tables_of_10(event):
    reception = ProgramItem.objects.get(event=event, kind=ProgramItemKind.RECEPTION)
    tables = BanquetTable.objects.filter(venue=reception.venue).order_by("number")
    assert [(table.number, table.shape, table.seats) for table in tables] == [
        (1, "long", 12),
        *((number, "round", 10) for number in range(2, 12)),
    ]
    assert (tables[0].name_en, tables[0].name_ru, tables[0].name_kk) == (
        "Head table",
        "Главный стол",
        "Төр үстел",
    )
    # Every guest of the reception finds a place: the host in the centre of the head table, the Deputy
    # Prime Minister at her right, the Minister at her left.
    assert tables_assign(program_item=reception).placed == reception.participations.count() == 14
    head = {
        place.seat: place.attendee.person.family_name
        for place in reception.table_assignments.filter(table__number=1).select_related("attendee__person")
    }
    assert (head[5], head[6], head[7]) == ("Мадиев", "Нұрмағамбетова", "Скляр")


@pytest.mark.django_db
def test_veterans_award_ceremony_has_approved_presentations_in_order(event):
    ceremony = ProgramItem.objects.get(event=event, kind=ProgramItemKind.AWARD_CEREMONY)
    presentations = list(
        AwardPresentation.objects.filter(ceremony=ceremony).select_related(
            "recipient__person", "presenter__person", "award"
        )
    )

    assert len(presentations) == len(award_recipients(sample_guests())) == 13
    assert [p.order for p in presentations] == list(range(1, 14))
    assert {p.recipient.category for p in presentations} == {AttendeeCategory.VETERAN}
    assert {p.presenter.person.family_name for p in presentations} == {"Скляр", "Мадиев"}
    assert {p.status for p in presentations} == {PresentationStatus.APPROVED}
    assert all(p.citation_en and p.citation_ru and p.citation_kk for p in presentations)
    assert presentations[0].decree_number == "Order No. 70-2025/011"
    medal = Award.objects.get(kind=AwardKind.COMMEMORATIVE_MEDAL)
    assert (medal.name_kk, medal.is_repeatable) == ("«Байқоңыр қаласына 70 жыл» мерейтойлық медалі", False)


def test_sample_guests_are_the_same_people_on_every_call():
    first, second = sample_guests(), sample_guests()

    assert first == second
    assert len(first) == sum(how_many for _prefix, _category, how_many, _mix in GUEST_GROUPS) == 282
    assert len(all_people(first)) == len(NAMED_PEOPLE) + len(first) == EXPECTED_COUNTS["Person"]
    # Each call makes its own rows: what one load does to them cannot change the next.
    first[0]["family_name"] = "Changed"
    assert sample_guests()[0] == second[0] != first[0]


def test_importing_the_demo_makes_no_guests():
    """The modules only define data: the loader asks for the sample guests when it runs."""
    script = (
        "import django; django.setup()\n"
        "from ceremony.demo import guests\n"
        "def refuse(*args):\n"
        "    raise AssertionError('a sample guest was made at import')\n"
        "guests._guest = refuse\n"
        "import ceremony.demo.loader, ceremony.management.commands.load_baikonur70\n"
    )
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "tests.settings"}
    result = subprocess.run(  # noqa: S603 (our own interpreter)
        [sys.executable, "-c", script],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr


def test_two_people_with_one_name_are_refused_before_anything_is_written():
    guests = sample_guests()
    namesake = {**guests[0], "key": "namesake", "email": None}

    with pytest.raises(ValueError, match="share a name"):
        all_people([*guests, namesake])


@pytest.mark.django_db
def test_guest_list_has_a_few_hundred_fictional_samples(event):
    attendees = Attendee.objects.filter(event=event)

    assert 200 <= attendees.count() <= 400
    assert attendees.filter(category=AttendeeCategory.VETERAN).count() == 60
    assert attendees.filter(category=AttendeeCategory.STUDENT).count() == 72
    veterans = Person.objects.filter(attendances__category=AttendeeCategory.VETERAN)
    assert not veterans.filter(service_years="").exists()
    assert not veterans.filter(service_place="").exists()
    emails = Person.objects.exclude(email=None).values_list("email", flat=True)
    assert all(email.endswith(("@example.kz", "@example.org")) for email in emails)
    assert set(emails) == {row["email"] for row in all_people(sample_guests()) if row.get("email")}
    kazakh_given_names = "".join(Person.objects.values_list("given_name", flat=True))
    assert KAZAKH_LETTERS & set(kazakh_given_names)


@pytest.mark.django_db
def test_every_program_item_has_a_title_in_english_russian_and_kazakh(event):
    items = ProgramItem.objects.filter(event=event)

    assert items.count() == 13
    for item in items:
        assert all([item.title_en, item.title_ru, item.title_kk]), item.title_en
        assert all([item.description_en, item.description_ru, item.description_kk]), item.title_en
        assert item.responsible.category == AttendeeCategory.STAFF
    assert KAZAKH_LETTERS & set("".join(item.title_kk for item in items))


@pytest.mark.django_db
def test_every_program_item_lies_on_2_june_2025_in_almaty(event):
    for item in ProgramItem.objects.filter(event=event):
        starts, ends = item.starts_at.astimezone(ALMATY), item.ends_at.astimezone(ALMATY)
        assert starts.date() == ends.date() == datetime.date(2025, 6, 2), item.title_en
        assert ends > starts


@pytest.mark.django_db
def test_the_demos_people_have_the_gender_their_patronymic_says(event):
    assert attendee(event, "Скляр").person.gender == "male"
    assert Person.objects.get(family_name="Нұрмағамбетова").gender == "female"


def test_the_award_ceremony_seats_by_precedence_in_the_palaces_stalls(event):
    ceremony = ProgramItem.objects.get(event=event, kind=ProgramItemKind.AWARD_CEREMONY)
    palace = ceremony.venue
    assert [(s.name_en, s.name_ru, s.rows, s.seats_per_row) for s in palace.sections.all()] == [
        ("Stalls", "Партер", 20, 30),
        ("Balcony", "Балкон", 8, 24),
    ]
    square = Venue.objects.get(name_en="Central Square of Baikonur")
    assert [(s.name_kk, s.rows * s.seats_per_row) for s in square.sections.all()] == [
        ("Трибуна, орталық", 120),
        ("Трибуна, сол жақ", 120),
        ("Трибуна, оң жақ", 120),
    ]
    seated = seating_assign(program_item=ceremony)
    seats = list(ceremony.seats.select_related("attendee__person", "section"))
    # Everyone but the head of protocol, who hosts from the lectern, in the stalls' front row.
    assert seated == ceremony.participations.count() - 1 == len(seats)
    host = ceremony.participations.get(role=ParticipantRole.HOST).attendee
    assert not ceremony.seats.filter(attendee=host).exists()
    assert {(seat.section.name_en, seat.row) for seat in seats} == {("Stalls", 1)}
    # Its ends are reserved for the security officers: the highest-ranking guest sits at the centre.
    first = min(seats, key=lambda seat: seat.attendee.precedence_rank or 10**6)
    assert first.seat == 15
    assert {seat.seat for seat in seats}.isdisjoint({1, 2, 29, 30})
