"""Goals in the family's own words: editing with optimistic locking, so no one overwrites a colleague."""

import pytest
from django.urls import reverse

from conftest import login
from tidlig.audit.models import AccessLog
from tidlig.courses.tests.factories import make_course

pytestmark = pytest.mark.django_db


@pytest.fixture
def course(prevention, lone, mette, sofie):
    course = make_course(prevention, lone, mette)
    course.workers.add(sofie)
    return course


def _edit(client, course, goal, text, *, version, end_rating=""):
    prefix = f"goal-{goal.uuid}"
    return client.post(
        reverse("courses:edit_goal", args=[course.uuid, goal.uuid]),
        {
            f"{prefix}-text": text,
            f"{prefix}-start_rating": "3",
            f"{prefix}-end_rating": end_rating,
            f"{prefix}-version": str(version),
        },
    )


def test_it_saves_a_goal_and_its_end_rating(client, mette, course):
    goal = course.goals.get()
    login(client, mette)
    response = _edit(
        client, course, goal, "Emil kommer i skole hver dag og er glad", version=1, end_rating="8"
    )
    assert response.status_code == 302
    goal.refresh_from_db()
    assert (goal.text, goal.start_rating, goal.end_rating, goal.version) == (
        "Emil kommer i skole hver dag og er glad",
        3,
        8,
        2,
    )
    assert AccessLog.objects.filter(event="goal.changed", actor=mette).count() == 1


def test_it_shows_both_versions_when_a_colleague_saved_first(client, mette, sofie, course):
    goal = course.goals.get()
    login(client, sofie)
    assert _edit(client, course, goal, "Sofies formulering", version=1).status_code == 302

    login(client, mette)
    response = _edit(client, course, goal, "Mettes formulering", version=1)

    page = response.content.decode()
    assert response.status_code == 409
    assert "Din version" in page
    assert "Gemt af en kollega" in page
    assert "Mettes formulering" in page  # the typed text is kept
    assert "Sofies formulering" in page
    assert "Målet er ændret af en kollega imens." in page
    assert f'name="goal-{goal.uuid}-version" value="2"' in page
    goal.refresh_from_db()
    assert (goal.text, goal.version) == ("Sofies formulering", 2)
    assert AccessLog.objects.filter(event="goal.changed").count() == 1


def test_it_saves_the_users_version_when_asked_again(client, mette, sofie, course):
    goal = course.goals.get()
    login(client, sofie)
    _edit(client, course, goal, "Sofies formulering", version=1)
    login(client, mette)
    assert _edit(client, course, goal, "Mettes formulering", version=2).status_code == 302
    goal.refresh_from_db()
    assert (goal.text, goal.version) == ("Mettes formulering", 3)


def test_it_hides_the_goal_from_another_worker(client, jonas, course):
    goal = course.goals.get()
    login(client, jonas)
    assert _edit(client, course, goal, "Jonas", version=1).status_code == 404
    goal.refresh_from_db()
    assert goal.text == "Emil kommer i skole hver dag"
