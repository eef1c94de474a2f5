"""Addresses that carry a secret (a guest's personal RSVP link) are logged without it.

Plain Python, no Django: gunicorn's configuration (deploy/gunicorn.conf.py) masks its access log
and its timeout line with the same function as the site's own logs.
"""

import logging
import re

# /rsvp/<token>/ and the short /i/<code>/ wherever they appear: a request line, Django's
# "Not Found: /rsvp/…", a URL.
_SECRET_PATH = re.compile(r"(/rsvp/|/i/)[^/\s?#\"']+")
MASK = "…"


def path_masked(text):
    """`text` with the token of every RSVP address replaced by «…»: /rsvp/…/, /i/…/."""
    if not text or ("/rsvp/" not in text and "/i/" not in text):
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
