"""Writes about measurements: the reference data (the Trivselslineal's default version and Tidlig's open
instruments, installed once by the migrations), a municipality's licensed instrument, and the rows of an
answer or a placement, which the courses' and groups' services write through here."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from tidlig.measurements.models import (
    Instrument,
    InstrumentItem,
    ItemScore,
    PlacementCorrection,
    Response,
    WellbeingPlacement,
    WellbeingScale,
)
from tidlig.measurements.open_instruments import OPEN_INSTRUMENTS

REQUIRED = ("code", "version", "name", "kind", "items")
TRIVSELSLINEAL = "Trivselslinealen"
# Tidlig's default until a municipality configures its own version (KL's bands are not confirmed).
DEFAULT_BANDS = [
    {"from": 1, "to": 3, "position": "red", "label": "Truet trivsel"},
    {"from": 4, "to": 6, "position": "yellow", "label": "Sårbar trivsel"},
    {"from": 7, "to": 10, "position": "green", "label": "God trivsel"},
]


@transaction.atomic
def install_instrument(definition: dict, *, instrument_model=Instrument, item_model=InstrumentItem):
    """Install one instrument version from its definition. An existing code and version is never
    changed: answers already given keep meaning what they meant (a new wording is a new version).
    A data migration passes its historical models."""
    missing = [key for key in REQUIRED if key not in definition]
    if missing:
        raise ValidationError(_("Definitionen mangler: %(keys)s") % {"keys": ", ".join(missing)})
    if definition["kind"] not in Instrument.Kind.values:
        raise ValidationError(_("Ukendt type: %(kind)s") % {"kind": definition["kind"]})
    if not definition["items"]:
        raise ValidationError(_("Et måleredskab skal have mindst ét spørgsmål."))
    existing = instrument_model.objects.filter(code=definition["code"], version=definition["version"]).first()
    if existing is not None:
        return existing
    fields = {k: v for k, v in definition.items() if k not in ("items", "code", "version")}
    for key in ("item_min", "item_max", "step", "cutoff", "reliable_change"):
        if fields.get(key) is not None:
            fields[key] = Decimal(str(fields[key]))
    instrument = instrument_model(code=definition["code"], version=definition["version"], **fields)
    instrument.full_clean()
    instrument.save()
    item_model.objects.bulk_create(
        item_model(
            instrument=instrument,
            position=position,
            kind=item.get("kind", InstrumentItem.Kind.SCALE),
            text=item["text"],
            anchor_low=item.get("anchor_low", ""),
            anchor_high=item.get("anchor_high", ""),
        )
        for position, item in enumerate(definition["items"], start=1)
    )
    return instrument


def install_open_instruments(apps=None, *, versions: set[tuple[str, int]] | None = None) -> list:
    """Tidlig's open instruments. Each code and version is installed once and never changed, so the
    definitions are frozen by their (code, version); a data migration passes its historical `apps` and
    the versions it installs, and keeps meaning what it meant when a later version is added."""
    models = {}
    if apps is not None:
        models = {
            "instrument_model": apps.get_model("measurements", "Instrument"),
            "item_model": apps.get_model("measurements", "InstrumentItem"),
        }
    return [
        install_instrument(definition, **models)
        for definition in OPEN_INSTRUMENTS
        if versions is None or (definition["code"], definition["version"]) in versions
    ]


def install_default_scale(apps=None):
    """Version 1 of the Trivselslineal, unless it is there already."""
    model = WellbeingScale if apps is None else apps.get_model("measurements", "WellbeingScale")
    scale, _created = model.objects.get_or_create(
        name=TRIVSELSLINEAL, version=1, defaults={"minimum": 1, "maximum": 10, "bands": DEFAULT_BANDS}
    )
    return scale


def install_reference_data() -> None:
    """The measurements' reference data, as the migrations install it: the one installer (the tests call
    it again after a transactional test has emptied the tables)."""
    install_default_scale()
    install_open_instruments()


def save_response(*, instrument: Instrument, cleaned: list, total, **fields) -> Response:
    """One answer and its item scores, already checked by `scoring.clean_scores` and by the calling app's
    rules (a course's or a group's)."""
    response = Response.objects.create(instrument=instrument, total=total, **fields)
    ItemScore.objects.bulk_create(
        ItemScore(response=response, item=item, value=value, text=text) for item, value, text in cleaned
    )
    return response


def save_placement(**fields) -> WellbeingPlacement:
    """A placement on the Trivselslineal, already checked by the course's rules."""
    return WellbeingPlacement.objects.create(**fields)


def save_correction(placement: WellbeingPlacement, *, new_value: int, reason: str, actor) -> int:
    """The placement's new value, the old one kept in a PlacementCorrection. Returns the old value."""
    old = placement.value
    PlacementCorrection.objects.create(
        placement=placement, old_value=old, new_value=new_value, reason=reason, corrected_by=actor
    )
    placement.value = new_value
    placement.save(update_fields=["value"])
    return old
