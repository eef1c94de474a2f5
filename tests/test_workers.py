"""The real job worker: `manage.py db_worker` processes, run beside the tests on the test database.

Everything else about jobs runs on the immediate backend (tests/test_jobs.py); here the tests queue on
the database backend, as the site does, and workers started as `make serve` starts them take the jobs
(tests/job_workers.py): a printout comes back as a PDF, a worker killed mid-job (kill -9) does not leave
its job running, and on PostgreSQL two workers share twenty jobs without running one twice.
"""

import io

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from pypdf import PdfReader

from ceremony import permissions as roles
from ceremony.jobs.documents import document_job_start
from ceremony.models import Attendee, GuestImport, Job, Person
from tests import factories
from tests.job_workers import held, wait_until
from tests.test_import import csv_bytes

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def finished(job):
    job.refresh_from_db()
    return job.is_finished


def printer():
    user = factories.UserFactory()
    user.groups.add(Group.objects.get(name=roles.PRINT_STAFF))
    return user


def pdf_text(job):
    with job.result_file.open("rb") as opened:
        return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(opened.read())).pages)


def attendees(event, names):
    return [
        factories.AttendeeFactory(event=event, person__family_name=family, person__given_name=given)
        for family, given in names
    ]


def names_printed(job, names):
    """Which of `names` (family, given) the job's PDF shows, in the order given."""
    text = " ".join(pdf_text(job).split())
    return [(family, given) for family, given in names if f"{given} {family}" in text]


def badges_start(event, chosen):
    return document_job_start(
        user=printer(), document="badges", event=event, language="en", attendee_ids=[a.pk for a in chosen]
    )


NAMES = [("Aubakirov", "Tokhtar"), ("Musabayev", "Talgat"), ("Aimbetov", "Aidyn")]


# ---------------------------------------------------------------------------------------------------
# A worker takes a job, and the result comes back


def test_a_worker_prints_the_badges_it_is_given(workers):
    event = factories.EventFactory()
    chosen = attendees(event, NAMES)
    workers.start("worker-1")
    job = badges_start(event, chosen)
    wait_until(lambda: finished(job), "the badges")

    assert (job.state, job.done, job.total, job.attempts) == ("done", 3, 3, 1), job.message
    assert job.message == "Done: 3 badges, 1 page."
    assert names_printed(job, NAMES) == NAMES


# ---------------------------------------------------------------------------------------------------
# A worker killed mid-job (kill -9): its job does not stay running


def killed_while_running(workers, name, job, attempt):
    """Kill worker `name` -9 while it renders `job`'s `attempt`-th run, which takes seconds."""
    wait_until(lambda: running(job, attempt), f"the job's run {attempt}", workers.processes[name])
    workers.kill(name)
    job.refresh_from_db()
    assert (job.state, job.attempts) == ("running", attempt)  # and its worker gone: nobody says otherwise


def running(job, attempt):
    job.refresh_from_db()
    return job.state == Job.State.RUNNING and job.attempts == attempt


def stale(job, settings):
    """Until the job's heartbeat is older than JOB_STALE_SECONDS: then its worker is taken for dead."""
    wait_until(
        lambda: (timezone.now() - job.heartbeat_at).total_seconds() > settings.JOB_STALE_SECONDS,
        "the job to go stale",
    )


@pytest.fixture
def lost_workers(settings):
    """A worker is taken for dead after a second without progress (the clean-up and the workers agree)."""
    settings.JOB_STALE_SECONDS, settings.JOB_MAX_ATTEMPTS = 1, 2
    return {"JOB_STALE_SECONDS": 1, "JOB_MAX_ATTEMPTS": 2}


# Badges for this many attendees take a worker a few seconds: long enough to be caught running.
SLOW_BATCH = 60


def test_a_job_whose_worker_is_killed_is_started_again_and_done(workers, lost_workers, settings):
    event = factories.EventFactory()
    names = [(f"Family{n:02d}", f"Given{n:02d}") for n in range(SLOW_BATCH)]
    chosen = attendees(event, names)
    workers.start("worker-1", **lost_workers)
    job = badges_start(event, chosen)
    killed_while_running(workers, "worker-1", job, attempt=1)

    stale(job, settings)
    call_command("jobs_cleanup", stdout=io.StringIO())  # as the timer (or the next job's worker) does
    job.refresh_from_db()
    assert (job.state, job.message) == ("queued", "Started again: its worker stopped.")
    workers.start("worker-2", **lost_workers)
    wait_until(lambda: finished(job), "the badges, started again")

    assert (job.state, job.done, job.attempts) == ("done", SLOW_BATCH, 2), job.message
    assert names_printed(job, names) == names


def test_a_job_whose_worker_dies_at_every_attempt_is_given_up_with_the_reason(
    workers, lost_workers, settings
):
    event = factories.EventFactory()
    job = badges_start(event, attendees(event, [(f"Family{n:02d}", "Given") for n in range(SLOW_BATCH)]))
    for attempt in (1, 2):
        workers.start(f"worker-{attempt}", **lost_workers)
        killed_while_running(workers, f"worker-{attempt}", job, attempt)
        stale(job, settings)
        call_command("jobs_cleanup", stdout=io.StringIO())

    job.refresh_from_db()
    assert (job.state, job.attempts, job.message) == (
        "failed",
        2,
        "Its worker stopped 2 times while running it; it was given up.",
    )
    assert job.finished_at is not None


def test_a_part_whose_worker_is_killed_is_started_again_by_the_next_worker(workers, lost_workers):
    event = factories.EventFactory()
    names = [(f"Family{n:02d}", f"Given{n:02d}") for n in range(48)]
    job = badges_start(event, attendees(event, names))
    in_parts = {"PRINT_JOB_PART_SIZE": 8, **lost_workers}  # six parts
    for attempt in range(1, 4):  # until the kill lands while a part renders, not between two
        workers.start(f"worker-{attempt}", **in_parts)
        wait_until(lambda: job.parts.filter(state=Job.State.RUNNING).exists(), "a part to run")
        workers.kill(f"worker-{attempt}")
        caught = job.parts.filter(state=Job.State.RUNNING).first()
        if caught is not None:
            break
    assert caught is not None, "no part was caught running"

    # The next worker, taking the next part, finds the killed one (JOB_STALE_SECONDS) and queues it again.
    workers.start("worker-next", **in_parts)
    wait_until(lambda: finished(job), "the badges, in parts")

    caught.refresh_from_db()
    assert (job.state, job.done, job.attempts) == ("done", 48, 1), job.message
    assert (caught.state, caught.attempts) == ("done", 2)
    assert names_printed(job, names) == names


# ---------------------------------------------------------------------------------------------------
# Several workers on PostgreSQL


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite lets one writer in at a time: several workers are for PostgreSQL (README)",
)
def test_two_workers_run_each_of_twenty_jobs_exactly_once(workers):
    event = factories.EventFactory()
    names = [(f"Family{n:02d}", f"Given{n:02d}") for n in range(20)]
    chosen = attendees(event, names)
    # Both are waiting before the jobs come, so that both take some.
    workers.start("worker-1")
    workers.start("worker-2")
    jobs = [badges_start(event, [attendee]) for attendee in chosen]
    wait_until(lambda: all(finished(job) for job in jobs), "twenty jobs")

    assert [(job.state, job.attempts) for job in jobs] == [("done", 1)] * 20
    assert [names_printed(job, [name]) for job, name in zip(jobs, names, strict=True)] == [[n] for n in names]
    # The queue handed out each job's task once: twenty runs in all, each by one worker.
    tasks = DBTaskResult.objects.filter(task_path="ceremony.jobs.tasks.run_job")
    assert sorted(task.args_kwargs["args"][0] for task in tasks) == sorted(job.pk for job in jobs)
    assert [(task.status, len(task.worker_ids)) for task in tasks] == [("SUCCESSFUL", 1)] * 20
    started = "path=ceremony.jobs.tasks.run_job state=RUNNING"
    runs = {name: workers.log(name).count(started) for name in workers.names}
    assert sum(runs.values()) == 20
    assert all(runs.values()), f"one worker took every job: {runs}"


# ---------------------------------------------------------------------------------------------------
# A long import's counts move while it writes, on PostgreSQL (a second connection: settings.py)


def watched(job, seen):
    """Whether `job` has finished; what its page would show meanwhile is added to `seen`."""
    job.refresh_from_db()
    seen.add((job.state, job.done, job.total, job.message))
    return job.is_finished


def shown(job, seen, state):
    """Waits until the job's page has shown `state` (or the job has finished)."""
    wait_until(lambda: watched(job, seen) or state in seen, f"the job to show {state}")
    assert state in seen, sorted(seen)


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite lets one writer in at a time: there the page shows the phase until the end (README)",
)
def test_the_counts_of_a_long_import_move_while_it_is_confirmed_and_undone(workers, admin_client):
    rows = 5000  # written 2,000 a chunk (guest_lists.writing.WRITE_CHUNK): two counts before the end
    event = factories.EventFactory(default_language="en")
    data = csv_bytes(
        [["Family name", "Given name", "Email"]]
        + [[f"Family{n}", "Given", f"guest{n}@example.org"] for n in range(rows)]
    )
    workers.start("worker-1")
    file = io.BytesIO(data)
    file.name = "guests.csv"
    admin_client.post(reverse("admin:ceremony_guestimport_add"), {"event": event.pk, "file": file})
    guest_import = GuestImport.objects.get()
    wait_until(lambda: finished(guest_import.job), "the check")

    # A fast machine writes a chunk between two looks at the page: each chunk after the first waits
    # for an address of its own, written but not committed by another connection, until it is seen.
    writing = "Writing the guests: none is kept until all are written."
    with (
        held(lambda: factories.PersonFactory(email="guest2999@example.org")) as second_chunk,
        held(lambda: factories.PersonFactory(email="guest4999@example.org")) as third_chunk,
    ):
        admin_client.post(reverse("admin:ceremony_guestimport_confirm", args=[guest_import.pk]))
        guest_import.refresh_from_db()
        seen = set()
        shown(guest_import.job, seen, ("running", 2000, rows, writing))
        second_chunk()
        shown(guest_import.job, seen, ("running", 4000, rows, writing))
        assert not Attendee.objects.filter(event=event).exists()  # none is kept until all are written
        third_chunk()
        wait_until(lambda: watched(guest_import.job, seen), "the confirm")
    assert guest_import.job.state == "done", guest_import.job.message
    assert Attendee.objects.filter(event=event).count() == rows

    # 5,000 guests removed, then their 5,000 people, who wait for one of them locked elsewhere.
    undoing = "Undoing the import: nothing changes until all of it is undone."
    with held(lambda: Person.objects.select_for_update().get(email="guest0@example.org")) as people:
        admin_client.post(reverse("admin:ceremony_guestimport_undo", args=[guest_import.pk]))
        guest_import.refresh_from_db()
        seen = set()
        shown(guest_import.job, seen, ("running", rows, 2 * rows, undoing))
        assert Attendee.objects.filter(event=event).count() == rows  # nothing is undone until the end
        people()
        wait_until(lambda: watched(guest_import.job, seen), "the undo")
    assert guest_import.job.state == "done", guest_import.job.message
    assert not Attendee.objects.filter(event=event).exists()
