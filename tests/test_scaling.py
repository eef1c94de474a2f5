"""Several processes, several machines: what must be shared between them is (the cache that counts the
failures of guessed links), whichever process a request reaches."""

import os
import subprocess
import sys

import pytest
import redis
from django.core.cache import caches
from django.test import override_settings

from ceremony import views

REDIS_URL = "redis://127.0.0.1:6379/15"  # a database of its own, flushed by the test


def fail_in_another_process(times, address, environment):
    """What another gunicorn worker (or machine) does when a script tries links from `address`."""
    script = (
        "import django; django.setup()\n"
        "from ceremony import views\n"
        f"for _ in range({times}): views.rsvp_failures().failed({address!r})\n"
    )
    subprocess.run(  # noqa: S603 (our own interpreter and script)
        [sys.executable, "-c", script],
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "tests.settings", **environment},
        check=True,
        timeout=60,
    )


def test_the_default_cache_is_shared_by_the_processes_of_one_machine(settings):
    settings.RSVP_FAILURE_LIMIT = 5
    location = settings.CACHES["default"]["LOCATION"]
    caches["default"].clear()
    address = "203.0.113.7"
    fail_in_another_process(3, address, {"CACHE_URL": f"filecache://{location}"})
    fail_in_another_process(1, address, {"CACHE_URL": f"filecache://{location}"})
    failures = views.rsvp_failures()
    assert not failures.exceeded(address)
    failures.failed(address)  # the fifth, here
    assert failures.exceeded(address)
    assert not failures.exceeded("203.0.113.8")


def redis_reachable():
    try:
        return redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except redis.ConnectionError:
        return False


@pytest.mark.skipif(not redis_reachable(), reason="no Redis on 127.0.0.1:6379")
def test_with_redis_the_machines_share_the_cache(settings):
    settings.RSVP_FAILURE_LIMIT = 5
    redis.Redis.from_url(REDIS_URL).flushdb()
    address = "203.0.113.9"
    with override_settings(
        CACHES={"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
    ):
        fail_in_another_process(4, address, {"CACHE_URL": REDIS_URL})
        failures = views.rsvp_failures()
        assert not failures.exceeded(address)
        failures.failed(address)
        assert failures.exceeded(address)
        caches["default"].clear()
    assert not views.rsvp_failures().exceeded(address)  # the files' cache never saw them
