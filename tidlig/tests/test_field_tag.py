"""{% field %} (includes/field.html) writes every field of every form byte for byte as the template did.

The template as it was is kept in field_reference.html; each field is rendered through it and through
render_field, unbound, bound, and with errors, in Danish and English, and the two must be equal.
"""

import datetime as dt
import fnmatch
from pathlib import Path

import pytest
from django import forms
from django.forms.utils import ErrorDict, ErrorList
from django.template import Context, engines
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from tidlig.accounts.templatetags.ui import render_field
from tidlig.tests import fuzz
from tidlig.tests.fuzz_cases import CASES, Case, World, next_address

REFERENCE = engines["django"].from_string((Path(__file__).parent / "field_reference.html").read_text())
NASTY = "<b>\"Ø&x'</b> {{ x }}"
LANGUAGES = ("da", "en")


def _reference(field) -> str:
    return REFERENCE.template.render(Context({"field": field}))


def _include(field) -> str:
    return engines["django"].from_string('{% include "includes/field.html" %}').render({"field": field})


def _assert_same(form) -> int:
    """Every field of the form, both ways, in both languages; the number of fields compared."""
    for language in LANGUAGES:
        with translation.override(language):
            for field in form:
                ours = render_field(field)
                assert ours == _reference(field), (type(form).__name__, field.name, language)
                assert _include(field) == ours
    return len(form.fields)


def _with_errors(form) -> None:
    """Every field gets errors: a plain one, one with markup, a lazy translated one and a safe one."""
    form._errors = ErrorDict(
        {
            name: ErrorList([NASTY, "Feltet skal udfyldes.", _("valgfrit"), mark_safe("<i>sikker</i>")])
            for name in form.fields
        }
    )


class EveryKind(forms.Form):
    text = forms.CharField(label='Navn <Ø> & "x"', help_text="Som i 'CPR' & <papirer>", max_length=50)
    optional = forms.CharField(label=_("valgfrit"), required=False)
    number = forms.IntegerField(label="Antal", min_value=0, required=False)
    decimal = forms.DecimalField(label="Beløb", required=False, localize=True)
    date = forms.DateField(label="Dato", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    select = forms.ChoiceField(label="Vælg", choices=[("", "---"), ("a", "A & <b>"), ("b", _("valgfrit"))])
    radio = forms.ChoiceField(
        label="Radio <i>",
        help_text=mark_safe("<em>sikker</em>"),
        choices=[("1", "Ja"), ("2", "Nej & <x>")],
        widget=forms.RadioSelect,
    )
    boxes = forms.MultipleChoiceField(
        label=_("valgfrit"),
        choices=[(1, "En"), (1234567, "Mange"), ("<x>", "Kode")],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    empty_radio = forms.ChoiceField(label="Ingen valg", choices=[], widget=forms.RadioSelect, required=False)
    textarea = forms.CharField(label="Tekst", widget=forms.Textarea(attrs={"rows": 3}), required=False)
    hidden = forms.CharField(widget=forms.HiddenInput, required=False)
    checkbox = forms.BooleanField(label="Samtykke", required=False, help_text=_("valgfrit"))
    safe_label = forms.CharField(label=mark_safe("<abbr>CPR</abbr>"), required=False)


BOUND = {
    "text": NASTY,
    "number": "12",
    "decimal": "1234,5",
    "date": "2026-01-02",
    "select": "a",
    "radio": "2",
    "boxes": ["1", "<x>"],
    "textarea": NASTY + "\n" + NASTY,
    "hidden": NASTY,
    "checkbox": "on",
}


@pytest.mark.parametrize("state", ["unbound", "initial", "bound", "invalid", "errors", "no auto_id"])
def test_it_writes_every_kind_of_field_as_the_template_did(state):
    form = {
        "unbound": lambda: EveryKind(),
        "initial": lambda: EveryKind(initial={"date": dt.date(2026, 3, 4), "boxes": [1], "radio": "1"}),
        "bound": lambda: EveryKind(BOUND),
        "invalid": lambda: EveryKind({"number": "x", "date": "2026-13-45", "radio": "9"}),
        "errors": lambda: EveryKind(BOUND),
        "no auto_id": lambda: EveryKind(BOUND, auto_id=False),
    }[state]()
    if state == "errors":
        _with_errors(form)
    if state == "invalid":
        assert form.errors  # why: the comparison must see real errors, not only made-up ones
    assert _assert_same(form) == len(EveryKind.base_fields)


def _send(client, case: Case, url: str, data: dict):
    body = fuzz.encode_form(data)
    if case.method == "get":
        return client.get(f"{url}?{body.decode()}", REMOTE_ADDR=next_address())
    return client.generic(
        "POST", url, body, content_type="application/x-www-form-urlencoded", REMOTE_ADDR=next_address()
    )


def _nasty(case: Case, data: dict) -> dict:
    texts = [pattern for pattern, kind in case.fields.items() if kind == "text"]
    return {
        key: NASTY if any(fnmatch.fnmatchcase(key, p) for p in texts) else value
        for key, value in data.items()
    }


def _names(form) -> set[str]:
    return {f"{cls.__module__}.{cls.__qualname__}" for cls in type(form).__mro__}


@pytest.mark.django_db
@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_it_writes_every_field_of_every_form_as_the_template_did(case, request, monkeypatch):
    made = []
    original = forms.BaseForm.__init__

    def capture(self, *args, **kwargs):
        original(self, *args, **kwargs)
        made.append(self)

    monkeypatch.setattr(forms.BaseForm, "__init__", capture)
    target = case.setup(World(request))
    url, data = target.prepare()
    # The page as first shown (unbound forms), then sent with markup in every free-text field (bound,
    # with the form's own errors where the markup or the rest is refused).
    target.client.get(url, REMOTE_ADDR=next_address())
    _send(target.client, case, url, _nasty(case, data))
    url, data = target.prepare()
    _send(target.client, case, url, {key: "" for key in data})

    # a case may name a base class (OneTimeTokenForm) whose fields come with its subclasses
    made = [form for form in made if _names(form) & set(case.forms)]
    classes = set().union(*(_names(form) for form in made))
    assert set(case.forms) <= classes, set(case.forms) - classes
    compared = 0
    for form in made:
        compared += _assert_same(form)
        _with_errors(form)
        compared += _assert_same(form)
    assert compared


def test_it_reads_the_error_prefix_in_the_pages_language():
    """Screen readers read a word before each error: "Fejl:" in Danish, "Error:" in English."""
    form = EveryKind(data={"date": "ikke en dato"})
    assert not form.is_valid()
    with translation.override("da"):
        assert '<span class="sr-only">Fejl: </span>' in render_field(form["date"])
    with translation.override("en"):
        html = render_field(form["date"])
    assert '<span class="sr-only">Error: </span>' in html
    assert "Fejl" not in html
