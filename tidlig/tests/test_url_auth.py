"""Every URL needs login unless it is on the explicit public allow-list."""

import uuid

import pytest
from django.urls import get_resolver, resolve, reverse

from tidlig.tests.urlwalk import all_routes, own_routes

# Logging out is harmless without a session, so it is public too.
PUBLIC = {"login", "logout", "health", "referrals:self_referral", "referrals:receipt"}


def _url(route):
    kwargs = {k: 1 if f"<int:{k}>" in route.pattern else uuid.uuid4() for k in route.kwargs}
    return reverse(route.name, kwargs=kwargs)


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


def test_only_the_allow_list_is_exempt_from_the_login_middleware():
    """LoginRequiredMiddleware guards every view; `@login_not_required` is the allow-list in the code, and
    it names the same pages as PUBLIC here (and the language switch, which the login page needs)."""
    exempt = {r.name for r in all_routes() if not getattr(resolve(_url(r)).func, "login_required", True)}
    assert exempt == PUBLIC | {"set_language"}


@pytest.mark.django_db
def test_it_serves_the_public_urls_without_login(client):
    assert client.get(reverse("login")).status_code == 200
    assert client.get(reverse("health")).json() == {"status": "ok"}


@pytest.mark.django_db
def test_it_has_no_django_admin_and_no_login_door_beside_tidligs(client, admin_user):
    """Django's admin let an administrator change access rights unlogged, and its login skipped the
    address throttle; it is gone, so /admin/ is an unknown page, logged in or not."""
    for path in ("/admin/", "/admin/login/"):
        assert client.get(path).status_code == 404
        assert client.post(path, {"username": "admin", "password": "x"}).status_code == 404
    client.force_login(admin_user)
    assert client.get("/admin/").status_code == 404
    assert not any(str(p.pattern).startswith("admin/") for p in get_resolver().url_patterns)
