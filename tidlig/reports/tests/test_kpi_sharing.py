"""The results page reads the rows its KPIs share once per page, not once per KPI."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tidlig.reports import kpis

pytestmark = pytest.mark.django_db


def _reads(ctx, table: str) -> int:
    return sum(1 for q in ctx.captured_queries if f'FROM "{table}"' in q["sql"])


def test_it_reads_placements_fit_and_metafeedback_results_once_for_all_kpis(dataset):
    start, end = dataset.period
    with CaptureQueriesContext(connection) as ctx:
        results = kpis.all_kpis(unit=dataset.unit, start=start, end=end)
    assert len(results) == len(kpis.KPIS)
    assert _reads(ctx, "courses_wellbeingresult") == 1
    assert _reads(ctx, "courses_fitresult") == 1  # outcome and alliance in one
    assert _reads(ctx, "courses_metafeedbackresult") == 1
    assert _reads(ctx, "accounts_user") == 1  # the two load KPIs share the workers
    assert _reads(ctx, "courses_courseresult") == 1  # closed, contacts per closed course, escalated
    assert _reads(ctx, "referrals_referral") == 2  # the counts, and the days to first contact
    assert _reads(ctx, "courses_course") == 1  # started, and with a digital contact
    # the answers themselves are read when a course closes, never by the results page
    assert _reads(ctx, "measurements_response") == 0
    assert _reads(ctx, "measurements_wellbeingplacement") == 0


def test_it_reads_afresh_outside_a_page(dataset):
    start, end = dataset.period
    with CaptureQueriesContext(connection) as ctx:
        kpis.kpi_wellbeing_start_mean(unit=dataset.unit, start=start, end=end)
        kpis.kpi_wellbeing_end_mean(unit=dataset.unit, start=start, end=end)
    assert _reads(ctx, "courses_wellbeingresult") == 2
