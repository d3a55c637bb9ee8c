"""Form fields for an instrument's items: one definition, used by every app that records answers."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from tidlig.lib.text import validate_plain_text
from tidlig.measurements.models import Instrument, InstrumentItem
from tidlig.measurements.scoring import ITEM_MISSING, ITEM_NOT_A_NUMBER, YES_NO_MISSING, fmt

YES_NO = [("yes", _("Ja")), ("no", _("Nej"))]


def _attr(value) -> str:
    """A number for an HTML attribute: a dot, no trailing zeros (0.1, 10)."""
    return f"{Decimal(value).normalize():f}"


def scale_field(item: InstrumentItem, step: Decimal, *, required: bool = True) -> forms.DecimalField:
    """A number input for a scale item; range and step are checked by scoring.clean_scores."""
    anchors = ""
    if item.anchor_low or item.anchor_high:
        anchors = f" {fmt(item.minimum)} = {item.anchor_low}, {fmt(item.maximum)} = {item.anchor_high}."
    decimals = _("én decimal") if step < 1 else _("hele tal")
    return forms.DecimalField(
        label=item.text,
        required=required,
        error_messages={
            "required": ITEM_MISSING.format(item=item.text),
            "invalid": ITEM_NOT_A_NUMBER.format(item=item.text),
        },
        help_text=f"{fmt(item.minimum)}-{fmt(item.maximum)}, {decimals}.{anchors}",
        widget=forms.NumberInput(
            attrs={
                "min": _attr(item.minimum),
                "max": _attr(item.maximum),
                "step": _attr(step),
                "inputmode": "decimal",
            }
        ),
    )


def _other_field(item: InstrumentItem) -> forms.Field:
    if item.kind == InstrumentItem.Kind.YES_NO:
        return forms.ChoiceField(
            label=item.text,
            choices=YES_NO,
            widget=forms.RadioSelect,
            error_messages={"required": YES_NO_MISSING.format(item=item.text)},
        )
    return forms.CharField(
        label=item.text,
        required=False,
        max_length=2000,
        validators=[validate_plain_text],
        widget=forms.Textarea(attrs={"rows": 3}),
    )


def item_fields(
    instrument: Instrument, *, required: bool = True, scale_only: bool = False
) -> dict[str, forms.Field]:
    """One field per item, named item_<position>: a scale item is a number, a yes/no item two radios,
    a text item a text area. `scale_only` leaves out every item that is not a scale."""
    fields: dict[str, forms.Field] = {}
    step = Decimal(instrument.step)
    for item in instrument.items.all():
        name = f"item_{item.position}"
        if item.kind == InstrumentItem.Kind.SCALE:
            fields[name] = scale_field(item, step, required=required)
        elif not scale_only:
            fields[name] = _other_field(item)
    return fields
