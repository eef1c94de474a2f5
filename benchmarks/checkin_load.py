"""The doors under load: ushers at every entrance scanning the guests in, the arrivals page on screens.

    .venv/bin/python benchmarks/checkin_load.py [--guests 5000] [--entrances 10] [--screens 3]
        [--duration 600] [--rescans 0.02] [--refresh 30] [--workers 4]
        [--database baikonur_checkin_load]

(`make checkin-load-test` runs it; it needs no locust: the clients are threads of this script.)

The bar (issue 18): 10 entrances scanning 5,000 guests in 10 minutes against gunicorn on PostgreSQL,
with the arrivals page open on three screens: a scan's p95 under 150 ms, no error, every guest
admitted once.

1. Drops and creates the PostgreSQL database --database (default baikonur_checkin_load) on
   127.0.0.1:5432 (user postgres), migrates it, loads the Baikonur 70 demo and scales it up to
   --guests attendees as benchmarks/print_documents.py does (fixed seed); every one of them has
   confirmed, so each is let in. It adds --entrances entrances that let every category through and
   lead to no facility visit, one usher account per entrance (Usher group) and one account per
   screen (Viewer group, who may see the arrivals). It refuses the databases `baikonur` and
   `test_baikonur*`, as benchmarks/load.py does. The database is kept afterwards.
2. Serves it as benchmarks/load.py does (its functions): gunicorn with deploy/gunicorn.conf.py and
   --workers workers, DEBUG off, on free loopback ports; no job workers (a scan starts no job).
3. Every usher logs in through the login form, opens the check-in page (its CSRF token, which
   checkin.js sends as X-CSRFToken) and loads the entrance's offline list, as the page does when the
   entrance is chosen. One request per worker warms the scan and the arrivals page up (the warm-up
   scans are codes that are no badge: refused, recorded, admitting nobody). Then, for --duration
   seconds, each usher scans its share of the guests (shuffled with a fixed seed, dealt round the
   entrances), one at a time, each scan at a random moment of its own slot so that all are sent in
   --duration seconds; a share --rescans of the guests is scanned a second time at the same entrance
   5 to 40 slots later, and must be told "already admitted" (at another entrance a guest is admitted
   again: entrances lead to different venues). Each scan is JSON {code, entrance, nonce}, a fresh
   nonce each time, as checkin.js posts it. Meanwhile --screens screens, logged in, load
   /checkin/<event>/arrivals every --refresh seconds after the last load ended, as the page's
   <meta http-equiv="refresh" content="30"> does.
4. Prints p50/p95/max per endpoint, the errors (an answer that is no 2xx, a scan answered otherwise
   than expected, a scan slower than checkin.js's 3 s after which the phone decides offline, an
   arrivals page without its totals), how far the ushers fell behind their schedule, the machine's
   load average, and checks in PostgreSQL (psycopg, past Django) that every guest has exactly one
   admission. PASS or FAIL against the bar; the exit status says the same.
"""

import argparse
import os
import random
import secrets
import shutil
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

import psycopg
import requests
from load import (
    SERVER,
    csrf_token,
    database_recreate,
    free_port,
    log_in,
    percentile,
    server_environment,
    server_start,
    server_stop,
)
from throwaway_db import setup_django

SEED = 18
SCAN_BAR_MS = 150
ANSWER_WAIT = 3.0  # seconds: checkin.js's ANSWER_WAIT_MS, after which the phone decides offline
REQUEST_TIMEOUT = 30
RESCAN_LATER = (5, 40)  # slots after the first scan at the same entrance

SCAN = "scan"
RESCAN = "scan again (already admitted)"
ARRIVALS = "arrivals page"
PAGE = "check-in page (before)"
OFFLINE_LIST = "offline list (before)"
ADMITTED = ("admitted", "attention")  # "attention": admitted, with the protocol office's note


# ---------------------------------------------------------------------------------------------------
# The database


def database_fill(guests, entrances, screens, password):
    """The demo scaled up to `guests` attendees, all confirmed; the entrances gate-1 to gate-N; the
    accounts usher-1 to usher-N and screen-1 to screen-M. The event, and {attendee id: badge code}."""
    from django.contrib.auth.hashers import PBKDF2PasswordHasher
    from django.contrib.auth.models import Group, User
    from django.db import connection
    from print_documents import scale_up

    from ceremony.demo.loader import demo_program_load
    from ceremony.enums import RsvpStatus
    from ceremony.models import Entrance, Event
    from ceremony.permissions import USHER, VIEWER

    demo_program_load()
    event = Event.objects.get(slug="baikonur-70")
    scale_up(event, 0, guests)
    # The demo's pending and declined guests too: each guest scanned must be let in.
    event.attendees.update(rsvp_status=RsvpStatus.CONFIRMED)
    for n in range(1, entrances + 1):
        Entrance.objects.create(event=event, name=f"Gate {n}", slug=f"gate-{n}")
    # The settings the server runs with hash passwords with PBKDF2; the test settings would use MD5.
    hasher = PBKDF2PasswordHasher()
    accounts = [(f"usher-{n}", USHER) for n in range(1, entrances + 1)]
    accounts += [(f"screen-{n}", VIEWER) for n in range(1, screens + 1)]
    for username, group in accounts:
        user = User.objects.create(
            username=username, is_staff=True, password=hasher.encode(password, hasher.salt())
        )
        user.groups.add(Group.objects.get(name=group))
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")  # as autovacuum would have done on a database in service
    # Signed with this process's SECRET_KEY, which main() made the server's.
    codes = {attendee.pk: attendee.badge_code for attendee in event.attendees.only("pk", "badge_issue")}
    return event, codes


def admissions_per_guest(database_url, event_id):
    """{admissions: guests with that many}, and {result: check-ins}, read from PostgreSQL itself."""
    with psycopg.connect(database_url) as connection:
        per_guest = dict(
            connection.execute(
                """
                select admissions, count(*) from (
                    select attendee.id, count(check_in.id) filter (where check_in.admitted) as admissions
                    from ceremony_attendee attendee
                    left join ceremony_checkin check_in on check_in.attendee_id = attendee.id
                    where attendee.event_id = %s
                    group by attendee.id
                ) per_guest group by admissions
                """,
                [event_id],
            ).fetchall()
        )
        results = dict(
            connection.execute(
                "select result, count(*) from ceremony_checkin where event_id = %s group by result",
                [event_id],
            ).fetchall()
        )
    return per_guest, results


# ---------------------------------------------------------------------------------------------------
# The plan


def plan(codes, entrances, rescans, rng):
    """Each entrance's scans in their order: [(code, SCAN or RESCAN)], every guest at one entrance."""
    order = sorted(codes.values())
    rng.shuffle(order)
    again = set(rng.sample(order, round(rescans * len(order))))
    queues = []
    for share in (order[n::entrances] for n in range(entrances)):
        keyed = [(slot, code, SCAN) for slot, code in enumerate(share)]
        keyed += [
            (slot + rng.uniform(*RESCAN_LATER), code, RESCAN)
            for slot, code in enumerate(share)
            if code in again
        ]
        queues.append([(code, kind) for _key, code, kind in sorted(keyed)])
    return queues


# ---------------------------------------------------------------------------------------------------
# The clients


class Log:
    """Every request timed, from every thread (list.append is atomic)."""

    def __init__(self):
        self.records = []

    def timed(self, name, send, check):
        """Send one request; record its time and, if `check(response, ms)` says what is wrong, the error."""
        started = time.time()
        clock = time.perf_counter()
        try:
            response = send()
        except requests.RequestException as error:
            ms = (time.perf_counter() - clock) * 1000
            self.records.append({"name": name, "start": started, "ms": ms, "error": repr(error)[:200]})
            return None
        ms = (time.perf_counter() - clock) * 1000
        record = {"name": name, "start": started, "ms": ms, "status": response.status_code}
        try:
            problem = f"HTTP {response.status_code}" if not response.ok else check(response, ms)
        except ValueError:
            problem = "the answer is not JSON"
        if problem:
            record["error"] = problem
        self.records.append(record)
        return response


class Usher:
    """One usher at one entrance: logged in, the check-in page open, the entrance's list loaded."""

    def __init__(self, base, slug, entrance, username, password, log):
        self.scan_url = f"{base}/checkin/{slug}/scan"
        self.page_url = f"{base}/checkin/{slug}/"
        self.entrance = entrance
        self.session = requests.Session()
        if not log_in(self.session, base, username, password):
            sys.exit(f"{username} could not log in")
        page = log.timed(
            PAGE,
            lambda: self.session.get(self.page_url, timeout=REQUEST_TIMEOUT),
            lambda response, _ms: "" if "csrfmiddlewaretoken" in response.text else "no form on the page",
        )
        if page is None or not page.ok:
            sys.exit(f"{username} could not open {self.page_url}")
        self.token = csrf_token(page.text)  # checkin.js reads it from the page's form
        log.timed(
            OFFLINE_LIST,
            lambda: self.session.get(
                f"{base}/checkin/{slug}/list", params={"entrance": entrance}, timeout=REQUEST_TIMEOUT
            ),
            lambda response, _ms: "" if response.json().get("guests") else "an empty list",
        )

    def scan(self, code):
        """As checkin.js posts a scan: JSON, a fresh nonce, the page's CSRF token."""
        return self.session.post(
            self.scan_url,
            json={"code": code, "entrance": self.entrance, "nonce": str(uuid.uuid4())},
            headers={"X-CSRFToken": self.token, "Referer": self.page_url},
            timeout=REQUEST_TIMEOUT,
        )

    def run(self, scans, start, duration, rng, log, lateness):
        """The entrance's scans, one at a time, each at a random moment of its slot."""
        slot = duration / len(scans)
        behind = 0.0
        for n, (code, kind) in enumerate(scans):
            wait = start + (n + rng.random()) * slot - time.time()
            if wait > 0:
                time.sleep(wait)
            else:
                behind = max(behind, -wait)  # the previous answer came too late for this slot
            log.timed(kind, lambda code=code: self.scan(code), scan_checked(kind))
        lateness.append(behind)


def scan_checked(kind):
    expected = ADMITTED if kind == SCAN else ("already_admitted",)

    def check(response, ms):
        answer = response.json()
        if answer.get("result") not in expected:
            return f"answered {answer.get('result')!r} ({answer.get('message', '')[:80]})"
        if ms > ANSWER_WAIT * 1000:
            return f"slower than {ANSWER_WAIT:g} s: the phone decides offline"
        return ""

    return check


def screen_run(base, slug, username, password, start, refresh, done, log):
    """A screen in the protocol office: the arrivals page, loaded again `refresh` s after each load."""
    session = requests.Session()
    if not log_in(session, base, username, password):
        sys.exit(f"{username} could not log in")
    url = f"{base}/checkin/{slug}/arrivals"
    done.wait(max(0.0, start - time.time()))
    while not done.is_set():
        log.timed(
            ARRIVALS,
            lambda: session.get(url, timeout=REQUEST_TIMEOUT),
            lambda response, _ms: "" if 'id="total"' in response.text else "no totals on the page",
        )
        done.wait(refresh)


def warm_up(base, slug, usher, password, workers):
    """Each worker loads the code and templates of a scan and of the arrivals page before the run."""
    screen = requests.Session()
    if not log_in(screen, base, "screen-1", password):
        sys.exit("screen-1 could not log in")
    for n in range(workers * 2):
        usher.scan(f"WARM-UP-{n}").raise_for_status()
        screen.get(f"{base}/checkin/{slug}/arrivals", timeout=REQUEST_TIMEOUT).raise_for_status()


# ---------------------------------------------------------------------------------------------------
# Reading the results


def report_table(records, rows):
    """One line per (label, the request names it sums up)."""
    print(f"{'endpoint':<34}{'requests':>9}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}{'errors':>8}")
    for label, names in rows:
        chosen = [record for record in records if record["name"] in names]
        if not chosen:
            print(f"{label:<34}{0:9d}")
            continue
        times = [record["ms"] for record in chosen]
        print(
            f"{label:<34}{len(chosen):9d}{percentile(times, 0.5):9.0f}{percentile(times, 0.95):9.0f}"
            f"{max(times):9.0f}{sum('error' in record for record in chosen):8d}"
        )


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--guests", type=int, default=5000, help="attendees, every one scanned")
    parser.add_argument("--entrances", type=int, default=10, help="one usher at each")
    parser.add_argument("--screens", type=int, default=3, help="arrivals pages open")
    parser.add_argument("--duration", type=float, default=600, help="seconds to scan every guest in")
    parser.add_argument("--rescans", type=float, default=0.02, help="share of the guests scanned twice")
    parser.add_argument("--refresh", type=float, default=30, help="seconds between a screen's loads")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers")
    parser.add_argument("--conn-max-age", type=int, default=60, help="CONN_MAX_AGE of the server")
    parser.add_argument("--database", default="baikonur_checkin_load")
    options = parser.parse_args()

    started = time.perf_counter()
    workdir = Path(tempfile.mkdtemp(prefix="bench-checkin-"))
    database_recreate(options.database)
    database_url = f"{SERVER}/{options.database}"
    port, health_port = free_port(), free_port()
    base = f"http://127.0.0.1:{port}"
    environment = server_environment(database_url, workdir, options, port, health_port)
    # Badge codes are signed with the secret key: this process computes them with the server's.
    os.environ["SECRET_KEY"] = environment["SECRET_KEY"]
    setup_django(database_url)
    password = secrets.token_urlsafe(16)
    event, codes = database_fill(options.guests, options.entrances, options.screens, password)
    rng = random.Random(SEED)  # noqa: S311 (who comes when, not a secret)
    queues = plan(codes, options.entrances, options.rescans, rng)
    print(
        f"{len(codes)} guests, {options.entrances} entrances, {sum(map(len, queues))} scans planned, "
        f"database {options.database}; filled in {time.perf_counter() - started:.0f} s; logs in {workdir}",
        flush=True,
    )

    server = server_start(environment, port, workdir)
    log = Log()
    done = threading.Event()
    lateness = []
    try:
        ushers = [
            Usher(base, event.slug, f"gate-{n}", f"usher-{n}", password, log)
            for n in range(1, options.entrances + 1)
        ]
        warm_up(base, event.slug, ushers[0], password, options.workers)
        load_before = os.getloadavg()
        start = time.time() + 1
        threads = [
            threading.Thread(
                target=usher.run,
                args=(queue, start, options.duration, random.Random(SEED + n), log, lateness),  # noqa: S311
            )
            for n, (usher, queue) in enumerate(zip(ushers, queues, strict=True))
        ]
        screens = [
            threading.Thread(
                target=screen_run,
                args=(
                    base,
                    event.slug,
                    f"screen-{n + 1}",
                    password,
                    start + n * options.refresh / options.screens,  # not all three at once
                    options.refresh,
                    done,
                    log,
                ),
            )
            for n in range(options.screens)
        ]
        for thread in threads + screens:
            thread.start()
        peak = 0.0
        for thread in threads:
            while thread.is_alive():
                thread.join(5)
                peak = max(peak, os.getloadavg()[0])
        load_after = os.getloadavg()
        finished = time.time()
        done.set()
        for thread in screens:
            thread.join()
    finally:
        done.set()
        server_stop(server)
        shutil.rmtree(workdir / "static", ignore_errors=True)

    scans = [record for record in log.records if record["name"] in (SCAN, RESCAN)]
    print(
        f"\n{options.entrances} ushers, {options.screens} screens every {options.refresh:g} s, "
        f"{options.workers} gunicorn workers: {len(scans)} scans in {finished - start:.0f} s "
        f"(planned {options.duration:g} s; an usher fell behind its schedule by at most "
        f"{max(lateness, default=0):.1f} s); load average {load_before[0]:.2f} before, "
        f"{peak:.2f} at most, {load_after[0]:.2f} after (1 min), {os.cpu_count()} CPUs"
    )
    report_table(
        log.records,
        [
            (SCAN, (SCAN,)),
            (RESCAN, (RESCAN,)),
            ("every scan (the bar)", (SCAN, RESCAN)),  # an usher waits as long for either
            (ARRIVALS, (ARRIVALS,)),
            (PAGE, (PAGE,)),
            (OFFLINE_LIST, (OFFLINE_LIST,)),
        ],
    )
    scan_p95 = percentile([record["ms"] for record in scans], 0.95)
    failed = [record for record in log.records if "error" in record]
    print(f"errors: {len(failed)}")
    for record in failed[:10]:
        print(f"  {record['name']}: {record.get('status', '')} {record['error']}")

    per_guest, results = admissions_per_guest(database_url, event.pk)
    once = per_guest.get(1, 0)
    print(
        "admissions per guest in the database: "
        + ", ".join(f"{count} guests {admissions}x" for admissions, count in sorted(per_guest.items()))
        + "; check-ins by result: "
        + ", ".join(f"{result} {count}" for result, count in sorted(results.items()))
    )
    verdicts = {
        f"scan p95 {scan_p95:.0f} ms < {SCAN_BAR_MS} ms": scan_p95 < SCAN_BAR_MS,
        f"{len(failed)} errors": not failed,
        f"{once} of {len(codes)} guests admitted exactly once": once == len(codes) == sum(per_guest.values()),
    }
    passed = all(verdicts.values())
    print(
        ("PASS: " if passed else "FAIL: ")
        + "; ".join(f"{text} ({'yes' if ok else 'NO'})" for text, ok in verdicts.items())
    )
    print(f"whole script {time.perf_counter() - started:.0f} s")
    sys.exit(0 if passed else 1)


if __name__ == "__main__":
    main()
