"""Latin names for people stored before the import transliterated them: the migration that gives them
one, the admin action that gives one to those selected, and English papers in the order of the names
they print (Цой as Tsoy comes after Шаров as Sharov)."""

import io
import re

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse
from pypdf import PdfReader

from ceremony.models import Job, Person
from tests import factories

pytestmark = pytest.mark.django_db

PEOPLE_CHANGELIST = "admin:ceremony_person_changelist"
ATTENDEE_CHANGELIST = "admin:ceremony_attendee_changelist"
# By Cyrillic letters: Ахметов, Есенов, Цой, Шаров, Ян; by Latin ones: Akhmetov, Sharov, Tsoy, Yan, Yesenov.
FAMILY_NAMES = ("Ян", "Шаров", "Есенов", "Ахметов", "Цой")
CYRILLIC_ORDER = ["Ахметов", "Есенов", "Цой", "Шаров", "Ян"]
LATIN_ORDER = ["Akhmetov", "Sharov", "Tsoy", "Yan", "Yesenov"]


def stored_before(**fields):
    """A person as the address book kept them before the import transliterated: no Latin name."""
    return factories.PersonFactory(**fields)


def latin_of(person):
    person.refresh_from_db()
    return (person.family_name_latin, person.given_name_latin, person.name_latin_generated)


# ---------------------------------------------------------------------------------------------------
# The migration


@pytest.mark.django_db(transaction=True)
def test_the_migration_transliterates_stored_cyrillic_names_and_leaves_typed_ones():
    executor = MigrationExecutor(connection)
    graph = executor.loader.graph
    after = next(key for key in graph.nodes if key[1].endswith("person_latin_names_transliterated"))
    (parent,) = (node.key for node in graph.node_map[after].parents)
    executor.migrate([parent])
    old = executor.loader.project_state([parent]).apps.get_model("ceremony", "Person")
    for family_name, given_name, family_name_latin, given_name_latin in (
        ("Цой", "Виктор", "", ""),
        ("Шаров", "Сергей", "Sharov", "Sergei"),  # typed from his passport
        ("Есенов", "Мурат", "", "Murat"),  # half typed: still typed
        ("Oliveira", "Marco", "", ""),  # Latin letters already
    ):
        old.objects.create(
            family_name=family_name,
            given_name=given_name,
            family_name_latin=family_name_latin,
            given_name_latin=given_name_latin,
        )
    executor = MigrationExecutor(connection)
    executor.migrate([after])
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())  # the tests after this one need the latest schema

    people = Person.objects.order_by("pk").values_list(
        "family_name", "family_name_latin", "given_name_latin", "name_latin_generated", "version"
    )
    assert list(people) == [
        ("Цой", "Tsoy", "Viktor", True, 2),
        ("Шаров", "Sharov", "Sergei", False, 1),
        ("Есенов", "", "Murat", False, 1),
        ("Oliveira", "", "", False, 1),
    ]
    tsoy = Person.objects.get(family_name="Цой")
    assert tsoy.name_in("en") == "Viktor Tsoy"
    assert tsoy.history.count() == 0  # nobody typed it: the history has nothing new to say


# ---------------------------------------------------------------------------------------------------
# The admin action


def test_the_action_gives_the_selected_a_latin_name_and_keeps_typed_ones(admin_client, admin_user):
    tsoy = stored_before(family_name="Цой", given_name="Виктор")
    yessenov = stored_before(family_name="Есенов", given_name="Мурат")
    sharov = factories.PersonFactory(
        family_name="Шаров", given_name="Сергей", family_name_latin="Sharov", given_name_latin="Sergei"
    )
    oliveira = stored_before(family_name="Oliveira", given_name="Marco")
    not_selected = stored_before(family_name="Ахметов", given_name="Ерлан")

    response = admin_client.post(
        reverse(PEOPLE_CHANGELIST),
        {
            "action": "fill_latin_names",
            "_selected_action": [person.pk for person in (tsoy, yessenov, sharov, oliveira)],
        },
        HTTP_ACCEPT_LANGUAGE="ru",
    )

    assert response.status_code == 302
    assert [str(message) for message in get_messages(response.wsgi_request)] == [
        "2 человека получили имя латиницей по транслитерации."
    ]
    assert latin_of(tsoy) == ("Tsoy", "Viktor", True)
    assert latin_of(yessenov) == ("Yesenov", "Murat", True)
    assert latin_of(sharov) == ("Sharov", "Sergei", False)
    assert latin_of(oliveira) == ("", "", False)
    assert latin_of(not_selected) == ("", "", False)
    change = tsoy.history.latest()
    assert (change.history_type, change.history_user, change.history_change_reason) == (
        "~",
        admin_user,
        "Имя латиницей заполнено транслитерацией",
    )
    assert (change.family_name_latin, change.version, tsoy.version) == ("Tsoy", 2, 2)
    assert sharov.history.count() == 1  # its creation only


def test_the_action_says_so_when_everyone_selected_has_a_latin_name(admin_client):
    sharov = factories.PersonFactory(family_name="Шаров", family_name_latin="Sharov")
    response = admin_client.post(
        reverse(PEOPLE_CHANGELIST),
        {"action": "fill_latin_names", "_selected_action": [sharov.pk]},
        HTTP_ACCEPT_LANGUAGE="kk",
    )
    assert [str(message) for message in get_messages(response.wsgi_request)] == [
        "0 адамның аты транслитерациямен латын әріптерімен жазылды."
    ]


# ---------------------------------------------------------------------------------------------------
# English papers in the order of the names they print


@pytest.fixture
def event():
    return factories.EventFactory(slug="baikonur-70", name_en="Baikonur 70", default_language="ru")


@pytest.fixture
def attendees(event):
    """Five attendees whose names sort one way in Cyrillic and another in Latin letters."""
    people = [stored_before(family_name=name, given_name="Арман") for name in FAMILY_NAMES]
    made = [factories.AttendeeFactory(event=event, person=person) for person in people]
    for person in people:
        person.latin_transliterate()
        person.save()
    return made


def order_in(text, names):
    """`names` in the order `text` shows them."""
    return sorted(names, key=lambda name: text.index(name))


def pdf_text(data):
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_english_badges_are_in_the_order_of_the_latin_names(admin_client, attendees):
    url = reverse("print:badges", args=["baikonur-70", "html"])

    english = admin_client.get(url, {"lang": "en"}).content.decode()
    names = re.findall(r'<div class="name">([^<]*)</div>', english)
    assert names == [f"Arman {name}" for name in LATIN_ORDER]
    russian = admin_client.get(url, {"lang": "ru"}).content.decode()
    assert re.findall(r'<div class="name">(\w+)', russian) == CYRILLIC_ORDER

    pdf = admin_client.get(reverse("print:badges", args=["baikonur-70", "pdf"]), {"lang": "en"})
    assert order_in(pdf_text(pdf.content), LATIN_ORDER) == LATIN_ORDER


def test_badges_in_each_attendees_language_keep_the_order_of_their_own_names(admin_client, attendees):
    page = admin_client.get(reverse("print:badges", args=["baikonur-70", "html"])).content.decode()
    assert re.findall(r'<div class="name">(\w+)', page) == CYRILLIC_ORDER


def test_english_badges_of_a_selection_are_in_the_order_of_the_latin_names(admin_client, attendees):
    response = admin_client.post(
        reverse(ATTENDEE_CHANGELIST),
        {"action": "print_badges", "print_language": "en", "_selected_action": [a.pk for a in attendees]},
    )
    assert order_in(pdf_text(response.content), LATIN_ORDER) == LATIN_ORDER


def test_english_badges_printed_by_a_job_in_parts_are_in_the_order_of_the_latin_names(
    admin_client, attendees, settings, private_root
):
    settings.PRINT_DIRECT_ATTENDEES = 2
    settings.PRINT_JOB_PART_SIZE = 4  # two parts: the order holds across them
    response = admin_client.post(
        reverse(ATTENDEE_CHANGELIST),
        {"action": "print_badges", "print_language": "en", "_selected_action": [a.pk for a in attendees]},
    )
    assert response.status_code == 302
    job = Job.objects.get(parent=None)
    assert (job.state, job.parts.count()) == ("done", 2)
    with job.result_file.open("rb") as opened:
        text = pdf_text(opened.read())
    assert order_in(text, LATIN_ORDER) == LATIN_ORDER
