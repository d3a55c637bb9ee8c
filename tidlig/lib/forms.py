"""A form renderer that writes <select> elements in Python, byte for byte as Django's templates do.

Django renders a select through one template include per option (and another per option's
attributes). The triage board has a worker select of 100 options in each of its 20 rows, so at a large
municipality's size more than half of the page's time went to those includes (docs/performance.md).
"""

from django.forms.renderers import DjangoTemplates
from django.utils.formats import localize
from django.utils.html import conditional_escape

_SELECT = "django/forms/widgets/select.html"
_OPTION = "django/forms/widgets/select_option.html"


def _attrs(attrs: dict) -> str:
    # as django/forms/widgets/attrs.html: False leaves the attribute out, True writes it bare
    return "".join(
        f" {conditional_escape(name)}"
        if value is True
        else f' {conditional_escape(name)}="{conditional_escape(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


def _option(option: dict) -> str:
    return (
        f'<option value="{conditional_escape(option["value"])}"{_attrs(option["attrs"])}>'
        # the option template's file ends in a newline, and the include keeps it
        f"{conditional_escape(localize(option['label']))}</option>\n"
    )


def _select(widget: dict) -> str | None:
    parts = [f'<select name="{conditional_escape(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, group_choices, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{conditional_escape(localize(group_name))}">')
        for option in group_choices:
            if option["template_name"] != _OPTION:
                return None
            parts.append("\n  " + _option(option))
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts)


class Renderer(DjangoTemplates):
    """Django's default renderer, except for selects whose options use the stock option template."""

    def render(self, template_name, context, request=None):
        if template_name == _SELECT:
            html = _select(context["widget"])
            if html is not None:
                return html  # the widget marks it safe, as it does the template's output
        return super().render(template_name, context, request=request)
