"""What a new user and an operator meet first: settings from the environment, the local admin account."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

ROOT = Path(__file__).resolve().parent.parent


def run_settings(**env):
    """Import the real settings in a fresh interpreter with exactly this environment."""
    environment = {"PATH": os.environ["PATH"], **env}
    return subprocess.run(
        [sys.executable, "-c", "import baikonur_events.settings as s; print(s.DEBUG, s.ALLOWED_HOSTS)"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )


def test_settings_refuse_to_start_without_a_secret_key_when_debug_is_off():
    result = run_settings(DEBUG="false")
    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off" in result.stderr


def test_settings_start_with_a_secret_key_and_debug_off_by_default():
    result = run_settings(SECRET_KEY="x" * 50, ALLOWED_HOSTS="ceremony.example.kz")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False ['ceremony.example.kz']"


def test_development_key_is_allowed_only_with_debug_on():
    result = run_settings(DEBUG="true")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "True ['127.0.0.1', 'localhost']"


@pytest.mark.django_db
def test_ensure_admin_creates_the_account_once_and_shows_the_password(
    tmp_path, settings, capsys, monkeypatch
):
    settings.BASE_DIR = tmp_path
    monkeypatch.delenv("DJANGO_ADMIN_PASSWORD", raising=False)
    call_command("ensure_admin")
    first = capsys.readouterr().out
    password = (tmp_path / "var" / "admin-password.txt").read_text().strip()
    assert f"password: {password}" in first
    assert get_user_model().objects.get(username="admin").check_password(password)

    call_command("ensure_admin")
    second = capsys.readouterr().out
    assert second.startswith("Found the admin account.")
    assert f"password: {password}" in second
    assert get_user_model().objects.count() == 1


@pytest.mark.django_db
def test_ensure_admin_takes_the_password_from_the_environment(tmp_path, settings, capsys, monkeypatch):
    settings.BASE_DIR = tmp_path
    monkeypatch.setenv("DJANGO_ADMIN_USERNAME", "organizer")
    monkeypatch.setenv("DJANGO_ADMIN_PASSWORD", "a long chosen password")
    call_command("ensure_admin")
    user = get_user_model().objects.get(username="organizer")
    assert user.is_superuser
    assert user.check_password("a long chosen password")
    assert not (tmp_path / "var" / "admin-password.txt").exists()


def test_login_throttling_limits_come_from_the_environment():
    environment = {"PATH": os.environ["PATH"], "DEBUG": "true"}
    environment.update(AXES_FAILURE_LIMIT="4", AXES_ADDRESS_FAILURE_LIMIT="40", AXES_COOLOFF_MINUTES="20")
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import baikonur_events.settings as s;"
            "print(s.AXES_FAILURE_LIMIT, s.AXES_ADDRESS_FAILURE_LIMIT, s.AXES_COOLOFF_TIME.seconds)",
        ],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["4", "40", "1200"]
