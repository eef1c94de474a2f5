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
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Uploaded files go to a throwaway folder, never into the developer's var/private.
PRIVATE_MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="baikonur-test-private-"))
# Jobs run at once, in the request that starts them; tests that need the real worker start one.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend", "QUEUES": ["default"]}}
