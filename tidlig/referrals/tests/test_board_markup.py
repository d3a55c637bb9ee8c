"""The triage board's forms render their shared worker select as Django's own widget does."""

import re

import pytest
from django.test.html import parse_html
from django.urls import reverse
from django.utils import translation

from conftest import login, make_user
from tidlig.accounts.models import User
from tidlig.lib import forms as lib_forms
from tidlig.lib.forms import Renderer
from tidlig.referrals import queries, services
from tidlig.referrals.forms import TriageForm
from tidlig.referrals.tests.factories import make_referral

pytestmark = pytest.mark.django_db
LANGUAGES = ("da", "en")


@pytest.fixture
def workers(prevention, mette, sofie):
    ulla = make_user("ulla", User.Role.WORKER, unit=prevention, capacity=None)
    ulla.first_name = 'Ulla <Ø> & "U"'  # why: a name the options must escape
    ulla.save(update_fields=["first_name"])
    return queries.unit_workers(prevention.pk)


def _forms(state: str, workers: list[User], prefix: str, renderer):
    mette = next(w for w in workers if w.username == "mette")
    data = {
        "errors": {f"{prefix}-decision": "accept", f"{prefix}-worker": str(mette.pk), f"{prefix}-reason": ""},
        "refused worker": {
            f"{prefix}-decision": "ja",
            f"{prefix}-worker": "999999",
            f"{prefix}-reason": "<b>",
        },
    }.get(state)
    initial = {"worker": mette.pk} if state == "preselected" else {}
    shared = TriageForm.worker_choices(workers)
    return [
        TriageForm(data, workers=workers, worker_choices=choices, prefix=prefix, initial=initial, renderer=r)
        for choices, r in ((shared, None), (None, renderer))
    ]


@pytest.mark.parametrize("state", ["preselected", "none", "errors", "refused worker"])
@pytest.mark.parametrize("language", LANGUAGES)
def test_it_renders_each_rows_form_as_djangos_widgets_do(state, language, workers, monkeypatch):
    from django import forms

    django_path = []
    optgroups = forms.Select.optgroups

    def spy(self, *args):
        django_path.append(self)
        return optgroups(self, *args)

    monkeypatch.setattr(forms.Select, "optgroups", spy)
    with translation.override(language):
        ours, django = _forms(state, workers, "2a8f-row", Renderer())
        if state in ("errors", "refused worker"):
            assert not ours.is_valid() and not django.is_valid()
            assert ours.errors == django.errors
        for name in ours.fields:
            assert parse_html(ours[name].as_field_group()) == parse_html(django[name].as_field_group()), name
        assert parse_html(ours.render()) == parse_html(django.render())
    assert django.fields["worker"].widget in django_path, "the reference takes Django's path"
    shared_selects = {ours.fields["worker"].widget, ours.fields["forwarded_to"].widget}
    django_path.clear()
    with translation.override(language):
        ours.render()
    assert not shared_selects & set(django_path), "the shared options are rendered once and reused"
    html = ours["worker"].as_field_group()
    assert html.count("<option") == len(workers) + 1
    expected = {"preselected": 1, "none": 1, "errors": 1, "refused worker": 0}[state]
    assert html.count(" selected>") == expected, "the blank choice is selected when nothing else is"
    if state == "refused worker":
        assert 'aria-invalid="true"' in html


def _page(client, settings, language: str) -> str:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get(reverse("referrals:board"))
    assert response.status_code == 200
    html = response.content.decode()
    # a fresh token and nonce for every response
    html = re.sub(r'(name="csrfmiddlewaretoken" value="|"X-CSRFToken": "|nonce=")[^"]+"', r'\1"', html)
    return html


@pytest.mark.parametrize("language", LANGUAGES)
def test_it_renders_the_board_as_djangos_widgets_do(
    language, client, settings, lone, workers, prevention, monkeypatch
):
    angst = next(w for w in workers if w.username == "mette").competences.get()
    for surname in ("Lund", "Holm"):
        services.screen_referral(
            make_referral(prevention, surname=surname),
            actor=lone,
            wellbeing_score=5,
            motivation="high",
            has_authority_case=False,
            is_bounded=True,
            competences=[angst],
            note="",
        )
    make_referral(prevention, surname="Ny")
    login(client, lone)
    ours = _page(client, settings, language)
    monkeypatch.setattr(lib_forms.Select, "_shared", lambda self: False)  # Django's own select
    assert parse_html(_page(client, settings, language)) == parse_html(ours)
    # why: the leader chooses the worker; no suggestion is chosen for her
    assert ours.count(" selected>Mette Testesen (0/10)</option>") == 0
    assert ours.count('<option value="" selected>Vælg medarbejder</option>') == (3 if language == "da" else 0)
