"""Login throttling per address: a script trying usernames from one address is stopped, an office
behind one address is not."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from tests import factories

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"
OFFICE = "10.1.2.3"


def log_in(client, username, password, address=OFFICE):
    client.cookies.clear()
    return client.post(
        reverse("admin:login"), {"username": username, "password": password}, REMOTE_ADDR=address
    ).status_code


def test_a_script_trying_usernames_from_one_address_is_stopped(client, settings):
    factories.UserFactory(username="aliya")
    limit = settings.AXES_ADDRESS_FAILURE_LIMIT
    assert limit > settings.AXES_FAILURE_LIMIT  # no username is tried often enough to lock its own pair
    answers = [log_in(client, f"user-{number}", "guess") for number in range(limit)]
    assert answers == [200] * (limit - 1) + [429]
    assert log_in(client, "aliya", PASSWORD) == 429  # the right password too, from that address
    assert log_in(client, "aliya", PASSWORD, address="10.9.9.9") == 302


def test_an_office_behind_one_address_logs_in_the_odd_typo_at_a_time(client, settings):
    """Fifty people, each mistyping once or twice, make far more failures than the address limit, but
    each one's success clears their own."""
    people = [factories.UserFactory(username=f"organizer-{number}") for number in range(50)]
    answers = []
    for number, person in enumerate(people):
        typos = 2 if number % 3 == 0 else 1
        answers += [log_in(client, person.username, "Correct horse") for _typo in range(typos)]
        answers.append(log_in(client, person.username, PASSWORD))
    assert answers.count(302) == 50
    assert set(answers) == {200, 302}
    assert sum(AccessAttempt.objects.values_list("failures_since_start", flat=True)) == 0


def test_failures_older_than_the_cool_off_do_not_count(client, settings):
    attempt = AccessAttempt.objects.create(
        username="someone",
        ip_address=OFFICE,
        user_agent="<unknown>",
        failures_since_start=settings.AXES_ADDRESS_FAILURE_LIMIT,
    )
    long_ago = timezone.now() - settings.AXES_COOLOFF_TIME - timedelta(minutes=1)
    AccessAttempt.objects.filter(pk=attempt.pk).update(attempt_time=long_ago)  # the field is auto_now_add
    factories.UserFactory(username="aliya")
    assert log_in(client, "aliya", "guess") == 200
    assert log_in(client, "aliya", PASSWORD) == 302


def test_the_limit_is_a_setting_and_resetting_the_address_unlocks_it(client, settings):
    settings.AXES_ADDRESS_FAILURE_LIMIT = 3
    factories.UserFactory(username="aliya")
    assert [log_in(client, name, "guess") for name in ("a", "b", "c")] == [200, 200, 429]
    assert log_in(client, "aliya", PASSWORD) == 429
    call_command("axes_reset_ip", OFFICE)
    assert log_in(client, "aliya", PASSWORD) == 302
