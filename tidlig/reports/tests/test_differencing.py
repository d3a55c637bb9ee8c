"""Suppression holds against differencing (decision 0013, addendum): no two periods an aggregate view or
export accepts overlap, so no small count can be had by asking for two periods and subtracting."""

import datetime as dt
import itertools

import pytest
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import login
from tidlig.accounts.models import Unit
from tidlig.reports import queries
from tidlig.reports.forms import PeriodForm, YearForm
from tidlig.reports.tests.conftest import AFTER_THE_YEAR, IN_THE_YEAR, base

pytestmark = pytest.mark.django_db

PAGES = ["reports:results", "reports:practice"]
EXPORTS = ["reports:results_csv", "reports:results_xlsx", "reports:results_pdf"]


def accepted(form) -> list[tuple[dt.date, dt.date]]:
    return [(dt.date(y, 1, 1), dt.date(y, 12, 31)) for y, _label in form.fields["year"].choices]


def test_suppression_holds_against_differencing_no_two_accepted_periods_overlap(in_one_year, prevention):
    units = Unit.objects.all()
    for form in (PeriodForm({}, units=units), PeriodForm({}, units=units, finished_only=True), YearForm({})):
        periods = accepted(form)
        for (a_start, a_end), (b_start, b_end) in itertools.combinations(periods, 2):
            assert a_end < b_start or b_end < a_start, "two accepted periods overlap"
        # the period each is compared with is accepted too, or lies before every accepted one
        for start, end in periods:
            previous = queries.previous_period(start, end)
            assert previous in periods or previous[1] < min(s for s, _ in periods)


def test_suppression_holds_against_differencing_the_analyst_sees_no_unfinished_year(in_one_year):
    form = PeriodForm({"year": str(IN_THE_YEAR.year)}, units=Unit.objects.all(), finished_only=True)
    assert not form.is_valid()
    assert "afsluttet år" in str(form.errors)


@settings(max_examples=200, deadline=None)
@given(
    start=st.dates(dt.date(1, 1, 1), dt.date(9999, 12, 31)),
    end=st.dates(dt.date(1, 1, 1), dt.date(9999, 12, 31)),
    finished_only=st.booleans(),
)
def test_suppression_holds_against_differencing_free_dates_give_an_accepted_period_or_nothing(
    start, end, finished_only
):
    form = YearForm({"start": start.isoformat(), "end": end.isoformat()}, finished_only=finished_only)
    if form.is_valid():
        period = (form.cleaned_data["start"], form.cleaned_data["end"])
        assert period == (start, end) and period in accepted(form)


def _ask(client, name: str, params: dict) -> str:
    """The figures an aggregate view or export gives for params, as text; empty when it refuses."""
    response = client.get(reverse(name), params)
    assert response.status_code in (200, 302, 400)
    if response.status_code == 302:  # an export sends an invalid period back to the page
        assert response["Location"].startswith(reverse("reports:results"))
        return ""
    if name in EXPORTS:
        return (b"".join(response.streaming_content) if response.streaming else response.content)[:50].hex()
    assert response.status_code == 400
    html = response.content.decode()
    assert "kun for hele kalenderår" in html
    assert 'id="kpi-referrals_count"' not in html and 'id="practice"' not in html
    return ""


@pytest.mark.parametrize("name", PAGES + EXPORTS)
def test_suppression_holds_against_differencing_overlapping_and_adjacent_periods_are_refused(
    client, in_one_year, dataset, lone, name
):
    """The dataset receives one referral a day from BASE to BASE + 6: two periods ending a day apart
    would differ by exactly one family. Every such period is refused; the whole year is answered."""
    login(client, lone)
    first = base()
    for last in (first + dt.timedelta(days=5), first + dt.timedelta(days=6), first + dt.timedelta(days=7)):
        for start in (first, first + dt.timedelta(days=1)):  # overlapping, and shifted by a day
            assert _ask(client, name, {"start": start.isoformat(), "end": last.isoformat()}) == ""
    # adjacent whole months are free dates too
    month = first.replace(day=1)
    next_month = (month + dt.timedelta(days=32)).replace(day=1)
    assert (
        _ask(
            client, name, {"start": month.isoformat(), "end": (next_month - dt.timedelta(days=1)).isoformat()}
        )
        == ""
    )
    year = {"year": str(IN_THE_YEAR.year)}
    response = client.get(reverse(name), year)
    assert response.status_code == 200


def test_suppression_holds_against_differencing_over_days_for_the_analyst(client, dataset, ali, time_machine):
    """Reading the current year on two days would give the day's families; the analyst cannot."""
    time_machine.move_to(IN_THE_YEAR, tick=False)
    login(client, ali)
    response = client.get(reverse("reports:results"), {"year": str(IN_THE_YEAR.year)})
    assert response.status_code == 400
    assert 'id="kpi-referrals_count"' not in response.content.decode()
    time_machine.move_to(AFTER_THE_YEAR, tick=False)
    login(client, ali)
    response = client.get(reverse("reports:results"), {"year": str(IN_THE_YEAR.year)})
    assert response.status_code == 200
    assert 'id="kpi-referrals_count"' in response.content.decode()
