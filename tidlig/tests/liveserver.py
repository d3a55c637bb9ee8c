"""A real gunicorn serving tidlig.wsgi with production settings, and a small HTTP client for it.

Used by scripts/crash-test and the database outage test: both must see what a production process
does (DEBUG off, HTTPS-only cookies behind a proxy, persistent PostgreSQL connections), not what
Django's test client does in-process.
"""

import contextlib
import datetime as dt
import http.client
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
from dataclasses import dataclass, field
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


@dataclass
class World:
    port: int = 0
    secret_key: str = ""
    workers: list[tuple[str, str]] = field(default_factory=list)  # username, password
    courses: dict[str, list[dict]] = field(default_factory=dict)  # username -> course facts
    instrument_pk: int = 0


def build_world(*, workers: int, courses_per_worker: int) -> World:
    """The least the writes need: the receiving unit, workers with strong passwords, an offer without a
    contact limit, and families with an open course and one contact each (FIT is given at a contact)."""
    from django.core.management import call_command

    from tidlig.accounts.models import Unit, User
    from tidlig.courses import services as courses
    from tidlig.courses.models import Contact
    from tidlig.lib.dates import today as local_today
    from tidlig.measurements.open_instruments import OUTCOME
    from tidlig.measurements.queries import active_instrument
    from tidlig.offers.models import LegalBasis
    from tidlig.offers.services import create_offer
    from tidlig.people import services as people
    from tidlig.people.models import GuardianRelation

    call_command("migrate", verbosity=0)
    world = World()
    unit = Unit.objects.create(name="Tidlig Forebyggelse", kind=Unit.Kind.PREVENTION)
    basis, _created = LegalBasis.objects.get_or_create(reference="Barnets lov § 30, stk. 1, nr. 1")
    today = local_today()
    offer = None
    for n in range(workers):
        username, password = f"krak{n}", random_key()
        worker = User(
            username=username, role=User.Role.WORKER, unit=unit, first_name="Krak", last_name=f"{n}"
        )
        worker.set_password(password)
        worker.save()
        world.workers.append((username, password))
        if offer is None:
            offer = create_offer(actor=worker, unit=unit, name="Familiesamtaler", legal_basis=basis)
        facts = []
        for c in range(courses_per_worker):
            household = people.register_household(actor=worker, name=f"Familien Krak {n}-{c}", unit=unit)
            child = people.add_child(
                actor=worker,
                household=household,
                first_name="Alma",
                last_name="Krak",
                birth_date=dt.date(2012, 5, 1),
            )
            guardian = people.add_guardian(
                actor=worker,
                household=household,
                first_name="Bo",
                last_name="Krak",
                phone="12345678",
                relations={child: (GuardianRelation.Relation.FATHER, True)},
            )
            people.assign_worker(household, actor=worker, worker=worker)
            course = courses.open_course(
                actor=worker,
                household=household,
                offer=offer,
                workers=[worker],
                start_meeting_on=today - dt.timedelta(days=14),
                goals=[courses.GoalIn(text="Gode morgener")],
            )
            contact = courses.record_contact(
                course,
                actor=worker,
                date=today - dt.timedelta(days=7),
                duration_minutes=60,
                kind=Contact.Kind.INDIVIDUAL,
                place=Contact.Place.HOME,
            )
            facts.append(
                {"course": str(course.uuid), "contact": str(contact.uuid), "guardian": str(guardian.uuid)}
            )
        world.courses[username] = facts
    world.instrument_pk = active_instrument(OUTCOME).pk
    return world


class LoginFailed(Exception):
    pass


def random_key() -> str:
    return secrets.token_urlsafe(50)


def build_world_in(env: dict[str, str], *, workers: int = 1, courses_per_worker: int = 1) -> World:
    """Migrate and build the world in a separate process with the server's settings."""
    code = (
        "import django, json, dataclasses; django.setup(); "
        "from tidlig.tests.liveserver import build_world; "
        f"print(json.dumps(dataclasses.asdict(build_world(workers={workers}, "
        f"courses_per_worker={courses_per_worker}))))"
    )
    result = subprocess.run(  # noqa: S603 (our own interpreter and code)
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    return World(**json.loads(result.stdout.strip().splitlines()[-1]))
