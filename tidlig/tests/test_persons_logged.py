"""Every person shown is logged: every page of every role, generated from the URLconf. The children and
adults whose names a response shows are among the subjects of the access-log rows that request wrote; a
family named by its name has at least one of its members there; and a page about one person (a child's
page, a person's access report) logs that person.

One world is built once for the module (rolled back after it); each test GETs one URL as every persona.
A new URL keyword without an object here fails the sweep, as in the IDOR sweep. The same walk checks that
reads never write: a page's GET writes the access log and the session, nothing else."""

import datetime as dt
import re
import types
from decimal import Decimal

import pytest
from django.urls import reverse

from conftest import (
    login,
    make_lone,
    make_mette,
    make_prevention,
    make_sofie,
    make_user,
)
from tidlig.accounts.models import Competence, Institution, InstitutionGroup, Unit, User
from tidlig.audit.models import AccessLog, AccessLogSubject
from tidlig.people.models import Child, Guardian, GuardianRelation, Household, HouseholdAssignment
from tidlig.tests.plugin import rolled_back_after
from tidlig.tests.urlwalk import own_routes

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


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    with rolled_back_after(django_db_blocker):
        yield _build_world()


ROUTES = [r for r in own_routes() if r.name not in SKIP]


def _build_world() -> types.SimpleNamespace:
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


def _urls(route, world) -> list[str]:
    chosen = [dict(OBJECTS)]
    chosen += [{**OBJECTS, **variant} for variant in VARIANTS.get(route.name, [])]
    return [reverse(route.name, kwargs={k: getattr(world, c[k]) for k in route.kwargs}) for c in chosen]


def _persons():
    """Everyone the world holds: a person is shown by their first name (each is unique in the world) or
    their phone number, a family by its name."""
    people = [
        *Child.objects.select_related("household"),
        *Guardian.objects.select_related("household"),
    ]
    return people


def _shown(text: str, word: str) -> bool:
    return bool(word) and re.search(rf"(?<!\w){re.escape(word)}(?!\w)", text) is not None


def unlogged_persons(response, people, logged: set, url: str) -> list[str]:
    """The persons and families a response shows that the request's log rows do not name."""
    if not response["Content-Type"].startswith(("text/", "application/json")):
        return []  # the course PDF: its query logs every person of the family as exported
    body = b"".join(response.streaming_content) if response.streaming else response.content
    text = body.decode("utf-8", "replace")
    missing = [
        p.full_name
        for p in people
        if (_shown(text, p.first_name) or _shown(text, getattr(p, "phone", ""))) and p.uuid not in logged
    ]
    families = {p.household for p in people}
    for family in families:
        members = {p.uuid for p in people if p.household_id == family.pk}
        if _shown(text, family.name) and not members & logged:
            missing.append(family.name)
    if response.status_code == 200:  # a page about one person names that person, if only by its id
        missing += [p.full_name for p in people if str(p.uuid) in url and p.uuid not in logged]
    return missing


def test_it_knows_an_object_for_every_url_keyword():
    keywords = {k for r in own_routes() if r.name not in SKIP for k in r.kwargs}
    assert not keywords - set(OBJECTS), (
        f"add an object for {keywords - set(OBJECTS)} to OBJECTS and the world"
    )


@pytest.mark.django_db
@pytest.mark.parametrize("route", ROUTES, ids=lambda r: r.name)
def test_every_person_shown_is_logged(client, world, route):
    people = _persons()
    users = {u.username: u for u in User.objects.filter(username__in=PERSONAS)}
    for url in _urls(route, world):
        for persona in PERSONAS:
            login(client, users[persona])
            before = AccessLog.objects.order_by("-id").values_list("id", flat=True).first() or 0
            response = client.get(url)
            logged = set(
                AccessLogSubject.objects.filter(log_id__gt=before).values_list("person_id", flat=True)
            )
            missing = unlogged_persons(response, people, logged, url)
            assert not missing, f"{persona} saw {missing} at {url} ({response.status_code}) without a log row"


# Tables a GET may write: the access log, and the session (login, timeout, the answer-mode lock).
LOG_TABLES = ("audit_accesslog", "django_session")
WRITE = re.compile(r'^\s*(INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?(\w+)"?', re.IGNORECASE)


@pytest.mark.django_db
@pytest.mark.parametrize("route", ROUTES, ids=lambda r: r.name)
def test_reads_never_write_a_page_writes_only_the_access_log(client, world, route):
    """Reads never write: opening any page as any persona writes the access log and the session only
    (the sweep's other half is static, tidlig/tests/test_reads_never_write.py)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    users = {u.username: u for u in User.objects.filter(username__in=PERSONAS)}
    for url in _urls(route, world):
        for persona in PERSONAS:
            login(client, users[persona])
            with CaptureQueriesContext(connection) as ctx:
                client.get(url)
            written = {m.group(2).lower() for q in ctx.captured_queries if (m := WRITE.match(q["sql"]))}
            others = {t for t in written if not t.startswith(LOG_TABLES)}
            assert not others, f"{persona} opening {url} wrote to {sorted(others)}"
