"""Texts that print, in three languages: one is enough to save, the others fall back in the event's
order, and what is missing is listed, never silent."""

import datetime
import io
import re

import pytest
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse
from django.utils import timezone
from modeltranslation.admin import TranslationBaseModelAdmin
from modeltranslation.translator import translator
from modeltranslation.utils import get_translation_fields
from pypdf import PdfReader

from awards import rules as award_rules
from awards.enums import PresentationStatus
from awards.models import Award
from ceremony import printing
from ceremony.enums import ProgramItemKind
from ceremony.languages import event_translations, missing_in_document
from ceremony.models import (
    Delegation,
    Event,
    Invitation,
    ProgramItem,
    Venue,
    VenueSection,
    VideoAddress,
    VisitParticipant,
)
from ceremony.rules import blocking
from ceremony.services.invitations import invitation_cards_issue, invitation_issue
from tests import factories
from tests.admin_pages import add_row, admin_url, errors_on_page, open_add_form, set_fields
from tests.interface_words import english_on
from tests.test_printing import at, printer, text_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def event():
    return factories.EventFactory(
        slug="baikonur-70",
        name_en="Baikonur 70",
        name_ru="Байконур 70",
        name_kk="Байқоңыр 70",
        default_language="ru",
        city_en="Baikonur",
        city_ru="Байконур",
        city_kk="Байқоңыр",
    )


@pytest.fixture
def staff_client(client):
    client.force_login(printer())
    return client


def item(event, **titles):
    return factories.ProgramItemFactory(event=event, starts_at=at(10), ends_at=at(11), **titles)


def program_text(client, language):
    return text_of(client.get(reverse("print:program", args=["baikonur-70", "pdf"]) + f"?lang={language}"))


# ---------------------------------------------------------------------------------------------------
# One language is enough


def test_a_program_item_written_only_in_russian_is_saved(event):
    saved = item(event, title_en="", title_ru="Торжественное собрание")
    saved.full_clean()
    assert ProgramItem.objects.get(pk=saved.pk).title_ru == "Торжественное собрание"


def test_a_title_in_no_language_is_refused_on_the_events_own_language(event):
    unnamed = ProgramItem(
        event=event, starts_at=at(10), ends_at=at(11), title_en="", title_ru="", title_kk=""
    )
    with pytest.raises(ValidationError) as refusal:
        unnamed.full_clean()
    assert "title_ru" in refusal.value.message_dict
    assert "at least one language" in refusal.value.message_dict["title_ru"][0]


def test_a_delegation_named_in_kazakh_only_is_saved_and_others_may_share_its_blank_languages(event):
    for name in ("Қазақстан Үкіметі", "Роскосмос делегациясы"):
        delegation = Delegation(event=event, name_kk=name)
        delegation.full_clean()
        delegation.save()
    assert Delegation.objects.filter(event=event, name_en__isnull=True).count() == 2


# ---------------------------------------------------------------------------------------------------
# The event's fallback order


def test_a_missing_kazakh_title_prints_in_the_first_language_of_the_events_order(staff_client, event):
    item(event, title_en="Wreath laying", title_ru="Возложение венков", title_kk="")
    # Unset, the order starts with the event's default language, Russian.
    assert "Возложение венков" in program_text(staff_client, "kk")

    event.fallback_languages = "en,ru,kk"
    event.save()
    text = program_text(staff_client, "kk")
    assert "Wreath laying" in text
    assert "Возложение венков" not in text


def test_the_russian_award_script_words_the_order_number_in_russian(staff_client, event):
    ceremony = item(event, title_en="Veterans' awards", title_ru="Награждение ветеранов")
    ceremony.kind = ProgramItemKind.AWARD_CEREMONY
    ceremony.save()
    factories.AwardPresentationFactory(
        ceremony=ceremony,
        recipient=factories.AttendeeFactory(event=event),
        presenter=factories.AttendeeFactory(event=event),
        award=factories.AwardFactory(name_en="Medal", name_ru="Медаль"),
        decree_number_en="Order No. 70-2025/011",
        decree_number_ru="Приказ № 70-2025/011",
        status=PresentationStatus.APPROVED,
    )
    url = reverse("print:award-script", args=[ceremony.pk, "pdf"])
    russian = text_of(staff_client.get(url + "?lang=ru"))
    assert "Приказ № 70-2025/011" in russian
    assert "Order No." not in russian
    assert "Order No. 70-2025/011" in text_of(staff_client.get(url + "?lang=en"))


def test_a_visits_transport_and_assembly_point_print_in_the_manifests_language(admin_client, event):
    visit = factories.FacilityVisitFactory(
        program_item=item(event, title_en="Baiterek visit", kind=ProgramItemKind.FACILITY_VISIT),
        transport_en="Bus convoy",
        transport_kk="Автобус колоннасы",
        assembly_point_en="Main entrance",
        assembly_point_kk="Бас кіреберіс",
    )
    text = text_of(admin_client.get(reverse("print:manifest", args=[visit.pk, "pdf"]) + "?lang=kk"))
    assert "Автобус колоннасы" in text
    assert "Бас кіреберіс" in text
    assert "Bus convoy" not in text


# ---------------------------------------------------------------------------------------------------
# Never silent


def test_the_program_page_lists_what_its_language_lacks_and_links_to_it(staff_client, event):
    wreaths = item(event, title_en="Wreath laying", title_ru="Возложение венков", title_kk="")
    page = staff_client.get(
        reverse("print:program", args=["baikonur-70", "html"]) + "?lang=kk"
    ).content.decode()
    box = page[page.index('id="missing-translations"') :]
    assert "Возложение венков" in box
    assert reverse("admin:ceremony_programitem_change", args=[wreaths.pk]) in box
    # Written in Kazakh, nothing is listed.
    wreaths.title_kk = "Гүл шоқтарын қою"
    wreaths.save()
    page = staff_client.get(
        reverse("print:program", args=["baikonur-70", "html"]) + "?lang=kk"
    ).content.decode()
    assert 'id="missing-translations"' not in page


def test_the_pdf_prints_the_fallback_without_the_list(staff_client, event):
    item(event, title_en="Wreath laying", title_ru="Возложение венков", title_kk="")
    assert listed_on(staff_client, "print:program", ["baikonur-70"], "kk") == [
        "Бағдарлама тармағы Wreath laying: атауы"
    ]
    text = program_text(staff_client, "kk")
    assert "Возложение венков" in text
    assert "Wreath laying" not in text  # the list names it by its first title, in English


# ---------------------------------------------------------------------------------------------------
# Each document lists what it prints, not the whole event's


def listed_on(client, name, args, language=None):
    """What the document's page lists as missing, item by item, as read on screen; None: no list."""
    url = reverse(name, args=[*args, "html"]) + (f"?lang={language}" if language else "")
    page = client.get(url).content.decode()
    if 'id="missing-translations"' not in page:
        return None
    box = page[page.index('id="missing-translations"') :].split("</ul>")[0]
    return [" ".join(re.sub("<[^>]+>", "", entry).split()) for entry in box.split("<li>")[1:]]


def attendee(event, organization=None, **person):
    return factories.AttendeeFactory(
        event=event, person=factories.PersonFactory(organization=organization, **person)
    )


def test_a_description_missing_in_kazakh_is_listed_on_the_kazakh_program_not_on_the_badges(
    staff_client, event
):
    item(
        event,
        title_en="Wreath laying",
        title_ru="Возложение венков",
        title_kk="Гүл шоқтарын қою",
        description_en="At the memorial.",
        description_ru="У мемориала.",
    )
    roscosmos = factories.OrganizationFactory(name_en="Roscosmos", name_ru="Роскосмос", name_kk="Роскосмос")
    attendee(event, roscosmos)
    assert listed_on(staff_client, "print:program", ["baikonur-70"], "kk") == [
        "Бағдарлама тармағы Wreath laying: сипаттамасы"
    ]
    assert listed_on(staff_client, "print:badges", ["baikonur-70"], "kk") is None


def test_an_organization_missing_in_kazakh_is_listed_once_on_the_badges_and_not_what_they_omit(
    staff_client, event
):
    roscosmos = factories.OrganizationFactory(name_en="Roscosmos", name_ru="Роскосмос", name_kk=None)
    delegation = factories.DelegationFactory(event=event, name_en="Russian delegation", name_kk=None)
    for family_name in ("Борисов", "Иванов", "Петров"):
        guest = attendee(event, roscosmos, family_name=family_name, position_en="Engineer")
        guest.delegation = delegation
        guest.save()
    assert listed_on(staff_client, "print:badges", ["baikonur-70"], "kk") == ["Ұйым Roscosmos: атауы"]
    badges = text_of(staff_client.get(reverse("print:badges", args=["baikonur-70", "pdf"]) + "?lang=kk"))
    assert badges.count("Роскосмос") == 3
    assert "Roscosmos" not in badges
    # An itinerary prints the position and the delegation too.
    assert listed_on(staff_client, "print:itinerary", [guest.pk], "kk") == [
        f"Тұлға {guest.person.family_name} {guest.person.given_name}: лауазымы",
        "Ұйым Roscosmos: атауы",
        "Делегация Russian delegation: атауы",
    ]


def test_badges_each_in_its_attendees_language_list_a_text_for_the_languages_it_lacks(staff_client, event):
    roscosmos = factories.OrganizationFactory(name_en="Roscosmos", name_ru="Роскосмос", name_kk=None)
    baiterek = factories.OrganizationFactory(name_en="Baiterek", name_ru=None, name_kk="Бәйтерек")
    attendee(event, roscosmos, preferred_language="ru")
    attendee(event, roscosmos, preferred_language="kk")
    attendee(event, baiterek, preferred_language="kk")
    assert listed_on(staff_client, "print:badges", ["baikonur-70"]) == [
        "Организация Roscosmos: название (Казахский)"
    ]


def test_the_run_of_show_lists_a_missing_staff_note_and_the_public_program_does_not(staff_client, event):
    item(
        event,
        title_en="Wreath laying",
        title_ru="Возложение венков",
        title_kk="Гүл шоқтарын қою",
        staff_notes_en="Wreaths arrive at 9:30.",
        staff_notes_ru="Венки привозят в 9:30.",
    )
    assert listed_on(staff_client, "print:run-of-show", ["baikonur-70"], "kk") == [
        "Бағдарлама тармағы Wreath laying: қызметтік ескертпелер"
    ]
    assert listed_on(staff_client, "print:program", ["baikonur-70"], "kk") is None


def test_the_translations_page_shows_coverage_and_what_each_language_lacks(admin_client, event):
    item(event, title_en="Wreath laying", title_ru="Возложение венков", title_kk="")
    item(event, title_en="Concert", title_ru="Концерт", title_kk="Концерт")
    page = admin_client.get(reverse("admin:ceremony_event_translations", args=[event.pk])).content.decode()
    coverage = page[page.index('id="translation-coverage"') : page.index('id="missing-en"')]
    assert "1 (50%)" in coverage  # program item titles in Kazakh: one of two
    kazakh = page[page.index('id="missing-kk"') :]
    assert "Wreath laying" in kazakh or "Возложение венков" in kazakh
    assert "Concert" not in kazakh.split("</div>")[0]


def test_the_events_page_warns_of_missing_texts_and_links_to_the_translations(admin_client, event):
    item(event, title_en="Wreath laying", title_ru="Возложение венков", title_kk="")
    page = admin_client.get(reverse("admin:ceremony_event_change", args=[event.pk])).content.decode()
    warning = page[page.index('id="missing-translations"') :].split("</ul>")[0]
    assert "(1)" in warning
    assert reverse("admin:ceremony_event_translations", args=[event.pk]) in warning


def test_coverage_is_read_in_one_query_per_kind_of_text(event, django_assert_max_num_queries):
    for n in range(30):
        item(event, title_en=f"Item {n}")
    # Thirteen kinds of record hold printed texts (languages._sources).
    with django_assert_max_num_queries(13):
        coverage = event_translations(event)
    assert len(coverage.missing("kk")) >= 30


@pytest.mark.parametrize(
    ("make", "field"),
    [
        (lambda event: Event(slug="x", start_date=event.start_date, end_date=event.end_date), "name_en"),
        (lambda event: factories.VenueFactory.build(name_en="", name_ru="", name_kk=""), "name_en"),
        (lambda event: Delegation(event=event), "name_ru"),
        (
            lambda event: factories.VideoAddressFactory.build(
                program_item=item(event, title_en="Opening"),
                speaker_name_en="",
                speaker_name_ru="",
                speaker_name_kk="",
            ),
            "speaker_name_ru",
        ),
        (lambda event: factories.AwardFactory.build(name_en="", name_ru="", name_kk=""), "name_en"),
    ],
    ids=["event", "venue", "delegation", "video address", "award"],
)
def test_every_printed_name_is_asked_for_in_at_least_one_language(event, make, field):
    record = make(event)
    with pytest.raises(ValidationError) as refusal:
        record.full_clean()
    assert "at least one language" in refusal.value.message_dict[field][0]


def test_the_list_says_how_many_texts_of_this_document_lack_its_language(staff_client, event):
    for title in ("Возложение венков", "Концерт"):
        item(event, title_en="", title_ru=title, title_kk=title)
    url = reverse("print:run-of-show", args=["baikonur-70", "html"]) + "?lang=en"
    heading = staff_client.get(url).content.decode().split("<strong>")[1].split("</strong>")[0]
    assert " ".join(heading.split()) == (
        "2 texts in this document are not written in the language they print in, and print in another:"
    )


def test_a_visits_assembly_point_is_listed_on_its_manifest_not_on_the_run_of_show(admin_client, event):
    visit = factories.FacilityVisitFactory(
        program_item=item(
            event,
            title_en="Baiterek visit",
            title_ru="Посещение «Байтерека»",
            title_kk="«Бәйтерекке» бару",
            kind=ProgramItemKind.FACILITY_VISIT,
        ),
        facility=factories.VenueFactory(
            name_en="Launch pad", name_ru="Стартовая площадка", name_kk="", restricted=True
        ),
        transport_en="Bus convoy",
        transport_ru="Автоколонна",
        transport_kk="Автобус колоннасы",
        assembly_point_en="Main entrance",
    )
    visitor = factories.VisitParticipantFactory(visit=visit)
    assert listed_on(admin_client, "print:manifest", [visit.pk], "kk") == [
        "Өткізу орны Launch pad: атауы",
        "Нысанға бару Baiterek visit: жиналу орны",
    ]
    assert listed_on(admin_client, "print:itinerary", [visitor.attendee.pk], "kk") == [
        "Өткізу орны Launch pad: атауы",
        "Нысанға бару Baiterek visit: жиналу орны",
    ]
    assert listed_on(admin_client, "print:run-of-show", ["baikonur-70"], "kk") == [
        "Өткізу орны Launch pad: атауы"
    ]


# ---------------------------------------------------------------------------------------------------
# One language is enough in the admin too: its forms require none, the model's rule asks for one


def venue_section(**names):
    layout = {"order": 1, "rows": 5, "seats_per_row": 10, "row_labels": "numbers"}
    return layout | {"seat_numbering": "left_to_right"} | names


def video_address(**names):
    return {"play_order": 1, "language": "ru", "status": "requested"} | names


# Each admin with a trilingual text that must be written: its add page (opened for the test's event
# where it has one), what else it needs, the text's field and where its refusal goes.
ADD_FORMS = {
    "event": (
        Event,
        "",
        lambda event: {
            "slug": "baikonur-71",
            "start_date": "2026-06-02",
            "end_date": "2026-06-02",
            "time_zone": "Asia/Almaty",
            "default_language": "kk",
        },
        ("name", "city"),
        "kk",
    ),
    "venue": (Venue, "", lambda event: {"kind": "hall"}, ("name",), "en"),
    "venue section": (
        VenueSection,
        "",
        lambda event: venue_section(venue=factories.VenueFactory().pk),
        ("name",),
        "en",
    ),
    "delegation": (Delegation, "?event={event}", lambda event: {}, ("name",), "ru"),
    "program item": (
        ProgramItem,
        "?event={event}",
        lambda event: {
            "kind": ProgramItemKind.MEETING,
            "starts_at_0": "2025-06-02",
            "starts_at_1": "10:00",
            "ends_at_0": "2025-06-02",
            "ends_at_1": "11:00",
        },
        ("title",),
        "ru",
    ),
    "video address": (
        VideoAddress,
        "",
        lambda event: video_address(program_item=item(event, title_ru="Обращение").pk),
        ("speaker_name",),
        "ru",
    ),
    "award": (Award, "", lambda event: {"kind": "commemorative_medal"}, ("name",), "en"),
}


def add_form(admin_client, event, case, **texts):
    """The add page's form as a browser posts it, with what the record needs and `texts`: every
    language of the case's texts is posted, empty unless given."""
    model, query, needs, fields, _own = ADD_FORMS[case]
    data = open_add_form(admin_client, model, query.format(event=event.pk))
    empty = {f"{field}_{code}": "" for field in fields for code in ("en", "ru", "kk")}
    return set_fields(data, **(needs(event) | empty | texts))


@pytest.mark.parametrize("language", ["ru", "kk"])
@pytest.mark.parametrize("case", list(ADD_FORMS))
def test_the_admin_adds_a_record_written_in_one_language_only(admin_client, event, case, language):
    model, _query, _needs, fields, _own = ADD_FORMS[case]
    texts = {f"{field}_{language}": f"{field} «{language}»" for field in fields}
    answer = admin_client.post(admin_url(model, "add"), add_form(admin_client, event, case, **texts))
    assert answer.status_code == 302, errors_on_page(answer)
    saved = model.objects.latest("pk")
    assert {name: getattr(saved, name) for name in texts} == texts
    assert [getattr(saved, f"{field}_en") for field in fields] == [None] * len(fields)


@pytest.mark.parametrize("case", list(ADD_FORMS))
def test_the_admin_refuses_a_text_in_no_language_on_the_field_of_the_events_language(
    admin_client, event, case
):
    model, _query, _needs, fields, own = ADD_FORMS[case]
    before = model.objects.count()
    answer = admin_client.post(admin_url(model, "add"), add_form(admin_client, event, case))
    assert answer.status_code == 200
    refusals = {
        f"{field}_{own}": [f"Write the {model._meta.get_field(field).verbose_name} in at least one language."]
        for field in fields
    }
    assert answer.context["adminform"].form.errors == refusals
    assert errors_on_page(answer) == [message for messages in refusals.values() for message in messages]
    assert model.objects.count() == before


def test_a_venue_is_added_with_a_section_named_only_in_kazakh(admin_client, event):
    data = add_form(admin_client, event, "venue", name_ru="Дворец школьников")
    add_row(data, "sections", **venue_section(name_en="", name_ru="", name_kk="Партер"))
    answer = admin_client.post(admin_url(Venue, "add"), data)
    assert answer.status_code == 302, errors_on_page(answer)
    assert list(Venue.objects.get().sections.values_list("name_en", "name_ru", "name_kk")) == [
        (None, None, "Партер")
    ]


def test_a_program_item_is_added_with_a_video_address_whose_speaker_is_named_only_in_russian(
    admin_client, event
):
    data = add_form(admin_client, event, "program item", title_ru="Обращение")
    add_row(data, "video_addresses", **video_address(speaker_name_en="", speaker_name_ru="Гагарин"))
    answer = admin_client.post(admin_url(ProgramItem, "add"), data)
    assert answer.status_code == 302, errors_on_page(answer)
    assert list(ProgramItem.objects.get().video_addresses.values_list("speaker_name_ru", flat=True)) == [
        "Гагарин"
    ]


def inline_errors(answer, prefix):
    """The errors of each row of the page's inline `prefix`, as the organizer sees them beside it."""
    inlines = answer.context["inline_admin_formsets"]
    (formset,) = [inline.formset for inline in inlines if inline.formset.prefix == prefix]
    return [row.errors for row in formset.forms]


def test_a_section_named_in_no_language_is_refused_on_its_row_and_nothing_is_saved(admin_client, event):
    data = add_form(admin_client, event, "venue", name_ru="Дворец школьников")
    add_row(data, "sections", **venue_section(name_en="", name_ru="", name_kk=""))
    answer = admin_client.post(admin_url(Venue, "add"), data)
    assert answer.status_code == 200
    assert inline_errors(answer, "sections") == [{"name_en": ["Write the name in at least one language."]}]
    assert Venue.objects.count() == 0


def test_a_video_address_with_a_speaker_in_no_language_is_refused_in_the_events_language(admin_client, event):
    data = add_form(admin_client, event, "program item", title_ru="Обращение")
    add_row(
        data, "video_addresses", **video_address(speaker_name_en="", speaker_name_ru="", speaker_name_kk="")
    )
    answer = admin_client.post(admin_url(ProgramItem, "add"), data)
    assert answer.status_code == 200
    assert inline_errors(answer, "video_addresses") == [
        {"speaker_name_ru": ["Write the speaker in at least one language."]}
    ]
    assert ProgramItem.objects.count() == 0


def test_no_admin_form_requires_a_language_of_a_trilingual_text(rf, admin_user):
    request = rf.get("/")
    request.user = admin_user
    required = []
    for model_admin in admin.site._registry.values():
        for page in (model_admin, *model_admin.get_inline_instances(request)):
            if not isinstance(page, TranslationBaseModelAdmin):
                continue
            form = page.get_form(request) if page is model_admin else page.get_formset(request).form
            required += [
                f"{page.model.__name__}.{name}"
                for field in translator.get_options_for_model(page.model).all_fields
                for name in get_translation_fields(field)
                if name in form.base_fields and form.base_fields[name].required
            ]
    assert required == []


def test_every_trilingual_text_the_forms_leave_free_is_asked_for_by_a_rule_of_its_model():
    # The forms require no language (above): what the model requires is the rule's to ask for.
    rules = {**blocking.RULES, **award_rules.RULES}
    asked = {
        (model, rule.field)
        for model, checks in rules.items()
        for rule in checks
        if isinstance(rule, blocking.WrittenInALanguage)
    }
    required = {
        (model, field)
        for model in translator.get_registered_models()
        for field in translator.get_options_for_model(model).fields
        if not model._meta.get_field(field).blank
    }
    assert required - asked == set()


# ---------------------------------------------------------------------------------------------------
# Clearance notes (the visit manifest) and whom to contact (the invitation cards, the answer page)


CLEARANCE_NOTES = {
    "en": "Escorted at all times.",
    "ru": "Только в сопровождении.",
    "kk": "Тек алып жүрушімен.",
}


def visit_with_visitor(event, **notes):
    visit = factories.FacilityVisitFactory(
        program_item=item(
            event,
            title_en="Baiterek visit",
            title_ru="Посещение «Байтерека»",
            title_kk="«Бәйтерекке» бару",
            kind=ProgramItemKind.FACILITY_VISIT,
        ),
        facility=factories.VenueFactory(
            name_en="Launch pad", name_ru="Стартовая площадка", name_kk="Ұшу алаңы", restricted=True
        ),
        transport_en="Bus convoy",
        transport_ru="Автоколонна",
        transport_kk="Автобус колоннасы",
    )
    visitor = factories.VisitParticipantFactory(
        visit=visit, attendee=attendee(event, family_name="Борисов", given_name="Олег"), **notes
    )
    return visit, visitor


@pytest.mark.parametrize("language", ["en", "ru", "kk"])
def test_a_visitors_clearance_notes_print_in_the_manifests_language(admin_client, event, language):
    notes = {f"clearance_notes_{code}": note for code, note in CLEARANCE_NOTES.items()}
    visit, _visitor = visit_with_visitor(event, **notes)
    text = text_of(admin_client.get(reverse("print:manifest", args=[visit.pk, "pdf"]) + f"?lang={language}"))
    assert [note for note in CLEARANCE_NOTES.values() if note in text] == [CLEARANCE_NOTES[language]]


def test_clearance_notes_missing_in_kazakh_print_in_russian_and_are_listed_on_the_manifest(
    admin_client, event
):
    visit, visitor = visit_with_visitor(event, clearance_notes_ru="Только в сопровождении.")
    text = text_of(admin_client.get(reverse("print:manifest", args=[visit.pk, "pdf"]) + "?lang=kk"))
    assert "Только в сопровождении." in text
    assert listed_on(admin_client, "print:manifest", [visit.pk], "kk") == [
        "Келуші Борисов Олег: рұқсат бойынша ескертпелер"
    ]
    assert listed_on(admin_client, "print:manifest", [visit.pk], "ru") is None
    missing = event_translations(event).missing("kk")
    # and on the event's Translations page.
    assert [(str(text.kind), text.label, text.field) for text in missing] == [
        ("visitor", "Борисов Олег", "clearance_notes")
    ]
    assert missing[0].admin_url == reverse("admin:ceremony_visitparticipant_change", args=[visitor.pk])


CONTACTS = {
    "en": "Protocol office, +7 336 22 1 23 45",
    "ru": "Протокольная служба, +7 336 22 1 23 45",
    "kk": "Хаттама қызметі, +7 336 22 1 23 45",
}


def invitation_cards(event, languages):
    guests = [
        attendee(event, family_name=f"Есенов{n}", given_name="Мурат", preferred_language=language)
        for n, language in enumerate(languages)
    ]
    return printing.invitation_cards_document(event=event, cards=invitation_cards_issue(attendees=guests))


def test_each_invitation_card_prints_whom_to_contact_in_its_guests_language(event):
    for code, contact in CONTACTS.items():
        setattr(event, f"rsvp_contact_{code}", contact)
    event.save()
    document = invitation_cards(event, ["en", "ru", "kk"])
    pages = [page.extract_text() for page in PdfReader(io.BytesIO(printing.render_pdf(document))).pages]
    assert [[contact for contact in CONTACTS.values() if contact in page] for page in pages] == [
        [CONTACTS["en"]],
        [CONTACTS["ru"]],
        [CONTACTS["kk"]],
    ]
    assert missing_in_document(document) == []


def test_whom_to_contact_missing_in_kazakh_prints_in_russian_on_the_card_and_is_listed(event):
    event.rsvp_contact_ru = CONTACTS["ru"]
    event.save()
    document = invitation_cards(event, ["kk"])
    page = PdfReader(io.BytesIO(printing.render_pdf(document))).pages[0].extract_text()
    assert CONTACTS["ru"] in page
    assert [(missing.text.field, missing.languages) for missing in missing_in_document(document)] == [
        ("rsvp_contact", ("kk",))
    ]


def test_the_answer_page_names_whom_to_contact_in_the_guests_language_or_the_events_order(client, event):
    event.rsvp_contact_ru = CONTACTS["ru"]
    event.rsvp_contact_kk = CONTACTS["kk"]
    event.fallback_languages = "kk,ru,en"
    # Links open until the event is over; after the deadline the page says whom to contact.
    event.start_date = event.end_date = timezone.localdate() + datetime.timedelta(days=30)
    event.reply_deadline = timezone.now() - datetime.timedelta(minutes=1)
    event.save()
    guest = attendee(event, family_name="Есенов", given_name="Мурат", preferred_language="ru")
    link = invitation_issue(attendee=guest)[1]
    assert CONTACTS["ru"] in client.get(link).content.decode()
    # No English: the event's order (Kazakh first), not the project's (Russian after English).
    english = client.get(link + "?lang=en").content.decode()
    assert (CONTACTS["kk"] in english, CONTACTS["ru"] in english) == (True, False)


def test_the_admin_asks_for_clearance_notes_and_whom_to_contact_in_each_language(admin_client, event):
    visit, visitor = visit_with_visitor(event)
    pages = {
        "visitor": (reverse("admin:ceremony_visitparticipant_change", args=[visitor.pk]), "clearance_notes"),
        "visit's visitors": (
            reverse("admin:ceremony_facilityvisit_change", args=[visit.pk]),
            "clearance_notes",
        ),
        "event": (reverse("admin:ceremony_event_change", args=[event.pk]), "rsvp_contact"),
    }
    found = {}
    for page, (url, field) in pages.items():
        html = admin_client.get(url).content.decode()
        found[page] = [
            code for code in ("en", "ru", "kk") if re.search(rf'name="[\w-]*{field}_{code}"', html)
        ]
    assert found == {page: ["en", "ru", "kk"] for page in pages}


@pytest.mark.django_db(transaction=True)
def test_the_migration_moves_each_contact_and_clearance_note_to_the_language_of_its_script():
    executor = MigrationExecutor(connection)
    graph = executor.loader.graph
    after = next(
        key for key in graph.nodes if key[1].endswith("clearance_notes_and_rsvp_contact_in_three_languages")
    )
    (parent,) = (node.key for node in graph.node_map[after].parents)
    executor.migrate([parent])
    old = executor.loader.project_state([parent]).apps
    day = datetime.date(2025, 6, 2)
    events = [
        old.get_model("ceremony", "Event").objects.create(
            slug=slug, name_en=slug, start_date=day, end_date=day, rsvp_contact=contact
        )
        for slug, contact in (
            ("a", "Protocol office"),
            ("b", "Протокольная служба"),
            ("c", "Хаттама қызметі"),
            ("d", ""),
        )
    ]
    item = old.get_model("ceremony", "ProgramItem").objects.create(
        event=events[0], title_en="Visit", kind="facility_visit", starts_at=at(10), ends_at=at(11)
    )
    visit = old.get_model("ceremony", "FacilityVisit").objects.create(
        program_item=item,
        capacity=10,
        facility=old.get_model("ceremony", "Venue").objects.create(name_en="Pad"),
    )
    for family_name, notes in (
        ("Aliyev", "Escorted"),
        ("Борисов", "Отказ ФСО"),
        ("Сапарова", "Рұқсат күтуде"),
    ):
        guest = old.get_model("ceremony", "Attendee").objects.create(
            event=events[0],
            person=old.get_model("ceremony", "Person").objects.create(family_name=family_name),
        )
        old.get_model("ceremony", "VisitParticipant").objects.create(
            visit=visit, attendee=guest, clearance_notes=notes
        )
    executor = MigrationExecutor(connection)
    executor.migrate([after])
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())  # the tests after this one need the latest schema
    assert list(
        Event.objects.order_by("slug").values_list("rsvp_contact_en", "rsvp_contact_ru", "rsvp_contact_kk")
    ) == [
        ("Protocol office", None, None),
        (None, "Протокольная служба", None),
        (None, None, "Хаттама қызметі"),
        (None, None, None),
    ]
    notes = VisitParticipant.objects.order_by("attendee__person__family_name").values_list(
        "clearance_notes_en", "clearance_notes_ru", "clearance_notes_kk"
    )
    assert list(notes) == [("Escorted", None, None), (None, "Отказ ФСО", None), (None, None, "Рұқсат күтуде")]


def test_the_page_that_asks_to_print_the_cards_lists_what_a_cards_language_lacks(
    admin_client, admin_user, event
):
    event.rsvp_contact_ru = CONTACTS["ru"]
    event.save()
    kazakh = attendee(event, family_name="Есенов", given_name="Мурат", preferred_language="kk")
    russian = attendee(event, family_name="Борисов", given_name="Олег", preferred_language="ru")
    page = admin_client.post(
        reverse("admin:ceremony_attendee_changelist"),
        {"action": "print_invitation_cards", "_selected_action": [kazakh.pk, russian.pk]},
    ).content.decode()
    box = page[page.index('id="missing-translations"') :].split("</ul>")[0]
    assert [" ".join(re.sub("<[^>]+>", "", entry).split()) for entry in box.split("<li>")[1:]] == [
        "Event Baikonur 70: contact for answers (Kazakh)"
    ]
    assert reverse("admin:ceremony_event_change", args=[event.pk]) in box
    assert not Invitation.objects.exists()  # asking issues no link
    # Read in Kazakh, the list has no English.
    factories.AdminPreferenceFactory(user=admin_user, language="kk")
    admin_client.force_login(admin_user)
    page = admin_client.post(
        reverse("admin:ceremony_attendee_changelist"),
        {"action": "print_invitation_cards", "_selected_action": [kazakh.pk, russian.pk]},
    ).content.decode()
    assert 'id="missing-translations"' in page
    assert sorted(english_on(page)) == []
