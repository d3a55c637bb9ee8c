"""KPIs of groups and of the workers' load against their capacity."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from tidlig.accounts.models import Unit, User
from tidlig.courses.models import (
    Course,
)
from tidlig.groups.models import Attendance, Enrollment, Group
from tidlig.lib.stats import SUPPRESSION_THRESHOLD
from tidlig.referrals.suggestions import GROUP_LOAD_WEIGHT
from tidlig.reports.anonymity import NO_DATA, SHOWN, TOO_FEW, round1, suppress_breakdown
from tidlig.reports.kpis.base import (
    COUNT,
    PERCENT,
    KpiResult,
    _count_result,
    _once,
    _result,
    _share_result,
)
from tidlig.reports.models import Kpi

# Groups and workers ------------------------------------------------------------------------------


def kpi_group_participants(*, unit: Unit, start: dt.date, end: dt.date) -> KpiResult:
    definition = _(
        "Børn og forældre, der har haft en plads på et hold i enhedens tilbud, som kørte i perioden (første "
        "gang senest periodens sidste dag og sidste gang tidligst periodens første dag). Tilmeldte og "
        "stoppede tæller med; ventelisten gør ikke."
    )
    n = Enrollment.objects.filter(
        group__offer__unit=unit,
        group__starts_on__lte=end,
        group__ends_on__gte=start,
        status__in=[Enrollment.Status.ENROLLED, Enrollment.Status.LEFT],
    ).count()
    return _count_result(Kpi.GROUP_PARTICIPANTS, definition, n)


def kpi_group_attendance_share(*, unit: Unit, start: dt.date, end: dt.date) -> KpiResult:
    definition = _(
        "Alle registreringer af fremmøde ved gruppemøder i perioden på hold i enhedens tilbud. Andelen er "
        "de registreringer, hvor deltageren mødte op."
    )
    counts = Attendance.objects.filter(
        session__date__range=(start, end), session__group__offer__unit=unit
    ).aggregate(total=Count("pk"), present=Count("pk", filter=Q(present=True)))
    return _share_result(Kpi.GROUP_ATTENDANCE_SHARE, definition, counts["present"], counts["total"])


@dataclass(frozen=True)
class WorkerLoad:
    capacity: int | None
    courses: int  # courses the worker is on that are running on the day
    groups: int  # groups the worker leads that are running on the day


def _worker_loads(unit: Unit, on: dt.date) -> list[WorkerLoad]:
    """Each active worker of the unit, with their running courses and groups on the day. Three queries:
    only the running courses and groups are joined, not every course the workers ever had."""
    return _once(("loads", unit.pk, on), lambda: _read_worker_loads(unit, on))


def _read_worker_loads(unit: Unit, on: dt.date) -> list[WorkerLoad]:
    workers = dict(
        User.objects.filter(unit=unit, role=User.Role.WORKER, is_active=True).values_list("pk", "capacity")
    )
    courses = dict(
        Course.workers.through.objects.filter(
            user_id__in=list(workers),
            course__start_meeting_on__lte=on,
        )
        .filter(Q(course__closed_on__isnull=True) | Q(course__closed_on__gt=on))
        .values_list("user_id")
        .annotate(n=Count("course_id", distinct=True))
        .order_by()
    )
    groups = dict(
        Group.leaders.through.objects.filter(
            user_id__in=list(workers), group__starts_on__lte=on, group__ends_on__gte=on
        )
        .values_list("user_id")
        .annotate(n=Count("group_id", distinct=True))
        .order_by()
    )
    return [WorkerLoad(capacity, courses.get(pk, 0), groups.get(pk, 0)) for pk, capacity in workers.items()]


def kpi_load_per_worker(*, unit: Unit, start: dt.date, end: dt.date) -> KpiResult:
    definition = _(
        "For hver aktiv medarbejder i enheden: antal forløb, medarbejderen er på, som var i gang ved "
        "periodens sidste dag (startet senest den dag og ikke afsluttet før). Tallet er gennemsnittet; "
        "listen viser hver medarbejder uden navn, størst først."
    )
    loads = sorted((w.courses for w in _worker_loads(unit, end)), reverse=True)
    if not loads:
        return _result(Kpi.LOAD_PER_WORKER, COUNT, definition, None, NO_DATA)
    rows = suppress_breakdown(
        Kpi.LOAD_PER_WORKER,
        str(Kpi.LOAD_PER_WORKER.label),
        [(str(i), _("Medarbejder %(n)s") % {"n": i}, n) for i, n in enumerate(loads, start=1)],
    )
    value = round1(Decimal(sum(loads)) / len(loads))
    return _result(Kpi.LOAD_PER_WORKER, COUNT, definition, value, SHOWN, denominator=len(loads), rows=rows)


def kpi_load_against_capacity(*, unit: Unit, start: dt.date, end: dt.date) -> KpiResult:
    definition = _(
        "For hver aktiv medarbejder i enheden med en kapacitet: forløb, medarbejderen er på ved periodens "
        "sidste dag, plus %(weight)s for hvert hold, medarbejderen leder den dag (et hold fylder som to "
        "familier). Tallet er summen af belastningen i procent af summen af kapaciteten; listen viser hver "
        "medarbejder uden navn, med sin kapacitet, størst belastning først. Over 100 %% betyder flere "
        "familier end pladser."
    ) % {"weight": GROUP_LOAD_WEIGHT}
    load = capacity_load(
        [
            (w.courses + GROUP_LOAD_WEIGHT * w.groups, w.capacity)
            for w in _worker_loads(unit, end)
            if w.capacity
        ]
    )
    if load is None:
        return _result(Kpi.LOAD_AGAINST_CAPACITY, PERCENT, definition, None, NO_DATA)
    rows = suppress_breakdown(
        Kpi.LOAD_AGAINST_CAPACITY,
        str(Kpi.LOAD_AGAINST_CAPACITY.label),
        [
            (str(i), _("Medarbejder %(n)s (kapacitet %(capacity)s)") % {"n": i, "capacity": c}, n)
            for i, (n, c) in enumerate(load.loads, start=1)
        ],
    )
    return _result(
        Kpi.LOAD_AGAINST_CAPACITY,
        PERCENT,
        definition,
        None if load.hidden else load.raw,
        load.hidden,
        denominator=load.capacity,
        rows=rows,
        raw_value=load.raw,
    )


@dataclass(frozen=True)
class CapacityLoad:
    loads: list[tuple[int, int]]  # (weighted load, capacity) per worker, fullest first
    capacity: int
    raw: Decimal  # total load in percent of total capacity
    hidden: str


def capacity_load(loads: list[tuple[int, int]]) -> CapacityLoad | None:
    """The rule behind "load against capacity", shared with the benchmark's SQL floor. None when no
    worker has a capacity. A load of 1-4 families in all would come back from the percentage and the
    capacities, so it is not shown."""
    loads = sorted(loads, key=lambda pair: (-pair[0] / pair[1], -pair[0]))
    capacity = sum(c for _load, c in loads)
    if not capacity:
        return None
    load = sum(n for n, _capacity in loads)
    hidden = TOO_FEW if 0 < load < SUPPRESSION_THRESHOLD else SHOWN
    return CapacityLoad(loads, capacity, round1(Decimal(100) * load / capacity), hidden)
