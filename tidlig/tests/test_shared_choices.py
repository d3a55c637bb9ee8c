"""Shared choices are normalised once, and a lib.forms.Select renders their options once through a template
and reuses them: the same select as Django's own widget."""

import copy
import datetime as dt

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.test.html import parse_html
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from tidlig.lib.forms import Renderer, Select, SharedChoices

CHOICES = {
    "plain": [("", "Vælg"), (1, "Anna <Ø> & Bo"), (2, 'Citat "x"'), (3, "Anna <Ø> & Bo")],
    "lazy labels": [("", _("Vælg medarbejder")), ("no", _("Nej")), ("yes", _("Ja"))],
    "none value": [(None, _("Ingen")), ("a", "A")],
    "repeated value": [(1, "En"), (2, "To"), ("1", "En igen")],
    "safe label": [(1, mark_safe("<b>fed</b>")), (2, "<b>ikke fed</b>")],
    "empty": [],
    # where Django's path is taken
    "optgroups": [("", "Vælg"), ("Team <1>", [(1, "En"), (2, "To")]), ("Andet", [(3, "Tre")])],
    "number labels": [(2.5, 1234567), (3, "Tre")],
    "date labels": [(dt.date(2026, 1, 2), dt.date(2026, 1, 2))],
}
FLAT = {
    "plain",
    "lazy labels",
    "none value",
    "repeated value",
    "safe label",
    "empty",
    "number labels",
    "date labels",
}
# a value of each kind the board sees: preselected, none, posted as a string, not among the choices
VALUES = [1, "2", None, "", "yes", "99", ["1", "2"], 2.5, dt.date(2026, 1, 2)]
ATTRS = {"id": "id_worker", "class": "form-select", "aria-describedby": "a b", "aria-invalid": "true"}


def _django(choices, value, **attrs):
    widget = forms.Select(choices=choices, attrs={"required": True} | attrs)
    return parse_html(widget.render("row-worker", value, attrs=ATTRS, renderer=DjangoTemplates()))


def _ours(shared, value, **attrs) -> str:
    widget = Select(choices=shared, attrs={"required": True} | attrs)
    return widget.render("row-worker", value, attrs=ATTRS, renderer=Renderer())


@pytest.mark.parametrize("case", CHOICES)
@pytest.mark.parametrize("language", ["da", "en"])
def test_it_renders_a_select_as_djangos_widget_does(case, language):
    shared = SharedChoices(CHOICES[case])
    with translation.override(language):
        for value in VALUES:
            assert parse_html(_ours(shared, value)) == _django(CHOICES[case], value), value
            ours = parse_html(_ours(shared, value, disabled=False))
            assert ours == _django(CHOICES[case], value, disabled=False)


def test_it_writes_the_options_again_when_the_language_changes():
    shared = SharedChoices(CHOICES["lazy labels"])
    for language in ("da", "en", None, "da"):  # None: no translation at all
        with translation.override(language):
            assert parse_html(_ours(shared, "no")) == _django(CHOICES["lazy labels"], "no")
    with translation.override("en"):
        assert ">Choose a worker</option>" in _ours(shared, "")


@pytest.mark.parametrize("case", sorted(FLAT))
def test_it_renders_the_options_once_per_selected_option(case, monkeypatch):
    shared = SharedChoices(CHOICES[case])
    for value in VALUES:
        _ours(shared, value)  # each selected option's list rendered once

    def refuse(*args, **kwargs):
        raise AssertionError("the options again")

    monkeypatch.setattr(forms.Select, "optgroups", refuse)
    for value in VALUES:
        assert _ours(shared, value).startswith('<select name="row-worker"')


def test_it_keeps_at_most_one_option_list_per_option_and_language():
    """Posted values are anyone's: a value not among the choices must not grow the cache."""
    shared = SharedChoices(CHOICES["plain"])
    for value in ["x", "y", "z", *(str(n) for n in range(100))]:
        _ours(shared, value)
    assert len(shared._rendered) <= len(CHOICES["plain"]) + 1


def test_it_leaves_other_selects_to_djangos_path():
    class WithData(Select):
        def create_option(self, *args, **kwargs):
            option = super().create_option(*args, **kwargs)
            option["attrs"]["data-x"] = "1"
            return option

    plain = CHOICES["plain"]
    shared = SharedChoices(plain)
    assert 'data-x="1"' in WithData(choices=shared).render("w", 1, renderer=Renderer())
    ours = Select(choices=plain).render("w", 1, renderer=Renderer())
    assert parse_html(ours) == parse_html(
        forms.Select(choices=plain).render("w", 1, renderer=DjangoTemplates())
    )
    multiple = Select(choices=shared)
    multiple.allow_multiple_selected = True
    html = multiple.render("w", [1, 2], renderer=Renderer())
    django = forms.SelectMultiple(choices=plain).render("w", [1, 2], renderer=DjangoTemplates())
    assert parse_html(html) == parse_html(django)
    assert html.count(" selected>") == 2


class Pick(forms.Form):
    worker = forms.TypedChoiceField(coerce=int, empty_value=None, required=False, widget=Select)


def test_it_is_not_normalised_or_copied_per_form():
    shared = SharedChoices(CHOICES["plain"])
    first, second = Pick(), Pick({"worker": "2"})
    for form in (first, second):
        form.fields["worker"].choices = shared
        assert form.fields["worker"].choices is shared
        assert form.fields["worker"].widget.choices is shared
    assert copy.deepcopy(first.fields)["worker"].choices is shared
    assert second.is_valid()
    assert second.cleaned_data["worker"] == 2
    refused = Pick({"worker": "7"})
    refused.fields["worker"].choices = shared
    assert not refused.is_valid()


def test_it_is_a_select_to_the_templates():
    form = Pick()
    assert form["worker"].widget_type == "select"
