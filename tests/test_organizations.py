"""Organizations are never doubled across languages: one organization, many names, matched by key."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse
from django.utils import translation

from ceremony.demo.loader import demo_program_load
from ceremony.demo.people import ORGANIZATIONS
from ceremony.enums import OrganizationKind
from ceremony.guest_lists.export import GuestListResource
from ceremony.guest_lists.export import GuestListXLSX as XLSX
from ceremony.guest_lists.organizations import OrganizationDirectory, organization_key
from ceremony.models import Organization, Person
from ceremony.printing import badges_document, render_html
from tests import factories
from tests.test_import import csv_bytes, import_now, preview, xlsx

pytestmark = pytest.mark.django_db

HEADERS = ["Фамилия", "Имя", "Эл. почта", "Организация"]


@pytest.fixture
def event():
    return factories.EventFactory(slug="baikonur-70", default_language="ru")


def organization(**fields):
    """An organization with only the names given (the factory's would give it an English one)."""
    return factories.OrganizationFactory(name=None, **fields)


def guests_at(*organizations):
    """A list of one guest (each with an email of their own) per organization cell."""
    rows = [HEADERS]
    rows += [
        [f"Гость{number}", "Анна", f"guest{number}@example.kz", name]
        for number, name in enumerate(organizations, start=1)
    ]
    return rows


def roscosmos():
    return organization(
        name_en="Roscosmos State Corporation",
        name_ru="Государственная корпорация по космической деятельности «Роскосмос»",
        short_name_ru="Роскосмос",
    )


# ---------------------------------------------------------------------------------------------------
# The key


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("«Госкорпорация «Роскосмос»»", "роскосмос"),
        ("Государственная корпорация «Роскосмос»", "роскосмос"),
        ("Roscosmos State Corporation", "roscosmos"),
        ("ROSCOSMOS", "roscosmos"),
        ("«АО НК «Байтерек»»", "байтерек"),
        ('АО "НК "Байтерек"', "байтерек"),
        ("Baiterek JSC", "baiterek"),
        ("„Baiterek“ Ltd.", "baiterek"),
        ("ТОО “Ёлка”", "елка"),
        ("ЖШС «Алтын»", "алтын"),
        ("АҚ «Қазақтелеком»", "қазақтелеком"),
        ("ГУ 'Аппарат акима'", "аппарат акима"),
        ("Kazakh Media LLP", "kazakh media"),
        ("Nova, Inc.", "nova"),
        ("РГП на ПХВ «Казгидромет»", "казгидромет"),
        ("Совет ветеранов г. Байконур", "совет ветеранов город байконур"),
        ("Совет  ветеранов  города Байконур", "совет ветеранов город байконур"),
        ("Совет ветеранов город Байконур", "совет ветеранов город байконур"),
        ("ТОО", "тоо"),  # nothing but a legal form keeps it
        ("", ""),
    ],
)
def test_organization_key_folds_quotes_legal_forms_abbreviations_case_and_yo(name, key):
    assert organization_key(name) == key


def test_the_directory_loads_every_name_of_every_organization_in_one_query(django_assert_num_queries):
    roscosmos()
    organization(
        name_ru="Информационное агентство России «ТАСС»", short_name_ru="ТАСС", aliases="TASS\nИТАР-ТАСС"
    )
    organization(name_kk="«Бәйтерек» бірлескен кәсіпорны", aliases="Baiterek")
    with django_assert_num_queries(1):
        directory = OrganizationDirectory.load()
    tass = Organization.objects.get(short_name_ru="ТАСС").pk
    assert [directory.find(name) for name in ("ТАСС", "tass", "ИТАР-ТАСС", "Итар-Тасс")] == [tass] * 4
    assert directory.find("Baiterek JSC") == Organization.objects.get(aliases="Baiterek").pk
    assert directory.find("Хабар") is None


# ---------------------------------------------------------------------------------------------------
# Matching a list's organizations


def test_roscosmos_in_russian_in_english_and_with_its_legal_form_is_one_organization(event):
    known = roscosmos()
    rows = guests_at("Роскосмос", "Roscosmos State Corporation", "Госкорпорация «Роскосмос»", "ГК Роскосмос")
    import_now(event, xlsx(rows))
    assert Organization.objects.count() == 1
    assert list(Person.objects.values_list("organization_id", flat=True)) == [known.pk] * 4


@pytest.mark.parametrize(
    ("stored", "written"),
    [
        ({"name_ru": "Совет ветеранов города Байконур"}, "Совет ветеранов г. Байконур"),
        (
            {"name_en": "Council of Veterans of Baikonur", "name_ru": "Совет ветеранов Байконура"},
            "council of veterans of baikonur",
        ),
        ({"name_ru": "«АО НК «Байтерек»»", "aliases": "Baiterek"}, "Baiterek JSC"),
        ({"name_en": "TASS Russian News Agency", "short_name_ru": "ТАСС"}, "«ТАСС»"),
        ({"name_kk": "«Қазақстан Ғарыш Сапары» ұлттық компаниясы", "short_name_en": "KGS"}, "АО «KGS»"),
        ({"name_ru": "Агентство «Хабар»", "short_name_kk": "Хабар агенттігі"}, "«Хабар» агенттігі"),
    ],
)
def test_a_list_may_write_any_name_of_an_organization_in_any_form(event, stored, written):
    known = organization(**stored)
    guest_import = import_now(event, csv_bytes(guests_at(written)))
    assert Person.objects.get().organization_id == known.pk
    assert (Organization.objects.count(), guest_import.preview[0]["new_organization"]) == (1, "")


def test_a_list_may_write_the_short_name_in_any_of_its_three_languages(event):
    tass = organization(
        name_en="TASS Russian News Agency",
        short_name_en="TASS",
        short_name_ru="ТАСС",
        short_name_kk="ТАСС агенттігі",
    )
    import_now(event, csv_bytes(guests_at("TASS", "ТАСС", "ТАСС агенттігі")), language="en")
    assert Organization.objects.count() == 1
    assert list(Person.objects.values_list("organization_id", flat=True)) == [tass.pk] * 3


def test_a_guest_whose_list_writes_the_kazakh_short_name_of_their_organization_is_unchanged(event):
    khabar = organization(name_ru="Агентство «Хабар»", short_name_kk="Хабар агенттігі")
    person = factories.PersonFactory(
        family_name="Гость1", given_name="Анна", email="guest1@example.kz", organization=khabar
    )
    factories.AttendeeFactory(event=event, person=person)
    guest_import = import_now(event, csv_bytes(guests_at("«Хабар агенттігі»")))
    assert (guest_import.new_count, guest_import.updated_count, guest_import.unchanged_count) == (0, 0, 1)


def test_a_guest_at_an_organization_whose_list_writes_another_of_its_names_is_unchanged(event):
    baiterek = organization(
        name_ru="АО НК «Байтерек»", name_en="Baiterek National Managing Holding", aliases="Baiterek"
    )
    person = factories.PersonFactory(
        family_name="Гость1", given_name="Анна", email="guest1@example.kz", organization=baiterek
    )
    factories.AttendeeFactory(event=event, person=person)
    guest_import = import_now(event, csv_bytes(guests_at("Baiterek JSC")))
    assert (guest_import.new_count, guest_import.updated_count, guest_import.unchanged_count) == (0, 0, 1)


def test_a_guest_moving_to_another_organization_is_a_change(event):
    person = factories.PersonFactory(
        family_name="Гость1", given_name="Анна", email="guest1@example.kz", organization=roscosmos()
    )
    factories.AttendeeFactory(event=event, person=person)
    tass = organization(name_ru="ТАСС")
    guest_import = import_now(event, csv_bytes(guests_at("ТАСС")), overwrite=True)  # moves are accepted
    # The stored organization is shown by its name in the list's language.
    assert guest_import.preview[0]["changes"] == {
        "organization": ["Государственная корпорация по космической деятельности «Роскосмос»", "ТАСС"]
    }
    person.refresh_from_db()
    assert person.organization_id == tass.pk


def test_a_name_two_organizations_share_is_an_error_naming_both_and_writes_nothing(event):
    # Stored before the rule that keeps names apart (made here without it, as old data may be).
    organization(name_ru="АО «Байтерек»")
    organization(name_ru="ТОО «Байтерек»")
    guest_import = preview(event, csv_bytes(guests_at("Байтерек")))
    assert guest_import.errors == [
        {
            "row": 2,
            "column": "Organization",
            "value": "Байтерек",
            "message": "is a name of 2 organizations in the address book (АО «Байтерек»; ТОО «Байтерек»); "
            "write the name as the address book has it for the one meant",
            "name": "Гость1 Анна",
        }
    ]
    assert guest_import.new_count == 0


def test_the_exact_name_of_one_of_two_organizations_sharing_a_key_means_that_one(event):
    organization(name_ru="АО «Байтерек»")
    llp = organization(name_ru="ТОО «Байтерек»")
    import_now(event, csv_bytes(guests_at("тоо «байтерек»")))
    assert Person.objects.get().organization_id == llp.pk


def test_a_rule_refuses_a_name_that_another_organization_is_known_by():
    organization(name_ru="АО НК «Байтерек»", aliases="Baiterek\nБайтерек холдинг")
    clash = Organization(name_en="Baiterek JSC", short_name_ru="Байтерек Холдинг")
    with pytest.raises(ValidationError) as refused:
        clash.full_clean()
    assert refused.value.message_dict == {
        "name_en": ["«Baiterek JSC» is already a name of «АО НК «Байтерек»»."],
        "short_name_ru": ["«Байтерек Холдинг» is already a name of «АО НК «Байтерек»»."],
    }


def test_a_rule_refuses_a_short_name_in_any_language_that_another_organization_has():
    organization(name_ru="Агентство «Хабар»", short_name_kk="Хабар")
    clash = Organization(name_en="Khabar TV", short_name_en="ХАБАР")
    with pytest.raises(ValidationError) as refused:
        clash.full_clean()
    assert refused.value.message_dict == {
        "short_name_en": ["«ХАБАР» is already a name of «Агентство «Хабар»»."]
    }


def test_an_organization_needs_a_name_in_one_language_at_least():
    with pytest.raises(ValidationError) as refused:
        Organization(name_en=" ", short_name_en="X").full_clean()
    assert refused.value.messages == ["Give the organization's name in at least one language."]


def test_names_are_unique_in_each_language_ignoring_case_in_the_database():
    # Latin letters: SQLite's LOWER() folds no others (the rule above folds every letter, on any database).
    organization(name_ru="Tass")
    organization(name_en="Tass")  # another language's name is another index
    with pytest.raises(IntegrityError), transaction.atomic():
        Organization(name_ru=" TASS ").save()


# ---------------------------------------------------------------------------------------------------
# New organizations


def test_a_new_organization_gets_its_name_in_the_language_of_the_list(event):
    import_now(event, csv_bytes(guests_at("«Бәйтерек» бірлескен кәсіпорны")), language="kk")
    created = Organization.objects.get()
    assert (created.name_kk, created.name_ru, created.name_en) == (
        "«Бәйтерек» бірлескен кәсіпорны",
        None,
        None,
    )
    import_now(event, csv_bytes(guests_at("«Бәйтерек» бірлескен кәсіпорны", "Новая")))
    assert Organization.objects.get(name_ru="Новая").name_en is None
    # A list gives no short name: the import writes none, in any language.
    assert set(Organization.objects.values_list("short_name_en", "short_name_ru", "short_name_kk")) == {
        (None, None, None)
    }


def test_two_spellings_of_one_new_organization_in_a_file_make_one(event):
    import_now(event, csv_bytes(guests_at("АО «Байтерек»", "Байтерек", "БАЙТЕРЕК JSC")))
    assert list(Organization.objects.values_list("name_ru", flat=True)) == ["АО «Байтерек»"]
    assert Person.objects.filter(organization__isnull=False).count() == 3


@pytest.mark.parametrize(
    ("written", "kind"),
    [
        ("Госорган", OrganizationKind.GOVERNMENT),
        ("Министерство", OrganizationKind.GOVERNMENT),
        ("СМИ", OrganizationKind.MEDIA),
        ("Компания", OrganizationKind.INDUSTRY),
        ("Университет", OrganizationKind.EDUCATION),
        ("НКО", OrganizationKind.NONPROFIT),
        ("Space agency", OrganizationKind.SPACE_AGENCY),
        ("Ардагерлер кеңесі", OrganizationKind.VETERANS_COUNCIL),
        ("veterans_council", OrganizationKind.VETERANS_COUNCIL),
    ],
)
def test_a_new_organization_gets_the_kind_the_list_writes_in_its_own_words(event, written, kind):
    rows = [["Фамилия", "Имя", "Организация", "Вид организации"], ["Гость", "Анна", "Новая", written]]
    import_now(event, csv_bytes(rows))
    assert Organization.objects.get().kind == kind


def test_a_new_organization_gets_its_country_and_an_existing_one_keeps_its_own(event):
    known = organization(name_ru="ТАСС", kind=OrganizationKind.MEDIA, country="RU")
    rows = [
        ["Фамилия", "Имя", "Организация", "Тип организации", "Страна организации", "Страна"],
        ["Гость1", "Анна", "Хабар", "СМИ", "Казахстан", "Россия"],
        ["Гость2", "Анна", "ТАСС", "Компания", "Казахстан", "Казахстан"],
    ]
    import_now(event, csv_bytes(rows))
    created = Organization.objects.get(name_ru="Хабар")
    assert (created.kind, created.country.code) == (OrganizationKind.MEDIA, "KZ")
    known.refresh_from_db()
    assert (known.kind, known.country.code) == (OrganizationKind.MEDIA, "RU")


def test_without_an_organization_country_column_a_new_organization_takes_the_guests_country(event):
    rows = [["Фамилия", "Имя", "Организация", "Страна"], ["Гость", "Анна", "Роскосмос", "Россия"]]
    import_now(event, csv_bytes(rows))
    assert Organization.objects.get().country.code == "RU"
    assert Person.objects.get().country.code == "RU"


def test_a_blank_organization_country_cell_leaves_the_new_organization_without_one(event):
    rows = [
        ["Фамилия", "Имя", "Организация", "Страна организации", "Страна"],
        ["Гость", "Анна", "Роскосмос", "", "Россия"],
    ]
    import_now(event, csv_bytes(rows))
    assert Organization.objects.get().country == ""


def test_an_unknown_kind_is_an_unknown_value_of_its_column(event):
    rows = [["Фамилия", "Имя", "Организация", "Ұйым түрі"], ["Гость", "Анна", "Новая", "Что-то"]]
    guest_import = preview(event, csv_bytes(rows))
    assert [(error["row"], error["column"], error["value"]) for error in guest_import.errors] == [
        (2, "Ұйым түрі", "Что-то")
    ]
    assert guest_import.errors[0]["message"] == "is not a kind of organization — 1 row (2)"


# ---------------------------------------------------------------------------------------------------
# Shown, printed, exported, administered


def test_the_name_is_shown_in_the_active_language_with_a_fallback():
    tass = organization(name_en="TASS Russian News Agency", name_ru="Информационное агентство России «ТАСС»")
    with translation.override("ru"):
        assert str(tass) == "Информационное агентство России «ТАСС»"
    with translation.override("kk"):
        assert str(tass) == "TASS Russian News Agency"
    only_russian = organization(name_ru="Хабар")
    with translation.override("en"):
        assert str(only_russian) == "Хабар"


def test_a_badge_prints_the_organization_in_the_language_of_the_badges(event):
    attendee = factories.AttendeeFactory(
        event=event,
        person__organization=organization(name_en="Khabar Agency", name_kk="«Хабар» агенттігі"),
    )
    html = render_html(badges_document(event=event, attendees=[attendee], language="kk"))
    assert '<div class="organization">«Хабар» агенттігі</div>' in html
    html = render_html(badges_document(event=event, attendees=[attendee], language="ru"))
    assert '<div class="organization">Khabar Agency</div>' in html


def test_the_export_writes_a_name_that_imports_back_to_the_same_organization(event):
    tass = organization(name_en="TASS Russian News Agency", name_ru="ТАСС")
    khabar = organization(name_en="Khabar Agency")
    for number, known in enumerate((tass, khabar)):
        factories.AttendeeFactory(
            event=event, person__email=f"guest{number}@example.kz", person__organization=known
        )
    dataset = GuestListResource().export()
    assert sorted(row["Organization"] for row in dataset.dict) == ["Khabar Agency", "ТАСС"]
    again = import_now(event, XLSX().export_data(dataset))
    assert (again.new_count, again.updated_count, again.unchanged_count) == (0, 0, 2)
    assert Organization.objects.count() == 2


def test_admin_finds_an_organization_by_any_of_its_names(admin_client):
    roscosmos()
    organization(name_ru="ТАСС", aliases="ИТАР-ТАСС")
    changelist = reverse("admin:ceremony_organization_changelist")
    for term, found in (
        ("Роскос", "Роскосмос"),
        ("деятельности", "Роскосмос"),
        ("итар", ""),
        ("State", "Роскосмос"),
    ):
        page = admin_client.get(changelist, {"q": term})
        assert [row.short_name for row in page.context["cl"].result_list] == [found]


def test_admin_form_has_the_names_in_three_languages_and_refuses_a_shared_name(admin_client):
    roscosmos()
    page = admin_client.get(reverse("admin:ceremony_organization_add"))
    assert {
        "name_en",
        "name_ru",
        "name_kk",
        "short_name_en",
        "short_name_ru",
        "short_name_kk",
        "aliases",
    } <= set(page.context["adminform"].form.fields)
    answer = admin_post(admin_client, name_ru="Госкорпорация Роскосмос")
    assert answer.status_code == 200
    assert answer.context["adminform"].form.errors["name_ru"] == [
        "«Госкорпорация Роскосмос» is already a name of «Roscosmos State Corporation»."
    ]
    assert Organization.objects.count() == 1


# ---------------------------------------------------------------------------------------------------
# The demo


def test_the_demo_organizations_carry_their_names_in_three_languages_and_are_found_by_each():
    demo_program_load()
    assert Organization.objects.count() == len(ORGANIZATIONS)
    for organization_row in Organization.objects.all():
        names = (organization_row.name_en, organization_row.name_ru, organization_row.name_kk)
        assert all(names), names
        short_names = (
            organization_row.short_name_en,
            organization_row.short_name_ru,
            organization_row.short_name_kk,
        )
        assert all(short_names), short_names
    directory = OrganizationDirectory.load()
    for row in ORGANIZATIONS:
        pk = Organization.objects.get(name_en=row["name"]["en"]).pk
        for name in (*row["name"].values(), *row["short_name"].values(), *row["aliases"]):
            assert directory.find(name) == pk, name
    roscosmos_row = Organization.objects.get(short_name_en="Roscosmos")
    assert (roscosmos_row.short_name_ru, roscosmos_row.short_name_kk) == ("Роскосмос", "Роскосмос")
    assert roscosmos_row.name_ru == "Государственная корпорация по космической деятельности «Роскосмос»"
    assert roscosmos_row.aliases.splitlines() == ["Госкорпорация «Роскосмос»"]


def test_a_list_matches_the_demo_organizations_as_people_write_them():
    demo_program_load()
    event = factories.EventFactory(slug="another", default_language="ru")
    before = Organization.objects.count()
    rows = guests_at("Госкорпорация «Роскосмос»", "ТАСС", "Совет ветеранов г. Байконур", "Baiterek", "ЦЭНКИ")
    import_now(event, csv_bytes(rows))
    assert Organization.objects.count() == before
    assert list(
        Person.objects.filter(email__startswith="guest")
        .order_by("email")
        .values_list("organization__short_name_ru", flat=True)
    ) == ["Роскосмос", "ТАСС", "Совет ветеранов", "Байтерек", "ЦЭНКИ"]


def test_one_person_given_twice_with_two_spellings_of_the_organization_is_one_guest(event):
    rows = [
        ["Фамилия", "Имя", "Организация", "Телефон"],
        ["Гость", "Анна", "АО «Байтерек»", ""],
        ["Гость", "Анна", "Байтерек", "+77011234567"],
    ]
    guest_import = import_now(event, csv_bytes(rows))
    assert (guest_import.new_count, Person.objects.get().phone) == (1, "+77011234567")
    assert list(Organization.objects.values_list("name_ru", flat=True)) == ["АО «Байтерек»"]


def admin_post(admin_client, **names):
    fields = dict.fromkeys(
        ("name_en", "name_ru", "name_kk", "short_name_en", "short_name_ru", "short_name_kk", "aliases"), ""
    )
    return admin_client.post(
        reverse("admin:ceremony_organization_add"), fields | names | {"kind": "media", "country": "KZ"}
    )


def test_admin_keeps_each_short_name_in_the_language_it_is_written_in(admin_client):
    answer = admin_post(
        admin_client,
        name_ru="Агентство «Хабар»",
        short_name_ru=" Хабар ",
        short_name_kk="«Хабар»",
        short_name_en=" ",
    )
    assert answer.status_code == 302
    created = Organization.objects.values("short_name_en", "short_name_ru", "short_name_kk").get()
    assert created == {"short_name_en": None, "short_name_ru": "Хабар", "short_name_kk": "«Хабар»"}
    page = admin_client.get(reverse("admin:ceremony_organization_changelist"), {"q": "«Хабар»"})
    assert [row.pk for row in page.context["cl"].result_list] == [Organization.objects.get().pk]


def test_admin_adds_an_organization_named_in_one_language_only(admin_client):
    answer = admin_post(admin_client, name_ru="Агентство «Хабар»", aliases="Khabar\n\n  Хабар  ")
    assert answer.status_code == 302
    created = Organization.objects.get()
    assert (created.name_en, created.name_ru, created.name_kk) == (None, "Агентство «Хабар»", None)
    assert created.aliases == "Khabar\nХабар"


def test_admin_refuses_an_organization_without_a_name(admin_client):
    answer = admin_post(admin_client, short_name_ru="Хабар")
    assert answer.status_code == 200
    assert answer.context["adminform"].form.non_field_errors() == [
        "Give the organization's name in at least one language."
    ]


# ---------------------------------------------------------------------------------------------------
# The migration that gave short names three languages


@pytest.mark.django_db(transaction=True)
def test_the_migration_moves_each_short_name_to_the_language_of_its_script():
    executor = MigrationExecutor(connection)
    graph = executor.loader.graph
    after = next(key for key in graph.nodes if key[1].endswith("organization_short_names_in_three_languages"))
    (parent,) = (node.key for node in graph.node_map[after].parents)
    executor.migrate([parent])
    old = executor.loader.project_state([parent]).apps.get_model("ceremony", "Organization")
    for name, short_name in (("TASS", "ТАСС"), ("KGS", "KGS"), ("Khabar", "Хабар агенттігі"), ("Museum", "")):
        old.objects.create(name_en=name, short_name=short_name)
    executor = MigrationExecutor(connection)
    executor.migrate([after])
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())  # the tests after this one need the latest schema
    moved = Organization.objects.order_by("name_en").values_list(
        "name_en", "short_name_en", "short_name_ru", "short_name_kk"
    )
    assert list(moved) == [
        ("KGS", "KGS", None, None),
        ("Khabar", None, None, "Хабар агенттігі"),
        ("Museum", None, None, None),
        ("TASS", None, "ТАСС", None),
    ]
