"""When the database cannot be reached every page answers a Danish 503 with Retry-After, never a 500,
and when it comes back the running application recovers by itself, without a restart."""

import contextlib
import os
import pwd
import shutil
import subprocess
import tempfile
import threading
import time
from pathlib import Path
from unittest import mock

import pytest
from django.conf import settings
from django.db import OperationalError, connection
from django.test import Client
from django.urls import reverse

from conftest import login
from tidlig.errors import RETRY_AFTER_SECONDS
from tidlig.tests.liveserver import Client as LiveClient
from tidlig.tests.liveserver import Server, build_world_in, free_port, production_env, random_key

DANISH_503 = "Tidlig kan ikke nå sin database lige nu. Prøv igen om lidt."
PG_BIN = Path("/usr/lib/postgresql/15/bin")


def _unreachable(*args, **kwargs):
    raise OperationalError('connection to server at "127.0.0.1", port 5432 failed: Connection refused')


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/henvendelse/", "/forloeb/", "/log/indsigt/"])
def test_it_answers_a_danish_503_when_the_database_is_unreachable(path, mette):
    client = Client(raise_request_exception=False)
    login(client, mette)
    with mock.patch.object(connection, "ensure_connection", _unreachable):
        response = client.get(path)
    assert response.status_code == 503
    assert response["Retry-After"] == str(RETRY_AFTER_SECONDS)
    assert DANISH_503 in response.content.decode()
    assert "Traceback" not in response.content.decode()


@pytest.mark.django_db
def test_it_answers_a_form_post_with_503_and_stores_nothing_when_the_database_goes(client):
    from tidlig.referrals.models import Referral

    client.raise_request_exception = False
    with mock.patch.object(connection, "ensure_connection", _unreachable):
        response = client.post(reverse("referrals:self_referral"), {"concern": "Vi er bekymrede."})
    assert response.status_code == 503
    assert DANISH_503 in response.content.decode()
    assert not Referral.objects.exists()


@pytest.mark.django_db
def test_it_still_answers_500_for_an_error_that_is_not_the_database(client, mette):
    client.raise_request_exception = False
    login(client, mette)
    with mock.patch("tidlig.views.render", side_effect=ValueError("a bug")):
        response = client.get("/")
    assert response.status_code == 500
    assert "Retry-After" not in response


# --- A real PostgreSQL restarted under load --------------------------------------------------------


class PrivateCluster:
    """A PostgreSQL cluster of this test's own, on a free port, run as the postgres OS user: the shared
    server on 5432 is never touched."""

    def __init__(self):
        self.user = pwd.getpwnam("postgres")
        self.dir = Path(tempfile.mkdtemp(prefix="tidlig-outage-"))
        os.chown(self.dir, self.user.pw_uid, self.user.pw_gid)
        self.port = free_port()
        self.data = self.dir / "data"

    def _run(self, *args: str) -> None:
        subprocess.run(  # noqa: S603 (Debian's PostgreSQL binaries, our arguments)
            ["runuser", "-u", "postgres", "--", *args],  # noqa: S607
            check=True,
            capture_output=True,
            cwd=self.dir,
        )

    def init(self) -> None:
        self._run(str(PG_BIN / "initdb"), "-D", str(self.data), "-U", "postgres", "-A", "trust", "--no-sync")

    def start(self) -> None:
        options = f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1"
        self._run(
            str(PG_BIN / "pg_ctl"),
            "-D",
            str(self.data),
            "-o",
            options,
            "-l",
            str(self.dir / "log"),
            "-w",
            "start",
        )

    def stop(self) -> None:
        # why: -m fast ends every open connection, as a restart or a failover does
        self._run(str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop")

    def url(self, name: str) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{name}"

    def remove(self) -> None:
        with contextlib.suppress(subprocess.CalledProcessError):  # already stopped
            self.stop()
        shutil.rmtree(self.dir, ignore_errors=True)


def _pg_binaries_or_skip() -> None:
    missing = not (PG_BIN / "pg_ctl").exists() or shutil.which("runuser") is None or os.geteuid() != 0
    if missing:
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI needs Debian's PostgreSQL binaries in {PG_BIN}, runuser and root")
        pytest.skip(f"needs Debian's PostgreSQL binaries in {PG_BIN}, runuser and root")


class Load(threading.Thread):
    """One browser asking for one page again and again, noting every answer."""

    def __init__(self, client: LiveClient, path: str, stop: threading.Event):
        super().__init__(daemon=True)
        self.client, self.path, self.stop = client, path, stop
        self.answers: list[tuple[str, int, str, str]] = []  # phase, status, Retry-After, body
        self.phase = "before"

    def run(self) -> None:
        while not self.stop.is_set():
            try:
                status, headers, body = self.client.get(self.path)
            except OSError as error:
                self.answers.append((self.phase, 0, "", repr(error)))
                continue
            self.answers.append((self.phase, status, headers.get("retry-after", ""), body))
            time.sleep(0.02)

    def seen(self, phase: str, status: int) -> bool:
        return any(p == phase and s == status for p, s, _r, _b in list(self.answers))


def _wait_for(condition, *, limit: float, what: str) -> None:
    """Polls until the condition holds; the limit only stops a hung run, it is not what is tested."""
    deadline = time.monotonic() + limit
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"gave up waiting for: {what}")
        time.sleep(0.1)


@pytest.mark.skipif(
    not settings.DATABASES["default"]["ENGINE"].endswith("postgresql"),
    reason="restarts a real PostgreSQL; runs in the PostgreSQL run of the suite",
)
def test_it_answers_503_while_postgresql_restarts_and_recovers_without_a_restart(tmp_path):
    _pg_binaries_or_skip()
    cluster = PrivateCluster()
    server = None
    stop = threading.Event()
    try:
        cluster.init()
        cluster.start()
        subprocess.run(  # noqa: S603
            [
                str(PG_BIN / "createdb"),
                "-h",
                "127.0.0.1",
                "-p",
                str(cluster.port),
                "-U",
                "postgres",
                "tidlig",
            ],
            check=True,
        )
        env = production_env(tmp_path, database_url=cluster.url("tidlig"), secret_key=random_key())
        world = build_world_in(env)
        server = Server(env, log=tmp_path / "gunicorn.log")
        server.start()
        username, password = world.workers[0]
        course = world.courses[username][0]["course"]
        pages = ["/", "/henvendelse/", f"/forloeb/{course}/", "/sundhed/"]
        loads = []
        for path in pages:
            client = LiveClient(server.port)
            if path != "/sundhed/":
                client.login(username, password)
            loads.append(Load(client, path, stop))
        for load in loads:
            load.start()
        _wait_for(lambda: all(load.seen("before", 200) for load in loads), limit=60, what="every page 200")
        processes = server.pids

        cluster.stop()
        for load in loads:
            load.phase = "outage"
        _wait_for(lambda: all(load.seen("outage", 503) for load in loads), limit=60, what="every page 503")

        cluster.start()
        for load in loads:
            load.phase = "after"
        _wait_for(
            lambda: all(load.seen("after", 200) for load in loads), limit=60, what="every page 200 again"
        )
        stop.set()
        for load in loads:
            load.join(timeout=30)

        assert server.pids == processes, "the application recovered without being restarted"
        answers = [a for load in loads for a in load.answers]
        assert {status for _phase, status, _r, _b in answers} <= {200, 503}, (
            "never a 500, never a dropped line"
        )
        outage = [a for a in answers if a[1] == 503]
        for _phase, _status, retry_after, body in outage:
            if body.startswith("{"):
                assert "database unavailable" in body  # the load balancer's health check answers JSON
            else:
                assert DANISH_503 in body
                assert retry_after == str(RETRY_AFTER_SECONDS)
    finally:
        stop.set()
        if server is not None:
            server.stop()
        cluster.remove()
