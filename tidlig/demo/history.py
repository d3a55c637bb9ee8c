"""The demo's past: families helped before and let go, so the retention job has what a municipality
expects it to take (decision 0016, addendum). A family registered and never helped does not exist in a real
municipality (a referral registers the family, decision 0010), so each family without a worker now had one
once, and she let go of it before the referral period."""

import datetime as dt
import random

from django.conf import settings
from django.db.models import Exists, OuterRef
from django.utils import timezone

from tidlig.accounts.models import User
from tidlig.consent.models import Consent
from tidlig.lib.dates import months_before
from tidlig.people.models import Household, HouseholdAssignment

SEED = 20260402  # why: its own stream, so the rest of the demo is the same with or without the past


def build_past(*, workers: list[User], assigned_by: User, now: dt.datetime) -> int:
    """An ended assignment for every family that has no worker, no referral and no consent: those
    registered before the referral period were let go before it began (the job takes them); a younger
    one was let go lately (the job keeps it until its period has passed)."""
    rng = random.Random(SEED)  # noqa: S311
    period_began = months_before(timezone.localdate(now), settings.RETENTION_REFERRAL_MONTHS)
    start = timezone.make_aware(dt.datetime.combine(period_began, dt.time()))
    by_unit: dict[int, list[User]] = {}
    for worker in workers:
        by_unit.setdefault(worker.unit_id, []).append(worker)
    alone = (
        Household.objects.filter(unit_id__in=by_unit, referrals__isnull=True)
        .exclude(Exists(HouseholdAssignment.objects.filter(household=OuterRef("pk"))))
        .exclude(Exists(Consent.objects.filter(household=OuterRef("pk"))))
        .order_by("pk")
    )
    past = []
    for household in alone:
        # why: let go before the period began if it came before, else between its arrival and now
        until = start if household.created_at < start else now
        span = until - household.created_at
        past.append(
            HouseholdAssignment(
                household=household,
                worker=rng.choice(by_unit[household.unit_id]),
                assigned_by=assigned_by,
                assigned_at=household.created_at + span * rng.uniform(0.02, 0.1),
                ended_at=household.created_at + span * rng.uniform(0.5, 0.95),
            )
        )
    HouseholdAssignment.objects.bulk_create(past)
    return len(past)
