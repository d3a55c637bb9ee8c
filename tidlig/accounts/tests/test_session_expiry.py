"""A session ends after 30 minutes idle and after 12 hours at most (ASVS 4.0.3 3.3.2)."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from conftest import PASSWORD

pytestmark = pytest.mark.django_db
START = dt.datetime(2026, 11, 23, 8, 0, tzinfo=dt.UTC)


def _login(client):
    assert client.post(reverse("login"), {"username": "mette", "password": PASSWORD}).status_code == 302


def test_it_ends_a_session_after_30_idle_minutes(client, mette):
    with time_machine.travel(START, tick=False):
        _login(client)
    with time_machine.travel(START + dt.timedelta(minutes=29), tick=False):
        assert client.get(reverse("home")).status_code == 200
    with time_machine.travel(START + dt.timedelta(minutes=29 + 31), tick=False):
        response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert "_auth_user_id" not in client.session


def test_it_ends_a_session_after_12_hours_even_when_active(client, mette):
    with time_machine.travel(START, tick=False):
        _login(client)
    for minutes in range(20, 12 * 60, 20):
        with time_machine.travel(START + dt.timedelta(minutes=minutes), tick=False):
            assert client.get(reverse("home")).status_code == 200, minutes
    with time_machine.travel(START + dt.timedelta(hours=12, minutes=1), tick=False):
        assert client.get(reverse("home")).status_code == 302
