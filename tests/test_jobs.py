"""Jobs: long work in the background, with progress people can watch and a result they come back to.

These tests run jobs on the immediate backend (the test settings), in the request that starts them;
tests/test_workers.py runs the real `db_worker` processes.
"""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from ceremony.jobs import tasks
from ceremony.jobs.kinds import KINDS
from ceremony.jobs.runner import run
from ceremony.jobs.services import job_cancel, job_start
from ceremony.models import Attendee, Job
from tests import factories

pytestmark = pytest.mark.django_db


def counting_job(job, progress):
    """Counts to the job's total, writing an attendee's notes on the way; its result is a text file."""
    for done in range(1, job.total + 1):
        progress(done, message=f"{done} of {job.total}")
    with transaction.atomic():  # a job's writes are one transaction (see ceremony.jobs.kinds)
        attendee = Attendee.objects.get(pk=job.parameters["attendee"])
        attendee.notes = "counted"
        attendee.save()
        if job.parameters.get("fail"):
            raise ValueError("the count went wrong")
    progress.finish(file=ContentFile(b"1 2 3"), file_name="count.txt", message="Counted.")


def cancelling_job(job, progress):
    progress(1, total=3)
    job_cancel(job=job)
    progress(2)  # the job notices here
    raise AssertionError("a cancelled job goes no further")


@pytest.fixture(autouse=True)
def _kinds(monkeypatch, private_root):
    monkeypatch.setitem(KINDS, "count", "tests.test_jobs.counting_job")
    monkeypatch.setitem(KINDS, "cancel", "tests.test_jobs.cancelling_job")


def organizer(username="aigerim"):
    user = factories.UserFactory(username=username)
    user.groups.add(Group.objects.get(name="Organizer"))
    return user


def test_a_job_runs_and_keeps_its_progress_and_result():
    attendee = factories.AttendeeFactory()
    job = job_start(
        kind="count", title="Count to three", user=organizer(), total=3, parameters={"attendee": attendee.pk}
    )
    job.refresh_from_db()
    assert (job.state, job.done, job.total, job.message, job.attempts) == ("done", 3, 3, "Counted.", 1)
    assert job.result_file.read() == b"1 2 3"
    assert job.started_at <= job.finished_at


def test_a_job_that_fails_says_why_and_keeps_nothing_it_wrote_in_its_transaction():
    attendee = factories.AttendeeFactory(notes="")
    job = job_start(kind="count", title="Count", total=2, parameters={"attendee": attendee.pk, "fail": True})
    job.refresh_from_db()
    assert (job.state, job.message) == (
        "failed",
        "The job stopped with an error (the count went wrong). Nothing it wrote was kept.",
    )
    assert not job.result_file


def test_a_cancelled_job_stops_at_its_next_step():
    job = job_start(kind="cancel", title="Cancel me")
    job.refresh_from_db()
    assert (job.state, job.done) == ("cancelled", 1)


def test_a_job_is_run_once_whoever_asks_again():
    attendee = factories.AttendeeFactory()
    job = job_start(kind="count", title="Count", total=1, parameters={"attendee": attendee.pk})
    run(job.pk)  # a second worker that got the same job
    job.refresh_from_db()
    assert (job.state, job.attempts) == ("done", 1)


def test_a_job_whose_worker_died_is_started_again_then_given_up(settings):
    settings.JOB_STALE_SECONDS, settings.JOB_MAX_ATTEMPTS = 60, 2
    attendee = factories.AttendeeFactory()
    lost = Job.objects.create(
        kind="count",
        title="Lost",
        total=1,
        parameters={"attendee": attendee.pk},
        state=Job.State.RUNNING,
        attempts=1,
        heartbeat_at=timezone.now() - datetime.timedelta(seconds=61),
    )
    assert tasks.jobs_recover() == 1  # queued again, and on the immediate backend run at once
    lost.refresh_from_db()
    assert (lost.state, lost.attempts) == ("done", 2)

    twice = Job.objects.create(
        kind="count",
        title="Lost twice",
        state=Job.State.RUNNING,
        attempts=2,
        heartbeat_at=timezone.now() - datetime.timedelta(minutes=5),
    )
    fresh = Job.objects.create(
        kind="count", title="Running", state=Job.State.RUNNING, heartbeat_at=timezone.now()
    )
    assert tasks.jobs_recover() == 1
    twice.refresh_from_db()
    fresh.refresh_from_db()
    assert (twice.state, twice.message) == (
        "failed",
        "Its worker stopped 2 times while running it; it was given up.",
    )
    assert fresh.state == "running"


def test_results_expire_after_the_retention_period(settings, private_root):
    settings.JOB_RESULT_RETENTION_DAYS = 7
    attendee = factories.AttendeeFactory()
    old = job_start(kind="count", title="Old", total=1, parameters={"attendee": attendee.pk})
    recent = job_start(kind="count", title="Recent", total=1, parameters={"attendee": attendee.pk})
    Job.objects.filter(pk=old.pk).update(finished_at=timezone.now() - datetime.timedelta(days=8))
    old.refresh_from_db()
    path = private_root / old.result_file.name
    assert tasks.jobs_cleanup.call() == {"recovered": 0, "expired": 1, "printouts": 0}
    old.refresh_from_db()
    recent.refresh_from_db()
    assert (bool(old.result_file), bool(recent.result_file), path.exists()) == (False, True, False)


# ---------------------------------------------------------------------------------------------------
# What people see


def test_the_job_page_shows_progress_and_the_result_and_answers_scripts_in_json(client):
    user = organizer()
    attendee = factories.AttendeeFactory()
    job = job_start(
        kind="count", title="Count to three", user=user, total=3, parameters={"attendee": attendee.pk}
    )
    client.force_login(user)
    url = reverse("admin:ceremony_job_change", args=[job.pk])
    page = client.get(url).content.decode()
    assert "Count to three" in page
    assert 'src="/static/ceremony/admin/job.js"' in page
    job.refresh_from_db()
    assert client.get(url, {"format": "json"}).json() == {
        "state": "done",
        "state_label": "Done",
        "done": 3,
        "total": 3,
        "message": "Counted.",
        "result_url": job.result_file.url,
        "cancel_url": None,
    }
    assert b"".join(client.get(job.result_file.url).streaming_content) == b"1 2 3"


def test_a_queued_job_can_be_cancelled_from_its_page(client, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}  # nobody runs it
    user = organizer()
    job = job_start(kind="count", title="Waiting", user=user, total=3)
    client.force_login(user)
    status = client.get(reverse("admin:ceremony_job_change", args=[job.pk]), {"format": "json"}).json()
    assert (status["state"], status["cancel_url"]) == (
        "queued",
        reverse("admin:ceremony_job_cancel", args=[job.pk]),
    )
    client.post(status["cancel_url"])
    job.refresh_from_db()
    assert job.state == "cancelled"


def test_people_see_their_own_jobs_and_results_only(client):
    attendee = factories.AttendeeFactory()
    mine = job_start(
        kind="count", title="Mine", user=organizer("aigerim"), total=1, parameters={"attendee": attendee.pk}
    )
    theirs = job_start(
        kind="count", title="Theirs", user=organizer("roman"), total=1, parameters={"attendee": attendee.pk}
    )
    client.force_login(mine.created_by)
    listed = client.get(reverse("admin:ceremony_job_changelist"))
    assert [job.title for job in listed.context["cl"].result_list] == ["Mine"]
    assert client.get(reverse("admin:ceremony_job_change", args=[theirs.pk])).status_code == 403
    theirs.refresh_from_db()
    assert client.get(theirs.result_file.url).status_code == 403


def test_a_result_for_print_staff_is_theirs_to_download_too(client):
    attendee = factories.AttendeeFactory()
    job = job_start(
        kind="count",
        title="Badges",
        user=organizer(),
        total=1,
        parameters={"attendee": attendee.pk},
        viewers="print",
    )
    job.refresh_from_db()
    printer = factories.UserFactory()
    printer.groups.add(Group.objects.get(name="Print staff"))
    viewer = factories.UserFactory()
    viewer.groups.add(Group.objects.get(name="Viewer"))
    client.force_login(printer)
    assert client.get(job.result_file.url).status_code == 200
    client.force_login(viewer)
    assert client.get(job.result_file.url).status_code == 403
