"""Personas shared by every test: mette the worker, lone her leader, jonas a worker in another unit
who must never see Mette's families, pia a teacher at Mette's family's school, per at another school."""

import pytest

from tidlig.accounts.models import Competence, Institution, InstitutionGroup, Unit, User
from tidlig.people.models import Child, Guardian, GuardianRelation, Household, HouseholdAssignment
from tidlig.tests.plugin import born_aged

# the suite's machinery: hypothesis profile, test clock, start order, rolled_back_after
pytest_plugins = ["tidlig.tests.plugin"]

PASSWORD = "korrekt-hest-batteri-42"


def make_user(username: str, role: str, **extra) -> User:
    user = User(
        username=username,
        role=role,
        first_name=username.capitalize(),
        last_name="Testesen",
        **extra,
    )
    user.set_password(PASSWORD)
    user.save()
    return user


def make_prevention() -> Unit:
    return Unit.objects.create(name="Tidlig Forebyggelse", kind=Unit.Kind.PREVENTION)


@pytest.fixture
def prevention(db) -> Unit:
    return make_prevention()


@pytest.fixture
def ppr(db) -> Unit:
    return Unit.objects.create(name="PPR", kind=Unit.Kind.PPR)


@pytest.fixture
def school(db) -> Institution:
    return Institution.objects.create(name="Nordskolen", kind=Institution.Kind.SCHOOL)


@pytest.fixture
def other_school(db) -> Institution:
    return Institution.objects.create(name="Sydskolen", kind=Institution.Kind.SCHOOL)


@pytest.fixture
def class_4a(school) -> InstitutionGroup:
    return InstitutionGroup.objects.create(institution=school, name="4.A")


@pytest.fixture
def class_2b(other_school) -> InstitutionGroup:
    return InstitutionGroup.objects.create(institution=other_school, name="2.B")


def make_mette(unit: Unit) -> User:
    user = make_user("mette", User.Role.WORKER, unit=unit, capacity=10, title="Socialrådgiver")
    user.competences.add(Competence.objects.create(name="Angst"))
    return user


def make_sofie(unit: Unit) -> User:
    return make_user("sofie", User.Role.WORKER, unit=unit, capacity=8)


def make_lone(unit: Unit) -> User:
    return make_user("lone", User.Role.LEADER, unit=unit)


@pytest.fixture
def mette(prevention) -> User:
    return make_mette(prevention)


@pytest.fixture
def sofie(prevention) -> User:
    return make_sofie(prevention)


@pytest.fixture
def lone(prevention) -> User:
    return make_lone(prevention)


@pytest.fixture
def kim(prevention) -> User:
    return make_user("kim", User.Role.COORDINATOR, unit=prevention)


@pytest.fixture
def jonas(ppr) -> User:
    return make_user("jonas", User.Role.WORKER, unit=ppr, capacity=10)


@pytest.fixture
def pia(school) -> User:
    return make_user("pia", User.Role.PARTNER, institution=school, title="Lærer")


@pytest.fixture
def per(other_school) -> User:
    return make_user("per", User.Role.PARTNER, institution=other_school, title="Lærer")


@pytest.fixture
def ali(db) -> User:
    return make_user("ali", User.Role.ANALYST)


@pytest.fixture
def admin_user(db) -> User:
    return make_user("admin", User.Role.ADMINISTRATOR, is_staff=True, is_superuser=True)


@pytest.fixture
def mette_family(prevention, mette, class_4a) -> Household:
    """Familien Holm: Emma (9, in 4.A at Nordskolen) and her mother Anne, who has custody."""
    household = Household.objects.create(name="Familien Holm", unit=prevention)
    HouseholdAssignment.objects.create(household=household, worker=mette)
    emma = Child.objects.create(
        household=household,
        first_name="Emma",
        last_name="Holm",
        birth_date=born_aged(9),
        institution_group=class_4a,
    )
    anne = Guardian.objects.create(household=household, first_name="Anne", last_name="Holm", phone="12345678")
    GuardianRelation.objects.create(guardian=anne, child=emma, relation="mother", has_custody=True)
    return household


@pytest.fixture
def emma(mette_family) -> Child:
    return mette_family.children.get(first_name="Emma")


@pytest.fixture
def anne(mette_family) -> Guardian:
    return mette_family.guardians.get(first_name="Anne")


@pytest.fixture
def jonas_family(ppr, jonas, class_2b) -> Household:
    """Familien Berg in PPR, Jonas's family: Oskar (7, in 2.B at Sydskolen)."""
    household = Household.objects.create(name="Familien Berg", unit=ppr)
    HouseholdAssignment.objects.create(household=household, worker=jonas)
    oskar = Child.objects.create(
        household=household,
        first_name="Oskar",
        last_name="Berg",
        birth_date=born_aged(7),
        institution_group=class_2b,
    )
    far = Guardian.objects.create(household=household, first_name="Lars", last_name="Berg")
    GuardianRelation.objects.create(guardian=far, child=oskar, relation="father", has_custody=True)
    return household


@pytest.fixture
def oskar(jonas_family) -> Child:
    return jonas_family.children.get()


def login(client, user: User):
    client.force_login(user, backend="tidlig.accounts.backends.LockoutBackend")
    return client


@pytest.fixture(autouse=True)
def _reference_data(request):
    """Rows that migrations create (ladder steps, Tidlig's open instruments, the Trivselslineal) are
    ensured for every database test: a transactional test's flush removes them, and a reused test
    database keeps that loss between runs."""
    marker = request.node.get_closest_marker("django_db")
    names = set(request.fixturenames)
    if marker is None and not names & {"db", "transactional_db"}:
        return
    transactional = "transactional_db" in names or (marker is not None and marker.kwargs.get("transaction"))
    request.getfixturevalue("transactional_db" if transactional else "db")
    ensure_reference_data()


def ensure_reference_data() -> None:
    """The ladder steps, Tidlig's open instruments and the Trivselslineal, as migrations create them."""
    from tidlig.measurements.services import install_reference_data
    from tidlig.offers.defaults import ensure_default_steps

    ensure_default_steps()
    install_reference_data()
