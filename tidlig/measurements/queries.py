"""Reads of scales (configuration, no personal data)."""

from tidlig.measurements.models import WellbeingScale

TRIVSELSLINEAL = "Trivselslinealen"
# Tidlig's default until a municipality configures its own version (KL's bands are not confirmed).
DEFAULT_BANDS = [
    {"from": 1, "to": 3, "position": "red", "label": "Truet trivsel"},
    {"from": 4, "to": 6, "position": "yellow", "label": "Sårbar trivsel"},
    {"from": 7, "to": 10, "position": "green", "label": "God trivsel"},
]


def active_wellbeing_scale() -> WellbeingScale:
    """The newest active version of the Trivselslineal, or the default one if none is configured."""
    scale = WellbeingScale.objects.filter(name=TRIVSELSLINEAL, is_active=True).order_by("-version").first()
    if scale is None:
        scale, _ = WellbeingScale.objects.get_or_create(
            name=TRIVSELSLINEAL, version=1, defaults={"minimum": 1, "maximum": 10, "bands": DEFAULT_BANDS}
        )
    return scale


def active_instrument(code: str):
    """The newest active version of an instrument; Tidlig's open ones are installed if missing."""
    from tidlig.measurements.models import Instrument
    from tidlig.measurements.services import install_open_instruments

    instrument = Instrument.objects.filter(code=code, is_active=True).order_by("-version").first()
    if instrument is None:
        install_open_instruments()
        instrument = Instrument.objects.filter(code=code, is_active=True).order_by("-version").first()
    return instrument
