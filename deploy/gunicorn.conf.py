"""gunicorn's configuration for `make serve`: gunicorn --config deploy/gunicorn.conf.py baikonur_events.wsgi

gunicorn is not a front for the internet: a client that sends its request slowly holds a worker for as
long as it likes. In production it runs behind a buffering proxy (deploy/nginx.conf) that alone can
reach it, so it listens on a loopback address unless told otherwise.

Chosen by the environment (`make serve` passes its variables of the same names):

    ADDRESS         where the site is served, the proxy's upstream (127.0.0.1:8000)
    HEALTH_ADDRESS  where /healthz, and nothing else, is answered by a thread of its own in every
                    worker, so it answers while all of them are busy (127.0.0.1:8001; empty: none)
    WORKERS         worker processes (4)
    THREADS         requests each worker serves at once (1)

Other gunicorn options can be added on its command line or in GUNICORN_CMD_ARGS (--timeout 300);
give the addresses through ADDRESS and HEALTH_ADDRESS rather than --bind, which replaces both.
"""

import ipaddress
import os
import select
import threading
import time

from gunicorn import util
from gunicorn.glogging import Logger
from gunicorn.workers.gthread import TConn, ThreadWorker

from ceremony.core.secret_paths import path_masked

ADDRESS = os.environ.get("ADDRESS") or "127.0.0.1:8000"
HEALTH_ADDRESS = os.environ.get("HEALTH_ADDRESS", "127.0.0.1:8001")
HEALTH_PATH = "/healthz"
HEALTH_IO_SECONDS = 5  # a health check reads and writes a few bytes; anything slower is dropped
if HEALTH_ADDRESS == ADDRESS:
    raise ValueError(f"HEALTH_ADDRESS must differ from ADDRESS ({ADDRESS}): it answers /healthz only")

bind = [ADDRESS, *([HEALTH_ADDRESS] if HEALTH_ADDRESS else [])]
workers = int(os.environ.get("WORKERS") or 4)
threads = int(os.environ.get("THREADS") or 1)
keepalive = 0  # one request per connection, as nginx sends them by default (see Worker.__init__)
timeout = 120  # a request running longer restarts its worker (see Worker.notify)

accesslog = "-"
errorlog = "-"
# The path without its query string, which may hold a searched guest's name (?q=...), and no referrer,
# which holds the previous page's query string.
access_log_format = '%(h)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(b)s %(M)sms "%(a)s"'


class AccessLogger(Logger):
    """gunicorn's logger, with the token of a guest's RSVP address masked (/rsvp/…/) in every field
    of the access log that holds the path."""

    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        for key in ("U", "r", "f"):
            atoms[key] = path_masked(atoms[key])
        return atoms


logger_class = AccessLogger

# gunicorn's runtime control socket (gunicornc) lives in the user's home directory, where two servers
# of one user would take it from each other; nothing here uses it.
control_socket_disable = True


class HealthConnection(TConn):
    """A connection to HEALTH_ADDRESS: reading or writing it gives up after HEALTH_IO_SECONDS."""

    def init(self):
        super().init()
        self.sock.settimeout(HEALTH_IO_SECONDS)


class Worker(ThreadWorker):
    """gunicorn's threaded worker with a thread of its own for /healthz, and the sync worker's timeout.

    Requests on ADDRESS are served by THREADS threads. Connections to HEALTH_ADDRESS are accepted and
    served by one more thread, which nothing else can occupy, so /healthz answers (and checks the
    database) while every worker is busy. A request running longer than the timeout stops the
    heartbeat gunicorn's master watches, so the master restarts the worker, as it would a sync
    worker; the worker logs one line naming that request.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A connection is taken only when one of the threads is free: the others wait in the listen
        # queue for whichever worker frees up first, instead of behind a slow request in this one.
        # (A connection kept alive holds its thread's place: hence keepalive = 0.)
        self.worker_connections = self.cfg.threads
        self.max_keepalived = 0

    def init_process(self):
        health = util.parse_address(HEALTH_ADDRESS) if HEALTH_ADDRESS else None
        self.health_sockets = [s for s in self.sockets if s.cfg_addr == health]
        self.sockets = [s for s in self.sockets if s.cfg_addr != health]
        self.running = {}  # thread id -> [monotonic start, "METHOD /path" once read]
        super().init_process()  # runs the worker; last, as gunicorn asks

    def run(self):
        for listener in self.health_sockets:
            threading.Thread(target=self.serve_health_checks, args=[listener], daemon=True).start()
        super().run()

    def serve_health_checks(self, listener):
        listener.setblocking(False)  # every worker waits on it: the one that accepts serves it
        while self.alive:
            if not select.select([listener], [], [], 1.0)[0]:
                continue
            try:
                client, address = listener.accept()
            except (BlockingIOError, InterruptedError, ConnectionAbortedError):
                continue
            client.setblocking(True)
            connection = HealthConnection(self.cfg, client, address, listener.getsockname())
            try:
                self.handle(connection)
            finally:
                connection.close()

    def handle(self, conn):
        if isinstance(conn, HealthConnection):
            return super().handle(conn)
        thread = threading.get_ident()
        self.running[thread] = [time.monotonic(), None]
        try:
            return super().handle(conn)
        finally:
            del self.running[thread]

    def handle_request(self, req, conn):
        if isinstance(conn, HealthConnection):
            if req.path != HEALTH_PATH:
                util.write_error(conn.sock, 404, "Not Found", f"This address answers {HEALTH_PATH} only.")
                return False
        else:
            # Never the query string, nor an RSVP token.
            self.running[threading.get_ident()][1] = f"{req.method} {path_masked(req.path)}"
        return super().handle_request(req, conn)

    def notify(self):
        """The heartbeat: as old as the oldest request running, as a sync worker's is."""
        super().notify()
        started = [start for start, _request in list(self.running.values())]
        if started:
            oldest = min(started)
            os.utime(self.tmp.fileno(), (oldest, oldest))

    def handle_abort(self, sig, frame):
        """The master's SIGABRT on a timeout: one line naming the request, and out at once (its thread
        cannot be stopped, and waiting for it would only end in SIGKILL)."""
        self.alive = False
        now = time.monotonic()
        running = sorted(list(self.running.values()), key=lambda entry: entry[0])
        if not running:
            self.log.critical("WORKER TIMEOUT (pid:%s) no request running", self.pid)
        else:
            started, request = running[0]
            others = f"; {len(running) - 1} more cut short" if len(running) > 1 else ""
            self.log.critical(
                "WORKER TIMEOUT (pid:%s) %s after %d s (timeout %d s)%s",
                self.pid,
                request or "(request not read yet)",
                now - started,
                self.cfg.timeout,
                others,
            )
        self.cfg.worker_abort(self)
        os._exit(1)


worker_class = Worker


def when_ready(server):
    """A warning when gunicorn listens where other machines can reach it: only the proxy should."""
    for listener in server.LISTENERS:
        host = listener.cfg_addr[0] if isinstance(listener.cfg_addr, tuple) else None
        if host is not None and not _private(host):
            server.log.warning(
                "Listening at %s, which other machines may reach: only the proxy in front should "
                "(README, «Serve it in production»)",
                listener,
            )


def _private(host):
    if host == "localhost":
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False  # a name: it may resolve to anything
    return not address.is_unspecified and (address.is_loopback or address.is_private)
