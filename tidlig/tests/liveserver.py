"""A real gunicorn serving tidlig.wsgi with production settings, and a small HTTP client for it.

Used by scripts/crash-test and the database outage test: both must see what a production process
does (DEBUG off, HTTPS-only cookies behind a proxy, persistent PostgreSQL connections), not what
Django's test client does in-process.
"""

import contextlib
import http.client
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# Test-only switches that must never reach the production process.
TEST_ONLY = ("TIDLIG_TESTING", "TIDLIG_DEMO", "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE", "DJANGO_SETTINGS_MODULE")
SETTINGS_MODULE = "tidlig_live_settings"
WSGI_MODULE = "tidlig_live_wsgi"
# why: the hashed static manifest takes a minute to build on a busy machine and nothing here loads
# a stylesheet; every other setting is production's own.
SETTINGS_OVERRIDE = '''"""Production settings, with plain static file URLs (no collectstatic needed)."""

from tidlig.settings import *  # noqa: F403

STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
'''
# gunicorn --preload imports this in the master, so a restarted server's workers are forked warm:
# the first request after a restart is then as fast as any other.
WSGI_WARM = '''"""tidlig.wsgi, with every view module and the Danish catalogue loaded before the fork."""

from django.urls import get_resolver
from django.utils import translation

from tidlig.wsgi import application  # noqa: F401

get_resolver().url_patterns
translation.activate("da")
translation.deactivate()
'''


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def production_env(workdir: Path, *, database_url: str, secret_key: str, **extra: str) -> dict[str, str]:
    """The environment of a production process: DEBUG, demo and test switches off, a real key."""
    (workdir / f"{SETTINGS_MODULE}.py").write_text(SETTINGS_OVERRIDE)
    (workdir / f"{WSGI_MODULE}.py").write_text(WSGI_WARM)
    env = {k: v for k, v in os.environ.items() if k not in TEST_ONLY}
    env.update(
        DATABASE_URL=database_url,
        SECRET_KEY=secret_key,
        TIDLIG_CPR_KEY=secret_key[::-1],
        ALLOWED_HOSTS="127.0.0.1",
        DJANGO_SETTINGS_MODULE=SETTINGS_MODULE,
        PYTHONPATH=os.pathsep.join([str(workdir), str(ROOT)]),
        LOG_LEVEL="ERROR",
        **extra,
    )
    return env


class Server:
    """gunicorn in its own process group, so one SIGKILL takes the master and every worker at once."""

    def __init__(self, env: dict[str, str], *, log: Path, workers: int = 2, port: int | None = None):
        self.env = env
        self.port = port or free_port()
        self.log = log
        self.workers = workers
        self.process: subprocess.Popen | None = None

    def start(self, *, timeout: float = 60) -> None:
        command = [
            sys.executable,
            "-m",
            "gunicorn",
            f"{WSGI_MODULE}:application",
            "--bind",
            f"127.0.0.1:{self.port}",
            "--workers",
            str(self.workers),
            "--preload",
            "--timeout",
            "60",
        ]
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(  # noqa: S603 (our own interpreter and arguments)
                command, cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
            )
        self.wait_until_ready(timeout=timeout)

    def wait_until_ready(self, *, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process is not None and self.process.poll() is not None:
                raise RuntimeError(f"gunicorn stopped at start; see {self.log}")
            try:
                status, _headers, _body = Client(self.port).get("/sundhed/")
            except OSError:
                status = 0
            if status == 200:
                return
            time.sleep(0.1)
        raise RuntimeError(f"gunicorn did not answer /sundhed/ within {timeout} s; see {self.log}")

    @property
    def pids(self) -> set[int]:
        """The master and its workers: every live process in the server's process group."""
        if self.process is None:
            return set()
        pgid = self.process.pid
        found = set()
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            fields = stat.rsplit(")", 1)[1].split()
            if fields[0] != "Z" and int(fields[2]) == pgid:
                found.add(int(entry.name))
        return found

    def kill(self) -> None:
        """SIGKILL to the whole group: no worker finishes its request, no handler runs."""
        if self.process is None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()
        deadline = time.monotonic() + 10
        while self.pids and time.monotonic() < deadline:
            time.sleep(0.02)
        self.process = None

    def stop(self) -> None:
        if self.process is None:
            return
        try:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=15)
        except ProcessLookupError:
            pass
        except subprocess.TimeoutExpired:
            self.kill()
        self.process = None


class Client:
    """One browser: its own cookies, sent as a browser behind Tidlig's HTTPS proxy would send them."""

    def __init__(self, port: int, *, timeout: float = 30):
        self.port = port
        self.timeout = timeout
        self.cookies: dict[str, str] = {}
        self.origin = f"https://127.0.0.1:{port}"

    def request(self, method: str, path: str, data: dict | None = None, *, source: str = "127.0.0.1"):
        """One request on a fresh connection from `source` (any 127.x address is this machine)."""
        connection = http.client.HTTPConnection(
            "127.0.0.1", self.port, timeout=self.timeout, source_address=(source, 0)
        )
        headers = {"X-Forwarded-Proto": "https", "Host": f"127.0.0.1:{self.port}"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if data is not None:
            body = urllib.parse.urlencode(data, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Origin"] = self.origin
            headers["Referer"] = self.origin + path
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            content = response.read().decode("utf-8", "replace")
        finally:
            connection.close()
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0]
        return response.status, {k.lower(): v for k, v in response.getheaders()}, content

    def get(self, path: str, **kwargs):
        return self.request("GET", path, **kwargs)

    def post(self, path: str, data: dict, **kwargs):
        data = {"csrfmiddlewaretoken": self.csrf_token(), **data}
        return self.request("POST", path, data, **kwargs)

    def csrf_token(self) -> str:
        token = next((v for k, v in self.cookies.items() if k.endswith("csrftoken")), None)
        if token is None:
            self.get("/konto/login/")
            token = next(v for k, v in self.cookies.items() if k.endswith("csrftoken"))
        return token

    def login(self, username: str, password: str) -> None:
        status, headers, _body = self.post("/konto/login/", {"username": username, "password": password})
        if status != 302 or "/konto/login/" in headers.get("location", ""):
            raise LoginFailed(f"{username}: {status}")


class LoginFailed(Exception):
    pass


def random_key() -> str:
    return secrets.token_urlsafe(50)
