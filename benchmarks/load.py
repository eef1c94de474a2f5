"""The server under load: organizers searching, opening records and printing while a list is imported.

    .venv/bin/python benchmarks/load.py [--attendees 20000] [--items 500] [--users 8] [--workers 4]
        [--job-workers 2] [--badges 1000] [--run-time 90] [--max-requests 20000]
        [--database baikonur_load] [--restart-postgres]

(`make load-test` installs locust, the project's `bench` extra, and runs it.)

1. Drops and creates the PostgreSQL database --database (default baikonur_load) on 127.0.0.1:5432
   (user postgres), migrates it, loads the Baikonur 70 demo and scales it up to --attendees attendees
   and --items program items as benchmarks/print_documents.py does (fixed seed), and puts --badges of
   them in one delegation, whose badges are printed during the run. It refuses the
   databases `baikonur` and `test_baikonur*`, which other runs use. The database is kept afterwards.
2. Serves it as `make serve` does: gunicorn with deploy/gunicorn.conf.py, --workers workers, and
   --job-workers job workers (`manage.py db_worker`) beside it; DEBUG off, HTTPS off, a random
   SECRET_KEY, ALLOWED_HOSTS=127.0.0.1, static files collected into a temporary STATIC_ROOT, on free
   loopback ports (the site's, and /healthz's own); database connections kept open (CONN_MAX_AGE, with
   the settings' health checks).
3. Drives it from a second process with locust (benchmarks/load_locustfile.py), headless, for at
   most --run-time seconds and --max-requests requests. Every simulated user logs in once through the
   login form with an Organizer account. --users organizers search the attendee list for a Cyrillic
   surname, open attendees' change forms and poll /healthz, back to back as wrk would (--think-min and
   --think-max add pauses between a user's requests, which leave the server mostly idle); one more prints the
   program PDF about every --print-every seconds (a PDF of the whole program takes seconds of CPU: more
   would only measure a queue); one more imports a --import-rows guest list through the admin (upload
   page, upload, preview, confirm) --import-delay seconds into the run; one more prints the badges of
   the --badges delegation again and again, as an organizer does: the attendee list filtered by the
   delegation, all selected, "Print badges", which starts a job; its page's ?format=json asked every
   second until it is done; the PDF downloaded.
4. Prints p50/p95/max per endpoint, errors, the changelist's p95 against /healthz's (goal: within 3x),
   the import's time and each batch of badges' (start to download), with the machine's load average.

WARNING: --restart-postgres restarts the PostgreSQL server of this machine (`pg_ctlcluster ... stop`,
then `start` --outage seconds later), which breaks every other connection to it, whatever database.
It goes down just after the importer posts its confirm (so mid-write, if the write takes longer than
--confirm-lag), or --restart-after seconds into the run if the import has not got that far.
Before stopping it the script checks pg_stat_activity and waits while any other database is in use;
it does not restart when another run still uses PostgreSQL after --wait-for-quiet seconds. That run
shows what users see while the database is down (an error status at once, /healthz 503, no hang),
that the server recovers by itself, and that no data is lost: attendees, program items and history
rows are counted before and after, and the import has either committed entirely or not at all.
"""

import argparse
import json
import math
import os
import random
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

import psycopg
import requests
from throwaway_db import ROOT, setup_django

BIN = Path(sys.executable).parent
SERVER = "postgres://postgres@127.0.0.1:5432"
SYSTEM_DATABASES = ("postgres", "template0", "template1")
RATIO_GOAL = 3.0
SEED = 70
SETTLE = 3.0  # seconds after PostgreSQL is back before every request must succeed again
FAILS_WITHIN = 5.0  # seconds: a request that fails while the database is down fails at least this fast

# Names under which the locustfile reports requests.
CHANGELIST = "attendee changelist ?q=surname"
CHANGE_FORM = "attendee change form"
PROGRAM_PDF = "program PDF"
HEALTHZ = "/healthz"
IMPORT_PREVIEW = "import: preview page"
IMPORT_CONFIRM = "import: confirm (writes)"  # posted as soon as the preview page is read
IMPORT_TOTAL = "import: upload page → confirmed"
PROGRAM_JOB = {  # a program of more than PRINT_DIRECT_ITEMS items is printed by a job
    "status": "program: job page ?format=json",
    "download": "program: download the PDF",
    "total": "program: print → downloaded",
}
BADGES_START = "badges: print action (starts the job)"
BADGES_JOB = {
    "status": "badges: job page ?format=json",
    "download": "badges: download the PDF",
    "total": "badges: action → downloaded",
}


# ---------------------------------------------------------------------------------------------------
# The database


def database_recreate(name):
    # `baikonur` and `test_baikonur*` belong to the other runs (CI, the test suite on PostgreSQL).
    if name in (*SYSTEM_DATABASES, "baikonur") or name.startswith("test_baikonur"):
        sys.exit(f"refusing to drop the database {name!r}: other runs use it")
    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


def database_fill(attendees, items, organizers, password, badges):
    """The demo scaled up, `badges` of its attendees in one delegation, accounts organizer-1 to
    organizer-N and importer (all in the Organizer group), and the statistics PostgreSQL plans with."""
    from django.contrib.auth.hashers import PBKDF2PasswordHasher
    from django.contrib.auth.models import Group, User
    from django.db import connection
    from print_documents import scale_up

    from ceremony.demo.loader import demo_program_load
    from ceremony.models import Attendee, Delegation, Event
    from ceremony.permissions import ORGANIZER

    demo_program_load()
    event = Event.objects.get(slug="baikonur-70")
    scale_up(event, items, attendees)
    delegation = Delegation.objects.create(event=event, name="Veterans of the cosmodrome (load run)")
    chosen = random.Random(SEED).sample(list(event.attendees.values_list("pk", flat=True)), badges)  # noqa: S311
    Attendee.objects.filter(pk__in=chosen).update(delegation=delegation)
    # The settings the server runs with hash passwords with PBKDF2; the test settings would use MD5.
    hasher = PBKDF2PasswordHasher()
    organizer = Group.objects.get(name=ORGANIZER)
    for username in [f"organizer-{n}" for n in range(1, organizers + 1)] + ["importer"]:
        user = User.objects.create(
            username=username, is_staff=True, password=hasher.encode(password, hasher.salt())
        )
        user.groups.add(organizer)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")  # as autovacuum would have done on a database in service
    return event


def data_counts():
    """What must survive a restart: attendees, program items, history rows, and the import's state."""
    from django.apps import apps
    from django.db import connections

    from ceremony.models import Attendee, GuestImport, ProgramItem

    connections.close_all()  # a connection from before a restart is dead
    historical = [model for model in apps.get_models() if model.__name__.startswith("Historical")]
    last_import = GuestImport.objects.order_by("pk").last()
    imported_history = 0
    if last_import is not None:
        reason = f"Guest-list import #{last_import.pk} "
        imported_history = sum(
            model.objects.filter(history_change_reason__startswith=reason).count() for model in historical
        )
    return {
        "attendees": Attendee.objects.count(),
        "program items": ProgramItem.objects.count(),
        "history rows": sum(model.objects.count() for model in historical),
        "import": last_import.status if last_import else "none",
        "history rows of the import": imported_history,
    }


def load_config(event, workdir, options, password):
    """What the locustfile needs: accounts, the event, whom to open and search for, the list to import."""
    from import_guests import generate_xlsx

    from ceremony.demo import guests as names

    rng = random.Random(SEED)  # noqa: S311 (which records to open, not a secret)
    attendee_ids = list(event.attendees.values_list("pk", flat=True))
    guest_list = workdir / "guests.xlsx"
    guest_list.write_bytes(generate_xlsx(options.import_rows))
    families = [family for family, _latin in names.RUSSIAN_FAMILIES + names.KAZAKH_FAMILIES]
    config = {
        "password": password,
        "importer": "importer",
        "event_id": event.pk,
        "event_slug": event.slug,
        "attendee_ids": rng.sample(attendee_ids, min(500, len(attendee_ids))),
        "surnames": rng.sample(families, 12),
        "badge_delegation": event.delegations.get(name__endswith="(load run)").pk,
        "badges": options.badges,
        "guest_list": str(guest_list),
        "import_rows": options.import_rows,
        "import_delay": options.import_delay,
        "think_time": [options.think_min, options.think_max],
        "print_interval": [options.print_every / 2, options.print_every * 1.5],
        "request_timeout": options.request_timeout,
        "max_requests": options.max_requests,
        "request_log": str(workdir / "requests.jsonl"),
    }
    path = workdir / "locust-config.json"
    path.write_text(json.dumps(config, ensure_ascii=False))
    return path, config


# ---------------------------------------------------------------------------------------------------
# The server


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def server_environment(database_url, workdir, options, port, health_port):
    environment = {
        key: value for key, value in os.environ.items() if key not in ("DJANGO_SETTINGS_MODULE", "SECRET_KEY")
    }
    return environment | {
        "DJANGO_SETTINGS_MODULE": "baikonur_events.settings",
        "DEBUG": "false",
        "HTTPS": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": database_url,
        "CONN_MAX_AGE": str(options.conn_max_age),
        "STATIC_ROOT": str(workdir / "static"),
        "PRIVATE_MEDIA_ROOT": str(workdir / "private"),
        "LOG_LEVEL": "WARNING",
        # deploy/gunicorn.conf.py's: the site, and /healthz on an address of its own, as make serve does.
        "ADDRESS": f"127.0.0.1:{port}",
        "HEALTH_ADDRESS": f"127.0.0.1:{health_port}",
        "WORKERS": str(options.workers),
        "THREADS": "1",
    }


def server_start(environment, port, workdir):
    subprocess.run(  # noqa: S603 (our own interpreter and manage.py)
        [str(BIN / "python"), "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=environment,
        check=True,
    )
    log = (workdir / "gunicorn.log").open("w")
    server = subprocess.Popen(  # noqa: S603
        [str(BIN / "gunicorn"), "--config", "deploy/gunicorn.conf.py", "baikonur_events.wsgi"],
        cwd=ROOT,
        env=environment,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    for _attempt in range(120):
        try:
            if requests.get(f"http://127.0.0.1:{port}/healthz", timeout=5).status_code == 200:
                return server
        except (requests.ConnectionError, requests.Timeout):
            pass  # not listening yet, or no worker has booted to take the connection
        if server.poll() is not None:
            break
        time.sleep(0.5)
    server_stop(server)
    sys.exit(f"gunicorn did not come up; see {workdir / 'gunicorn.log'}")


def job_workers_start(environment, workdir, count, name="load"):
    """`count` job workers beside gunicorn, as `make serve` starts JOB_WORKERS of them; their ids
    `name`-1, `name`-2, ..."""
    return [
        subprocess.Popen(  # noqa: S603
            [str(BIN / "python"), "manage.py", "db_worker", "--worker-id", f"{name}-{n}"],
            cwd=ROOT,
            env=environment,
            stdout=(workdir / f"job-worker-{name}-{n}.log").open("w"),
            stderr=subprocess.STDOUT,
        )
        for n in range(1, count + 1)
    ]


def server_stop(server):
    server.terminate()  # gunicorn's master stops its workers on SIGTERM
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        server.kill()


def csrf_token(page):
    """The CSRF token of a page's form, as a browser posts it back."""
    return page.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]


def log_in(session, base, username, password):
    """Log `session` in through the admin's login form, as a person does; whether it worked."""
    page = session.get(f"{base}/admin/login/", timeout=60)
    session.post(
        f"{base}/admin/login/",
        data={
            "csrfmiddlewaretoken": csrf_token(page.text),
            "username": username,
            "password": password,
            "next": "/admin/",
        },
        headers={"Referer": page.url},
        timeout=60,
    ).raise_for_status()
    return "sessionid" in session.cookies


def warm_up(base, config, workers):
    """Each worker imports the code, compiles templates and loads fonts before anything is timed."""
    session = requests.Session()
    if not log_in(session, base, "organizer-1", config["password"]):
        sys.exit("warm-up: organizer-1 could not log in")
    for n in range(workers):
        for path in (
            f"/admin/ceremony/attendee/?q={config['surnames'][n % len(config['surnames'])]}",
            f"/admin/ceremony/attendee/{config['attendee_ids'][n]}/change/",
            f"/print/attendee/{config['attendee_ids'][n]}/itinerary.pdf",  # a short PDF: Pango, fonts
            "/healthz",
        ):
            session.get(base + path, timeout=120).raise_for_status()


# ---------------------------------------------------------------------------------------------------
# PostgreSQL down and up again


def others_using_postgres(own_database):
    """{database: connections} of every client but us (and psql's own look)."""
    output = subprocess.run(
        [  # noqa: S607
            "psql",
            "-h",
            "127.0.0.1",
            "-U",
            "postgres",
            "-tA",
            "-F",
            "\t",
            "-c",
            "select datname, count(*) from pg_stat_activity where datname is not null group by 1",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rows = dict(line.split("\t") for line in output.splitlines() if line.strip())
    rows.pop(own_database, None)
    rows["postgres"] = str(int(rows.get("postgres", 1)) - 1)  # this psql
    return {name: int(count) for name, count in rows.items() if int(count) > 0}


def wait_for_quiet(own_database, patience):
    deadline = time.monotonic() + patience
    while others := others_using_postgres(own_database):
        if time.monotonic() > deadline:
            return others
        print(f"  waiting: PostgreSQL is in use by {others}", flush=True)
        time.sleep(10)
    return {}


def pg_ctlcluster(action, check=True):
    version = sorted(os.listdir("/etc/postgresql"))[-1]
    # Without systemd running, pg_ctlcluster must not hand the job to systemctl.
    redirect = [] if Path("/run/systemd/system").exists() else ["--skip-systemctl-redirect"]
    subprocess.run(["pg_ctlcluster", *redirect, version, "main", action], check=check)  # noqa: S603, S607


def postgres_ready():
    return subprocess.run(["pg_isready", "-h", "127.0.0.1", "-q"], check=False).returncode == 0  # noqa: S607


def wait_for_import_confirm(request_log, deadline):
    """Until the importer has read its preview, that is, posts its confirm now; or until the deadline."""
    while time.monotonic() < deadline:
        if request_log.exists() and f'"{IMPORT_PREVIEW}"' in request_log.read_text():
            return True
        time.sleep(0.1)
    return False


def postgres_outage(outage):
    """Stop PostgreSQL, keep it down `outage` seconds, start it; the moments it went down and came back."""
    stopping = time.time()
    try:
        pg_ctlcluster("stop")
        down = time.time()
        time.sleep(outage)
    finally:
        # Whatever happened here (even Ctrl-C), the machine's PostgreSQL comes back.
        pg_ctlcluster("start", check=False)
        for _attempt in range(300):
            if postgres_ready():
                break
            time.sleep(0.2)
    return {"stopping": stopping, "down": down, "up": time.time()}


# ---------------------------------------------------------------------------------------------------
# Reading the results


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]


def read_log(path):
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def is_error(record):
    return "error" in record


def report_table(records, names):
    by_name = defaultdict(list)
    for record in records:
        by_name[record["name"]].append(record)
    print(f"{'endpoint':<36}{'requests':>9}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}{'errors':>8}")
    for name in names + sorted(set(by_name) - set(names)):
        rows = by_name.get(name, [])
        if not rows:
            print(f"{name:<36}{0:9d}")
            continue
        times = [row["ms"] for row in rows]
        print(
            f"{name:<36}{len(rows):9d}{percentile(times, 0.5):9.0f}{percentile(times, 0.95):9.0f}"
            f"{max(times):9.0f}{sum(map(is_error, rows)):8d}"
        )
    return by_name


def report_fault(records, moments):
    """What users saw while PostgreSQL was down, and whether the server came back by itself."""
    start = min(record["start"] for record in records)
    print(
        f"PostgreSQL stopping at {moments['stopping'] - start:.1f} s, down at "
        f"{moments['down'] - start:.1f} s, accepting connections again at {moments['up'] - start:.1f} s"
    )

    def ended(record):
        return record["start"] + record["ms"] / 1000

    during = [r for r in records if ended(r) > moments["stopping"] and r["start"] < moments["up"]]
    after = [r for r in records if r["start"] > moments["up"] + SETTLE]
    print(f"requests answered while it was down or coming back: {len(during)}")
    for name in sorted({r["name"] for r in during}):
        rows = [r for r in during if r["name"] == name]
        statuses = Counter(str(r["status"]) for r in rows)
        print(
            f"  {name:<34}{', '.join(f'{status} x{count}' for status, count in sorted(statuses.items()))}; "
            f"slowest {max(r['ms'] for r in rows):.0f} ms"
        )
    failed = [r for r in during if is_error(r)]
    # Clean: each failure is the server's own error page or 503, and comes at once, not at a timeout.
    unclean = [r for r in failed if r["status"] not in (500, 503) or r["ms"] > FAILS_WITHIN * 1000]
    if failed:
        print(
            f"failures while down: {len(failed)}, answered in at most {max(r['ms'] for r in failed):.0f} ms"
            f"; without an HTTP error status or slower than {FAILS_WITHIN:g} s: {len(unclean)}"
        )
    healthz = [r for r in during if r["name"] == HEALTHZ and is_error(r)]
    recovered = [r for r in records if r["start"] > moments["up"] and not is_error(r)]
    first_ok = min((r["start"] for r in recovered), default=None)
    after_errors = [r for r in after if is_error(r)]
    print(
        f"first successful request {first_ok - moments['up']:.1f} s after PostgreSQL was back"
        if first_ok
        else "no successful request after PostgreSQL was back"
    )
    print(
        f"requests started more than {SETTLE:g} s after: {len(after)}, errors among them: {len(after_errors)}"
    )
    for record in after_errors[:5]:
        print(f"  {record['name']}: {record['status']} {record.get('error', '')}")
    return {
        "failed cleanly": bool(failed) and not unclean,
        "/healthz said 503": bool(healthz) and all(r["status"] == 503 for r in healthz),
        "recovered by itself": bool(after) and not after_errors,
    }


# ---------------------------------------------------------------------------------------------------


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--attendees", type=int, default=20_000)
    parser.add_argument("--items", type=int, default=500)
    parser.add_argument(
        "--users", type=int, default=8, help="organizers searching; one more prints, one more imports"
    )
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers")
    parser.add_argument("--job-workers", type=int, default=2, help="manage.py db_worker processes")
    parser.add_argument("--badges", type=int, default=1000, help="badges in each batch printed by a job")
    parser.add_argument("--run-time", type=int, default=90, help="seconds of load, at most")
    parser.add_argument("--max-requests", type=int, default=20_000, help="requests, at most")
    parser.add_argument("--import-rows", type=int, default=1000)
    parser.add_argument("--import-delay", type=float, default=15, help="seconds into the run")
    parser.add_argument("--think-min", type=float, default=0.0, help="seconds between a user's requests")
    parser.add_argument("--think-max", type=float, default=0.0)
    parser.add_argument(
        "--print-every", type=float, default=30, help="seconds between program PDFs, on average"
    )
    parser.add_argument("--request-timeout", type=float, default=60)
    parser.add_argument("--conn-max-age", type=int, default=60, help="CONN_MAX_AGE of the server")
    parser.add_argument("--database", default="baikonur_load")
    parser.add_argument("--restart-postgres", action="store_true", help="see the WARNING above")
    parser.add_argument(
        "--restart-after",
        type=float,
        default=40,
        help="seconds into the run at the latest; sooner when the import posts its confirm",
    )
    parser.add_argument(
        "--confirm-lag", type=float, default=0.3, help="seconds after the confirm is posted, to stop"
    )
    parser.add_argument("--outage", type=float, default=5, help="seconds PostgreSQL stays down")
    parser.add_argument("--wait-for-quiet", type=float, default=600, help="seconds, at most")
    options = parser.parse_args()

    started = time.perf_counter()
    workdir = Path(tempfile.mkdtemp(prefix="bench-load-"))
    if options.restart_postgres and (others := wait_for_quiet(options.database, options.wait_for_quiet)):
        sys.exit(f"PostgreSQL is still in use by {others}: not restarting it under them")
    database_recreate(options.database)
    database_url = f"{SERVER}/{options.database}"
    setup_django(database_url)
    password = secrets.token_urlsafe(16)
    # The program's printer and the badges' are organizers too.
    event = database_fill(options.attendees, options.items, options.users + 2, password, options.badges)
    config_path, config = load_config(event, workdir, options, password)
    print(
        f"{event.attendees.count()} attendees, {event.program_items.count()} program items, database "
        f"{options.database}; filled in {time.perf_counter() - started:.0f} s; logs in {workdir}",
        flush=True,
    )

    port, health_port = free_port(), free_port()
    base = f"http://127.0.0.1:{port}"
    environment = server_environment(database_url, workdir, options, port, health_port)
    server = server_start(environment, port, workdir)
    job_workers = job_workers_start(environment, workdir, options.job_workers)
    locust = None
    try:
        warm_up(base, config, options.workers)
        before = data_counts()
        load_before = os.getloadavg()
        locust = subprocess.Popen(  # noqa: S603
            [
                str(BIN / "locust"),
                "-f",
                str(Path(__file__).with_name("load_locustfile.py")),
                "--headless",
                "--users",
                str(options.users + 3),  # the organizers, the two printers, the importer
                "--spawn-rate",
                "4",
                "--run-time",
                f"{options.run_time}s",
                "--stop-timeout",
                "120",  # the import, if still running, finishes
                "--host",
                base,
                "--only-summary",
            ],
            cwd=ROOT,
            env=os.environ | {"LOAD_CONFIG": str(config_path)},
            stdout=(workdir / "locust.log").open("w"),
            stderr=subprocess.STDOUT,
        )
        moments, not_restarted, during_import = None, None, False
        if options.restart_postgres:
            # Down while the import writes, if it gets there in time: it must commit wholly or not at all.
            during_import = wait_for_import_confirm(
                Path(config["request_log"]), time.monotonic() + options.restart_after
            )
            time.sleep(options.confirm_lag if during_import else 0)
            not_restarted = others_using_postgres(options.database)
            if not not_restarted:
                print(
                    f"restarting PostgreSQL {'as the import confirms' if during_import else 'now'}",
                    flush=True,
                )
                moments = postgres_outage(options.outage)
        locust.wait(timeout=options.run_time + 300)
        load_after = os.getloadavg()
        after = data_counts()
    finally:
        if locust is not None and locust.poll() is None:
            locust.terminate()
        for worker in job_workers:
            server_stop(worker)  # between jobs a worker stops at once; in one, after it
        server_stop(server)
        shutil.rmtree(workdir / "static", ignore_errors=True)

    records = read_log(Path(config["request_log"]))
    seconds = max(r["start"] for r in records) - min(r["start"] for r in records)
    print(
        f"\n{options.users} organizers + 1 printing the program + 1 printing badges + 1 importing, "
        f"{options.workers} gunicorn workers, {options.job_workers} job workers, "
        f"{len(records)} requests in {seconds:.0f} s; "
        f"load average {load_before[0]:.2f} before, {load_after[0]:.2f} after (1 min), "
        f"{os.cpu_count()} CPUs"
    )
    by_name = report_table(
        records,
        [
            CHANGELIST,
            CHANGE_FORM,
            HEALTHZ,
            PROGRAM_PDF,
            *PROGRAM_JOB.values(),
            BADGES_START,
            *BADGES_JOB.values(),
        ],
    )
    errors = sum(map(is_error, records))
    print(f"errors: {errors}")
    # The exit status says whether every goal was met, for a script that runs this one.
    failures = errors if not options.restart_postgres else 0  # a restart's errors are expected
    for record in [r for r in records if is_error(r)][:5]:
        print(f"  {record['name']}: {record['status']} {record.get('error', '')}")
    if by_name.get(CHANGELIST) and by_name.get(HEALTHZ):
        p95 = {name: percentile([r["ms"] for r in by_name[name]], 0.95) for name in (CHANGELIST, HEALTHZ)}
        ratio = p95[CHANGELIST] / p95[HEALTHZ]
        verdict = "within" if ratio <= RATIO_GOAL else "NOT within"
        failures += ratio > RATIO_GOAL
        print(f"changelist p95 / healthz p95 = {ratio:.1f}x (goal: {RATIO_GOAL:g}x): {verdict} the goal")
    batches = [r for r in by_name.get(BADGES_JOB["total"], []) if not is_error(r)]
    print(
        f"batches of {options.badges} badges through a job, action to downloaded: "
        + (", ".join(f"{r['ms'] / 1000:.1f} s" for r in batches) if batches else "none finished")
    )
    imported = by_name.get(IMPORT_TOTAL)
    print(
        f"import of {options.import_rows} rows, upload page to confirmed: {imported[0]['ms'] / 1000:.1f} s"
        if imported
        else "the import did not finish"
    )

    print(f"\n{'':<28}{'before':>10}{'after':>10}")
    for key in before:
        print(f"{key:<28}{before[key]!s:>10}{after[key]!s:>10}")
    committed = after["import"] == "imported"
    whole = (after["attendees"] - before["attendees"]) == (options.import_rows if committed else 0) and (
        after["history rows"] - before["history rows"] == after["history rows of the import"]
    )
    nothing_lost = after["program items"] == before["program items"] and whole
    failures += not nothing_lost
    print(
        f"the import {'committed' if committed else 'did not commit'}; "
        f"{'nothing lost or half-written' if nothing_lost else 'DATA DOES NOT ADD UP'}"
    )
    if options.restart_postgres:
        print()
        if moments is None:
            print(f"PostgreSQL was NOT restarted: in use by {not_restarted}")
        else:
            outcome = report_fault(records, moments)
            failures += not all(outcome.values())
            print(
                "fault run: "
                + ", ".join(f"{key}: {'yes' if value else 'NO'}" for key, value in outcome.items())
                + f", nothing lost: {'yes' if nothing_lost else 'NO'}"
            )
    print(f"whole script {time.perf_counter() - started:.0f} s")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
