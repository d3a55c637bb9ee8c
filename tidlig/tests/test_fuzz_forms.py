"""Hostile input through every form's real view: never a 500, a Danish message and no row for bad
input, the whole text or nothing for good input, and never the payload as markup on the page."""

import fnmatch
import os

import pytest
from django.db.models import CharField, TextField
from hypothesis import given, settings
from hypothesis import strategies as st

from tidlig.lib.text import validate_plain_text
from tidlig.tests import fuzz
from tidlig.tests.fuzz_registry import Case, World, all_cases, next_address

pytestmark = pytest.mark.django_db

# why: TIDLIG_FUZZ_SCALE=20 runs twenty times the examples, for a long hunt outside the suite
SCALE = int(os.environ.get("TIDLIG_FUZZ_SCALE", "1"))


def _send(client, case: Case, url: str, data: dict, *, address: str):
    body = fuzz.encode_form(data)
    if case.method == "get":
        return client.get(f"{url}?{body.decode()}", REMOTE_ADDR=address)
    return client.generic(
        "POST", url, body, content_type="application/x-www-form-urlencoded", REMOTE_ADDR=address
    )


def _stored_whole(value: str, labels) -> bool:
    """The accepted text is in some text column of a table the submission wrote to."""
    from django.apps import apps

    for label in labels:
        if label == "audit writes":
            continue
        model = apps.get_model(label)
        for f in model._meta.get_fields():
            if (
                isinstance(f, CharField | TextField)
                and model._default_manager.filter(**{f.name: value}).exists()
            ):
                return True
    return False


def _errors(response) -> list[str]:
    """The error messages on a page, for a readable failure."""
    import re

    html = response.content.decode(errors="replace")
    found = re.findall(
        r'class="(?:form-error-message|alert-text)"[^>]*>(.*?)</(?:span|p)>\s*(?:</span>)?', html, re.S
    )
    return [" ".join(re.sub(r"<[^>]+>", "", f).split())[:200] for f in found]


def _check_page(client, response, payload: str) -> None:
    html = response.content.decode(errors="replace")
    fuzz.assert_no_markup(html, payload)


@pytest.mark.parametrize("case", [c for c in all_cases() if c.public], ids=lambda c: c.name)
def test_it_survives_hostile_input_at_the_public_doors(case, request):
    _attack(case, request)


@pytest.mark.parametrize("case", [c for c in all_cases() if not c.public], ids=lambda c: c.name)
def test_it_survives_hostile_input_in_every_form(case, request):
    _attack(case, request)


def _attack(case: Case, request) -> None:
    world = World(request)
    target = case.setup(world)

    # A good submission first: it proves the base data valid and shows what a whole write is.
    url, data = target.prepare()
    before = fuzz.row_counts()
    response = _send(target.client, case, url, data, address=next_address())
    good = fuzz.delta(before, fuzz.row_counts())
    if case.writes:
        assert response.status_code == 302, (response.status_code, _errors(response))
        assert good, "a good submission wrote nothing"
    else:
        assert response.status_code < 500
        assert not good, good

    @settings(max_examples=case.examples * SCALE)
    @given(name=st.sampled_from(sorted(case.fields)), draw=st.data())
    def attack(name, draw):
        payload = fuzz.expand(draw.draw(fuzz.STRATEGIES[case.fields[name]](), label=name))
        url, data = target.prepare()
        # why: a prefixed name (a per-object prefix) is given as a pattern, "*-reason"
        key = next((k for k in data if fnmatch.fnmatchcase(k, name)), name)
        data[key] = payload
        before = fuzz.row_counts()
        response = _send(target.client, case, url, data, address=next_address())
        assert response.status_code < 500
        written = fuzz.delta(before, fuzz.row_counts())
        _check_page(target.client, response, payload)
        if not written:
            if case.method == "post" and response.status_code in (200, 400, 409):
                fuzz.assert_danish_error(response.content.decode(errors="replace"))
            return
        assert case.writes, f"{case.name} wrote {written}"
        if name in case.shape_fields or not case.exact:
            assert written.get("audit writes", 0) >= 1, f"written without an audit row: {written}"
        else:
            assert written == good, f"half-way write: {written}, a whole one is {good}"
        if name in case.stored:
            expected = fuzz.as_received(payload).strip()
            # why: what is stored is plain text: no NUL, no control characters, no bidi overrides
            validate_plain_text(expected)
            tables = [*written, *case.models]
            assert _stored_whole(expected, tables), f"{name}: {expected[:80]!r} not stored whole"
        if response.status_code == 302:
            _check_page(target.client, target.client.get(response["Location"]), payload)

    attack()
