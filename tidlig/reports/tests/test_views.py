"""The results page and the targets page: who may use them, what they show, and that targets are logged."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from conftest import login
from tidlig.audit.models import AccessLog, Purpose
from tidlig.lib.dates import today
from tidlig.reports import queries
from tidlig.reports.demo import build_targets
from tidlig.reports.models import Target
from tidlig.reports.tests.conftest import AFTER_THE_YEAR, IN_THE_YEAR

pytestmark = pytest.mark.django_db

RESULTS = reverse("reports:results")
TARGETS = reverse("reports:targets")


@pytest.fixture(autouse=True)
def _today(in_one_year):
    """Today is a fixed day on which the dataset lies in one calendar year (conftest.IN_THE_YEAR)."""


def period(dataset) -> dict:
    return {"year": str(IN_THE_YEAR.year)}


def login_as(client, persona, time_machine):
    """An analyst sees finished years only: she logs in on a day in the year after."""
    if persona.is_analyst:
        time_machine.move_to(AFTER_THE_YEAR, tick=False)
    login(client, persona)


def row(html: str, code: str) -> str:
    match = re.search(rf'<tr id="kpi-{code}">(.*?)</tr>', html, re.S)
    assert match, code
    return " ".join(match.group(1).split())


@pytest.mark.parametrize("persona", ["lone", "ali"])
def test_it_shows_the_results_to_leaders_and_analysts(request, client, persona, dataset, time_machine):
    login_as(client, request.getfixturevalue(persona), time_machine)
    response = client.get(RESULTS, period(dataset) | {"unit": dataset.unit.pk})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Sådan tæller vi" in html
    assert "data-value>4</td>" in row(html, "contacts_per_closed_course")  # 24 contacts / 6 courses
    assert "4 dage" in row(html, "days_to_first_contact_median")
    assert "under 5" in row(html, "counselling_count")
    assert "Intet mål" in row(html, "referrals_count")


@pytest.mark.parametrize("persona", ["mette", "pia"])
def test_it_refuses_workers_and_partners(request, client, persona):
    login(client, request.getfixturevalue(persona))
    assert client.get(RESULTS).status_code == 403
    assert client.get(TARGETS).status_code == 403


def test_it_refuses_the_targets_page_to_the_analyst(client, ali):
    login(client, ali)
    assert client.get(TARGETS).status_code == 403


def test_it_names_no_person(client, lone, dataset):
    login(client, lone)
    html = client.get(RESULTS, period(dataset)).content.decode()
    for name in ("Emil", "Sara", "Test0", "Mette", "Sofie", "Familien Test"):
        assert name not in html


def test_it_defaults_to_the_current_year_and_the_leaders_own_unit(client, lone, prevention):
    login(client, lone)
    response = client.get(RESULTS)
    assert response.status_code == 200
    assert response.context["unit"] == prevention
    year = today().year
    assert (response.context["start"].isoformat(), response.context["end"].isoformat()) == (
        f"{year}-01-01",
        f"{year}-12-31",
    )


def test_it_keeps_a_leader_to_their_own_unit(client, lone, ppr, dataset):
    login(client, lone)
    response = client.get(RESULTS, period(dataset) | {"unit": ppr.pk})
    assert response.status_code == 400
    assert "unit" not in response.context
    assert "kpi-referrals_count" not in response.content.decode()


def test_it_lets_the_analyst_choose_any_unit(client, ali, ppr, dataset, time_machine):
    login_as(client, ali, time_machine)
    response = client.get(RESULTS, period(dataset) | {"unit": ppr.pk})
    assert response.context["unit"] == ppr
    assert "Ingen data" in row(response.content.decode(), "share_child_involved")


@pytest.mark.parametrize(
    ("start", "end"),
    [
        ("2026-05-01", "2026-04-01"),
        ("2026-01-01", "2026-12-30"),
        ("2026-01-02", "2026-12-31"),
        ("", "2026-06-30"),
    ],
)
def test_it_refuses_free_dates_with_a_danish_message(client, lone, start, end):
    login(client, lone)
    response = client.get(RESULTS, {"start": start, "end": end})
    assert response.status_code == 400
    assert "kun for hele kalenderår" in response.content.decode()
    assert response.context["rows"] == []


def test_it_takes_free_dates_that_span_one_calendar_year(client, lone):
    login(client, lone)
    response = client.get(RESULTS, {"start": "2025-01-01", "end": "2025-12-31"})
    assert response.status_code == 200
    assert (response.context["start"], response.context["end"]) == (
        dt.date(2025, 1, 1),
        dt.date(2025, 12, 31),
    )


def test_it_marks_each_kpi_against_the_target_in_words(client, lone, dataset):
    build_targets(dataset.unit)
    Target.objects.create(
        unit=dataset.unit,
        year=dataset.period[1].year,
        kpi="share_escalated",
        value=Decimal(20),
        direction="at_most",
    )
    login(client, lone)
    html = client.get(RESULTS, period(dataset)).content.decode()
    # Six families are too few: 83.3 % involved would give the one child who was not involved back,
    # so the page neither shows the share nor judges it against the target.
    involved = row(html, "share_child_involved")
    assert "Kan ikke vurderes" in involved and "mindst 80 %" in involved
    assert "83,3" not in involved
    # The contact count (7 referrals) shows, so its mark is a real one when a target exists.
    assert 'data-mark="not_judged"' in row(html, "share_escalated")


def test_it_judges_a_shown_value_against_its_target():
    from tidlig.reports import kpis, queries

    def result(value):
        return kpis.KpiResult(code="share_child_involved", label="", value=value, unit="%", definition="")

    at_least = Target(kpi="share_child_involved", value=Decimal(80), direction="at_least")
    at_most = Target(kpi="share_escalated", value=Decimal(20), direction="at_most")
    assert queries.mark_for(result(Decimal("83.3")), at_least) == queries.MET
    assert queries.mark_for(result(Decimal("66.7")), at_least) == queries.NOT_MET
    assert queries.mark_for(result(Decimal("16.7")), at_most) == queries.MET
    assert queries.mark_for(result(None), at_least) == queries.NOT_JUDGED
    assert queries.mark_for(result(Decimal("50")), None) == queries.NO_TARGET


def test_it_says_no_data_against_a_target_without_data(client, ali, ppr, dataset, time_machine):
    Target.objects.create(unit=ppr, year=IN_THE_YEAR.year, kpi="share_child_involved", value=80)
    login_as(client, ali, time_machine)
    html = client.get(RESULTS, period(dataset) | {"unit": ppr.pk}).content.decode()
    assert 'data-mark="no_data"' in row(html, "share_child_involved")


def test_it_shows_the_referral_breakdown_with_hidden_cells(client, lone, dataset):
    login(client, lone)
    html = client.get(RESULTS, period(dataset)).content.decode()
    table = re.search(r'id="referrals_by_source">(.*?)</table>', html, re.S).group(1)
    # school 1 is under 5; "the family itself" (6) is hidden so 7 - 6 cannot give the school's 1 away
    assert re.search(r"Familien selv</td>\s*<td[^>]*>\s*skjult", table)
    assert re.search(r"Skole</td>\s*<td[^>]*>\s*under 5", table)
    assert re.search(r"I alt</th>\s*<td[^>]*>\s*7", table)


def test_it_shows_the_course_breakdowns(client, lone, dataset):
    login(client, lone)
    html = client.get(RESULTS, period(dataset)).content.decode()
    by_offer = re.search(r'id="courses_by_offer">(.*?)</table>', html, re.S).group(1)
    assert re.search(r"Familiesamtaler</td>\s*<td[^>]*>\s*7", by_offer)
    by_basis = re.search(r'id="courses_by_legal_basis">(.*?)</table>', html, re.S).group(1)
    assert re.search(r"Barnets lov § 30 stk. 1</td>\s*<td[^>]*>\s*7", by_basis)
    assert ">Tilbud</th>" in by_offer and ">Lovgrundlag</th>" in by_basis


def test_it_saves_a_target_and_logs_it(client, lone, prevention):
    login(client, lone)
    data = {"kpi": "share_child_involved", "year": 2026, "value": "80", "direction": "at_least", "note": ""}
    response = client.post(TARGETS, data)
    assert response.status_code == 302
    assert response.url == f"{TARGETS}?year=2026"
    target = Target.objects.get(unit=prevention, year=2026, kpi="share_child_involved")
    assert (target.value, target.direction) == (Decimal(80), "at_least")
    log = AccessLog.objects.get(event="target.saved")
    assert (log.actor, log.purpose, log.subjects.count()) == (lone, Purpose.SUPERVISION, 0)
    assert log.detail["kpi"] == "share_child_involved"

    client.post(TARGETS, data | {"value": "85"})
    target.refresh_from_db()
    assert target.value == Decimal(85)
    assert AccessLog.objects.filter(event="target.saved").count() == 2

    client.post(TARGETS, data | {"value": ""})
    assert not Target.objects.filter(pk=target.pk).exists()
    assert AccessLog.objects.filter(event="target.deleted").count() == 1


def test_it_shows_the_saved_target_on_the_page(client, lone, prevention):
    Target.objects.create(unit=prevention, year=2025, kpi="share_respect_above_7", value=Decimal(80))
    login(client, lone)
    response = client.get(TARGETS, {"year": 2025})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="id_share_respect_above_7_value"' in html
    assert re.search(r'id="id_share_respect_above_7_value"[^>]*value="80', html) or re.search(
        r'value="80[^"]*"[^>]*id="id_share_respect_above_7_value"', html
    )


def test_it_refuses_a_share_above_100(client, lone):
    login(client, lone)
    data = {"kpi": "share_escalated", "year": 2026, "value": "120", "direction": "at_most"}
    response = client.post(TARGETS, data)
    assert response.status_code == 400
    assert "højst være 100 %" in response.content.decode()
    assert not Target.objects.exists()


def test_it_builds_the_demo_targets_once(prevention):
    build_targets(prevention)
    build_targets(prevention)
    years = sorted({2025, today().year})
    assert Target.objects.count() == 4 * len(years)
    assert Target.objects.get(year=2025, kpi="share_courses_with_digital_contact").value == 65


@pytest.mark.parametrize(
    ("start", "end", "previous"),
    [
        # a calendar year is compared with the year before
        (dt.date(2025, 1, 1), dt.date(2025, 12, 31), (dt.date(2024, 1, 1), dt.date(2024, 12, 31))),
        # a calendar month with the month before, whatever its length
        (dt.date(2024, 3, 1), dt.date(2024, 3, 31), (dt.date(2024, 2, 1), dt.date(2024, 2, 29))),
        (dt.date(2025, 1, 1), dt.date(2025, 1, 31), (dt.date(2024, 12, 1), dt.date(2024, 12, 31))),
        # anything else with the same number of days just before
        (dt.date(2025, 3, 10), dt.date(2025, 3, 19), (dt.date(2025, 2, 28), dt.date(2025, 3, 9))),
        (dt.date(2025, 5, 5), dt.date(2025, 5, 5), (dt.date(2025, 5, 4), dt.date(2025, 5, 4))),
    ],
)
def test_it_compares_with_the_period_before(start, end, previous):
    assert queries.previous_period(start, end) == previous


def test_it_shows_each_kpi_beside_the_period_before(client, lone, dataset):
    from tidlig.reports.tests.conftest import base

    # all seven courses start on BASE + 20; the 21 days before BASE + 10 hold none
    start, end = base() + dt.timedelta(days=10), base() + dt.timedelta(days=30)
    rows = {r.kpi.code: r for r in queries.results(unit=dataset.unit, start=start, end=end)}
    started = rows["courses_started"]
    assert (started.value_text, started.previous_text, started.change_text) == ("7", "0", "+7")
    assert rows["courses_closed"].change_text == "±0"
    # a value that is not shown has no change either
    assert (rows["share_escalated"].previous_text, rows["share_escalated"].change_text) == ("Ingen data", "")

    client.force_login(lone)
    page = client.get(
        reverse("reports:results"), {"unit": dataset.unit.pk, "year": start.year}
    ).content.decode()
    assert "Forrige periode" in page
    assert "<td data-change>+7</td>" in page


def test_it_says_what_is_wrong_when_the_posted_kpi_is_unknown(client, lone):
    login(client, lone)
    response = client.post(
        TARGETS, {"kpi": "<script>x</script>", "year": "2026", "value": "4", "direction": "at_least"}
    )
    assert response.status_code == 400
    assert "nøgletallet er ukendt" in response.content.decode()
    assert not Target.objects.exists()
    assert not AccessLog.objects.filter(event__startswith="target.").exists()
