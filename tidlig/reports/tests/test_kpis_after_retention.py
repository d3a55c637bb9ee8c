"""Statistics still add up after retention: every KPI and breakdown for past periods is the same before and
after the families are anonymised, and the results page and its exports still work."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from conftest import login
from tidlig.lib.dates import today
from tidlig.people.models import Child, Household
from tidlig.reports import kpis
from tidlig.retention.services import apply_retention

pytestmark = pytest.mark.django_db

BREAKDOWNS = (
    kpis.referrals_by_source,
    kpis.referrals_by_door,
    kpis.courses_by_offer,
    kpis.courses_by_legal_basis,
)


def _figures(unit, periods) -> list:
    return [
        (
            kpis.all_kpis(unit=unit, start=start, end=end),
            [b(unit=unit, start=start, end=end) for b in BREAKDOWNS],
        )
        for start, end in periods
    ]


def test_every_kpi_is_the_same_before_and_after_retention(client, lone, dataset):
    start, end = dataset.period
    periods = [
        (start, end),
        (end - dt.timedelta(days=90), end),
        (start - dt.timedelta(days=365), end + dt.timedelta(days=365)),
    ]
    later = timezone.now() + dt.timedelta(days=400)  # every closed course is 13 months past its end
    with time_machine.travel(later, tick=False):
        before = _figures(dataset.unit, periods)
        run = apply_retention()
        after = _figures(dataset.unit, periods)

        assert run.households == 6  # the seventh family's course is still open
        assert Household.objects.filter(anonymised_on=today()).count() == 6
        assert Child.objects.filter(first_name="").count() == 6
        assert after == before
        assert any(result.value is not None for result in after[0][0])
        login(client, lone)
        params = {"year": str(end.year), "unit": dataset.unit.pk}
        for name in ("results", "results_csv", "results_xlsx", "results_pdf"):
            response = client.get(reverse(f"reports:{name}"), params)
            assert response.status_code == 200, name
