"""The generated data at 0.1 of `small`: 8 groups, and enough referred families to fill them and make
waiting lists; enough open courses to count their FIT flags."""

import pytest
from django.utils import timezone

from bench.tests.once import generated_at
from tidlig.audit.models import AccessLog
from tidlig.courses.models import Course
from tidlig.groups.models import Attendance, Enrollment, Group, Session
from tidlig.lib.dates import today
from tidlig.measurements.models import Response, role_for_child
from tidlig.offers.models import Offer

pytestmark = pytest.mark.django_db

TENTH = 0.1
generated = generated_at(TENTH)


def test_it_runs_groups_led_by_the_units_workers_with_attendance_for_the_enrolled_only():
    groups = list(Group.objects.select_related("offer").prefetch_related("leaders"))
    assert groups
    for group in groups:
        assert group.offer.format in (Offer.Format.GROUP, Offer.Format.BOTH)
        assert group.starts_on <= group.ends_on and group.capacity >= 1
        leaders = list(group.leaders.all())
        assert leaders and all(u.is_worker and u.unit_id == group.offer.unit_id for u in leaders)
        statuses = list(group.enrollments.values_list("status", flat=True))
        enrolled = statuses.count(Enrollment.Status.ENROLLED)
        assert enrolled <= group.capacity
        if Enrollment.Status.WAITING in statuses:  # the waiting list moves up whenever a place frees
            assert enrolled == group.capacity
    assert Enrollment.objects.filter(status=Enrollment.Status.ENROLLED).exists()
    assert Enrollment.objects.filter(status=Enrollment.Status.LEFT).exists()
    moved_up = AccessLog.objects.filter(event="group.moved_up")
    assert Enrollment.objects.filter(status=Enrollment.Status.WAITING).exists() or moved_up.exists()
    for enrollment in Enrollment.objects.select_related("child", "guardian"):
        assert enrollment.person.household_id == enrollment.household_id
        assert enrollment.enrolled_at <= timezone.now()
    sessions = Session.objects.select_related("group", "strand")
    assert sessions.exists()
    for session in sessions:
        assert session.group.starts_on <= session.date <= min(session.group.ends_on, today())
        assert session.strand.group_id == session.group_id
    attendance = Attendance.objects.select_related("session", "enrollment")
    assert attendance.filter(present=True).exists() and attendance.filter(present=False).exists()
    for row in attendance:
        assert row.enrollment.group_id == row.session.group_id
        assert row.enrollment.status != Enrollment.Status.WAITING
        assert row.enrollment.enrolled_at.date() <= row.session.date


def test_group_fit_is_answered_at_sessions_by_present_participants_of_eight_and_over():
    responses = Response.objects.filter(group__isnull=False).select_related(
        "instrument", "group_session", "child", "guardian"
    )
    assert responses.exists()
    for response in responses:
        session = response.group_session
        assert response.instrument.kind == "group_alliance" and response.course_id is None
        assert session.group_id == response.group_id
        assert response.answered_at.date() == session.date
        enrollment = Enrollment.objects.get(
            group=response.group, child=response.child, guardian=response.guardian
        )
        assert Attendance.objects.get(session=session, enrollment=enrollment).present
        if response.child is not None:
            age = response.child.age_on(session.date)
            assert age >= response.instrument.age_min
            assert response.role == role_for_child(response.child, session.date)
        else:
            assert response.role == "parent"
    # most present participants of the scale's ages answer in most sessions
    present = Attendance.objects.filter(present=True).count()
    assert responses.count() >= 0.5 * present


def test_fit_flags_some_but_not_most_open_courses():
    from tidlig.courses.queries.fit import flags

    courses = Course.objects.filter(status="open").prefetch_related(
        "contacts", "responses__instrument", "responses__child", "responses__guardian"
    )
    flagged = [bool(flags(c)) for c in courses]
    assert len(flagged) >= 10
    assert 0.1 <= sum(flagged) / len(flagged) <= 0.5
