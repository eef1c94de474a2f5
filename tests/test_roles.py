"""The groups a ceremony is run by: each sees, changes and prints what its role needs, and no more."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from ceremony import permissions as roles
from ceremony.enums import ProgramItemKind
from ceremony.models import Event
from tests import factories
from tests.admin_pages import admin_url, open_change_form

pytestmark = pytest.mark.django_db

DOCUMENT = "N7654321"


@pytest.fixture
def visit():
    visit = factories.FacilityVisitFactory(
        program_item=factories.ProgramItemFactory(kind=ProgramItemKind.FACILITY_VISIT)
    )
    factories.VisitParticipantFactory(visit=visit, document_type="passport", document_number=DOCUMENT)
    return visit


def log_in_as(client, role):
    user = factories.UserFactory()
    user.groups.add(Group.objects.get(name=role))
    client.force_login(user)
    return client


def test_the_groups_exist_after_migrate():
    assert set(Group.objects.values_list("name", flat=True)) >= {
        "Organizer",
        "Protocol officer",
        "Security officer",
        "Print staff",
        "Viewer",
    }


def test_roles_are_restored_when_migrate_runs_again():
    Group.objects.get(name="Viewer").permissions.clear()
    roles.roles_ensure()
    assert Group.objects.get(name="Viewer").permissions.filter(codename="view_attendee").exists()


def test_only_the_security_officer_may_see_identity_documents():
    holders = Group.objects.filter(permissions__codename="view_identity_documents")
    assert list(holders.values_list("name", flat=True)) == ["Security officer"]


@pytest.mark.parametrize(
    ("role", "sees_documents"),
    [
        ("Organizer", False),
        ("Protocol officer", False),
        ("Security officer", True),
        ("Print staff", False),
        ("Viewer", False),
    ],
)
def test_identity_documents_by_role(client, visit, role, sees_documents):
    log_in_as(client, role)
    page = client.get(reverse("admin:ceremony_facilityvisit_change", args=[visit.pk]))
    assert page.status_code == 200
    assert (DOCUMENT in page.content.decode()) is sees_documents
    manifest = client.get(reverse("print:manifest", args=[visit.pk, "pdf"]))
    assert manifest.status_code == (200 if sees_documents else 403)


@pytest.mark.parametrize(
    ("role", "may_print"),
    [
        ("Organizer", True),
        ("Protocol officer", True),
        ("Security officer", True),
        ("Print staff", True),
        ("Viewer", False),
    ],
)
def test_printing_by_role(client, role, may_print):
    event = factories.EventFactory(slug="baikonur-70")
    log_in_as(client, role)
    response = client.get(reverse("print:program", args=[event.slug, "html"]))
    assert response.status_code == (200 if may_print else 403)


@pytest.mark.parametrize(
    ("role", "url_name", "may_change"),
    [
        ("Organizer", "admin:ceremony_programitem_change", True),
        ("Protocol officer", "admin:ceremony_programitem_change", False),
        ("Protocol officer", "admin:ceremony_delegation_change", True),
        ("Security officer", "admin:ceremony_facilityvisit_change", True),
        ("Security officer", "admin:ceremony_attendee_change", False),
        ("Print staff", "admin:ceremony_attendee_change", False),
        ("Viewer", "admin:ceremony_delegation_change", False),
    ],
)
def test_changing_by_role(client, visit, role, url_name, may_change):
    records = {
        "admin:ceremony_programitem_change": visit.program_item,
        "admin:ceremony_delegation_change": factories.DelegationFactory(),
        "admin:ceremony_facilityvisit_change": visit,
        "admin:ceremony_attendee_change": factories.AttendeeFactory(),
    }
    log_in_as(client, role)
    page = client.get(reverse(url_name, args=[records[url_name].pk]))
    assert page.status_code == 200
    # The admin shows a read-only page to those who may only look: no save button.
    assert ('name="_save"' in page.content.decode()) is may_change


def test_a_viewer_cannot_save_by_posting_anyway(client):
    delegation = factories.DelegationFactory(name="Before")
    log_in_as(client, "Viewer")
    response = client.post(
        reverse("admin:ceremony_delegation_change", args=[delegation.pk]),
        {"event": delegation.event.pk, "name": "After"},
    )
    assert response.status_code == 403
    delegation.refresh_from_db()
    assert delegation.name == "Before"


def test_a_protocol_officer_seats_guests_without_changing_the_program(client):
    hall = factories.VenueFactory(seat_rows=1, seats_per_row=3)
    item = factories.ProgramItemFactory(venue=hall, title_en="Reception")
    factories.ParticipationFactory(program_item=item, role="host")
    log_in_as(client, "Protocol officer")
    response = client.post(
        reverse("admin:ceremony_programitem_changelist"),
        {"action": "assign_seats", "_selected_action": [item.pk]},
        follow=True,
    )
    assert [str(message) for message in response.context["messages"]] == ["“Reception”: 1 seats assigned."]
    assert item.seats.count() == 1


@pytest.mark.parametrize("role", ["Organizer", "Protocol officer", "Print staff", "Viewer"])
def test_identity_documents_stay_hidden_on_the_visitor_pages(client, visit, role):
    visitor = visit.visitors.get()
    log_in_as(client, role)
    for url in (
        reverse("admin:ceremony_visitparticipant_changelist"),
        reverse("admin:ceremony_visitparticipant_change", args=[visitor.pk]),
        reverse("admin:ceremony_visitparticipant_history", args=[visitor.pk]),
    ):
        page = client.get(url)
        assert page.status_code == 200
        assert DOCUMENT not in page.content.decode()


def test_a_protocol_officer_changes_an_events_rule_for_equal_ranks_and_nothing_else(client):
    event = factories.EventFactory(slug="baikonur-70", name_en="Baikonur 70", time_zone="Asia/Almaty")
    log_in_as(client, "Protocol officer")
    data = open_change_form(client, event)
    assert "slug" not in data
    assert "time_zone" not in data
    data.update(
        precedence_tie_break=["took_office"],
        slug=["hijacked"],
        name_en=["Renamed"],
        time_zone=["Europe/Moscow"],
        start_date=["2030-01-01"],
    )
    assert client.post(admin_url(Event, "change", event.pk), data).status_code == 302
    event.refresh_from_db()
    assert (event.precedence_tie_break, event.slug, event.name_en, event.time_zone, event.start_date) == (
        "took_office",
        "baikonur-70",
        "Baikonur 70",
        "Asia/Almaty",
        datetime.date(2025, 6, 2),
    )


def test_an_organizer_changes_everything_of_an_event(client):
    event = factories.EventFactory(slug="baikonur-70")
    log_in_as(client, "Organizer")
    data = open_change_form(client, event)
    data.update(slug=["baikonur-70-years"], time_zone=["Asia/Qyzylorda"])
    assert client.post(admin_url(Event, "change", event.pk), data).status_code == 302
    event.refresh_from_db()
    assert (event.slug, event.time_zone) == ("baikonur-70-years", "Asia/Qyzylorda")


@pytest.mark.parametrize(
    ("role", "may_export"),
    [
        ("Organizer", True),
        ("Protocol officer", True),
        ("Security officer", False),
        ("Print staff", False),
        ("Viewer", False),
    ],
)
def test_exporting_the_guest_list_by_role(client, role, may_export):
    factories.AttendeeFactory(person__email="guest@example.kz")
    log_in_as(client, role)
    page = client.get(reverse("admin:ceremony_attendee_changelist")).content.decode()
    assert ('value="export_admin_action"' in page) is may_export
    assert client.get(reverse("admin:ceremony_attendee_export")).status_code == (200 if may_export else 403)


def test_an_export_of_contact_details_is_logged_with_who_and_how_many(client, settings, caplog):
    settings.IMPORT_EXPORT_SKIP_ADMIN_ACTION_EXPORT_UI = True
    attendees = [factories.AttendeeFactory(person__email=f"guest{n}@example.kz") for n in range(3)]
    officer = factories.UserFactory(username="aigerim")
    officer.groups.add(Group.objects.get(name="Protocol officer"))
    client.force_login(officer)
    with caplog.at_level("INFO", logger="ceremony.exports"):
        response = client.post(
            reverse("admin:ceremony_attendee_changelist"),
            {"action": "export_admin_action", "_selected_action": [attendee.pk for attendee in attendees]},
        )
    assert response.status_code == 200
    assert [record.getMessage() for record in caplog.records if record.name == "ceremony.exports"] == [
        "user=aigerim exported 3 attendees with their contact details as xlsx"
    ]
