"""How fast guests are compared with the address book for people spelt otherwise (issue 13).

    .venv/bin/python benchmarks/similar_people.py [--people 20000] [--rows 20000] [--database-url URL]

On a throwaway database (a temporary SQLite file unless --database-url names an empty one), with an
address book of generated Kazakh and Russian names (given names as unevenly common as real ones, so
that the largest group of one given name holds thousands of people) and a list of as many guests:
a quarter as stored, a quarter in Latin letters, a quarter with a letter wrong, a quarter new. Prints
- the address book read into skeletons (one query);
- every guest's candidates, as if none had matched exactly (the worst case);
- the whole plan of the list (exact matching, then candidates for those who matched nobody).
"""

import argparse
import random
import tempfile
import time
from pathlib import Path

from throwaway_db import setup_django

# Names as one string each, split: a list of eighty short words one a line would fill three pages.
GIVEN_NAMES = (  # noqa: SIM905
    "Айдын Ерлан Нурлан Бауыржан Асхат Данияр Ержан Жанат Серик Канат Талгат Мурат Арман Азамат Руслан "
    "Алексей Сергей Андрей Дмитрий Александр Владимир Игорь Олег Юрий Евгений Ғалым Қайрат Әлихан Өмірзақ "
    "Ұлан Үмбет Ілияс Кеңес Айгүл Әсел Гүлнар Жанар Мария Елена Ольга Татьяна Айжан Динара Сәуле Ботагөз"
).split()
FAMILY_STARTS = (  # noqa: SIM905
    "Аим Айым Бай Жұма Жума Қасым Касым Нұр Нур Сей Тұр Тур Ер Иса Мұса Муса Ай Ораз Құл Кул Сапар Төле Толе "
    "Аб Әбен Абен Жан Қай Кай Ес Мақ Мак Сұлтан Султан Бек Тоқ Ток Әл Ал Иван Петр Смир Кузн Попов Лебед"
).split()
FAMILY_MIDDLES = ("бет", "мағамбет", "галиев", "ан", "ен", "ырза", "ахмет", "ғали", "кен", "тай", "ым", "")
FAMILY_ENDS = ("ов", "ев", "ин", "улы", "ұлы", "бай", "бек", "ова", "ева", "ина", "ский", "енко")
PATRONYMICS = ("Аканович", "Сапарович", "Серикович", "Муратович", "Игоревич", "Қайратұлы", "Ерланқызы", "")


def zipf_choice(rng, items):
    """One of `items`, the n-th 1/n times as often as the first, as given names are (the first is
    almost a quarter of everyone: more than any given name really is)."""
    return rng.choices(items, weights=[1 / rank for rank in range(1, len(items) + 1)])[0]


def generated_person(rng):
    family = rng.choice(FAMILY_STARTS) + rng.choice(FAMILY_MIDDLES) + rng.choice(FAMILY_ENDS)
    return {
        "family_name": family[0].upper() + family[1:].lower(),
        "given_name": zipf_choice(rng, GIVEN_NAMES),
        "patronymic": rng.choice(PATRONYMICS),
    }


def with_a_letter_wrong(rng, name):
    where = rng.randrange(1, len(name))
    return name[:where] + rng.choice("аеиоуыкнт") + name[where + 1 :]


def guest_rows(rng, people, count):
    """Values of `count` guests: as stored, in Latin letters, with a letter wrong, or someone new."""
    from anyascii import anyascii

    rows = []
    for n in range(count):
        person = dict(rng.choice(people))
        kind = n % 4
        if kind == 1:
            person = {key: anyascii(value) for key, value in person.items()}
        elif kind == 2:
            person["family_name"] = with_a_letter_wrong(rng, person["family_name"])
        elif kind == 3:
            person = generated_person(rng)
        rows.append(person)
    return rows


def timed(function):
    """(seconds, CPU seconds of this process, the result): the CPU time is the fairer figure on a
    busy machine (with SQLite it includes the database's work)."""
    start, cpu = time.perf_counter(), time.process_time()
    result = function()
    return f"{time.perf_counter() - start:6.2f} s, CPU {time.process_time() - cpu:5.2f} s", result


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=20_000)
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument("--database-url")
    options = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="bench-similar-"))
    database_url = options.database_url or f"sqlite:///{workdir / 'bench.sqlite3'}"
    setup_django(database_url)
    from ceremony.guest_lists.planning import plan_guest_list
    from ceremony.guest_lists.similar import SimilarPeople
    from ceremony.models import Person
    from tests.factories import EventFactory

    rng = random.Random(70)  # noqa: S311 (names, not secrets)
    people = [generated_person(rng) for _ in range(options.people)]
    Person.objects.all().delete()
    Person.objects.bulk_create([Person(**person) for person in people], batch_size=2000)
    rows = guest_rows(rng, people, options.rows)
    event = EventFactory(slug="bench-similar")
    print(f"{options.people} people, {options.rows} guests, database {database_url.split(':')[0]}")

    built, address_book = timed(SimilarPeople)
    largest = max(len(families) for families in address_book._people.values())
    print(f"address book as skeletons  {built}  (largest given-name group: {largest} family names)")
    compared, found = timed(lambda: [address_book.candidates(values) for values in rows])
    flagged = sum(1 for pks in found if pks)
    print(f"candidates of every guest  {compared}  ({flagged} guests with someone similar)")

    guests = [{"rows": [n + 2], "values": values} for n, values in enumerate(rows)]
    planned, plan = timed(lambda: plan_guest_list(event=event, guests=guests, language="ru"))
    flagged = sum(1 for entry in plan.entries if entry.get("similar"))
    print(
        f"whole plan of the list     {planned}  ({plan.new_count} new, {flagged} of them "
        f"possibly someone stored, {plan.errors.total} errors)"
    )


if __name__ == "__main__":
    main()
