"""Guests who may be someone in the address book although the list spells the name otherwise (issue 13).

Each list goes through the import's own reading and planning: the rows are parsed as a file's rows are,
then planned against people the factories store.
"""

import datetime
import random
import zoneinfo

import pytest
from rapidfuzz.distance import Levenshtein

from ceremony.guest_lists.parsing import parse_guest_list
from ceremony.guest_lists.planning import plan_guest_list
from ceremony.guest_lists.similar import SimilarPeople, edits_allowed, skeleton
from ceremony.selectors import people_for_comparison
from tests import factories

pytestmark = pytest.mark.django_db

HEADERS = ["Фамилия", "Имя", "Отчество", "Фамилия латиницей", "Имя латиницей", "Организация", "Эл. почта"]
ALMATY = zoneinfo.ZoneInfo("Asia/Almaty")


@pytest.fixture
def event():
    return factories.EventFactory(slug="baikonur-70", default_language="ru")


def plan(event, *rows):
    """The plan of a list of these rows (family name, given name, patronymic, then any of the Latin
    names, organization and email), below the header row."""
    cells = [(1, HEADERS)] + [(number, list(row)) for number, row in enumerate(rows, start=2)]
    parsed = parse_guest_list(cells, zone=ALMATY)
    assert parsed.errors == []
    return plan_guest_list(event=event, guests=parsed.guests, language="ru")


def similar(event, *rows):
    """For each row's entry, the people it may be."""
    return [entry.get("similar", []) for entry in plan(event, *rows).entries]


@pytest.fixture
def cosmonaut():
    return factories.PersonFactory(family_name="Аимбетов", given_name="Айдын", patronymic="Аканович")


# ---------------------------------------------------------------------------------------------------
# The examples


def test_respelt_family_name_is_possibly_the_cosmonaut(event, cosmonaut):
    [entry] = plan(event, ["Айымбетов", "Айдын", "Аканович"]).entries
    assert (entry["status"], entry["person"], entry["similar"]) == ("new", None, [cosmonaut.pk])


def test_latin_list_finds_the_person_stored_in_cyrillic(event, cosmonaut):
    assert similar(event, ["Aimbetov", "Aidyn", "Akanovich"], ["Aymbetov", "Aydyn", ""]) == [
        [cosmonaut.pk],
        [cosmonaut.pk],
    ]


def test_cyrillic_list_finds_the_person_stored_in_latin(event):
    astronaut = factories.PersonFactory(family_name="Aimbetov", given_name="Aidyn")
    assert similar(event, ["Айымбетов", "Айдын", "Аканович"]) == [[astronaut.pk]]


def test_latin_list_finds_the_latin_name_stored_beside_the_cyrillic(event):
    # The Latin name is not the Cyrillic one's transliteration: only the stored Latin name matches.
    person = factories.PersonFactory(
        family_name="Голль", given_name="Шарль", family_name_latin="Gaulle", given_name_latin="Charles"
    )
    assert similar(event, ["Gaulle", "Charles", ""], ["Голь", "Charles", ""]) == [[person.pk], [person.pk]]


def test_latin_name_columns_of_the_list_are_compared_too(event, cosmonaut):
    # The Cyrillic family name is someone else's; the Latin columns name the cosmonaut.
    assert similar(event, ["Аимбаев", "Айдын", "Аканович", "Aimbetov", "Aidyn"]) == [[cosmonaut.pk]]


def test_latin_given_name_beside_a_cyrillic_family_name(event, cosmonaut):
    assert similar(event, ["Айымбетов", "Aidyn", "Аканович"]) == [[cosmonaut.pk]]


def test_kazakh_letters_and_their_russian_and_latin_spellings(event):
    person = factories.PersonFactory(family_name="Жұмабеков", given_name="Сәкен", patronymic="Қасымұлы")
    assert similar(
        event,
        ["Жумабеков", "Сакен", "Касымулы"],
        ["Zhumabekov", "Saken", "Qasymuly"],
        ["Jumabekov", "Сакен", ""],
    ) == [[person.pk], [person.pk], [person.pk]]


@pytest.mark.parametrize(
    ("kazakh", "russian"),
    [
        ("Әлия", "Алия"),
        ("Ғалым", "Галым"),
        ("Қайрат", "Кайрат"),
        ("Кеңес", "Кенес"),
        ("Өмір", "Омир"),
        ("Ұлан", "Улан"),
        ("Үміт", "Умит"),
        ("Һадиша", "Хадиша"),
        ("Ілияс", "Илияс"),
    ],
)
def test_each_kazakh_letter_is_the_russian_letter_written_for_it(kazakh, russian):
    assert skeleton(kazakh) == skeleton(russian) != ""


# ---------------------------------------------------------------------------------------------------
# How far apart names may be


def test_one_letter_wrong_in_a_long_family_name(event):
    person = factories.PersonFactory(
        family_name="Константинопольский", given_name="Александр", patronymic="Сергеевич"
    )
    typos = ("Константинапольский", "Констатинопольский", "Констанитнопольский", "Константинопольскей")
    assert similar(event, *[[typo, "Александр", "Сергеевич"] for typo in typos]) == [[person.pk]] * 4


def test_two_letters_wrong_in_a_long_family_name_but_not_in_one_of_eight_letters(event):
    person = factories.PersonFactory(family_name="Константинопольский", given_name="Александр")
    factories.PersonFactory(family_name="Аимбетов", given_name="Александр")
    assert similar(event, ["Константинапольскей", "Александр", ""], ["Аимбатав", "Александр", ""]) == [
        [person.pk],
        [],
    ]


def test_three_letters_wrong_is_another_family(event):
    factories.PersonFactory(family_name="Константинопольский", given_name="Александр")
    assert similar(event, ["Кантонтинопольскай", "Александр", "Сергеевич"]) == [[]]


def test_short_family_names_a_letter_apart_are_two_families(event):
    factories.PersonFactory(family_name="Ким", given_name="Олег", patronymic="Игоревич")
    factories.PersonFactory(family_name="Ли", given_name="Олег", patronymic="Игоревич")
    assert similar(event, ["Кем", "Олег", "Игоревич"], ["Ло", "Олег", "Игоревич"]) == [[], []]


def test_short_family_name_in_latin_letters_is_the_same_name(event):
    kim = factories.PersonFactory(family_name="Ким", given_name="Олег", patronymic="Игоревич")
    assert similar(event, ["Kim", "Oleg", "Igorevich"]) == [[kim.pk]]


def test_another_given_name_is_another_person(event, cosmonaut):
    assert similar(event, ["Айымбетов", "Айбек", "Аканович"]) == [[]]


def test_another_patronymic_is_another_person(event, cosmonaut):
    assert similar(event, ["Айымбетов", "Айдын", "Маратович"]) == [[]]


def test_patronymic_missing_on_either_side_still_finds_the_person(event, cosmonaut):
    brother = factories.PersonFactory(family_name="Аимбетов", given_name="Нурлан")
    assert similar(event, ["Айымбетов", "Айдын", ""], ["Айымбетов", "Нурлан", "Аканович"]) == [
        [cosmonaut.pk],
        [brother.pk],
    ]


# ---------------------------------------------------------------------------------------------------
# What the plan says


def test_exact_match_is_a_match_not_a_similar_person(event, cosmonaut):
    [entry] = plan(event, ["Аимбетов", "Айдын", "Аканович"]).entries
    assert (entry["status"], entry["person"], "similar" in entry) == ("new", cosmonaut.pk, False)


def test_person_matched_by_another_row_is_not_offered_again(event, cosmonaut):
    exact, respelt = plan(
        event, ["Аимбетов", "Айдын", "Аканович"], ["Айымбетов", "Айдын", "Аканович"]
    ).entries
    assert (exact["person"], respelt["person"], "similar" in respelt) == (cosmonaut.pk, None, False)


def test_namesake_at_another_organization_is_possibly_the_same(event, cosmonaut):
    organization = factories.OrganizationFactory(name="Казкосмос")
    [entry] = plan(event, ["Аимбетов", "Айдын", "Аканович", "", "", organization.name]).entries
    assert (entry["person"], entry["similar"]) == (None, [cosmonaut.pk])


def test_likeliest_first_and_only_a_few(event):
    fewer_edits = factories.PersonFactory(
        family_name="Байконуров", given_name="Ерлан", patronymic="Сапарович"
    )
    no_patronymic = factories.PersonFactory(family_name="Байконуров", given_name="Ерлан")
    more_edits = [
        factories.PersonFactory(family_name=name, given_name="Ерлан")
        for name in ("Байконыров", "Байкануров", "Бойконуров")
    ]
    [entry] = plan(event, ["Байконуров", "Yerlan", "Сапарович"]).entries
    assert entry["similar"] == [fewer_edits.pk, no_patronymic.pk, more_edits[0].pk]


def test_someone_stored_meanwhile_who_looks_alike_leaves_the_digest(event, cosmonaut):
    rows = [["Айымбетов", "Айдын", "Аканович"], ["Новиков", "Пётр", ""]]
    before = plan(event, *rows)
    lookalike = factories.PersonFactory(family_name="Новикова", given_name="Пётр")
    after = plan(event, *rows)
    assert [entry.get("similar") for entry in before.entries] == [[cosmonaut.pk], None]
    assert [entry.get("similar") for entry in after.entries] == [[cosmonaut.pk], [lookalike.pk]]
    assert after.digest() == before.digest()


def test_what_is_written_still_changes_the_digest(event, cosmonaut):
    rows = [["Айымбетов", "Айдын", "Аканович"]]
    before = plan(event, *rows)
    factories.PersonFactory(family_name="Айымбетов", given_name="Айдын", patronymic="Аканович")
    assert plan(event, *rows).digest() != before.digest()


# ---------------------------------------------------------------------------------------------------
# Many guests, few queries


def generated_rows(count):
    return [[f"Аимбетов{letter}", "Айдын", "Аканович"] for letter in "бвгдежзклмнпрст"[:count]]


ROOTS = ("Абдрахманов", "Байтурсынов", "Жанузаков", "Исмаилов", "Кенжебаев", "Нурпеисов", "Сейфуллин")
GIVEN_NAMES = ("Айдын", "Бауыржан", "Ғалым", "Ерлан", "Жанат")


def test_every_generated_guest_with_a_letter_left_out_finds_their_own_person(django_assert_num_queries):
    people = {
        (root, given_name): factories.PersonFactory(
            family_name=root, given_name=given_name, patronymic="Сапарович"
        )
        for root in ROOTS
        for given_name in GIVEN_NAMES
    }
    with django_assert_num_queries(1):
        address_book = SimilarPeople()
    with django_assert_num_queries(0):
        found = {
            key: address_book.candidates(
                {"family_name": key[0][:4] + key[0][5:], "given_name": key[1], "patronymic": "Сапарович"}
            )
            for key in people
        }
    assert found == {key: [person.pk] for key, person in people.items()}


def test_no_family_name_within_the_edits_allowed_is_missed():
    """The index compares a guest only with names that keep a piece of theirs whole: it must find
    every name that comparing with everyone of the same given name finds."""
    rng = random.Random(13)  # noqa: S311 (names, not secrets)
    letters = "абвгдеклмнопрстуш"

    def misspelt(name):
        for _edit in range(rng.randint(1, 3)):
            where = rng.randrange(len(name) + 1)
            name = rng.choice(
                (name[:where] + rng.choice(letters) + name[where:], name[:where] + name[where + 1 :])
            )
        return name or "а"

    names = ["".join(rng.choice(letters) for _ in range(rng.randint(3, 18))) for _ in range(120)]
    names += [misspelt(name) for name in names]
    people = {
        factories.PersonFactory(family_name=name, given_name="Айдын").pk: skeleton(name) for name in names
    }
    address_book = SimilarPeople()
    for guest in [misspelt(rng.choice(names)) for _ in range(300)]:
        key = skeleton(guest)
        expected = {
            pk
            for pk, stored in people.items()
            if Levenshtein.distance(key, stored) <= edits_allowed(min(len(key), len(stored)))
        }
        found = address_book.candidates({"family_name": guest, "given_name": "Айдын"}, limit=len(people))
        assert (guest, set(found)) == (guest, expected)


@pytest.mark.parametrize("count", [1, 3])
def test_planning_compares_new_guests_in_the_same_queries_however_many(
    event, cosmonaut, count, django_assert_num_queries
):
    rows = generated_rows(count)
    cells = [(1, HEADERS)] + [(number, row) for number, row in enumerate(rows, start=2)]
    guests = parse_guest_list(cells, zone=ALMATY).guests
    # Organizations, the address book of exact matching, and its names as skeletons.
    with django_assert_num_queries(3):
        result = plan_guest_list(event=event, guests=guests, language="ru")
    assert [entry["similar"] for entry in result.entries] == [[cosmonaut.pk]] * count


# ---------------------------------------------------------------------------------------------------
# What the preview shows of them


@pytest.mark.parametrize("count", [1, 3])
def test_people_for_comparison_in_two_queries(count, django_assert_num_queries):
    organization = factories.OrganizationFactory(name="Роскосмос")
    people = [
        factories.PersonFactory(
            family_name=f"Аимбетов{n}",
            given_name="Айдын",
            patronymic="Аканович",
            organization=organization,
            email=f"aidyn{n}@example.org",
        )
        for n in range(count)
    ]
    for year, name in ((2015, "Байконур 60"), (2025, "Байконур 70")):
        event = factories.EventFactory(
            name=name, start_date=datetime.date(year, 6, 2), end_date=datetime.date(year, 6, 2)
        )
        for person in people:
            factories.AttendeeFactory(event=event, person=person)
    with django_assert_num_queries(2):
        shown = [
            (
                person.full_name,
                person.organization.name,
                person.email,
                [attendance.event.name for attendance in person.attendances.all()],
            )
            for person in people_for_comparison([person.pk for person in people])
        ]
    assert shown == [
        (f"Аимбетов{n} Айдын Аканович", "Роскосмос", f"aidyn{n}@example.org", ["Байконур 70", "Байконур 60"])
        for n in range(count)
    ]
