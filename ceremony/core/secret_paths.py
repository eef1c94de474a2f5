"""Addresses that carry a secret (a guest's personal RSVP link) are logged without it.

Plain Python, no Django: gunicorn's configuration (deploy/gunicorn.conf.py) masks its access log
and its timeout line with the same function as the site's own logs.
"""

import logging
import re

# /rsvp/<token>/ and the short /i/<code>/ (a guest's link), and /show/screen/<token>/ (a backstage
# screen's) wherever they appear: a request line, Django's "Not Found: /rsvp/…", a URL.
_SECRET_PREFIXES = ("/rsvp/", "/i/", "/show/screen/")
_SECRET_PATH = re.compile(r"(/rsvp/|/i/|/show/screen/)[^/\s?#\"']+")
MASK = "…"


def path_masked(text):
    """`text` with the token of every secret address replaced by «…»: /rsvp/…/, /i/…/, /show/screen/…/."""
    if not text or not any(prefix in text for prefix in _SECRET_PREFIXES):
        return text
    return _SECRET_PATH.sub(rf"\g<1>{MASK}", text)


class SecretPathFilter(logging.Filter):
    """A logging filter that masks RSVP tokens in a record's message (settings.LOGGING puts it on
    the handlers and on the loggers that name request paths)."""

    def filter(self, record):
        try:
            message = record.getMessage()
        except Exception:  # a record whose arguments do not fit its message: let the handler say so
            return True
        masked = path_masked(message)
        if masked != message:
            record.msg, record.args = masked, ()
        return True
