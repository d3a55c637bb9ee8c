"""Writes about instruments: installing a definition (Tidlig's open ones, or a municipality's licensed)."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from tidlig.measurements.models import Instrument, InstrumentItem
from tidlig.measurements.open_instruments import OPEN_INSTRUMENTS

REQUIRED = ("code", "version", "name", "kind", "items")


@transaction.atomic
def install_instrument(definition: dict) -> Instrument:
    """Install one instrument version from its definition. An existing code and version is never
    changed: answers already given keep meaning what they meant (a new wording is a new version)."""
    missing = [key for key in REQUIRED if key not in definition]
    if missing:
        raise ValidationError(_("Definitionen mangler: %(keys)s") % {"keys": ", ".join(missing)})
    if definition["kind"] not in Instrument.Kind.values:
        raise ValidationError(_("Ukendt type: %(kind)s") % {"kind": definition["kind"]})
    if not definition["items"]:
        raise ValidationError(_("Et måleredskab skal have mindst ét spørgsmål."))
    existing = Instrument.objects.filter(code=definition["code"], version=definition["version"]).first()
    if existing is not None:
        return existing
    fields = {k: v for k, v in definition.items() if k not in ("items", "code", "version")}
    for key in ("item_min", "item_max", "step", "cutoff", "reliable_change"):
        if fields.get(key) is not None:
            fields[key] = Decimal(str(fields[key]))
    instrument = Instrument(code=definition["code"], version=definition["version"], **fields)
    instrument.full_clean()
    instrument.save()
    for position, item in enumerate(definition["items"], start=1):
        InstrumentItem.objects.create(
            instrument=instrument,
            position=position,
            kind=item.get("kind", InstrumentItem.Kind.SCALE),
            text=item["text"],
            anchor_low=item.get("anchor_low", ""),
            anchor_high=item.get("anchor_high", ""),
        )
    return instrument


def install_open_instruments() -> list[Instrument]:
    return [install_instrument(definition) for definition in OPEN_INSTRUMENTS]
