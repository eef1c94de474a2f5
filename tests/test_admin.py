"""The admin is the organizers' main tool: every model answers, searches, and scales."""

import datetime

import pytest
from django.contrib import admin
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from simple_history.models import HistoricalChanges

from awards.models import Award, AwardPresentation
from ceremony.enums import ProgramItemKind, RsvpStatus
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
from tests import factories
from tests.admin_pages import add_row, open_change_form

pytestmark = pytest.mark.django_db

# For each model of ours: its factory, and a search term that must find the record it makes.
ADMIN_CASES = {
    Event: (factories.EventFactory, lambda event: event.name),
    Venue: (factories.VenueFactory, lambda venue: venue.name),
    VenueSection: (factories.VenueSectionFactory, lambda section: section.name),
    Organization: (factories.OrganizationFactory, lambda organization: organization.name),
    Person: (factories.PersonFactory, lambda person: person.family_name),
    Attendee: (factories.AttendeeFactory, lambda attendee: attendee.person.given_name),
    Delegation: (factories.DelegationFactory, lambda delegation: delegation.name),
    ProgramItem: (factories.ProgramItemFactory, lambda item: item.title),
    Participation: (
        factories.ParticipationFactory,
        lambda participation: participation.attendee.person.family_name,
    ),
    FacilityVisit: (factories.FacilityVisitFactory, lambda visit: visit.program_item.title),
    VisitParticipant: (
        factories.VisitParticipantFactory,
        lambda visitor: visitor.attendee.person.family_name,
    ),
    VideoAddress: (factories.VideoAddressFactory, lambda video: video.speaker_name),
    Award: (factories.AwardFactory, lambda award: award.name),
    AwardPresentation: (factories.AwardPresentationFactory, lambda presentation: presentation.award.name),
    GuestImport: (factories.GuestImportFactory, lambda guest_import: guest_import.file_name),
    SeatAssignment: (factories.SeatAssignmentFactory, lambda seat: seat.attendee.person.family_name),
    BanquetTable: (factories.BanquetTableFactory, lambda table: table.venue.name),
    TableAssignment: (factories.TableAssignmentFactory, lambda place: place.attendee.person.family_name),
    Job: (factories.JobFactory, lambda job: job.title),
    OutboxMessage: (factories.OutboxMessageFactory, lambda message: message.to),
    Entrance: (factories.EntranceFactory, lambda entrance: entrance.name),
    CheckIn: (factories.CheckInFactory, lambda check_in: check_in.attendee.person.family_name),
    Invitation: (factories.InvitationFactory, lambda invitation: invitation.attendee.person.family_name),
    ShowMark: (factories.ShowMarkFactory, lambda mark: mark.program_item.title),
    ShowAdjustment: (factories.ShowAdjustmentFactory, lambda adjustment: adjustment.from_item.title),
    ShowScreen: (factories.ShowScreenFactory, lambda screen: screen.name),
    InvitationText: (factories.InvitationTextFactory, lambda text: text.subject),
    ValueMapping: (factories.ValueMappingFactory, lambda mapping: mapping.value),
    AdminPreference: (factories.AdminPreferenceFactory, lambda preference: preference.user.username),
}
OUR_APPS = ("ceremony", "awards")


def admin_url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def test_every_model_of_ours_is_registered_and_has_a_case_here():
    from django.apps import apps

    ours = {
        model
        for model in apps.get_models()
        if model._meta.app_label in OUR_APPS and not issubclass(model, HistoricalChanges)
    }
    registered = {model for model in ours if admin.site.is_registered(model)}
    assert registered == ours
    assert set(ADMIN_CASES) == ours


@pytest.mark.parametrize("model", ADMIN_CASES, ids=lambda model: model.__name__)
def test_changelist_search_add_and_change_pages_answer(admin_client, model):
    factory, search_term = ADMIN_CASES[model]
    # A second record, which the search must leave out: made first, so that the sequence number in its
    # name is smaller and cannot contain the searched one ("Medal 1" would match "Medal 12"). The term
    # is searched as one phrase: its number alone would match other sequences (a user, an item title).
    factory()
    record = factory()

    response = admin_client.get(admin_url(model, "changelist"), {"q": f'"{search_term(record)}"'})
    assert response.status_code == 200
    assert [row.pk for row in response.context["cl"].result_list] == [record.pk]

    added = admin_client.get(admin_url(model, "add")).status_code
    # Jobs are started by the pages that need them, messages queued by the actions that send them,
    # links made by the attendee list's action, show marks on the show's page, check-ins by the doors'
    # page.
    assert added == (403 if model in (Job, OutboxMessage, Invitation, ShowMark, CheckIn) else 200)
    assert admin_client.get(admin_url(model, "change", record.pk)).status_code == 200


def _with_links(factory):
    """A record with every optional link filled, so that a column reading one shows in the count."""

    def attendee(event):
        return factories.AttendeeFactory(event=event, person__organization=factories.OrganizationFactory())

    def make():
        if factory is factories.PersonFactory:
            return factory(organization=factories.OrganizationFactory())
        if factory is factories.AttendeeFactory:
            event = factories.EventFactory()
            return factory(
                event=event,
                person__organization=factories.OrganizationFactory(),
                delegation=factories.DelegationFactory(event=event),
                escort_officer=attendee(event),
                arrival=factories.ALMATY_NOON,
            )
        if factory is factories.DelegationFactory:
            event = factories.EventFactory()
            return factory(event=event, head=attendee(event), escort_officer=attendee(event))
        if factory is factories.ProgramItemFactory:
            event = factories.EventFactory()
            return factory(event=event, venue=factories.VenueFactory(), responsible=attendee(event))
        if factory is factories.FacilityVisitFactory:
            visit = factory()
            visit.escort = attendee(visit.program_item.event)
            visit.save()
            return visit
        if factory is factories.VisitParticipantFactory:
            return factory(attendee__person__organization=factories.OrganizationFactory())
        if factory is factories.AwardPresentationFactory:
            presentation = factory()
            presentation.presenter = attendee(presentation.ceremony.event)
            presentation.save()
            return presentation
        if factory is factories.GuestImportFactory:
            return factory(created_by=factories.UserFactory())
        if factory is factories.InvitationFactory:
            return factory(created_by=factories.UserFactory())
        return factory()

    return make


@pytest.mark.parametrize("model", ADMIN_CASES, ids=lambda model: model.__name__)
def test_changelist_runs_the_same_queries_for_one_and_fifty_rows(
    admin_client, model, django_assert_max_num_queries
):
    make = _with_links(ADMIN_CASES[model][0])
    url = admin_url(model, "changelist")
    make()
    admin_client.get(url)  # warm the session and content-type caches

    with CaptureQueriesContext(connection) as one_row:
        assert admin_client.get(url).status_code == 200
    for _n in range(49):
        make()
    with django_assert_max_num_queries(len(one_row)):
        response = admin_client.get(url)
    assert response.context["cl"].result_count == model.objects.count() >= 50


def test_site_header_names_the_project(admin_client):
    response = admin_client.get(reverse("admin:index"))
    assert response.context["site_header"] == "Ceremony back office"


def test_program_item_times_are_shown_in_the_event_time_zone(admin_client):
    moscow = factories.EventFactory(time_zone="Europe/Moscow")
    item = factories.ProgramItemFactory(
        event=moscow, starts_at=datetime.datetime(2025, 6, 2, 6, 0, tzinfo=datetime.UTC)
    )
    response = admin_client.get(admin_url(ProgramItem, "change", item.pk))
    form = response.context["adminform"].form
    assert form["starts_at"].value() == datetime.datetime(2025, 6, 2, 9, 0, tzinfo=moscow.zone)
    assert 'name="starts_at_1" value="09:00:00"' in response.content.decode()

    changelist = admin_client.get(admin_url(ProgramItem, "changelist"))
    assert "2 Jun 2025, 09:00–10:00" in changelist.content.decode()


def test_program_item_added_in_the_admin_is_read_in_the_event_time_zone(admin_client):
    event = factories.EventFactory(time_zone="Asia/Almaty")
    response = admin_client.post(
        admin_url(ProgramItem, "add"),
        {
            "event": event.pk,
            "title_en": "Opening ceremony",
            "kind": ProgramItemKind.OPENING_CEREMONY,
            "starts_at_0": "2025-06-02",
            "starts_at_1": "11:00",
            "ends_at_0": "2025-06-02",
            "ends_at_1": "12:00",
            "is_public": "on",
            **empty_inline_forms("participations", "video_addresses"),
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    item = ProgramItem.objects.get()
    assert item.starts_at == datetime.datetime(2025, 6, 2, 6, 0, tzinfo=datetime.UTC)
    assert item.title_en == "Opening ceremony"


def test_program_item_ending_before_it_starts_is_refused_with_a_message(admin_client):
    event = factories.EventFactory()
    response = admin_client.post(
        admin_url(ProgramItem, "add"),
        {
            "event": event.pk,
            "title_en": "Backwards",
            "kind": ProgramItemKind.MEETING,
            "starts_at_0": "2025-06-02",
            "starts_at_1": "12:00",
            "ends_at_0": "2025-06-02",
            "ends_at_1": "11:00",
            **empty_inline_forms("participations", "video_addresses"),
        },
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.non_field_errors() == [
        "A program item must end after it starts."
    ]
    assert ProgramItem.objects.count() == 0


def test_participants_are_added_on_the_program_item(admin_client):
    item = factories.ProgramItemFactory(title="Opening ceremony")
    host, speaker = factories.AttendeeFactory.create_batch(2, event=item.event)
    data = open_change_form(admin_client, item)
    add_row(data, "participations", attendee=host.pk, role="host", order=1)
    add_row(data, "participations", attendee=speaker.pk, role="speaker", order=2)
    response = admin_client.post(admin_url(ProgramItem, "change", item.pk), data)
    assert response.status_code == 302
    assert list(item.participations.values_list("attendee", "role")) == [
        (host.pk, "host"),
        (speaker.pk, "speaker"),
    ]


def test_award_ceremony_refuses_a_once_only_award_twice_to_one_person(admin_client):
    ceremony = factories.ProgramItemFactory(kind=ProgramItemKind.AWARD_CEREMONY, title="Veterans")
    veteran = factories.AttendeeFactory(event=ceremony.event)
    medal = factories.AwardFactory(name="Jubilee medal", is_repeatable=False)
    row = {"award": medal.pk, "recipient": veteran.pk, "status": "approved", "order": "1"}
    data = {
        "event": ceremony.event.pk,
        "title_en": "Veterans",
        "kind": ProgramItemKind.AWARD_CEREMONY,
        "starts_at_0": "2025-06-02",
        "starts_at_1": "10:00",
        "ends_at_0": "2025-06-02",
        "ends_at_1": "11:00",
        **empty_inline_forms("participations", "video_addresses"),
        "award_presentations-TOTAL_FORMS": "2",
        "award_presentations-INITIAL_FORMS": "0",
        **{f"award_presentations-0-{key}": value for key, value in row.items()},
        **{f"award_presentations-1-{key}": value for key, value in row.items()},
    }
    response = admin_client.post(admin_url(ProgramItem, "change", ceremony.pk), data)
    assert response.status_code == 200
    errors = response.context["inline_admin_formsets"][-1].formset.errors
    assert errors[1] == {
        "award": [f"{veteran} is given “Jubilee medal” twice here; it can be received only once."]
    }
    assert AwardPresentation.objects.count() == 0


def test_rsvp_action_marks_selected_attendees(admin_client):
    chosen = factories.AttendeeFactory.create_batch(2)
    other = factories.AttendeeFactory()
    response = admin_client.post(
        admin_url(Attendee, "changelist"),
        {"action": "mark_confirmed", "_selected_action": [attendee.pk for attendee in chosen]},
        follow=True,
    )
    assert [str(message) for message in response.context["messages"]] == ["2 attendees marked confirmed."]
    assert set(Attendee.objects.filter(rsvp_status=RsvpStatus.CONFIRMED)) == set(chosen)
    other.refresh_from_db()
    assert other.rsvp_status == RsvpStatus.INVITED


def test_identity_documents_are_hidden_without_the_permission(client):
    visitor = factories.VisitParticipantFactory(document_type="passport", document_number="N0123456")
    clerk = factories.UserFactory()
    clerk.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_facilityvisit", "view_visitparticipant"])
    )
    client.force_login(clerk)

    for url in (
        admin_url(FacilityVisit, "change", visitor.visit.pk),
        admin_url(VisitParticipant, "changelist"),
    ):
        page = client.get(url)
        assert page.status_code == 200
        assert "N0123456" not in page.content.decode()
    assert (
        client.get(admin_url(VisitParticipant, "changelist"), {"q": "N0123456"}).context["cl"].result_count
        == 0
    )

    clerk.user_permissions.add(Permission.objects.get(codename="view_identity_documents"))
    clerk = type(clerk).objects.get(pk=clerk.pk)  # drop the cached permissions
    client.force_login(clerk)
    assert "N0123456" in client.get(admin_url(FacilityVisit, "change", visitor.visit.pk)).content.decode()
    assert (
        client.get(admin_url(VisitParticipant, "changelist"), {"q": "N0123456"}).context["cl"].result_count
        == 1
    )


def test_delete_of_an_event_lists_what_goes_with_it(admin_client):
    attendee = factories.AttendeeFactory()
    page = admin_client.get(admin_url(Event, "delete", attendee.event.pk)).content.decode()
    assert "Attendee:" in page
    assert attendee.person.full_name in page


def empty_inline_forms(*prefixes):
    management = {}
    for prefix in prefixes:
        management[f"{prefix}-TOTAL_FORMS"] = "0"
        management[f"{prefix}-INITIAL_FORMS"] = "0"
    return management


def test_event_page_links_to_its_program_attendees_and_delegations(admin_client):
    event = factories.EventFactory()
    page = admin_client.get(admin_url(Event, "change", event.pk)).content.decode()
    for model in (ProgramItem, Attendee, Delegation):
        assert f'href="{admin_url(model, "changelist")}?event__id__exact={event.pk}"' in page


def test_identity_documents_cannot_be_guessed_with_a_filter_in_the_address(client):
    factories.VisitParticipantFactory(document_type="passport", document_number="N0123456")
    clerk = factories.UserFactory()
    clerk.user_permissions.add(Permission.objects.get(codename="view_visitparticipant"))
    client.force_login(clerk)
    response = client.get(admin_url(VisitParticipant, "changelist"), {"document_number__startswith": "N01"})
    assert response.status_code == 400


@pytest.mark.parametrize(
    "model", [ProgramItem, Attendee, FacilityVisit, GuestImport], ids=lambda m: m.__name__
)
def test_an_address_with_a_non_numeric_id_is_not_a_server_error(admin_client, model):
    response = admin_client.get(admin_url(model, "change", "abc"))
    assert response.status_code == 302
