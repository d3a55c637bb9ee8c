"""The IDOR sweep, generated from the URLconf: every URL that takes an object id is tried by people
who must not see the object. They get 404 (so existence does not leak) and the attempt is logged."""

import pytest
from django.urls import reverse

from conftest import login
from tidlig.audit.models import AccessLog
from tidlig.tests.factories import PUBLIC_TOKEN_ROUTES, family_names, names_in
from tidlig.tests.urlwalk import own_routes

OBJECT_ROUTES = [r for r in own_routes() if r.kwargs]

# How to find the object for each URL keyword: a fixture name and an attribute of it.
OBJECTS = {
    "household_id": ("mette_family", "uuid"),
    "child_id": ("emma", "uuid"),
    "consent_id": ("emma_consent", "uuid"),
    "person_id": ("emma", "uuid"),
    "referral_id": ("mette_referral", "uuid"),
    "class_id": ("class_4a", "uuid"),
    "course_id": ("mette_course", "uuid"),
    "goal_id": ("mette_goal", "uuid"),
    "request_id": ("mette_extension", "uuid"),
    "placement_id": ("mette_placement", "uuid"),
    "offer_id": ("mette_offer", "uuid"),
    "group_id": ("mette_group", "uuid"),
    "enrollment_id": ("mette_enrollment", "uuid"),
    # the administration's objects: staff and the organisation, the administrator's alone
    "user_id": ("mette", "uuid"),
    "unit_id": ("prevention", "uuid"),
    "institution_id": ("school", "uuid"),
    "competence_id": ("mette_competence", "pk"),
}
# Routes whose owner is the administrator rather than the family's worker (the access request).
ADMIN_ONLY = {"audit:access_request_export"}
# Who uses each route on Mette's family, where it is not Mette herself.
OWNERS = {
    "people:assign_worker": "lone",
    "referrals:screen": "lone",
    "referrals:decide": "lone",
    "referrals:partner_referral": "pia",
    "courses:decide_extension": "lone",
    "offers:edit": "lone",
    "offers:delete": "lone",
    **{r.name: "admin_user" for r in OBJECT_ROUTES if r.name.startswith("accounts:")},
}
# Who may never see Mette's family. Pia is at Emma's school but the family gave her no consent.
OUTSIDERS = ["jonas", "sofie", "per", "pia", "ali", "admin_user"]


@pytest.fixture
def emma_consent(mette, anne, emma, other_school):
    """A consent that names another school, so it opens nothing for Pia."""
    import datetime as dt

    from tidlig.consent.services import give_consent

    return give_consent(
        actor=mette,
        given_by=anne,
        given_how="written",
        children=[emma],
        information=["basic"],
        recipient_institutions=[other_school],
        purpose="Samarbejde",
        valid_from=dt.date(2020, 1, 1),
        valid_until=dt.date(2099, 1, 1),
    )


@pytest.fixture
def mette_competence(mette):
    return mette.competences.get()


@pytest.fixture
def mette_referral(prevention, lone, mette):
    """A referral triaged to Mette."""
    from tidlig.referrals import services
    from tidlig.referrals.tests.factories import make_referral

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
    return services.triage_referral(referral, actor=lone, decision="accept", reason="Ok", worker=mette)


@pytest.fixture
def mette_course(mette_referral, mette):
    import datetime as dt

    from tidlig.courses import services
    from tidlig.courses.tests.factories import make_offer
    from tidlig.lib.dates import today

    return services.open_course(
        actor=mette,
        referral=mette_referral,
        household=mette_referral.household,
        offer=make_offer(mette_referral.unit),
        workers=[mette],
        start_meeting_on=today() - dt.timedelta(days=7),
        goals=[services.GoalIn(text="Emil kommer i skole", start_rating=3)],
    )


@pytest.fixture
def mette_group(prevention, mette, emma):
    """A group Mette leads, with Emma enrolled."""
    from tidlig.groups import services
    from tidlig.lib.dates import today
    from tidlig.offers.models import LegalBasis, Offer

    basis = LegalBasis.objects.create(reference="Barnets lov § 30 stk. 2")
    offer = Offer.objects.create(
        name="Angstgruppe", legal_basis=basis, unit=prevention, format=Offer.Format.GROUP
    )
    group = services.create_group(
        actor=mette,
        offer=offer,
        name="Modige børn",
        starts_on=today(),
        ends_on=today(),
        capacity=6,
        leaders=[mette],
    )
    services.enroll(group, actor=mette, child=emma)
    return group


@pytest.fixture
def mette_enrollment(mette_group):
    return mette_group.enrollments.get()


@pytest.fixture
def mette_offer(mette_course):
    return mette_course.offer


@pytest.fixture
def mette_goal(mette_course):
    return mette_course.goals.get()


@pytest.fixture
def mette_extension(mette_course, mette):
    from tidlig.courses import services

    return services.request_extension(mette_course, actor=mette, kind="contacts", extra=2, reason="Behov")


@pytest.fixture
def mette_placement(mette_course, mette):
    import datetime as dt

    from tidlig.courses.services import fit
    from tidlig.lib.dates import today

    child = mette_course.household.children.get()
    return fit.place_wellbeing(
        mette_course,
        actor=mette,
        child=child,
        moment="start",
        value=4,
        placed_on=today() - dt.timedelta(days=7),
    )


def test_it_knows_how_to_build_every_object_url():
    unknown = {k for r in OBJECT_ROUTES if r.name not in PUBLIC_TOKEN_ROUTES for k in r.kwargs} - set(OBJECTS)
    assert not unknown, f"add the new URL keyword(s) {unknown} to OBJECTS so the sweep covers them"


@pytest.mark.django_db
@pytest.mark.parametrize("route", OBJECT_ROUTES, ids=lambda r: r.name)
@pytest.mark.parametrize("outsider", OUTSIDERS)
def test_it_hides_other_peoples_objects(request, client, route, outsider):
    user = request.getfixturevalue(outsider)
    if route.name in PUBLIC_TOKEN_ROUTES:
        pytest.skip("public by design: a signed token, no personal data")
    if route.name in ADMIN_ONLY and outsider == "admin_user":
        pytest.skip("the administrator is the owner of access requests")
    if OWNERS.get(route.name) == outsider:
        pytest.skip("the owner of this route")
    kwargs = {}
    for key in route.kwargs:
        fixture, attr = OBJECTS[key]
        kwargs[key] = getattr(request.getfixturevalue(fixture), attr)
    url = reverse(route.name, kwargs=kwargs)
    login(client, user)
    denied = AccessLog.objects.filter(action=AccessLog.Action.DENIED, actor=user)
    # GET on a POST-only URL answers 405 for every id alike, so it reveals nothing.
    response = client.get(url)
    assert response.status_code in (403, 404, 405), f"{outsider} got {response.status_code} at {url}"
    before = denied.count()
    response = client.post(url)
    assert response.status_code in (403, 404), f"{outsider} got {response.status_code} on POST {url}"
    for content in (response.content, client.get(url).content):
        assert b"Holm" not in content
        assert b"Lund" not in content
    assert denied.count() > before, "a denied attempt is logged"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "route",
    [r for r in OBJECT_ROUTES if r.name not in ADMIN_ONLY | PUBLIC_TOKEN_ROUTES],
    ids=lambda r: r.name,
)
def test_it_opens_the_object_for_its_owner(request, client, route):
    """The other side of the sweep: the same URL works for the family's own worker (or leader)."""
    request.getfixturevalue("prevention")  # the receiving unit partners refer to
    kwargs = {}
    for key in route.kwargs:
        fixture, attr = OBJECTS[key]
        kwargs[key] = getattr(request.getfixturevalue(fixture), attr)
    login(client, request.getfixturevalue(OWNERS.get(route.name, "mette")))
    response = client.get(reverse(route.name, kwargs=kwargs))
    assert response.status_code in (200, 302, 405), response.status_code
    if response.status_code == 302:  # e.g. answer mode without a lock goes back to the course
        assert not response["Location"].startswith(reverse("login"))


@pytest.mark.django_db
def test_it_answers_404_for_a_worker_in_another_unit(client, jonas, emma):
    login(client, jonas)
    assert client.get(reverse("people:child", args=[emma.uuid])).status_code == 404
    denied = AccessLog.objects.get(action=AccessLog.Action.DENIED)
    assert denied.actor == jonas
    assert denied.object_id == str(emma.uuid)
    assert not denied.subjects.exists(), "a denied attempt names no person"


@pytest.mark.django_db
def test_it_answers_404_for_a_partner_at_another_school(client, per, pia, emma, anne, mette, school):
    """Per (Sydskolen) never sees Emma; Pia (Nordskolen) sees her only once Anne has consented."""
    import datetime as dt

    from tidlig.consent.services import give_consent

    url = reverse("people:child", args=[emma.uuid])
    login(client, pia)
    assert client.get(url).status_code == 404
    give_consent(
        actor=mette,
        given_by=anne,
        given_how="oral",
        children=[emma],
        information=["basic"],
        recipient_institutions=[school],
        purpose="Samarbejde om Emmas trivsel",
        valid_from=dt.date(2020, 1, 1),
        valid_until=dt.date(2099, 1, 1),
    )
    assert client.get(url).status_code == 200
    login(client, per)
    assert client.get(url).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("route", OBJECT_ROUTES, ids=lambda r: r.name)
def test_no_outsider_sees_any_name_of_the_family(request, client, route):
    """Every name of every fixture family (children and adults, first and last), not two surnames."""
    if route.name in PUBLIC_TOKEN_ROUTES:
        pytest.skip("public by design: a signed token, no personal data")
    kwargs = {
        key: getattr(request.getfixturevalue(f), a) for key, (f, a) in OBJECTS.items() if key in route.kwargs
    }
    url = reverse(route.name, kwargs=kwargs)
    names = family_names()
    for outsider in OUTSIDERS:
        if OWNERS.get(route.name) == outsider or (route.name in ADMIN_ONLY and outsider == "admin_user"):
            continue
        login(client, request.getfixturevalue(outsider))
        for response in (client.get(url), client.post(url)):
            assert not names_in(response.content, names), f"{outsider} saw a name at {url}"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "route", [r for r in OBJECT_ROUTES if r.name.startswith("accounts:")], ids=lambda r: r.name
)
def test_the_administration_answers_404_for_an_unknown_object_and_logs_it(client, admin_user, route):
    """The administrator's own pages do not leak either: an unknown id is a logged 404, GET and POST."""
    kwargs = {
        k: 999999 if f"<int:{k}>" in route.pattern else "00000000-0000-4000-8000-000000000000"
        for k in route.kwargs
    }
    login(client, admin_user)
    for method in (client.get, client.post):
        response = method(reverse(route.name, kwargs=kwargs))
        assert response.status_code in (404, 405), route.name
    assert AccessLog.objects.filter(action=AccessLog.Action.DENIED, actor=admin_user).exists()
