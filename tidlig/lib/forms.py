"""The project's form renderer and the shared select of the triage board, both written by templates.

Every field renders through one template, forms/field.html (the renderer's field_template_name, reached
by `{{ form.x.as_field_group }}` or includes/field.html): DKFDS's label, hint, error list and widget, or a
fieldset of radios or checkboxes. The renderer reads the project's templates (TemplatesSetting), so the
field template lives with the others in tidlig/templates/forms/.

SharedChoices are choices normalised once and shared by every row of one board (a form per row, each with
the same select of 100 workers). A lib.forms.Select renders its option list through
forms/widgets/options.html once per language and selected option, and reuses it for every row.
"""

from django import forms
from django.forms.renderers import TemplatesSetting, get_default_renderer
from django.utils.choices import BaseChoiceIterator, normalize_choices
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext_lazy

_OPTIONS = "forms/widgets/options.html"


class Renderer(TemplatesSetting):
    """Django's renderer over the project's templates, with the project's field template."""

    field_template_name = "forms/field.html"


class SharedChoices(BaseChoiceIterator):
    """Choices normalised once, for many fields to share (one board, a form per row).

    Assigned to a ChoiceField, they are not normalised again (normalize_choices passes a choice
    iterator through) nor copied with the form's fields: they never change once built. A lib.forms.Select
    renders its options from them once and reuses the result.
    """

    def __init__(self, choices):
        self._choices = list(normalize_choices(choices))
        # why: a choice list with optgroups selects by value inside groups; only a flat one is shared
        self._flat = all(not isinstance(label, (list, tuple)) for _value, label in self._choices)
        self._values = [str("" if value is None else value) for value, _label in self._choices]
        self._rendered: dict[tuple, str] = {}

    def __iter__(self):
        return iter(self._choices)

    def __len__(self) -> int:
        return len(self._choices)

    def __getitem__(self, index):
        return self._choices[index]

    def __copy__(self):
        return self

    def __deepcopy__(self, memo):
        return self

    def options(self, widget: "Select", name: str, value: list[str], renderer) -> str:
        """The option list as forms/widgets/options.html renders it, with the first option among value
        selected (as ChoiceWidget.optgroups does); rendered once per language and selected option."""
        if not self._flat:
            return self._render(widget, name, value, renderer)
        chosen = set(value)
        # why: the key is an index or None, so the cache holds at most one entry per option and language
        selected = next((i for i, v in enumerate(self._values) if v in chosen), None)
        key = (get_language(), selected, type(widget), type(renderer))
        rendered = self._rendered.get(key)
        if rendered is None:
            rendered = self._rendered[key] = self._render(widget, name, value, renderer)
        return rendered

    @staticmethod
    def _render(widget, name, value, renderer) -> str:
        optgroups = forms.Select.optgroups(widget, name, value)
        # as Widget._render marks its template's output safe: the template escapes every value
        return mark_safe(renderer.render(_OPTIONS, {"widget": {"optgroups": optgroups}}))  # noqa: S308


class Select(forms.Select):
    """A select whose options come from SharedChoices, rendered once and reused by every row.

    Named Select, as Django's, because the class name is the field's widget_type, which picks the DKFDS
    class (accounts/templatetags/ui.py) and which templates may test. Other choices go Django's way.
    """

    shared_template_name = "forms/widgets/shared_select.html"

    def get_context(self, name, value, attrs):
        if not self._shared():
            return super().get_context(name, value, attrs)
        # why: Widget's context, not ChoiceWidget's: the option dicts are what SharedChoices saves
        return forms.Widget.get_context(self, name, value, attrs)

    def render(self, name, value, attrs=None, renderer=None):
        if not self._shared():
            return super().render(name, value, attrs, renderer)
        renderer = renderer or get_default_renderer()
        context = self.get_context(name, value, attrs)
        context["widget"]["options"] = self.choices.options(self, name, context["widget"]["value"], renderer)
        return self._render(self.shared_template_name, context, renderer)

    def _shared(self) -> bool:
        return isinstance(self.choices, SharedChoices) and not self.allow_multiple_selected


def blank_first(choices, label=None) -> list:
    """A select's choices behind an empty "Vælg": a field that records a fact starts empty, and the
    browser would otherwise show (and send) the first real choice as if someone had chosen it."""
    return [("", label or gettext_lazy("Vælg")), *choices]
