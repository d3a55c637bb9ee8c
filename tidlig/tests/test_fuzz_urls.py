"""Hostile query parameters on every page and hostile ids in every URL path: never a 500, never the
payload as markup, and never a redirect off the site."""

import uuid
from urllib.parse import quote, urlsplit

import pytest
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import PASSWORD, login
from tidlig.tests import fuzz
from tidlig.tests.urlwalk import own_routes

pytestmark = pytest.mark.django_db

PERSONAS = ["mette", "lone", "kim", "pia", "ali", "admin_user", None]
PARAMETERS = [
    "page",
    "start",
    "end",
    "unit",
    "year",
    "date_from",
    "date_to",
    "username",
    "action",
    "object_id",
    "status",
    "q",
    "next",
    "id",
    "uuid",
    "instrument",
]
OFF_SITE = [
    "//evil.invalid/",
    "https://evil.invalid/",
    "/\\evil.invalid",
    "\\\\evil.invalid",
    "javascript:alert(1)",
    "http:evil.invalid",
    " //evil.invalid",
    "/%2F/evil.invalid",
    "\t//evil.invalid",
]


def _on_site(location: str) -> bool:
    parts = urlsplit(location)
    return (
        not parts.scheme and not parts.netloc and location.startswith("/") and not location.startswith("//")
    )


def _value():
    return st.one_of(
        fuzz.date_text(),
        fuzz.number_text(),
        fuzz.choice_text(),
        st.sampled_from(OFF_SITE),
        st.lists(fuzz.hostile_text(), max_size=3),
    )


@pytest.fixture
def everyone(request, mette_family, jonas_family):
    return {name: request.getfixturevalue(name) if name else None for name in PERSONAS}


def test_it_survives_hostile_query_parameters_on_every_page(client, everyone):
    pages = [reverse(r.name) for r in own_routes() if not r.kwargs and r.name != "logout"]

    @settings(max_examples=40)
    @given(
        page=st.sampled_from(pages),
        persona=st.sampled_from(PERSONAS),
        params=st.dictionaries(st.sampled_from(PARAMETERS), _value(), min_size=1, max_size=4),
    )
    def attack(page, persona, params):
        client.logout()
        if everyone[persona] is not None:
            login(client, everyone[persona])
        params = {
            k: [fuzz.expand(x) for x in v] if isinstance(v, list) else fuzz.expand(v)
            for k, v in params.items()
        }
        response = client.get(f"{page}?{fuzz.encode_form(params).decode()}")
        assert response.status_code < 500
        if response.status_code in (301, 302, 303, 307, 308):
            assert _on_site(response["Location"]), response["Location"]
        for value in params.values():
            for text in value if isinstance(value, list) else [value]:
                fuzz.assert_no_markup(response.content.decode(errors="replace"), text)

    attack()


def test_it_answers_404_to_hostile_ids_in_the_path(client, everyone):
    routes = [r for r in own_routes() if r.kwargs]

    @settings(max_examples=60)
    @given(
        route=st.sampled_from(routes),
        persona=st.sampled_from(PERSONAS),
        hostile=st.one_of(fuzz.hostile_text(), st.uuids().map(str), st.sampled_from(fuzz.CPR_VARIANTS)),
    )
    def attack(route, persona, hostile):
        client.logout()
        if everyone[persona] is not None:
            login(client, everyone[persona])
        marker = str(uuid.uuid4())
        number = "987654321123"  # for an <int:...> keyword, which a uuid does not fit
        kwargs = {
            name: "x" if name == "token" else number if f"<int:{name}>" in route.pattern else marker
            for name in route.kwargs
        }
        url = reverse(route.name, kwargs=kwargs)
        segment = quote(fuzz.expand(hostile)[:2000].encode("utf-8", "surrogatepass"), safe="")
        for placeholder in (marker, f"/{number}/", "/x/"):
            if placeholder in url:
                url = url.replace(placeholder, segment if placeholder == marker else f"/{segment}/")
                break
        response = client.get(url)
        assert response.status_code < 500
        assert response.status_code in (302, 403, 404, 405), (url[:200], response.status_code)
        if response.status_code == 302:
            assert _on_site(response["Location"])
        fuzz.assert_no_markup(response.content.decode(errors="replace"), hostile)

    attack()


@pytest.mark.parametrize("target", OFF_SITE)
def test_it_never_sends_a_login_off_the_site(client, mette, target):
    response = client.post(
        f"{reverse('login')}?next={quote(target, safe='')}", {"username": "mette", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert _on_site(response["Location"]), response["Location"]
    assert response.wsgi_request.user == mette
