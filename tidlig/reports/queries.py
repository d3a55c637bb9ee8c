"""Anonymous aggregate statistics. Read-only; every count below 5 is suppressed (DESIGN.md, Privacy)."""

from dataclasses import dataclass

from django.db.models import Count

from tidlig.accounts.models import Unit, User
from tidlig.lib.dates import age_on, today
from tidlig.lib.stats import suppress
from tidlig.people.models import Child, Household

AGE_BANDS = [(0, 5, "0-5 år"), (6, 12, "6-12 år"), (13, 17, "13-17 år"), (18, 24, "18-24 år")]


@dataclass(frozen=True)
class UnitRow:
    unit: str
    households: int | None
    workers: int | None


def families_per_unit() -> list[UnitRow]:
    households = dict(Household.objects.values_list("unit__name").annotate(n=Count("id")).order_by())
    workers = dict(
        User.objects.filter(role=User.Role.WORKER, is_active=True)
        .values_list("unit__name")
        .annotate(n=Count("id"))
        .order_by()
    )
    return [
        UnitRow(
            unit=u.name,
            households=suppress(households.get(u.name, 0)),
            workers=workers.get(u.name, 0),
        )
        for u in Unit.objects.order_by("name")
    ]


def children_by_age_band() -> list[tuple[str, int | None]]:
    """Counts of registered children by age band. Birth dates are read in the database, never shown."""
    on = today()
    counts = {label: 0 for _, _, label in AGE_BANDS}
    for born in Child.objects.values_list("birth_date", flat=True).iterator():
        age = age_on(born, on)
        for low, high, label in AGE_BANDS:
            if low <= age <= high:
                counts[label] += 1
    return [(label, suppress(n)) for label, n in counts.items()]
