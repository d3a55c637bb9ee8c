"""The synthetic demo municipality: units, institutions, workers, families and a few consents."""

import datetime as dt
import itertools
import random
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from tidlig.accounts.models import Competence, Institution, InstitutionGroup, Unit, User
from tidlig.consent.models import Consent, Information
from tidlig.consent.services import give_consent, withdraw_consent
from tidlig.lib.dates import age_on
from tidlig.people.models import Child, Guardian, GuardianRelation, Household, HouseholdAssignment

SEED = 6200
# why: well known on purpose; the login backend refuses is_demo users unless settings.DEMO is on
DEMO_PASSWORD = "demo"  # noqa: S105
TOWN = "6200 Demoby"

PREVENTION = "Tidlig Forebyggelse"
PPR = "PPR"
HEALTH_VISITING = "Sundhedsplejen"
INTAKE = "Modtagelsen"
FAMILY_CENTRE = "Familiecentret"
UNITS = {
    PREVENTION: Unit.Kind.PREVENTION,
    PPR: Unit.Kind.PPR,
    HEALTH_VISITING: Unit.Kind.HEALTH_VISITING,
    INTAKE: Unit.Kind.INTAKE,
    FAMILY_CENTRE: Unit.Kind.FAMILY_CENTRE,
}

NORDSKOLEN = "Nordskolen"
AASKOLEN = "Åskolen"
SCHOOL_CLASSES = {
    NORDSKOLEN: [f"{grade}.{letter}" for grade in range(10) for letter in "AB"],
    AASKOLEN: [f"{grade}.A" for grade in range(11)],
}
# (group, youngest, oldest): vuggestue groups take 0-2 years, børnehave groups 3-5.
DAYCARE_GROUPS = {
    "Vuggestuen Solsikken": [("Mariehønen", 0, 2), ("Græshoppen", 0, 2)],
    "Børnehuset Mælkebøtten": [("Myretuen", 3, 5), ("Bikuben", 3, 5), ("Sommerfuglene", 3, 5)],
    "Dagtilbud Skovly": [("Egernstuen", 0, 2), ("Rævestuen", 3, 5), ("Pindsvinene", 3, 5)],
}
# A family uses either Solsikken and then Mælkebøtten, or the integrated Skovly for all ages.
DAYCARE_TRACKS = (("Vuggestuen Solsikken", "Børnehuset Mælkebøtten"), ("Dagtilbud Skovly",))

COMPETENCES = [
    "Angst",
    "ADHD/autisme",
    "Skilsmisse",
    "Spædbørn",
    "Vrede",
    "Sorg",
    "Mistrivsel i skolen",
    "Forældrekompetencer",
]

# fmt: off
GIRLS = [
    "Emma", "Ida", "Clara", "Freja", "Alma", "Ella", "Sofia", "Agnes", "Karla", "Olivia",
    "Josefine", "Alberte", "Laura", "Nora", "Anna", "Luna", "Lily", "Ellen", "Mathilde", "Asta",
    "Esther", "Vigga", "Marie", "Maja", "Liva", "Frida", "Signe", "Caroline",
]
BOYS = [
    "William", "Noah", "Oscar", "Lucas", "Carl", "Oliver", "Victor", "Malthe", "Alfred", "Emil",
    "Aksel", "Valdemar", "Magnus", "Elias", "Frederik", "August", "Arthur", "Theo", "Felix",
    "Johan", "Villads", "Anton", "Storm", "Viggo", "Mikkel", "Sebastian", "Hjalte",
]
WOMEN = [
    "Anne", "Camilla", "Louise", "Maria", "Julie", "Sara", "Line", "Pernille", "Stine", "Helle",
    "Trine", "Sanne", "Christina", "Katrine", "Rikke", "Tina", "Heidi", "Lene", "Nanna", "Signe",
    "Mia", "Cecilie", "Marianne", "Charlotte",
]
MEN = [
    "Peter", "Jens", "Lars", "Michael", "Henrik", "Thomas", "Søren", "Martin", "Jesper", "Anders",
    "Rasmus", "Jakob", "Mads", "Kasper", "Nikolaj", "Christian", "Morten", "Mikkel", "Simon",
    "Brian", "Kenneth", "Bo", "Jacob", "Dennis",
]
SURNAMES = [
    "Jensen", "Nielsen", "Hansen", "Pedersen", "Andersen", "Christensen", "Larsen", "Sørensen",
    "Rasmussen", "Jørgensen", "Petersen", "Madsen", "Kristensen", "Olsen", "Thomsen", "Poulsen",
    "Johansen", "Møller", "Mortensen", "Knudsen", "Jakobsen", "Holm", "Berg", "Lund", "Dahl",
    "Bach", "Vestergaard", "Skov", "Kjær", "Friis", "Lauridsen", "Brandt", "Bruun", "Iversen",
    "Winther", "Østergaard", "Nørgaard", "Mikkelsen", "Frederiksen", "Schmidt", "Clausen", "Ravn",
    "Krogh", "Hedegaard", "Thorsen",
]
STREETS = [
    "Egevej", "Birkevej", "Bøgevej", "Ahornvej", "Kastanjevej", "Lindevej", "Granvej", "Elmevej",
    "Skovvej", "Mosevej", "Engvej", "Søvej", "Bakkevej", "Markvej", "Kirkevej", "Møllevej",
    "Rosenvænget", "Syrenvej", "Hyldevej", "Pilevej", "Åbrinken", "Havrevænget",
]
# fmt: on

HOUSEHOLDS_PER_UNIT = {PREVENTION: 120, PPR: 30, FAMILY_CENTRE: 20}
# Aabenraa: 6 to 12 families per worker. This many of each unit's families have a worker now;
# the rest were helped before and let go (demo/history.py).
ASSIGNED_PER_UNIT = {PREVENTION: 60, PPR: 17, FAMILY_CENTRE: 10}
FIXED_LOADS = {"mette": 6, "sofie": 5, "jonas": 5}
METTE_AT_NORDSKOLEN = 4
OTHERS_CONSENTING_TO_NORDSKOLEN = 3
MOTHER, FATHER, STEP_PARENT = (
    GuardianRelation.Relation.MOTHER,
    GuardianRelation.Relation.FATHER,
    GuardianRelation.Relation.STEP_PARENT,
)


@dataclass(frozen=True)
class Staff:
    username: str
    first_name: str
    last_name: str
    role: str
    title: str = ""
    unit: str = ""
    institution: str = ""
    competences: tuple[str, ...] = ()
    capacity: int | None = None
    is_admin: bool = False


Role = User.Role
# fmt: off
LOGINS = [
    Staff("lone", "Lone", "Kjærgaard", Role.LEADER, "Afdelingsleder", PREVENTION),
    Staff("mette", "Mette", "Lauritsen", Role.WORKER, "Socialrådgiver", PREVENTION,
          competences=("Angst", "Skilsmisse", "Mistrivsel i skolen"), capacity=10),
    Staff("sofie", "Sofie", "Damgaard", Role.WORKER, "Familiebehandler", PREVENTION,
          competences=("Vrede", "Forældrekompetencer"), capacity=8),
    Staff("jonas", "Jonas", "Holst", Role.WORKER, "Psykolog", PPR,
          competences=("ADHD/autisme", "Mistrivsel i skolen"), capacity=10),
    Staff("kim", "Kim", "Bertelsen", Role.COORDINATOR, "Socialrådgiver", PREVENTION),
    Staff("pia", "Pia", "Skovgaard", Role.PARTNER, "Lærer", institution=NORDSKOLEN),
    Staff("ali", "Ali", "Nørgaard", Role.ANALYST, "Dataanalytiker"),
    Staff("admin", "Birgit", "Thygesen", Role.ADMINISTRATOR, "Systemadministrator", is_admin=True),
]
# fmt: on
# Workers without a demo login: they carry the rest of the caseload and fill the load overview.
OTHER_WORKERS = [
    ("Hanne", "Thybo", PREVENTION, "Socialrådgiver"),
    ("Rasmus", "Bech", PREVENTION, "Familiebehandler"),
    ("Camilla", "Juul", PREVENTION, "Pædagog"),
    ("Karina", "Lykke", PREVENTION, "Socialrådgiver"),
    ("Morten", "Aagaard", PREVENTION, "Familiebehandler"),
    ("Signe", "Hald", PREVENTION, "Psykolog"),
    ("Tina", "Bjerre", PREVENTION, "Pædagog"),
    ("Jesper", "Kjeldsen", PREVENTION, "Socialrådgiver"),
    ("Dorthe", "Bang", PREVENTION, "Familiebehandler"),
    ("Marianne", "Svendsen", PPR, "Psykolog"),
    ("Peter", "Lind", PPR, "Psykolog"),
    ("Susanne", "Krog", PPR, "Pædagog"),
    ("Birgitte", "Munk", HEALTH_VISITING, "Sundhedsplejerske"),
    ("Helle", "Storm", HEALTH_VISITING, "Sundhedsplejerske"),
    ("Gitte", "Buus", HEALTH_VISITING, "Sundhedsplejerske"),
    ("Lars", "Fogh", FAMILY_CENTRE, "Familiebehandler"),
    ("Anja", "Brix", FAMILY_CENTRE, "Familiebehandler"),
]


@dataclass
class Family:
    household: Household
    children: list[Child] = field(default_factory=list)
    guardians: list[Guardian] = field(default_factory=list)
    relations: list[str] = field(default_factory=list)  # each guardian's relation to every child

    def children_at(self, institution: Institution) -> list[Child]:
        return [
            c
            for c in self.children
            if c.institution_group and c.institution_group.institution_id == institution.pk
        ]


@dataclass
class Summary:
    units: int
    institutions: int
    groups: int
    competences: int
    workers: int
    households: int
    children: int
    guardians: int
    assignments: int
    consents: int
    withdrawn_consents: int
    referrals: int
    counselling: int
    offers: int
    courses: int
    running_groups: int
    logins: list[User]


USERNAMES_TAKEN = "Brugernavnene {usernames} findes allerede og er ikke demo-brugere."


class DemoConflict(Exception):
    pass


def demo_exists() -> bool:
    return User.objects.filter(username="lone", is_demo=True).exists()


@transaction.atomic
def build_demo() -> Summary | None:
    """Load the demo municipality once; when it is already there, change nothing, return None."""
    if demo_exists():
        return None
    taken = User.objects.filter(username__in=[s.username for s in LOGINS]).order_by("username")
    if taken:
        usernames = ", ".join(u.username for u in taken)
        raise DemoConflict(USERNAMES_TAKEN.format(usernames=usernames))
    return _Builder().build()


def _ascii(name: str) -> str:
    return name.lower().translate(str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "é": "e"}))


def _genitive(name: str) -> str:
    return f"{name}'" if name[-1] in "sxz" else f"{name}s"


class _Builder:
    def __init__(self) -> None:
        # why: a fixed seed gives the same municipality on every machine; nothing here is secret
        self.rng = random.Random(SEED)  # noqa: S311
        self.today = timezone.localdate()
        self.now = timezone.now()
        self.phone_serial = 0

    def build(self) -> Summary:
        self.units = {
            name: Unit.objects.get_or_create(name=name, defaults={"kind": kind})[0]
            for name, kind in UNITS.items()
        }
        # why: the administrator's setting says which unit receives the public form and the partners'
        # referrals (decision 0022); the demo's is Tidlig Forebyggelse
        receiving = self.units[PREVENTION]
        Unit.objects.filter(pk=receiving.pk).update(receives_public_referrals=True)
        self._institutions()
        Institution.objects.filter(referral_unit__isnull=True).update(referral_unit=receiving)
        self.competences = {name: Competence.objects.get_or_create(name=name)[0] for name in COMPETENCES}
        logins, workers = self._staff()
        users = {u.username: u for u in logins}
        families = self._families()
        assignments = self._assign(families, workers, assigned_by=users["lone"])
        consents = self._consents(families, assignments, users)
        from tidlig.demo.history import build_past

        build_past(workers=workers, assigned_by=users["lone"], now=self.now)
        from tidlig.demo.offers import build_offers
        from tidlig.demo.referrals import build_counselling, build_referrals

        offers = build_offers(self.units[PREVENTION])

        referrals = build_referrals(
            unit=self.units[PREVENTION], users=users, competences=self.competences, now=self.now
        )
        from tidlig.demo.courses import build_courses

        family_offer = next(o for o in offers if o.name == "Konsulentbistand / forløb til familier")
        courses = build_courses(users=users, offer=family_offer, today=self.today)
        from tidlig.demo.groups import build_groups
        from tidlig.reports.demo import build_targets

        build_targets(self.units[PREVENTION])

        running_groups = build_groups(users=users, offers=offers, today=self.today)
        counselling = build_counselling(
            unit=self.units[PREVENTION], recorder=users["kim"], rng=self.rng, today=self.today
        )
        return Summary(
            units=len(self.units),
            institutions=len(self.institutions),
            groups=len(self.groups),
            competences=len(self.competences),
            workers=len(workers),
            households=len(families),
            children=sum(len(f.children) for f in families),
            guardians=sum(len(f.guardians) for f in families),
            assignments=len(assignments),
            consents=len(consents),
            withdrawn_consents=sum(c.withdrawn_at is not None for c in consents),
            referrals=referrals,
            counselling=counselling,
            offers=len(offers),
            courses=courses,
            running_groups=running_groups,
            logins=logins,
        )

    def _institutions(self) -> None:
        self.institutions: dict[str, Institution] = {}
        self.groups: dict[tuple[str, str], InstitutionGroup] = {}
        layout = [(name, Institution.Kind.SCHOOL, names) for name, names in SCHOOL_CLASSES.items()]
        layout += [
            (name, Institution.Kind.DAYCARE, [group for group, _, _ in groups])
            for name, groups in DAYCARE_GROUPS.items()
        ]
        for name, kind, group_names in layout:
            institution = Institution.objects.get_or_create(name=name, defaults={"kind": kind})[0]
            self.institutions[name] = institution
            for group_name in group_names:
                self.groups[name, group_name] = InstitutionGroup.objects.get_or_create(
                    institution=institution, name=group_name
                )[0]

    def _staff(self) -> tuple[list[User], list[User]]:
        """Demo logins get the password "demo"; the other workers cannot log in at all."""
        password = make_password(DEMO_PASSWORD)  # why: one hash for all logins, each costs ~0.3 s
        specs = list(LOGINS)
        for first_name, last_name, unit, title in OTHER_WORKERS:
            wanted = self.rng.sample(COMPETENCES, self.rng.randint(1, 3))
            if title == "Sundhedsplejerske" and "Spædbørn" not in wanted:
                wanted = ["Spædbørn", *wanted[:2]]
            username = _ascii(f"{first_name}.{last_name}")
            capacity = self.rng.randint(6, 12)
            specs.append(
                Staff(
                    username,
                    first_name,
                    last_name,
                    Role.WORKER,
                    title,
                    unit,
                    competences=tuple(wanted),
                    capacity=capacity,
                )
            )
        users = []
        for spec in specs:
            user = User(
                username=spec.username,
                first_name=spec.first_name,
                last_name=spec.last_name,
                email=f"{spec.username}@example.dk",
                role=spec.role,
                title=spec.title,
                unit=self.units.get(spec.unit),
                institution=self.institutions.get(spec.institution),
                capacity=spec.capacity,
                is_staff=spec.is_admin,
                is_superuser=spec.is_admin,
            )
            user.is_demo = True
            if spec in LOGINS:
                user.password = password
            else:
                user.set_unusable_password()
            users.append(user)
        User.objects.bulk_create(users)
        Link = User.competences.through
        Link.objects.bulk_create(
            [
                Link(user_id=user.pk, competence_id=self.competences[name].pk)
                for user, spec in zip(users, specs, strict=True)
                for name in spec.competences
            ]
        )
        return users[: len(LOGINS)], [u for u in users if u.role == Role.WORKER]

    def _families(self) -> list[Family]:
        families = [
            self._family(self.units[unit_name])
            for unit_name, count in HOUSEHOLDS_PER_UNIT.items()
            for _ in range(count)
        ]
        Household.objects.bulk_create([f.household for f in families])
        Child.objects.bulk_create([c for f in families for c in f.children])
        Guardian.objects.bulk_create([g for f in families for g in f.guardians])
        GuardianRelation.objects.bulk_create(
            [
                GuardianRelation(
                    guardian=guardian,
                    child=child,
                    relation=relation,
                    has_custody=relation != STEP_PARENT,
                )
                for f in families
                for guardian, relation in zip(f.guardians, f.relations, strict=True)
                for child in f.children
            ]
        )
        return families

    def _family(self, unit: Unit) -> Family:
        rng = self.rng
        surname = rng.choice(SURNAMES)
        created_at = self.now - dt.timedelta(days=rng.randint(3, 700), minutes=rng.randint(0, 600))
        household = Household(name=f"Familien {surname}", unit=unit, created_at=created_at)
        family = Family(household)
        school = rng.choice(list(SCHOOL_CLASSES))
        track = rng.choice(DAYCARE_TRACKS)
        for birth_date in self._birth_dates(rng.choices((1, 2, 3), weights=(45, 35, 20))[0]):
            taken = {c.first_name for c in family.children}
            first_name = rng.choice([n for n in rng.choice((GIRLS, BOYS)) if n not in taken])
            group = self._placement(age_on(birth_date, self.today), school, track)
            family.children.append(
                Child(
                    household=household,
                    first_name=first_name,
                    last_name=surname,
                    birth_date=birth_date,
                    institution_group=group,
                    created_at=created_at,
                )
            )
        address = f"{rng.choice(STREETS)} {rng.randint(1, 80)}, {TOWN}"
        shape = rng.choices(("two_parents", "single", "step_family"), weights=(55, 30, 15))[0]
        parent = MOTHER if rng.random() < 0.7 else FATHER
        other_parent = FATHER if parent == MOTHER else MOTHER
        if shape == "two_parents":
            relations = [parent, other_parent]
        elif shape == "single":
            relations = [parent]
        else:
            relations = [parent, STEP_PARENT]
        for relation in relations:
            woman = relation == MOTHER or (relation == STEP_PARENT and parent == FATHER)
            last_name = surname
            # why: many mothers and all step-parents have a surname of their own
            if relation == STEP_PARENT or (relation == MOTHER and rng.random() < 0.3):
                last_name = rng.choice(SURNAMES)
            first_name = rng.choice(WOMEN if woman else MEN)
            family.guardians.append(self._guardian(household, first_name, last_name, address, created_at))
            family.relations.append(relation)
        return family

    def _guardian(
        self,
        household: Household,
        first_name: str,
        last_name: str,
        address: str,
        created_at: dt.datetime,
    ) -> Guardian:
        self.phone_serial += 1
        has_email = self.rng.random() < 0.75
        return Guardian(
            household=household,
            first_name=first_name,
            last_name=last_name,
            address=address,
            # why: the Danish numbering plan never hands out 00 00 ..., so no real person is called
            phone=f"00 00 {self.phone_serial // 100:02d} {self.phone_serial % 100:02d}",
            email=f"{_ascii(first_name)}.{_ascii(last_name)}@example.dk" if has_email else "",
            created_at=created_at,
        )

    def _birth_dates(self, count: int) -> list[dt.date]:
        """Ages 0-17, oldest first, with at least 15 months between siblings."""
        while True:
            days = sorted(self.rng.randint(14, 18 * 365 - 1) for _ in range(count))
            if all(b - a >= 450 for a, b in itertools.pairwise(days)):
                return [self.today - dt.timedelta(days=d) for d in reversed(days)]

    def _placement(self, age: int, school: str, track: tuple[str, ...]) -> InstitutionGroup | None:
        rng = self.rng
        if age <= 5:
            if rng.random() < (0.6 if age == 0 else 0.1):
                return None  # why: most babies are at home on parental leave
            options = [
                (daycare, group)
                for daycare in track
                for group, youngest, oldest in DAYCARE_GROUPS[daycare]
                if youngest <= age <= oldest
            ]
            return self.groups[rng.choice(options)]
        if age <= 15:
            grade = age - 6  # why: a child starts in 0. klasse the year they turn six
            letter = rng.choice("AB") if f"{grade}.B" in SCHOOL_CLASSES[school] else "A"
            return self.groups[school, f"{grade}.{letter}"]
        if age == 16 and rng.random() < 0.6:
            return self.groups[AASKOLEN, "10.A"]
        return None  # why: at efterskole or a youth education outside the demo

    def _assign(
        self, families: list[Family], workers: list[User], *, assigned_by: User
    ) -> list[HouseholdAssignment]:
        """Each unit's families go to its own workers; nobody gets more than their capacity."""
        nordskolen = self.institutions[NORDSKOLEN]
        plan: list[tuple[Family, User]] = []
        for unit_name, total in ASSIGNED_PER_UNIT.items():
            unit = self.units[unit_name]
            pool = [f for f in families if f.household.unit == unit]
            self.rng.shuffle(pool)
            unit_workers = [w for w in workers if w.unit == unit]
            for worker in unit_workers:
                wanted = min(FIXED_LOADS.get(worker.username, 0), worker.capacity)
                chosen = pool[:wanted]
                if worker.username == "mette":
                    # why: pia at Nordskolen must see some of Mette's families (and their consents)
                    at_school = [f for f in pool if f.children_at(nordskolen)]
                    elsewhere = [f for f in pool if not f.children_at(nordskolen)]
                    chosen = at_school[:METTE_AT_NORDSKOLEN]
                    chosen += elsewhere[: wanted - len(chosen)]
                for family in chosen:
                    pool.remove(family)
                    plan.append((family, worker))
            others = [w for w in unit_workers if w.username not in FIXED_LOADS]
            load = dict.fromkeys((w.pk for w in others), 0)
            assigned = sum(1 for _, w in plan if w.unit == unit)
            for worker in itertools.cycle(others):
                if assigned >= total or not pool or all(load[w.pk] >= w.capacity for w in others):
                    break
                if load[worker.pk] < worker.capacity:
                    plan.append((pool.pop(), worker))
                    load[worker.pk] += 1
                    assigned += 1
        return HouseholdAssignment.objects.bulk_create(
            [
                HouseholdAssignment(
                    household=family.household,
                    worker=worker,
                    assigned_by=assigned_by,
                    assigned_at=min(
                        family.household.created_at + dt.timedelta(days=self.rng.randint(1, 14)),
                        self.now,
                    ),
                )
                for family, worker in plan
            ]
        )

    def _consents(
        self, families: list[Family], assignments: list[HouseholdAssignment], users: dict[str, User]
    ) -> list[Consent]:
        """Through the consent services, so custody is checked and the audit log is written."""
        nordskolen = self.institutions[NORDSKOLEN]
        workers = {a.household_id: a.worker for a in assignments}
        mette = users["mette"]
        consents = []
        for family in families:
            children = family.children_at(nordskolen)
            if children and workers.get(family.household.pk) == mette:
                name = _genitive(children[0].first_name)
                consents.append(
                    self._consent(
                        family,
                        actor=mette,
                        children=children,
                        information=[Information.BASIC, Information.COURSE],
                        institutions=[nordskolen],
                        purpose=f"Skolen og familien samarbejder om {name} trivsel i klassen.",
                    )
                )
        consents[-1] = withdraw_consent(
            consents[-1],
            actor=mette,
            reason="Forældrene ønsker ikke længere, at skolen får oplysninger om forløbet.",
        )
        # why: a school sees a child only while a consent names it, so for pia to see more than
        # Mette's families, some families of other workers consent too
        others = [
            f
            for f in families
            if f.household.unit == self.units[PREVENTION]
            and workers.get(f.household.pk) not in (None, mette)
            and f.children_at(nordskolen)
        ]
        for family in others[:OTHERS_CONSENTING_TO_NORDSKOLEN]:
            children = family.children_at(nordskolen)
            name = _genitive(children[0].first_name)
            consents.append(
                self._consent(
                    family,
                    actor=workers[family.household.pk],
                    children=children,
                    information=[Information.BASIC],
                    institutions=[nordskolen],
                    purpose=f"Klasselæreren følger {name} trivsel sammen med familien.",
                )
            )
        # why: a family still waiting for triage, whose consent Kim took at the first phone call
        waiting = next(
            f
            for f in families
            if f.household.unit == self.units[PREVENTION]
            and f.household.pk not in workers
            and any(f.children_at(self.institutions[school]) for school in SCHOOL_CLASSES)
        )
        name = waiting.children[0].first_name
        consents.append(
            self._consent(
                waiting,
                actor=users["kim"],
                children=waiting.children,
                information=[Information.BASIC, Information.CONCERN],
                units=[self.units[PPR]],
                purpose=f"PPR vurderer, om {name} har brug for støtte i skolen.",
            )
        )
        return consents

    def _consent(
        self,
        family: Family,
        *,
        actor: User,
        children: list[Child],
        information: list[str],
        purpose: str,
        institutions: Sequence[Institution] = (),
        units: Sequence[Unit] = (),
    ) -> Consent:
        valid_from = self.today - dt.timedelta(days=self.rng.randint(5, 60))
        return give_consent(
            actor=actor,
            given_by=family.guardians[0],  # why: the first adult is always a parent with custody
            given_how=self.rng.choice(Consent.GivenHow.values),
            children=children,
            information=information,
            recipient_institutions=institutions,
            recipient_units=units,
            purpose=purpose,
            valid_from=valid_from,
            valid_until=valid_from + dt.timedelta(days=365),
        )
