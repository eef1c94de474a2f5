"""Organizers at work on a big event, one printing badges through jobs, and one guest-list import
alongside (locust, driven by load.py).

benchmarks/load.py writes the configuration (a JSON file named by LOAD_CONFIG: accounts, the event,
attendee ids, surnames, the guest list to import) and reads back the log of every request this file
writes, one JSON line each. Each simulated user logs in once through the real login form (CSRF token
from the page), as a person would, so that a login throttle on failures or a content security policy
does not change what is measured.
"""

import itertools
import json
import os
import random
import re
import time
from pathlib import Path

import gevent
from load import (
    BADGES_JOB,
    BADGES_START,
    CHANGE_FORM,
    CHANGELIST,
    HEALTHZ,
    IMPORT_CONFIRM,
    IMPORT_PREVIEW,
    IMPORT_TOTAL,
    PROGRAM_JOB,
    PROGRAM_PDF,
)
from locust import HttpUser, between, constant, events, task
from locust.exception import StopUser

CONFIG = json.loads(Path(os.environ["LOAD_CONFIG"]).read_text())
TIMEOUT = CONFIG["request_timeout"]  # seconds: a request that takes longer is a hang, and fails
CSRF_TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
CONFIRM_ACTION = re.compile(r'action="([^"]*/confirm/)"')
PAGE_CHECKBOX = re.compile(r'name="_selected_action" value="(\d+)"')
JOB_PAGE = re.compile(r"/admin/ceremony/job/\d+/change/$")
JOB_FINISHED = ("done", "failed", "cancelled")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


_organizer_numbers = itertools.count(1)
_requests_made = itertools.count(1)
_log = open(CONFIG["request_log"], "a", buffering=1)  # noqa: SIM115 (open for the whole run)
_environment = None


@events.init.add_listener
def remember_environment(environment, **_kwargs):
    global _environment  # the request hook below needs the runner
    _environment = environment


@events.request.add_listener
def log_request(request_type, name, response_time, response=None, exception=None, start_time=None, **_kwargs):
    status = getattr(response, "status_code", None)
    record = {"start": start_time, "name": name, "ms": response_time, "status": status}
    if exception is not None:
        record["error"] = str(exception)[:300]
    _log.write(json.dumps(record, ensure_ascii=False) + "\n")
    # Bounded in requests as well as in time: stop the run (in-flight tasks finish) at the cap.
    if next(_requests_made) == CONFIG["max_requests"] and _environment and _environment.runner:
        gevent.spawn(_environment.runner.quit)


def csrf_token(page):
    found = CSRF_TOKEN.search(page)
    return found.group(1) if found else ""


def log_in(client, username):
    """The admin's login form, as a browser fills it in; a user who cannot log in stops."""
    page = client.get("/admin/login/", name="login page", timeout=TIMEOUT)
    with client.post(
        "/admin/login/",
        data={
            "csrfmiddlewaretoken": csrf_token(page.text),
            "username": username,
            "password": CONFIG["password"],
            "next": "/admin/",
        },
        headers={"Referer": page.url},
        name="login",
        timeout=TIMEOUT,
        catch_response=True,
    ) as response:
        if response.ok and "sessionid" not in client.cookies:
            response.failure(f"{username} is not logged in")
    if "sessionid" not in client.cookies:
        raise StopUser


def expect(response, marker):
    """An answer is right when it is a success and shows what a person would look for on it."""
    body = response.content if isinstance(marker, bytes) else response.text
    if response.ok and marker not in body:
        response.failure(f"{marker!r} not in the answer (the login page instead?)")


class OrganizerSession(HttpUser):
    """An organizer's own account, logged in once."""

    abstract = True

    def on_start(self):
        log_in(self.client, f"organizer-{next(_organizer_numbers)}")

    def get(self, url, name, marker, **kwargs):
        with self.client.get(url, name=name, timeout=TIMEOUT, catch_response=True, **kwargs) as response:
            expect(response, marker)


class Organizer(OrganizerSession):
    """Looks guests up and opens their records; /healthz stands for the load balancer's checks."""

    wait_time = between(*CONFIG["think_time"])

    @task(3)
    def search_attendees(self):
        self.get(
            "/admin/ceremony/attendee/",
            CHANGELIST,
            'id="result_list"',
            params={"q": random.choice(CONFIG["surnames"])},  # noqa: S311
        )

    @task(3)
    def open_attendee(self):
        attendee = random.choice(CONFIG["attendee_ids"])  # noqa: S311
        self.get(f"/admin/ceremony/attendee/{attendee}/change/", CHANGE_FORM, 'id="attendee_form"')

    @task(2)
    def health(self):
        self.get("/healthz", HEALTHZ, '"ok"')


def follow_job(user, job_page, clock, started, names):
    """Follow a job's page (?format=json every second, as job.js does) until it has finished, download
    its PDF, and report the whole, from the request that started it, under names["total"]."""
    deadline = clock + 20 * TIMEOUT
    status = {}
    while time.perf_counter() < deadline:
        gevent.sleep(1)
        with user.client.get(
            job_page, params={"format": "json"}, name=names["status"], timeout=TIMEOUT, catch_response=True
        ) as answer:
            try:
                status = answer.json() if answer.ok else {}
            except ValueError:
                answer.failure("not the job's status (the login page instead?)")
                status = {}
        if status.get("state") in JOB_FINISHED:
            break
    failure = None
    if status.get("state") != "done" or not status.get("result_url"):
        failure = RuntimeError(f"the job ended {status.get('state', 'unfinished')}: {status.get('message')}")
    else:
        user.get(status["result_url"], names["download"], b"%PDF-")
    events.request.fire(
        request_type="JOB",
        name=names["total"],
        response_time=(time.perf_counter() - clock) * 1000,
        response_length=0,
        response=None,
        exception=failure,
        context={},
        start_time=started,
        url=job_page,
    )


class ProgramPrinter(OrganizerSession):
    """An organizer who prints the program now and then: a PDF of the whole program takes seconds of
    CPU, so a few at once would occupy every worker; one printer keeps the rate an office's. A program
    of more than PRINT_DIRECT_ITEMS items is printed by a job: its page is followed to the PDF."""

    fixed_count = 1
    wait_time = between(*CONFIG["print_interval"])

    @task
    def print_program(self):
        started, clock = time.time(), time.perf_counter()
        with self.client.get(
            f"/print/{CONFIG['event_slug']}/program.pdf",
            name=PROGRAM_PDF,
            timeout=TIMEOUT,
            allow_redirects=False,
            catch_response=True,
        ) as response:
            job_page = response.headers.get("Location", "")
            if response.status_code == 302 and JOB_PAGE.search(job_page):
                pass  # printed by a job
            elif response.status_code == 200:
                expect(response, b"%PDF-")
                return
            else:
                response.failure(f"neither a PDF nor a job: {response.status_code} {job_page}")
                return
        follow_job(self, job_page, clock, started, PROGRAM_JOB)


class BadgePrinter(OrganizerSession):
    """An organizer who prints the badges of a delegation of a thousand, as the admin offers it: the
    attendee list filtered by the delegation, every one of them selected, "Print badges". That starts
    a job, whose page is followed until the PDF is ready, which is downloaded. Then the next batch, a
    few seconds later."""

    fixed_count = 1
    wait_time = between(2, 5)

    @task
    def print_badges(self):
        started, clock = time.time(), time.perf_counter()
        listing = f"/admin/ceremony/attendee/?delegation__id__exact={CONFIG['badge_delegation']}"
        with self.client.get(
            listing, name="badges: the delegation's list", timeout=TIMEOUT, catch_response=True
        ) as page:
            expect(page, 'id="result_list"')
        with self.client.post(
            listing,
            data={
                "csrfmiddlewaretoken": csrf_token(page.text),
                "action": "print_badges",
                "select_across": "1",  # "Select all N attendees", not only the page's
                "index": "0",
                "_selected_action": PAGE_CHECKBOX.findall(page.text),  # the page's, ticked
            },
            headers={"Referer": page.url},
            allow_redirects=False,
            name=BADGES_START,
            timeout=TIMEOUT,
            catch_response=True,
        ) as action:
            job_page = action.headers.get("Location", "")
            if action.status_code != 302 or not JOB_PAGE.search(job_page):
                action.failure(f"no job: {action.status_code} {job_page}")
                return
        follow_job(self, job_page, clock, started, BADGES_JOB)


class GuestListImporter(HttpUser):
    """One organizer uploads a guest list, reads the preview and confirms it, once."""

    fixed_count = 1
    wait_time = constant(0)

    def on_start(self):
        log_in(self.client, CONFIG["importer"])

    @task
    def import_guest_list(self):
        gevent.sleep(CONFIG["import_delay"])
        started, clock = time.time(), time.perf_counter()
        upload_page = f"/admin/ceremony/guestimport/add/?event={CONFIG['event_id']}"
        with self.client.get(
            upload_page, name="import: upload page", timeout=TIMEOUT, catch_response=True
        ) as page:
            expect(page, 'name="file"')
        with self.client.post(
            "/admin/ceremony/guestimport/add/",
            data={
                "csrfmiddlewaretoken": csrf_token(page.text),
                "event": CONFIG["event_id"],
                "language": "",
                "encoding": "",
                "delimiter": "",
            },
            files={"file": ("guests.xlsx", Path(CONFIG["guest_list"]).read_bytes(), XLSX)},
            headers={"Referer": page.url},
            allow_redirects=False,
            name="import: upload (reads, checks)",
            timeout=TIMEOUT,
            catch_response=True,
        ) as upload:
            if upload.status_code != 302:
                upload.failure(f"no preview: {upload.status_code}")
                raise StopUser
        preview_url = upload.headers["Location"]
        with self.client.get(
            preview_url, name=IMPORT_PREVIEW, timeout=TIMEOUT, catch_response=True
        ) as preview:
            expect(preview, f'id="count-new">{CONFIG["import_rows"]}<')
        confirm = CONFIRM_ACTION.search(preview.text)
        if not preview.ok or confirm is None:
            raise StopUser
        with self.client.post(
            confirm.group(1),
            data={"csrfmiddlewaretoken": csrf_token(preview.text), "confirm": "Import"},
            headers={"Referer": preview.url},
            allow_redirects=False,
            name=IMPORT_CONFIRM,
            timeout=TIMEOUT,
            catch_response=True,
        ) as confirmed:
            if confirmed.status_code != 302 or "/attendee/" not in confirmed.headers.get("Location", ""):
                confirmed.failure(f"not imported: {confirmed.status_code}")
                raise StopUser
        events.request.fire(
            request_type="IMPORT",
            name=IMPORT_TOTAL,
            response_time=(time.perf_counter() - clock) * 1000,
            response_length=0,
            response=None,
            exception=None,
            context={},
            start_time=started,
            url=preview_url,
        )
        raise StopUser
