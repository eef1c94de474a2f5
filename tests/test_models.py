"""The rules the database and the models enforce, and the messages a user reads when one is broken."""

import datetime
import zoneinfo

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from awards.enums import PresentationStatus
from ceremony.enums import ProgramItemKind
from ceremony.models import Organization, Person
from tests.factories import (
    ALMATY,
    AttendeeFactory,
    AwardFactory,
    AwardPresentationFactory,
    EventFactory,
    FacilityVisitFactory,
    OrganizationFactory,
    ParticipationFactory,
    PersonFactory,
    ProgramItemFactory,
    VideoAddressFactory,
    VisitParticipantFactory,
)

pytestmark = pytest.mark.django_db


def messages_of(excinfo):
    return [message for messages in excinfo.value.message_dict.values() for message in messages]


def test_almaty_is_utc_plus_five_on_the_anniversary():
    # Kazakhstan moved to a single UTC+5 zone in March 2024; an old tz database would say +6.
    noon = datetime.datetime(2025, 6, 2, 12, 0, tzinfo=zoneinfo.ZoneInfo("Asia/Almaty"))
    assert noon.utcoffset() == datetime.timedelta(hours=5)


def test_program_item_must_end_after_it_starts():
    item = ProgramItemFactory.build(
        event=EventFactory(),
        starts_at=datetime.datetime(2025, 6, 2, 11, 0, tzinfo=ALMATY),
        ends_at=datetime.datetime(2025, 6, 2, 10, 0, tzinfo=ALMATY),
    )
    with pytest.raises(ValidationError) as excinfo:
        item.full_clean()
    assert messages_of(excinfo) == ["A program item must end after it starts."]
    with pytest.raises(IntegrityError), transaction.atomic():
        item.save()


def test_event_cannot_end_before_it_starts():
    with pytest.raises(IntegrityError), transaction.atomic():
        EventFactory(start_date=datetime.date(2025, 6, 2), end_date=datetime.date(2025, 6, 1))


def test_event_time_zone_must_exist():
    event = EventFactory.build(time_zone="Asia/Baikonur")
    with pytest.raises(ValidationError) as excinfo:
        event.full_clean()
    assert excinfo.value.message_dict["time_zone"] == [
        "“Asia/Baikonur” is not a time zone name such as Asia/Almaty or Europe/Moscow."
    ]


def test_a_person_attends_an_event_once():
    first = AttendeeFactory()
    second = AttendeeFactory.build(event=first.event, person=first.person)
    with pytest.raises(ValidationError) as excinfo:
        second.full_clean()
    assert messages_of(excinfo) == ["This person is already an attendee of this event."]
    with pytest.raises(IntegrityError), transaction.atomic():
        second.save()


def test_the_same_person_may_attend_two_events():
    first = AttendeeFactory()
    AttendeeFactory(person=first.person)
    assert first.person.attendances.count() == 2


def test_departure_must_follow_arrival():
    attendee = AttendeeFactory.build(
        event=EventFactory(),
        person=PersonFactory(),
        arrival=datetime.datetime(2025, 6, 2, 9, 0, tzinfo=ALMATY),
        departure=datetime.datetime(2025, 6, 1, 9, 0, tzinfo=ALMATY),
    )
    with pytest.raises(ValidationError) as excinfo:
        attendee.full_clean()
    assert messages_of(excinfo) == ["Departure must be after arrival."]


def test_organization_name_is_unique_whatever_its_case_and_spaces():
    OrganizationFactory(name="Roscosmos State Corporation")
    duplicate = Organization(name="  ROSCOSMOS state corporation\u00a0")
    with pytest.raises(ValidationError) as excinfo:
        duplicate.full_clean()
    assert messages_of(excinfo) == ["An organization with this name already exists."]
    with pytest.raises(IntegrityError), transaction.atomic():
        duplicate.save()


def test_organization_name_is_stored_trimmed():
    organization = OrganizationFactory(name="\u00a0 Aerospace Committee ")
    organization.refresh_from_db()
    assert organization.name == "Aerospace Committee"


def test_email_is_unique_ignoring_case_and_stored_lowercased():
    person = PersonFactory(email=" Aigerim@Mail.KZ ")
    person.refresh_from_db()
    assert person.email == "aigerim@mail.kz"
    namesake = PersonFactory.build(family_name=person.family_name, email="AIGERIM@mail.kz")
    with pytest.raises(ValidationError) as excinfo:
        namesake.full_clean()
    assert messages_of(excinfo) == ["Another person already has this email address."]
    with pytest.raises(IntegrityError), transaction.atomic():
        namesake.save()


def test_people_without_email_do_not_clash():
    PersonFactory(email="")
    PersonFactory(email=None)
    assert Person.objects.filter(email__isnull=True).count() == 2


def test_participant_must_attend_the_same_event():
    item = ProgramItemFactory()
    outsider = AttendeeFactory(person=PersonFactory(family_name="Outsider", given_name="Olga"))
    participation = ParticipationFactory.build(program_item=item, attendee=outsider)
    with pytest.raises(ValidationError) as excinfo:
        participation.full_clean()
    assert excinfo.value.message_dict["attendee"] == [f"Outsider Olga is not an attendee of {item.event}."]


def test_attendee_takes_part_in_an_item_once():
    participation = ParticipationFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        ParticipationFactory(program_item=participation.program_item, attendee=participation.attendee)


def test_facility_visit_needs_a_facility_visit_item():
    visit = FacilityVisitFactory.build(
        program_item=ProgramItemFactory(kind=ProgramItemKind.MEETING, title="Talks")
    )
    visit.facility.save()
    with pytest.raises(ValidationError) as excinfo:
        visit.full_clean()
    assert excinfo.value.message_dict["program_item"] == [
        "This program item is not a facility visit; change its kind to “Facility visit” first."
    ]


def test_facility_visit_allows_at_least_one_visitor():
    with pytest.raises(IntegrityError), transaction.atomic():
        FacilityVisitFactory(capacity=0)


def test_visitor_is_on_a_visit_once():
    visitor = VisitParticipantFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        VisitParticipantFactory(visit=visitor.visit, attendee=visitor.attendee)


def test_visitor_document_number_needs_a_document_type():
    visitor = VisitParticipantFactory(document_number="N1234567")
    with pytest.raises(ValidationError) as excinfo:
        visitor.full_clean()
    assert excinfo.value.message_dict["document_type"] == ["Say which document this number belongs to."]


def test_two_videos_cannot_play_at_the_same_position():
    video = VideoAddressFactory(play_order=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        VideoAddressFactory(program_item=video.program_item, play_order=1)


def test_video_duration_must_be_positive():
    with pytest.raises(IntegrityError), transaction.atomic():
        VideoAddressFactory(duration=datetime.timedelta(0))


def test_video_subtitles_must_be_known_languages():
    video = VideoAddressFactory.build(program_item=ProgramItemFactory(), subtitle_languages="ru, xx")
    with pytest.raises(ValidationError) as excinfo:
        video.full_clean()
    assert excinfo.value.message_dict["subtitle_languages"] == ["Unknown language code: xx."]


def test_once_only_award_cannot_be_given_to_the_same_person_twice_even_at_another_event():
    medal = AwardFactory(name="Baikonur 70 medal", is_repeatable=False)
    first = AwardPresentationFactory(award=medal)
    person = first.recipient.person
    later_ceremony = ProgramItemFactory(kind=ProgramItemKind.AWARD_CEREMONY)
    again = AwardPresentationFactory.build(
        award=medal,
        ceremony=later_ceremony,
        recipient=AttendeeFactory(event=later_ceremony.event, person=person),
    )
    with pytest.raises(ValidationError) as excinfo:
        again.full_clean()
    assert excinfo.value.message_dict["award"] == [
        f"{person.full_name} already has “Baikonur 70 medal” ({first.ceremony}, {first.ceremony.event}), "
        "and it can be received only once."
    ]


def test_repeatable_award_may_be_given_again():
    letter = AwardFactory(is_repeatable=True)
    first = AwardPresentationFactory(award=letter)
    later_ceremony = ProgramItemFactory(kind=ProgramItemKind.AWARD_CEREMONY)
    again = AwardPresentationFactory.build(
        award=letter,
        ceremony=later_ceremony,
        recipient=AttendeeFactory(event=later_ceremony.event, person=first.recipient.person),
    )
    again.full_clean()


def test_a_declined_award_does_not_count_as_received():
    medal = AwardFactory(is_repeatable=False)
    first = AwardPresentationFactory(award=medal, status=PresentationStatus.DECLINED)
    again = AwardPresentationFactory.build(award=medal, ceremony=first.ceremony, recipient=first.recipient)
    again.full_clean()


def test_award_presenter_is_not_the_recipient():
    presentation = AwardPresentationFactory()
    presentation.presenter = presentation.recipient
    with pytest.raises(IntegrityError), transaction.atomic():
        presentation.save()


def test_awards_are_presented_at_award_ceremonies():
    presentation = AwardPresentationFactory.build(
        ceremony=ProgramItemFactory(kind=ProgramItemKind.RECEPTION, title="Reception"), award=AwardFactory()
    )
    presentation.recipient = AttendeeFactory(event=presentation.ceremony.event)
    with pytest.raises(ValidationError) as excinfo:
        presentation.full_clean()
    assert excinfo.value.message_dict["ceremony"] == [
        "This program item is not an award ceremony; change its kind to “Award ceremony” first."
    ]


def test_name_search_ignores_case_in_cyrillic_and_kazakh():
    PersonFactory(family_name="Скляр", given_name="Роман")
    PersonFactory(family_name="Әбенова", given_name="Әлия")
    assert Person.objects.filter(family_name__icontains="скляр").count() == 1
    assert Person.objects.filter(given_name__icontains="ӘЛИЯ").count() == 1
    assert Person.objects.filter(family_name__icontains="әбен").count() == 1


@pytest.mark.parametrize(
    ("names", "order"),
    [
        ({"family_name": "Есенов", "given_name": "Мурат", "country": "KZ"}, "family_first"),
        ({"family_name": "Есенов", "given_name": "Мурат"}, "family_first"),
        ({"family_name": "Oliveira", "given_name": "Marco", "country": "FR"}, "given_first"),
        ({"family_name": "Müller", "given_name": "Jörg"}, "given_first"),
        ({"family_name": "Јовановић", "given_name": "Марко", "country": "RS"}, "given_first"),
        ({"family_name": "Nagy", "given_name": "Péter", "name_order": "family_first"}, "family_first"),
    ],
)
def test_a_persons_name_order_is_the_records_or_derived_from_script_and_country(names, order):
    assert Person(**names).effective_name_order == order
