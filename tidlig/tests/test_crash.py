"""Crash safety: scripts/crash-test kills the production server 20 times under a
stream of writes, on a database of its own on the engine under test; and its checks do catch a lost
write, a half-written referral and an access-log row without its write."""

import datetime as dt
import importlib.machinery
import importlib.util
import os
import subprocess
import sys
import urllib.parse

import pytest
from django.conf import settings
from django.utils import timezone

from tidlig.tests.liveserver import ROOT

SCRIPT = ROOT / "scripts" / "crash-test"


def _load_script():
    loader = importlib.machinery.SourceFileLoader("crash_test_script", str(SCRIPT))
    spec = importlib.util.spec_from_loader(loader.name, loader)
    module = importlib.util.module_from_spec(spec)
    loader.exec_module(module)
    return module


def _server_url() -> str | None:
    """The PostgreSQL server under test (never its test database: the script makes its own), or None."""
    db = settings.DATABASES["default"]
    if not db["ENGINE"].endswith("postgresql"):
        return None
    auth = urllib.parse.quote(db["USER"] or "")
    if db.get("PASSWORD"):
        auth += ":" + urllib.parse.quote(db["PASSWORD"])
    # why: the script makes a database of its own on this server, named after this one with a random suffix
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.mark.slow
def test_it_keeps_every_acknowledged_write_through_20_kills():
    command = [sys.executable, str(SCRIPT), "--kills", "20", "--clients", "1"]
    command += ["--min-interval", "0.3", "--max-interval", "0.9"]
    if url := _server_url():
        command += ["--database-url", url]
    env = {k: v for k, v in os.environ.items() if k not in ("TIDLIG_TESTING", "DATABASE_URL")}
    result = subprocess.run(  # noqa: S603 (our own script)
        command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=600
    )
    report = result.stdout + result.stderr
    assert result.returncode == 0, report
    assert "20 kills with SIGKILL" in report
    assert "OK: every acknowledged write is there in full" in report
    acknowledged = [int(line.split()[1]) for line in report.splitlines() if "acknowledged," in line]
    assert len(acknowledged) == 3 and all(n > 0 for n in acknowledged), report


@pytest.mark.django_db
def test_its_checks_catch_a_lost_write_a_half_written_referral_and_a_stray_log_row(mette, prevention):
    from tidlig.audit.models import AccessLog, Purpose
    from tidlig.people.models import Household
    from tidlig.referrals.models import Referral

    script = _load_script()
    household = Household.objects.create(name="Familien Halv", unit=prevention)
    Referral.objects.create(
        household=household,
        unit=prevention,
        door=Referral.Door.WEB,
        source=Referral.Source.SELF,
        channel=Referral.Channel.WEB,
        concern="Bekymret (krak-r-half).",
        contact_deadline=timezone.localdate() + dt.timedelta(days=7),
        submission_token="krak-r-half",
    )
    AccessLog.objects.create(
        action=AccessLog.Action.CREATE,
        event="contact.recorded",
        purpose=Purpose.PREVENTIVE_WORK,
        detail={"contact": "5f0c6c2e-0000-4000-8000-000000000000"},
    )
    writes = [
        script.Write("referral", "krak-r-half", outcome="unknown"),
        script.Write("contact", "krak-c-lost", outcome="acknowledged"),
    ]

    problems, _stats = script.verify(writes, sqlite_path=None)

    text = "\n".join(problems)
    assert "contact krak-c-lost was acknowledged but is not in the database" in text
    assert "referral krak-r-half half-written: 0 children, 0 guardians, 0 relations" in text
    assert "referral.received" in text and "0 access-log rows, expected 1" in text
    assert "contact.recorded 5f0c6c2e-0000-4000-8000-000000000000: 1 access-log rows for a write" in text
