"""Every date parameter of every form, page and export at the calendar's edges: never a 500, and a
refusal is a Danish message on the page. The date fields are found from the forms themselves, so a new
date field is swept without being listed here."""

import datetime as dt
import fnmatch

import pytest
from django import forms
from django.urls import reverse
from django.utils.module_loading import import_string

from conftest import login
from tidlig.tests import fuzz
from tidlig.tests.fuzz_registry import World, all_cases, import_every_module, next_address, subclasses
from tidlig.tests.urlwalk import own_routes

pytestmark = pytest.mark.django_db

EDGES = [
    "0001-01-01",
    "9999-12-31",
    "0000-01-01",
    "10000-01-01",
    "2025-02-29",  # no 29 February in 2025
    "1900-02-29",
    "2024-02-30",
    "0001-01-01T00:00",
    "9999-12-31T23:59",
    "",
    "aldrig",
    "2025-13-01",
    "-2025-01-01",
    "٢٠٢٥-٠١-٠١",
]
YEARS = ["1", "0", "0000", "9999", "10000", "-1", "1e4", "2025.5"]
DATE_FIELDS = (forms.DateField, forms.DateTimeField, forms.SplitDateTimeField)


def date_fields(case) -> list[str]:
    """The case's date fields: those its forms declare, and those the case names as dates."""
    found = {name for name, kind in case.fields.items() if kind == "date"}
    for path in case.forms:
        form = import_string(path)
        found |= {name for name, f in form.base_fields.items() if isinstance(f, DATE_FIELDS)}
    return sorted(found)


def _key(data: dict, name: str) -> str:
    return next(
        (k for k in data if k == name or fnmatch.fnmatchcase(k, name) or k.endswith(f"-{name}")), name
    )


def _send(client, case, url: str, data: dict):
    body = fuzz.encode_form(data)
    if case.method == "get":
        return client.get(f"{url}?{body.decode()}", REMOTE_ADDR=next_address())
    return client.generic(
        "POST", url, body, content_type="application/x-www-form-urlencoded", REMOTE_ADDR=next_address()
    )


def _check(response, case, before, where: str) -> None:
    assert response.status_code < 500, where
    written = fuzz.delta(before, fuzz.row_counts())
    if not written and response.status_code in (200, 400, 409) and case.method == "post":
        fuzz.assert_danish_error(response.content.decode(errors="replace"))
    if response.status_code == 400:
        fuzz.assert_danish_error(response.content.decode(errors="replace"))


DATED = [c for c in all_cases() if date_fields(c)]


@pytest.mark.parametrize("case", DATED, ids=lambda c: c.name)
def test_every_date_field_survives_the_calendars_edges(case, request):
    world = World(request)
    target = case.setup(world)
    names = date_fields(case)
    for name in names:
        for edge in EDGES:
            url, data = target.prepare()
            data[_key(data, name)] = edge
            before = fuzz.row_counts()
            _check(_send(target.client, case, url, data), case, before, f"{case.name}.{name} = {edge!r}")
    if len(names) >= 2:  # a range given backwards, and both ends at the edges
        first, last = names[0], names[-1]
        for low, high in (
            ("2026-05-01", "2026-04-01"),
            ("9999-12-31", "0001-01-01"),
            ("0001-01-01", "9999-12-31"),
        ):
            for a, b in ((first, last), (last, first)):
                url, data = target.prepare()
                data[_key(data, a)], data[_key(data, b)] = low, high
                before = fuzz.row_counts()
                _check(
                    _send(target.client, case, url, data), case, before, f"{case.name}: {a}={low}, {b}={high}"
                )


def test_every_date_field_of_every_form_is_swept():
    import_every_module()
    swept = {(path, name) for case in DATED for path in case.forms for name in date_fields(case)}
    missing = []
    for cls in subclasses(forms.BaseForm):
        path = f"{cls.__module__}.{cls.__qualname__}"
        if not path.startswith("tidlig.") or ".tests." in path:
            continue
        for name, f in getattr(cls, "base_fields", {}).items():
            if isinstance(f, DATE_FIELDS) and (path, name) not in swept:
                missing.append(f"{path}.{name}")
    assert not missing, f"date fields with no case in fuzz_cases: {missing}"


def _date_parameter_names() -> list[str]:
    """Every date field's name in every form of Tidlig, and the period parameters of the aggregate views."""
    import_every_module()
    names = {"start", "end", "year", "date", "at", "on"}
    for cls in subclasses(forms.BaseForm):
        if cls.__module__.startswith("tidlig.") and ".tests." not in cls.__module__:
            names |= {n for n, f in getattr(cls, "base_fields", {}).items() if isinstance(f, DATE_FIELDS)}
    return sorted(names)


PERSONAS = ["mette", "lone", "kim", "pia", "ali", "admin_user"]


def test_every_page_and_export_survives_dates_at_the_calendars_edges(
    client, request, mette_family, jonas_family
):
    """Every page without an id in its path, as each role that may open it, with every date parameter
    name at once set to each edge (and years to theirs): never a 500, and a 400 says why in Danish."""
    names = _date_parameter_names()
    routes = [r for r in own_routes() if not r.kwargs and r.name not in ("logout",)]
    opened = 0
    for persona in PERSONAS:
        login(client, request.getfixturevalue(persona))
        for route in routes:
            url = reverse(route.name)
            if client.get(url).status_code != 200:
                continue
            opened += 1
            values = [*EDGES, *YEARS]
            for value in values:
                params = {n: (value if n != "year" else value.split("-")[0]) for n in names}
                response = client.get(f"{url}?{fuzz.encode_form(params).decode()}")
                where = f"{route.name} as {persona} with {value!r}"
                assert response.status_code < 500, where
                if response.status_code == 400:
                    fuzz.assert_danish_error(response.content.decode(errors="replace"))
            for low, high in (("2026-05-01", "2026-04-01"), ("9999-12-31", "0001-01-01")):
                params = {n: high if n.endswith(("end", "to", "until", "ends_on")) else low for n in names}
                response = client.get(f"{url}?{fuzz.encode_form(params).decode()}")
                assert response.status_code < 500, f"{route.name} as {persona}, backwards"
        client.logout()
    assert opened >= 20
    assert dt.date.min.year == 1  # the edge the sweep starts from
