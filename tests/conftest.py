import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _english():
    """Tests read labels and names in English unless they switch language themselves."""
    with translation.override("en"):
        yield


@pytest.fixture
def private_root(settings, tmp_path):
    """Uploaded files (videos, guest lists) go to a folder of the test's own."""
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    return settings.PRIVATE_MEDIA_ROOT
