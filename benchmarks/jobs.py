"""How fast batch documents are as jobs: the request that starts one, and the job with one worker and two.

    .venv/bin/python benchmarks/jobs.py [--attendees 1000] [--items 400] [--database-url URL] [--repeat 5]

Runs on a throwaway database (a temporary SQLite file unless --database-url, or DATABASE_URL, names an
empty one): loads the Baikonur 70 demo and scales the event up to --attendees attendees and --items
program items (benchmarks/print_documents.py's scale_up, fixed seed), with the real settings
(baikonur_events.settings: the database task backend, as in production). Then:

(a) the web request that starts a job, through Django's test client as a logged-in member of Print
    staff: the admin action "Print badges" for all the event's attendees (the list's "select all"),
    and GET of the badges view (the event page's "Badges of all attendees"); --repeat times each after
    one warm-up, the median kept. The bar: under 200 ms. These jobs are cancelled, not run.
(b) the job's wall time (from its creation to its end, as the job's own times say) with one real
    `manage.py db_worker` process and then with two, for the badges of every attendee and for as many
    itineraries, all in this run. Workers are started for each measure and warmed up by a small job
    of two parts (fonts, templates), not timed. The bar: two workers take at most 0.6x one. Beside
    each figure, how many parts ran at once on average (their running times added up, over the
    job's wall time): about 2 with two workers shows the parts render side by side, even on a
    machine whose cores are busy with other work, where the wall time cannot show it.
"""

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from throwaway_db import ROOT, setup_django

REQUEST_BAR = 0.200
WORKERS_BAR = 0.6


def environment(workdir, database_url):
    """The real settings, pointed at the throwaway database; the same for this process and the workers."""
    return {
        "DJANGO_SETTINGS_MODULE": "baikonur_events.settings",
        "DATABASE_URL": database_url,
        "DEBUG": "false",
        "SECRET_KEY": "benchmark-only-secret-key",
        "HTTPS": "false",
        "ALLOWED_HOSTS": "testserver,127.0.0.1,localhost",
        "PRIVATE_MEDIA_ROOT": str(workdir / "private"),
        "STATIC_ROOT": str(workdir / "static"),
    }


def request_times(client, event, attendee, repeat):
    """Seconds of the admin action and of the badges view that start a job, median of `repeat`."""
    from django.urls import reverse

    action = {"action": "print_badges", "select_across": "1", "index": "0", "_selected_action": [attendee]}
    changelist = reverse("admin:ceremony_attendee_changelist")  # the demo has one event: all of them
    badges = reverse("print:badges", args=[event.slug, "pdf"])
    calls = {
        "POST admin action, print badges": lambda: client.post(changelist, action),
        "GET badges of all attendees": lambda: client.get(badges),
    }
    figures = {}
    for name, call in calls.items():
        response = call()  # warm-up
        assert response.status_code == 302, (name, response.status_code)
        seconds = []
        for _n in range(repeat):
            start = time.perf_counter()
            response = call()
            seconds.append(time.perf_counter() - start)
            assert response.status_code == 302
            assert "/admin/ceremony/job/" in response["Location"]
        figures[name] = statistics.median(seconds)
    return figures


def jobs_dropped():
    """The jobs the requests started: cancelled, and their tasks off the queue."""
    from django_tasks_db.models import DBTaskResult

    from ceremony.jobs.services import job_cancel
    from ceremony.models import Job

    for job in Job.objects.filter(parent=None, state=Job.State.QUEUED):
        job_cancel(job=job)
    DBTaskResult.objects.all().delete()


def workers_started(count, env, logs):
    command = [
        sys.executable,
        "manage.py",
        "db_worker",
        "--no-reload",
        "--no-startup-delay",
        "--interval",
        "0.1",
    ]
    return [
        subprocess.Popen(  # noqa: S603 (our own manage.py)
            [*command, "--worker-id", f"bench-{count}-{n}"],
            cwd=ROOT,
            env={**os.environ, **env},
            stdout=logs,
            stderr=subprocess.STDOUT,
        )
        for n in range(count)
    ]


def workers_stopped(workers):
    for worker in workers:
        worker.terminate()
    for worker in workers:
        try:
            worker.wait(timeout=20)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait()


def job_seconds(user, event, document, attendee_ids, timeout=900):
    """Start the job, wait for its end; its wall time from the job's own times."""
    from ceremony.jobs.documents import document_job_start
    from ceremony.models import Job

    job = document_job_start(
        user=user, document=document, event=event, language="en", attendee_ids=attendee_ids
    )
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if job.is_finished:
            break
        time.sleep(0.05)
    if job.state != Job.State.DONE:
        raise SystemExit(f"The {document} job ended {job.state}: {job.message}")
    wall = (job.finished_at - job.created_at).total_seconds()
    # How many parts ran at once, on average: their running times added up, over the job's wall time
    # (about 1 with one worker; about 2 with two, if they really render side by side, however busy
    # the machine's cores are with other work).
    busy = sum((part.finished_at - part.started_at).total_seconds() for part in job.parts.all())
    return wall, busy / wall, job.message


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--attendees", type=int, default=1000)
    parser.add_argument("--items", type=int, default=400)
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL"))
    parser.add_argument("--repeat", type=int, default=5)
    options = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="bench-jobs-"))
    database_url = options.database_url or f"sqlite:///{workdir / 'bench.sqlite3'}"
    env = environment(workdir, database_url)
    (workdir / "static").mkdir()  # whitenoise looks there; the benchmark needs no collected files
    os.environ.update(env)
    setup_django(database_url)
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.test import Client
    from django.test.utils import setup_test_environment
    from print_documents import scale_up

    from ceremony.demo.loader import demo_program_load
    from ceremony.models import Event

    demo_program_load()
    event = Event.objects.get(slug="baikonur-70")
    scale_up(event, options.items, options.attendees)
    ids = list(event.attendees.order_by("pk").values_list("pk", flat=True))[: options.attendees]
    print(
        f"{len(ids)} attendees, {event.program_items.count()} program items; database "
        f"{database_url.split(':')[0]}; {os.cpu_count()} cores; parts of {settings.PRINT_JOB_PART_SIZE}"
    )

    setup_test_environment()
    user = get_user_model().objects.create_user(username="bench-printer", is_staff=True)
    user.groups.add(Group.objects.get(name="Print staff"))
    client = Client()
    client.force_login(user)
    requests = request_times(client, event, ids[0], options.repeat)
    jobs_dropped()

    warm_up = ids[: settings.PRINT_JOB_PART_SIZE + 1]  # two parts: one for each worker, most likely
    figures, overlap, messages = {}, {}, {}
    load_before = os.getloadavg()[0]
    with (workdir / "workers.log").open("w") as logs:
        # One worker then two for each document, one after the other, so that a machine that grows
        # busier meanwhile (other work) weighs on both figures of a pair alike.
        for document in ("badges", "itineraries"):
            for count in (1, 2):
                workers = workers_started(count, env, logs)
                try:
                    job_seconds(user, event, "badges", warm_up)
                    figures[document, count], overlap[document, count], messages[document] = job_seconds(
                        user, event, document, ids
                    )
                finally:
                    workers_stopped(workers)

    print()
    print(f"{'measured':<52} {'figure':>10}  {'bar':<24} ok")
    for name, seconds in requests.items():
        ok = seconds < REQUEST_BAR
        print(f"{name:<52} {seconds * 1000:>7.0f} ms  {'< 200 ms':<24} {'yes' if ok else 'NO'}")
    for document in ("badges", "itineraries"):
        one, two = figures[document, 1], figures[document, 2]
        for count in (1, 2):
            name = f"{len(ids)} {document}, job with {count} worker{'s' if count > 1 else ''}"
            parallel = f"parts at once: {overlap[document, count]:.2f}"
            print(f"{name:<52} {figures[document, count]:>8.1f} s  {parallel}")
        ratio, ok = two / one, two / one <= WORKERS_BAR
        name = f"{document}: 2 workers / 1 worker"
        print(f"{name:<52} {ratio:>9.2f}x  {'<= 0.6x':<24} {'yes' if ok else 'NO'}")
        print(f"  ({messages[document]})")
    print(f"\nload average (1 min) before the jobs {load_before:.1f}, after {os.getloadavg()[0]:.1f}")
    print(f"workers' output: {workdir / 'workers.log'}")


if __name__ == "__main__":
    main()
