"""Real job workers for the tests that need them: `manage.py db_worker` processes on the test database.

They run with the real settings (baikonur_events.settings) and the database task backend, as `make serve`
starts them, and are given through the environment what the tests use: the test database (a file on
SQLite, see tests/settings.py) and the folder of private files. The `workers` fixture (tests/conftest.py)
stops every one of them, whole process group, when its test ends.
"""

import contextlib
import os
import secrets
import signal
import subprocess
import sys
import threading
import time
import urllib.parse

import pytest
from django.conf import settings as django_settings
from django.db import connection, connections, transaction

DATABASE_BACKEND = "django_tasks_db.DatabaseBackend"
WAIT_SECONDS = 60  # a job a worker has not finished by then has failed the test
POLL_SECONDS = 0.1


def database_url():
    """The test database (not the one DATABASE_URL names: pytest-django made test_<name>)."""
    database = connection.settings_dict
    if database["ENGINE"] == "django.db.backends.sqlite3":
        return f"sqlite:///{database['NAME']}"
    user = urllib.parse.quote(database["USER"] or "", safe="")
    password = f":{urllib.parse.quote(database['PASSWORD'], safe='')}" if database["PASSWORD"] else ""
    host = f"{database['HOST'] or '127.0.0.1'}:{database['PORT'] or 5432}"
    return f"postgres://{user}{password}@{host}/{database['NAME']}"


class Workers:
    """Starts `manage.py db_worker` processes; each is stopped (its process group) when the test ends."""

    def __init__(self, log_folder, private_root):
        self.log_folder = log_folder
        log_folder.mkdir(parents=True, exist_ok=True)
        self.processes = {}
        self.names = []
        self.logs = []
        self.environment = {
            key: value
            for key, value in os.environ.items()
            if key not in ("DJANGO_SETTINGS_MODULE", "SECRET_KEY", "TASKS_BACKEND")
        } | {
            "DJANGO_SETTINGS_MODULE": "baikonur_events.settings",
            "DEBUG": "false",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "DATABASE_URL": database_url(),
            "TASKS_BACKEND": DATABASE_BACKEND,
            "PRIVATE_MEDIA_ROOT": str(private_root),
            "LOG_LEVEL": "INFO",
        }

    def start(self, name, **settings):
        """A worker named `name`, its settings (e.g. JOB_STALE_SECONDS) given as the environment does."""
        log = (self.log_folder / f"{name}.log").open("w")
        self.logs.append(log)
        process = subprocess.Popen(  # noqa: S603 (our own interpreter and manage.py)
            [
                sys.executable,
                "manage.py",
                "db_worker",
                "--worker-id",
                name,
                "--interval",
                str(POLL_SECONDS),
                "--no-startup-delay",
                "--no-reload",
            ],
            cwd=django_settings.BASE_DIR,
            env=self.environment | {key: str(value) for key, value in settings.items()},
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group, which stop() ends whole
        )
        self.processes[name] = process
        self.names.append(name)
        wait_until(lambda: "Starting worker" in self.log(name), f"worker {name} to start", process)
        return process

    def log(self, name):
        return (self.log_folder / f"{name}.log").read_text()

    def kill(self, name):
        """kill -9, as the kernel's OOM killer or a lost machine would."""
        process = self.processes.pop(name)
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)

    def stop_all(self):
        for process in self.processes.values():
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)  # between jobs it exits at once
        for process in self.processes.values():
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=10)
        self.processes.clear()
        for log in self.logs:
            log.close()
        for name in self.names:  # shown by pytest when the test failed
            print(f"--- {name} ---\n{self.log(name)}")


def wait_until(condition, what, process=None, seconds=WAIT_SECONDS):
    deadline = time.monotonic() + seconds
    while not condition():
        if process is not None and process.poll() is not None:
            pytest.fail(f"waiting for {what}: the worker stopped (exit status {process.returncode})")
        if time.monotonic() > deadline:
            pytest.fail(f"waited {seconds} s for {what}")
        time.sleep(POLL_SECONDS)


@contextlib.contextmanager
def held(work):
    """Runs `work` in a transaction of another connection (a thread of its own) and keeps it open:
    a row it wrote or locked makes a worker that needs that row wait there, so that a test sees the
    state before that point whatever the machine's speed. Yields a function that rolls it back (as
    leaving the block does) and lets the worker go on."""
    ready, release, failure = threading.Event(), threading.Event(), []

    def hold():
        try:
            with transaction.atomic():
                work()
                ready.set()
                release.wait(WAIT_SECONDS * 2)
                transaction.set_rollback(True)
        except Exception as error:  # shown in the test's own thread
            failure.append(error)
        finally:
            ready.set()
            connections.close_all()  # this thread's connection

    thread = threading.Thread(target=hold, daemon=True)
    thread.start()
    ready.wait(WAIT_SECONDS)
    if failure:
        raise failure[0]

    def let_go():
        release.set()
        thread.join(WAIT_SECONDS)

    try:
        yield let_go
    finally:
        let_go()
