"""KPIs of what the courses achieved: the Trivselslineal, FIT and the families' metafeedback, read from the
results written when each course closed (decision 0020)."""

import datetime as dt
from collections.abc import Callable

from django.db.models import Count, F, Q, Sum
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from tidlig.accounts.models import Unit
from tidlig.courses.models import (
    FitResult,
    MetafeedbackResult,
    WellbeingResult,
)
from tidlig.measurements.models import Instrument
from tidlig.reports.kpis.base import (
    POINTS,
    KpiResult,
    _mean_from_result,
    _mean_result,
    _once,
    _share_result,
)
from tidlig.reports.models import Kpi

# The Trivselslineal ------------------------------------------------------------------------------

WELLBEING_BASIS = gettext_noop(
    "Vi tæller hvert barn i et forløb, der er afsluttet i perioden, og som har både en start- og en "
    "slutplacering på Trivselslinealen."
)


def wellbeing_pairs(unit: Unit, start: dt.date, end: dt.date) -> list[tuple[int, int]]:
    """(start, end) placement per child and course, for children placed at both moments."""
    return _once(("pairs", unit.pk, start, end), lambda: _read_wellbeing_pairs(unit, start, end))


def _read_wellbeing_pairs(unit: Unit, start: dt.date, end: dt.date) -> list[tuple[int, int]]:
    pairs: list[tuple[int, int]] = []
    for first, last, n in (
        WellbeingResult.objects.filter(unit=unit, closed_on__range=(start, end))
        .values_list("start", "end")
        .annotate(n=Count("pk"))
        .order_by("start", "end")
    ):
        pairs += [(first, last)] * n
    return pairs


def kpi_wellbeing_start_mean(*, unit: Unit, start: dt.date, end: dt.date) -> KpiResult:
    definition = _(WELLBEING_BASIS) + " " + _("Tallet er gennemsnittet af startplaceringerne.")
    pairs = wellbeing_pairs(unit, start, end)
    return _mean_result(Kpi.WELLBEING_START_MEAN, POINTS, definition, [s for s, _e in pairs])


def kpi_wellbeing_end_mean(*, unit: Unit, start: dt.date, end: dt.date) -> KpiResult:
    definition = (
        _(WELLBEING_BASIS)
        + " "
        + _(
            "Tallet er gennemsnittet af slutplaceringerne. Skive Kommune har offentliggjort 5,1 ved start "
            "og 7,1 ved afslutning."
        )
    )
    pairs = wellbeing_pairs(unit, start, end)
    return _mean_result(Kpi.WELLBEING_END_MEAN, POINTS, definition, [e for _s, e in pairs])


def _wellbeing_share(code: str, definition: str, unit, start, end, keep: Callable[[int], bool]) -> KpiResult:
    pairs = wellbeing_pairs(unit, start, end)
    return _share_result(code, definition, sum(1 for s, e in pairs if keep(e - s)), len(pairs))


def kpi_share_wellbeing_improved(*, unit: Unit, start: dt.date, end: dt.date) -> KpiResult:
    definition = _(WELLBEING_BASIS) + " " + _("Andelen er de børn, hvis slutplacering er højere end start.")
    return _wellbeing_share(Kpi.SHARE_WELLBEING_IMPROVED, definition, unit, start, end, lambda d: d > 0)


def kpi_share_wellbeing_unchanged(*, unit: Unit, start: dt.date, end: dt.date) -> KpiResult:
    definition = (
        _(WELLBEING_BASIS) + " " + _("Andelen er de børn, hvis slutplacering er den samme som start.")
    )
    return _wellbeing_share(Kpi.SHARE_WELLBEING_UNCHANGED, definition, unit, start, end, lambda d: d == 0)


def kpi_share_wellbeing_worse(*, unit: Unit, start: dt.date, end: dt.date) -> KpiResult:
    definition = _(WELLBEING_BASIS) + " " + _("Andelen er de børn, hvis slutplacering er lavere end start.")
    return _wellbeing_share(Kpi.SHARE_WELLBEING_WORSE, definition, unit, start, end, lambda d: d < 0)


# FIT ---------------------------------------------------------------------------------------------


def _fit(unit: Unit, start: dt.date, end: dt.date) -> dict:
    """Counts and sums over each respondent's first and last FIT score in the courses closed in the period
    (one row per respondent and instrument kind, written when the course closed)."""
    return _once(("fit", unit.pk, start, end), lambda: _read_fit(unit, start, end))


def _read_fit(unit: Unit, start: dt.date, end: dt.date) -> dict:
    outcome = Q(kind=Instrument.Kind.OUTCOME, answers__gte=2)
    judged = outcome & Q(reliable_change__isnull=False)
    alliance = Q(kind=Instrument.Kind.ALLIANCE)
    return FitResult.objects.filter(unit=unit, closed_on__range=(start, end)).aggregate(
        outcome_n=Count("pk", filter=outcome),
        outcome_change=Sum("change", filter=outcome),
        judged_n=Count("pk", filter=judged),
        improved_n=Count("pk", filter=judged & Q(change__gte=F("reliable_change"))),
        alliance_n=Count("pk", filter=alliance),
        alliance_last=Sum("last_total", filter=alliance),
    )


FIT_BASIS = gettext_noop(
    "Vi tæller hver person, der har svaret på trivselsskemaet (outcome) mindst to gange i et forløb, "
    "der er afsluttet i perioden. Ændringen er sidste score minus første score."
)


def kpi_outcome_change_mean(*, unit: Unit, start: dt.date, end: dt.date) -> KpiResult:
    definition = _(FIT_BASIS) + " " + _("Tallet er gennemsnittet af ændringerne.")
    fit = _fit(unit, start, end)
    return _mean_from_result(
        Kpi.OUTCOME_CHANGE_MEAN, POINTS, definition, fit["outcome_change"], fit["outcome_n"]
    )


def kpi_share_reliably_improved(*, unit: Unit, start: dt.date, end: dt.date) -> KpiResult:
    definition = (
        _(FIT_BASIS)
        + " "
        + _("Andelen er dem, hvis ændring er mindst måleredskabets grænse for pålidelig ændring.")
    )
    fit = _fit(unit, start, end)
    return _share_result(Kpi.SHARE_RELIABLY_IMPROVED, definition, fit["improved_n"], fit["judged_n"])


def kpi_alliance_mean(*, unit: Unit, start: dt.date, end: dt.date) -> KpiResult:
    definition = _(
        "For hver person, der har svaret på samarbejdsskemaet (alliance) i et forløb afsluttet i "
        "perioden, tæller vi den seneste samlede score. Tallet er gennemsnittet."
    )
    fit = _fit(unit, start, end)
    return _mean_from_result(Kpi.ALLIANCE_MEAN, POINTS, definition, fit["alliance_last"], fit["alliance_n"])


# Metafeedback ------------------------------------------------------------------------------------


def _metafeedback(unit: Unit, start: dt.date, end: dt.date) -> dict:
    """Over the metafeedback responses of courses closed in the period: how many answered the first yes/no
    item (was the child involved?) and said yes, and how many answered the first 0-10 item (respect) and
    gave more than RESPECT_ABOVE."""
    return _once(("metafeedback", unit.pk, start, end), lambda: _read_metafeedback(unit, start, end))


def _read_metafeedback(unit: Unit, start: dt.date, end: dt.date) -> dict:
    return MetafeedbackResult.objects.filter(unit=unit, closed_on__range=(start, end)).aggregate(
        involved_n=Count("involved"),
        involved_yes=Count("pk", filter=Q(involved__isnull=False) & ~Q(involved=0)),
        respect_n=Count("respect"),
        respect_above=Count("pk", filter=Q(respect__gt=RESPECT_ABOVE)),
    )


def kpi_share_child_involved(*, unit: Unit, start: dt.date, end: dt.date) -> KpiResult:
    definition = _(
        "Metafeedback ved afslutningen af forløb afsluttet i perioden: andelen af besvarelser, der svarer "
        "ja til, at barnet har oplevet at blive inddraget. Aabenraa Kommunes mål for 2025: 80 %."
    )
    answers = _metafeedback(unit, start, end)
    return _share_result(Kpi.SHARE_CHILD_INVOLVED, definition, answers["involved_yes"], answers["involved_n"])


RESPECT_ABOVE = 7


def kpi_share_respect_above_7(*, unit: Unit, start: dt.date, end: dt.date) -> KpiResult:
    definition = _(
        "Metafeedback ved afslutningen af forløb afsluttet i perioden: andelen af besvarelser, der "
        "scorer over 7 på skalaen 0-10 for at være blevet mødt med respekt (8, 9 eller 10). "
        "Aabenraa Kommunes mål for 2025: 80 %."
    )
    answers = _metafeedback(unit, start, end)
    return _share_result(
        Kpi.SHARE_RESPECT_ABOVE_7, definition, answers["respect_above"], answers["respect_n"]
    )
