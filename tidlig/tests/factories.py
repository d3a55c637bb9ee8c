"""What the sweeps across apps share: every name of the fixture families, which of them a page shows, the
public routes that need no id, and the world the person-log and English-page sweeps walk (its fixture,
`world`, is in tidlig/tests/conftest.py)."""

import datetime as dt
import re
import types
from decimal import Decimal

from conftest import make_lone, make_mette, make_prevention, make_sofie, make_user
from tidlig.accounts.models import Competence, Institution, InstitutionGroup, Unit, User
from tidlig.people.models import Child, Guardian, GuardianRelation, Household, HouseholdAssignment
from tidlig.tests.urlwalk import own_routes

# Public routes that take a signed token rather than an id and show no personal data.
PUBLIC_TOKEN_ROUTES = {"referrals:receipt"}


def family_names(*households) -> set[str]:
    """Every first and last name of the families' children and adults: none may reach an outsider."""
    people = [*Child.objects.all(), *Guardian.objects.all()]
    if households:
        people = [p for p in people if p.household_id in {h.pk for h in households}]
    return {name for p in people for name in (p.first_name, p.last_name) if name}


def names_in(content: bytes, names: set[str]) -> set[str]:
    """Which of `names` a page shows as whole words."""
    text = content.decode("utf-8", "replace")
    return {n for n in names if re.search(rf"(?<!\w){re.escape(n)}(?!\w)", text)}


PERSONAS = ["mette", "sofie", "lone", "kim", "jonas", "pia", "per", "ali", "admin"]
# The object each URL keyword names: an attribute of the world (a uuid).
OBJECTS = {
    "household_id": "friis",
    "child_id": "emma",
    "consent_id": "consent",
    "person_id": "emma",
    "referral_id": "friis_referral",
    "class_id": "class_4a",
    "course_id": "course",
    "goal_id": "goal",
    "request_id": "extension",
    "placement_id": "placement",
    "offer_id": "offer",
    "group_id": "group",
    "enrollment_id": "enrollment",
    # the administration's objects: staff and the organisation, never a family's
    "user_id": "sofie",
    "unit_id": "ppr",
    "institution_id": "school",
    "competence_id": "competence",
}
# Further objects for a route, each one more request: a parent's page where a child's is the default, an
# accepted referral without a course (the open-course form), a family whose child is at another school.
VARIANTS = {
    "audit:access_request_export": [{"person_id": "anne"}, {"person_id": "noah"}],
    "people:child": [{"child_id": "noah"}],
    "courses:open": [{"referral_id": "lund_referral"}],
    "referrals:detail": [{"referral_id": "lund_referral"}, {"referral_id": "vang_referral"}],
}
# Routes the sweep does not open, with the reason.
SKIP = {
    "logout": "a POST that ends the session",
    "referrals:receipt": "a signed token and no personal data (test_self_referral)",
    # why: no name can be read in a PDF or a workbook, and rendering them as nine personas took 8 of the
    # sweep's 34 s; the course PDF logs every child and adult as exported (courses/tests/test_course_pdf.py),
    # the results exports are aggregates (reports/tests/test_exports.py)
    "courses:pdf": "a PDF",
    "reports:results_pdf": "a PDF of aggregates",
    "reports:results_xlsx": "a workbook of aggregates",
}


ROUTES = [r for r in own_routes() if r.name not in SKIP]


def build_world() -> types.SimpleNamespace:
    from tidlig.courses import services as courses
    from tidlig.courses.services import fit
    from tidlig.courses.tests.factories import make_offer
    from tidlig.groups import services as groups
    from tidlig.lib.dates import today
    from tidlig.measurements.open_instruments import OUTCOME
    from tidlig.measurements.queries import active_instrument
    from tidlig.offers.models import Offer
    from tidlig.referrals import services as referrals
    from tidlig.referrals.tests.factories import make_referral

    prevention = make_prevention()
    ppr = Unit.objects.create(name="PPR", kind=Unit.Kind.PPR)
    school = Institution.objects.create(name="Nordskolen", kind=Institution.Kind.SCHOOL)
    other_school = Institution.objects.create(name="Sydskolen", kind=Institution.Kind.SCHOOL)
    class_4a = InstitutionGroup.objects.create(institution=school, name="4.A")
    class_2b = InstitutionGroup.objects.create(institution=other_school, name="2.B")
    mette, lone = make_mette(prevention), make_lone(prevention)
    sofie = make_sofie(prevention)
    make_user("kim", User.Role.COORDINATOR, unit=prevention)
    jonas = make_user("jonas", User.Role.WORKER, unit=ppr, capacity=10)
    pia = make_user("pia", User.Role.PARTNER, institution=school, title="Lærer")
    make_user("per", User.Role.PARTNER, institution=other_school, title="Lærer")
    make_user("ali", User.Role.ANALYST)
    make_user("admin", User.Role.ADMINISTRATOR, is_staff=True, is_superuser=True)

    # Pia refers Emma (4.A); her brother Noah is at Sydskolen; Anne and Frode have custody of both.
    friis_referral = referrals.receive_referral(
        unit=prevention,
        door="partner",
        source="school",
        channel="web",
        concern="Barnet er stille i klassen.",
        children=[
            referrals.ChildIn("Emma", "Friis", dt.date(2017, 3, 14), institution_group_id=class_4a.pk),
            referrals.ChildIn("Noah", "Friis", dt.date(2019, 8, 2), institution_group_id=class_2b.pk),
        ],
        guardians=[
            referrals.GuardianIn("Anne", "Friis", phone="12345678", relation="mother"),
            referrals.GuardianIn("Frode", "Friis", phone="87654321", relation="father"),
        ],
        referred_by=pia,
        referrer_description="Lærer, Nordskolen",
        consent=referrals.ConsentIn(given_how="oral", share_back_with=school),
    )
    screening = dict(wellbeing_score=5, motivation="high", has_authority_case=False, is_bounded=True)
    for referral in (friis_referral, lund_referral := make_referral(prevention, surname="Lund")):
        referrals.screen_referral(referral, actor=lone, competences=[], note="Note", **screening)
        referrals.triage_referral(referral, actor=lone, decision="accept", reason="Ok", worker=mette)
    vang_referral = make_referral(
        prevention,
        surname="Vang",
        concern="Barnet er ked af det.",
        children=[referrals.ChildIn("Alma", "Vang", dt.date(2015, 2, 3))],
        guardians=[referrals.GuardianIn("Helle", "Vang", phone="55555555", relation="mother")],
    )
    friis = friis_referral.household
    emma, noah = friis.children.get(first_name="Emma"), friis.children.get(first_name="Noah")
    anne = friis.guardians.get(first_name="Anne")

    offer = make_offer(prevention)
    course = courses.open_course(
        actor=mette,
        referral=friis_referral,
        household=friis,
        offer=offer,
        workers=[mette],
        start_meeting_on=today() - dt.timedelta(days=14),
        goals=[courses.GoalIn(text="Kommer i skole hver dag", start_rating=3)],
    )
    for days_ago, total in ((10, "5.0"), (5, "5.1"), (1, "5.2")):  # a parent's stalled outcome: a flag
        contact = courses.record_contact(
            course,
            actor=mette,
            date=today() - dt.timedelta(days=days_ago),
            duration_minutes=45,
            kind="individual",
            place="home",
        )
        fit.record_response(
            course,
            actor=mette,
            instrument=active_instrument(OUTCOME),
            role="parent",
            guardian=anne,
            contact=contact,
            scores={i: Decimal(total) for i in range(1, 5)},
        )
    extension = courses.request_extension(course, actor=mette, kind="contacts", extra=2, reason="Behov")
    placement = fit.place_wellbeing(
        course, actor=mette, child=emma, moment="start", value=4, placed_on=today() - dt.timedelta(days=7)
    )
    group_offer = Offer.objects.create(
        name="Angstgruppe", legal_basis=offer.legal_basis, unit=prevention, format=Offer.Format.GROUP
    )
    group = groups.create_group(
        actor=mette,
        offer=group_offer,
        name="Modige børn",
        starts_on=today(),
        ends_on=today(),
        capacity=6,
        leaders=[mette],
    )
    enrollment = groups.enroll(group, actor=mette, child=emma)

    berg = Household.objects.create(name="Familien Berg", unit=ppr)
    HouseholdAssignment.objects.create(household=berg, worker=jonas)
    oskar = Child.objects.create(
        household=berg,
        first_name="Oskar",
        last_name="Berg",
        birth_date=dt.date(2019, 6, 1),
        institution_group=class_2b,
    )
    lars = Guardian.objects.create(household=berg, first_name="Lars", last_name="Berg", phone="23232323")
    GuardianRelation.objects.create(guardian=lars, child=oskar, relation="father", has_custody=True)

    return types.SimpleNamespace(
        friis=friis.uuid,
        emma=emma.uuid,
        noah=noah.uuid,
        anne=anne.uuid,
        consent=friis.consents.get().uuid,
        friis_referral=friis_referral.uuid,
        lund_referral=lund_referral.uuid,
        vang_referral=vang_referral.uuid,
        class_4a=class_4a.uuid,
        course=course.uuid,
        goal=course.goals.get().uuid,
        extension=extension.uuid,
        placement=placement.uuid,
        offer=offer.uuid,
        group=group.uuid,
        enrollment=enrollment.uuid,
        sofie=sofie.uuid,
        ppr=ppr.uuid,
        school=school.uuid,
        competence=Competence.objects.create(name="Skilsmisse").pk,
    )
