"""Names, grammar and dates on paper in English, Russian and Kazakh, read back from the PDFs."""

import pytest
from django.urls import reverse

from ceremony.enums import Gender, NameOrder, ParticipantRole, RsvpStatus
from ceremony.models import Person
from ceremony.wording import latin_from_cyrillic
from tests import factories
from tests.test_import import import_now, xlsx
from tests.test_printing import at, printer, text_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client):
    client.force_login(printer())
    return client


@pytest.fixture
def event():
    return factories.EventFactory(slug="baikonur-70", name_en="Baikonur 70", default_language="en")


@pytest.fixture
def ceremony(event):
    return factories.ProgramItemFactory(
        event=event, title_en="Opening ceremony", starts_at=at(10), ends_at=at(11)
    )


def take_part(item, role, **person):
    attendee = factories.AttendeeFactory(event=item.event, person=factories.PersonFactory(**person))
    factories.ParticipationFactory(program_item=item, attendee=attendee, role=role)
    return attendee


def program(client, language):
    return text_of(client.get(reverse("print:program", args=["baikonur-70", "pdf"]), {"lang": language}))


YESSENOV = {
    "family_name": "Есенов",
    "given_name": "Мурат",
    "patronymic": "Болатұлы",
    "family_name_latin": "Yessenov",
    "given_name_latin": "Murat",
    "country": "KZ",
}
OLIVEIRA = {"family_name": "Oliveira", "given_name": "Marco", "country": "FR"}


def test_english_program_prints_latin_names_in_each_persons_order(staff_client, ceremony):
    take_part(ceremony, ParticipantRole.HOST, **YESSENOV)
    take_part(
        ceremony,
        ParticipantRole.SPEAKER,
        family_name="山田",
        given_name="太郎",
        family_name_latin="Yamada",
        given_name_latin="Taro",
        country="JP",
        name_order=NameOrder.FAMILY_FIRST,
    )

    text = program(staff_client, "en")

    assert "Host: Murat Yessenov" in text
    assert "Speaker: Yamada Taro" in text


def test_russian_program_prints_cyrillic_names_family_first_and_roles_in_the_persons_gender(
    staff_client, ceremony
):
    take_part(ceremony, ParticipantRole.HOST, gender=Gender.MALE, **YESSENOV)
    take_part(
        ceremony,
        ParticipantRole.HOST,
        gender=Gender.FEMALE,
        family_name="Ахметова",
        given_name="Айгерим",
        patronymic="Серікқызы",
    )

    text = program(staff_client, "ru")

    assert "Ведущий: Есенов Мурат Болатұлы" in text
    assert "Ведущая: Ахметова Айгерим Серікқызы" in text


@pytest.mark.parametrize("language", ["ru", "kk"])
def test_a_name_written_only_in_latin_letters_prints_as_written_in_cyrillic_documents(
    staff_client, ceremony, language
):
    take_part(ceremony, ParticipantRole.SPEAKER, **OLIVEIRA)

    text = program(staff_client, language)

    assert "Marco Oliveira" in text
    assert "Oliveira Marco" not in text


def test_precedence_list_prints_the_rsvp_in_the_persons_gender(staff_client, event):
    factories.AttendeeFactory(
        event=event,
        precedence_rank=1,
        rsvp_status=RsvpStatus.INVITED,
        person=factories.PersonFactory(family_name="Ахметова", given_name="Айгерим", gender=Gender.FEMALE),
    )
    factories.AttendeeFactory(
        event=event,
        precedence_rank=2,
        rsvp_status=RsvpStatus.INVITED,
        person=factories.PersonFactory(family_name="Есенов", given_name="Мурат", gender=Gender.MALE),
    )

    text = text_of(staff_client.get(reverse("print:precedence", args=["baikonur-70", "pdf"]), {"lang": "ru"}))

    assert "Ахметова Айгерим Приглашена" in text
    assert "Есенов Мурат Приглашён" in text


def test_kazakh_dates_have_the_month_in_lower_case_and_russian_ones_in_the_genitive(staff_client, ceremony):
    kazakh = program(staff_client, "kk")
    russian = program(staff_client, "ru")

    assert "2 маусым 2025" in kazakh
    assert "Маусым" not in kazakh
    assert "2 июня 2025" in russian


def test_manifest_counts_its_visitors_in_words(client, event):
    client.force_login(printer("view_identity_documents"))
    visit = factories.FacilityVisitFactory(program_item__event=event)
    factories.VisitParticipantFactory(visit=visit)

    response = client.get(reverse("print:manifest", args=[visit.pk, "pdf"]))

    assert "1 visitor listed" in text_of(response)


# ---------------------------------------------------------------------------------------------------
# Latin names made by the import


def test_cyrillic_names_come_to_latin_letters_as_kazakh_passports_write_them():
    assert [latin_from_cyrillic(name) for name in ("Жұмабаев", "Әділ", "Елена", "Андреев", "ЩУКИН")] == [
        "Zhumabayev",
        "Adil",
        "Yelena",
        "Andreyev",
        "SHCHUKIN",
    ]


def test_import_fills_latin_names_marked_generated_and_keeps_the_lists_own(event):
    import_now(
        event,
        xlsx(
            [
                ["Фамилия", "Имя", "Фамилия латиницей", "Имя латиницей"],
                ["Жұмабаев", "Әділ", "", ""],
                ["Есенов", "Мурат", "Yessenov", "Murat"],
            ]
        ),
    )

    made, given = Person.objects.get(family_name="Жұмабаев"), Person.objects.get(family_name="Есенов")
    assert (made.latin_name, made.name_latin_generated) == ("Adil Zhumabayev", True)
    assert (given.latin_name, given.name_latin_generated) == ("Murat Yessenov", False)


def test_a_latin_name_edited_by_hand_is_no_longer_generated(event):
    import_now(event, xlsx([["Фамилия", "Имя"], ["Жұмабаев", "Әділ"]]))
    person = Person.objects.get()
    person.family_name_latin = "Zhumabaev"
    person.save()

    person.refresh_from_db()
    assert (person.latin_name, person.name_latin_generated) == ("Adil Zhumabaev", False)


def test_admin_shows_a_latin_name_as_transliterated_and_filters_by_it(admin_client, event):
    import_now(event, xlsx([["Фамилия", "Имя"], ["Жұмабаев", "Әділ"]]))
    person = Person.objects.get()

    page = admin_client.get(reverse("admin:ceremony_person_change", args=[person.pk])).content.decode()
    listed = admin_client.get(
        reverse("admin:ceremony_person_changelist"), {"name_latin_generated__exact": "1"}
    )

    assert "Latin name transliterated" in page
    assert "Made from the Cyrillic name by the guest-list import" in page
    assert "Adil Zhumabayev" in listed.content.decode()


def test_english_manifest_sorts_visitors_by_the_latin_name_it_prints(client, event):
    client.force_login(printer("view_identity_documents"))
    visit = factories.FacilityVisitFactory(program_item__event=event)
    for family_name, latin in (("Әбенов", "Abenov"), ("Жұмабаев", "Zhumabayev"), ("Борисов", "Borisov")):
        person = factories.PersonFactory(family_name=family_name, given_name="Ә", family_name_latin=latin)
        factories.VisitParticipantFactory(
            visit=visit, attendee=factories.AttendeeFactory(event=event, person=person)
        )

    text = text_of(client.get(reverse("print:manifest", args=[visit.pk, "pdf"]), {"lang": "en"}))

    assert text.index("Abenov") < text.index("Borisov") < text.index("Zhumabayev")
