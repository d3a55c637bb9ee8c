"""A small hand-made unit history, built with the services, whose every KPI is worked out by hand.

All dates count from BASE = 120 days ago, so the data lies in the last year whatever day the tests run.

Seven referrals (six from the family itself, one from a school), each accepted and turned into a course
C1-C7 run by Mette. Referral i (0-6) is received at noon on BASE + i; first contact DAYS[i] days later;
the deadline is 7 days. C1-C6 start at BASE + 20 and are closed on BASE + 60 + i (i = 0..5); C6 closes
"escalated"; C7 starts at BASE + 20 and stays open.

                contacts (digital)   Trivselslineal   Sara's outcome   Sara's alliance   metafeedback
    C1          2 (video)            4 -> 7           20 -> 28         30, 38            yes, 9
    C2          3 (place digital)    5 -> 7           22 -> 25         36                yes, 8
    C3          4 (video)            5 -> 5           18 -> 24         40                yes, 7
    C4          5                    6 -> 8           25 -> 25         32                yes, 10
    C5          6                    3 -> 6           15 -> 21         39                yes, 6
    C6          4                    6 -> 4           20 (once)        -                 no, 8
    C7 (open)   1 (video)            -                -                -                 -

Plus three anonymous counselling talks, and a group in the unit with five enrolled children at one
session, four of them present.
"""

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_DOWN, Decimal

import pytest
from django.db.models import F
from django.utils import timezone

from conftest import make_lone, make_mette, make_prevention, make_sofie
from tidlig.accounts.models import Unit
from tidlig.courses.models import Course
from tidlig.courses.services import close_course, fit, open_course, record_contact
from tidlig.courses.tests.factories import accepted_referral, make_offer
from tidlig.groups import services as group_services
from tidlig.lib.dates import today
from tidlig.measurements.open_instruments import ALLIANCE, METAFEEDBACK, OUTCOME
from tidlig.measurements.queries import active_instrument
from tidlig.offers.models import LegalBasis, Offer
from tidlig.referrals.models import Referral
from tidlig.referrals.services import record_anonymous_counselling, record_first_contact
from tidlig.tests.plugin import rolled_back_after

DAYS = [1, 2, 3, 5, 8, 10, 4]
CONTACTS = [2, 3, 4, 5, 6, 4, 1]
DIGITAL = {0: ("video", "home"), 1: ("individual", "digital"), 2: ("video", "home"), 6: ("video", "home")}
PLACEMENTS = [(4, 7), (5, 7), (5, 5), (6, 8), (3, 6), (6, 4)]
OUTCOMES = [(20, 28), (22, 25), (18, 24), (25, 25), (15, 21), (20,)]
ALLIANCES = [(30, 38), (36,), (40,), (32,), (39,), ()]
METAFEEDBACKS = [(True, 9), (True, 8), (True, 7), (True, 10), (True, 6), (False, 8)]


def base() -> dt.date:
    return today() - dt.timedelta(days=120)


def noon(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(12, 0)))


def split(total) -> dict[int, Decimal]:
    """A total as four item scores with one decimal each."""
    part = (Decimal(total) / 4).quantize(Decimal("0.1"), rounding=ROUND_DOWN)
    return dict(enumerate([part, part, part, Decimal(total) - 3 * part], start=1))


# A today on which the dataset's whole history (from BASE, 120 days before) lies in one calendar year: the
# aggregate views take whole years only (decision 0013). The analyst sees finished years only, so her
# tests move on to a day in the year after.
IN_THE_YEAR = dt.datetime(2026, 10, 15, 10, 0, tzinfo=dt.UTC)
AFTER_THE_YEAR = dt.datetime(2027, 1, 11, 10, 0, tzinfo=dt.UTC)


@pytest.fixture
def in_one_year(time_machine) -> dict:
    """Today is IN_THE_YEAR; the results page's parameters for that year."""
    time_machine.move_to(IN_THE_YEAR, tick=False)
    return {"year": str(IN_THE_YEAR.year)}


@dataclass
class Dataset:
    unit: object
    courses: list
    period: tuple[dt.date, dt.date]


def _referral(i, unit, leader, worker):
    source = Referral.Source.SCHOOL if i == 6 else Referral.Source.SELF
    referral = accepted_referral(unit, leader, worker, surname=f"Test{i}", source=source)
    received = noon(base() + dt.timedelta(days=i))
    Referral.objects.filter(pk=referral.pk).update(
        received_at=received, contact_deadline=received.date() + dt.timedelta(days=7)
    )
    referral.refresh_from_db()
    return record_first_contact(referral, actor=worker, at=received + dt.timedelta(days=DAYS[i]))


def _course(i, referral, offer, worker):
    start = base() + dt.timedelta(days=20)
    course = open_course(
        actor=worker,
        referral=referral,
        household=referral.household,
        offer=offer,
        workers=[worker],
        start_meeting_on=start,
        goals=[],
    )
    contacts = []
    for n in range(CONTACTS[i]):
        kind, place = DIGITAL[i] if n == 0 and i in DIGITAL else ("individual", "home")
        contacts.append(
            record_contact(
                course,
                actor=worker,
                date=start + dt.timedelta(days=5 * n),
                duration_minutes=60,
                kind=kind,
                place=place,
            )
        )
    return course, contacts


def _measure(i, course, contacts, worker):
    child = course.household.children.get()
    sara = course.household.guardians.get()
    first, last = contacts[0], contacts[-1]
    if i < len(PLACEMENTS):
        s, e = PLACEMENTS[i]
        fit.place_wellbeing(course, actor=worker, child=child, moment="start", value=s, placed_on=first.date)
        fit.place_wellbeing(course, actor=worker, child=child, moment="end", value=e, placed_on=last.date)
    outcome, alliance = active_instrument(OUTCOME), active_instrument(ALLIANCE)
    for total, contact in zip(OUTCOMES[i] if i < len(OUTCOMES) else (), (first, last), strict=False):
        fit.record_response(
            course,
            actor=worker,
            instrument=outcome,
            role="parent",
            guardian=sara,
            contact=contact,
            scores=split(total),
        )
    for total, contact in zip(ALLIANCES[i] if i < len(ALLIANCES) else (), (first, last), strict=False):
        fit.record_response(
            course,
            actor=worker,
            instrument=alliance,
            role="parent",
            guardian=sara,
            contact=contact,
            scores=split(total),
        )
    if i < len(METAFEEDBACKS):
        involved, respect = METAFEEDBACKS[i]
        fit.record_response(
            course,
            actor=worker,
            instrument=active_instrument(METAFEEDBACK),
            role="parent",
            guardian=sara,
            scores={1: involved, 2: Decimal(respect), 3: ""},
        )


def _group(unit, leader, worker, courses):
    basis, _ = LegalBasis.objects.get_or_create(reference="Barnets lov § 30 stk. 1")
    offer = Offer.objects.create(
        name="Mestringsluppen", legal_basis=basis, unit=unit, format=Offer.Format.GROUP
    )
    group = group_services.create_group(
        actor=leader,
        offer=offer,
        name="Mestringsluppen efterår",
        starts_on=base(),
        ends_on=today(),
        capacity=10,
        leaders=[worker],
    )
    enrollments = [
        group_services.enroll(group, actor=leader, child=c.household.children.get()) for c in courses[:5]
    ]
    present = {e.pk for e in enrollments[:4]}
    group_services.record_session(group, actor=worker, date=base() + dt.timedelta(days=30), present=present)
    return group


@pytest.fixture
def dataset(prevention, lone, mette, sofie) -> Dataset:
    return build_dataset(prevention, lone, mette)


def build_dataset(prevention, lone, mette) -> Dataset:
    """The history above, in the unit `prevention`, received by `lone` and run by `mette`."""
    offer = make_offer(prevention)
    courses = []
    for i in range(7):
        referral = _referral(i, prevention, lone, mette)
        course, contacts = _course(i, referral, offer, mette)
        _measure(i, course, contacts, mette)
        courses.append(course)
    for i, course in enumerate(courses[:6]):
        close_course(
            course,
            actor=mette,
            reason="escalated" if i == 5 else "goals_reached",
            closed_on=base() + dt.timedelta(days=60 + i),
        )
    for _n in range(3):
        record_anonymous_counselling(
            actor=mette, date=base(), channel="phone", topic="anxiety", age_band="6-12", duration_minutes=20
        )
    _group(prevention, lone, mette, courses)
    assert Referral.objects.filter(first_contact_at__lt=F("received_at")).count() == 0
    return Dataset(unit=prevention, courses=courses, period=(today() - dt.timedelta(days=365), today()))


@pytest.fixture(scope="module")
def dataset_once(django_db_setup, django_db_blocker):
    """The dataset built once for a module whose tests only read it (or change it in their own savepoint,
    which is rolled back): in a transaction rolled back after the module. Such a module overrides
    `dataset` and the personas with `from_once` (test_kpis.py): each test gets fresh instances."""
    with rolled_back_after(django_db_blocker):
        prevention = make_prevention()
        mette = make_mette(prevention)
        make_sofie(prevention)
        yield build_dataset(prevention, make_lone(prevention), mette)


def from_once(built: Dataset) -> Dataset:
    """Fresh instances of the dataset built once, so what one test changes in Python does not reach the
    next."""
    courses = list(Course.objects.filter(pk__in=[c.pk for c in built.courses]).order_by("pk"))
    return Dataset(unit=Unit.objects.get(pk=built.unit.pk), courses=courses, period=built.period)
