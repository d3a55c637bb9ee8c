"""The benchmark's SQL floor for the results page computes the same numbers as kpis.py."""

import datetime as dt
from decimal import Decimal

import pytest

from bench import kpis_sql
from tidlig.accounts.models import Unit
from tidlig.reports import kpis
from tidlig.reports.tests.conftest import base

pytestmark = pytest.mark.django_db


def both(unit, start, end):
    """kpis.py's numbers and the SQL floor's, after checking that the floor gives the same from the
    results written at closing as from the answers themselves."""
    orm = {r.code: kpis_sql.numbers_of(r) for r in kpis.all_kpis(unit=unit, start=start, end=end)}
    from_results = kpis_sql.kpi_numbers(unit=unit, start=start, end=end, source=kpis_sql.RESULTS)
    from_answers = kpis_sql.kpi_numbers(unit=unit, start=start, end=end, source=kpis_sql.ANSWERS)
    assert from_results == from_answers
    return orm, from_results


def test_it_gives_the_numbers_of_every_kpi(dataset):
    orm, sql = both(dataset.unit, *dataset.period)
    assert set(sql) == set(orm)
    for code, numbers in orm.items():
        assert sql[code] == numbers, code
    # the hand-checked values from test_kpis.py, so the comparison is not between two empty pages
    assert orm["days_to_first_contact_median"].value == 4
    assert orm["share_contacted_within_deadline"].raw_value == Decimal("71.4")
    assert orm["contacts_per_closed_course"].denominator == 6


@pytest.mark.parametrize(("first", "last"), [(55, 62), (0, 3), (62, 64), (-400, -300)])
def test_it_agrees_on_narrower_periods(dataset, first, last):
    start, end = base() + dt.timedelta(days=first), base() + dt.timedelta(days=last)
    orm, sql = both(dataset.unit, start, end)
    assert sql == orm


def test_it_agrees_for_a_unit_without_data(dataset):
    empty = Unit.objects.create(name="Tom enhed", kind=Unit.Kind.OTHER)
    orm, sql = both(empty, *dataset.period)
    assert sql == orm
    assert sql["referrals_count"].value == 0
