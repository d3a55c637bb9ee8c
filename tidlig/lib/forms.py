"""A form renderer that writes selects, inputs and textareas in Python, byte for byte as Django's
templates do.

Django renders a widget through its template, which includes attrs.html, and a select through one
include per option (and another per option's attributes). The triage board has a worker select of
100 options in each of its 20 rows, and the course page some 30 inputs, so at a large municipality's
size those includes were more than half of the board's time and a fifth of the course page's
(docs/performance.md). Anything else, and any value the fast path is not sure of, goes to the templates.

Even in Python, the board's 20 selects of the same 100 workers were 20 x 100 option dicts and 20 x 100
options written, and each row's field normalised the 100 choices twice (field and widget). SharedChoices
are choices normalised once, written once per language, and shared by every row; a lib.forms.Select writes
its options from them, swapping in the one selected option.
"""

from html import escape as _html_escape
from typing import NamedTuple

from django import forms
from django.forms.renderers import DjangoTemplates, get_default_renderer
from django.utils.choices import BaseChoiceIterator, normalize_choices
from django.utils.formats import localize
from django.utils.functional import Promise
from django.utils.html import conditional_escape
from django.utils.safestring import SafeData, mark_safe
from django.utils.translation import gettext_lazy

_SELECT = "django/forms/widgets/select.html"
_OPTION = "django/forms/widgets/select_option.html"
_TEXTAREA = "django/forms/widgets/textarea.html"
# Each of these templates is `{% include "django/forms/widgets/input.html" %}` and a newline.
_INPUTS = frozenset(
    f"django/forms/widgets/{name}.html"
    for name in (
        "text",
        "number",
        "email",
        "url",
        "password",
        "hidden",
        "date",
        "datetime",
        "time",
        "search",
        "tel",
        "color",
        "checkbox",
    )
)


def _esc(value) -> str:
    """conditional_escape(value), without its lazy-argument wrapper for the common plain string."""
    if type(value) is str:
        return _html_escape(value)
    if type(value) is int:
        return str(value)
    return conditional_escape(value)


def _text(value) -> str:
    # as {{ value }}: localized, then escaped
    return _html_escape(value) if type(value) is str else conditional_escape(localize(value))


def _formatted(value) -> str:
    # as {{ value|stringformat:'s' }}: "%s" % value, escaped unless the value was safe
    if type(value) is str:
        return _html_escape(value)
    if isinstance(value, SafeData) or type(value) is int:
        return str(value)
    if isinstance(value, tuple):  # "%s" % a tuple is the filter's own special case; not worth copying
        raise _Unsure
    return _html_escape(str(value))


class _Unsure(Exception):
    pass


def _attrs(attrs: dict) -> str:
    # as django/forms/widgets/attrs.html: False leaves the attribute out, True writes it bare
    return "".join(
        f" {_esc(name)}" if value is True else f' {_esc(name)}="{_formatted(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


def _option(option: dict) -> str:
    return (
        f'<option value="{_formatted(option["value"])}"{_attrs(option["attrs"])}>'
        # the option template's file ends in a newline, and the include keeps it
        f"{_text(option['label'])}</option>\n"
    )


def _select_start(name, attrs: dict) -> str:
    return f'<select name="{_esc(name)}"{_attrs(attrs)}>'


_SELECT_END = "\n</select>"


def _select(widget: dict) -> str:
    parts = [_select_start(widget["name"], widget["attrs"])]
    for group_name, group_choices, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{_text(group_name)}">')
        for option in group_choices:
            if option["template_name"] != _OPTION:
                raise _Unsure
            parts.append("\n  " + _option(option))
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append(_SELECT_END)
    return "".join(parts)


def _input(widget: dict) -> str:
    value = widget["value"]
    shown = "" if value is None else f' value="{_formatted(value)}"'
    # the templates' trailing newlines go: Django's renderer strips what a widget template renders
    kind, name = _esc(widget["type"]), _esc(widget["name"])
    return f'<input type="{kind}" name="{name}"{shown}{_attrs(widget["attrs"])}>'


def _textarea(widget: dict) -> str:
    value = widget["value"]
    return (
        f'<textarea name="{_esc(widget["name"])}"{_attrs(widget["attrs"])}>\n'
        f"{_text(value) if value else ''}</textarea>"
    )


_WRITERS = {_SELECT: _select, _TEXTAREA: _textarea} | dict.fromkeys(_INPUTS, _input)


class Renderer(DjangoTemplates):
    """Django's default renderer, except for the widgets above, which it writes itself."""

    def render(self, template_name, context, request=None):
        writer = _WRITERS.get(template_name)
        if writer is not None:
            try:
                return writer(context["widget"])  # the widget marks it safe, as it does the template's output
            except _Unsure:
                pass
        return super().render(template_name, context, request=request)


class _Written(NamedTuple):
    """A flat choice list's options as _select writes them: all unselected, and each one selected."""

    text: str
    starts: list[int]  # where option i begins in text, and where the last one ends
    selected: list[str]
    first: dict[str, int]  # a posted or initial value -> the first option that has it

    def options(self, value: list[str]) -> str:
        # as ChoiceWidget.optgroups: only the first option whose value is among the values is selected
        hits = [self.first[v] for v in value if v in self.first]
        if not hits:
            return self.text
        i = min(hits)
        return self.text[: self.starts[i]] + self.selected[i] + self.text[self.starts[i + 1] :]


def _writable(value, label) -> bool:
    # why: values and plain or lazy text only; an optgroup, a number or a date (formats, the labels' own
    # localisation) goes to Django's path
    return (type(value) is str or type(value) is int or value is None or isinstance(value, SafeData)) and (
        isinstance(label, (str, Promise))
    )


def _write(choices: list) -> _Written:
    text, starts, selected, first = [], [0], [], {}
    for value, label in choices:
        option = {"value": "" if value is None else value, "label": label, "attrs": {}}  # as optgroups
        text.append("\n  " + _option(option))
        starts.append(starts[-1] + len(text[-1]))
        selected.append("\n  " + _option(option | {"attrs": {"selected": True}}))
        first.setdefault(str(option["value"]), len(selected) - 1)
    return _Written("".join(text), starts, selected, first)


class SharedChoices(BaseChoiceIterator):
    """Choices normalised once, for many fields to share (one board, a form per row).

    Assigned to a ChoiceField, they are not normalised again (normalize_choices passes a choice
    iterator through) nor copied with the form's fields: they never change once built. A lib.forms.Select
    writes its options from them.
    """

    def __init__(self, choices):
        self._choices = list(normalize_choices(choices))
        self._writable = all(_writable(value, label) for value, label in self._choices)
        self._lazy = [label for _value, label in self._choices if isinstance(label, Promise)]
        self._written: dict[tuple, _Written] = {}

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

    def written(self) -> _Written | None:
        """The options as they read now, written once per language; None where _write would not be sure."""
        if not self._writable:
            return None
        # why: the lazy labels as they read now are all that can change the options (the language)
        key = tuple(str(label) for label in self._lazy)
        written = self._written.get(key)
        if written is None:
            written = self._written[key] = _write(self._choices)
        return written


class Select(forms.Select):
    """A select that writes its options from SharedChoices, byte for byte as the Renderer writes a select.

    Named Select, as Django's, because the class name is the field's widget_type, which picks the DKFDS
    class (accounts/templatetags/ui.py) and which templates may test.

    Anything it is not sure of goes the usual way (ChoiceWidget.optgroups, then the renderer): other
    choices, another renderer, a select that is multiple or overrides how options are made.
    """

    def render(self, name, value, attrs=None, renderer=None):
        written = self._shared_options(renderer)
        if written is not None:
            try:
                start = _select_start(name, self.build_attrs(self.attrs, attrs))
            except _Unsure:
                pass
            else:
                options = written.options(self.format_value(value))
                return mark_safe(start + options + _SELECT_END)  # noqa: S308 (_select_start and _write escape)
        return super().render(name, value, attrs, renderer)

    def _shared_options(self, renderer) -> _Written | None:
        choices = self.choices
        if not isinstance(choices, SharedChoices) or type(renderer or get_default_renderer()) is not Renderer:
            return None
        cls = type(self)
        plain = (
            not self.allow_multiple_selected
            and not self.option_inherits_attrs
            and self.checked_attribute == {"selected": True}
            and self.template_name == _SELECT
            and self.option_template_name == _OPTION
            and cls.get_context is forms.Select.get_context
            and cls.optgroups is forms.Select.optgroups
            and cls.create_option is forms.Select.create_option
        )
        return choices.written() if plain else None


def blank_first(choices, label=None) -> list:
    """A select's choices behind an empty "Vælg": a field that records a fact starts empty, and the
    browser would otherwise show (and send) the first real choice as if someone had chosen it."""
    return [("", label or gettext_lazy("Vælg")), *choices]
