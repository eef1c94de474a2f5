"""Every change to every record is kept: who, when and what, beside the record in the admin."""

import datetime
import html
import re

import pytest
from django.urls import reverse

from ceremony.demo.loader import demo_program_load
from ceremony.enums import ProgramItemKind
from ceremony.guest_lists.services import guest_import_confirm, guest_import_preview
from ceremony.models import Attendee, Event, Person, VisitParticipant
from tests import factories
from tests.test_import import xlsx

pytestmark = pytest.mark.django_db


def test_an_admin_edit_is_kept_with_who_and_what(admin_client, admin_user):
    delegation = factories.DelegationFactory(name="Government")
    response = admin_client.post(
        reverse("admin:ceremony_delegation_change", args=[delegation.pk]),
        {
            "event": delegation.event.pk,
            "name_en": "Government of Kazakhstan",
            "loaded_version": delegation.version,
        },
    )
    assert response.status_code == 302
    latest = delegation.history.first()
    assert (latest.history_type, latest.history_user, latest.name) == (
        "~",
        admin_user,
        "Government of Kazakhstan",
    )
    assert latest.prev_record.name == "Government"

    page = admin_client.get(reverse("admin:ceremony_delegation_history", args=[delegation.pk]))
    assert page.status_code == 200
    assert "Government of Kazakhstan" in page.content.decode()


def test_translated_titles_are_in_the_history():
    item = factories.ProgramItemFactory(title_en="Opening", title_kk="Ашылу")
    item.title_kk = "Салтанатты ашылу"
    item.save()
    assert [record.title_kk for record in item.history.all()] == ["Салтанатты ашылу", "Ашылу"]


def test_an_import_shows_as_one_batch_in_every_records_history(admin_user):
    event = factories.EventFactory()
    guest_import = guest_import_preview(
        event=event,
        data=xlsx(
            [["Фамилия", "Имя", "Организация"], ["Скляр", "Роман", "Правительство"], ["Мадиев", "Жаслан", ""]]
        ),
        file_name="МИД.xlsx",
    )
    guest_import_confirm(guest_import=guest_import, user=admin_user)
    reason = f"Guest-list import #{guest_import.pk} (МИД.xlsx)"
    for model in (Person, Attendee):
        records = model.history.model.objects.all()
        assert [(r.history_type, r.history_change_reason, r.history_user) for r in records] == [
            ("+", reason, admin_user)
        ] * 2
    assert Person.history.get(family_name="Скляр").organization.name == "Правительство"


def test_identity_documents_are_not_copied_into_history():
    factories.VisitParticipantFactory(document_type="passport", document_number="N7777777")
    fields = {field.name for field in VisitParticipant.history.model._meta.fields}
    assert "document_number" not in fields
    assert "clearance_status" in fields


def test_rsvp_marked_in_bulk_is_in_the_history(admin_client, admin_user):
    attendee = factories.AttendeeFactory()
    admin_client.post(
        reverse("admin:ceremony_attendee_changelist"),
        {"action": "mark_confirmed", "_selected_action": [attendee.pk]},
    )
    latest = attendee.history.first()
    assert (latest.rsvp_status, latest.history_user) == ("confirmed", admin_user)


def test_the_history_page_cannot_be_used_to_change_a_record(client):
    from django.contrib.auth.models import Group

    delegation = factories.DelegationFactory(name="Before")
    delegation.name = "Middle"
    delegation.save()
    viewer = factories.UserFactory()
    viewer.groups.add(Group.objects.get(name="Viewer"))
    client.force_login(viewer)
    oldest = delegation.history.last()
    url = reverse("admin:ceremony_delegation_simple_history", args=[delegation.pk, oldest.history_id])
    assert client.get(url).status_code == 200
    response = client.post(url, {"event": delegation.event.pk, "name": "Changed through history"})
    assert response.status_code == 403
    delegation.refresh_from_db()
    assert delegation.name == "Middle"


def history_rows(client, model_name, pk, language="en"):
    """The history page's rows as text, newest first, and its header."""
    page = client.get(
        reverse(f"admin:ceremony_{model_name}_history", args=[pk]), HTTP_ACCEPT_LANGUAGE=language
    ).content.decode()
    table = page[page.index('id="change-history"') :].split("</table>")[0]
    text = lambda cell: " ".join(html.unescape(re.sub("<[^>]+>", " ", cell)).split())  # noqa: E731
    header = [text(cell) for cell in re.findall(r"<th[^>]*>(.*?)</th>", table, re.S)]
    rows = [
        [text(cell) for cell in re.findall(r"<td>(.*?)</td>", row, re.S)] for row in table.split("<tr>")[2:]
    ]
    return header, [dict(zip(header, row, strict=False)) for row in rows]


def test_the_history_reads_times_in_the_events_zone_and_choices_by_name(admin_client):
    item = factories.ProgramItemFactory(
        starts_at=datetime.datetime(2025, 6, 2, 16, 0, tzinfo=factories.ALMATY)
    )
    item.starts_at = datetime.datetime(2025, 6, 2, 12, 15, tzinfo=factories.ALMATY)
    item.kind = ProgramItemKind.SPEECH
    item.save()
    header, rows = history_rows(admin_client, "programitem", item.pk)
    assert "Date/time (Asia/Almaty)" in header
    changes = rows[0]["Changes"]
    # Not "2025-06-02 11:00:00+00:00 → 07:15:00+00:00": the times as the program prints them.
    assert "Starts: June 2, 2025, 4 p.m. → June 2, 2025, 12:15 p.m." in changes
    assert "Kind: Meeting → Speech" in changes


def test_who_wrote_a_change_is_named_never_none(admin_client, admin_user):
    demo_program_load()
    event = Event.objects.get(slug="baikonur-70")
    guest_import = guest_import_preview(
        event=event, data=xlsx([["Фамилия", "Имя"], ["Тулегенова", "Айжан"]]), file_name="list.xlsx"
    )
    guest_import_confirm(guest_import=guest_import, user=None)  # as the command line does
    imported = Person.objects.get(family_name="Тулегенова")
    imported.position_en = "Teacher"
    imported.save()  # a change by someone who did not log in: a script, the shell

    item = event.program_items.order_by("pk").first()
    _header, rows = history_rows(admin_client, "programitem", item.pk)
    assert [row["Changed by"] for row in rows] == ["Demo loader"]
    _header, rows = history_rows(admin_client, "person", imported.pk)
    assert [row["Changed by"] for row in rows] == ["—", f"Guest-list import #{guest_import.pk}"]
    _header, rows = history_rows(admin_client, "person", imported.pk, language="kk")
    assert f"Қонақтар тізімін импорттау № {guest_import.pk}" in rows[1].values()

    attendee = event.attendees.filter(rsvp_status="invited").order_by("pk").first()
    admin_client.post(
        reverse("admin:ceremony_attendee_changelist"),
        {"action": "mark_confirmed", "_selected_action": [attendee.pk]},
    )
    _header, rows = history_rows(admin_client, "attendee", attendee.pk)
    assert rows[0]["Changed by"] == admin_user.username
    assert "None" not in str(rows)
