"""The triage board's forms write their shared worker select byte for byte as Django's own widgets do."""

import re

import pytest
from django.forms.renderers import DjangoTemplates
from django.urls import reverse
from django.utils import translation

from conftest import login, make_user
from tidlig.accounts.models import User
from tidlig.accounts.templatetags.ui import render_field
from tidlig.lib import forms as lib_forms
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
def test_it_writes_each_rows_form_as_djangos_widgets_do(state, language, workers, monkeypatch):
    from django import forms

    django_path = []
    optgroups = forms.Select.optgroups

    def spy(self, *args):
        django_path.append(self)
        return optgroups(self, *args)

    monkeypatch.setattr(forms.Select, "optgroups", spy)
    with translation.override(language):
        ours, django = _forms(state, workers, "2a8f-row", DjangoTemplates())
        if state in ("errors", "refused worker"):
            assert not ours.is_valid() and not django.is_valid()
            assert ours.errors == django.errors
        for name in ours.fields:
            assert render_field(ours[name]) == render_field(django[name]), name
        assert ours.render() == django.render()
    shared_selects = {ours.fields["worker"].widget, ours.fields["forwarded_to"].widget}
    assert not shared_selects & set(django_path), "the shared choices are written without option dicts"
    assert django.fields["worker"].widget in django_path, "the reference takes Django's path"
    html = render_field(ours["worker"])
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
def test_it_writes_the_board_as_djangos_widgets_do(language, client, settings, lone, workers, prevention):
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
    settings.FORM_RENDERER = "django.forms.renderers.DjangoTemplates"
    assert not isinstance(lib_forms.get_default_renderer(), lib_forms.Renderer)
    assert _page(client, settings, language) == ours
    # why: the leader chooses the worker; no suggestion is chosen for her
    assert ours.count(" selected>Mette Testesen (0/10)</option>") == 0
    assert ours.count('<option value="" selected>Vælg medarbejder</option>') == (3 if language == "da" else 0)
