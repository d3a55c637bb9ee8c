"""Reads of scales and instruments (configuration, no personal data). Reads never write: the reference
data is installed by the migrations (`services.install_reference_data`)."""

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from tidlig.measurements.models import Instrument, WellbeingScale
from tidlig.measurements.services import TRIVSELSLINEAL

SCALE_MISSING = gettext_noop(
    "Trivselslinealen er ikke sat op. Kør databasens migreringer (manage.py migrate), der installerer den."
)


class ReferenceDataMissing(ImproperlyConfigured):
    """The migrations' reference data is not in the database."""


def active_wellbeing_scale() -> WellbeingScale:
    """The newest active version of the Trivselslineal. The migrations install version 1."""
    scale = WellbeingScale.objects.filter(name=TRIVSELSLINEAL, is_active=True).order_by("-version").first()
    if scale is None:
        raise ReferenceDataMissing(_(SCALE_MISSING))
    return scale


def active_instrument(code: str) -> Instrument | None:
    """The newest active version of an instrument, or None when there is none (not loaded, or retired)."""
    return Instrument.objects.filter(code=code, is_active=True).order_by("-version").first()
