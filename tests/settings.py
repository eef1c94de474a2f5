"""Settings for the test suite: the real settings, with what tests need changed.

The database is still chosen by DATABASE_URL, so the same suite runs on SQLite and on PostgreSQL.
"""

import os
import tempfile
from pathlib import Path

os.environ.setdefault("SECRET_KEY", "tests-only-secret-key")
os.environ.setdefault("HTTPS", "false")  # the test client speaks plain HTTP

from baikonur_events.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Email is decided here, whatever EMAIL_URL says: kept in memory (django.core.mail.outbox), sent at
# once; tests/test_outbox.py gives its workers a real SMTP server.
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
EMAIL_FILE_PATH = Path(tempfile.mkdtemp(prefix="baikonur-test-mail-"))
EMAIL_MESSAGES_PER_MINUTE = 60_000
EMAIL_RETRY_BASE_SECONDS = 0
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# The cache as the site has it (files, shared by processes), in a throwaway folder; CACHE_URL chooses
# another, as for the site (tests/test_scaling.py gives its subprocesses Redis that way).
if "CACHE_URL" not in os.environ:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": tempfile.mkdtemp(prefix="baikonur-test-cache-"),
        }
    }
# Uploaded files go to a throwaway folder, never into the developer's var/private.
PRIVATE_MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="baikonur-test-private-"))
# Jobs run at once, in the request that starts them; tests that need the real worker start one.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend", "QUEUES": ["default"]}}
# On SQLite the test database is a file, not pytest-django's in-memory default: the job workers that
# tests/test_workers.py starts are other processes, and must see it. WAL lets them write while the
# tests read (the mode stays with the file, so the workers use it too); this process does not wait for
# the disk, the data being thrown away.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    _database = DATABASES["default"]  # noqa: F405
    _database["TEST"] = {"NAME": str(Path(tempfile.mkdtemp(prefix="baikonur-test-db-")) / "test.sqlite3")}
    _database.setdefault("OPTIONS", {})["init_command"] = "PRAGMA journal_mode=WAL; PRAGMA synchronous=OFF"
# The tests' jobs run in the test's own transaction, where a second connection would see no job:
# progress goes through the one connection. The real workers (tests/job_workers.py) keep the second.
DATABASES.pop(JOB_PROGRESS_DATABASE, None)  # noqa: F405
JOB_PROGRESS_DATABASE = None
