"""Every URL needs login unless it is on the explicit public allow-list."""

import uuid

import pytest
from django.urls import reverse

from tidlig.tests.urlwalk import own_routes

# Logging out is harmless without a session, so it is public too.
PUBLIC = {"login", "logout", "health", "referrals:self_referral", "referrals:receipt"}


def _url(route):
    return reverse(route.name, kwargs={k: uuid.uuid4() for k in route.kwargs})


@pytest.mark.django_db
@pytest.mark.parametrize("route", own_routes(), ids=lambda r: r.name)
def test_it_requires_login_for_every_private_url(client, route):
    if route.name in PUBLIC:
        pytest.skip("public by design")
    for method in (client.get, client.post):
        response = method(_url(route))
        assert response.status_code == 302, route.name
        assert response["Location"].startswith(reverse("login")), route.name


def test_it_knows_every_public_url():
    names = {r.name for r in own_routes()}
    assert names >= PUBLIC, "a public URL was renamed: update the allow-list"


@pytest.mark.django_db
def test_it_serves_the_public_urls_without_login(client):
    assert client.get(reverse("login")).status_code == 200
    assert client.get(reverse("health")).json() == {"status": "ok"}


@pytest.mark.django_db
def test_it_keeps_the_admin_behind_login(client):
    response = client.get("/admin/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
