"""Min praksis: a worker's own FIT results beside the unit's, and the leader's anonymous distribution.

Sofie closes five courses today, each with one parent answering the outcome form at two contacts:

    course   outcome    change   reason
    P0       10 -> 20   +10      goals reached
    P1       12 -> 18   +6       goals reached
    P2       15 -> 25   +10      goals reached
    P3       20 -> 25   +5       goals reached
    P4        8 -> 18   +10      ended by the family

Mean +8,2 (41 / 5); all five reach the reliable change of 5 (100 %); drop-out 1 of 5 (20 %, hidden).
With Mette's dataset (changes +8, +3, +6, 0, +6; six closed courses, none ended by the family) the unit
has 10 changes, mean 6,4; 8 of 10 reliably improved (hidden: the remainder is 2); drop-out 1 of 11.
"""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from conftest import login
from tidlig.courses.models import CourseResult
from tidlig.courses.services import close_course, fit, record_contact, results
from tidlig.courses.tests.factories import make_course, make_offer
from tidlig.lib.dates import today
from tidlig.measurements.open_instruments import OUTCOME
from tidlig.measurements.queries import active_instrument
from tidlig.reports import anonymity, practice
from tidlig.reports.tests.conftest import IN_THE_YEAR, split

pytestmark = pytest.mark.django_db

PRACTICE = reverse("reports:practice")
SOFIE_OUTCOMES = [(10, 20), (12, 18), (15, 25), (20, 25), (8, 18)]


@pytest.fixture
def sofie_courses(dataset, prevention, lone, sofie):
    """After the dataset, whose own check is that no first contact precedes its referral."""
    offer = make_offer(prevention, name="Sofies samtaler")
    outcome = active_instrument(OUTCOME)
    courses = []
    for i, totals in enumerate(SOFIE_OUTCOMES):
        course = make_course(prevention, lone, sofie, offer=offer, surname=f"Praksis{i}")
        guardian = course.household.guardians.get()
        for n, total in enumerate(totals):
            contact = record_contact(
                course,
                actor=sofie,
                date=today() - dt.timedelta(days=10 - 5 * n),
                duration_minutes=60,
                kind="individual",
                place="home",
            )
            fit.record_response(
                course,
                actor=sofie,
                instrument=outcome,
                role="parent",
                guardian=guardian,
                contact=contact,
                scores=split(total),
            )
        close_course(
            course,
            actor=sofie,
            reason="ended_by_family" if i == 4 else "goals_reached",
            closed_on=today(),
            missing_measurements_reason="Testforløb uden slutmåling",
        )
        courses.append(course)
    return courses


@pytest.fixture(autouse=True)
def _today(in_one_year):
    """Today is a fixed day on which the dataset lies in one calendar year (conftest.IN_THE_YEAR)."""


def period() -> dict:
    return {"year": str(IN_THE_YEAR.year)}


def test_a_workers_own_figures_beside_the_units(sofie, sofie_courses, dataset, django_assert_num_queries):
    start, end = today() - dt.timedelta(days=365), today()
    with django_assert_num_queries(4):
        result = practice.worker_practice(sofie, start=start, end=end)
    own, unit = result.own, result.unit
    assert own.courses == 5
    assert (own.change_mean, own.respondents) == (Decimal("8.2"), 5)
    assert own.reliably_improved.value == Decimal("100.0")
    assert own.dropout.value is None and own.dropout.hidden == anonymity.TOO_FEW
    assert own.dropout.raw == Decimal("20.0")
    assert own.change_text == "+8,2 point" and own.dropout_text == "for få til at vise"
    assert unit.courses == 11
    assert (unit.change_mean, unit.respondents) == (Decimal("6.4"), 10)
    assert unit.reliably_improved.value is None and unit.reliably_improved.raw == Decimal("80.0")
    assert unit.dropout.value is None and unit.dropout.raw == Decimal("9.1")


def test_too_few_courses_are_under_5_and_the_mean_is_not_shown(mette, prevention, lone):
    course = make_course(prevention, lone, mette)
    close_course(
        course, actor=mette, reason="goals_reached", closed_on=today(), missing_measurements_reason="x"
    )
    result = practice.worker_practice(mette, start=today(), end=today())
    assert result.own.courses is None and result.own.courses_text == "under 5"
    assert result.own.change_mean is None and result.own.change_text == "Ingen data"


def test_the_leaders_distribution_is_anonymous_and_sorted(prevention, sofie_courses, dataset, kim):
    start, end = today() - dt.timedelta(days=365), today()
    rows = practice.unit_distribution(prevention, start=start, end=end)
    assert [(r.label, r.change_mean, r.respondents) for r in rows] == [
        ("Medarbejder A", Decimal("8.2"), 5),  # Sofie
        ("Medarbejder B", Decimal("4.6"), 5),  # Mette: 23 / 5
    ]


def test_a_worker_with_fewer_than_5_respondents_is_too_few(prevention, dataset):
    start, end = today() - dt.timedelta(days=365), today()
    # C1 as if it had closed without outcome answers: its results are written again from what is left
    dataset.courses[0].responses.filter(instrument__kind="outcome").delete()
    CourseResult.objects.filter(course=dataset.courses[0]).delete()
    results.summarise([dataset.courses[0].pk])
    rows = practice.unit_distribution(prevention, start=start, end=end)
    mette_row, sofie_row = rows  # Sofie has no data at all and comes last
    assert (mette_row.label, mette_row.change_mean, mette_row.change_text) == (
        "Medarbejder A",
        None,
        "for få til at vise",
    )
    assert mette_row.respondents_text == "under 5"
    assert (sofie_row.label, sofie_row.change_text) == ("Medarbejder B", "Ingen data")


def test_the_worker_sees_own_and_unit_without_colleagues(client, sofie, sofie_courses, dataset):
    login(client, sofie)
    response = client.get(PRACTICE)
    assert response.status_code == 200
    html = response.content.decode()
    assert "bevidst praksis" in html.lower()
    change = " ".join(re.search(r'<tr id="practice-change">(.*?)</tr>', html, re.S).group(1).split())
    assert "+8,2 point" in change and "+6,4 point" in change
    assert "Medarbejder A" not in html
    for name in ("Mette", "mette", "Emil", "Sara", "Praksis0", "Test0"):
        assert name not in html
    assert (response.context["start"], response.context["end"]) == (
        dt.date(IN_THE_YEAR.year, 1, 1),
        dt.date(IN_THE_YEAR.year, 12, 31),
    )


def test_the_leader_sees_the_anonymous_distribution(client, lone, sofie_courses, dataset):
    login(client, lone)
    response = client.get(PRACTICE, period())
    assert response.status_code == 200
    html = response.content.decode()
    table = re.search(r'id="distribution">(.*?)</table>', html, re.S).group(1)
    assert "Medarbejder A" in table and "Medarbejder B" in table
    assert "+8,2 point" in table
    for name in ("Mette", "mette", "Sofie", "sofie", "Emil", "Sara"):
        assert name not in html


def test_it_refuses_free_dates(client, sofie):
    login(client, sofie)
    response = client.get(PRACTICE, {"start": "2026-05-01", "end": "2026-05-31"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "kun for hele kalenderår" in html
    assert 'id="practice"' not in html


@pytest.mark.parametrize("persona", ["ali", "pia", "kim"])
def test_it_refuses_other_roles(request, client, persona):
    login(client, request.getfixturevalue(persona))
    assert client.get(PRACTICE).status_code == 403
