"""No bare error page: a method a URL refuses gets Tidlig's own Danish page with 405 and an Allow header,
on every URL of the URLconf, as 403, 404 and 500 do."""

import uuid

import pytest
from django.urls import reverse

from conftest import login
from tidlig.tests.urlwalk import own_routes

pytestmark = pytest.mark.django_db

PERSONAS = ["mette", "lone", "kim", "pia", "ali", "admin_user"]
METHODS = ["get", "post", "delete"]
DANISH = "Siden kan ikke åbnes sådan"


def _url(route) -> str:
    def value(key):
        if key == "token":
            return "x"
        return 1 if f"<int:{key}>" in route.pattern else uuid.uuid4()

    return reverse(route.name, kwargs={k: value(k) for k in route.kwargs})


def assert_danish_405(response, where) -> None:
    assert response.status_code == 405, where
    assert response["Allow"], f"{where}: no Allow header"
    assert response["Content-Type"].startswith("text/html"), where
    html = response.content.decode()
    assert DANISH in html and 'lang="da"' in html, f"{where}: not Tidlig's own error page"
    assert "Content-Security-Policy" in response.headers, where


def test_method_not_allowed_gets_the_danish_error_page_on_every_url(
    client, request, mette_family, jonas_family
):
    """Every route, as every role and by GET, POST and DELETE: each 405 is the Danish page. The sweep must
    meet the form-only URLs (logout, the POST-only actions), or it proves nothing."""
    routes = [r for r in own_routes() if r.name != "logout"]
    refused = set()
    for persona in PERSONAS:
        login(client, request.getfixturevalue(persona))
        for route in routes:
            url = _url(route)
            for method in METHODS:
                response = getattr(client, method)(url)
                if response.status_code == 405:
                    assert_danish_405(response, f"{method.upper()} {route.name} as {persona}")
                    refused.add(route.name)
        client.logout()
    assert len(refused) >= 10, sorted(refused)


def test_a_get_on_logout_gets_the_danish_error_page(client, mette):
    login(client, mette)
    response = client.get(reverse("logout"))
    assert_danish_405(response, "GET logout")
    assert "POST" in response["Allow"]
