"""Long guest lists and exports in the background: checked, confirmed, undone and exported by jobs.

The thresholds are set low (a list of more than 5 rows is long) so the lists stay small; jobs run on
the immediate backend, in the request that starts them.
"""

import io
import logging
import os
import pty

import openpyxl
import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse

from ceremony.admin.jobs import job_status
from ceremony.guest_lists import writing
from ceremony.models import Attendee, GuestImport, Job, Person
from tests import factories
from tests.test_import import csv_bytes

pytestmark = pytest.mark.django_db

HEADERS = ["Фамилия", "Имя", "Организация", "Эл. почта", "Телефон"]


@pytest.fixture(autouse=True)
def _thresholds(settings, private_root):
    settings.GUEST_IMPORT_JOB_ROWS = 5
    settings.EXPORT_JOB_ROWS = 5


@pytest.fixture
def event():
    return factories.EventFactory(slug="baikonur-70", default_language="ru")


def guest_list(count=7, phone="87010000002"):
    rows = [HEADERS]
    rows += [[f"Гость{n}", "Иван", "Роскосмос", f"guest{n}@example.org", ""] for n in range(1, count)]
    rows.append(["Гришин", "Дмитрий", "", "d@example.kz", phone])
    return csv_bytes(rows)


def upload(client, event, data, name="гости.csv"):
    file = io.BytesIO(data)
    file.name = name
    return client.post(reverse("admin:ceremony_guestimport_add"), {"event": event.pk, "file": file})


def job_page(job):
    return reverse("admin:ceremony_job_change", args=[job.pk])


def import_page(guest_import):
    return reverse("admin:ceremony_guestimport_change", args=[guest_import.pk])


def checked(client, event, data=None):
    """Upload a long list; returns the import, checked by its job."""
    response = upload(client, event, data or guest_list())
    guest_import = GuestImport.objects.get()
    assert response.url == job_page(guest_import.job)
    return guest_import


def test_a_long_list_is_checked_by_a_job_whose_result_is_the_preview(admin_client, event):
    response = upload(admin_client, event, guest_list())

    guest_import = GuestImport.objects.get()
    job = Job.objects.get()
    assert response.status_code == 302
    assert response.url == job_page(job)
    assert (job.kind, job.title, job.viewers) == (
        "guest_import_check",
        "Checking guest list гости.csv, 8 rows",
        "guest_import",
    )
    status = admin_client.get(response.url, {"format": "json"}).json()
    assert status["state"] == "done"
    assert status["result_url"] == import_page(guest_import)
    assert status["message"] == "Checked: 7 new, 0 updated, 0 unchanged."
    assert Person.objects.count() == 0  # checking writes no guest

    page = admin_client.get(status["result_url"]).content.decode()
    assert 'id="count-new">7<' in page
    assert "Гость1 Иван" in page
    assert "Гришин Дмитрий" in page
    assert 'name="confirm"' in page


def test_a_short_list_is_still_previewed_at_once(admin_client, event):
    response = upload(admin_client, event, guest_list(count=3))
    guest_import = GuestImport.objects.get()
    assert response.url == import_page(guest_import)
    assert Job.objects.count() == 0


def test_the_check_of_a_list_with_errors_says_so(admin_client, event):
    rows = [HEADERS] + [[f"Гость{n}", "Иван", "", "not-an-email", ""] for n in range(7)]
    guest_import = checked(admin_client, event, csv_bytes(rows))
    guest_import.refresh_from_db()
    assert guest_import.status == GuestImport.Status.HAS_ERRORS
    assert guest_import.job.message == "Checked: 7 errors to fix before importing."


def test_confirm_of_a_long_list_runs_as_a_job_and_writes_the_guests(admin_client, event):
    guest_import = checked(admin_client, event)

    response = admin_client.post(reverse("admin:ceremony_guestimport_confirm", args=[guest_import.pk]))

    guest_import.refresh_from_db()
    job = guest_import.job
    assert response.url == job_page(job)
    assert (job.kind, job.state, job.title) == (
        "guest_import_confirm",
        Job.State.DONE,
        "Importing guest list гости.csv, 7 guests",
    )
    assert job_status(job)["result_url"] == import_page(guest_import)
    assert job.message == "Imported “гости.csv”: 7 new, 0 updated, 0 unchanged."
    assert guest_import.status == GuestImport.Status.IMPORTED
    assert sorted(Attendee.objects.values_list("person__email", flat=True)) == sorted(
        ["d@example.kz", *(f"guest{n}@example.org" for n in range(1, 7))]
    )


def test_undo_of_a_long_list_by_a_job_removes_and_restores(admin_client, event):
    kept = factories.PersonFactory(
        family_name="Гришин", given_name="Дмитрий", email="d@example.kz", phone="+77010000001"
    )
    guest_import = checked(admin_client, event)
    admin_client.post(
        reverse("admin:ceremony_guestimport_decide", args=[guest_import.pk]),
        {"action": "accept_column", "column": "phone"},
    )
    admin_client.post(reverse("admin:ceremony_guestimport_confirm", args=[guest_import.pk]))
    kept.refresh_from_db()
    assert kept.phone == "+77010000002"
    assert Person.objects.count() == 7

    response = admin_client.post(reverse("admin:ceremony_guestimport_undo", args=[guest_import.pk]))

    guest_import.refresh_from_db()
    job = guest_import.job
    assert response.url == job_page(job)
    assert (job.kind, job.state, job.message) == (
        "guest_import_undo",
        Job.State.DONE,
        "The import of “гости.csv” was undone.",
    )
    assert job_status(job)["result_url"] == import_page(guest_import)
    assert guest_import.status == GuestImport.Status.UNDONE
    assert list(Person.objects.all()) == [kept]
    kept.refresh_from_db()
    assert kept.phone == "+77010000001"
    assert Attendee.objects.count() == 0
    # The history says who removed each guest, and why, as an import's own writes do.
    removed = Person.history.filter(history_type="-")
    assert removed.count() == 6
    assert {(row.history_change_reason, row.history_user.username) for row in removed} == {
        (f"Undo of guest-list import #{guest_import.pk}", "admin")
    }
    assert Person.history.filter(id=kept.pk).latest("history_date").phone == "+77010000001"


def test_a_confirm_job_over_a_changed_address_book_fails_and_writes_nothing(admin_client, event):
    guest_import = checked(admin_client, event)
    factories.PersonFactory(family_name="Гость1", given_name="Иван", email="guest1@example.org")

    admin_client.post(reverse("admin:ceremony_guestimport_confirm", args=[guest_import.pk]))

    guest_import.refresh_from_db()
    job = guest_import.job
    assert job.state == Job.State.FAILED
    assert job.message.startswith("The guests or the address book changed since this preview")
    assert guest_import.status == GuestImport.Status.STALE
    assert Attendee.objects.count() == 0
    assert Person.objects.count() == 1


def test_a_confirm_job_that_stops_with_an_error_writes_nothing(admin_client, event, monkeypatch):
    guest_import = checked(admin_client, event)

    def broken(self, entries, person_pks):
        raise RuntimeError("the disk is full")

    # The people of the first chunk are written before the attendees fail.
    monkeypatch.setattr(writing._PlanWriter, "_create_attendees", broken)
    admin_client.post(reverse("admin:ceremony_guestimport_confirm", args=[guest_import.pk]))

    guest_import.refresh_from_db()
    assert guest_import.job.state == Job.State.FAILED
    assert guest_import.job.message == (
        "The job stopped with an error (the disk is full). Nothing it wrote was kept."
    )
    assert guest_import.status == GuestImport.Status.PREVIEWED
    assert Person.objects.count() == 0
    assert Person.history.count() == 0


def test_a_second_confirm_while_one_is_queued_is_refused(admin_client, event, settings):
    guest_import = checked(admin_client, event)
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}  # nobody runs it
    url = reverse("admin:ceremony_guestimport_confirm", args=[guest_import.pk])

    first = admin_client.post(url)
    second = admin_client.post(url, follow=True)

    queued = Job.objects.get(kind="guest_import_confirm")
    assert first.url == job_page(queued)
    assert [str(message) for message in second.context["messages"]] == [
        "A job is already working on this import: wait for it to end."
    ]
    page = second.content.decode()
    assert 'name="confirm"' not in page
    assert 'name="undo"' not in page
    assert "A background job is working on this import" in page
    assert job_page(queued) in page
    assert Attendee.objects.count() == 0


def test_an_import_cannot_be_confirmed_twice_by_two_jobs(admin_client, event):
    guest_import = checked(admin_client, event)
    url = reverse("admin:ceremony_guestimport_confirm", args=[guest_import.pk])
    admin_client.post(url)
    again = admin_client.post(url, follow=True)
    assert [str(message) for message in again.context["messages"]] == [
        "This import is “Imported”: there is nothing to do."
    ]
    assert Job.objects.filter(kind="guest_import_confirm").count() == 1
    assert Attendee.objects.count() == 7


def test_the_job_of_an_import_is_for_those_who_may_see_imports(admin_client, client, event):
    guest_import = checked(admin_client, event)
    url = job_page(guest_import.job)

    stranger = factories.UserFactory(username="stranger", is_staff=True)
    client.force_login(stranger)
    assert client.get(url).status_code == 403
    assert client.get(url, {"format": "json"}).status_code == 403

    viewer = factories.UserFactory(username="viewer", is_staff=True)
    viewer.groups.add(Group.objects.get(name="Viewer"))
    client.force_login(viewer)
    assert client.get(url, {"format": "json"}).json()["result_url"] == import_page(guest_import)


# ---------------------------------------------------------------------------------------------------
# Exports


def export(client, attendees, file_format=0, fields=("family_name", "given_name")):
    """The export page's form, as the export action's second step posts it."""
    return client.post(
        reverse("admin:ceremony_attendee_export"),
        {
            "format": file_format,
            "resource": 0,
            "export_items": [attendee.pk for attendee in attendees],
            **{f"guestlistresource_{field}": "on" for field in fields},
        },
    )


def test_an_export_of_many_attendees_is_a_job_whose_file_has_them(admin_client, caplog, settings):
    settings.IMPORT_EXPORT_SKIP_ADMIN_ACTION_EXPORT_UI = True
    attendees = [factories.AttendeeFactory(person__family_name=f"Гость{n}") for n in range(7)]

    with caplog.at_level(logging.INFO, logger="ceremony.exports"):
        response = admin_client.post(
            reverse("admin:ceremony_attendee_changelist"),
            {"action": "export_admin_action", "_selected_action": [attendee.pk for attendee in attendees]},
        )

    job = Job.objects.get()
    assert response.url == job_page(job)
    assert (job.kind, job.state, job.viewers, job.message) == (
        "guest_list_export",
        Job.State.DONE,
        "export",
        "7 attendees exported.",
    )
    assert job.result_file.name.endswith(".xlsx")
    with job.result_file.open("rb") as result:
        sheet = openpyxl.load_workbook(io.BytesIO(result.read())).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:2] == ("Family name", "Given name")
    assert sorted(row[0] for row in rows[1:]) == [f"Гость{n}" for n in range(7)]
    assert [record.getMessage() for record in caplog.records if record.name == "ceremony.exports"] == [
        f"user=admin exported 7 attendees with their contact details as xlsx (job {job.pk})"
    ]
    download = admin_client.get(job_status(job)["result_url"])
    assert download.status_code == 200


def test_a_long_csv_export_keeps_its_format(admin_client):
    attendees = [factories.AttendeeFactory(person__family_name=f"Гость{n}") for n in range(6)]
    response = export(admin_client, attendees, file_format=1)
    job = Job.objects.get()
    assert response.url == job_page(job)
    with job.result_file.open("rb") as result:
        text = result.read().decode("utf-8-sig")
    # The columns chosen on the form, quoted as the direct export quotes them.
    assert text.splitlines()[0] == '"Family name","Given name"'
    assert sorted(text.splitlines()[1:]) == [
        f'"Гость{n}","{attendees[n].person.given_name}"' for n in range(6)
    ]


def test_a_short_export_is_still_the_file_itself(admin_client):
    attendees = [factories.AttendeeFactory() for _n in range(3)]
    response = export(admin_client, attendees)
    assert response["Content-Disposition"].startswith('attachment; filename="Attendee-')
    assert Job.objects.count() == 0


def test_the_export_job_is_not_for_those_who_may_not_export(admin_client, client):
    attendees = [factories.AttendeeFactory() for _n in range(6)]
    export(admin_client, attendees)
    viewer = factories.UserFactory(username="viewer", is_staff=True)
    viewer.groups.add(Group.objects.get(name="Viewer"))
    client.force_login(viewer)
    assert client.get(job_page(Job.objects.get())).status_code == 403


# ---------------------------------------------------------------------------------------------------
# The command line


def test_the_command_line_is_quiet_when_not_on_a_terminal(event, tmp_path):
    path = tmp_path / "guests.csv"
    path.write_bytes(guest_list(count=1200))
    out = io.StringIO()
    call_command("import_guests", str(path), "--event", event.slug, stdout=out, stderr=io.StringIO())
    assert out.getvalue() == "new 1200, updated 0, unchanged 0, errors 0\n"


def test_the_command_line_shows_a_progress_bar_on_a_terminal(event, tmp_path):
    path = tmp_path / "guests.csv"
    path.write_bytes(guest_list(count=1200))
    output = on_a_terminal(
        lambda terminal: call_command(
            "import_guests", str(path), "--event", event.slug, stdout=terminal, stderr=io.StringIO()
        )
    )
    assert "\r[############------------------] 500/1201 500 rows read." in output
    assert "1200/1200 1200 guests read; checking them against the address book." in output
    assert "\r[##############################] 1200/1200 1200 guests written." in output
    assert output.endswith("\r\nnew 1200, updated 0, unchanged 0, errors 0\r\n")


def on_a_terminal(run):
    """What `run(terminal)` writes to a real terminal (a pty: isatty() is true), as the screen gets it."""
    screen, end = pty.openpty()
    with open(end, "w", encoding="utf-8", closefd=True) as terminal:
        run(terminal)
    output = b""
    while True:
        try:
            chunk = os.read(screen, 65536)
        except OSError:  # everything written was read, and the terminal's other end is closed
            break
        if not chunk:
            break
        output += chunk
    os.close(screen)
    return output.decode()
