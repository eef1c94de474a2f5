"""Serving in production: HTTPS settings from the environment, sessions, and a health check."""

import json
import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone

from tests import factories

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


# A request answered by the real settings in a fresh interpreter, with exactly this environment (the
# test settings turn HTTPS off, so HTTPS headers can only be seen this way).
ANSWER = """
import json, django
from django.test import Client
django.setup()
response = Client().get("/healthz", secure=True, HTTP_HOST="ceremony.example.kz")
print(json.dumps({"status": response.status_code, "headers": dict(response.headers)}))
"""


def production_answer(**env):
    result = subprocess.run(  # noqa: S603 (this interpreter, with code of this file)
        [sys.executable, "-c", ANSWER],
        cwd=ROOT,
        env={
            "PATH": os.environ["PATH"],
            "DJANGO_SETTINGS_MODULE": "baikonur_events.settings",
            **PRODUCTION,
            **env,
        },
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.splitlines()[-1])


def test_hsts_names_this_host_only_unless_told_otherwise():
    answer = production_answer()
    assert answer["status"] == 200
    assert answer["headers"]["Strict-Transport-Security"] == "max-age=31536000"


def test_hsts_subdomains_and_preload_are_the_operators_choice():
    answer = production_answer(SECURE_HSTS_INCLUDE_SUBDOMAINS="true", SECURE_HSTS_PRELOAD="true")
    assert answer["headers"]["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"


# ---------------------------------------------------------------------------------------------------
# Sessions


def log_in(client):
    factories.UserFactory(username="aliya", is_staff=True)
    return client.post(
        reverse("admin:login"), {"username": "aliya", "password": "correct horse battery staple"}
    )


@pytest.mark.django_db
def test_a_login_without_a_page_to_return_to_lands_in_the_admin(client):
    response = log_in(client)
    assert (response.status_code, response.url) == (302, reverse("admin:index"))  # not /accounts/profile/


@pytest.mark.django_db
def test_a_login_lasts_twelve_hours_and_ends_with_the_browser(client):
    response = log_in(client)
    assert response.status_code == 302
    cookie = response.cookies["sessionid"]
    assert (cookie["max-age"], cookie["expires"]) == ("", "")  # kept until the browser closes
    session = Session.objects.get(session_key=cookie.value)
    expected = timezone.now() + timedelta(hours=12)
    assert abs(session.expire_date - expected) < timedelta(minutes=1)
    assert client.get(reverse("admin:index")).status_code == 200


SESSION_SETTINGS = (
    "import baikonur_events.settings as s; print(s.SESSION_COOKIE_AGE, s.SESSION_EXPIRE_AT_BROWSER_CLOSE)"
)


def test_session_length_and_browser_close_come_from_the_environment():
    result = subprocess.run(  # noqa: S603 (this interpreter, with code of this file)
        [sys.executable, "-c", SESSION_SETTINGS],
        cwd=ROOT,
        env={
            "PATH": os.environ["PATH"],
            **PRODUCTION,
            "SESSION_HOURS": "8",
            "SESSION_EXPIRE_AT_BROWSER_CLOSE": "false",
        },
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["28800", "False"]
