"""Closing a course: a reason, the end Trivselslineal per child and metafeedback, or why they are missing."""

import datetime as dt

import pytest
from django.urls import reverse

from conftest import login
from tidlig.audit.models import AccessLog
from tidlig.courses import rules
from tidlig.courses.models import Course
from tidlig.courses.tests.factories import make_course
from tidlig.lib.dates import today
from tidlig.measurements.models import Response, WellbeingPlacement
from tidlig.measurements.open_instruments import METAFEEDBACK
from tidlig.measurements.queries import active_instrument, active_wellbeing_scale

pytestmark = pytest.mark.django_db


@pytest.fixture
def course(prevention, lone, mette):
    return make_course(prevention, lone, mette)


def _close(client, course, **overrides):
    data = {"reason": "goals_reached", "closed_on": today().isoformat(), "missing_measurements_reason": ""}
    data.update(overrides)
    return client.post(reverse("courses:close", args=[course.uuid]), data)


def _end_measurements(course, worker):
    child = course.household.children.get()
    WellbeingPlacement.objects.create(
        course=course,
        child=child,
        scale=active_wellbeing_scale(),
        moment=WellbeingPlacement.Moment.END,
        value=7,
        placed_on=today(),
        recorded_by=worker,
    )
    Response.objects.create(
        instrument=active_instrument(METAFEEDBACK),
        course=course,
        role=Response.Role.PARENT,
        guardian=course.household.guardians.get(),
        entered_by=worker,
    )


def test_it_lists_what_is_missing(client, mette, course):
    login(client, mette)
    page = client.get(reverse("courses:close", args=[course.uuid]))
    text = page.content.decode()
    assert page.status_code == 200
    assert "Trivselslinealen ved afslutning for Emil Lund" in text
    assert text.count("Mangler") == 2
    assert "Udfyld kun, hvis slutmålingen eller metafeedback mangler" in text


def test_it_refuses_to_close_without_end_measurements_or_a_reason(client, mette, course):
    login(client, mette)
    response = _close(client, course)
    assert response.status_code == 400
    assert rules.MISSING_END in response.content.decode()
    course.refresh_from_db()
    assert (course.status, course.closed_on) == ("open", None)
    assert not AccessLog.objects.filter(event="course.closed").exists()


def test_it_closes_with_a_reason_for_the_missing_measurements(client, mette, course):
    login(client, mette)
    response = _close(
        client, course, reason="ended_by_family", missing_measurements_reason="Familien aflyste sidste møde."
    )
    assert response.status_code == 302
    course.refresh_from_db()
    assert (course.status, course.close_reason, course.closed_on) == ("closed", "ended_by_family", today())
    assert course.missing_measurements_reason == "Familien aflyste sidste møde."
    assert AccessLog.objects.filter(event="course.closed", actor=mette).count() == 1
    page = client.get(course.get_absolute_url()).content.decode()
    assert "Afsluttet af familien" in page
    assert "Registrér en kontakt" not in page


def test_it_closes_when_the_end_measurements_are_there(client, mette, course):
    _end_measurements(course, mette)
    login(client, mette)
    assert client.get(reverse("courses:close", args=[course.uuid])).content.decode().count("Registreret") == 2
    response = _close(client, course)
    assert response.status_code == 302
    course.refresh_from_db()
    assert (course.status, course.close_reason, course.missing_measurements_reason) == (
        "closed",
        "goals_reached",
        "",
    )


def test_it_closes_only_once(client, mette, course):
    login(client, mette)
    _close(client, course, missing_measurements_reason="Familien flyttede.")
    again = _close(client, course, reason="escalated", missing_measurements_reason="Noget andet")
    assert again.status_code == 302
    course.refresh_from_db()
    assert (course.close_reason, course.missing_measurements_reason) == (
        "goals_reached",
        "Familien flyttede.",
    )
    assert AccessLog.objects.filter(event="course.closed").count() == 1
    assert Course.objects.get().status == "closed"


def test_it_refuses_a_closing_date_before_the_start(client, mette, course):
    login(client, mette)
    before = (course.start_meeting_on - dt.timedelta(days=1)).isoformat()
    response = _close(client, course, closed_on=before, missing_measurements_reason="Flyttet")
    assert response.status_code == 400
    course.refresh_from_db()
    assert course.status == "open"


def test_it_hides_the_closing_from_another_worker(client, jonas, course):
    login(client, jonas)
    assert client.get(reverse("courses:close", args=[course.uuid])).status_code == 404
    assert _close(client, course, missing_measurements_reason="x").status_code == 404
    course.refresh_from_db()
    assert course.status == "open"
