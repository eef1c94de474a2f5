import pytest
from django.utils import translation


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
