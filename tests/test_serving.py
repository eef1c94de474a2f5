"""Serving in production: HTTPS settings from the environment, and a health check."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION = {
    "SECRET_KEY": "k7#Qz9!vR2@mW4^tY6&uI8*oP0(aS1)dF3_gH5+jL7=xC9-vB2",
    "ALLOWED_HOSTS": "ceremony.example.kz",
    "DATABASE_URL": "sqlite:///:memory:",
}


def test_the_deployment_checklist_passes_with_production_settings():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env={"PATH": os.environ["PATH"], **PRODUCTION},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


@pytest.mark.django_db
def test_health_check_answers_over_plain_http(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    response = client.get(reverse("healthz"))
    assert (response.status_code, response.json()) == (200, {"status": "ok"})
    assert client.get(reverse("admin:login")).status_code == 301  # everything else goes to HTTPS
