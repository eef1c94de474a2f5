import uuid
from urllib.parse import quote

import pytest
from django.db import connection
from django.utils import translation

from tests.job_workers import DATABASE_BACKEND, Workers


@pytest.fixture(autouse=True)
def _english():
    """Tests read labels and names in English unless they switch language themselves."""
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def private_root(settings, tmp_path):
    """Uploaded files (videos, guest lists), job results and kept printouts go to a folder of the
    test's own: no test finds another's printout in the print cache."""
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    return settings.PRIVATE_MEDIA_ROOT


@pytest.fixture
def workers(settings, private_root, tmp_path):
    """Starts real job workers (tests.job_workers.Workers); the test queues jobs on the database for
    them, as the site does. Needs the database committed: django_db(transaction=True)."""
    settings.TASKS = {"default": {"BACKEND": DATABASE_BACKEND, "QUEUES": ["default"]}}
    private_root.mkdir(parents=True, exist_ok=True)
    started = Workers(tmp_path / "workers", private_root)
    yield started
    started.stop_all()


@pytest.fixture
def empty_database(tmp_path):
    """The address of a database with nothing in it, not even tables (a restore's, tests/test_backup.py)."""
    if connection.vendor != "postgresql":
        yield f"sqlite:///{tmp_path / 'restored.sqlite3'}"
        return
    name = f"baikonur_restore_{uuid.uuid4().hex[:12]}"
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    database = connection.settings_dict
    credentials = quote(database["USER"]) + (
        f":{quote(database['PASSWORD'])}" if database["PASSWORD"] else ""
    )
    yield f"postgres://{credentials}@{database['HOST']}:{database['PORT'] or 5432}/{name}"
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
