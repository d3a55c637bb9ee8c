"""Every page runs the same number of queries with 2 families as with 12: no N+1 anywhere."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import login
from tidlig.consent.services import give_consent
from tidlig.people.models import Child, Guardian, GuardianRelation, Household, HouseholdAssignment
from tidlig.referrals import services
from tidlig.referrals.tests.factories import make_referral

pytestmark = pytest.mark.django_db


def _grow_referrals(n, *, unit, leader, worker, competence):
    """n open screened referrals on the board and n accepted ones awaiting the worker's first contact."""
    for i in range(n):
        for k, accept in enumerate((False, True)):
            referral = make_referral(unit, surname=f"Ref{i}{k}")
            services.screen_referral(
                referral,
                actor=leader,
                wellbeing_score=5,
                motivation="high",
                has_authority_case=False,
                is_bounded=True,
                competences=[competence],
            )
            if accept:
                services.triage_referral(
                    referral, actor=leader, decision="accept", reason="Ok", worker=worker
                )
    return referral


def _grow(n, *, unit, worker, group, school):
    """n more families for the worker: two children at the school, two adults, a consent each."""
    for i in range(n):
        household = Household.objects.create(name=f"Familien Test{i}", unit=unit)
        HouseholdAssignment.objects.create(household=household, worker=worker)
        children = [
            Child.objects.create(
                household=household,
                first_name=f"Barn{i}{k}",
                last_name="Test",
                institution_group=group,
                birth_date=dt.date(2015 + k, 1, 1),
            )
            for k in range(2)
        ]
        for k in range(2):
            adult = Guardian.objects.create(household=household, first_name=f"Voksen{i}{k}", last_name="T")
            for child in children:
                GuardianRelation.objects.create(
                    guardian=adult, child=child, relation="mother", has_custody=True
                )
        give_consent(
            actor=worker,
            given_by=adult,
            given_how="oral",
            children=children,
            information=["basic"],
            recipient_institutions=[school],
            purpose="Test",
            valid_from=dt.date(2020, 1, 1),
            valid_until=dt.date(2099, 1, 1),
        )
    return household


PAGES = [
    ("mette", lambda h: reverse("home")),
    ("mette", lambda h: reverse("people:household_list")),
    ("mette", lambda h: reverse("people:household", args=[h.uuid])),
    ("mette", lambda h: reverse("people:child_add", args=[h.uuid])),
    ("mette", lambda h: reverse("consent:give", args=[h.uuid])),
    ("lone", lambda h: reverse("home")),
    ("lone", lambda h: reverse("people:household_list")),
    ("lone", lambda h: reverse("reports:overview")),
    ("kim", lambda h: reverse("home")),
    ("pia", lambda h: reverse("home")),
    ("pia", lambda h: reverse("people:institution_children")),
    ("ali", lambda h: reverse("reports:overview")),
    ("admin_user", lambda h: reverse("home")),
    ("admin_user", lambda h: reverse("audit:search")),
    ("lone", lambda h: reverse("referrals:board")),
    ("lone", lambda h: reverse("referrals:list")),
    ("lone", lambda h: reverse("referrals:detail", args=[h.latest_referral.uuid])),
    ("mette", lambda h: reverse("referrals:list")),
    ("mette", lambda h: reverse("referrals:counselling")),
    ("kim", lambda h: reverse("referrals:list")),
]


@pytest.mark.parametrize(("persona", "page"), PAGES, ids=[f"{p}-{i}" for i, (p, _) in enumerate(PAGES)])
def test_it_runs_a_constant_number_of_queries(
    request, client, persona, page, prevention, mette, lone, kim, pia, ali, admin_user, class_4a, school
):
    user = request.getfixturevalue(persona)
    login(client, user)

    def count(household):
        url = page(household)
        client.get(url)  # warm up: session and other one-off work
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        assert response.status_code == 200, url
        return len(ctx.captured_queries)

    angst = mette.competences.get()
    household = _grow(2, unit=prevention, worker=mette, group=class_4a, school=school)
    household.latest_referral = _grow_referrals(
        2, unit=prevention, leader=lone, worker=mette, competence=angst
    )
    few = count(household)
    latest = _grow_referrals(10, unit=prevention, leader=lone, worker=mette, competence=angst)
    household = _grow(10, unit=prevention, worker=mette, group=class_4a, school=school)
    household.latest_referral = latest
    # the family page shows one family: give the newest one more members to prove it scales too
    for k in range(5):
        Child.objects.create(
            household=household, first_name=f"Ekstra{k}", last_name="Test", birth_date=dt.date(2018, 1, 1)
        )
    many = count(household)
    assert many == few, f"{few} queries with 2 families, {many} with 12"
