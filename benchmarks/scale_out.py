"""Two web servers and two job workers that share nothing but PostgreSQL, an object store and Redis.

    .venv/bin/python benchmarks/scale_out.py [--attendees 5000] [--items 150] [--badges 1000]
        [--guests 300] [--users 4] [--workers 2] [--run-time 60] [--rsvp-limit 5] [--redis-db 14]
        [--database baikonur_scale_out]

(`make scale-out-test` runs it; it needs no locust: the clients are threads of this script.)

The bar (issue 20): whichever server a request reaches, it sees the same files and the same cache.

1. Drops and creates the PostgreSQL database --database (default baikonur_scale_out) on 127.0.0.1:5432
   (user postgres), migrates it, loads the Baikonur 70 demo and scales it up to --attendees attendees
   and --items program items (fewer than PRINT_DIRECT_ITEMS, so the program is printed within the
   request), with --badges of them in one delegation, as benchmarks/load.py does (its functions). It
   refuses the databases `baikonur` and `test_baikonur*`. The database is kept afterwards.
2. Starts moto's S3 server (`moto_server`) on a free loopback port with a new bucket in it, and
   flushes the Redis database --redis-db on 127.0.0.1:6379. Then two gunicorn servers, A and B, as
   load.py serves one (deploy/gunicorn.conf.py, --workers workers each, DEBUG off), and two job
   workers (`manage.py db_worker`), each process with a PRIVATE_MEDIA_ROOT and a STATIC_ROOT of its
   own under a temporary folder, so that nothing can be shared by disk; all of them with the same
   SECRET_KEY, DATABASE_URL, AWS_* variables (the bucket), CACHE_URL (Redis) and RSVP_FAILURE_LIMIT
   (--rsvp-limit, low). One organizer (a requests session, as a browser behind a load balancer that
   sends each request to either server) then goes through the checks:
   1. a guest list of --guests rows with Cyrillic names (CSV, made here) uploaded through A's admin
      (upload page, upload), previewed and confirmed through B, its file downloaded (/files/…)
      through B, byte for byte the one uploaded;
   2. the badges of the --badges delegation printed as in load.py (the attendee list filtered by the
      delegation, all selected, "Print badges") through A, which starts a job; the job's page asked
      every second until the workers have rendered every part; its PDF downloaded from A and from B:
      the same bytes, a PDF; which workers ran its parts (read in PostgreSQL);
   3. the program PDF printed through A, then through B: the same bytes, B answering in a fraction
      of A's time (under a third), and one object in the bucket's print-cache/ after both;
   4. load split across both servers: --users organizers per server, each logged in through the
      login form, searching the attendee list for a Cyrillic surname, opening attendees' change
      forms and polling /healthz back to back for --run-time seconds, twice as many organizers as
      workers, as load.py's 8 on 4 (so every worker is busy and requests queue, as on the morning of
      the ceremony); no request errors, and the attendee list's p95 within 3x /healthz's, on each
      server and overall;
   5. the RSVP failure throttle counted in Redis for both servers: --rsvp-limit - 1 junk RSVP links
      on A and one on B are each 404, the next one is 429 on B and on A.
   Last, no private file was written to any process's own folder.
3. Prints the figures, PASS or FAIL for each check, and a summary; the exit status says the same.
"""

import argparse
import csv
import io
import os
import random
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import boto3
import redis
import requests
from load import (
    BIN,
    SERVER,
    csrf_token,
    database_fill,
    database_recreate,
    free_port,
    job_workers_start,
    log_in,
    percentile,
    server_environment,
    server_start,
    server_stop,
    warm_up,
)
from throwaway_db import setup_django

SEED = 20
RATIO_GOAL = 3.0
CACHE_HIT_GOAL = 1 / 3  # B's time for the program printed by A, at most this share of A's
REQUEST_TIMEOUT = 120
JOB_TIMEOUT = 900  # seconds for the badges' job, at most
BUCKET = "baikonur-scale-out"
KEYS = {"AWS_ACCESS_KEY_ID": "scale-out", "AWS_SECRET_ACCESS_KEY": "scale-out-secret"}
REGION = "us-east-1"

CHANGELIST = "attendee list ?q=surname"
CHANGE_FORM = "attendee change form"
HEALTHZ = "/healthz"
CONFIRM_ACTION = re.compile(r'action="([^"]*/confirm/)"')
UPLOADED_FILE = re.compile(r'href="(/files/[^"]+)"[^>]*id="uploaded-file"')
PAGE_CHECKBOX = re.compile(r'name="_selected_action" value="(\d+)"')
JOB_PAGE = re.compile(r"/admin/ceremony/job/\d+/change/$")


# ---------------------------------------------------------------------------------------------------
# The shared services


def object_store_start(workdir):
    """moto's S3 server on a free port, with the bucket; (its process, its address)."""
    port = free_port()
    store = subprocess.Popen(  # noqa: S603 (moto's own command, from our interpreter's folder)
        [str(BIN / "moto_server"), "-H", "127.0.0.1", "-p", str(port)],
        stdout=(workdir / "moto.log").open("w"),
        stderr=subprocess.STDOUT,
    )
    address = f"http://127.0.0.1:{port}"
    for _attempt in range(100):
        try:
            requests.get(address, timeout=2)
            break
        except requests.ConnectionError:
            if store.poll() is not None:
                sys.exit(f"moto_server did not start; see {workdir / 'moto.log'}")
            time.sleep(0.2)
    client = boto3.client(
        "s3",
        endpoint_url=address,
        region_name=REGION,
        aws_access_key_id=KEYS["AWS_ACCESS_KEY_ID"],
        aws_secret_access_key=KEYS["AWS_SECRET_ACCESS_KEY"],
    )
    client.create_bucket(Bucket=BUCKET)
    return store, address, client


def bucket_keys(client, prefix=""):
    listed = client.list_objects_v2(Bucket=BUCKET, Prefix=prefix)
    return sorted(item["Key"] for item in listed.get("Contents", []))


def shared_environment(store_address, cache_url, rsvp_limit):
    """What every server and worker is given alike: the bucket, the cache, the throttle's limit."""
    return {
        "AWS_STORAGE_BUCKET_NAME": BUCKET,
        "AWS_S3_ENDPOINT_URL": store_address,
        "AWS_S3_REGION_NAME": REGION,
        **KEYS,
        "CACHE_URL": cache_url,
        "RSVP_FAILURE_LIMIT": str(rsvp_limit),
    }


def local_files(folder):
    return sorted(str(path.relative_to(folder)) for path in folder.rglob("*") if path.is_file())


# ---------------------------------------------------------------------------------------------------
# The checks


def guest_list_csv(rows):
    """A guest list with Cyrillic names, one guest a row, none of them in the demo (unique e-mails)."""
    from ceremony.demo import guests as names

    families = [family for family, _latin in names.RUSSIAN_FAMILIES + names.KAZAKH_FAMILIES]
    given = [name for name, _latin in names.RUSSIAN_MEN + names.KAZAKH_MEN]
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(["Фамилия", "Имя", "Организация", "Должность", "Эл. почта"])
    for n in range(rows):
        writer.writerow(
            [
                families[n % len(families)],
                given[n % len(given)],
                f"Космодром, отдел {n % 17}",
                "Инженер",
                f"scale-out-guest-{n}@example.kz",
            ]
        )
    return out.getvalue().encode()


def check_guest_list(session, a, b, event_id, rows):
    """Uploaded through A; previewed, confirmed and downloaded through B."""
    from ceremony.models import GuestImport

    data = guest_list_csv(rows)
    page = session.get(f"{a}/admin/ceremony/guestimport/add/?event={event_id}", timeout=REQUEST_TIMEOUT)
    upload = session.post(
        f"{a}/admin/ceremony/guestimport/add/",
        data={
            "csrfmiddlewaretoken": csrf_token(page.text),
            "event": event_id,
            "language": "ru",
            "encoding": "",
            "delimiter": "",
        },
        files={"file": ("гости.csv", data, "text/csv")},
        headers={"Referer": page.url},
        allow_redirects=False,
        timeout=REQUEST_TIMEOUT,
    )
    if upload.status_code != 302:
        return False, f"upload through A: {upload.status_code}, no preview"
    preview = session.get(b + upload.headers["Location"], timeout=REQUEST_TIMEOUT)
    counted = f'id="count-new">{rows}<' in preview.text
    confirm = CONFIRM_ACTION.search(preview.text)
    link = UPLOADED_FILE.search(preview.text)
    if not (preview.ok and counted and confirm and link):
        return False, f"preview through B: {preview.status_code}, {rows} new guests shown: {counted}"
    confirmed = session.post(
        b + confirm.group(1),
        data={"csrfmiddlewaretoken": csrf_token(preview.text), "confirm": "Import"},
        headers={"Referer": preview.url},
        allow_redirects=False,
        timeout=REQUEST_TIMEOUT,
    )
    download = session.get(b + link.group(1), timeout=REQUEST_TIMEOUT)
    imported = GuestImport.objects.order_by("pk").last()
    ok = (
        confirmed.status_code == 302
        and imported.status == "imported"
        and imported.new_count == rows
        and download.ok
        and download.content == data
    )
    return ok, (
        f"{rows} rows, {len(data)} bytes uploaded through A; preview through B showed {rows} new; "
        f"confirm through B: {confirmed.status_code}, import {imported.status} ({imported.new_count} new); "
        f"{link.group(1)} through B: {download.status_code}, "
        f"{'the same bytes' if download.content == data else 'NOT the bytes uploaded'}"
    )


def job_followed(session, base, job_page, deadline):
    status = {}
    while time.monotonic() < deadline:
        time.sleep(1)
        answer = session.get(base + job_page, params={"format": "json"}, timeout=REQUEST_TIMEOUT)
        status = answer.json() if answer.ok else {}
        if status.get("state") in ("done", "failed", "cancelled"):
            break
    return status


def check_badges(session, a, b, delegation_id, badges, database_url):
    """Started through A, rendered by the workers, downloaded from A and from B."""
    import psycopg

    clock = time.perf_counter()
    listing = f"{a}/admin/ceremony/attendee/?delegation__id__exact={delegation_id}"
    page = session.get(listing, timeout=REQUEST_TIMEOUT)
    action = session.post(
        listing,
        data={
            "csrfmiddlewaretoken": csrf_token(page.text),
            "action": "print_badges",
            "select_across": "1",  # "Select all N attendees", not only the page's
            "index": "0",
            "_selected_action": PAGE_CHECKBOX.findall(page.text),
        },
        headers={"Referer": page.url},
        allow_redirects=False,
        timeout=REQUEST_TIMEOUT,
    )
    job_page = action.headers.get("Location", "")
    if action.status_code != 302 or not JOB_PAGE.search(job_page):
        return False, f"the print action through A started no job: {action.status_code} {job_page}", {}
    status = job_followed(session, a, job_page, time.monotonic() + JOB_TIMEOUT)
    rendered = time.perf_counter() - clock
    if status.get("state") != "done" or not status.get("result_url"):
        return False, f"the job ended {status.get('state', 'unfinished')}: {status.get('message')}", {}
    from_a = session.get(a + status["result_url"], timeout=REQUEST_TIMEOUT)
    from_b = session.get(b + status["result_url"], timeout=REQUEST_TIMEOUT)
    job_id = int(job_page.rstrip("/").split("/")[-2])
    with psycopg.connect(database_url) as connection:
        # Each part is a job of its own, whose task a worker took; the ids of the workers that did.
        parts = connection.execute(
            "select count(*) from ceremony_job where parent_id = %s", [job_id]
        ).fetchone()[0]
        # The run's only tasks are this job's (the import and the warm-up's printouts need none).
        workers = dict(
            connection.execute(
                """
                select worker, count(*) from (
                    select jsonb_array_elements_text(worker_ids) as worker
                    from django_tasks_database_dbtaskresult
                ) taken group by worker order by worker
                """
            ).fetchall()
        )
    same = from_a.ok and from_b.ok and from_a.content == from_b.content
    ok = same and from_a.content.startswith(b"%PDF")
    return (
        ok,
        f"{badges} badges: job #{job_id} in {parts} parts, action to done {rendered:.1f} s; "
        f"{status['result_url']}: A {from_a.status_code} ({len(from_a.content)} bytes), "
        f"B {from_b.status_code} ({len(from_b.content)} bytes), "
        f"{'byte-identical' if same else 'NOT the same'}, "
        f"{'a PDF' if from_a.content.startswith(b'%PDF') else 'NOT a PDF'}",
        workers,
    )


def check_program(session, a, b, slug, store):
    """Printed through A (rendered, kept in the bucket); through B, the copy kept."""
    url = f"/print/{slug}/program.pdf"
    before = len(bucket_keys(store, "print-cache/"))
    times, answers = {}, {}
    for name, base in (("A", a), ("B", b)):
        clock = time.perf_counter()
        answers[name] = session.get(base + url, allow_redirects=False, timeout=REQUEST_TIMEOUT)
        times[name] = time.perf_counter() - clock
    kept = len(bucket_keys(store, "print-cache/"))
    pdf_a, pdf_b = answers["A"].content, answers["B"].content
    same = answers["A"].status_code == answers["B"].status_code == 200 and pdf_a == pdf_b
    fast = times["B"] <= CACHE_HIT_GOAL * times["A"]
    ok = same and pdf_a.startswith(b"%PDF") and fast and before == 0 and kept == 1
    return ok, (
        f"A {answers['A'].status_code} in {times['A'] * 1000:.0f} ms, B {answers['B'].status_code} in "
        f"{times['B'] * 1000:.0f} ms ({times['B'] / times['A']:.0%} of A's; goal: under "
        f"{CACHE_HIT_GOAL:.0%}), {'the same PDF' if same else 'NOT the same bytes'} ({len(pdf_a)} bytes); "
        f"objects in print-cache/: {before} before, {kept} after both"
    )


def organizer_run(server, base, username, password, surnames, attendee_ids, deadline, seed, records):
    """One organizer on one server, back to back: searches, change forms, /healthz (3:3:2)."""
    rng = random.Random(seed)  # noqa: S311 (what to ask for, not a secret)
    session = requests.Session()
    if not log_in(session, base, username, password):
        records.append({"server": server, "name": "login", "ms": 0, "error": f"{username} not logged in"})
        return
    while time.monotonic() < deadline:
        name = rng.choice([CHANGELIST] * 3 + [CHANGE_FORM] * 3 + [HEALTHZ] * 2)
        if name == CHANGELIST:
            url, marker = f"{base}/admin/ceremony/attendee/?q={rng.choice(surnames)}", 'id="result_list"'
        elif name == CHANGE_FORM:
            url, marker = (
                f"{base}/admin/ceremony/attendee/{rng.choice(attendee_ids)}/change/",
                'id="attendee_form"',
            )
        else:
            url, marker = f"{base}/healthz", '"ok"'
        record = {"server": server, "name": name}
        clock = time.perf_counter()
        try:
            response = session.get(url, timeout=REQUEST_TIMEOUT)
            record["status"] = response.status_code
            if not response.ok:
                record["error"] = f"HTTP {response.status_code}"
            elif marker not in response.text:
                record["error"] = f"{marker!r} not in the answer"
        except requests.RequestException as error:
            record["error"] = repr(error)[:200]
        record["ms"] = (time.perf_counter() - clock) * 1000
        records.append(record)


def check_load(servers, config, options):
    """--users organizers per server for --run-time seconds; the table, and the p95s per server."""
    records = []
    deadline = time.monotonic() + options.run_time
    threads = [
        threading.Thread(
            target=organizer_run,
            args=(
                server,
                base,
                f"organizer-{n * options.users + k + 1}",
                config["password"],
                config["surnames"],
                config["attendee_ids"],
                deadline,
                SEED + n * 100 + k,
                records,
            ),
        )
        for n, (server, base) in enumerate(servers.items())
        for k in range(options.users)
    ]
    load_before = os.getloadavg()
    for thread in threads:
        thread.start()
    peak = 0.0
    for thread in threads:
        while thread.is_alive():
            thread.join(5)
            peak = max(peak, os.getloadavg()[0])
    print(
        f"\n{options.users} organizers on each of {len(servers)} servers ({options.workers} gunicorn "
        f"workers each), {len(records)} requests in {options.run_time} s; load average "
        f"{load_before[0]:.2f} before, {peak:.2f} at most (1 min), {os.cpu_count()} CPUs"
    )
    print(f"{'server':<8}{'endpoint':<28}{'requests':>9}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}{'errors':>8}")
    ratios = {}
    for server in [*servers, "both"]:
        chosen = [r for r in records if server in (r["server"], "both")]
        p95 = {}
        for name in (CHANGELIST, CHANGE_FORM, HEALTHZ):
            rows = [r for r in chosen if r["name"] == name]
            if not rows:
                print(f"{server:<8}{name:<28}{0:9d}")
                continue
            times = [r["ms"] for r in rows]
            p95[name] = percentile(times, 0.95)
            print(
                f"{server:<8}{name:<28}{len(rows):9d}{percentile(times, 0.5):9.0f}{p95[name]:9.0f}"
                f"{max(times):9.0f}{sum('error' in r for r in rows):8d}"
            )
        if CHANGELIST in p95 and HEALTHZ in p95:
            ratios[server] = (p95[CHANGELIST], p95[HEALTHZ])
    errors = [r for r in records if "error" in r]
    for record in errors[:5]:
        print(f"  {record['server']} {record['name']}: {record.get('status', '')} {record['error']}")
    within = len(ratios) == len(servers) + 1 and all(c <= RATIO_GOAL * h for c, h in ratios.values())
    return (
        not errors and within,
        f"{len(records)} requests, {len(errors)} errors; attendee list p95 / /healthz p95: "
        + ", ".join(f"{server} {c:.0f} / {h:.0f} ms = {c / h:.1f}x" for server, (c, h) in ratios.items())
        + f" (goal: within {RATIO_GOAL:g}x)",
    )


def check_rsvp_throttle(a, b, limit, cache):
    """The failures of guessed RSVP links from one address, counted in Redis for both servers."""

    def junk(base):
        return requests.get(f"{base}/rsvp/{secrets.token_urlsafe(24)}/", timeout=REQUEST_TIMEOUT).status_code

    on_a = [junk(a) for _ in range(limit - 1)]
    last = junk(b)  # the limit-th failure, on the other server
    then_b, then_a = junk(b), junk(a)
    keys = [key.decode() for key in cache.keys("*throttle:rsvp:*")]
    ok = on_a == [404] * (limit - 1) and last == 404 and then_b == then_a == 429 and bool(keys)
    return ok, (
        f"RSVP_FAILURE_LIMIT={limit}: {limit - 1} junk links on A answered {on_a}, one on B {last}; "
        f"then B {then_b}, A {then_a}; counted in Redis under {keys}"
    )


# ---------------------------------------------------------------------------------------------------


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--attendees", type=int, default=5000)
    parser.add_argument("--items", type=int, default=150, help="program items, printed within the request")
    parser.add_argument("--badges", type=int, default=1000, help="attendees of the delegation printed")
    parser.add_argument("--guests", type=int, default=300, help="rows of the guest list imported")
    parser.add_argument(
        "--users", type=int, default=4, help="organizers per server during the load (twice --workers)"
    )
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers per server")
    parser.add_argument("--run-time", type=int, default=60, help="seconds of load")
    parser.add_argument("--rsvp-limit", type=int, default=5, help="the servers' RSVP_FAILURE_LIMIT")
    parser.add_argument("--redis-db", type=int, default=14, help="of Redis on 127.0.0.1:6379, flushed")
    parser.add_argument("--conn-max-age", type=int, default=60, help="CONN_MAX_AGE of the servers")
    parser.add_argument("--database", default="baikonur_scale_out")
    options = parser.parse_args()

    started = time.perf_counter()
    workdir = Path(tempfile.mkdtemp(prefix="bench-scale-out-"))
    database_recreate(options.database)
    database_url = f"{SERVER}/{options.database}"
    setup_django(database_url)
    from ceremony.demo import guests as names

    password = secrets.token_urlsafe(16)
    event = database_fill(options.attendees, options.items, 2 * options.users, password, options.badges)
    rng = random.Random(SEED)  # noqa: S311
    config = {  # what load.py's warm_up reads too
        "password": password,
        "attendee_ids": rng.sample(list(event.attendees.values_list("pk", flat=True)), 500),
        "surnames": rng.sample([family for family, _latin in names.RUSSIAN_FAMILIES], 8),
    }
    delegation_id = event.delegations.get(name__endswith="(load run)").pk
    print(
        f"{event.attendees.count()} attendees, {event.program_items.count()} program items, database "
        f"{options.database}; filled in {time.perf_counter() - started:.0f} s; logs in {workdir}",
        flush=True,
    )

    cache_url = f"redis://127.0.0.1:6379/{options.redis_db}"
    cache = redis.Redis.from_url(cache_url)
    cache.flushdb()
    store, store_address, client = object_store_start(workdir)
    shared = shared_environment(store_address, cache_url, options.rsvp_limit)
    # One for all, as in production: a login made on A is checked on B with it (the session's hash of
    # the password), and the badge codes a worker prints are signed with it.
    secret_key = secrets.token_urlsafe(50)
    folders = {name: workdir / name for name in ("A", "B", "worker-1", "worker-2")}
    servers, processes, environments = {}, [], {}
    try:
        for name, folder in folders.items():
            folder.mkdir()
            port, health_port = free_port(), free_port()
            environments[name] = server_environment(database_url, folder, options, port, health_port) | {
                **shared,
                "SECRET_KEY": secret_key,
            }
            if name in ("A", "B"):
                processes.append(server_start(environments[name], port, folder))
                servers[name] = f"http://127.0.0.1:{port}"
            else:
                processes += job_workers_start(environments[name], folder, 1, name=f"scale-out-{name}")
        for base in servers.values():
            warm_up(base, config, options.workers)
        a, b = servers["A"], servers["B"]
        organizer = requests.Session()  # one browser; the balancer sends each request to A or to B
        if not log_in(organizer, a, "importer", password):
            sys.exit("importer could not log in")

        results = {}
        print(
            "\n1. a guest list uploaded through A, previewed, confirmed and downloaded through B", flush=True
        )
        results[1] = check_guest_list(organizer, a, b, event.pk, options.guests)
        print(f"   {results[1][1]}", flush=True)
        print(
            f"\n2. badges of {options.badges} attendees started through A, downloaded from A and B",
            flush=True,
        )
        ok, said, workers = check_badges(organizer, a, b, delegation_id, options.badges, database_url)
        results[2] = (ok and len(workers) == 2, said)
        print(f"   {said}; tasks taken per worker: {workers}", flush=True)
        print("\n3. the program printed through A, then through B", flush=True)
        results[3] = check_program(organizer, a, b, event.slug, client)
        print(f"   {results[3][1]}", flush=True)
        print(f"\n4. load split across both servers for {options.run_time} s", flush=True)
        results[4] = check_load(servers, config, options)
        print(f"   {results[4][1]}", flush=True)
        print("\n5. the RSVP failure throttle, counted in Redis", flush=True)
        results[5] = check_rsvp_throttle(a, b, options.rsvp_limit, cache)
        print(f"   {results[5][1]}", flush=True)
        objects = bucket_keys(client)
    finally:
        for process in reversed(processes):
            server_stop(process)
        server_stop(store)

    own = {
        name: local_files(folder / "private")
        for name, folder in folders.items()
        if (folder / "private").exists()
    }
    results[6] = (
        not any(own.values()),
        "private files in the processes' own folders: "
        + (", ".join(f"{name} {files}" for name, files in own.items() if files) or "none")
        + f"; objects in the bucket: {len(objects)}",
    )
    for name in folders:
        shutil.rmtree(folders[name] / "static", ignore_errors=True)

    titles = {
        1: "guest list: uploaded on A, previewed, confirmed and downloaded on B",
        2: f"{options.badges} badges: job through A, rendered by both workers, same PDF from A and B",
        3: "program: printed on A, a print-cache hit on B",
        4: f"load on both: no errors, attendee list p95 within {RATIO_GOAL:g}x /healthz's",
        5: "RSVP throttle: failures on A and B counted together (Redis)",
        6: "nothing written to a process's own disk",
    }
    print("\nSummary")
    for number, (ok, _said) in results.items():
        print(f"  {number}. {'PASS' if ok else 'FAIL'}  {titles[number]}")
    passed = all(ok for ok, _said in results.values())
    print(f"{'PASS' if passed else 'FAIL'}: {sum(ok for ok, _ in results.values())} of {len(results)} checks")
    print(f"whole script {time.perf_counter() - started:.0f} s")
    sys.exit(0 if passed else 1)


if __name__ == "__main__":
    main()
