"""Anonymous aggregate statistics. Read-only; every count below 5 is suppressed (docs/product.md).

The results page reads its KPIs from kpis.py and the unit's targets from here."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils.translation import gettext, gettext_lazy

from tidlig.accounts.models import Unit, User
from tidlig.lib.dates import today
from tidlig.lib.stats import suppress
from tidlig.measurements.scoring import fmt
from tidlig.people.models import Child, Household
from tidlig.reports import anonymity, kpis
from tidlig.reports.models import Target

AGE_BANDS = [
    (0, 5, gettext_lazy("0-5 år")),
    (6, 12, gettext_lazy("6-12 år")),
    (13, 17, gettext_lazy("13-17 år")),
    (18, 24, gettext_lazy("18-24 år")),
]


@dataclass(frozen=True)
class UnitRow:
    unit: str
    households: int | None
    workers: int | None


def families_per_unit() -> list[UnitRow]:
    households = dict(
        Household.objects.filter(anonymised_on__isnull=True)
        .values_list("unit__name")
        .annotate(n=Count("id"))
        .order_by()
    )
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
    """Counts of registered children by age band, counted by the database in one query from birth-date
    ranges (a child is low-high years old when born after today minus high+1 years, on or before today
    minus low years). Birth dates are never read out."""
    on = today()

    def born_between(low: int, high: int) -> Q:
        return Q(birth_date__gt=_years_before(on, high + 1), birth_date__lte=_years_before(on, low))

    counts = Child.objects.filter(household__anonymised_on__isnull=True).aggregate(
        **{
            f"band{i}": Count("id", filter=born_between(low, high))
            for i, (low, high, _) in enumerate(AGE_BANDS)
        }
    )
    return [(label, suppress(counts[f"band{i}"])) for i, (_, _, label) in enumerate(AGE_BANDS)]


def _years_before(day, years: int):
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February in a year without one
        return day.replace(year=day.year - years, day=28)


# The results page ----------------------------------------------------------------------------------------

MET = "met"
NOT_MET = "not_met"
NO_TARGET = "no_target"
NO_DATA = "no_data"
NOT_JUDGED = "not_judged"

MARK_LABELS = {
    MET: gettext_lazy("Nået"),
    NOT_MET: gettext_lazy("Ikke nået"),
    NO_TARGET: gettext_lazy("Intet mål"),
    NO_DATA: gettext_lazy("Ingen data"),
    NOT_JUDGED: gettext_lazy("Kan ikke vurderes"),
}

HIDDEN_TEXTS = {
    anonymity.NO_DATA: gettext_lazy("Ingen data"),
    anonymity.UNDER_5: gettext_lazy("under 5"),
    anonymity.TOO_FEW: gettext_lazy("for få til at vise"),
    anonymity.HIDDEN: gettext_lazy("skjult"),
}


def number_text(value, unit: str = "") -> str:
    """5 · 4,2 · 80 % · 3 dage, as Danes write it."""
    text = fmt(value)
    if unit == "%":
        return f"{text} %"
    if unit in ("dage", "point"):
        return f"{text} {unit}"
    return text


def count_text(value: int | None, hidden: str = "") -> str:
    if value is None:
        return str(HIDDEN_TEXTS.get(hidden or anonymity.UNDER_5))
    return str(value)


@dataclass(frozen=True)
class KpiRow:
    kpi: "kpis.KpiResult"
    target: Target | None
    mark: str
    # The same KPI for the period of the same length just before, for the trend.
    previous: "kpis.KpiResult | None" = None

    @property
    def mark_label(self) -> str:
        return str(MARK_LABELS[self.mark])

    @property
    def value_text(self) -> str:
        if self.kpi.value is None:
            return str(HIDDEN_TEXTS[self.kpi.hidden or anonymity.NO_DATA])
        return number_text(self.kpi.value, self.kpi.unit)

    @property
    def basis_text(self) -> str:
        """ "4 af 5" for a share; "n = 6" for a mean; empty for a count."""
        k = self.kpi
        if k.value is None:
            return ""
        if k.is_share:
            return gettext("%(num)s af %(den)s") % {
                "num": count_text(k.numerator),
                "den": count_text(k.denominator),
            }
        if k.denominator is not None or k.unit != "antal":
            return gettext("grundlag: %(n)s") % {"n": count_text(k.denominator)}
        return ""

    @property
    def previous_text(self) -> str:
        if self.previous is None:
            return ""
        if self.previous.value is None:
            return str(HIDDEN_TEXTS[self.previous.hidden or anonymity.NO_DATA])
        return number_text(self.previous.value, self.previous.unit)

    @property
    def change(self):
        """The change since the previous period, when both values may be shown; else None."""
        if self.previous is None or self.previous.value is None or self.kpi.value is None:
            return None
        return self.kpi.value - self.previous.value

    @property
    def change_text(self) -> str:
        """+4,2 · -1 · ±0, in the KPI's own unit; a percentage change is in points (procentpoint)."""
        change = self.change
        if change is None:
            return ""
        sign = "+" if change > 0 else ("±" if change == 0 else "-")
        text = f"{sign}{fmt(abs(change))}"
        if self.kpi.unit == "%":
            return gettext("%(change)s procentpoint") % {"change": text}
        return text if self.kpi.unit == "antal" else f"{text} {self.kpi.unit}"

    @property
    def target_text(self) -> str:
        if self.target is None:
            return ""
        return f"{self.target.get_direction_display()} {number_text(self.target.value, self.kpi.unit)}"


def mark_for(result: "kpis.KpiResult", target: Target | None) -> str:
    if target is None:
        return NO_TARGET
    if result.value is None:
        return NO_DATA if result.hidden == anonymity.NO_DATA else NOT_JUDGED
    return MET if target.is_met(result.value) else NOT_MET


def targets_for(unit: Unit, year: int) -> dict[str, Target]:
    return {t.kpi: t for t in Target.objects.filter(unit=unit, year=year)}


def previous_period(start: dt.date, end: dt.date) -> tuple[dt.date, dt.date]:
    """The period of the same number of days that ends the day before `start`. A whole calendar year or
    a whole month maps to the year or month before, so 2025 is compared with 2024 and March with February."""
    if (start.month, start.day, end.month, end.day) == (1, 1, 12, 31) and start.year == end.year:
        return start.replace(year=start.year - 1), end.replace(year=end.year - 1)
    next_day = end + dt.timedelta(days=1)
    if (
        start.day == 1
        and next_day.day == 1
        and (next_day.year * 12 + next_day.month) - (start.year * 12 + start.month) == 1
    ):
        previous_end = start - dt.timedelta(days=1)
        return previous_end.replace(day=1), previous_end
    length = end - start
    previous_end = start - dt.timedelta(days=1)
    return previous_end - length, previous_end


def results(*, unit: Unit, start: dt.date, end: dt.date) -> list[KpiRow]:
    """Every KPI for the unit and period, each against the unit's target for the year the period ends in,
    beside the same KPI for the period before (queries: twice the KPIs, whatever the data)."""
    targets = targets_for(unit, end.year)
    previous_start, previous_end = previous_period(start, end)
    previous = {r.code: r for r in kpis.all_kpis(unit=unit, start=previous_start, end=previous_end)}
    rows = []
    for result in kpis.all_kpis(unit=unit, start=start, end=end):
        target = targets.get(result.code)
        rows.append(
            KpiRow(kpi=result, target=target, mark=mark_for(result, target), previous=previous[result.code])
        )
    return rows


def units_for(user: User):
    """The units whose results the user may see: an analyst any, a leader their own."""
    if user.is_analyst:
        return Unit.objects.order_by("name")
    return Unit.objects.filter(pk=user.unit_id)
