"""Login: lockout after 5 failures, one generic message, a new session key, demo users only in DEMO."""

import datetime as dt

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from conftest import PASSWORD
from tidlig.accounts.forms import INVALID_LOGIN
from tidlig.audit.models import AccessLog

pytestmark = pytest.mark.django_db


def _login(client, username, password):
    return client.post(reverse("login"), {"username": username, "password": password})


def test_it_logs_in_and_lands_on_the_home_page(client, mette):
    response = _login(client, "mette", PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert AccessLog.objects.filter(actor=mette, action=AccessLog.Action.LOGIN).count() == 1


def test_it_gives_the_same_message_for_unknown_users_wrong_passwords_and_locked_accounts(client, mette):
    unknown = _login(client, "nobody", "x")
    wrong = _login(client, "mette", "wrong")
    for _ in range(4):
        _login(client, "mette", "wrong")
    locked = _login(client, "mette", PASSWORD)
    for response in (unknown, wrong, locked):
        assert response.status_code == 200
        assert str(INVALID_LOGIN) in response.content.decode()


def test_it_locks_the_account_for_15_minutes_after_5_failures(client, mette):
    with time_machine.travel(dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.UTC), tick=False):
        for _ in range(5):
            _login(client, "mette", "wrong")
        mette.refresh_from_db()
        assert mette.locked_until == dt.datetime(2026, 11, 23, 9, 15, tzinfo=dt.UTC)
        assert _login(client, "mette", PASSWORD).status_code == 200, (
            "the right password is refused while locked"
        )
    with time_machine.travel(dt.datetime(2026, 11, 23, 9, 14, 59, tzinfo=dt.UTC), tick=False):
        assert _login(client, "mette", PASSWORD).status_code == 200
    with time_machine.travel(dt.datetime(2026, 11, 23, 9, 15, 1, tzinfo=dt.UTC), tick=False):
        assert _login(client, "mette", PASSWORD).status_code == 302
    mette.refresh_from_db()
    assert mette.locked_until is None
    assert mette.failed_login_count == 0
    reasons = list(
        AccessLog.objects.filter(actor=mette, action=AccessLog.Action.LOGIN_FAILED)
        .order_by("id")
        .values_list("detail__reason", flat=True)
    )
    assert reasons == ["bad_password"] * 5 + ["locked", "locked"]


def test_it_resets_the_count_after_a_successful_login(client, mette):
    for _ in range(4):
        _login(client, "mette", "wrong")
    assert _login(client, "mette", PASSWORD).status_code == 302
    client.logout()
    for _ in range(4):
        _login(client, "mette", "wrong")
    assert _login(client, "mette", PASSWORD).status_code == 302


def test_it_does_not_lock_other_users(client, mette, sofie):
    for _ in range(5):
        _login(client, "mette", "wrong")
    assert _login(client, "sofie", PASSWORD).status_code == 302


def test_it_does_not_store_an_unknown_username(client, db):
    _login(client, "hemmelig-adgangskode", "x")
    row = AccessLog.objects.get(action=AccessLog.Action.LOGIN_FAILED)
    assert row.actor is None
    assert "hemmelig" not in str(row.detail)


def test_it_gives_a_new_session_key_at_login(client, mette):
    session = client.session
    session["probe"] = 1
    session.save()
    before = session.session_key
    _login(client, "mette", PASSWORD)
    assert client.session.session_key != before
    from django.contrib.sessions.models import Session

    assert not Session.objects.filter(session_key=before).exists(), "the pre-login key is dead"


def test_it_refuses_demo_users_outside_demo_mode(client, mette, settings):
    mette.is_demo = True
    mette.save(update_fields=["is_demo"])
    settings.DEMO = False
    assert _login(client, "mette", PASSWORD).status_code == 200
    settings.DEMO = True
    assert _login(client, "mette", PASSWORD).status_code == 302
    settings.DEMO = False
    response = client.get(reverse("home"))
    assert response.status_code == 302, "an open demo session ends when demo mode is off"


def test_it_logs_out_with_a_post_and_logs_it(client, mette):
    _login(client, "mette", PASSWORD)
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 302
    assert AccessLog.objects.filter(actor=mette, action=AccessLog.Action.LOGOUT).count() == 1


def test_it_ends_the_sessions_of_a_deactivated_user(client, mette):
    _login(client, "mette", PASSWORD)
    mette.is_active = False
    mette.save(update_fields=["is_active"])
    assert client.get(reverse("home")).status_code == 302


def test_it_makes_an_address_wait_after_many_failures_across_usernames(client, mette, settings):
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 3
    for name in ("anna", "bo", "carl"):  # spraying: one try each at three usernames
        _login(client, name, "Sommer2026!")
    response = _login(client, "mette", PASSWORD)
    assert response.status_code == 200
    assert "for mange forkerte forsøg på at logge ind fra din adresse" in response.content.decode()
    assert "_auth_user_id" not in client.session
    # the right password from another address still works
    other = Client(REMOTE_ADDR="192.0.2.44")
    assert _login(other, "mette", PASSWORD).status_code == 302


def test_it_counts_the_client_behind_a_trusted_proxy(client, mette, settings):
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 2
    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    spray = Client(HTTP_X_FORWARDED_FOR="198.51.100.9")
    for name in ("anna", "bo"):
        _login(spray, name, "x")
    assert AccessLog.objects.filter(action=AccessLog.Action.LOGIN_FAILED, ip="198.51.100.9").count() == 2
    # another client behind the same proxy is not punished for the first one's failures
    assert _login(Client(HTTP_X_FORWARDED_FOR="198.51.100.10"), "mette", PASSWORD).status_code == 302
