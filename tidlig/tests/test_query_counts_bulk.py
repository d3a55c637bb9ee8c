"""Every page the benchmark drives, and the lists around them, runs the same number of queries with 10
rows of everything as with 1,000. Rows are bulk-created so the sweep stays quick."""

import datetime as dt
import secrets
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from conftest import login
from tidlig.courses.models import Contact, Course, ExtensionRequest
from tidlig.courses.services import results
from tidlig.courses.tests.factories import make_course, make_offer
from tidlig.lib.dates import today
from tidlig.measurements.models import ItemScore, Response, WellbeingPlacement
from tidlig.measurements.open_instruments import OUTCOME
from tidlig.measurements.queries import active_instrument, active_wellbeing_scale
from tidlig.people.models import Child, Guardian, GuardianRelation, Household, HouseholdAssignment
from tidlig.referrals.models import Referral

pytestmark = pytest.mark.django_db


def grow(n, *, unit, worker, leader, group, course):
    """n families for the worker, n referrals (half on the board, half awaiting first contact), n/2 open
    and closed courses with a contact each, and on the course whose page is measured n/25 contacts, answers
    and placements (at least 3; a course with 40 contacts is already far past any offer's limit)."""
    now, on = timezone.now(), today()
    own = max(3, n // 25)
    households = Household.objects.bulk_create(
        [Household(name=f"Familien Bulk{k}", unit=unit) for k in range(n)]
    )
    HouseholdAssignment.objects.bulk_create(
        [HouseholdAssignment(household=h, worker=worker) for h in households]
    )
    children = Child.objects.bulk_create(
        [
            Child(
                household=h,
                first_name=f"Barn{k}",
                last_name="Bulk",
                birth_date=dt.date(2016, 1, 1),
                institution_group=group,
            )
            for k, h in enumerate(households)
        ]
    )
    guardians = Guardian.objects.bulk_create(
        [Guardian(household=h, first_name=f"Voksen{k}", last_name="Bulk") for k, h in enumerate(households)]
    )
    GuardianRelation.objects.bulk_create(
        [
            GuardianRelation(guardian=g, child=c, relation="mother", has_custody=True)
            for g, c in zip(guardians, children, strict=True)
        ]
    )
    scale = active_wellbeing_scale()
    referrals = Referral.objects.bulk_create(
        [
            Referral(
                household=h,
                unit=unit,
                received_at=now - dt.timedelta(days=k % 20),
                door="web",
                source="self",
                channel="web",
                concern="Bekymring",
                contact_deadline=on + dt.timedelta(days=k % 9 - 2),
                status="screened" if k % 2 else "accepted",
                wellbeing_scale=scale,
                wellbeing_score=5,
                decision="" if k % 2 else "accept",
                assigned_worker=None if k % 2 else worker,
                decided_by=None if k % 2 else leader,
                decided_at=None if k % 2 else now,
            )
            for k, h in enumerate(households)
        ]
    )
    courses = Course.objects.bulk_create(
        [
            Course(
                household=r.household,
                referral=r,
                offer=course.offer,
                start_meeting_on=on - dt.timedelta(days=30),
                status="closed" if k % 4 == 0 else "open",
                closed_on=on if k % 4 == 0 else None,
                close_reason="goals_reached" if k % 4 == 0 else "",
                created_by=worker,
            )
            for k, r in enumerate(referrals)
            if r.status == "accepted"
        ]
    )
    Course.workers.through.objects.bulk_create(
        [Course.workers.through(course_id=c.pk, user_id=worker.pk) for c in courses]
    )
    ExtensionRequest.objects.bulk_create(
        [
            ExtensionRequest(course=c, kind="contacts", extra=1, reason="Behov", requested_by=worker)
            for c in courses
        ]
    )
    contacts = Contact.objects.bulk_create(
        [
            Contact(
                course=c,
                date=on - dt.timedelta(days=k % 20),
                duration_minutes=30,
                kind="video",
                place="digital",
                recorded_by=worker,
            )
            for k, c in enumerate([course] * own + courses)
        ]
    )
    parent = course.household.guardians.first()
    child = course.household.children.first()
    outcome = active_instrument(OUTCOME)
    responses = Response.objects.bulk_create(
        [
            Response(
                instrument=outcome,
                course=course,
                contact=c,
                role="parent",
                guardian=parent,
                total=Decimal(20),
                entered_by=worker,
            )
            for c in contacts[:own]
        ]
    )
    items = list(outcome.items.all())
    ItemScore.objects.bulk_create(
        [ItemScore(response=r, item=i, value=Decimal(5)) for r in responses for i in items]
    )
    by_household = {c.household_id: c for c in children}
    WellbeingPlacement.objects.bulk_create(
        [
            WellbeingPlacement(
                course=c,
                child=by_household[c.household_id],
                scale=scale,
                moment=m,
                value=4 + k % 5,
                placed_on=on,
                recorded_by=worker,
            )
            for k, c in enumerate(courses)
            if c.status == "closed"
            for m in ("start", "end")
        ]
        + [
            WellbeingPlacement(
                course=course,
                child=child,
                scale=scale,
                moment="between",
                value=k % 10 + 1,
                placed_on=on,
                recorded_by=worker,
            )
            for k in range(own)
        ]
    )
    results.summarise_missing()  # what close_course writes for each closed course


def results_url(unit):
    start, end = today().replace(month=1, day=1), today().replace(month=12, day=31)
    return reverse("reports:results") + f"?unit={unit.pk}&start={start}&end={end}"


PAGES = [
    ("mette", "GET", lambda w: reverse("home")),
    ("mette", "GET", lambda w: reverse("people:household_list")),
    ("mette", "GET", lambda w: w["course"].household.get_absolute_url()),
    ("mette", "GET", lambda w: w["course"].get_absolute_url()),
    ("mette", "GET", lambda w: reverse("courses:list")),
    ("mette", "GET", lambda w: reverse("referrals:list")),
    ("mette", "POST", lambda w: reverse("courses:add_contact", args=[w["course"].uuid])),
    ("lone", "GET", lambda w: reverse("home")),
    ("lone", "GET", lambda w: reverse("referrals:board")),
    ("lone", "GET", lambda w: reverse("referrals:list")),
    ("lone", "GET", lambda w: reverse("courses:approvals")),
    ("lone", "GET", lambda w: reverse("courses:list")),
    ("lone", "GET", lambda w: results_url(w["unit"])),
    ("kim", "GET", lambda w: reverse("home")),
]


def _contact_form():
    return {
        "date": today().isoformat(),
        "duration_minutes": "45",
        "kind": "individual",
        "place": "home",
        "token": secrets.token_hex(16),
    }


def _count(client, method, url) -> int:
    def hit():
        if method == "POST":
            response = client.post(url, _contact_form())
            assert response.status_code == 302, url
        else:
            response = client.get(url)
            assert response.status_code == 200, url

    hit()  # warm up: session and other one-off work
    with CaptureQueriesContext(connection) as ctx:
        hit()
    return len(ctx.captured_queries)


@pytest.mark.parametrize(
    ("persona", "method", "page"), PAGES, ids=[f"{p}-{i}" for i, (p, _, _) in enumerate(PAGES)]
)
def test_it_runs_as_many_queries_with_1000_rows_as_with_10(
    request, client, persona, method, page, prevention, mette, lone, kim, class_4a
):
    offer = make_offer(prevention, max_contacts=None, max_network_meetings=None)
    course = make_course(prevention, lone, mette, offer=offer)
    world = {"course": course, "unit": prevention}
    login(client, request.getfixturevalue(persona))
    kwargs = {"unit": prevention, "worker": mette, "leader": lone, "group": class_4a, "course": course}
    grow(10, **kwargs)
    few = _count(client, method, page(world))
    grow(990, **kwargs)  # 1,000 in all; the measured course 3 + 39 contacts
    many = _count(client, method, page(world))
    assert Child.objects.count() > 1000
    assert many == few, f"{few} queries with 10 rows, {many} with 1,000"
