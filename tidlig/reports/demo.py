"""The demo unit's targets: Aabenraa Kommune's targets for 2025 (Aabenraa Kommune 2025, section 4.1), for
2025 and this year."""

from decimal import Decimal

from tidlig.accounts.models import Unit
from tidlig.lib.dates import today
from tidlig.reports.models import Kpi, Target

AABENRAA_TARGETS = [
    (
        Kpi.SHARE_CHILD_INVOLVED,
        Decimal(80),
        "80 % af børnene svarer ja til, at de har oplevet sig inddraget.",
    ),
    (Kpi.SHARE_RESPECT_ABOVE_7, Decimal(80), "80 % af borgerne scorer over 7 på respekt (0-10)."),
    (
        Kpi.SHARE_COURSES_WITH_DIGITAL_CONTACT,
        Decimal(65),
        "Teams eller anden digital løsning i 65 % af forløbene.",
    ),
    (Kpi.SHARE_CONTACTED_WITHIN_DEADLINE, Decimal(100), "Ingen ventetid: alle kontaktes inden fristen."),
]


def build_targets(unit: Unit) -> list[Target]:
    """Idempotent: running the demo twice leaves one target per KPI and year."""
    targets = []
    for year in sorted({2025, today().year}):
        for kpi, value, note in AABENRAA_TARGETS:
            target, _ = Target.objects.update_or_create(
                unit=unit,
                year=year,
                kpi=kpi,
                defaults={"value": value, "direction": Target.Direction.AT_LEAST, "note": note},
            )
            targets.append(target)
    return targets
