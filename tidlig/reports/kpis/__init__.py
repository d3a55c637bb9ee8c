"""The unit's results as key figures for a period (docs/product.md; Aabenraa, Frederikssund and Skive
Kommune).

One function per KPI, each `kpi_x(*, unit, start, end) -> KpiResult`, each a constant number of queries
(one; three for the workers' load), read-only. Anonymity (reports/anonymity.py) is applied here, so
nothing below 5 leaves this module.
Value None means "not shown": `hidden` says why (no data, under 5, too few to show).

Periods are inclusive dates. Results of a course (wellbeing, FIT, metafeedback, escalation) belong to the
period in which the course was closed, and are read from the results written when it closed
(courses/services/results.py, decision 0020); referrals to the period they were received in.
"""

import datetime as dt
from collections.abc import Callable

from tidlig.accounts.models import Unit
from tidlig.referrals.suggestions import GROUP_LOAD_WEIGHT
from tidlig.reports.kpis.base import (
    AT_MOST,
    KpiResult,
    referrals_received,
    sharing,
)
from tidlig.reports.kpis.courses import (
    courses_by_legal_basis,
    courses_by_offer,
    kpi_contacts_per_closed_course,
    kpi_courses_closed,
    kpi_courses_started,
    kpi_share_courses_with_digital_contact,
    kpi_share_escalated,
)
from tidlig.reports.kpis.load import (
    CapacityLoad,
    WorkerLoad,
    capacity_load,
    kpi_group_attendance_share,
    kpi_group_participants,
    kpi_load_against_capacity,
    kpi_load_per_worker,
)
from tidlig.reports.kpis.outcomes import (
    FIT_BASIS,
    RESPECT_ABOVE,
    WELLBEING_BASIS,
    kpi_alliance_mean,
    kpi_outcome_change_mean,
    kpi_share_child_involved,
    kpi_share_reliably_improved,
    kpi_share_respect_above_7,
    kpi_share_wellbeing_improved,
    kpi_share_wellbeing_unchanged,
    kpi_share_wellbeing_worse,
    kpi_wellbeing_end_mean,
    kpi_wellbeing_start_mean,
    wellbeing_pairs,
)
from tidlig.reports.kpis.referrals import (
    kpi_counselling_count,
    kpi_days_to_first_contact_median,
    kpi_referrals_count,
    kpi_share_contacted_within_deadline,
    referrals_by_door,
    referrals_by_source,
)
from tidlig.reports.models import Kpi

__all__ = [
    "DEFAULT_DIRECTION",
    "FIT_BASIS",
    "GROUP_LOAD_WEIGHT",
    "KPIS",
    "RESPECT_ABOVE",
    "WELLBEING_BASIS",
    "CapacityLoad",
    "KpiResult",
    "WorkerLoad",
    "all_kpis",
    "capacity_load",
    "courses_by_legal_basis",
    "courses_by_offer",
    "kpi_alliance_mean",
    "kpi_contacts_per_closed_course",
    "kpi_counselling_count",
    "kpi_courses_closed",
    "kpi_courses_started",
    "kpi_days_to_first_contact_median",
    "kpi_group_attendance_share",
    "kpi_group_participants",
    "kpi_load_against_capacity",
    "kpi_load_per_worker",
    "kpi_outcome_change_mean",
    "kpi_referrals_count",
    "kpi_share_child_involved",
    "kpi_share_contacted_within_deadline",
    "kpi_share_courses_with_digital_contact",
    "kpi_share_escalated",
    "kpi_share_reliably_improved",
    "kpi_share_respect_above_7",
    "kpi_share_wellbeing_improved",
    "kpi_share_wellbeing_unchanged",
    "kpi_share_wellbeing_worse",
    "kpi_wellbeing_end_mean",
    "kpi_wellbeing_start_mean",
    "referrals_by_door",
    "referrals_by_source",
    "referrals_received",
    "sharing",
    "wellbeing_pairs",
]

# The whole page ----------------------------------------------------------------------------------

KPIS: dict[str, Callable[..., KpiResult]] = {
    Kpi.REFERRALS_COUNT: kpi_referrals_count,
    Kpi.COUNSELLING_COUNT: kpi_counselling_count,
    Kpi.DAYS_TO_FIRST_CONTACT_MEDIAN: kpi_days_to_first_contact_median,
    Kpi.SHARE_CONTACTED_WITHIN_DEADLINE: kpi_share_contacted_within_deadline,
    Kpi.COURSES_STARTED: kpi_courses_started,
    Kpi.COURSES_CLOSED: kpi_courses_closed,
    Kpi.CONTACTS_PER_CLOSED_COURSE: kpi_contacts_per_closed_course,
    Kpi.SHARE_COURSES_WITH_DIGITAL_CONTACT: kpi_share_courses_with_digital_contact,
    Kpi.WELLBEING_START_MEAN: kpi_wellbeing_start_mean,
    Kpi.WELLBEING_END_MEAN: kpi_wellbeing_end_mean,
    Kpi.SHARE_WELLBEING_IMPROVED: kpi_share_wellbeing_improved,
    Kpi.SHARE_WELLBEING_UNCHANGED: kpi_share_wellbeing_unchanged,
    Kpi.SHARE_WELLBEING_WORSE: kpi_share_wellbeing_worse,
    Kpi.SHARE_ESCALATED: kpi_share_escalated,
    Kpi.OUTCOME_CHANGE_MEAN: kpi_outcome_change_mean,
    Kpi.SHARE_RELIABLY_IMPROVED: kpi_share_reliably_improved,
    Kpi.ALLIANCE_MEAN: kpi_alliance_mean,
    Kpi.SHARE_CHILD_INVOLVED: kpi_share_child_involved,
    Kpi.SHARE_RESPECT_ABOVE_7: kpi_share_respect_above_7,
    Kpi.GROUP_PARTICIPANTS: kpi_group_participants,
    Kpi.GROUP_ATTENDANCE_SHARE: kpi_group_attendance_share,
    Kpi.LOAD_PER_WORKER: kpi_load_per_worker,
    Kpi.LOAD_AGAINST_CAPACITY: kpi_load_against_capacity,
}

# The direction a target for the KPI usually has: fewer days and fewer escalations are better.
DEFAULT_DIRECTION = {
    Kpi.DAYS_TO_FIRST_CONTACT_MEDIAN: AT_MOST,
    Kpi.SHARE_ESCALATED: AT_MOST,
    Kpi.SHARE_WELLBEING_WORSE: AT_MOST,
    Kpi.LOAD_PER_WORKER: AT_MOST,
    Kpi.LOAD_AGAINST_CAPACITY: AT_MOST,
}


def all_kpis(*, unit: Unit, start: dt.date, end: dt.date) -> list[KpiResult]:
    with sharing():
        return [function(unit=unit, start=start, end=end) for function in KPIS.values()]
