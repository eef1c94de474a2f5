"""gunicorn as `make serve` runs it (deploy/gunicorn.conf.py), started for real on free ports: where it
listens, /healthz while every worker is busy, what its logs say."""

import http.client
import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CONFIG = "deploy/gunicorn.conf.py"


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def gunicorn_environment(tmp_path, **env):
    (tmp_path / "static").mkdir(exist_ok=True)
    return {
        "PATH": os.environ["PATH"],
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "ALLOWED_HOSTS": "127.0.0.1",
        "STATIC_ROOT": str(tmp_path / "static"),
        **env,
    }


class Server:
    """gunicorn with the project's configuration, its log (access and error lines) in one file."""

    def __init__(self, tmp_path, *arguments, **env):
        env = {
            "ADDRESS": f"127.0.0.1:{free_port()}",
            "HEALTH_ADDRESS": f"127.0.0.1:{free_port()}",
            "WORKERS": "2",
            **env,
        }
        self.port = int(env["ADDRESS"].rpartition(":")[2])
        self.health_port = int(env["HEALTH_ADDRESS"].rpartition(":")[2]) if env["HEALTH_ADDRESS"] else None
        self.log_path = tmp_path / "gunicorn.log"
        with self.log_path.open("w") as log:
            self.process = subprocess.Popen(  # noqa: S603 (this interpreter's gunicorn)
                [sys.executable, "-m", "gunicorn", "--config", CONFIG, *arguments, "baikonur_events.wsgi"],
                cwd=ROOT,
                env=gunicorn_environment(tmp_path, **env),
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        try:
            self.wait_until(lambda: self.answers(self.health_port or self.port))
        except BaseException:
            self.stop()  # the test fails, but leaves no server behind
            raise

    def answers(self, port):
        try:
            return get(port, "/healthz", timeout=2)[0] == 200
        except OSError:
            return False

    def wait_until(self, condition, seconds=30):
        deadline = time.monotonic() + seconds
        while not condition():
            if self.process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"gunicorn: {self.log()}")
            time.sleep(0.1)

    def log(self):
        return self.log_path.read_text()

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


@pytest.fixture
def serve(tmp_path):
    servers = []

    def start(*arguments, **env):
        servers.append(Server(tmp_path, *arguments, **env))
        return servers[-1]

    yield start
    for server in servers:
        server.stop()


def get(port, path, timeout=5, headers=None):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request("GET", path, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def slow_client(port, path="/admin/login/"):
    """A client that posts the login form and never sends the rest of it: it holds whichever thread
    reads it (with a CSRF cookie, so that Django reads the form to compare the token)."""
    client = socket.create_connection(("127.0.0.1", port))
    client.sendall(
        f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: csrftoken={'a' * 32}\r\n"
        "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 1000\r\n\r\nusername=".encode()
    )
    return client


def test_gunicorn_listens_on_loopback_addresses_by_default(tmp_path):
    """Not gunicorn's own default, which is every address when PORT is set, as some hosts do."""
    result = subprocess.run(  # noqa: S603 (this interpreter's gunicorn)
        [sys.executable, "-m", "gunicorn", "--config", CONFIG, "--print-config", "baikonur_events.wsgi"],
        cwd=ROOT,
        env=gunicorn_environment(tmp_path, PORT="8080"),
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    settings = dict(re.findall(r"^(\w+)\s+= (.*)$", result.stdout, re.MULTILINE))
    assert settings["bind"] == "['127.0.0.1:8000', '127.0.0.1:8001']"
    assert (settings["workers"], settings["threads"], settings["timeout"]) == ("4", "1", "120")


def test_a_public_address_is_warned_about(serve):
    server = serve(ADDRESS=f"0.0.0.0:{free_port()}", HEALTH_ADDRESS="")
    line = f"Listening at http://0.0.0.0:{server.port}, which other machines may reach"
    assert line in server.log()


def test_healthz_answers_while_every_worker_is_busy(serve):
    server = serve("--timeout", "60", WORKERS="2", THREADS="2")
    clients = [slow_client(server.port) for _client in range(6)]  # four held, two waiting their turn
    try:
        with pytest.raises(TimeoutError):
            get(server.port, "/healthz", timeout=1)  # the site's own address: every worker is busy
        started = time.monotonic()
        assert get(server.health_port, "/healthz", timeout=2) == (200, b'{"status": "ok"}')
        assert time.monotonic() - started < 1
        assert get(server.health_port, "/admin/", timeout=2)[0] == 404  # that address is for /healthz only
    finally:
        for client in clients:
            client.close()
    assert get(server.port, "/healthz", timeout=5)[0] == 200


def test_the_access_log_leaves_out_query_strings(serve):
    server = serve()
    headers = {"Referer": "http://127.0.0.1/admin/ceremony/attendee/?q=Ivanova", "User-Agent": "probe"}
    assert get(server.port, "/admin/ceremony/attendee/?q=Ivanova", headers=headers)[0] == 302
    guest = "%D0%98%D0%B2%D0%B0%D0%BD%D0%BE%D0%B2%D0%B0"  # Иванова
    assert get(server.port, f"/healthz?q={guest}", headers={"User-Agent": "probe"})[0] == 200

    def ours():
        return [line for line in server.log().splitlines() if line.endswith('"probe"')]

    server.wait_until(lambda: len(ours()) == 2)
    changelist, health = ours()
    assert re.fullmatch(
        r'127\.0\.0\.1 \[[^]]+\] "GET /admin/ceremony/attendee/ HTTP/1\.1" 302 0 \d+ms "probe"', changelist
    ), changelist
    assert re.fullmatch(r'127\.0\.0\.1 \[[^]]+\] "GET /healthz HTTP/1\.1" 200 16 \d+ms "probe"', health), (
        health
    )
    assert "Ivanova" not in server.log()
    assert guest not in server.log()


def test_the_access_log_masks_a_guests_rsvp_token(serve):
    server = serve()
    token = "b3VyLXNlY3JldC10b2tlbi1mb3ItYS1ndWVzdA"
    headers = {"Referer": f"http://127.0.0.1/rsvp/{token}/", "User-Agent": "probe"}
    # The server's throwaway database has no tables: the page fails, and its error is logged too.
    assert get(server.port, f"/rsvp/{token}/?lang=kk", headers=headers)[0] == 500

    def ours():
        return [line for line in server.log().splitlines() if line.endswith('"probe"')]

    server.wait_until(lambda: len(ours()) == 1)
    (line,) = ours()
    assert re.fullmatch(r'127\.0\.0\.1 \[[^]]+\] "GET /rsvp/…/ HTTP/1\.1" 500 \d+ \d+ms "probe"', line), line
    assert "ERROR 500 GET /rsvp/…/ user=anonymous" in server.log()
    assert token not in server.log()


def test_a_worker_timeout_is_one_line_naming_the_request(serve):
    server = serve("--timeout", "2", WORKERS="1")
    client = slow_client(server.port, "/admin/login/?next=/admin/ceremony/attendee/%3Fq%3DIvanova")
    try:
        server.wait_until(lambda: "WORKER TIMEOUT (pid:" in server.log() and "/admin/login/" in server.log())
        naming = [line for line in server.log().splitlines() if "/admin/login/" in line]
        assert len(naming) == 1, server.log()
        assert re.fullmatch(
            r"\[[^]]+\] \[(\d+)\] \[CRITICAL\] WORKER TIMEOUT \(pid:\1\) POST /admin/login/ after [23] s "
            r"\(timeout 2 s\)",
            naming[0],
        ), naming[0]
        assert "Traceback" not in server.log()
        assert "Ivanova" not in server.log()
    finally:
        client.close()
    server.wait_until(lambda: server.answers(server.port))  # a new worker serves
