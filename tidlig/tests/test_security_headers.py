"""Headers every response carries: CSP without inline scripts, no framing, no sniffing, no caching of
personal data; the production settings pass Django's deployment check without a warning."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

from conftest import login

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]
# Test-only switches that must never reach a production process.
TEST_ONLY = ("TIDLIG_TESTING", "TIDLIG_DEMO", "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE")


def _production_env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k not in TEST_ONLY}


def test_it_sends_a_strict_content_security_policy(client):
    response = client.get(reverse("login"))
    csp = response["Content-Security-Policy"]
    script_src = next(d for d in csp.split(";") if d.strip().startswith("script-src"))
    assert "'unsafe-inline'" not in script_src
    assert "'nonce-" in script_src
    assert "frame-ancestors 'none'" in csp
    assert "object-src 'none'" in csp
    assert "base-uri 'none'" in csp
    nonce = script_src.split("'nonce-")[1].split("'")[0]
    assert response.content.decode().count(f'nonce="{nonce}"') >= 2, "every script carries the nonce"


def test_it_forbids_framing_sniffing_and_referrers(client):
    response = client.get(reverse("login"))
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_it_never_lets_a_page_with_personal_data_be_cached(client, mette, emma):
    login(client, mette)
    response = client.get(reverse("people:child", args=[emma.uuid]))
    assert response["Cache-Control"] == "no-store"


def test_it_serves_every_asset_itself(client):
    page = client.get(reverse("login")).content.decode()
    assert "http://" not in page.replace("http://www.w3.org", "")
    assert "https://" not in page


@pytest.mark.own_database
def test_it_passes_the_deployment_check_with_production_settings():
    env = _production_env()
    env.update(SECRET_KEY="a-real-secret-" + "k" * 50, ALLOWED_HOSTS="tidlig.example.dk", DATABASE_URL="")
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.own_database
def test_it_refuses_to_start_in_production_without_a_secret_key():
    env = _production_env()
    env.pop("SECRET_KEY", None)
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_it_explains_a_missing_csrf_token_in_danish(mette):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("login"), {"username": "mette", "password": "x"})
    assert response.status_code == 403
    assert "Formularen kunne ikke sendes" in response.content.decode()
    assert "Intet er gemt" in response.content.decode()


PRODUCTION_PROBE = r"""
import json, django
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
call_command("collectstatic", verbosity=0, interactive=False)
from django.test import Client
from tidlig.accounts.models import User, Unit
unit = Unit.objects.create(name="Probe", kind="prevention")
user = User(username="probe", role="worker", unit=unit)
user.set_password("Langt-og-hemmeligt-2026")
user.save()
client = Client(HTTP_HOST="tidlig.example.dk")
page = client.get("/konto/login/", secure=True)
before = client.cookies.get("__Host-sessionid")
response = client.post(
    "/konto/login/",
    {"username": "probe", "password": "Langt-og-hemmeligt-2026",
     "csrfmiddlewaretoken": page.cookies["__Host-csrftoken"].value},
    secure=True, HTTP_REFERER="https://tidlig.example.dk/konto/login/",
)
plain = Client(HTTP_HOST="tidlig.example.dk").get("/konto/login/")
def cookie(morsel):
    return {k: morsel[k] for k in ("secure", "httponly", "samesite", "path")} | {"value": morsel.value}
print(json.dumps({
    "headers": dict(page.headers),
    "status": response.status_code,
    "session": cookie(response.cookies["__Host-sessionid"]),
    "csrf": cookie(page.cookies["__Host-csrftoken"]),
    "plain_status": plain.status_code,
    "plain_location": plain.headers.get("Location", ""),
}))
"""


@pytest.mark.slow
@pytest.mark.own_database
def test_production_settings_send_hsts_and_secure_cookies(tmp_path):
    """Under production settings (no DEBUG/DEMO/TESTING): HSTS, HTTPS redirect, a CSP without inline
    scripts, and session and CSRF cookies that are Secure, host-only (__Host-) and, for the session,
    HttpOnly. The login is a real one against a fresh database."""
    import json

    env = _production_env()
    env.update(
        SECRET_KEY="a-real-secret-" + "k" * 50,
        ALLOWED_HOSTS="tidlig.example.dk",
        DATABASE_URL=f"sqlite:///{tmp_path / 'prod.sqlite3'}",
        TIDLIG_STATIC_ROOT=str(tmp_path / "static"),
        DJANGO_SETTINGS_MODULE="tidlig.settings",
    )
    command = [sys.executable, "-c", PRODUCTION_PROBE]  # our own fixed script
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    assert result.returncode == 0, result.stderr
    probe = json.loads(result.stdout.strip().splitlines()[-1])
    headers = probe["headers"]
    assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    csp = headers["Content-Security-Policy"]
    assert "'unsafe-inline'" not in csp and "frame-ancestors 'none'" in csp
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    assert probe["status"] == 302, "the login itself works under production settings"
    session, csrf = probe["session"], probe["csrf"]
    assert session["secure"] and session["httponly"] and session["samesite"] == "Lax"
    assert session["path"] == "/" and session["value"]
    assert csrf["secure"] and csrf["path"] == "/"
    # plain HTTP is sent to HTTPS
    assert probe["plain_status"] == 301 and probe["plain_location"].startswith("https://")
    # collectstatic shipped what the pages load, by hashed name only, and left out the rest of DKFDS
    # (lib/apps.py)
    static = tmp_path / "static" / "dkfds"
    assert (
        len(list(static.glob("css/dkfds.min.*.css"))) == 1
        and len(list(static.glob("js/dkfds.min.*.js"))) == 1
    )
    assert list(static.glob("fonts/IBMPlexSans/complete/woff2/IBMPlexSans-Regular.*.woff2"))
    assert not (static / "css" / "dkfds.min.css").exists(), "only the hashed copies are kept"
    assert not (static / "scss").exists() and not (static / "fonts" / "IBMPlexSans" / "split").exists()
    assert not list(static.glob("css/dkfds-*")) and not list(static.glob("fonts/**/IBMPlexSans-Thin*"))
