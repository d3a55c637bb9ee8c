"""The course, group and catalogue pages run the same number of queries with little and with more data."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import login
from tidlig.courses import services
from tidlig.courses.services import fit
from tidlig.courses.tests.factories import make_course, make_offer
from tidlig.groups import services as group_services
from tidlig.lib.dates import today
from tidlig.measurements.open_instruments import ALLIANCE, OUTCOME
from tidlig.measurements.queries import active_instrument
from tidlig.offers.models import LegalBasis, Offer
from tidlig.people.models import Child, Household

pytestmark = pytest.mark.django_db


def _count(client, url) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


def _add_contacts(course, worker, n):
    parent = course.household.guardians.first()
    for i in range(n):
        contact = services.record_contact(
            course,
            actor=worker,
            date=today() - dt.timedelta(days=1),
            duration_minutes=30,
            kind="video",
            place="digital",
        )
        for code, value in ((OUTCOME, "5.0"), (ALLIANCE, "9.0")):
            fit.record_response(
                course,
                actor=worker,
                instrument=active_instrument(code),
                role="parent",
                guardian=parent,
                contact=contact,
                scores={p: Decimal(value) + Decimal(i % 3) / 10 for p in range(1, 5)},
            )


@pytest.fixture
def world(prevention, lone, mette):
    offer = make_offer(prevention, max_contacts=40)
    course = make_course(prevention, lone, mette, offer=offer)
    basis = LegalBasis.objects.create(reference="Barnets lov § 30 stk. 2")
    group_offer = Offer.objects.create(
        name="Hold", legal_basis=basis, unit=prevention, format=Offer.Format.GROUP
    )
    group = group_services.create_group(
        actor=mette,
        offer=group_offer,
        name="Modige børn",
        starts_on=today() - dt.timedelta(days=30),
        ends_on=today() + dt.timedelta(days=30),
        capacity=30,
        leaders=[mette],
    )
    return {"course": course, "group": group, "offer": offer}


def _grow(world, prevention, lone, mette, n):
    _add_contacts(world["course"], mette, n)
    for i in range(n):
        extra = make_course(prevention, lone, mette, offer=world["offer"], surname=f"Vækst{n}{i}")
        services.request_extension(extra, actor=mette, kind="contacts", extra=1, reason="Behov")
        household = Household.objects.create(name=f"Familien Hold{n}{i}", unit=prevention)
        child = Child.objects.create(
            household=household, first_name=f"Barn{i}", last_name="Hold", birth_date=dt.date(2016, 1, 1)
        )
        enrollment = group_services.enroll(world["group"], actor=mette, child=child)
        session = group_services.record_session(
            world["group"], actor=mette, date=today() - dt.timedelta(days=i % 20), present={enrollment.pk}
        )
        del session
        make_offer(prevention, name=f"Tilbud {n}-{i}")


PAGES = [
    ("mette", lambda w: w["course"].get_absolute_url()),
    ("mette", lambda w: reverse("courses:list")),
    ("lone", lambda w: reverse("courses:approvals")),
    ("mette", lambda w: reverse("groups:list")),
    ("mette", lambda w: w["group"].get_absolute_url()),
    ("kim", lambda w: reverse("offers:ladder")),
    ("kim", lambda w: reverse("offers:catalogue")),
    ("mette", lambda w: reverse("home")),
    ("lone", lambda w: reverse("home")),
]


@pytest.mark.parametrize(("persona", "page"), PAGES, ids=[f"{p}-{i}" for i, (p, _) in enumerate(PAGES)])
def test_it_runs_a_constant_number_of_queries(
    request, client, world, persona, page, prevention, lone, mette, kim
):
    login(client, request.getfixturevalue(persona))
    # why: 3 stalled contacts, so the home pages already list a flagged course (and log the list)
    _grow(world, prevention, lone, mette, 3)
    few = _count(client, page(world))
    _grow(world, prevention, lone, mette, 8)
    many = _count(client, page(world))
    assert many == few, f"{few} queries with a little data, {many} with more"
