"""Every field of every form renders through the project's field template (forms/field.html, the
renderer's field_template_name) as DKFDS wants it: a label tied to the widget, "(valgfrit)" on optional
fields and `required` on the others, the hint and the errors linked by aria-describedby, DKFDS's classes,
and every value escaped. Unbound, bound and with errors, in Danish and English.
"""

import datetime as dt
import fnmatch
from html.parser import HTMLParser

import pytest
from django import forms
from django.forms.utils import ErrorDict, ErrorList
from django.template import engines
from django.utils import translation
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from tidlig.tests import fuzz
from tidlig.tests.fuzz_registry import Case, World, all_cases, next_address

NASTY = "<b>\"Ø&x'</b> {{ x }}"
LANGUAGES = ("da", "en")
BOXES = {"radioselect": "radio", "checkboxselectmultiple": "checkbox"}
CLASSES = {"select": "form-select", "checkbox": "form-checkbox"}


class _Tags(HTMLParser):
    def __init__(self, html: str):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def first(self, tag: str, **wanted) -> dict | None:
        return next(
            (a for t, a in self.tags if t == tag and all(a.get(k) == v for k, v in wanted.items())), None
        )


def _include(field) -> str:
    return engines["django"].from_string('{% include "includes/field.html" %}').render({"field": field})


def _check(field) -> None:
    """The field as the template renders it, checked for what DKFDS and a screen reader need."""
    html = field.as_field_group()
    assert _include(field) == html
    tags = _Tags(html)
    auto_id, errors, hint = field.auto_id, field.errors, field.help_text
    group = tags.first("div")
    assert group["class"] == ("form-group form-error" if errors else "form-group")
    assert NASTY not in html, "every value is escaped"
    assert str(conditional_escape(field.label)) in html
    described = [f"{auto_id}-hint"] * bool(hint) + [f"{auto_id}-error"] * bool(errors)
    if hint:
        assert f'<span class="form-hint" id="{auto_id}-hint">{conditional_escape(hint)}</span>' in html
    if errors:
        shown = html.split(f'<span class="form-error-message" id="{auto_id}-error">', 1)[1]
        prefix = f'<span class="sr-only">{gettext("Fejl:")} </span>'
        for error in errors:
            assert f"{prefix}{conditional_escape(error)} " in shown
    box = BOXES.get(field.widget_type)
    if box:
        assert tags.first("fieldset").get("aria-describedby", "").split() == (described if auto_id else [])
        assert tags.first("legend")["class"] == "form-label"
        for option in field:
            widget = tags.first("input", value=str(option.data["value"]))
            assert widget["type"] == box and widget["class"] == f"form-{box}"
            assert ("checked" in widget) == bool(option.data["selected"])
            if auto_id:
                assert tags.first("label", **{"for": widget["id"]})["class"] == "form-label"
        return
    label = tags.first("label")
    assert label["class"] == "form-label"
    optional = f'<span class="weight-normal">({gettext("valgfrit")})</span>'
    assert (optional in html) == (not field.field.required), "optional fields say so, required ones do not"
    widget = next(
        a for t, a in tags.tags if t in ("input", "select", "textarea") and a.get("name") == field.html_name
    )
    assert widget["class"].split()[0] == CLASSES.get(field.widget_type, "form-input")
    if auto_id:
        assert label["for"] == widget["id"] == auto_id
        assert widget.get("aria-describedby", "").split() == described
    else:
        assert "aria-describedby" not in widget
    assert (widget.get("aria-invalid") == "true") == bool(errors)
    widget_required = field.field.widget.use_required_attribute(field.initial)
    if field.field.required and field.form.use_required_attribute and widget_required:
        assert "required" in widget


def _check_form(form) -> int:
    """Every field of the form, in both languages; the number of fields checked."""
    for language in LANGUAGES:
        with translation.override(language):
            for field in form:
                _check(field)
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
def test_it_renders_every_kind_of_field_for_dkfds_and_screen_readers(state):
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
    assert _check_form(form) == len(EveryKind.base_fields)


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
@pytest.mark.parametrize("case", all_cases(), ids=lambda c: c.name)
def test_it_renders_every_field_of_every_form_for_dkfds_and_screen_readers(case, request, monkeypatch):
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
        compared += _check_form(form)
        _with_errors(form)
        compared += _check_form(form)
    assert compared


def test_it_reads_the_error_prefix_in_the_pages_language():
    """Screen readers read a word before each error: "Fejl:" in Danish, "Error:" in English."""
    form = EveryKind(data={"date": "ikke en dato"})
    assert not form.is_valid()
    with translation.override("da"):
        assert '<span class="sr-only">Fejl: </span>' in form["date"].as_field_group()
    with translation.override("en"):
        html = form["date"].as_field_group()
    assert '<span class="sr-only">Error: </span>' in html
    assert "Fejl" not in html
