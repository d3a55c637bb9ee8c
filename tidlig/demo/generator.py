"""A municipality-sized synthetic data set for benchmarks (issue 8): `manage.py generate_data`.

Everything is made up and deterministic: the same seed, size and day give the same rows. Names come from
the demo's lists; CPR numbers are fictitious (they fail modulus 11, and no such birth-date series is
handed out to the children here). Rows go in with bulk_create in one transaction per batch of families,
through the models: CPR is encrypted by Child.set_cpr, answers are checked and totalled by the same
scoring function the forms use (measurements.scoring.clean_scores), and every table gets the fields the
services would set. No audit rows are written: the history is generated, nobody read it.

Sizes (per municipality; `national` is 98 of them):
  small     Aabenraa: 13,000 children, 17 workers, 1,000 referrals a year
  large     Aarhus: 70,000 children, 100 workers, 7,500 referrals a year (about 30,000 courses,
            150,000 contacts, 600,000 item scores in five years)
  national  1.2 million children in 98 municipalities' worth of units; refused without allow_national

"Detection placements" (opsporing) do not exist yet; the placements generated are the Trivselslineal
placements of courses (start and end).
"""

import datetime as dt
import itertools
import math
import random
import time
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import connection, transaction
from django.utils import timezone

from tidlig.accounts.models import Institution, InstitutionGroup, Unit, User
from tidlig.courses import results
from tidlig.courses.models import Contact, Course, Goal
from tidlig.demo.builder import BOYS, GIRLS, MEN, STREETS, SURNAMES, WOMEN, _ascii
from tidlig.demo.models import GeneratedData
from tidlig.demo.offers import build_offers
from tidlig.lib.cpr import passes_modulus_11
from tidlig.measurements.models import ItemScore, Response, WellbeingPlacement
from tidlig.measurements.open_instruments import ALLIANCE, METAFEEDBACK, OUTCOME
from tidlig.measurements.queries import active_instrument, active_wellbeing_scale
from tidlig.measurements.scoring import clean_scores
from tidlig.people.models import Child, Guardian, GuardianRelation, Household, HouseholdAssignment
from tidlig.referrals.models import AnonymousCounselling, Referral

# Bump when the generator's output changes, so a kept benchmark database is reloaded.
VERSION = 1
SEED = 8000
YEARS = 5
FAMILIES_PER_BATCH = 1000
COURSE_OFFER = "Konsulentbistand / forløb til familier"
NOT_EMPTY = (
    "Databasen indeholder allerede familier. generate_data fylder kun en tom database "
    "(brug en database til benchmarks, fx tidlig_bench)."
)
NATIONAL_REFUSED = "Størrelsen national (1,2 mio. børn) kræver --allow-national."


@dataclass(frozen=True)
class Size:
    municipalities: int
    children: int  # per municipality
    workers: int  # per municipality
    referrals_per_year: int  # per municipality


SIZES = {
    "small": Size(municipalities=1, children=13_000, workers=17, referrals_per_year=1_000),
    "large": Size(municipalities=1, children=70_000, workers=100, referrals_per_year=7_500),
    "national": Size(municipalities=98, children=12_245, workers=25, referrals_per_year=1_100),
}


class GeneratorRefused(Exception):
    pass


@dataclass
class Stats:
    rows: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    seconds: dict[str, float] = field(default_factory=lambda: defaultdict(float))
    started: float = field(default_factory=time.perf_counter)

    def insert(self, model, objects: list) -> list:
        if not objects:
            return objects
        began = time.perf_counter()
        model.objects.bulk_create(objects, batch_size=2000)
        self.seconds[model._meta.db_table] += time.perf_counter() - began
        self.rows[model._meta.db_table] += len(objects)
        return objects

    @property
    def total_rows(self) -> int:
        return sum(self.rows.values())

    @property
    def elapsed(self) -> float:
        return time.perf_counter() - self.started


def fictitious_cpr(birth_date: dt.date, serial: int) -> str:
    """DDMMYY plus a sequence number that fails modulus 11, with the century digit of the birth year."""
    head = birth_date.strftime("%d%m%y")
    digit7 = 4 if birth_date.year >= 2000 else 0  # 4: born 2000-2036; 0: 1900-1999
    for offset in range(10):
        tail = f"{digit7}{(serial + offset) % 1000:03d}"
        if not passes_modulus_11(head + tail):
            return head + tail
    raise AssertionError("unreachable: at most one in eleven numbers passes")


def existing() -> GeneratedData | None:
    return GeneratedData.objects.order_by("-id").first()


def generate(
    *, size: str, scale: float = 1.0, seed: int = SEED, allow_national: bool = False, out=None
) -> Stats:
    """Fill an empty database with the synthetic municipalities of the given size."""
    if size not in SIZES:
        raise GeneratorRefused(f"Ukendt størrelse: {size}")
    if size == "national" and not allow_national:
        raise GeneratorRefused(NATIONAL_REFUSED)
    if Household.objects.exists():
        raise GeneratorRefused(NOT_EMPTY)
    spec = SIZES[size]
    stats = Stats()
    # why: a fixed seed gives the same data on every run; nothing here is secret
    rng = random.Random(f"{seed}-{size}-{scale}")  # noqa: S311
    for number in range(1, spec.municipalities + 1):
        _Municipality(spec, scale, rng, stats, number, spec.municipalities, out).build()
    # why: fresh bulk-loaded tables have no planner statistics until autovacuum gets to them; without
    # them PostgreSQL seq-scans people_child for a prefetch of 13 courses (docs/performance.md)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    GeneratedData.objects.create(
        size=size,
        scale=scale,
        seed=seed,
        version=VERSION,
        generated_on=timezone.localdate(),
        rows=dict(stats.rows),
        seconds=stats.elapsed,
    )
    return stats


def _scaled(n: int, scale: float, minimum: int = 1) -> int:
    return max(minimum, round(n * scale))


class _Municipality:
    def __init__(self, spec: Size, scale: float, rng: random.Random, stats: Stats, number, count, out):
        self.rng = rng
        self.stats = stats
        self.out = out
        self.suffix = "" if count == 1 else f" {number:02d}"
        self.prefix = "" if count == 1 else f"k{number:02d}-"
        self.children_wanted = _scaled(spec.children, scale, 10)
        self.worker_count = _scaled(spec.workers, scale, 2)
        self.referrals_per_year = _scaled(spec.referrals_per_year, scale, 5)
        self.now = timezone.now()
        self.today = timezone.localdate()
        self.first_day = self.today - dt.timedelta(days=365 * YEARS)
        self.serial = 0

    def uuid(self) -> uuid.UUID:
        return uuid.UUID(int=self.rng.getrandbits(128), version=4)

    def log(self, text: str) -> None:
        if self.out is not None:
            self.out(text)

    @transaction.atomic
    def _setup(self) -> None:
        self.unit = Unit.objects.create(
            name=f"Tidlig Forebyggelse{self.suffix}", kind=Unit.Kind.PREVENTION, uuid=self.uuid()
        )
        users = [
            self._user("leder", "Lone", "Kjærgaard", User.Role.LEADER, "Afdelingsleder"),
            self._user("koordinator", "Kim", "Bertelsen", User.Role.COORDINATOR, "Socialrådgiver"),
        ]
        for i in range(1, self.worker_count + 1):
            woman = self.rng.random() < 0.8
            users.append(
                self._user(
                    f"medarbejder{i:03d}",
                    self.rng.choice(WOMEN if woman else MEN),
                    self.rng.choice(SURNAMES),
                    User.Role.WORKER,
                    self.rng.choice(["Socialrådgiver", "Familiebehandler", "Psykolog", "Pædagog"]),
                    capacity=12,
                )
            )
        self.stats.insert(User, users)
        self.leader, self.coordinator = users[0], users[1]
        self.workers = users[2:]
        self.offer = next(o for o in build_offers(self.unit) if o.name == COURSE_OFFER)
        self.outcome = self._instrument(OUTCOME)
        self.alliance = self._instrument(ALLIANCE)
        self.metafeedback = self._instrument(METAFEEDBACK)
        self.scale = active_wellbeing_scale()
        self._institutions()

    def _instrument(self, code: str):
        instrument = active_instrument(code)
        # why: clean_scores walks instrument.items.all(); prefetched once, it costs no query per answer
        return type(instrument).objects.prefetch_related("items").get(pk=instrument.pk)

    def _user(self, name, first_name, last_name, role, title, capacity=None) -> User:
        username = f"{self.prefix}{name}"
        user = User(
            username=username,
            first_name=first_name,
            last_name=last_name,
            email=f"{_ascii(username)}@example.dk",
            role=role,
            title=title,
            unit=self.unit,
            capacity=capacity,
            uuid=self.uuid(),
        )
        # why: generated staff cannot log in; the benchmark opens their sessions itself
        user.set_unusable_password()
        return user

    def _institutions(self) -> None:
        """One school per 600 children and one daycare per 300 under six, with classes and groups."""
        schools = max(1, self.children_wanted // 1200)
        daycares = max(1, self.children_wanted // 1000)
        institutions = [
            Institution(name=f"Skole {i}{self.suffix}", kind=Institution.Kind.SCHOOL, uuid=self.uuid())
            for i in range(1, schools + 1)
        ] + [
            Institution(name=f"Dagtilbud {i}{self.suffix}", kind=Institution.Kind.DAYCARE, uuid=self.uuid())
            for i in range(1, daycares + 1)
        ]
        self.stats.insert(Institution, institutions)
        groups = []
        self.classes: dict[int, list[InstitutionGroup]] = defaultdict(list)
        for institution in institutions:
            if institution.kind == Institution.Kind.SCHOOL:
                for grade in range(10):
                    for letter in "AB":
                        group = InstitutionGroup(
                            institution=institution, name=f"{grade}.{letter}", uuid=self.uuid()
                        )
                        groups.append(group)
                        self.classes[grade + 6].append(group)
            else:
                for name, ages in (("Vuggestuen", range(3)), ("Børnehaven", range(3, 6))):
                    group = InstitutionGroup(institution=institution, name=name, uuid=self.uuid())
                    groups.append(group)
                    for age in ages:
                        self.classes[age].append(group)
        self.stats.insert(InstitutionGroup, groups)

    def build(self) -> None:
        self._setup()
        households = max(1, round(self.children_wanted / 1.7))
        referrals = self.referrals_per_year * YEARS
        self.referrals_per_family = referrals / households
        made = 0
        children = 0
        while made < households:
            batch = min(FAMILIES_PER_BATCH, households - made)
            children += self._batch(
                batch, children_left=self.children_wanted - children, left=households - made
            )
            made += batch
            self.log(f"  {self.unit.name}: {made}/{households} familier, {self.stats.total_rows} rækker")
        self._counselling()

    # Families ------------------------------------------------------------------------------------

    @transaction.atomic
    def _batch(self, count: int, *, children_left: int, left: int) -> int:
        rng = self.rng
        families = [self._family(children_left / left) for _ in range(count)]
        self.stats.insert(Household, [f.household for f in families])
        self.stats.insert(Child, [c for f in families for c in f.children])
        self.stats.insert(Guardian, [g for f in families for g in f.guardians])
        self.stats.insert(
            GuardianRelation,
            [
                GuardianRelation(
                    guardian=g, child=c, relation=relation, has_custody=relation != "step_parent"
                )
                for f in families
                for g, relation in zip(f.guardians, f.relations, strict=True)
                for c in f.children
            ],
        )
        plan = _Plan()
        for family in families:
            k = math.floor(self.referrals_per_family)
            k += 1 if rng.random() < self.referrals_per_family - k else 0
            for received in self._referral_times(k):
                self._referral(plan, family, received)
        plan.save(self.stats)
        # what close_course writes for each closed course, so the results page reads it (decision 0020)
        results.summarise(
            [c.pk for c in plan.courses if c.status == Course.Status.CLOSED], insert=self.stats.insert
        )
        return sum(len(f.children) for f in families)

    def _family(self, children_per_family: float) -> "_Family":
        rng = self.rng
        surname = rng.choice(SURNAMES)
        created = self.now - dt.timedelta(days=rng.randint(0, 365 * YEARS), minutes=rng.randint(0, 600))
        household = Household(
            name=f"Familien {surname}", unit=self.unit, created_at=created, uuid=self.uuid()
        )
        family = _Family(household)
        wanted = 1 if children_per_family < 1.2 else rng.choices((1, 2, 3), weights=(45, 35, 20))[0]
        for _ in range(wanted):
            born = self.today - dt.timedelta(days=rng.randint(14, 18 * 365 - 1))
            age = (self.today - born).days // 365
            child = Child(
                household=household,
                first_name=rng.choice(rng.choice((GIRLS, BOYS))),
                last_name=surname,
                birth_date=born,
                institution_group=rng.choice(self.classes[age]) if self.classes.get(age) else None,
                created_at=created,
                uuid=self.uuid(),
            )
            self.serial += 1
            child.set_cpr(fictitious_cpr(born, self.serial))
            family.children.append(child)
        address = f"{rng.choice(STREETS)} {rng.randint(1, 80)}, 8000 Demoby"
        shapes = (["mother", "father"], ["mother"], ["father"], ["mother", "step_parent"])
        relations = rng.choices(shapes, (55, 25, 5, 15))[0]
        for relation in relations:
            woman = relation == "mother"
            first_name = rng.choice(WOMEN if woman else MEN)
            self.serial += 1
            family.guardians.append(
                Guardian(
                    household=household,
                    first_name=first_name,
                    last_name=surname if relation != "step_parent" else rng.choice(SURNAMES),
                    address=address,
                    # why: the Danish numbering plan never hands out 00 ..., so no real person is called
                    phone=_phone(self.serial),
                    email=f"{_ascii(first_name)}.{self.serial}@example.dk",
                    created_at=created,
                    uuid=self.uuid(),
                )
            )
            family.relations.append(relation)
        return family

    def _referral_times(self, k: int) -> list[dt.datetime]:
        """k arrival times in the last five years, 400 days apart: a family has one course at a time."""
        span = 365 * YEARS * 24 * 60
        for _ in range(20):
            times = sorted(self.now - dt.timedelta(minutes=self.rng.randint(0, span)) for _ in range(k))
            if all((b - a).days >= 400 for a, b in itertools.pairwise(times)):
                return times
        return times[:1]

    # Referrals and courses -----------------------------------------------------------------------

    def _referral(self, plan: "_Plan", family: "_Family", received: dt.datetime) -> None:
        rng = self.rng
        day = timezone.localtime(received).date()
        age_days = (self.today - day).days
        source = rng.choices(
            ["self", "school", "daycare", "health_visitor"],
            (45, 30, 15, 10),
        )[0]
        door = Referral.Door.WEB if source == Referral.Source.SELF else Referral.Door.PARTNER
        if rng.random() < 0.2:
            door = Referral.Door.STAFF
        referral = Referral(
            uuid=self.uuid(),
            household=family.household,
            unit=self.unit,
            received_at=received,
            door=door,
            source=source,
            channel=Referral.Channel.WEB if door != Referral.Door.STAFF else Referral.Channel.PHONE,
            referrer_description="Mor" if source == Referral.Source.SELF else "Klasselærer",
            concern="Barnet er ked af det og vil ikke i skole om morgenen. Familien ønsker hjælp.",
            wish=rng.choice(Referral.Wish.values),
            contact_deadline=day + dt.timedelta(days=7),
        )
        plan.referrals.append(referral)
        if age_days < 7 and rng.random() < 0.6:
            if rng.random() < 0.5:
                self._screen(referral, received)
            return  # on the triage board
        self._screen(referral, received)
        decided = received + dt.timedelta(days=rng.randint(1, 5))
        if decided > self.now:
            decided = self.now
        referral.decided_by, referral.decided_at = self.leader, decided
        outcome = rng.choices(["accept", "forward", "decline"], (80, 12, 8))[0]
        referral.decision = outcome
        referral.decision_reason = "Vurderet på visitationsmødet."
        if outcome == "forward":
            referral.status = Referral.Status.FORWARDED
            referral.forwarded_to = rng.choice(Referral.ForwardTo.values)
            return
        if outcome == "decline":
            referral.status = Referral.Status.DECLINED
            return
        worker = rng.choice(self.workers)
        referral.status = Referral.Status.ACCEPTED
        referral.assigned_worker, referral.assigned_at = worker, decided
        assignment = HouseholdAssignment(
            household=family.household, worker=worker, assigned_by=self.leader, assigned_at=decided
        )
        plan.assignments.append(assignment)
        first_contact = decided + dt.timedelta(
            days=rng.choice((0, 1, 2, 3, 4, 6, 9)), hours=rng.randint(0, 5)
        )
        if first_contact > self.now:
            return  # awaiting the worker's first contact
        referral.first_contact_at = first_contact
        start = timezone.localtime(first_contact).date() + dt.timedelta(days=rng.randint(0, 10))
        if start > self.today:
            return
        self._course(plan, family, referral, worker, start, assignment)

    def _screen(self, referral: Referral, received: dt.datetime) -> None:
        rng = self.rng
        referral.status = Referral.Status.SCREENED
        referral.wellbeing_scale = self.scale
        referral.wellbeing_score = rng.randint(2, 8)
        referral.motivation = rng.choices(Referral.Motivation.values, (60, 30, 10))[0]
        referral.has_authority_case = rng.random() < 0.05
        referral.is_bounded = rng.random() < 0.85
        referral.screened_by = self.coordinator
        referral.screened_at = min(received + dt.timedelta(hours=rng.randint(1, 48)), self.now)

    def _course(self, plan, family, referral, worker, start: dt.date, assignment) -> None:
        rng = self.rng
        weeks = rng.randint(4, 16)
        end = start + dt.timedelta(weeks=weeks)
        is_open = end > self.today
        course = Course(
            uuid=self.uuid(),
            household=family.household,
            referral=referral,
            offer=self.offer,
            start_meeting_on=start,
            created_by=worker,
            created_at=timezone.make_aware(dt.datetime.combine(start, dt.time(10))),
        )
        if not is_open:
            course.status = Course.Status.CLOSED
            course.closed_on = end
            course.close_reason = rng.choices(Course.CloseReason.values, (30, 30, 12, 8, 10, 10))[0]
        plan.courses.append(course)
        plan.workers.append((course, worker))
        if not is_open:
            assignment.ended_at = timezone.make_aware(dt.datetime.combine(end, dt.time(15)))
        plan.goals.append(
            Goal(
                uuid=self.uuid(),
                course=course,
                text="Gode morgener uden skænderier",
                start_rating=rng.randint(1, 5),
                end_rating=None if is_open else rng.randint(3, 10),
            )
        )
        parent = family.guardians[0]
        level = Decimal(rng.randint(100, 250)) / 10
        contacts = rng.choices(range(2, 11), (8, 12, 16, 16, 14, 12, 10, 7, 5))[0]
        network = 0
        for n in range(contacts):
            date = start + dt.timedelta(days=7 * n + rng.randint(0, 3))
            if date > min(end, self.today):
                break
            kind = rng.choices(Contact.Kind.values, (55, 10, 15, 20))[0]
            if kind == Contact.Kind.NETWORK_MEETING:
                network += 1
                if network > 2:
                    kind = Contact.Kind.INDIVIDUAL
            place = rng.choice(["home", "school", "office"])
            if kind == Contact.Kind.VIDEO:
                place = Contact.Place.DIGITAL
            contact = Contact(
                uuid=self.uuid(),
                course=course,
                date=date,
                duration_minutes=rng.choice((30, 45, 60, 90)),
                kind=kind,
                place=place,
                family_participants=parent.first_name,
                professionals="Klasselærer" if kind == Contact.Kind.NETWORK_MEETING else "",
                note="Vi aftalte små skridt til næste gang.",
                recorded_by=worker,
                recorded_at=timezone.make_aware(dt.datetime.combine(date, dt.time(16))),
            )
            plan.contacts.append(contact)
            level = min(Decimal(38), level + Decimal(rng.randint(-10, 30)) / 10)
            instrument = self.outcome if rng.random() < 0.75 else self.alliance
            total = level if instrument is self.outcome else Decimal(rng.randint(300, 400)) / 10
            self._response(
                plan, course, instrument, parent, worker, contact.recorded_at, _split(total), contact
            )
        for child in family.children:
            plan.placements.append(self._placement(course, child, worker, "start", start))
            if not is_open:
                plan.placements.append(self._placement(course, child, worker, "end", end))
        if not is_open and rng.random() < 0.7:
            scores = {1: rng.random() < 0.8, 2: Decimal(rng.randint(5, 10)), 3: ""}
            answered = timezone.make_aware(dt.datetime.combine(end, dt.time(15)))
            self._response(plan, course, self.metafeedback, parent, worker, answered, scores, None)

    def _response(self, plan, course, instrument, guardian, worker, answered, scores, contact) -> None:
        cleaned, total = clean_scores(instrument, scores)
        response = Response(
            uuid=self.uuid(),
            instrument=instrument,
            course=course,
            contact=contact,
            role=Response.Role.PARENT,
            guardian=guardian,
            total=total,
            answered_at=answered,
            entered_by=worker,
        )
        plan.responses.append(response)
        plan.scores.extend(
            ItemScore(response=response, item=item, value=value, text=text) for item, value, text in cleaned
        )

    def _placement(self, course, child, worker, moment, on) -> WellbeingPlacement:
        low, high = (2, 7) if moment == "start" else (3, 10)
        return WellbeingPlacement(
            uuid=self.uuid(),
            course=course,
            child=child,
            scale=self.scale,
            moment=moment,
            value=self.rng.randint(low, high),
            placed_on=on,
            recorded_by=worker,
        )

    @transaction.atomic
    def _counselling(self) -> None:
        """Anonymous counselling: a third as many talks as referrals, with no identity at all."""
        rows = [
            AnonymousCounselling(
                unit=self.unit,
                date=self.today - dt.timedelta(days=self.rng.randint(0, 365 * YEARS)),
                channel=self.rng.choice(AnonymousCounselling.Channel.values),
                topic=self.rng.choice(AnonymousCounselling.Topic.values),
                age_band=self.rng.choice(AnonymousCounselling.AgeBand.values),
                duration_minutes=self.rng.choice((15, 20, 30, 45)),
                recorded_by=self.coordinator,
            )
            for _ in range(self.referrals_per_year * YEARS // 3)
        ]
        self.stats.insert(AnonymousCounselling, rows)


def _phone(serial: int) -> str:
    return f"00 {serial // 10000 % 100:02d} {serial // 100 % 100:02d} {serial % 100:02d}"


def _split(total: Decimal) -> dict[int, Decimal]:
    """A total as four item scores with one decimal each, each within 0-10."""
    part = (total / 4).quantize(Decimal("0.1"))
    parts = [part, part, part, total - 3 * part]
    return {i: min(Decimal(10), max(Decimal(0), p)) for i, p in enumerate(parts, start=1)}


@dataclass
class _Family:
    household: Household
    children: list[Child] = field(default_factory=list)
    guardians: list[Guardian] = field(default_factory=list)
    relations: list[str] = field(default_factory=list)


@dataclass
class _Plan:
    """One batch's rows, inserted in the order their foreign keys need."""

    referrals: list = field(default_factory=list)
    courses: list = field(default_factory=list)
    workers: list = field(default_factory=list)
    assignments: list = field(default_factory=list)
    goals: list = field(default_factory=list)
    contacts: list = field(default_factory=list)
    responses: list = field(default_factory=list)
    scores: list = field(default_factory=list)
    placements: list = field(default_factory=list)

    def save(self, stats: Stats) -> None:
        stats.insert(Referral, self.referrals)
        stats.insert(Course, self.courses)
        Link = Course.workers.through
        stats.insert(Link, [Link(course_id=c.pk, user_id=w.pk) for c, w in self.workers])
        stats.insert(HouseholdAssignment, self.assignments)
        stats.insert(Goal, self.goals)
        stats.insert(Contact, self.contacts)
        stats.insert(Response, self.responses)
        stats.insert(ItemScore, self.scores)
        stats.insert(WellbeingPlacement, self.placements)
