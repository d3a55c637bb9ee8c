"""What every KPI shares: the result type, the presentation rules for counts, shares and means, the period's
bounds, and the page-wide reads that several KPIs share (`sharing`)."""

import contextlib
import datetime as dt
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from tidlig.accounts.models import Unit
from tidlig.courses.models import (
    Course,
    CourseResult,
)
from tidlig.referrals.models import Referral
from tidlig.reports import anonymity
from tidlig.reports.anonymity import SHOWN, Breakdown
from tidlig.reports.models import Kpi, Target

PERCENT = "%"
DAYS = "dage"
COUNT = "antal"
POINTS = "point"

AT_LEAST = Target.Direction.AT_LEAST
AT_MOST = Target.Direction.AT_MOST


@dataclass(frozen=True)
class KpiResult:
    code: str
    label: str
    value: Decimal | None
    unit: str
    definition: str
    numerator: int | None = None
    denominator: int | None = None
    hidden: str = SHOWN
    is_share: bool = False
    # For a list KPI (load per worker): anonymous rows, already suppressed.
    rows: Breakdown | None = None
    # A share's computed percent before the anonymity rule; tests pin it, pages never show it.
    raw_value: Decimal | None = None


def _result(code: str, unit: str, definition: str, value, hidden: str, **extra) -> KpiResult:
    return KpiResult(
        code=code,
        label=str(Kpi(code).label),
        value=value,
        unit=unit,
        definition=definition,
        hidden=hidden,
        **extra,
    )


def _count_result(code: str, definition: str, n: int) -> KpiResult:
    shown, hidden = anonymity.count(n)
    return _result(code, COUNT, definition, None if shown is None else Decimal(shown), hidden)


def _share_result(code: str, definition: str, numerator: int, denominator: int) -> KpiResult:
    s = anonymity.share(numerator, denominator)
    return _result(
        code,
        PERCENT,
        definition,
        s.value,
        s.hidden,
        numerator=s.numerator,
        denominator=s.denominator,
        is_share=True,
        raw_value=s.raw,
    )


def _mean_result(code: str, unit: str, definition: str, values: list) -> KpiResult:
    return _mean_from_result(code, unit, definition, sum(values, Decimal(0)), len(values))


def _mean_from_result(code: str, unit: str, definition: str, total, n: int) -> KpiResult:
    value, hidden = anonymity.mean_from(total, n)
    return _result(code, unit, definition, value, hidden, denominator=anonymity.count(n)[0])


# Sets the KPIs share -----------------------------------------------------------------------------

# why: five Trivselslineal KPIs, two FIT KPIs and the results page's chart read the same rows; inside
# sharing() they are read once per page instead of once per KPI (docs/performance.md)
_shared: ContextVar[dict | None] = ContextVar("kpi_shared_inputs", default=None)


@contextlib.contextmanager
def sharing() -> Iterator[None]:
    """Within this block, KPIs computed for the same unit and period share the rows they read."""
    if _shared.get() is not None:
        yield
        return
    token = _shared.set({})
    try:
        yield
    finally:
        _shared.reset(token)


def _once(key: tuple, compute: Callable):
    cache = _shared.get()
    if cache is None:
        return compute()
    if key not in cache:
        cache[key] = compute()
    return cache[key]


def _local_day_bounds(start: dt.date, end: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """The local days start..end as [from, to) instants: the same rows as a __date__range on a datetime,
    but a plain range the received_at index can serve."""
    first = timezone.make_aware(dt.datetime.combine(start, dt.time.min))
    after = timezone.make_aware(dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min))
    return first, after


def referrals_received(unit: Unit, start: dt.date, end: dt.date):
    first, after = _local_day_bounds(start, end)
    return Referral.objects.filter(unit=unit, received_at__gte=first, received_at__lt=after)


def _courses(unit: Unit):
    return Course.objects.filter(offer__unit=unit)


def _started(unit: Unit, start: dt.date, end: dt.date):
    return _courses(unit).filter(start_meeting_on__range=(start, end))


def _closed(unit: Unit, start: dt.date, end: dt.date):
    """The results of the unit's courses closed in the period: one row per course, written when it closed
    (courses/services/results.py, decision 0020)."""
    return CourseResult.objects.filter(unit=unit, closed_on__range=(start, end))
