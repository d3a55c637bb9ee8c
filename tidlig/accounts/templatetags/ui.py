"""Small template helpers for DKFDS markup."""

from django import template

register = template.Library()

_INPUT_CLASS = {
    "select": "form-select",
    "checkbox": "form-checkbox",
    "textarea": "form-input",
}


@register.filter
def dkfds(field, extra: str = ""):
    """Render a bound field's widget (through its template) with DKFDS's class and the ARIA links to its
    hint and error, as forms/field.html writes them."""
    css = _INPUT_CLASS.get(field.widget_type, "form-input")
    attrs = {"class": f"{css} {extra}".strip()}
    described = []
    if field.help_text:
        described.append(f"{field.auto_id}-hint")
    if field.errors:
        described.append(f"{field.auto_id}-error")
        attrs["aria-invalid"] = "true"
    if described and field.auto_id:  # why: without ids there is nothing to point at
        attrs["aria-describedby"] = " ".join(described)
    return field.as_widget(attrs=attrs)
