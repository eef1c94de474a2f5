"""Protocol: the order of precedence and what it drives."""

import datetime
import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from awards.services import award_ceremony_order_by_presenter
from ceremony.enums import ParticipantRole, PrecedenceTieBreak, ProgramItemKind
from ceremony.selectors import order_of_precedence
from ceremony.services.protocol import program_item_order_speakers
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def event():
    return factories.EventFactory(slug="baikonur-70")


def dignitary(event, latin, rank=None, took_office=None):
    family, given = latin.split()
    return factories.AttendeeFactory(
        event=event,
        precedence_rank=rank,
        person=factories.PersonFactory(
            family_name=family,
            given_name=given,
            family_name_latin=family,
            given_name_latin=given,
            took_office=took_office,
        ),
    )


def names(attendees):
    return [attendee.person.family_name for attendee in attendees]


def test_lower_rank_comes_first_and_guests_without_rank_are_left_out(event):
    dignitary(event, "Madiyev Zhaslan", rank=2)
    dignitary(event, "Sklyar Roman", rank=1)
    dignitary(event, "Guest Ordinary")
    assert names(order_of_precedence(event=event)) == ["Sklyar", "Madiyev"]


def test_a_head_of_delegation_ranks_with_the_delegation(event):
    dignitary(event, "Minister Second", rank=2)
    head = dignitary(event, "Head Delegation")
    factories.DelegationFactory(event=event, head=head, precedence_rank=1)
    ranked = list(order_of_precedence(event=event))
    assert names(ranked) == ["Head", "Minister"]
    assert ranked[0].protocol_rank == 1


def test_equal_ranks_follow_the_latin_alphabet(event):
    dignitary(event, "Zhumabayev Adil", rank=3)
    dignitary(event, "Aubakirov Toktar", rank=3)
    assert names(order_of_precedence(event=event)) == ["Aubakirov", "Zhumabayev"]


def test_equal_ranks_can_follow_the_date_of_taking_office(event):
    event.precedence_tie_break = PrecedenceTieBreak.TOOK_OFFICE
    event.save()
    dignitary(event, "Aubakirov Toktar", rank=3, took_office=datetime.date(2023, 1, 1))
    dignitary(event, "Zhumabayev Adil", rank=3, took_office=datetime.date(2019, 1, 1))
    dignitary(event, "Unknown Since", rank=3)
    assert names(order_of_precedence(event=event)) == ["Zhumabayev", "Aubakirov", "Unknown"]


def test_the_order_of_precedence_page_and_its_pdf(admin_client, event, django_assert_max_num_queries):
    dignitary(event, "Madiyev Zhaslan", rank=2)
    dignitary(event, "Sklyar Roman", rank=1)
    url = reverse("admin:ceremony_event_precedence", args=[event.pk])
    with django_assert_max_num_queries(8):
        page = admin_client.get(url).content.decode()
    assert page.index("Sklyar Roman") < page.index("Madiyev Zhaslan")
    for n in range(20):
        dignitary(event, f"Extra{n} Guest", rank=5)
    with django_assert_max_num_queries(8):
        admin_client.get(url)

    pdf = admin_client.get(reverse("print:precedence", args=["baikonur-70", "pdf"]))
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert text.index("Roman Sklyar") < text.index("Zhaslan Madiyev")


def test_speaking_order_is_suggested_by_precedence(admin_client, event):
    item = factories.ProgramItemFactory(event=event)
    junior = dignitary(event, "Junior Official", rank=9)
    senior = dignitary(event, "Senior Official", rank=1)
    host = factories.AttendeeFactory(event=event)
    for order, attendee, role in (
        (1, host, ParticipantRole.HOST),
        (2, junior, "speaker"),
        (3, senior, "speaker"),
    ):
        factories.ParticipationFactory(program_item=item, attendee=attendee, role=role, order=order)
    response = admin_client.post(
        reverse("admin:ceremony_programitem_changelist"),
        {"action": "order_speakers_by_precedence", "_selected_action": [item.pk]},
        follow=True,
    )
    assert [str(message) for message in response.context["messages"]] == [
        "Speakers put in order of precedence; 2 moved."
    ]
    ordered = item.participations.order_by("order").values_list("attendee", flat=True)
    assert list(ordered) == [senior.pk, junior.pk, host.pk]
    assert program_item_order_speakers(program_item=item) == 0


def test_award_presentations_follow_their_presenters_precedence(event):
    ceremony = factories.ProgramItemFactory(event=event, kind=ProgramItemKind.AWARD_CEREMONY)
    minister = dignitary(event, "Madiyev Zhaslan", rank=2)
    deputy_premier = dignitary(event, "Sklyar Roman", rank=1)
    first = factories.AwardPresentationFactory(ceremony=ceremony, presenter=minister, order=1)
    second = factories.AwardPresentationFactory(ceremony=ceremony, presenter=deputy_premier, order=2)
    assert award_ceremony_order_by_presenter(ceremony=ceremony) == 2
    first.refresh_from_db()
    second.refresh_from_db()
    assert (second.order, first.order) == (1, 2)


def test_a_name_without_latin_letters_sorts_by_its_own(event):
    factories.AttendeeFactory(
        event=event,
        precedence_rank=3,
        person=factories.PersonFactory(family_name="Юсупов", given_name="Арман"),
    )
    dignitary(event, "Abayev Nurlan", rank=3)
    assert names(order_of_precedence(event=event)) == ["Abayev", "Юсупов"]


def test_presentations_of_unranked_presenters_are_kept_together(event):
    ceremony = factories.ProgramItemFactory(event=event, kind=ProgramItemKind.AWARD_CEREMONY)
    first, second = factories.AttendeeFactory.create_batch(2, event=event)
    rows = [
        factories.AwardPresentationFactory(ceremony=ceremony, presenter=presenter, order=order)
        for order, presenter in enumerate([first, second, first, second], start=1)
    ]
    award_ceremony_order_by_presenter(ceremony=ceremony)
    presenters = [p.presenter_id for p in ceremony.award_presentations.order_by("order")]
    assert presenters == [first.pk, first.pk, second.pk, second.pk]
    assert len(rows) == 4
