"""Days from referral to first contact: the worker's deadline, the leader's breaches, the clock stops."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from conftest import login
from tidlig.audit.models import AccessLog
from tidlig.referrals import queries, services
from tidlig.referrals.tests.factories import make_referral

pytestmark = pytest.mark.django_db
MONDAY = dt.datetime(2026, 11, 16, 9, tzinfo=dt.UTC)


def _accepted(unit, leader, worker, **kw):
    referral = make_referral(unit, **kw)
    services.screen_referral(
        referral,
        actor=leader,
        wellbeing_score=5,
        motivation="high",
        has_authority_case=False,
        is_bounded=True,
        competences=[],
    )
    return services.triage_referral(referral, actor=leader, decision="accept", reason="Ok", worker=worker)


def test_it_sets_the_deadline_from_the_units_days(prevention):
    prevention.contact_deadline_days = 1
    prevention.save()
    with time_machine.travel(MONDAY):
        referral = make_referral(prevention)
    assert referral.contact_deadline == dt.date(2026, 11, 17)


def test_it_shows_the_worker_whom_to_contact_and_by_when(client, lone, mette, prevention):
    with time_machine.travel(MONDAY):
        referral = _accepted(prevention, lone, mette)
    login(client, mette)
    with time_machine.travel(dt.datetime(2026, 11, 21, 9, tzinfo=dt.UTC)):
        page = client.get(reverse("home")).content.decode()
    assert "Kontakt familien" in page
    assert referral.household.name in page
    assert "Kontakt senest mandag 23. november" in page


def test_it_warns_the_leader_before_and_after_the_limit(lone, mette, prevention):
    with time_machine.travel(MONDAY):
        _accepted(prevention, lone, mette)
    with time_machine.travel(dt.datetime(2026, 11, 21, 9, tzinfo=dt.UTC)):
        make_referral(prevention, surname="Ny")
        assert queries.unit_service_level(lone) == {"to_triage": 1, "overdue": 0, "due_soon": 1}
    with time_machine.travel(dt.datetime(2026, 11, 24, 9, tzinfo=dt.UTC)):
        assert queries.unit_service_level(lone) == {"to_triage": 1, "overdue": 1, "due_soon": 0}


def test_it_stops_the_clock_at_the_first_contact(client, lone, mette, prevention):
    with time_machine.travel(MONDAY):
        referral = _accepted(prevention, lone, mette)
    login(client, mette)
    with time_machine.travel(dt.datetime(2026, 11, 18, 10, tzinfo=dt.UTC)):
        response = client.post(
            reverse("referrals:first_contact", args=[referral.uuid]), {"at": "2026-11-18T10:30"}
        )
        assert response.status_code == 302
        referral.refresh_from_db()
        assert referral.days_to_first_contact() == 2
        assert queries.awaiting_first_contact(mette) == []
        assert queries.unit_service_level(lone)["due_soon"] == 0
        assert "Kontakt familien" in client.get(reverse("home")).content.decode()
        assert (
            referral.household.name
            not in client.get(reverse("home")).content.decode().split("Dine familier")[0]
        )
    assert AccessLog.objects.filter(event="referral.first_contact", actor=mette).count() == 1


def test_it_refuses_a_first_contact_in_the_future_or_by_another_worker(
    client, lone, mette, sofie, prevention
):
    with time_machine.travel(MONDAY):
        referral = _accepted(prevention, lone, mette)
    login(client, mette)
    with time_machine.travel(dt.datetime(2026, 11, 18, 10, tzinfo=dt.UTC)):
        response = client.post(
            reverse("referrals:first_contact", args=[referral.uuid]), {"at": "2026-11-25T10:00"}
        )
        assert response.status_code == 400
        assert "fremtiden" in response.content.decode()
        login(client, sofie)
        assert (
            client.post(
                reverse("referrals:first_contact", args=[referral.uuid]), {"at": "2026-11-18T09:00"}
            ).status_code
            == 404
        )
    referral.refresh_from_db()
    assert referral.first_contact_at is None
