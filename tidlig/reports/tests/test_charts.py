"""The results page's SVG charts: bar heights, the "under 5" marker, start -> end, and their tables."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import login
from tidlig.referrals.models import Referral
from tidlig.referrals.tests.factories import make_referral
from tidlig.reports import charts

pytestmark = pytest.mark.django_db

JAN, FEB, MAR = dt.date(2025, 1, 1), dt.date(2025, 2, 1), dt.date(2025, 3, 31)


def bar(svg: str, key: str) -> str:
    match = re.search(rf'<g class="tidlig-chart-bar" data-key="{key}">(.*?)</g>', svg, re.S)
    assert match, key
    return match.group(1)


@pytest.fixture
def monthly(prevention):
    """6 referrals in January 2025, 3 in February, 7 in March."""
    for month, n in ((1, 6), (2, 3), (3, 7)):
        for i in range(n):
            referral = make_referral(prevention, surname=f"M{month}x{i}")
            at = dt.datetime(2025, month, 10 + i, 12, 0, tzinfo=timezone.get_current_timezone())
            Referral.objects.filter(pk=referral.pk).update(received_at=at)
    return prevention


def test_it_draws_referrals_per_month_and_never_a_count_under_5(monthly):
    result = charts.results_charts(unit=monthly, start=JAN, end=MAR)
    svg = result["referrals_chart"].render()
    assert 'role="img"' in svg and "<title" in svg
    # March: 7 of an axis up to 10, on a plot 220 high: 154.
    march = bar(svg, "2025-03")
    assert 'data-value="7"' in march and 'height="154"' in march and ">7</text>" in march
    # February: 3 is "under 5", drawn as the hatched marker, and the number is nowhere in the bar.
    february = bar(svg, "2025-02")
    assert "under 5" in february and "tidlig-chart-suppressed" in february
    assert ">3<" not in february and 'data-value="3"' not in february
    # January (6) is hidden too, so February cannot be worked out from the total of 16.
    january = bar(svg, "2025-01")
    assert "skjult" in january and 'data-value="6"' not in january
    assert "Februar: 3" not in svg and "feb 2025: 3" not in svg
    table = {row.label: row.text for row in result["charts"][0].rows}
    assert list(table.values()) == ["skjult", "under 5", "7"]


def test_it_takes_a_constant_number_of_queries(monthly, django_assert_num_queries):
    with django_assert_num_queries(2):
        charts.results_charts(unit=monthly, start=dt.date(2015, 1, 1), end=MAR)


def test_it_shows_the_wellbeing_changes_and_start_to_end(dataset):
    start, end = dataset.period
    result = charts.results_charts(unit=dataset.unit, start=start, end=end)
    # Changes +3, +2, 0, +2, +3, -2: every bar is 1-2 children, so every bar is "under 5".
    changes = result["wellbeing_changes_chart"].render()
    assert 'role="img"' in changes and "<title" in changes
    for key in ("-2", "0", "2", "3"):
        assert "under 5" in bar(changes, key)
    assert "data-value=" not in changes
    assert [r.label for r in result["charts"][1].rows] == ["-2", "-1", "0", "+1", "+2", "+3"]
    assert [r.text for r in result["charts"][1].rows] == [
        "under 5",
        "0",
        "under 5",
        "0",
        "under 5",
        "under 5",
    ]
    # Start 4, 5, 5, 6, 3, 6 (mean 4,8); end 7, 7, 5, 8, 6, 4 (mean 6,2): two points and a line.
    line = result["wellbeing_start_end_chart"].render()
    assert 'class="tidlig-chart-change"' in line and "4,8" in line and "6,2" in line
    assert [r.text for r in result["charts"][2].rows] == ["4,8", "6,2"]


def test_it_says_too_few_instead_of_a_start_to_end_line(ppr):
    result = charts.results_charts(unit=ppr, start=JAN, end=MAR)
    line = result["wellbeing_start_end_chart"].render()
    assert "for få til at vise" in line and "tidlig-chart-change" not in line
    assert 'role="img"' in line


def test_the_results_page_shows_the_charts_with_their_tables(client, in_one_year, lone, dataset):
    login(client, lone)
    html = client.get(reverse("reports:results"), in_one_year).content.decode()
    for code in ("referrals_per_month", "wellbeing_changes", "wellbeing_start_end"):
        assert f'id="chart-{code}"' in html and f'id="chart-table-{code}"' in html
    sections = re.findall(r'<section class="tidlig-chart-section".*?</section>', html, re.S)
    assert len(sections) == 3 and not any("<script" in s for s in sections)
