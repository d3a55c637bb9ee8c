"""Two leaders assign the same referral at the same moment: one wins, the other is told (PostgreSQL)."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from conftest import make_user
from tidlig.accounts.models import User
from tidlig.referrals import services
from tidlig.referrals.models import Referral
from tidlig.referrals.tests.factories import make_referral


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_it_lets_exactly_one_of_two_simultaneous_assignments_win(prevention, mette, sofie, lone):
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL; SQLite serialises writers anyway")
    other_leader = make_user("birgit", User.Role.LEADER, unit=prevention)
    referral = make_referral(prevention)
    services.screen_referral(
        referral,
        actor=lone,
        wellbeing_score=5,
        motivation="high",
        has_authority_case=False,
        is_bounded=True,
        competences=[],
    )
    barrier = threading.Barrier(2)
    outcomes: dict[str, str] = {}

    def assign(leader, worker):
        try:
            barrier.wait(timeout=10)
            services.triage_referral(
                Referral.objects.get(pk=referral.pk),
                actor=leader,
                decision="accept",
                reason="Ok",
                worker=worker,
            )
            outcomes[leader.username] = "won"
        except ValidationError as e:
            outcomes[leader.username] = e.messages[0]
        except Exception as e:  # why: any other failure is reported by the assertion below
            outcomes[leader.username] = f"error: {e!r}"
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=assign, args=(lone, mette)),
        threading.Thread(target=assign, args=(other_leader, sofie)),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert sorted(outcomes.values()) == sorted(["won", next(v for v in outcomes.values() if v != "won")]), (
        outcomes
    )
    assert list(outcomes.values()).count("won") == 1, outcomes
    loser = next(v for v in outcomes.values() if v != "won")
    assert "allerede behandlet" in loser
    referral.refresh_from_db()
    assert referral.household.assignments.count() == 1
    assert referral.household.assignments.get().worker == referral.assigned_worker
    from tidlig.audit.models import AccessLog

    assert AccessLog.objects.filter(event="referral.accept").count() == 1
