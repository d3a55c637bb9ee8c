"""The benchmark's floor page is routed only by bench's URL conf (TIDLIG_BENCH), and still needs a login."""

import pytest
from django.test import override_settings

from conftest import login

pytestmark = pytest.mark.django_db


def test_it_is_not_routed_by_the_applications_urls(client, mette):
    login(client, mette)
    assert client.get("/bench/gulv/").status_code == 404


@override_settings(ROOT_URLCONF="bench.urls")
def test_it_answers_a_logged_in_user_with_a_bare_response(client, mette):
    response = client.get("/bench/gulv/")
    assert response.status_code == 302
    assert response["Location"].startswith("/konto/login/")
    login(client, mette)
    response = client.get("/bench/gulv/")
    assert response.status_code == 200
    assert response.content == b"ok"
    assert response["Cache-Control"] == "no-store"
    # the application's pages are still there
    assert client.get("/").status_code == 200
