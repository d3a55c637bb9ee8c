"""The worker's and the leader's home pages show open courses, flagged courses and extensions waiting."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from conftest import login
from tidlig.courses import services
from tidlig.courses.services import fit
from tidlig.courses.tests.factories import make_course
from tidlig.lib.dates import today
from tidlig.measurements.open_instruments import OUTCOME
from tidlig.measurements.queries import active_instrument

pytestmark = pytest.mark.django_db


def _stalled_course(prevention, lone, mette):
    course = make_course(prevention, lone, mette)
    parent = course.household.guardians.get()
    for days_ago, total in ((10, "5.0"), (5, "5.1"), (1, "5.2")):
        contact = services.record_contact(
            course,
            actor=mette,
            date=today() - dt.timedelta(days=days_ago),
            duration_minutes=45,
            kind="individual",
            place="home",
        )
        fit.record_response(
            course,
            actor=mette,
            instrument=active_instrument(OUTCOME),
            role="parent",
            guardian=parent,
            contact=contact,
            scores={i: Decimal(total) for i in range(1, 5)},
        )
    return course


def test_it_shows_the_worker_her_flagged_course(client, prevention, lone, mette):
    course = _stalled_course(prevention, lone, mette)
    login(client, mette)
    page = client.get(reverse("home")).content.decode()
    assert "Forløb, der ikke er på sporet" in page
    assert "Ikke på sporet: efter 3 kontakter" in page
    assert course.get_absolute_url() in page
    assert "3 af 12 kontakter" in page


def test_it_shows_the_leader_flags_and_extensions_waiting(client, prevention, lone, mette):
    course = _stalled_course(prevention, lone, mette)
    services.request_extension(course, actor=mette, kind="contacts", extra=2, reason="Behov for mere tid")
    login(client, lone)
    page = client.get(reverse("home")).content.decode()
    assert "Forløb, der ikke er på sporet" in page
    assert reverse("courses:approvals") in page


def test_it_shows_no_flag_when_outcome_improves(client, prevention, lone, mette):
    course = make_course(prevention, lone, mette)
    parent = course.household.guardians.get()
    for days_ago, item in ((10, "4.0"), (5, "5.5"), (1, "6.5")):
        contact = services.record_contact(
            course,
            actor=mette,
            date=today() - dt.timedelta(days=days_ago),
            duration_minutes=45,
            kind="individual",
            place="home",
        )
        fit.record_response(
            course,
            actor=mette,
            instrument=active_instrument(OUTCOME),
            role="parent",
            guardian=parent,
            contact=contact,
            scores={i: Decimal(item) for i in range(1, 5)},
        )
    login(client, mette)
    assert "Forløb, der ikke er på sporet" not in client.get(reverse("home")).content.decode()
