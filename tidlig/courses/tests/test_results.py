"""A closed course's results: written by close_course, exactly what the KPIs count (decision 0020)."""

import datetime as dt
from decimal import Decimal
from importlib import import_module

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.test.utils import CaptureQueriesContext

from tidlig.accounts.models import Unit
from tidlig.courses.apps import _summarise_closed_courses
from tidlig.courses.models import Course, CourseResult, FitResult, MetafeedbackResult, WellbeingResult
from tidlig.courses.services import close_course, fit, results
from tidlig.courses.tests.factories import make_course_with_contacts
from tidlig.lib.dates import today
from tidlig.measurements.open_instruments import ALLIANCE, CHILD_OUTCOME, METAFEEDBACK, OUTCOME
from tidlig.measurements.queries import active_instrument
from tidlig.people.models import Child, GuardianRelation

pytestmark = pytest.mark.django_db


def _answer(course, worker, code, contact, values, **person):
    return fit.record_response(
        course,
        actor=worker,
        instrument=active_instrument(code),
        contact=contact,
        scores={i: v if isinstance(v, (bool, str)) else Decimal(str(v)) for i, v in enumerate(values, 1)},
        **person,
    )


@pytest.fixture
def measured(mette_family, mette, emma, anne):
    """Emma placed 3 -> 7; her brother Oskar placed at start only. Anne answers the outcome three times
    (20 -> 18 -> 27.5: her first and last count, not her lowest) and the alliance twice; Emma answers the
    children's outcome once. Two metafeedback answers: yes and 9; no and 6."""
    oskar = Child.objects.create(
        household=mette_family, first_name="Oskar", last_name="Holm", birth_date=dt.date(2015, 1, 2)
    )
    GuardianRelation.objects.create(guardian=anne, child=oskar, relation="mother", has_custody=True)
    course = make_course_with_contacts(mette_family, mette, contacts=3)
    first, middle, last = course.contacts.all()
    for child, moment, value in ((emma, "start", 3), (emma, "end", 7), (oskar, "start", 5)):
        fit.place_wellbeing(
            course, actor=mette, child=child, moment=moment, value=value, placed_on=first.date
        )
    for contact, values in ((first, (5, 5, 5, 5)), (middle, (4, 4, 5, 5)), (last, ("7.5", 7, 6, 7))):
        _answer(course, mette, OUTCOME, contact, values, role="parent", guardian=anne)
    for contact, values in ((first, (8, 8, 8, 8)), (last, (9, 9, 9, "9.5"))):
        _answer(course, mette, ALLIANCE, contact, values, role="parent", guardian=anne)
    _answer(course, mette, CHILD_OUTCOME, last, (6, 6, 6, 6), role="child", child=emma)
    _answer(course, mette, METAFEEDBACK, None, (True, 9, ""), role="parent", guardian=anne)
    _answer(course, mette, METAFEEDBACK, None, (False, 6, "Kort"), role="parent", guardian=anne)
    return course


def _close(course, worker):
    return close_course(
        course,
        actor=worker,
        reason="improved",
        closed_on=today(),
        missing_measurements_reason="Oskar flyttede",
    )


def test_an_open_course_has_no_results(measured):
    assert results.summarise([measured.pk]) == 0
    assert not CourseResult.objects.exists()


def test_closing_writes_what_the_kpis_count(measured, mette, prevention):
    _close(measured, mette)
    result = CourseResult.objects.get(course=measured)
    assert (result.unit, result.closed_on, result.close_reason, result.contacts) == (
        prevention,
        today(),
        "improved",
        3,
    )
    # only Emma has both placements
    assert list(WellbeingResult.objects.values_list("start", "end")) == [(3, 7)]
    fit_rows = sorted(
        FitResult.objects.values_list(
            "kind", "answers", "first_total", "last_total", "change", "reliable_change"
        )
    )
    outcome_rc = active_instrument(OUTCOME).reliable_change
    child_rc = active_instrument(CHILD_OUTCOME).reliable_change
    assert fit_rows == sorted(
        [
            (
                "alliance",
                2,
                Decimal("32.0"),
                Decimal("36.5"),
                Decimal("4.5"),
                active_instrument(ALLIANCE).reliable_change,
            ),
            ("outcome", 3, Decimal("20.0"), Decimal("27.5"), Decimal("7.5"), outcome_rc),
            ("outcome", 1, Decimal("24.0"), Decimal("24.0"), Decimal("0.0"), child_rc),
        ]
    )
    assert sorted(MetafeedbackResult.objects.values_list("involved", "respect")) == [
        (Decimal("0.0"), Decimal("6.0")),
        (Decimal("1.0"), Decimal("9.0")),
    ]
    # every row carries the unit and closing day a period selects it by (decision 0020, addendum)
    for model in (WellbeingResult, FitResult, MetafeedbackResult):
        assert set(model.objects.values_list("unit", "closed_on")) == {(prevention.pk, today())}


def test_it_summarises_a_course_once(measured, mette):
    _close(measured, mette)
    assert results.summarise([measured.pk]) == 0
    assert results.summarise_missing() == 0
    assert CourseResult.objects.count() == 1
    assert WellbeingResult.objects.count() == 1


def test_migrate_fills_in_closed_courses_without_results(measured, mette):
    """Courses closed before the results table existed (or loaded in bulk) get theirs after migrate."""
    _close(measured, mette)
    CourseResult.objects.all().delete()
    assert not FitResult.objects.exists()
    call_command("migrate", verbosity=0)
    assert CourseResult.objects.get().contacts == 3
    assert FitResult.objects.count() == 3


def test_it_summarises_many_courses_in_a_constant_number_of_queries(mette_family, mette, anne):
    courses = []
    for _ in range(3):
        course = make_course_with_contacts(mette_family, mette, contacts=2)
        for contact in course.contacts.all():
            _answer(course, mette, OUTCOME, contact, (5, 5, 5, 5), role="parent", guardian=anne)
        courses.append(course)
    Course.objects.filter(pk__in=[c.pk for c in courses]).update(
        status=Course.Status.CLOSED, closed_on=today(), close_reason="improved"
    )
    with CaptureQueriesContext(connection) as one:
        assert results.summarise([courses[0].pk]) == 1
    with CaptureQueriesContext(connection) as two:
        assert results.summarise([c.pk for c in courses]) == 2
    assert len(one) == len(two)
    assert FitResult.objects.count() == 3


def test_the_migration_fills_in_each_rows_unit_and_closing_day(measured, mette, prevention):
    """Rows written before migration 0004 take their course result's unit and closing day."""
    migration = import_module("tidlig.courses.migrations.0004_results_carry_unit_and_closing_day")
    _close(measured, mette)
    elsewhere = Unit.objects.create(name="Et andet sted", kind=prevention.kind)
    for model in (WellbeingResult, FitResult, MetafeedbackResult):
        model.objects.update(unit=elsewhere, closed_on=dt.date(2000, 1, 1))
    migration.fill_in(apps, None)
    for model in (WellbeingResult, FitResult, MetafeedbackResult):
        assert set(model.objects.values_list("unit", "closed_on")) == {(prevention.pk, today())}


def test_after_migrating_back_it_leaves_the_results_to_the_next_forward_migrate(measured, mette):
    """post_migrate summarises with today's models, so only when the result tables have today's shape:
    migrated back to 0003, the rows have no unit or closing day yet and writing them would fail."""
    _close(measured, mette)
    CourseResult.objects.all().delete()
    loader = MigrationLoader(connection)
    before = loader.project_state(("courses", "0003_open_course_index")).apps
    _summarise_closed_courses(sender=None, apps=before)
    assert not CourseResult.objects.exists()
    _summarise_closed_courses(sender=None, apps=loader.project_state().apps)
    assert CourseResult.objects.get().course == measured
