"""The project's form renderer writes selects, inputs and textareas exactly as Django's templates would."""

import datetime as dt

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from tidlig.lib.forms import Renderer

WIDGETS = {
    "plain": forms.Select(choices=[("", "Vælg"), (1, "Anna <Ø> & Bo"), (2, 'Citat "x"')]),
    "lazy labels and numbers": forms.Select(choices=[(1, _("Hjemme")), (2.5, 1234567), (None, "Ingen")]),
    "attributes": forms.Select(
        attrs={"class": "form-select", "aria-describedby": "a b", "required": True, "disabled": False},
        choices=[("a", "A"), ("b", "B")],
    ),
    "optgroups": forms.Select(
        choices=[("", "Vælg"), ("Team <1>", [(1, "En"), (2, "To")]), ("Andet", [(3, "Tre")])]
    ),
    "empty": forms.Select(choices=[]),
    "safe label": forms.Select(choices=[(1, mark_safe("<b>fed</b>"))]),
    "multiple": forms.SelectMultiple(choices=[(1, "En"), (2, "To"), (3, "Tre")]),
    "null boolean": forms.NullBooleanSelect(),
    "date label": forms.Select(choices=[(dt.date(2026, 1, 2), dt.date(2026, 1, 2))]),
}
VALUES = {
    "plain": 1,
    "lazy labels and numbers": 2.5,
    "attributes": "b",
    "optgroups": 2,
    "empty": None,
    "safe label": 1,
    "multiple": [1, 3],
    "null boolean": True,
    "date label": dt.date(2026, 1, 2),
}


@pytest.mark.parametrize("case", WIDGETS)
@pytest.mark.parametrize("language", ["da", "en"])
def test_it_renders_a_select_as_djangos_templates_do(case, language, settings):
    from django.utils import translation

    widget = WIDGETS[case]
    with translation.override(language):
        ours = widget.render("worker", VALUES[case], attrs={"id": "id_worker"}, renderer=Renderer())
        django = widget.render("worker", VALUES[case], attrs={"id": "id_worker"}, renderer=DjangoTemplates())
    assert ours == django
    assert "<option" in ours or case == "empty"


INPUTS = {
    "text": (forms.TextInput(attrs={"class": "form-input", "maxlength": 300}), "Anna <Ø> & \"Bo\" 'x'"),
    "text empty": (forms.TextInput(), None),
    "text blank": (forms.TextInput(), ""),
    "safe value": (forms.TextInput(), mark_safe("<b>fed</b>")),
    "lazy attribute": (forms.TextInput(attrs={"placeholder": _("Hjemme"), "required": True}), "x"),
    "number": (forms.NumberInput(attrs={"min": 1, "max": 600, "step": "any"}), 45),
    "decimal localized": (forms.NumberInput(), 1234.5),
    "hidden": (forms.HiddenInput(), "tok-en_123"),
    "date": (forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"), dt.date(2026, 1, 2)),
    "date default format": (forms.DateInput(), dt.date(2026, 1, 2)),
    "datetime": (forms.DateTimeInput(format="%Y-%m-%dT%H:%M"), dt.datetime(2026, 1, 2, 9, 30, tzinfo=dt.UTC)),
    "time": (forms.TimeInput(), dt.time(9, 30)),
    "email": (forms.EmailInput(), "a@b.dk"),
    "password": (forms.PasswordInput(render_value=True), "hemmelig<>"),
    "url": (forms.URLInput(), "https://x.dk/?a=1&b=2"),
    "checkbox checked": (forms.CheckboxInput(), True),
    "checkbox unchecked": (forms.CheckboxInput(), False),
    "checkbox value": (forms.CheckboxInput(), "ja"),
    "textarea": (forms.Textarea(attrs={"rows": 2}), "Linje 1\n<script>alert(1)</script> & mere"),
    "textarea empty": (forms.Textarea(), None),
    "textarea blank": (forms.Textarea(), ""),
}


@pytest.mark.parametrize("case", INPUTS)
@pytest.mark.parametrize("language", ["da", "en"])
def test_it_renders_inputs_and_textareas_as_djangos_templates_do(case, language):
    from django.utils import translation

    widget, value = INPUTS[case]
    if case.endswith("localized"):
        widget.is_localized = True
    with translation.override(language):
        ours = widget.render("note", value, attrs={"id": "id_note"}, renderer=Renderer())
        django = widget.render("note", value, attrs={"id": "id_note"}, renderer=DjangoTemplates())
    assert ours == django
    assert ours.startswith(("<input", "<textarea"))


def test_it_renders_a_whole_form_as_djangos_templates_do():
    from tidlig.courses.forms import ContactForm

    initial = {"date": dt.date(2026, 1, 2), "token": "t", "kind": "individual", "place": "home"}
    form = ContactForm(initial=initial)
    bound = ContactForm({"date": "2.1.2026", "duration_minutes": "x", "note": "<b>", "token": "t"})
    for f in (form, bound):
        assert f.render(renderer=Renderer()) == f.render(renderer=DjangoTemplates())


def test_it_leaves_other_widgets_to_the_templates():
    widget = forms.RadioSelect(choices=[(1, "En"), (2, "To")])
    assert widget.render("d", 1, renderer=Renderer()) == widget.render("d", 1, renderer=DjangoTemplates())


def test_it_is_the_renderer_of_every_form(settings):
    from django.forms.renderers import get_default_renderer

    assert isinstance(get_default_renderer(), Renderer)


@pytest.mark.parametrize("case", INPUTS)
def test_it_writes_inputs_and_textareas_without_the_templates(case, monkeypatch):
    def no_templates(*args, **kwargs):
        raise AssertionError("rendered through a template")

    monkeypatch.setattr(DjangoTemplates, "render", no_templates)
    widget, value = INPUTS[case]
    assert widget.render("note", value, renderer=Renderer())
