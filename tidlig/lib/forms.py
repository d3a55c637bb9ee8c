"""A form renderer that writes selects, inputs and textareas in Python, byte for byte as Django's
templates do.

Django renders a widget through its template, which includes attrs.html, and a select through one
include per option (and another per option's attributes). The triage board has a worker select of
100 options in each of its 20 rows, and the course page some 30 inputs, so at a large municipality's
size those includes were more than half of the board's time and a fifth of the course page's
(docs/performance.md). Anything else, and any value the fast path is not sure of, goes to the templates.
"""

from html import escape as _html_escape

from django.forms.renderers import DjangoTemplates
from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.safestring import SafeData

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


def _select(widget: dict) -> str:
    parts = [f'<select name="{_esc(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, group_choices, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{_text(group_name)}">')
        for option in group_choices:
            if option["template_name"] != _OPTION:
                raise _Unsure
            parts.append("\n  " + _option(option))
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
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
