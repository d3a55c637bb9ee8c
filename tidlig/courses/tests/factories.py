"""Courses as tests need them: a screened or accepted referral, an offer, an open course, one with contacts,
what the contact form posts and the FIT panel as a user sees it."""

import datetime as dt
import secrets

from django.template.loader import render_to_string
from django.test import RequestFactory

from tidlig.courses import services
from tidlig.courses.context_fit import panel_context
from tidlig.courses.models import Course
from tidlig.courses.services import open_course, record_contact
from tidlig.lib.dates import today
from tidlig.offers.models import LegalBasis, Offer
from tidlig.referrals import services as referral_services
from tidlig.referrals.tests.factories import make_referral

HTMX = {"HTTP_HX_REQUEST": "true"}


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


def make_course_with_contacts(
    household, worker, *, unit=None, contacts=3, offer_name="Familiesamtaler"
) -> Course:
    """An open course with `contacts` contacts a week apart, the first on the start meeting's day."""
    basis, _ = LegalBasis.objects.get_or_create(reference="Barnets lov § 30")
    offer, _ = Offer.objects.get_or_create(
        unit=unit or household.unit, name=offer_name, defaults={"legal_basis": basis}
    )
    start = today() - dt.timedelta(days=7 * contacts + 7)
    course = open_course(
        actor=worker, household=household, offer=offer, workers=[worker], start_meeting_on=start, goals=[]
    )
    for n in range(contacts):
        record_contact(
            course,
            actor=worker,
            date=start + dt.timedelta(days=7 * n),
            duration_minutes=60,
            kind="individual",
            place="home",
        )
    return course


def contact_form(n=1, **overrides):
    """What the contact form posts for a contact yesterday; `n` makes its submission token unique."""
    data = {
        "date": (today() - dt.timedelta(days=1)).isoformat(),
        "duration_minutes": "60",
        "kind": "individual",
        "place": "home",
        "family_participants": "Sara og Emil",
        "private_network": "",
        "professionals": "",
        "note": "Vi talte om morgenerne.",
        "kilometres": "12.5",
        "token": f"token-{n}",
    }
    data.update(overrides)
    return data


def fit_panel_html(course, user) -> str:
    """The FIT panel of a course page as `user` sees it."""
    request = RequestFactory().get("/")
    request.user = user
    return render_to_string("courses/includes/fit_panel.html", panel_context(course, user), request=request)


def make_open_course(w, *, max_contacts=500):
    """Mette's open course with one contact, on an offer with room for many more; `w` has the personas as
    attributes (the fuzzer's World)."""
    unit, lone, mette = w.prevention, w.lone, w.mette
    course = make_course(
        unit,
        lone,
        mette,
        offer=make_offer(unit, name=f"Tilbud {secrets.token_hex(4)}", max_contacts=max_contacts),
    )
    record_contact(
        course,
        actor=mette,
        date=today() - dt.timedelta(days=7),
        duration_minutes=60,
        kind="individual",
        place="home",
    )
    return course
