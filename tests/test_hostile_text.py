"""Hostile text: control characters and invisible format characters never stored, and never able to
make a printout fetch or read anything (issue 11)."""

import sys
import unicodedata

import pytest
from django.apps import apps
from django.db import models
from django_countries.fields import CountryField

from ceremony.core import text
from ceremony.models import Event, Person
from tests import factories
from tests.admin_pages import open_change_form, set_fields

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
def test_clean_record_is_what_writes_bypassing_save_call():
    event = factories.EventFactory.build(name_en="Baikonur\r70\x00", slug="b70")
    assert "name_en" in text.clean_record(event)
    Event.objects.bulk_create([event])
    assert Event.objects.get(slug="b70").name_en == "Baikonur 70"
