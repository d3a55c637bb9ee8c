"""The worker's home page lists, reads and logs only the open courses, not the closed history."""

import pytest
from django.urls import reverse

from conftest import login
from tidlig.audit.models import AccessLog
from tidlig.courses.services import close_course
from tidlig.courses.tests.factories import make_course, make_offer
from tidlig.lib.dates import today

pytestmark = pytest.mark.django_db


def test_it_lists_and_logs_only_the_open_courses(client, prevention, lone, mette):
    offer = make_offer(prevention)
    running = make_course(prevention, lone, mette, offer=offer, surname="Aaben")
    done = make_course(prevention, lone, mette, offer=offer, surname="Lukket")
    close_course(
        done, actor=mette, reason="goals_reached", closed_on=today(), missing_measurements_reason="Test"
    )
    login(client, mette)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert response.context["open_courses"] == [running]
    log = AccessLog.objects.get(event="courses.course.list", actor=mette)
    logged = set(log.subjects.values_list("person_id", flat=True))
    assert logged == {c.uuid for c in running.household.children.all()}
