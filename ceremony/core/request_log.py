"""What an operator reads when a request fails: one log line, with who made it and from where."""

import ipaddress
import logging
import traceback
from pathlib import Path

from django.conf import settings

from .secret_paths import path_masked

PROJECT_ROOT = Path(settings.BASE_DIR)


def client_ip(request):
    """The client's address: behind our TLS proxy, the one the proxy appended to X-Forwarded-For.

    Only the right-most entry is the proxy's own; anything left of it came from the client and could
    be forged to dodge login throttling. An entry that is not an IP address (a proxy that is not ours,
    or a request that went round it) is ignored: the address is then the connection's own.
    """
    if settings.BEHIND_PROXY:
        forwarded = ip_address(request.META.get("HTTP_X_FORWARDED_FOR", "").rpartition(",")[2])
        if forwarded:
            return forwarded
    return ip_address(request.META.get("REMOTE_ADDR", ""))


def ip_address(text):
    """`text` as an IP address in its one written form ("" when it is none), as login throttling
    counts by it and the database stores it."""
    try:
        address = ipaddress.ip_address(text.strip())
    except ValueError:
        return ""
    if address.version == 6 and address.scope_id:
        return ""  # "fe80::1%eth0" names an interface of the proxy's machine, not a client
    if address.version == 6 and address.ipv4_mapped:
        address = address.ipv4_mapped
    return str(address)


def username_of(request):
    user = getattr(request, "user", None)
    if user is None:
        return "-"
    try:
        return user.get_username() if user.is_authenticated else "anonymous"
    except Exception:  # the database may be why the request failed
        return "?"


def raising_line(exc_info):
    """Where the project's own code raised (or called into the library that raised)."""
    frames = traceback.extract_tb(exc_info[2])
    own = [frame for frame in frames if _is_project_file(frame.filename)]
    frame = (own or frames)[-1] if frames else None
    if frame is None:
        return ""
    path = Path(frame.filename)
    if path.is_relative_to(PROJECT_ROOT):
        path = path.relative_to(PROJECT_ROOT)
    return f" at {path}:{frame.lineno} in {frame.name}"


def _is_project_file(filename):
    path = Path(filename)
    return (
        path.is_relative_to(PROJECT_ROOT) and ".venv" not in path.parts and "site-packages" not in path.parts
    )


class RequestErrorFormatter(logging.Formatter):
    """`2025-06-02 10:15:03 ERROR 500 POST /admin/… user=aliya ip=10.0.0.7 ValueError: … at ceremony/…:12`."""

    def __init__(self, *args, tracebacks=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.tracebacks = tracebacks

    def format(self, record):
        request = getattr(record, "request", None)
        parts = [self.formatTime(record, "%Y-%m-%d %H:%M:%S"), record.levelname]
        if request is not None and hasattr(request, "META"):
            parts += [
                str(getattr(record, "status_code", "-")),
                request.method or "-",
                # Not the query string, which may hold a searched guest's name; no RSVP token.
                path_masked(request.path),
                f"user={username_of(request)}",
                f"ip={client_ip(request) or '-'}",
            ]
        message = record.getMessage()
        if record.exc_info and record.exc_info[1] is not None:
            error = record.exc_info[1]
            detail = str(error).replace("\n", " ")[:300]
            message = f"{type(error).__name__}: {detail}{raising_line(record.exc_info)}"
        elif request is not None and message.endswith(f": {request.path}"):
            # Django's own message repeats the path ("Not Found: /x"); keep only its reason.
            message = message.removesuffix(f": {request.path}")
        line = path_masked(" ".join([*parts, message]))
        if self.tracebacks and record.exc_info:
            line += "\n" + self.formatException(record.exc_info)
        return line
