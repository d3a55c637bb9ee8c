"""Small template helpers for DKFDS markup."""

from html import escape as _html_escape

from django import template
from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.timezone import template_localtime
from django.utils.translation import gettext

register = template.Library()

_INPUT_CLASS = {
    "select": "form-select",
    "checkbox": "form-checkbox",
    "textarea": "form-input",
}


@register.filter
def dkfds(field, extra: str = ""):
    """Render a bound field's widget with DKFDS's class and the ARIA links to its hint and error."""
    css = _INPUT_CLASS.get(field.widget_type, "form-input")
    attrs = {"class": f"{css} {extra}".strip()}
    described = []
    if field.help_text:
        described.append(f"{field.auto_id}-hint")
    if field.errors:
        described.append(f"{field.auto_id}-error")
        attrs["aria-invalid"] = "true"
    if described:
        attrs["aria-describedby"] = " ".join(described)
    return field.as_widget(attrs=attrs)


def _v(value) -> str:
    """As {{ value }} in an autoescaping template: local time, localized, then escaped unless safe."""
    if type(value) is str:
        return _html_escape(value)
    value = localize(template_localtime(value))
    if not issubclass(type(value), str):
        value = str(value)
    return conditional_escape(value)


def _errors(field, errors, auto_id: str) -> str:
    prefix = _html_escape(gettext("Fejl:"))  # read out before each error by screen readers
    listed = "".join(f'<span class="sr-only">{prefix} </span>{_v(e)} ' for e in errors)
    return f'<span class="form-error-message" id="{auto_id}-error">{listed}</span>'


def render_field(field) -> str:
    """A form field as DKFDS wants it: label, hint, errors and widget, or a fieldset of radios or checkboxes.

    Byte for byte what includes/field.html rendered before it called this (the template is kept in
    tidlig/tests/templates/field_reference.html, and test_field_tag compares the two for every form):
    some 120 includes of that template were 15 ms of the triage board at Aarhus's size.
    """
    kind = field.widget_type
    help_text, errors = field.help_text, field.errors
    auto_id = _v(field.auto_id)
    hint = f'<span class="form-hint" id="{auto_id}-hint">{_v(help_text)}</span>' if help_text else ""
    shown_errors = _errors(field, errors, auto_id) if errors else ""
    group = '<div class="form-group form-error">' if errors else '<div class="form-group">'
    if kind == "checkboxselectmultiple" or kind == "radioselect":
        box = "radio" if kind == "radioselect" else "checkbox"
        described = ""
        if help_text or errors:
            described = (
                ' aria-describedby="'
                + (f"{auto_id}-hint " if help_text else "")
                + (f"{auto_id}-error" if errors else "")
                + '"'
            )
        options = []
        for option in field:
            data = option.data
            option_id = _v(option.id_for_label)
            checked = " checked" if data["selected"] else ""
            options.append(
                f'\n      <div class="form-group-{box}">\n'
                f'        <input type="{box}" id="{option_id}" name="{_v(data["name"])}"'
                f' value="{_v(data["value"])}" class="form-{box}"{checked}>\n'
                f'        <label for="{option_id}" class="form-label">{_v(option.choice_label)}</label>\n'
                "      </div>\n    "
            )
        return (
            f"\n{group}\n  <fieldset{described}>\n"
            f'    <legend class="form-label">{_v(field.label)}</legend>\n'
            f"    {hint}\n    {shown_errors}\n    {''.join(options)}\n  </fieldset>\n</div>\n\n"
        )
    optional = (
        "" if field.field.required else f' <span class="weight-normal">({_v(gettext("valgfrit"))})</span>'
    )
    return (
        f'\n{group}\n  <label class="form-label" for="{auto_id}">{_v(field.label)}{optional}</label>\n'
        f"  {hint}\n  {shown_errors}\n  {_v(dkfds(field))}\n</div>\n\n"
    )


@register.simple_tag
def field(bound_field):
    """{% field form.x %}: the field as includes/field.html renders it (render_field), without the include."""
    return mark_safe(render_field(bound_field))  # noqa: S308 (render_field escapes every value it writes)
