"""One factory per model. Each makes a valid record and nothing more; tests state what they care about."""

import datetime
import zoneinfo

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone

from awards.enums import AwardKind
from awards.models import Award, AwardPresentation
from ceremony.enums import AttendeeCategory, ProgramItemKind
from ceremony.guest_lists.cells import normalize_header
from ceremony.models import (
    AdminPreference,
    Attendee,
    BanquetTable,
    CheckIn,
    Delegation,
    Entrance,
    Event,
    FacilityVisit,
    GuestImport,
    Invitation,
    InvitationText,
    Job,
    Organization,
    OutboxMessage,
    Participation,
    Person,
    ProgramItem,
    SeatAssignment,
    ShowAdjustment,
    ShowMark,
    ShowScreen,
    TableAssignment,
    ValueMapping,
    Venue,
    VenueSection,
    VideoAddress,
    VisitParticipant,
)

ALMATY = zoneinfo.ZoneInfo("Asia/Almaty")
ALMATY_NOON = datetime.datetime(2025, 6, 2, 12, 0, tzinfo=ALMATY)


class UserFactory(factory.django.DjangoModelFactory):
    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.org")
    is_staff = True
    password = factory.django.Password("correct horse battery staple")

    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)


class AdminPreferenceFactory(factory.django.DjangoModelFactory):
    user = factory.SubFactory(UserFactory)
    language = "kk"

    class Meta:
        model = AdminPreference


class EventFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Anniversary {n}")
    slug = factory.Sequence(lambda n: f"anniversary-{n}")
    start_date = datetime.date(2025, 6, 2)
    end_date = datetime.date(2025, 6, 2)
    city = "Baikonur"
    time_zone = "Asia/Almaty"

    class Meta:
        model = Event


class VenueFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Hall {n}")

    class Meta:
        model = Venue


class VenueSectionFactory(factory.django.DjangoModelFactory):
    venue = factory.SubFactory(VenueFactory)
    name = factory.Sequence(lambda n: f"Section {n}")
    order = factory.Sequence(lambda n: n + 1)
    rows = 10
    seats_per_row = 20

    class Meta:
        model = VenueSection


class OrganizationFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Organization {n}")

    class Meta:
        model = Organization


class PersonFactory(factory.django.DjangoModelFactory):
    family_name = factory.Sequence(lambda n: f"Family{n}")
    given_name = factory.Sequence(lambda n: f"Given{n}")

    class Meta:
        model = Person


class AttendeeFactory(factory.django.DjangoModelFactory):
    event = factory.SubFactory(EventFactory)
    person = factory.SubFactory(PersonFactory)
    category = AttendeeCategory.RESIDENT

    class Meta:
        model = Attendee


class DelegationFactory(factory.django.DjangoModelFactory):
    event = factory.SubFactory(EventFactory)
    name = factory.Sequence(lambda n: f"Delegation {n}")

    class Meta:
        model = Delegation


class ProgramItemFactory(factory.django.DjangoModelFactory):
    event = factory.SubFactory(EventFactory)
    title = factory.Sequence(lambda n: f"Session {n}")
    kind = ProgramItemKind.MEETING
    starts_at = datetime.datetime(2025, 6, 2, 10, 0, tzinfo=ALMATY)
    ends_at = factory.LazyAttribute(lambda item: item.starts_at + datetime.timedelta(hours=1))

    class Meta:
        model = ProgramItem


class ParticipationFactory(factory.django.DjangoModelFactory):
    program_item = factory.SubFactory(ProgramItemFactory)
    attendee = factory.SubFactory(AttendeeFactory, event=factory.SelfAttribute("..program_item.event"))

    class Meta:
        model = Participation


class FacilityVisitFactory(factory.django.DjangoModelFactory):
    program_item = factory.SubFactory(ProgramItemFactory, kind=ProgramItemKind.FACILITY_VISIT)
    facility = factory.SubFactory(VenueFactory, restricted=True)
    capacity = 20

    class Meta:
        model = FacilityVisit


class VisitParticipantFactory(factory.django.DjangoModelFactory):
    visit = factory.SubFactory(FacilityVisitFactory)
    attendee = factory.SubFactory(AttendeeFactory, event=factory.SelfAttribute("..visit.program_item.event"))

    class Meta:
        model = VisitParticipant


class VideoAddressFactory(factory.django.DjangoModelFactory):
    program_item = factory.SubFactory(ProgramItemFactory, kind=ProgramItemKind.VIDEO_ADDRESS)
    play_order = factory.Sequence(lambda n: n + 1)
    speaker_name = factory.Sequence(lambda n: f"Speaker {n}")
    language = "kk"

    class Meta:
        model = VideoAddress


class AwardFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Medal {n}")
    kind = AwardKind.COMMEMORATIVE_MEDAL

    class Meta:
        model = Award


class AwardPresentationFactory(factory.django.DjangoModelFactory):
    ceremony = factory.SubFactory(ProgramItemFactory, kind=ProgramItemKind.AWARD_CEREMONY)
    award = factory.SubFactory(AwardFactory)
    recipient = factory.SubFactory(AttendeeFactory, event=factory.SelfAttribute("..ceremony.event"))

    class Meta:
        model = AwardPresentation


class GuestImportFactory(factory.django.DjangoModelFactory):
    event = factory.SubFactory(EventFactory)
    file_name = factory.Sequence(lambda n: f"guests-{n}.xlsx")
    language = "en"

    class Meta:
        model = GuestImport


class ValueMappingFactory(factory.django.DjangoModelFactory):
    event = factory.SubFactory(EventFactory)
    column = "category"
    value = factory.Sequence(lambda n: f"Гости {n}")
    value_key = factory.LazyAttribute(lambda mapping: normalize_header(mapping.value))
    target = "other"

    class Meta:
        model = ValueMapping


class SeatAssignmentFactory(factory.django.DjangoModelFactory):
    program_item = factory.SubFactory(
        ProgramItemFactory, venue=factory.SubFactory(VenueFactory, seat_rows=10, seats_per_row=20)
    )
    attendee = factory.SubFactory(AttendeeFactory, event=factory.SelfAttribute("..program_item.event"))
    row = 1
    seat = factory.Sequence(lambda n: n % 20 + 1)

    class Meta:
        model = SeatAssignment


class JobFactory(factory.django.DjangoModelFactory):
    kind = Job.Kind.DOCUMENT
    title = factory.Sequence(lambda n: f"Badges, part {n}")
    created_by = factory.SubFactory(UserFactory)

    class Meta:
        model = Job


class BanquetTableFactory(factory.django.DjangoModelFactory):
    venue = factory.SubFactory(VenueFactory)
    number = factory.Sequence(lambda n: n + 1)
    seats = 10

    class Meta:
        model = BanquetTable


class TableAssignmentFactory(factory.django.DjangoModelFactory):
    table = factory.SubFactory(BanquetTableFactory)
    program_item = factory.SubFactory(
        ProgramItemFactory, kind=ProgramItemKind.RECEPTION, venue=factory.SelfAttribute("..table.venue")
    )
    attendee = factory.SubFactory(AttendeeFactory, event=factory.SelfAttribute("..program_item.event"))

    class Meta:
        model = TableAssignment


class OutboxMessageFactory(factory.django.DjangoModelFactory):
    to = factory.Sequence(lambda n: f"guest{n}@example.kz")
    subject = factory.Sequence(lambda n: f"Invitation {n}")
    body_text = "You are invited."
    language = "en"
    next_attempt_at = factory.LazyFunction(timezone.now)

    class Meta:
        model = OutboxMessage


class InvitationTextFactory(factory.django.DjangoModelFactory):
    event = factory.SubFactory(EventFactory)
    language = "en"
    kind = "invitation"
    subject = factory.Sequence(lambda n: f"Шақыру {n}: {{event}}")
    body = "{form_of_address} {name}, please answer: {link}"

    class Meta:
        model = InvitationText


class InvitationFactory(factory.django.DjangoModelFactory):
    """A personal RSVP link whose token is not known (only its hash is stored): a test that opens
    the page makes its link with services.invitations.invitation_issue."""

    attendee = factory.SubFactory(AttendeeFactory)
    token_hash = factory.Sequence(lambda n: f"{n:064x}")
    expires_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=30))

    class Meta:
        model = Invitation


class ShowMarkFactory(factory.django.DjangoModelFactory):
    program_item = factory.SubFactory(ProgramItemFactory)
    mark = ShowMark.Kind.STARTED
    at = factory.LazyAttribute(lambda mark: mark.program_item.starts_at)

    class Meta:
        model = ShowMark


class ShowAdjustmentFactory(factory.django.DjangoModelFactory):
    from_item = factory.SubFactory(ProgramItemFactory)
    minutes = 10

    class Meta:
        model = ShowAdjustment


class ShowScreenFactory(factory.django.DjangoModelFactory):
    """A screen whose token is not known: a test that opens it makes it with services.show.screen_issue."""

    event = factory.SubFactory(EventFactory)
    name = factory.Sequence(lambda n: f"Backstage {n}")
    token_hash = factory.Sequence(lambda n: f"{n:064x}")

    class Meta:
        model = ShowScreen


class EntranceFactory(factory.django.DjangoModelFactory):
    event = factory.SubFactory(EventFactory)
    name = factory.Sequence(lambda n: f"Gate {n}")
    slug = factory.Sequence(lambda n: f"gate-{n}")

    class Meta:
        model = Entrance


class CheckInFactory(factory.django.DjangoModelFactory):
    """A scan as recorded; tests of what a scan answers go through services.checkin.scan."""

    entrance = factory.SubFactory(EntranceFactory)
    event = factory.SelfAttribute("entrance.event")
    attendee = factory.SubFactory(AttendeeFactory, event=factory.SelfAttribute("..entrance.event"))
    code = factory.LazyAttribute(lambda check_in: check_in.attendee.badge_code)
    nonce = factory.Sequence(lambda n: f"nonce-{n}")
    result = CheckIn.Result.ADMITTED
    admitted = True
    message = "Проход разрешён"  # as an usher reading Russian was told
    scanned_at = factory.LazyFunction(timezone.now)

    class Meta:
        model = CheckIn
