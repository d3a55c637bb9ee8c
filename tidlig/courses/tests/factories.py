"""Courses as tests need them: a screened or accepted referral, an offer, an open course."""

import datetime as dt

from tidlig.courses import services
from tidlig.lib.dates import today
from tidlig.offers.models import LegalBasis, Offer
from tidlig.referrals import services as referral_services
from tidlig.referrals.tests.factories import make_referral


def screened_referral(unit, leader, **kw):
    referral = make_referral(unit, **kw)
    return referral_services.screen_referral(
        referral,
        actor=leader,
        wellbeing_score=5,
        motivation="high",
        has_authority_case=False,
        is_bounded=True,
        competences=[],
    )


def accepted_referral(unit, leader, worker, **kw):
    referral = screened_referral(unit, leader, **kw)
    return referral_services.triage_referral(
        referral, actor=leader, decision="accept", reason="Ok", worker=worker
    )


def make_offer(unit, *, name="Familiesamtaler", max_contacts=12, max_network_meetings=2):
    basis, _ = LegalBasis.objects.get_or_create(reference="Barnets lov § 30 stk. 1")
    return Offer.objects.create(
        name=name,
        legal_basis=basis,
        unit=unit,
        max_contacts=max_contacts,
        max_network_meetings=max_network_meetings,
    )


def make_course(unit, leader, worker, *, offer=None, start=None, **referral_kw):
    """An open course on Mette's accepted referral, started two weeks ago with one goal."""
    referral = accepted_referral(unit, leader, worker, **referral_kw)
    return services.open_course(
        actor=worker,
        referral=referral,
        household=referral.household,
        offer=offer or make_offer(unit),
        workers=[worker],
        start_meeting_on=start or today() - dt.timedelta(days=14),
        goals=[services.GoalIn(text="Emil kommer i skole hver dag", start_rating=3)],
    )
