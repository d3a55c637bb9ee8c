"""The project's form renderer writes selects exactly as Django's own templates would."""

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


def test_it_leaves_other_widgets_to_the_templates():
    widget = forms.RadioSelect(choices=[(1, "En"), (2, "To")])
    assert widget.render("d", 1, renderer=Renderer()) == widget.render("d", 1, renderer=DjangoTemplates())


def test_it_is_the_renderer_of_every_form(settings):
    from django.forms.renderers import get_default_renderer

    assert isinstance(get_default_renderer(), Renderer)
