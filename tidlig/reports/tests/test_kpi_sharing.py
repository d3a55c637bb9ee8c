"""The results page reads the rows its KPIs share once per page, not once per KPI."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tidlig.reports import kpis

pytestmark = pytest.mark.django_db


def _reads(ctx, table: str) -> int:
    return sum(1 for q in ctx.captured_queries if f'FROM "{table}"' in q["sql"])


def test_it_reads_placements_and_fit_answers_once_for_all_kpis(dataset):
    start, end = dataset.period
    with CaptureQueriesContext(connection) as ctx:
        results = kpis.all_kpis(unit=dataset.unit, start=start, end=end)
    assert len(results) == len(kpis.KPIS)
    assert _reads(ctx, "measurements_wellbeingplacement") == 1
    # outcome and alliance series: one read each
    assert _reads(ctx, "measurements_response") == 2


def test_it_reads_afresh_outside_a_page(dataset):
    start, end = dataset.period
    with CaptureQueriesContext(connection) as ctx:
        kpis.kpi_wellbeing_start_mean(unit=dataset.unit, start=start, end=end)
        kpis.kpi_wellbeing_end_mean(unit=dataset.unit, start=start, end=end)
    assert _reads(ctx, "measurements_wellbeingplacement") == 2
