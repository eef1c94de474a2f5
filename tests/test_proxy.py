"""Behind the TLS proxy (BEHIND_PROXY=true): whose address a request is counted and logged under."""

import logging

import pytest
from axes.models import AccessAttempt
from django.urls import reverse

from ceremony.core.request_log import RequestErrorFormatter
from tests import factories

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.2"  # the address gunicorn sees: the proxy's


def failed_login(client, forwarded_for):
    return client.post(
        reverse("admin:login"),
        {"username": "aliya", "password": "guess"},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=forwarded_for,
    )


def test_the_client_is_the_address_the_proxy_appended(client, settings):
    settings.BEHIND_PROXY = True
    assert failed_login(client, "203.0.113.9, 198.51.100.7").status_code == 200
    assert AccessAttempt.objects.get().ip_address == "198.51.100.7"  # the left entry is the client's word


@pytest.mark.parametrize(
    "forwarded_for",
    [
        "not-an-address",
        "198.51.100.7, unknown",
        "198.51.100.7:51234",
        "999.0.0.1",
        "<script>alert(1)</script>",
        "fe80::1%eth0",
        "198.51.100.7\x00",
        ",",
    ],
)
def test_a_malformed_forwarded_address_is_ignored(client, settings, forwarded_for):
    settings.BEHIND_PROXY = True
    assert failed_login(client, forwarded_for).status_code == 200
    assert AccessAttempt.objects.get().ip_address == PROXY


def test_an_address_is_counted_in_one_written_form(client, settings):
    settings.BEHIND_PROXY = True
    failed_login(client, "2001:DB8:0:0::7")
    failed_login(client, "2001:db8::7")
    failed_login(client, "::ffff:198.51.100.7")
    failed_login(client, "198.51.100.7")
    attempts = AccessAttempt.objects.order_by("ip_address")
    assert [(a.ip_address, a.failures_since_start) for a in attempts] == [
        ("198.51.100.7", 2),
        ("2001:db8::7", 2),
    ]


def test_the_error_log_names_the_proxys_address_for_a_malformed_one(client, settings, caplog):
    settings.BEHIND_PROXY = True
    with caplog.at_level(logging.WARNING, logger="django.request"):
        client.get("/no-such-page/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="evil")
    (record,) = [record for record in caplog.records if record.name == "django.request"]
    handlers = logging.getLogger("django.request").handlers
    (formatter,) = [h.formatter for h in handlers if isinstance(h.formatter, RequestErrorFormatter)]
    assert formatter.format(record).endswith(
        f"WARNING 404 GET /no-such-page/ user=anonymous ip={PROXY} Not Found"
    )


def test_without_a_proxy_the_header_is_not_believed(client, settings):
    settings.BEHIND_PROXY = False
    factories.UserFactory(username="aliya")
    failed_login(client, "198.51.100.7")
    assert AccessAttempt.objects.get().ip_address == PROXY
