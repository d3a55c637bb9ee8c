"""Retention never takes a family that someone still holds, on the demo municipality too: load_demo, then
apply_retention, anonymises only the families a municipality expects to lose, the ones helped long ago and
let go, and no demo login loses a family she holds or sees."""

import io

import pytest
from django.core.management import call_command
from django.db.models import Q

from tidlig.consent.models import Consent
from tidlig.courses.models import Course
from tidlig.demo.municipality import LOGINS
from tidlig.groups.models import Enrollment
from tidlig.lib.dates import today
from tidlig.people.models import Household, HouseholdAssignment
from tidlig.people.queries import households_visible_to
from tidlig.referrals.models import Referral
from tidlig.retention.services import _start_of, apply_retention, cutoffs


def _visible() -> dict[str, set[int]]:
    from tidlig.accounts.models import User

    return {
        u.username: set(households_visible_to(u).values_list("pk", flat=True))
        for u in User.objects.filter(username__in=[s.username for s in LOGINS])
    }


def _expected_to_go() -> set[int]:
    """Worked out from the demo's rows, not from the job's query: nobody holds the family now, every worker
    let go before the referral period, no course, referral, running consent or group of the period."""
    on, cut = today(), cutoffs(today())
    start = _start_of(cut.referral)
    gone = set()
    for household in Household.objects.filter(anonymised_on__isnull=True):
        assignments = list(HouseholdAssignment.objects.filter(household=household))
        if not assignments or any(a.ended_at is None or a.ended_at >= start for a in assignments):
            continue
        if household.created_at >= start:
            continue
        if (
            Course.objects.filter(household=household)
            .filter(Q(closed_on__isnull=True) | Q(closed_on__gte=cut.course))
            .exists()
        ):
            continue
        if Referral.objects.filter(household=household).exists():
            continue  # why: the demo's referrals all arrived within the last three weeks
        consents = Consent.objects.filter(household=household, withdrawn_at__isnull=True)
        if consents.filter(valid_until__gte=on).exists():
            continue
        if Enrollment.objects.filter(household=household, group__ends_on__gte=cut.course).exists():
            continue
        gone.add(household.pk)
    return gone


@pytest.mark.django_db
def test_retention_on_the_demo_takes_only_the_families_let_go_long_ago(settings):
    settings.DEMO = True
    call_command("load_demo", stdout=io.StringIO())
    # every family in the demo came through a door, a worker holds it or held it once, or it consented
    assert not Household.objects.filter(
        assignments__isnull=True, referrals__isnull=True, consents__isnull=True
    ).exists()
    before = _visible()
    held = set(HouseholdAssignment.objects.filter(ended_at__isnull=True).values_list("household", flat=True))
    expected = _expected_to_go()
    assert expected, "the demo shows the job at work: some families were let go long ago"

    run = apply_retention()

    gone = set(Household.objects.filter(anonymised_on__isnull=False).values_list("pk", flat=True))
    assert gone == expected
    assert run.households == len(expected)
    assert not gone & held, "a family someone holds is never taken"
    after = _visible()
    for username, families in before.items():
        assert after[username] == families - gone, username
    for staff in LOGINS:
        if staff.role == "worker":
            assert after[staff.username] == before[staff.username], f"{staff.username} lost a family"
