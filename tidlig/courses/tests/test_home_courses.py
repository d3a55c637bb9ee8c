"""The worker's home page lists, reads and logs only the open courses, not the closed history."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import login
from tidlig.audit.models import AccessLog
from tidlig.courses import queries
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


# why: a transactional test flushes the database afterwards; serialized_rollback puts back the rows the
# migrations made (instruments, ladder steps) and keeps the next serialized test's set-up from colliding
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_it_writes_the_pages_access_log_entries_together_in_one_commit(client, prevention, lone, mette):
    make_course(prevention, lone, mette, offer=make_offer(prevention), surname="Aaben")
    login(client, mette)
    before = AccessLog.objects.count()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("home")).status_code == 200
    events = list(AccessLog.objects.order_by("id")[before:].values_list("event", flat=True))
    assert {"courses.course.list", "people.household.list"} <= set(events)
    assert len(events) >= 2
    sql = [q["sql"] for q in queries.captured_queries]
    writes = [i for i, q in enumerate(sql) if q.startswith('INSERT INTO "audit_accesslog')]
    assert len(writes) == 2, "one INSERT of the rows, one of their subjects (audit.services.one_write)"
    between = sql[writes[0] : writes[-1]]
    assert not [q for q in between if q.upper().startswith(("COMMIT", "BEGIN"))], "one transaction"
    assert any(q.upper().startswith("COMMIT") for q in sql[writes[-1] :]), "committed before the response"


def test_it_lists_courses_a_page_at_a_time_open_first_and_logs_only_that_page(
    client, prevention, lone, mette, monkeypatch
):
    monkeypatch.setattr(queries, "LIST_PAGE_SIZE", 3)
    offer = make_offer(prevention)
    made = [make_course(prevention, lone, mette, offer=offer, surname=f"Side{i}") for i in range(4)]
    close_course(
        made[0], actor=mette, reason="goals_reached", closed_on=today(), missing_measurements_reason="Test"
    )
    login(client, lone)
    first = client.get(reverse("courses:list"))
    assert first.status_code == 200
    assert "Side 1 af 2" in first.content.decode()
    second = client.get(reverse("courses:list") + "?side=2")
    # open first (same start day: the last created first), the closed one last
    assert list(first.context["courses"]) + list(second.context["courses"]) == [*made[:0:-1], made[0]]
    logs = AccessLog.objects.filter(event="courses.course.list", actor=lone).order_by("id")
    assert [log.subjects.count() for log in logs] == [3, 1]
