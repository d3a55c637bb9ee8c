"""Demo courses for Mette and Sofie: contacts, FIT (one stalls, one improves), placements, one closed."""

import datetime as dt
from decimal import Decimal

from tidlig.accounts.models import User
from tidlig.courses import services
from tidlig.courses.models import Contact, Course
from tidlig.courses.services import fit
from tidlig.measurements.open_instruments import ALLIANCE, METAFEEDBACK, OUTCOME
from tidlig.measurements.queries import active_instrument
from tidlig.offers.models import Offer
from tidlig.people.models import Household

K, P = Contact.Kind, Contact.Place
# (kind, place, outcome items, alliance items) per contact, for the parent.
IMPROVING = [
    (K.INDIVIDUAL, P.HOME, "4.5 5.0 5.5 5.0", "9.0 9.2 9.0 9.4"),
    (K.VIDEO, P.DIGITAL, "5.5 6.0 6.0 6.0", "9.4 9.5 9.2 9.5"),
    (K.NETWORK_MEETING, P.SCHOOL, "6.5 6.5 7.0 7.0", "9.5 9.6 9.5 9.6"),
    (K.INDIVIDUAL, P.HOME, "7.5 7.0 7.5 7.5", "9.6 9.7 9.6 9.8"),
]
STALLING = [
    (K.INDIVIDUAL, P.HOME, "5.0 5.0 5.5 5.0", "8.0 7.5 8.0 8.0"),
    (K.PHONE, P.HOME, "5.0 5.5 5.0 5.0", "8.0 8.0 7.5 8.0"),
    (K.VIDEO, P.DIGITAL, "5.5 5.0 5.5 5.5", "8.5 8.0 8.0 8.0"),
]


def _scores(text: str) -> dict[int, Decimal]:
    return {i: Decimal(v) for i, v in enumerate(text.split(), start=1)}


def _course(
    household: Household, offer: Offer, worker: User, start: dt.date, goal: str, series, today
) -> Course:
    course = services.open_course(
        actor=worker,
        household=household,
        offer=offer,
        workers=[worker],
        start_meeting_on=start,
        goals=[services.GoalIn(text=goal, start_rating=3)],
    )
    child = household.children.order_by("birth_date").last()
    fit.place_wellbeing(course, actor=worker, child=child, moment="start", value=4, placed_on=start)
    parent = household.guardians.first()
    outcome, alliance = active_instrument(OUTCOME), active_instrument(ALLIANCE)
    for number, (kind, place, out, alli) in enumerate(series):
        date = min(start + dt.timedelta(days=7 * number), today)
        contact = services.record_contact(
            course,
            actor=worker,
            date=date,
            duration_minutes=60,
            kind=kind,
            place=place,
            family_participants=parent.first_name,
            professionals="Klasselærer" if kind == K.NETWORK_MEETING else "",
            note="Vi talte om morgenerne og aftalte små skridt.",
        )
        for instrument, scores in ((outcome, out), (alliance, alli)):
            fit.record_response(
                course,
                actor=worker,
                instrument=instrument,
                role="parent",
                guardian=parent,
                contact=contact,
                scores=_scores(scores),
            )
    return course


def build_courses(*, users: dict[str, User], offer: Offer, today: dt.date) -> int:
    """Three courses on families the workers already have: improving, stalling (flagged), and closed."""
    mette, sofie = users["mette"], users["sofie"]
    mine = list(
        Household.objects.filter(assignments__worker=mette, referrals__isnull=True).order_by("name")[:2]
    )
    hers = (
        Household.objects.filter(assignments__worker=sofie, referrals__isnull=True).order_by("name").first()
    )
    start = today - dt.timedelta(days=30)
    _course(mine[0], offer, mette, start, "Vi vil have gode morgener uden skænderier", IMPROVING, today)
    _course(
        mine[1],
        offer,
        mette,
        start + dt.timedelta(days=7),
        "Den ældste skal turde gå i skole igen",
        STALLING,
        today,
    )
    closed = _course(
        hers, offer, sofie, start - dt.timedelta(days=21), "Mindre vrede derhjemme", IMPROVING, today
    )
    child = hers.children.order_by("birth_date").last()
    fit.place_wellbeing(closed, actor=sofie, child=child, moment="end", value=7, placed_on=today)
    for c in hers.children.exclude(pk=child.pk):
        fit.place_wellbeing(closed, actor=sofie, child=c, moment="end", value=7, placed_on=today)
    for c in hers.children.exclude(pk=child.pk):
        fit.place_wellbeing(
            closed, actor=sofie, child=c, moment="start", value=5, placed_on=closed.start_meeting_on
        )
    fit.record_response(
        closed,
        actor=sofie,
        instrument=active_instrument(METAFEEDBACK),
        role="parent",
        guardian=hers.guardians.first(),
        scores={1: True, 2: Decimal(9), 3: "Det hjalp at mødes hjemme hos os."},
    )
    services.close_course(closed, actor=sofie, reason=Course.CloseReason.IMPROVED, closed_on=today)
    return 3
