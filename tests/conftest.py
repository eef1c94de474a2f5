import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _english():
    """Tests read labels and names in English unless they switch language themselves."""
    with translation.override("en"):
        yield
