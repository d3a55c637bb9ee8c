"""The demo's synthetic families: each household's children and adults, their ages, schools and daycares,
and who has custody. A mixin of the demo builder, which holds the random generator and the institutions."""

import datetime as dt
import itertools
from dataclasses import dataclass, field

from tidlig.accounts.models import Institution, InstitutionGroup, Unit
from tidlig.demo.municipality import (
    AASKOLEN,
    BOYS,
    DAYCARE_GROUPS,
    DAYCARE_TRACKS,
    FATHER,
    GIRLS,
    HOUSEHOLDS_PER_UNIT,
    MEN,
    MOTHER,
    SCHOOL_CLASSES,
    STEP_PARENT,
    STREETS,
    SURNAMES,
    TOWN,
    WOMEN,
    ascii_name,
)
from tidlig.lib.dates import age_on
from tidlig.people.models import Child, Guardian, GuardianRelation, Household


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


class FamiliesMixin:
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
            email=f"{ascii_name(first_name)}.{ascii_name(last_name)}@example.dk" if has_email else "",
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
