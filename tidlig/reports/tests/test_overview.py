"""The statistics overview counts children by age band in the database, with small counts suppressed."""

import datetime as dt

import pytest
import time_machine

from tidlig.people.models import Child, Household
from tidlig.reports.queries import children_by_age_band

pytestmark = pytest.mark.django_db


def test_it_counts_children_by_age_band_at_the_band_edges(prevention):
    household = Household.objects.create(name="Familien Tal", unit=prevention)
    births = [
        dt.date(2020, 11, 24),  # 5 the day before turning 6: 0-5
        *[dt.date(2022, 1, 1)] * 4,  # 4: 0-5
        dt.date(2020, 11, 23),  # turns 6 today: 6-12
        dt.date(2008, 11, 24),  # 17: 13-17
    ]
    for born in births:
        Child.objects.create(household=household, first_name="B", last_name="T", birth_date=born)
    with time_machine.travel(dt.datetime(2026, 11, 23, 12, tzinfo=dt.UTC)):
        assert children_by_age_band() == [
            ("0-5 år", 5),
            ("6-12 år", None),
            ("13-17 år", None),
            ("18-24 år", 0),
        ]
