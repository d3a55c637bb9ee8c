"""Every KPI pinned to the value worked out by hand from the dataset in conftest.py."""

import datetime as dt
from decimal import Decimal

import pytest

from tidlig.accounts.models import User
from tidlig.courses.models import Course
from tidlig.offers.models import LegalBasis, Offer
from tidlig.reports import kpis
from tidlig.reports.anonymity import HIDDEN, NO_DATA, SHOWN, TOO_FEW, UNDER_5
from tidlig.reports.tests.conftest import Dataset, base, from_once

pytestmark = pytest.mark.django_db


# why: the hand-worked dataset takes a second to build through the services, and these 50 tests only
# read it; it is built once for the module and each test gets fresh instances (conftest.dataset_once)
@pytest.fixture
def dataset(dataset_once) -> Dataset:
    return from_once(dataset_once)


@pytest.fixture
def sofie(dataset_once) -> User:
    return User.objects.get(username="sofie")


def run(function, dataset, **period):
    start, end = period.get("start", dataset.period[0]), period.get("end", dataset.period[1])
    return function(unit=dataset.unit, start=start, end=end)


def test_it_counts_referrals_in_the_period(dataset):
    # seven referrals, C1-C7, all received in the period
    assert run(kpis.kpi_referrals_count, dataset).value == Decimal(7)


def test_it_breaks_referrals_down_with_complementary_suppression(dataset):
    by_source = run(kpis.referrals_by_source, dataset)
    cells = {c.key: (c.value, c.hidden) for c in by_source.cells}
    # school 1 -> under 5; the total 7 is shown, so "self" (6) is hidden too: else 7 - 6 = 1 gives it away
    assert cells["school"] == (None, UNDER_5)
    assert cells["self"] == (None, HIDDEN)
    assert cells["daycare"] == (0, SHOWN)
    assert by_source.total == 7
    by_door = run(kpis.referrals_by_door, dataset)
    # all seven registered by staff; nothing to hide
    assert {c.key: c.value for c in by_door.cells} == {"web": 0, "partner": 0, "staff": 7}


def test_it_suppresses_a_count_of_three(dataset):
    # three anonymous counselling talks: 1-4 is never shown
    result = run(kpis.kpi_counselling_count, dataset)
    assert (result.value, result.hidden) == (None, UNDER_5)


def test_it_measures_days_to_first_contact(dataset):
    # days 1, 2, 3, 5, 8, 10, 4 -> sorted 1 2 3 [4] 5 8 10 -> median 4
    result = run(kpis.kpi_days_to_first_contact_median, dataset)
    assert (result.value, result.denominator) == (Decimal("4.0"), 7)


def test_it_measures_the_share_contacted_within_the_deadline(dataset):
    # within 7 days: 1, 2, 3, 5, 4 = 5 of 7 -> 71.4 %
    result = run(kpis.kpi_share_contacted_within_deadline, dataset)
    assert result.raw_value == Decimal("71.4")
    # the 2 not contacted in time would be given back by 71.4 % of 7: not shown
    assert (result.value, result.hidden) == (None, TOO_FEW)


def test_it_counts_courses_started_and_closed(dataset):
    # C1-C7 started in the period; C1-C6 closed
    assert run(kpis.kpi_courses_started, dataset).value == Decimal(7)
    assert run(kpis.kpi_courses_closed, dataset).value == Decimal(6)


def test_it_measures_contacts_per_closed_course(dataset):
    # (2 + 3 + 4 + 5 + 6 + 4) / 6 = 24 / 6 = 4.0 (C7 is open and not counted)
    result = run(kpis.kpi_contacts_per_closed_course, dataset)
    assert (result.value, result.denominator) == (Decimal("4.0"), 6)


def test_it_measures_the_share_of_courses_with_a_digital_contact(dataset):
    # C1 video, C2 place digital, C3 video, C7 video: 4 of 7 started -> 57.1 %; the 4 shows as under 5
    result = run(kpis.kpi_share_courses_with_digital_contact, dataset)
    assert result.raw_value == Decimal("57.1")
    assert (result.value, result.numerator, result.denominator) == (None, None, None)


def test_it_measures_wellbeing_at_start_and_end(dataset):
    # start 4 5 5 6 3 6 = 29 / 6 = 4.83 -> 4.8; end 7 7 5 8 6 4 = 37 / 6 = 6.17 -> 6.2
    assert run(kpis.kpi_wellbeing_start_mean, dataset).value == Decimal("4.8")
    assert run(kpis.kpi_wellbeing_end_mean, dataset).value == Decimal("6.2")


def test_it_measures_the_shares_improved_unchanged_and_worse(dataset):
    # changes +3 +2 0 +2 +3 -2: improved 4/6 = 66.7 %, unchanged 1/6 = 16.7 %, worse 1/6 = 16.7 %
    improved = run(kpis.kpi_share_wellbeing_improved, dataset)
    assert improved.raw_value == Decimal("66.7")
    assert run(kpis.kpi_share_wellbeing_unchanged, dataset).raw_value == Decimal("16.7")
    assert run(kpis.kpi_share_wellbeing_worse, dataset).raw_value == Decimal("16.7")
    # one child got worse: no page may say so about six children
    assert run(kpis.kpi_share_wellbeing_worse, dataset).value is None


def test_it_measures_the_share_escalated(dataset):
    # C6 of the six closed -> 16.7 %
    assert run(kpis.kpi_share_escalated, dataset).raw_value == Decimal("16.7")
    assert run(kpis.kpi_share_escalated, dataset).value is None


def test_it_measures_the_fit_outcome_change(dataset):
    # Sara in C1-C5: +8 +3 +6 0 +6 = 23 / 5 = 4.6; C6 has one answer only and is left out
    result = run(kpis.kpi_outcome_change_mean, dataset)
    assert (result.value, result.denominator) == (Decimal("4.6"), 5)


def test_it_measures_the_share_reliably_improved(dataset):
    # reliable change is 5: +8, +6, +6 reach it -> 3 of 5 = 60 %
    result = run(kpis.kpi_share_reliably_improved, dataset)
    assert result.raw_value == Decimal("60.0")
    assert result.value is None


def test_it_measures_the_latest_alliance_per_respondent(dataset):
    # latest per person: 38 (not 30), 36, 40, 32, 39 = 185 / 5 = 37.0
    assert run(kpis.kpi_alliance_mean, dataset).value == Decimal("37.0")


def test_it_measures_metafeedback(dataset):
    # involved: yes in C1-C5, no in C6 -> 5 of 6 = 83.3 %
    involved = run(kpis.kpi_share_child_involved, dataset)
    assert involved.raw_value == Decimal("83.3")
    assert involved.value is None  # the one child who did not feel involved would be given back
    # respect 9 8 7 10 6 8: above 7 are 9, 8, 10, 8 -> 4 of 6 = 66.7 % (7 itself is not above 7)
    respect = run(kpis.kpi_share_respect_above_7, dataset)
    assert respect.raw_value == Decimal("66.7")


def test_it_measures_group_attendance(dataset):
    # one session, five enrolled, four present -> 80 %
    result = run(kpis.kpi_group_attendance_share, dataset)
    assert result.raw_value == Decimal("80.0")


def test_it_measures_load_per_worker_without_names(dataset):
    # at the period's end only C7 runs: Mette 1, Sofie 0 -> mean 0.5; Mette's 1 shows as under 5
    result = run(kpis.kpi_load_per_worker, dataset)
    assert result.value == Decimal("0.5")
    assert [(c.label, c.value, c.hidden) for c in result.rows.cells] == [
        ("Medarbejder 1", None, UNDER_5),
        ("Medarbejder 2", 0, SHOWN),
    ]


def test_it_counts_group_participants(dataset):
    # five children with a place on the one group, which runs from BASE to today
    assert run(kpis.kpi_group_participants, dataset).value == Decimal(5)
    # a period that ends the day before the group's first day has none
    assert run(kpis.kpi_group_participants, dataset, end=base() - dt.timedelta(days=1)).value == 0


def test_it_does_not_count_the_waiting_list_as_participants(dataset):
    from tidlig.groups.models import Enrollment

    Enrollment.objects.filter(pk=Enrollment.objects.order_by("pk").first().pk).update(status="waiting")
    result = run(kpis.kpi_group_participants, dataset)
    assert (result.value, result.hidden) == (None, UNDER_5)


def test_it_measures_load_against_capacity(dataset):
    # on BASE + 30 C1-C7 all run (started BASE + 20, closed from BASE + 60) and Mette leads the group,
    # which weighs as two families: Mette 7 + 2 = 9 of 10, Sofie 0 of 8 -> 9 / 18 = 50 %
    result = run(kpis.kpi_load_against_capacity, dataset, end=base() + dt.timedelta(days=30))
    assert (result.value, result.hidden, result.denominator) == (Decimal("50.0"), SHOWN, 18)
    assert [(c.label, c.value, c.hidden) for c in result.rows.cells] == [
        ("Medarbejder 1 (kapacitet 10)", 9, SHOWN),
        ("Medarbejder 2 (kapacitet 8)", 0, SHOWN),
    ]


def test_it_hides_a_load_of_under_five_families(dataset):
    # today only C7 runs: Mette 1 + 2 for the group = 3 of 18 -> 16.7 %, but 3 families would come back
    result = run(kpis.kpi_load_against_capacity, dataset)
    assert (result.value, result.hidden, result.raw_value) == (None, TOO_FEW, Decimal("16.7"))
    assert [(c.value, c.hidden) for c in result.rows.cells] == [(None, UNDER_5), (0, SHOWN)]


def test_it_leaves_a_worker_without_capacity_out_of_the_load(dataset, sofie):
    sofie.capacity = None
    sofie.save(update_fields=["capacity"])
    result = run(kpis.kpi_load_against_capacity, dataset, end=base() + dt.timedelta(days=30))
    assert (result.value, result.denominator) == (Decimal("90.0"), 10)


def test_it_does_not_show_a_share_with_a_denominator_of_four(dataset):
    # the period ending on BASE + 63 holds C1-C4 closed only: 4 < 5
    end = base() + dt.timedelta(days=63)
    result = run(kpis.kpi_share_escalated, dataset, end=end)
    assert (result.value, result.hidden, result.numerator, result.denominator) == (None, TOO_FEW, None, None)
    means = run(kpis.kpi_wellbeing_end_mean, dataset, end=end)
    assert (means.value, means.hidden) == (None, TOO_FEW)


def test_it_returns_no_data_for_an_empty_unit(ppr, dataset):
    results = {r.code: r for r in kpis.all_kpis(unit=ppr, start=dataset.period[0], end=dataset.period[1])}
    counts = {
        "referrals_count",
        "counselling_count",
        "courses_started",
        "courses_closed",
        "group_participants",
    }
    for code, result in results.items():
        if code in counts:
            assert result.value == 0, code  # zero is a true count, not a person
        else:
            assert (result.value, result.hidden) == (None, NO_DATA), code


def test_it_does_not_count_a_period_before_the_data(dataset):
    start = dataset.period[0] - dt.timedelta(days=400)
    end = dataset.period[0] - dt.timedelta(days=1)
    assert run(kpis.kpi_referrals_count, dataset, start=start, end=end).value == 0
    assert run(kpis.kpi_share_child_involved, dataset, start=start, end=end).value is None


# The workers' load reads the workers, their running courses and their running groups.
QUERIES = {kpis.Kpi.LOAD_PER_WORKER: 3, kpis.Kpi.LOAD_AGAINST_CAPACITY: 3}


@pytest.mark.parametrize("code", list(kpis.KPIS))
def test_it_runs_a_constant_number_of_queries_per_kpi(dataset, code, django_assert_num_queries):
    with django_assert_num_queries(QUERIES.get(code, 1)):
        kpis.KPIS[code](unit=dataset.unit, start=dataset.period[0], end=dataset.period[1])


def _move_two_courses_to_a_second_offer(dataset):
    """C6 and C7 to "Forældrekursus" under § 32: Familiesamtaler 5, Forældrekursus 2."""
    basis, _ = LegalBasis.objects.get_or_create(reference="Barnets lov § 32 stk. 1 nr. 1")
    offer = Offer.objects.create(name="Forældrekursus", legal_basis=basis, unit=dataset.unit)
    Course.objects.filter(pk__in=[c.pk for c in dataset.courses[5:]]).update(offer=offer)


def test_it_breaks_courses_down_by_offer_with_complementary_suppression(dataset, django_assert_num_queries):
    _move_two_courses_to_a_second_offer(dataset)
    with django_assert_num_queries(1):
        by_offer = run(kpis.courses_by_offer, dataset)
    cells = {c.label: (c.value, c.hidden) for c in by_offer.cells}
    # Forældrekursus 2 -> under 5; the total 7 is shown, so Familiesamtaler (5) is hidden too
    assert cells == {"Forældrekursus": (None, UNDER_5), "Familiesamtaler": (None, HIDDEN)}
    assert by_offer.total == 7


def test_it_breaks_courses_down_by_legal_basis(dataset, django_assert_num_queries):
    # all seven in Familiesamtaler under § 30 stk. 1: nothing to hide; the group offer has no course
    assert [(c.label, c.value) for c in run(kpis.courses_by_legal_basis, dataset).cells] == [
        ("Barnets lov § 30 stk. 1", 7)
    ]
    _move_two_courses_to_a_second_offer(dataset)
    with django_assert_num_queries(1):
        by_basis = run(kpis.courses_by_legal_basis, dataset)
    cells = {c.label: (c.value, c.hidden) for c in by_basis.cells}
    assert cells == {
        "Barnets lov § 30 stk. 1": (None, HIDDEN),
        "Barnets lov § 32 stk. 1 nr. 1": (None, UNDER_5),
    }
    assert by_basis.total == 7


def test_it_counts_no_courses_outside_the_period(dataset):
    # every course starts on BASE + 20
    early = run(kpis.courses_by_offer, dataset, end=base() + dt.timedelta(days=19))
    assert (early.cells, early.total) == ((), 0)
