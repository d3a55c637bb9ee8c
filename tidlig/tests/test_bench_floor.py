"""The benchmark's floor page exists only when TIDLIG_BENCH is on, and still needs a login."""

import importlib

import pytest
from django.test import override_settings
from django.urls import clear_url_caches

import tidlig.urls
from conftest import login

pytestmark = pytest.mark.django_db


@pytest.fixture
def bench_urls():
    with override_settings(BENCH=True):
        clear_url_caches()
        importlib.reload(tidlig.urls)
        yield
    clear_url_caches()
    importlib.reload(tidlig.urls)


def test_it_is_not_routed_without_the_bench_setting(client, mette):
    login(client, mette)
    assert client.get("/bench/gulv/").status_code == 404


def test_it_answers_a_logged_in_user_with_a_bare_response(bench_urls, client, mette):
    response = client.get("/bench/gulv/")
    assert response.status_code == 302
    assert response["Location"].startswith("/konto/login/")
    login(client, mette)
    response = client.get("/bench/gulv/")
    assert response.status_code == 200
    assert response.content == b"ok"
    assert response["Cache-Control"] == "no-store"
