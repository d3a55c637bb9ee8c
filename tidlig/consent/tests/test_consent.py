"""Consent: who gave it, for which children, what, to whom, for what, from when to when; withdrawal."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from conftest import login
from tidlig.audit.models import AccessLog
from tidlig.consent.models import Consent
from tidlig.consent.services import consent_allows, give_consent, withdraw_consent
from tidlig.people.models import Guardian, GuardianRelation

pytestmark = pytest.mark.django_db
JAN = dt.date(2026, 1, 1)
DEC = dt.date(2026, 12, 31)


def _give(actor, guardian, children, **overrides):
    data = dict(
        actor=actor,
        given_by=guardian,
        given_how="written",
        children=children,
        information=["basic"],
        recipient_institutions=[],
        recipient_units=[],
        purpose="Samarbejde om trivsel",
        valid_from=JAN,
        valid_until=DEC,
    )
    data.update(overrides)
    return give_consent(**data)


def test_it_allows_exactly_what_was_consented(mette, anne, emma, school, other_school, ppr):
    _give(mette, anne, [emma], information=["basic", "course"], recipient_institutions=[school])
    on = dt.date(2026, 6, 1)
    assert consent_allows(child=emma, recipient=school, information="basic", on=on)
    assert consent_allows(child=emma, recipient=school, information="course", on=on)
    assert not consent_allows(child=emma, recipient=school, information="measurements", on=on)
    assert not consent_allows(child=emma, recipient=other_school, information="basic", on=on)
    assert not consent_allows(child=emma, recipient=ppr, information="basic", on=on)
    assert not consent_allows(child=emma, recipient=school, information="basic", on=dt.date(2027, 1, 1))
    assert not consent_allows(child=emma, recipient=school, information="basic", on=dt.date(2025, 12, 31))


def test_it_stops_allowing_at_withdrawal(mette, anne, emma, school):
    consent = _give(mette, anne, [emma], recipient_institutions=[school])
    with time_machine.travel(dt.datetime(2026, 6, 1, 12, tzinfo=dt.UTC)):
        assert consent_allows(child=emma, recipient=school, information="basic")
        withdraw_consent(consent, actor=mette, reason="Mor ønsker ikke længere deling")
        assert not consent_allows(child=emma, recipient=school, information="basic")
    consent.refresh_from_db()
    assert consent.withdrawn_by == mette
    assert AccessLog.objects.filter(event="consent.withdrawn", actor=mette).count() == 1
    with pytest.raises(ValidationError):
        withdraw_consent(consent, actor=mette, reason="igen")


def test_it_refuses_consent_from_an_adult_without_custody(mette, mette_family, emma, school):
    stepfather = Guardian.objects.create(household=mette_family, first_name="Bo", last_name="Dam")
    GuardianRelation.objects.create(
        guardian=stepfather, child=emma, relation="step_parent", has_custody=False
    )
    with pytest.raises(ValidationError, match="forældremyndighed"):
        _give(mette, stepfather, [emma], recipient_institutions=[school])
    assert not Consent.objects.exists()
    assert not AccessLog.objects.exists()


def test_it_stops_allowing_when_custody_ends(mette, anne, emma, school):
    _give(mette, anne, [emma], recipient_institutions=[school])
    GuardianRelation.objects.filter(guardian=anne).update(has_custody=False)
    assert not consent_allows(child=emma, recipient=school, information="basic", on=dt.date(2026, 6, 1))


def test_it_refuses_incomplete_consents(mette, anne, emma, school):
    with pytest.raises(ValidationError, match="modtager"):
        _give(mette, anne, [emma])
    with pytest.raises(ValidationError, match="oplysninger"):
        _give(mette, anne, [emma], information=[], recipient_institutions=[school])
    with pytest.raises(ValidationError, match="Slutdatoen"):
        _give(mette, anne, [emma], recipient_institutions=[school], valid_until=dt.date(2025, 1, 1))
    assert not Consent.objects.exists()


def test_it_records_consent_from_the_family_page(client, mette, mette_family, anne, emma, school):
    login(client, mette)
    response = client.post(
        reverse("consent:give", args=[mette_family.uuid]),
        {
            "given_by": anne.pk,
            "given_how": "oral",
            "children": [emma.pk],
            "information": ["basic"],
            "recipient_institutions": [school.pk],
            "purpose": "Skolen og Tidlig samarbejder om Emma",
            "valid_from": "2026-01-01",
            "valid_until": "2026-12-31",
        },
    )
    assert response.status_code == 302
    consent = Consent.objects.get()
    assert consent.recorded_by == mette
    assert list(consent.children.all()) == [emma]
    row = AccessLog.objects.get(event="consent.given")
    assert set(row.subjects.values_list("person_id", flat=True)) == {anne.uuid, emma.uuid}


def test_it_shows_form_errors_and_stores_nothing(client, mette, mette_family, anne, emma):
    login(client, mette)
    response = client.post(
        reverse("consent:give", args=[mette_family.uuid]),
        {
            "given_by": anne.pk,
            "given_how": "oral",
            "children": [emma.pk],
            "information": ["basic"],
            "purpose": "x",
            "valid_from": "2026-01-01",
            "valid_until": "2026-12-31",
        },
    )
    assert response.status_code == 200
    assert "Vælg mindst én modtager." in response.content.decode()
    assert not Consent.objects.exists()


def test_it_lets_a_partner_see_contact_details_only_with_consent(client, mette, pia, anne, emma, school):
    consent = _give(
        mette,
        anne,
        [emma],
        recipient_institutions=[school],
        valid_from=dt.date(2020, 1, 1),
        valid_until=dt.date(2099, 1, 1),
        information=["course"],
    )
    login(client, pia)
    page = client.get(reverse("people:child", args=[emma.uuid])).content.decode()
    assert "Emma Holm" in page
    assert "12345678" not in page, "contact details need consent to 'basic'"
    withdraw_consent(consent, actor=mette, reason="Mor trak samtykket")
    _give(
        mette,
        anne,
        [emma],
        recipient_institutions=[school],
        valid_from=dt.date(2020, 1, 1),
        valid_until=dt.date(2099, 1, 1),
        information=["basic"],
    )
    page = client.get(reverse("people:child", args=[emma.uuid])).content.decode()
    assert "12345678" in page
    assert "CPR" not in page, "a partner never sees CPR"
