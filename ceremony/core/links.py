"""Absolute links for what leaves the site: messages, printed cards, files handed to guests."""

from django.conf import settings

# `make run`'s address, for links written where neither SITE_URL nor a request says the host.
DEVELOPMENT_SITE = "http://localhost:8000"


def absolute_url(path, request=None):
    """`path` (e.g. /rsvp/<token>/) on settings.SITE_URL; without it, on the request's host, or on
    `make run`'s address when there is no request (a job)."""
    if settings.SITE_URL:
        return settings.SITE_URL + path
    if request is not None:
        return request.build_absolute_uri(path)
    return DEVELOPMENT_SITE + path
