"""A partner follows up on her own referral: what the family's consent shares, and nothing of the unit's
own notes (decision 0023). The sweeps cover the consent states; these tests the kinds of information."""

import datetime as dt

import pytest
from django.urls import reverse

from conftest import login
from tidlig.audit.models import AccessLog
from tidlig.consent.models import Consent
from tidlig.referrals import services

pytestmark = pytest.mark.django_db


@pytest.fixture
def referral(prevention, pia, lone, mette, class_4a):
    made = services.receive_referral(
        unit=prevention,
        door="partner",
        source="school",
        channel="web",
        concern="Barnet er stille i klassen.",
        children=[services.ChildIn("Ida", "Dahl", dt.date(2016, 5, 2), institution_group_id=class_4a.pk)],
        guardians=[services.GuardianIn("Rikke", "Dahl", phone="31313131", relation="mother")],
        referred_by=pia,
        referrer_description="Lærer",
        consent=services.ConsentIn(given_how="oral", share_back_with=class_4a.institution),
    )
    return services.triage_referral(
        services.screen_referral(
            made,
            actor=lone,
            wellbeing_score=5,
            motivation="high",
            has_authority_case=False,
            is_bounded=True,
            competences=[],
            note="Intern note",
        ),
        actor=lone,
        decision="accept",
        reason="Intern begrundelse",
        worker=mette,
    )


def test_it_lists_her_referrals_by_reference_and_date_only(client, pia, referral):
    login(client, pia)
    page = client.get(reverse("home")).content.decode()
    assert f"Henvisning {referral.reference}" in page
    assert referral.get_absolute_url() in page
    assert "Dahl" not in page and "Ida" not in page


def test_it_shows_the_child_and_the_concern_with_basic_and_concern_shared(client, pia, referral):
    login(client, pia)
    page = client.get(referral.get_absolute_url()).content.decode()
    assert "Ida Dahl" in page
    assert "Barnet er stille i klassen." in page
    assert "Intern note" not in page and "Intern begrundelse" not in page
    assert "Rikke" not in page and "Familien Dahl" not in page
    log = AccessLog.objects.filter(actor=pia, event="referrals.referral.view").get()
    assert {s.person_id for s in log.subjects.all()} == {referral.household.children.get().uuid}


def test_it_shows_the_concern_without_names_when_only_the_concern_is_shared(client, pia, referral):
    Consent.objects.filter(household=referral.household).update(information=["concern"])
    child = referral.household.children.get()
    login(client, pia)
    page = client.get(referral.get_absolute_url()).content.decode()
    assert "Barnet er stille i klassen." in page
    assert "Ida" not in page
    child_page = client.get(reverse("people:child", args=[child.uuid])).content.decode()
    assert "Ida Dahl" in child_page  # her own pupil, named by the consent
    assert "Fødselsdato" not in child_page
    assert "Rikke" not in child_page and "31313131" not in child_page


def test_it_shows_no_concern_when_only_basic_information_is_shared(client, pia, referral):
    Consent.objects.filter(household=referral.household).update(information=["basic"])
    login(client, pia)
    page = client.get(referral.get_absolute_url()).content.decode()
    assert "Ida Dahl" in page
    assert "Barnet er stille" not in page


def test_it_logs_the_parents_the_child_page_shows(client, pia, referral):
    child = referral.household.children.get()
    login(client, pia)
    page = client.get(reverse("people:child", args=[child.uuid])).content.decode()
    assert "Rikke Dahl, 31313131" in page
    log = AccessLog.objects.filter(actor=pia, event="people.child.view").get()
    guardian = referral.household.guardians.get()
    assert {s.person_id for s in log.subjects.all()} == {child.uuid, guardian.uuid}
