"""A family with a course that closes today and something in every table that holds their identity."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db import connection

from tidlig.consent.services import give_consent
from tidlig.courses import services as course_services
from tidlig.courses.services import fit
from tidlig.courses.tests.factories import accepted_referral, make_offer
from tidlig.groups import services as group_services
from tidlig.lib.dates import today
from tidlig.measurements.open_instruments import METAFEEDBACK, OUTCOME
from tidlig.measurements.queries import active_instrument
from tidlig.offers.models import Offer

CPR = "0105164321"
# Every one of these identifies the family; none may be left anywhere in the database.
IDENTIFYING = [
    "Vestergaard",
    "Frederik",
    "græder hver morgen",
    "20202020",
    "Tak til Mette for samtalerne",
    "Farmor Inge",
    "mor er syg",
    "Skriv efter kl. 16",
    "Klasselærer Birthe",
]


@dataclass
class Family:
    household: object
    course: object
    child: object
    guardian: object
    referral: object
    cpr_digest: str
    cpr_encrypted: str


def closed_family(unit, leader, worker, *, surname="Vestergaard") -> Family:
    """Frederik Vestergaard and his mother Sara: referred, a course with everything in it, closed today."""
    referral = accepted_referral(
        unit,
        leader,
        worker,
        surname=surname,
        concern="Frederik græder hver morgen før skole.",
        contact_preference="Skriv efter kl. 16",
        referrer_description="mor",
        children=[
            _child(first_name="Frederik", last_name=surname, birth_date=dt.date(2016, 5, 1)),
        ],
    )
    household = referral.household
    child = household.children.get()
    child.set_cpr(CPR)
    child.save(update_fields=["cpr_encrypted", "cpr_digest"])
    guardian = household.guardians.get()
    guardian.email = "sara@example.invalid"
    guardian.address = "Skovvej 3, 6200 Aabenraa"
    guardian.save(update_fields=["email", "address"])
    start = today() - dt.timedelta(days=40)
    course = course_services.open_course(
        actor=worker,
        referral=referral,
        household=household,
        offer=make_offer(unit),
        workers=[worker],
        start_meeting_on=start,
        goals=[course_services.GoalIn(text="Frederik går glad i skole", start_rating=3)],
    )
    first = course_services.record_contact(
        course,
        actor=worker,
        date=start,
        duration_minutes=60,
        kind="video",
        place="home",
        family_participants="Sara og Frederik",
        note="Frederiks mor fortalte om morgenerne.",
        submission_token="tok-first",
    )
    last = course_services.record_contact(
        course,
        actor=worker,
        date=start + dt.timedelta(days=20),
        duration_minutes=90,
        kind="network_meeting",
        place="school",
        private_network="Farmor Inge",
        professionals="Klasselærer Birthe",
    )
    placement = fit.place_wellbeing(
        course, actor=worker, child=child, moment="start", value=4, placed_on=first.date
    )
    fit.correct_placement(placement, actor=worker, new_value=5, reason="Frederik mente selv 5")
    fit.place_wellbeing(course, actor=worker, child=child, moment="end", value=7, placed_on=last.date)
    for total, contact in ((Decimal(20), first), (Decimal(28), last)):
        part = total / 4
        fit.record_response(
            course,
            actor=worker,
            instrument=active_instrument(OUTCOME),
            role="parent",
            guardian=guardian,
            contact=contact,
            scores={1: part, 2: part, 3: part, 4: part},
        )
    fit.record_response(
        course,
        actor=worker,
        instrument=active_instrument(METAFEEDBACK),
        role="parent",
        guardian=guardian,
        scores={1: True, 2: Decimal(9), 3: "Tak til Mette for samtalerne"},
    )
    course_services.request_extension(
        course, actor=worker, kind="contacts", extra=2, reason="Frederiks mor er syg"
    )
    give_consent(
        actor=worker,
        given_by=guardian,
        given_how="written",
        children=[child],
        information=["course"],
        recipient_units=[unit],
        purpose="Samarbejde om Frederik",
        valid_from=start,
        valid_until=today(),
    )
    group = group_services.create_group(
        actor=leader,
        offer=Offer.objects.create(
            name="Mestringsluppen", legal_basis=course.offer.legal_basis, unit=unit, format=Offer.Format.GROUP
        ),
        name="Mestringsluppen forår",
        starts_on=start,
        ends_on=today(),
        capacity=8,
        leaders=[worker],
    )
    enrollment = group_services.enroll(group, actor=leader, child=child)
    group_services.record_session(
        group, actor=worker, date=start, present={enrollment.pk}, note="Frederik var glad i dag"
    )
    course_services.close_course(course, actor=worker, reason="goals_reached", closed_on=today())
    child.refresh_from_db()
    return Family(
        household=household,
        course=course,
        child=child,
        guardian=guardian,
        referral=referral,
        cpr_digest=child.cpr_digest,
        cpr_encrypted=child.cpr_encrypted,
    )


def _child(**fields):
    from tidlig.referrals.services import ChildIn

    return ChildIn(**fields)


def every_row() -> list[str]:
    """Every row of every table, as text: what a search of the raw database would see."""
    rows = []
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names()):
            if table.startswith("django_migrations"):
                continue
            cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608 (names from the introspection)
            rows += [f"{table}: {row!r}" for row in cursor.fetchall()]
    return rows
