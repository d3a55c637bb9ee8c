"""The synthetic demo municipality: units, institutions, workers, families and a few consents."""

import datetime as dt
import itertools
import random
from collections.abc import Sequence
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from tidlig.accounts.models import Competence, Institution, InstitutionGroup, Unit, User
from tidlig.consent.models import Consent, Information
from tidlig.consent.services import give_consent, withdraw_consent
from tidlig.demo.families import FamiliesMixin, Family
from tidlig.demo.municipality import (
    ASSIGNED_PER_UNIT,
    COMPETENCES,
    DAYCARE_GROUPS,
    DEMO_PASSWORD,
    FIXED_LOADS,
    LOGINS,
    METTE_AT_NORDSKOLEN,
    NORDSKOLEN,
    OTHER_WORKERS,
    OTHERS_CONSENTING_TO_NORDSKOLEN,
    PPR,
    PREVENTION,
    SCHOOL_CLASSES,
    SEED,
    UNITS,
    Role,
    Staff,
    ascii_name,
)
from tidlig.people.models import Child, HouseholdAssignment


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


def _genitive(name: str) -> str:
    return f"{name}'" if name[-1] in "sxz" else f"{name}s"


class _Builder(FamiliesMixin):
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
            username = ascii_name(f"{first_name}.{last_name}")
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
