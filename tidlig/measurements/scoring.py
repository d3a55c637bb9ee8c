"""Checking a respondent's answers against an instrument: range, step, yes/no and free text.

Used wherever answers are recorded (courses, groups), so every instrument is scored the same way.
"""

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from tidlig.lib.text import validate_plain_text
from tidlig.measurements.models import Instrument, InstrumentItem

ITEM_MISSING = gettext_noop("Giv et svar på “{item}”.")
ITEM_NOT_A_NUMBER = gettext_noop("Svaret på “{item}” skal være et tal.")
ITEM_RANGE = gettext_noop("Svaret på “{item}” skal ligge mellem {low} og {high}.")
ITEM_WHOLE = gettext_noop("Svaret på “{item}” skal være et helt tal.")
ITEM_ONE_DECIMAL = gettext_noop("Svaret på “{item}” må højst have én decimal.")
ITEM_STEP = gettext_noop("Svaret på “{item}” skal gå op i trin på {step}.")
YES_NO_MISSING = gettext_noop("Svar ja eller nej på “{item}”.")
TEXT_TOO_LONG = gettext_noop("Teksten i “{item}” må højst være {limit} tegn.")
TEXT_LIMIT = 2000


def fmt(value) -> str:
    """A score as Danes write it: 5, 5,5."""
    if value is None:
        return ""
    value = Decimal(value)
    if value == value.to_integral_value():
        return str(int(value))
    return f"{value.normalize():f}".replace(".", ",")


def _step_error(item: InstrumentItem, value: Decimal, step: Decimal) -> str | None:
    if step <= 0 or ((value - item.minimum) / step) == ((value - item.minimum) / step).to_integral_value():
        return None
    if step == 1:
        return _(ITEM_WHOLE).format(item=item.text)
    if step == Decimal("0.1"):
        return _(ITEM_ONE_DECIMAL).format(item=item.text)
    return _(ITEM_STEP).format(item=item.text, step=fmt(step))


def _item_error(position: int, message: str) -> ValidationError:
    return ValidationError(message, code="item", params={"position": position})


Cleaned = list[tuple[InstrumentItem, Decimal | None, str]]


def clean_scores(instrument: Instrument, scores: dict) -> tuple[Cleaned, Decimal]:
    """Every item checked against the instrument; all problems are reported at once."""
    errors: list[ValidationError] = []
    cleaned: Cleaned = []
    total = Decimal(0)
    step = Decimal(instrument.step)
    for item in instrument.items.all():
        raw = scores.get(item.position)
        if item.kind == InstrumentItem.Kind.SCALE:
            if raw is None or raw == "" or isinstance(raw, bool):
                errors.append(_item_error(item.position, _(ITEM_MISSING).format(item=item.text)))
                continue
            try:
                value = Decimal(str(raw).strip().replace(",", "."))
            except InvalidOperation:
                errors.append(_item_error(item.position, _(ITEM_NOT_A_NUMBER).format(item=item.text)))
                continue
            if not value.is_finite() or not item.minimum <= value <= item.maximum:
                low, high = fmt(item.minimum), fmt(item.maximum)
                errors.append(
                    _item_error(item.position, _(ITEM_RANGE).format(item=item.text, low=low, high=high))
                )
                continue
            message = _step_error(item, value, step)
            if message:
                errors.append(_item_error(item.position, message))
                continue
            cleaned.append((item, value, ""))
            total += value
        elif item.kind == InstrumentItem.Kind.YES_NO:
            if not isinstance(raw, bool):
                errors.append(_item_error(item.position, _(YES_NO_MISSING).format(item=item.text)))
                continue
            cleaned.append((item, Decimal(1 if raw else 0), ""))
        else:
            text = "" if raw is None else str(raw).strip()
            if len(text) > TEXT_LIMIT:
                errors.append(
                    _item_error(item.position, _(TEXT_TOO_LONG).format(item=item.text, limit=TEXT_LIMIT))
                )
                continue
            try:
                validate_plain_text(text)
            except ValidationError as error:
                errors.append(_item_error(item.position, str(error.messages[0])))
                continue
            if text:
                cleaned.append((item, None, text))
    if errors:
        raise ValidationError(errors)
    return cleaned, total
