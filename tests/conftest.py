import pytest
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
