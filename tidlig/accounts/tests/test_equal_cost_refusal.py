"""Equal-cost refusal: every kind of refused login runs the password hasher exactly once, as a successful
one does, so no refusal is answered faster than another (no timing is measured: the hasher is counted)."""

import datetime as dt
from unittest import mock

import pytest
from django.contrib.auth.hashers import get_hasher
from django.urls import reverse
from django.utils import timezone

from conftest import PASSWORD
from tidlig.accounts.models import User

pytestmark = pytest.mark.django_db


def _hashes(client, username, password) -> tuple[int, int]:
    hasher = type(get_hasher())
    with mock.patch.object(hasher, "encode", autospec=True, side_effect=hasher.encode) as spy:
        response = client.post(reverse("login"), {"username": username, "password": password})
    return response.status_code, spy.call_count


def _deactivated(user):
    User.objects.filter(pk=user.pk).update(is_active=False)


def _demo_off(user, settings):
    User.objects.filter(pk=user.pk).update(is_demo=True)
    settings.DEMO = False


def _locked(user):
    User.objects.filter(pk=user.pk).update(locked_until=timezone.now() + dt.timedelta(minutes=10))


@pytest.mark.parametrize(
    "kind",
    [
        "success",
        "wrong",
        "unknown",
        "deactivated",
        "deactivated_right",
        "demo_off",
        "locked",
        "throttled",
        "unusable_password",
    ],
)
def test_every_refused_login_hashes_exactly_once(client, mette, settings, kind):
    username, password, expected = "mette", "forkert-adgangskode", 200
    if kind == "success":
        password, expected = PASSWORD, 302
    elif kind == "unknown":
        username = "ingen-saadan"
    elif kind == "deactivated":
        _deactivated(mette)
    elif kind == "deactivated_right":
        _deactivated(mette)
        password = PASSWORD
    elif kind == "demo_off":
        _demo_off(mette, settings)
        password = PASSWORD
    elif kind == "locked":
        _locked(mette)
        password = PASSWORD
    elif kind == "unusable_password":  # the demo's workers without a login
        mette.set_unusable_password()
        mette.save(update_fields=["password"])
    elif kind == "throttled":
        settings.LOGIN_ADDRESS_FAILURE_LIMIT = 1
        client.post(reverse("login"), {"username": "anna", "password": "x"})
    status, hashes = _hashes(client, username, password)
    assert status == expected
    assert hashes == 1, f"a {kind} login ran the hasher {hashes} times"
