"""Batch documents as jobs: badges and itineraries of many attendees, and event-wide documents too large
to print within a request, rendered in parts and joined into one PDF.

On the immediate backend (the test settings) a job runs in the request that starts it, and its parts
run one after the other as the batch queues them; the last part joins them. The tests that show what
the request itself does put the jobs on the database backend instead, where nobody runs them.
"""

import datetime
import io

import pytest
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from ceremony.jobs import tasks
from ceremony.jobs.documents import document_job_start
from ceremony.jobs.runner import run
from ceremony.models import Attendee, Job, Person
from tests import factories

pytestmark = pytest.mark.django_db

IMMEDIATE = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend", "QUEUES": ["default"]}
}
# Jobs wait in the database for a worker that never comes: what the request does, alone.
DATABASE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
CHANGELIST = "admin:ceremony_attendee_changelist"


@pytest.fixture(autouse=True)
def _files(private_root):
    pass


@pytest.fixture
def event():
    return factories.EventFactory(
        slug="baikonur-70", name_en="Baikonur 70", name_kk="Байқоңыр 70", default_language="en"
    )


def organizer(username="aigerim"):
    user = factories.UserFactory(username=username)
    user.groups.add(Group.objects.get(name="Organizer"))
    return user


def attendees_named(event, count):
    """`count` attendees, "Family001 Given001" onwards: the badges' order is theirs."""
    people = Person.objects.bulk_create(
        Person(family_name=f"Family{n:04d}", given_name=f"Given{n:04d}") for n in range(1, count + 1)
    )
    Attendee.objects.bulk_create(
        Attendee(event=event, person=person, category="resident") for person in people
    )
    return list(Attendee.objects.filter(event=event).order_by("person__family_name"))


def result_pages(job):
    job.refresh_from_db()
    with job.result_file.open("rb") as opened:
        return [page.extract_text() for page in PdfReader(io.BytesIO(opened.read())).pages]


def stored_files(private_root):
    return sorted(path.name for path in private_root.rglob("*") if path.is_file())


def job_of(response):
    assert response.status_code == 302
    job = Job.objects.get(parent=None)
    assert response["Location"] == reverse("admin:ceremony_job_change", args=[job.pk])
    return job


# ---------------------------------------------------------------------------------------------------
# Parts, joined in order


def test_badges_of_250_selected_attendees_are_printed_in_parts_joined_in_order(client, event, private_root):
    attendees = attendees_named(event, 250)
    client.force_login(organizer())
    response = client.post(
        reverse(CHANGELIST),
        {"action": "print_badges", "_selected_action": [attendee.pk for attendee in reversed(attendees)]},
    )
    job = job_of(response)
    assert (job.title, job.state, job.done, job.total, job.message) == (
        "Badges, Baikonur 70, 250 attendees",
        "done",
        250,
        250,
        "Done: 250 badges, 63 pages.",
    )
    pages = result_pages(job)
    assert len(pages) == 63  # four badges to a sheet: 62 full sheets and one of two
    assert ("Family0001" in pages[0], "Family0250" in pages[-1]) == (True, True)
    # In order across the parts (100, 100, 50 attendees): sheet 25 holds badges 97 to 100, sheet 26 101 on.
    assert [name for name in ("Family0097", "Family0100", "Family0101") if name in pages[24]] == [
        "Family0097",
        "Family0100",
    ]
    assert "Family0101" in pages[25]
    parts = list(job.parts.order_by("pk"))
    assert [(part.state, part.total, bool(part.result_file)) for part in parts] == [
        ("done", 100, False),
        ("done", 100, False),
        ("done", 50, False),
    ]
    assert stored_files(private_root) == [job.result_file.name.rsplit("/", 1)[-1]]  # the parts' files went
    status = client.get(response["Location"], {"format": "json"}).json()
    assert (status["state"], status["done"], status["total"]) == ("done", 250, 250)
    assert b"".join(client.get(status["result_url"]).streaming_content)[:5] == b"%PDF-"
    assert event.attendees.filter(badge_printed_at__isnull=True).count() == 0  # the dashboard counts them


def test_a_badge_part_ends_with_a_full_sheet(settings, event):
    settings.PRINT_JOB_PART_SIZE = 10  # rounded up to 12: three full sheets a part
    attendees_named(event, 26)
    job = document_job_start(user=organizer(), document="badges", event=event, language="en")
    assert [part.total for part in job.parts.order_by("pk")] == [12, 12, 2]
    pages = result_pages(job)
    assert len(pages) == 7
    assert ["Family0012" in pages[2], "Family0013" in pages[3]] == [True, True]


def test_itineraries_of_a_selection_are_printed_in_parts_in_the_list_order(client, event, settings):
    settings.PRINT_JOB_PART_SIZE = 10
    attendees = attendees_named(event, 25)
    chosen = attendees[2:24]  # 22 of them, over PRINT_DIRECT_ATTENDEES (20)
    client.force_login(organizer())
    response = client.post(
        reverse(CHANGELIST), {"action": "print_itineraries", "_selected_action": [a.pk for a in chosen]}
    )
    job = job_of(response)
    assert (job.title, job.state, job.message, job.parts.count()) == (
        "Itineraries, Baikonur 70, 22 attendees",
        "done",
        "Done: 22 itineraries, 22 pages.",
        3,
    )
    pages = result_pages(job)
    # One page each, in the attendee list's order (by family name), across the parts.
    assert [page.split("Family", 1)[1][:4] for page in pages] == [f"{n:04d}" for n in range(3, 25)]


def test_badges_of_all_attendees_print_in_the_language_asked_but_for_those_who_declined(client, event):
    named = attendees_named(event, 22)
    Attendee.objects.filter(pk=named[0].pk).update(rsvp_status="declined")
    client.force_login(organizer())
    job = job_of(client.get(reverse("print:badges", args=["baikonur-70", "pdf"]), {"lang": "kk"}))
    assert job.total == 21
    assert job.parameters["attendees"] == [attendee.pk for attendee in named[1:]]
    assert "Байқоңыр 70" in result_pages(job)[0]


def test_the_same_printout_asked_again_while_it_is_made_follows_the_same_job(client, event, settings):
    settings.TASKS = DATABASE  # queued, not run: still being made when asked again
    attendees_named(event, 25)
    client.force_login(organizer())
    url = reverse("print:badges", args=["baikonur-70", "pdf"])
    first = client.get(url, {"lang": "kk"})
    again = client.get(url, {"lang": "kk"})
    other_language = client.get(url, {"lang": "ru"})
    assert first["Location"] == again["Location"]
    assert other_language["Location"] != first["Location"]
    assert Job.objects.filter(parent=None).count() == 2


def test_a_jobs_messages_are_in_the_language_of_whoever_started_it(client, event, settings):
    settings.PRINT_JOB_PART_SIZE = 8
    attendees_named(event, 21)
    client.force_login(organizer())
    job = job_of(client.get(reverse("print:badges", args=["baikonur-70", "pdf"]), HTTP_ACCEPT_LANGUAGE="kk"))
    assert job.message == "Дайын: 21 бейдж, 6 бет."


def test_an_event_wide_document_over_the_threshold_is_printed_by_a_job(client, event, settings):
    settings.PRINT_DIRECT_ITEMS = 1
    for title in ("Opening ceremony", "Wreath laying"):
        factories.ProgramItemFactory(event=event, title_en=title)
    client.force_login(organizer())
    job = job_of(client.get(reverse("print:program", args=["baikonur-70", "pdf"])))
    assert (job.title, job.state, job.total, job.message) == (
        "Program, Baikonur 70",
        "done",
        1,
        "Done: 1 page.",
    )
    assert "Wreath laying" in result_pages(job)[0]
    # Its page for the browser needs no WeasyPrint: it stays within the request, at any size.
    page = client.get(reverse("print:program", args=["baikonur-70", "html"]))
    assert page.status_code == 200
    assert "Wreath laying" in page.content.decode()


# ---------------------------------------------------------------------------------------------------
# Failure and cancellation


def test_a_part_that_fails_fails_its_batch_with_its_message_and_leaves_no_files(
    settings, event, private_root
):
    settings.PRINT_JOB_PART_SIZE = 10
    attendees = attendees_named(event, 30)
    settings.TASKS = DATABASE
    job = document_job_start(
        user=organizer(),
        document="itineraries",
        event=event,
        language="en",
        attendee_ids=[a.pk for a in attendees],
    )
    Attendee.objects.filter(pk__in=[a.pk for a in attendees[10:20]]).delete()  # the second part's
    settings.TASKS = IMMEDIATE
    run(job.pk)  # a worker takes the batch; its parts run as it queues them
    job.refresh_from_db()
    assert (job.state, job.message) == (
        "failed",
        "The attendees of a part of this printout were deleted since it started.",
    )
    assert [part.state for part in job.parts.order_by("pk")] == ["done", "failed"]  # the third never came
    assert stored_files(private_root) == []


def test_cancelling_a_batch_cancels_its_parts(client, settings, event, private_root):
    settings.PRINT_JOB_PART_SIZE = 8
    attendees_named(event, 24)
    settings.TASKS = DATABASE
    user = organizer()
    job = document_job_start(user=user, document="badges", event=event, language="en")
    run(job.pk)  # the batch queues its parts, which wait for workers
    first, *others = job.parts.order_by("pk")
    run(first.pk)
    first.refresh_from_db()
    assert (first.state, bool(first.result_file)) == ("done", True)
    client.force_login(user)
    client.post(reverse("admin:ceremony_job_cancel", args=[job.pk]))
    job.refresh_from_db()
    assert (job.state, [part.state for part in job.parts.order_by("pk")]) == (
        "cancelled",
        ["done", "cancelled", "cancelled"],
    )
    for part in others:
        run(part.pk)  # a worker that takes one anyway does nothing
    assert [part.state for part in job.parts.order_by("pk")] == ["done", "cancelled", "cancelled"]
    assert stored_files(private_root) == []


def test_a_batch_waiting_for_its_parts_is_not_started_again(settings, event):
    settings.PRINT_JOB_PART_SIZE, settings.JOB_STALE_SECONDS = 8, 60
    attendees_named(event, 16)
    settings.TASKS = DATABASE
    job = document_job_start(user=organizer(), document="badges", event=event, language="en")
    run(job.pk)
    long_ago = timezone.now() - datetime.timedelta(minutes=5)
    Job.objects.filter(pk=job.pk).update(heartbeat_at=long_ago)  # its parts still wait for a worker
    assert tasks.jobs_recover() == 0
    job.refresh_from_db()
    assert (job.state, job.parts.filter(state="queued").count()) == ("running", 2)
    # A part whose worker died is queued again on its own; the batch, still waiting, is left alone.
    part = job.parts.order_by("pk").first()
    Job.objects.filter(pk=part.pk).update(state="running", attempts=1, heartbeat_at=long_ago)
    assert tasks.jobs_recover() == 1
    job.refresh_from_db()
    part.refresh_from_db()
    assert (job.state, part.state) == ("running", "queued")
    # Once every part is done, the batch is joined and done.
    settings.TASKS = IMMEDIATE
    for waiting in job.parts.order_by("pk"):
        run(waiting.pk)
    job.refresh_from_db()
    assert (job.state, job.message) == ("done", "Done: 16 badges, 4 pages.")


def test_a_part_whose_worker_died_too_often_fails_its_batch(settings, event):
    settings.PRINT_JOB_PART_SIZE, settings.JOB_STALE_SECONDS, settings.JOB_MAX_ATTEMPTS = 8, 60, 2
    attendees_named(event, 16)
    settings.TASKS = DATABASE
    job = document_job_start(user=organizer(), document="badges", event=event, language="en")
    run(job.pk)
    part = job.parts.order_by("pk").first()
    long_ago = timezone.now() - datetime.timedelta(minutes=5)
    Job.objects.filter(pk=part.pk).update(state="running", attempts=2, heartbeat_at=long_ago)
    assert tasks.jobs_recover() == 1
    job.refresh_from_db()
    assert (job.state, job.message) == (
        "failed",
        "Its worker stopped 2 times while running it; it was given up.",
    )
    assert sorted(job.parts.values_list("state", flat=True)) == ["cancelled", "failed"]


# ---------------------------------------------------------------------------------------------------
# Who may, and what the request costs


def test_without_the_print_permission_nobody_starts_or_sees_a_print_job(client, event):
    attendees_named(event, 30)
    job = document_job_start(user=organizer(), document="badges", event=event, language="en")
    viewer = factories.UserFactory()
    viewer.groups.add(Group.objects.get(name="Viewer"))
    client.force_login(viewer)
    assert client.get(reverse("print:badges", args=["baikonur-70", "pdf"])).status_code == 403
    response = client.post(
        reverse(CHANGELIST),
        {"action": "print_badges", "_selected_action": list(Attendee.objects.values_list("pk", flat=True))},
    )
    assert response.status_code in (200, 302, 403)
    assert Job.objects.filter(parent=None).count() == 1  # the organizer's only
    assert client.get(reverse("admin:ceremony_job_change", args=[job.pk])).status_code == 403
    job.refresh_from_db()
    assert client.get(job.result_file.url).status_code == 403


def test_parts_are_not_listed_and_are_not_for_other_print_staff(client, event, settings):
    settings.PRINT_JOB_PART_SIZE = 8
    attendees_named(event, 16)
    job = document_job_start(user=organizer(), document="badges", event=event, language="en")
    printer = factories.UserFactory()
    printer.user_permissions.add(Permission.objects.get(codename="print_documents"))
    client.force_login(printer)
    assert client.get(reverse("admin:ceremony_job_change", args=[job.pk])).status_code == 200
    part = job.parts.first()
    assert client.get(reverse("admin:ceremony_job_change", args=[part.pk])).status_code == 403
    client.force_login(job.created_by)
    listed = client.get(reverse("admin:ceremony_job_changelist"))
    assert [listed_job.pk for listed_job in listed.context["cl"].result_list] == [job.pk]


def test_starting_a_job_of_1000_attendees_runs_few_queries_and_renders_nothing(
    client, event, settings, django_assert_max_num_queries, private_root
):
    settings.TASKS = DATABASE
    attendees = attendees_named(event, 1000)
    client.force_login(organizer())
    client.get(reverse(CHANGELIST))  # the session and permission caches warm
    # All 1,000 of the list, as the admin's "Select all" sends them.
    selected = {"action": "print_badges", "select_across": "1", "_selected_action": [attendees[0].pk]}
    # The list's filters are built for an action too (the organization filter reads the organizations
    # used), and a job of the same printout still being made is looked for.
    with django_assert_max_num_queries(20):
        first = client.post(reverse(CHANGELIST), selected)
    with django_assert_max_num_queries(11):  # with the look for the same printout being made
        second = client.get(reverse("print:badges", args=["baikonur-70", "pdf"]))
    for response in (first, second):
        assert response.status_code == 302
    # The same printout both times (all 1,000, in each one's language): the second follows the first's job.
    assert first["Location"] == second["Location"]
    jobs = Job.objects.filter(parent=None)
    assert [(job.state, job.total, bool(job.result_file)) for job in jobs] == [("queued", 1000, False)]
    assert stored_files(private_root) == []


def test_starting_a_print_job_runs_the_same_queries_for_25_and_for_1000_attendees(client, event, settings):
    settings.TASKS = DATABASE
    attendees = attendees_named(event, 25)
    client.force_login(organizer())
    client.get(reverse(CHANGELIST))  # the session and permission caches warm

    def counted():
        Job.objects.update(state=Job.State.DONE)  # the last round's printouts made: each round starts anew
        selected = {"action": "print_badges", "select_across": "1", "_selected_action": [attendees[0].pk]}
        with CaptureQueriesContext(connection) as action:
            assert client.post(reverse(CHANGELIST), selected).status_code == 302
        with CaptureQueriesContext(connection) as view:
            # In Kazakh: another printout than the action's, so a job of its own starts here too.
            url = reverse("print:badges", args=["baikonur-70", "pdf"])
            assert client.get(url, {"lang": "kk"}).status_code == 302
        return len(action), len(view)

    few = counted()
    attendees_named(event, 975)
    assert counted() == few


def test_a_small_selection_still_prints_directly(client, event):
    attendees = attendees_named(event, 20)
    client.force_login(organizer())
    for action in ("print_badges", "print_itineraries"):
        response = client.post(
            reverse(CHANGELIST), {"action": action, "_selected_action": [a.pk for a in attendees]}
        )
        assert response["Content-Type"] == "application/pdf"
    assert (
        client.get(reverse("print:badges", args=["baikonur-70", "pdf"]))["Content-Type"] == "application/pdf"
    )
    assert not Job.objects.exists()
