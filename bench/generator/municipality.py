"""A municipality-sized synthetic data set for benchmarks: `manage.py generate_data`.

Everything is made up and deterministic: the same seed, size and day give the same rows. Names come from
the demo's lists; CPR numbers are fictitious (they fail modulus 11, and no such birth-date series is
handed out to the children here). Rows go in with bulk_create in one transaction per batch of families
(the access log and the item scores with COPY on PostgreSQL, see audit_rows.py and Stats.insert_scores),
through the models: CPR is encrypted by Child.set_cpr, answers are checked and totalled by the same
scoring function the forms use (measurements.scoring.clean_scores), and every table gets the fields the
services would set.

FIT (version 3), as the families answer it (courses/services/fit.py record_response's rules):
  courses       at every talk (individual and video) and one network meeting in three, not on the phone:
                the first parent answers outcome at the start and alliance at the end (92 % and 85 % of
                the time: forms get forgotten), the second adult (a step-parent as "other adult") comes to
                40 % of the sessions; a child of 6-12 is at half of them and answers the children's
                versions (role child), a young person of 13-17 at 60 % and answers the adult versions as
                "young" (role_for_child on the contact's day). Three courses in four improve (outcome
                rising 2.5-4.5 points a session), the rest stay flat; the alliance is the course's, each
                respondent scattered around it, so some fall below the cut-off. About a quarter of open
                courses carry a FIT flag (28 % at `small`). Closing still follows close_course, and
                results.summarise writes a FitResult per respondent and kind, the children's included
  groups        the present participants of 8 and over (and the parents in parents' groups) answer the
                group alliance scale at 85 % of the sessions, with group and group_session set, as
                groups.services.record_group_response does
Beside families, referrals and courses (version 2 onwards):
  consents      a partner's referral carries the custodian's consent to share with the unit (as the
                referral service requires); a quarter of courses add one for the school or daycare;
                6 % are withdrawn within their year
  extensions    about one course in ten asks the leader for more contacts or network meetings; most are
                approved (raising the course's limit), some rejected, some still pending on open courses
  groups        one group a year per 60 referrals a year (children's groups such as Mestringsluppen
                and "Skilsmissegruppe", parents' groups such as "Forstå din teenager"), 6-10 places,
                6-10 weekly sessions, one or two of the unit's workers leading; enrolled, waiting,
                stopped and moved up as groups.services does it; attendance per session for everyone
                enrolled that day
  access log    what record_access/record_change would have written along the history (audit_rows.py):
                the referral's receipt, screening and triage, the worker reading the course page at
                every contact, each contact, answer (naming the respondent) and placement, opening and
                closing, consents, extensions and the groups' enrollments, sessions, FIT answers and page
                views, with their subject rows

Sizes (per municipality; `national` is 98 of them):
  small     Aabenraa: 13,000 children, 17 workers, 1,000 referrals a year
  large     Aarhus: 70,000 children, 100 workers, 7,500 referrals a year (about 30,000 courses,
            150,000 contacts and about 400,000 FIT answers in five years, 1.6 million item scores;
            the first estimate was 600,000: FIT is not taken on the phone, and children are not always there)
  national  1.2 million children in 98 municipalities' worth of units; refused without allow_national

"Detection placements" (opsporing) do not exist yet; the placements generated are the Trivselslineal
placements of courses (start and end). Groups answer no outcome at their start and end, and the
metafeedback is the parent's only.
"""

import bisect
import datetime as dt
import itertools
import math
import random
import time
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone

from bench.generator.audit_rows import AuditRows
from bench.models import GeneratedData
from tidlig.accounts.models import Institution, InstitutionGroup, Unit, User
from tidlig.audit.models import AccessLog, Purpose
from tidlig.consent.models import Consent, Information
from tidlig.courses.models import Contact, Course, ExtensionRequest, Goal
from tidlig.courses.rules import (
    check_closing,
    check_contact,
    check_contact_limits,
    check_extension_request,
    limit_raised_by,
)
from tidlig.courses.services import results
from tidlig.demo.municipality import BOYS, GIRLS, MEN, STREETS, SURNAMES, WOMEN, ascii_name
from tidlig.demo.offers import build_offers
from tidlig.groups.models import Attendance, Enrollment, Group, Session, Strand
from tidlig.groups.rules import enrolment_status, first_waiting
from tidlig.lib.cpr import passes_modulus_11
from tidlig.lib.dates import age_on
from tidlig.measurements.models import ItemScore, Response, WellbeingPlacement, role_for_age, role_for_child
from tidlig.measurements.open_instruments import (
    ALLIANCE,
    CHILD_ALLIANCE,
    CHILD_OUTCOME,
    GROUP_ALLIANCE,
    METAFEEDBACK,
    OUTCOME,
)
from tidlig.measurements.queries import active_instrument, active_wellbeing_scale
from tidlig.measurements.scoring import clean_scores
from tidlig.people.models import Child, Guardian, GuardianRelation, Household, HouseholdAssignment
from tidlig.referrals.models import AnonymousCounselling, Referral
from tidlig.referrals.services import CONSENT_VALID_DAYS, contact_deadline

# Bump when the generator's output changes, so a kept benchmark database is reloaded.
VERSION = 3
SEED = 8000
YEARS = 5
FAMILIES_PER_BATCH = 1000
COURSE_OFFER = "Konsulentbistand / forløb til familier"
CHILDREN_GROUPS = "Grupper for børn, unge og deres forældre"
PARENT_GROUPS = "Forældregrupper"
MISSING_METAFEEDBACK = (
    "Familien ønskede ikke at svare på metafeedback.",
    "Familien mødte ikke op til afslutningen.",
    "Familien er flyttet fra kommunen.",
)
REFERRALS_PER_GROUP = 60  # one group a year for every 60 referrals a year
# FIT at the sessions (version 3): who is there and answers; see _Municipality._session_fit.
SECOND_PARENT = 0.4  # the second adult of a two-adult family comes to this share of the sessions
CHILD_PRESENT = 0.5  # a child of 6-12 is at half of them
YOUNG_PRESENT = 0.6  # a young person of 13-17 at three in five
OUTCOME_ANSWERED = 0.92  # of a present respondent's sessions, outcome at the start
ALLIANCE_ANSWERED = 0.85  # and alliance at the end (the session runs over, the form is forgotten)
ON_TRACK_SHARE = 0.75  # courses whose family improves; in the rest the outcome stays flat
GROUP_ANSWERED = 0.85  # a present participant of 8 and over answers the group alliance scale
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

    def insert_scores(self, scores: list[tuple]) -> None:
        """Item scores as (response, item id, value, text), after their responses have their ids. On
        PostgreSQL with COPY: at `large` they are over a million rows, the most of any table but the log's,
        and bulk_create spent more time building and binding them than the generator spent making them."""
        if not scores:
            return
        table = ItemScore._meta.db_table
        began = time.perf_counter()
        if connection.vendor == "postgresql":
            with (
                connection.cursor() as cursor,
                cursor.cursor.copy(f"COPY {table} (response_id, item_id, value, text) FROM STDIN") as copy,
            ):
                for response, item_id, value, text in scores:
                    copy.write_row((response.pk, item_id, value, text))
        else:
            ItemScore.objects.bulk_create(
                [
                    ItemScore(response_id=response.pk, item_id=item_id, value=value, text=text)
                    for response, item_id, value, text in scores
                ],
                batch_size=2000,
            )
        self.seconds[table] += time.perf_counter() - began
        self.rows[table] += len(scores)

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
        # (referral day, household id, children (id, uuid, birth date), adults (id, uuid)) of accepted
        # referrals, the families the groups are filled from
        self.group_pool: list[tuple] = []

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
        offers = {o.name: o for o in build_offers(self.unit)}
        self.offer = offers[COURSE_OFFER]
        self.group_offers = {name: offers[name] for name in (CHILDREN_GROUPS, PARENT_GROUPS)}
        self.outcome = self._instrument(OUTCOME)
        self.alliance = self._instrument(ALLIANCE)
        self.child_outcome = self._instrument(CHILD_OUTCOME)
        self.child_alliance = self._instrument(CHILD_ALLIANCE)
        self.group_alliance = self._instrument(GROUP_ALLIANCE)
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
            email=f"{ascii_name(username)}@example.dk",
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
        self._groups()

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
        self._extensions(plan)
        plan.save(self.stats)
        # what close_course writes for each closed course, so the results page reads it (decision 0020)
        results.summarise(
            [c.pk for c in plan.courses if c.status == Course.Status.CLOSED], insert=self.stats.insert
        )
        self._history(plan, families)
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
                    email=f"{ascii_name(first_name)}.{self.serial}@example.dk",
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
            contact_deadline=contact_deadline(self.unit, received),
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
        fit = _CourseFit(
            on_track=rng.random() < ON_TRACK_SHARE,
            alliance=min(Decimal(39), Decimal(str(round(rng.gauss(38.0, 1.5), 1)))),
        )
        contacts = rng.choices(range(2, 11), (8, 12, 16, 16, 14, 12, 10, 7, 5))[0]
        network = 0
        for n in range(contacts):
            date = start + dt.timedelta(days=7 * n + rng.randint(0, 3))
            # why: close_course comes after the last contact (a closed course takes none), and the
            # history has no future: a contact is recorded at 16, its answers a few minutes later
            if _at(date, 16) + dt.timedelta(minutes=30) > self.now or (not is_open and date >= end):
                break
            kind = rng.choices(Contact.Kind.values, (55, 10, 15, 20))[0]
            # why: record_contact's limits (the offer's, with no extension yet): a network meeting past
            # its limit is held as a talk instead, and the course takes no contact past its own
            if _refused(course, kind, n, network):
                kind = Contact.Kind.INDIVIDUAL
            if _refused(course, kind, n, network):
                break
            network += kind == Contact.Kind.NETWORK_MEETING
            place = rng.choice(["home", "school", "office"])
            if kind == Contact.Kind.VIDEO:
                place = Contact.Place.DIGITAL
            professionals = "Klasselærer" if kind == Contact.Kind.NETWORK_MEETING else ""
            # the rest of record_contact's rules: a contact the service would refuse is a bug here
            check_contact(
                course, date=date, kind=kind, private_network="", professionals=professionals, on=self.today
            )
            contact = Contact(
                uuid=self.uuid(),
                course=course,
                date=date,
                duration_minutes=rng.choice((30, 45, 60, 90)),
                kind=kind,
                place=place,
                family_participants=parent.first_name,
                professionals=professionals,
                note="Vi aftalte små skridt til næste gang.",
                recorded_by=worker,
                recorded_at=timezone.make_aware(dt.datetime.combine(date, dt.time(16))),
            )
            plan.contacts.append(contact)
            self._session_fit(plan, course, contact, family, worker, fit)
        ended = set()
        for child in family.children:
            plan.placements.append(self._placement(course, child, worker, "start", start))
            if not is_open:
                plan.placements.append(self._placement(course, child, worker, "end", end))
                ended.add(id(child))
        if is_open:
            return
        has_metafeedback = rng.random() < 0.7
        if has_metafeedback:
            scores = {1: rng.random() < 0.8, 2: Decimal(rng.randint(5, 10)), 3: ""}
            answered = timezone.make_aware(dt.datetime.combine(end, dt.time(15)))
            self._response(
                plan,
                course,
                self.metafeedback,
                Response.Role.PARENT,
                None,
                parent,
                worker,
                answered,
                scores,
                None,
            )
        try:
            check_closing(
                children={id(c) for c in family.children},
                ended=ended,
                has_metafeedback=has_metafeedback,
                missing_measurements_reason=course.missing_measurements_reason,
            )
        except ValidationError:
            # close_course refuses a closing without the metafeedback unless the worker says why
            course.missing_measurements_reason = rng.choice(MISSING_METAFEEDBACK)

    def _session_fit(self, plan, course, contact, family, worker, fit: "_CourseFit") -> None:
        """FIT at a session with the family: each respondent present answers outcome at the start
        and alliance at the end; the worker types the paper answers in after recording the contact (the
        course page asks for the contact first), so they are answered a few minutes after it.

        Taken at every talk (individual and video) and at one network meeting in three, the ones the
        family sits in; not on the phone (no scale to show). The first parent is there every time, the
        second at `SECOND_PARENT` of the sessions; a child of 6-12 answers the children's versions at
        `CHILD_PRESENT` of them (the child is at school, or the talk is for the parents), a young person
        of 13-17 the adult versions as "young" at `YOUNG_PRESENT`. Each respondent answers outcome at
        `OUTCOME_ANSWERED` of their sessions and alliance at `ALLIANCE_ANSWERED`: the missing ones are
        the forgotten form, no time at the end, the child who would not."""
        rng = self.rng
        kind = contact.kind
        if kind == Contact.Kind.PHONE or (kind == Contact.Kind.NETWORK_MEETING and rng.random() >= 1 / 3):
            return
        present: list[tuple[str, Child | None, Guardian | None]] = [
            (Response.Role.PARENT, None, family.guardians[0])
        ]
        if len(family.guardians) > 1 and rng.random() < SECOND_PARENT:
            # why: a step-parent answers as another adult (the form's "Anden voksen"), not as a parent
            second = (
                Response.Role.OTHER_ADULT if family.relations[1] == "step_parent" else Response.Role.PARENT
            )
            present.append((second, None, family.guardians[1]))
        for child in family.children:
            role = role_for_child(child, contact.date)
            outcome = self.child_outcome if role == Response.Role.CHILD else self.outcome
            # why: record_response's age bands (the children's versions from 6, the adult ones from 13)
            if not outcome.suits(role, child.age_on(contact.date)):
                continue
            if rng.random() < (YOUNG_PRESENT if role == Response.Role.YOUNG else CHILD_PRESENT):
                present.append((role, child, None))
        minute = 0
        for role, child, guardian in present:
            series = fit.series(rng, role, child or guardian)
            outcome, alliance = (
                (self.child_outcome, self.child_alliance)
                if role == Response.Role.CHILD
                else (self.outcome, self.alliance)
            )
            level = series.next_outcome(rng)
            age = None if child is None else child.age_on(contact.date)
            for instrument, total, share in (
                (outcome, level, OUTCOME_ANSWERED),
                (alliance, series.next_alliance(rng), ALLIANCE_ANSWERED),
            ):
                minute += 1
                if rng.random() >= share or not instrument.suits(role, age):
                    continue
                answered = contact.recorded_at + dt.timedelta(minutes=minute)
                scores = _split(total, whole=instrument.step == 1)
                self._response(
                    plan, course, instrument, role, child, guardian, worker, answered, scores, contact
                )

    def _response(self, plan, course, instrument, role, child, guardian, worker, answered, scores, contact):
        self._add_response(
            plan,
            instrument,
            scores,
            course=course,
            contact=contact,
            role=role,
            child=child,
            guardian=guardian,
            answered_at=answered,
            entered_by=worker,
        )

    def _add_response(self, out, instrument, scores: dict, **fields) -> Response:
        """One answer to `instrument` into a plan (`out.responses`, `out.scores`): checked and totalled by
        clean_scores, as record_response and record_group_response do."""
        cleaned, total = clean_scores(instrument, scores)
        response = Response(uuid=self.uuid(), instrument=instrument, total=total, **fields)
        out.responses.append(response)
        out.scores.extend((response, item.pk, value, text) for item, value, text in cleaned)
        return response

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

    # Consents, extension requests, groups and the access log (generator version 2) ----------------

    def _extensions(self, plan: "_Plan") -> None:
        """A request to go past the offer's limits on about one course in ten: the long ones, near the
        offer's 12 contacts. Decided by the leader within days (approved raises the course's limit,
        as decide_extension does), or still pending on an open course."""
        rng = self.rng
        contacts = defaultdict(list)
        for contact in plan.contacts:
            contacts[id(contact.course)].append(contact)
        for course, worker in plan.workers:
            made = contacts[id(course)]
            if len(made) < 6 or rng.random() >= 0.25:
                continue
            kind = rng.choices(ExtensionRequest.Kind.values, (80, 20))[0]
            extra = rng.randint(2, 6) if kind == ExtensionRequest.Kind.CONTACTS else rng.randint(1, 2)
            requested = made[rng.randint(len(made) // 2, len(made) - 1)].recorded_at + dt.timedelta(hours=1)
            closed = course.closed_on and _at(course.closed_on, 15)
            # why: request_extension refuses a closed course, and the history has no future
            if requested > self.now or (closed and requested > closed - dt.timedelta(hours=1)):
                continue
            request = ExtensionRequest(
                uuid=self.uuid(),
                course=course,
                kind=kind,
                extra=extra,
                reason=rng.choice(EXTENSION_REASONS),
                requested_by=worker,
                requested_at=requested,
            )
            check_extension_request(extra=request.extra, reason=request.reason)
            decided = requested + dt.timedelta(days=rng.randint(1, 6), hours=rng.randint(0, 4))
            if closed and decided > closed:
                decided = closed - dt.timedelta(minutes=30)
            if decided <= self.now and (closed or rng.random() < 0.8):
                approve = rng.random() < 0.85
                request.status = (
                    ExtensionRequest.Status.APPROVED if approve else ExtensionRequest.Status.REJECTED
                )
                request.decided_by, request.decided_at = self.leader, decided
                request.decision_note = "" if approve else rng.choice(EXTENSION_REFUSALS)
                if approve:  # as decide_extension: an approval raises the course's limit at once
                    field = limit_raised_by(request)
                    setattr(course, field, getattr(course, field) + extra)
            plan.extensions.append(request)

    def _history(self, plan: "_Plan", families: list["_Family"]) -> None:
        """What the services would have recorded along this batch's history: the consents of partner
        referrals and of cooperation with schools, and the access log of every read and change."""
        log = AuditRows()
        family_of = {f.household.pk: f for f in families}
        consents = []
        for referral in plan.referrals:
            family = family_of[referral.household.pk]
            self._referral_log(log, referral, family)
            if referral.door == Referral.Door.PARTNER:
                consents.append(self._referral_consent(referral, family))
            if referral.status == Referral.Status.ACCEPTED:
                self.group_pool.append(
                    (
                        timezone.localtime(referral.received_at).date(),
                        family.household.pk,
                        tuple((c.pk, c.uuid, c.birth_date) for c in family.children),
                        tuple((g.pk, g.uuid) for g in family.guardians),
                    )
                )
        by_course = defaultdict(list)
        for row in itertools.chain(plan.contacts, plan.responses, plan.placements, plan.extensions):
            by_course[id(row.course)].append(row)
        assignment_of = {id(a.household): a for a in plan.assignments}
        for course, worker in plan.workers:
            family = family_of[course.household.pk]
            self._course_log(log, course, worker, family, by_course[id(course)])
            if course.status == Course.Status.CLOSED:
                assignment = assignment_of.get(id(course.household))
                if assignment is not None and assignment.ended_at is not None:
                    log.add(
                        at=assignment.ended_at,
                        actor=worker,
                        action=AccessLog.Action.CHANGE,
                        event="household.unassigned",
                        target=family.household,
                        purpose=Purpose.TRIAGE,
                        detail={"worker": worker.username},
                    )
            if self.rng.random() < 0.25:
                consent = self._cooperation_consent(course, worker, family)
                if consent is not None:
                    consents.append(consent)
        self._save_consents(log, consents)
        log.save(self.stats)

    def _referral_log(self, log: AuditRows, referral: Referral, family: "_Family") -> None:
        children = [(c.AUDIT_PERSON_TYPE, c.uuid) for c in family.children]
        everyone = children + [(g.AUDIT_PERSON_TYPE, g.uuid) for g in family.guardians]
        log.add(
            at=referral.received_at,
            actor=self.coordinator if referral.door == Referral.Door.STAFF else None,
            action=AccessLog.Action.CREATE,
            event="referral.received",
            target=referral,
            persons=everyone,
            purpose=Purpose.TRIAGE,
            detail={
                "door": referral.door,
                "source": referral.source,
                "channel": referral.channel,
                "cpr_given": True,
            },
        )
        if referral.screened_at is not None:
            log.add(
                at=referral.screened_at,
                actor=self.coordinator,
                action=AccessLog.Action.CHANGE,
                event="referral.screened",
                target=referral,
                persons=children,
                purpose=Purpose.TRIAGE,
                detail={
                    "wellbeing_score": referral.wellbeing_score,
                    "scale_version": self.scale.version,
                    "excluded": referral.has_authority_case,
                },
            )
        if referral.decided_at is None:
            return
        worker = referral.assigned_worker
        if worker is not None:
            log.add(
                at=referral.decided_at,
                actor=self.leader,
                action=AccessLog.Action.CHANGE,
                event="household.assigned",
                target=family.household,
                purpose=Purpose.TRIAGE,
                detail={"worker": worker.username},
            )
        log.add(
            at=referral.decided_at,
            actor=self.leader,
            action=AccessLog.Action.CHANGE,
            event=f"referral.{referral.decision}",
            target=referral,
            persons=children,
            purpose=Purpose.TRIAGE,
            detail={"forwarded_to": referral.forwarded_to, "worker": worker.username if worker else ""},
        )
        if referral.first_contact_at is not None:
            log.add(
                at=referral.first_contact_at,
                actor=worker,
                action=AccessLog.Action.CHANGE,
                event="referral.first_contact",
                target=referral,
                persons=children,
                purpose=Purpose.PREVENTIVE_WORK,
                detail={"days": referral.days_to_first_contact()},
            )

    def _course_log(self, log: AuditRows, course: Course, worker, family: "_Family", rows: list) -> None:
        """The worker opens the course, reads its page at every contact and records the contact, the
        family's answers and the placements; extension requests and the closing are logged as well."""
        children = [(c.AUDIT_PERSON_TYPE, c.uuid) for c in family.children]
        everyone = children + [(g.AUDIT_PERSON_TYPE, g.uuid) for g in family.guardians]
        work = Purpose.PREVENTIVE_WORK
        create = AccessLog.Action.CREATE
        log.add(
            at=course.created_at,
            actor=worker,
            action=create,
            event="course.opened",
            target=course,
            persons=everyone,
            purpose=work,
            detail={"offer": self.offer.name, "goals": 1},
        )
        for row in rows:
            if isinstance(row, Contact):
                log.view(
                    at=row.recorded_at - dt.timedelta(minutes=10),
                    actor=worker,
                    target=course,
                    persons=everyone,
                    purpose=work,
                )
                log.add(
                    at=row.recorded_at,
                    actor=worker,
                    action=create,
                    event="contact.recorded",
                    target=course,
                    persons=children,
                    purpose=work,
                    detail={"contact": str(row.uuid), "kind": row.kind, "place": row.place},
                )
            elif isinstance(row, Response):
                log.add(
                    at=row.answered_at,
                    actor=worker,
                    action=create,
                    event="response.recorded",
                    target=course,
                    persons=[
                        ((row.child or row.guardian).AUDIT_PERSON_TYPE, (row.child or row.guardian).uuid)
                    ],
                    purpose=work,
                    detail={
                        "response": str(row.uuid),
                        "instrument": row.instrument.code,
                        "version": row.instrument.version,
                        "role": row.role,
                        "mode": row.mode,
                        "contact": str(row.contact.uuid) if row.contact else "",
                    },
                )
            elif isinstance(row, WellbeingPlacement):
                log.add(
                    at=timezone.make_aware(dt.datetime.combine(row.placed_on, dt.time(10, 30))),
                    actor=worker,
                    action=create,
                    event="placement.recorded",
                    target=course,
                    persons=[(row.child.AUDIT_PERSON_TYPE, row.child.uuid)],
                    purpose=work,
                    detail={
                        "placement": str(row.uuid),
                        "moment": row.moment,
                        "scale_version": self.scale.version,
                    },
                )
            else:
                self._extension_log(log, course, row)
        if course.status == Course.Status.CLOSED:
            closed = timezone.make_aware(dt.datetime.combine(course.closed_on, dt.time(15, 30)))
            log.view(
                at=closed - dt.timedelta(minutes=5),
                actor=worker,
                target=course,
                persons=everyone,
                purpose=work,
            )
            log.add(
                at=closed,
                actor=worker,
                action=AccessLog.Action.CHANGE,
                event="course.closed",
                target=course,
                persons=everyone,
                purpose=work,
                detail={
                    "reason": course.close_reason,
                    "measurements_missing": bool(course.missing_measurements_reason),
                },
            )

    def _extension_log(self, log: AuditRows, course: Course, request: ExtensionRequest) -> None:
        detail = {"kind": request.kind, "extra": request.extra}
        log.add(
            at=request.requested_at,
            actor=request.requested_by,
            action=AccessLog.Action.CHANGE,
            event="course.extension_requested",
            target=course,
            purpose=Purpose.PREVENTIVE_WORK,
            detail=detail,
        )
        if request.decided_at is not None:
            log.add(
                at=request.decided_at,
                actor=request.decided_by,
                action=AccessLog.Action.CHANGE,
                event=f"course.extension_{request.status}",
                target=course,
                purpose=Purpose.SUPERVISION,
                detail=detail,
            )

    def _referral_consent(self, referral: Referral, family: "_Family") -> "_ConsentPlan":
        """A partner's referral carries the custodian's consent to share with the unit, sometimes also back
        to the referring school or daycare (as the referral service records it; the coordinator enters it,
        since the generated referrals name no partner user)."""
        institutions = []
        if referral.source in (Referral.Source.SCHOOL, Referral.Source.DAYCARE) and self.rng.random() < 0.5:
            institutions = _institutions_of(family.children)
        day = timezone.localtime(referral.received_at).date()
        return self._consent(
            family,
            actor=self.coordinator,
            recorded_at=referral.received_at,
            children=family.children,
            information=[Information.BASIC, Information.CONCERN],
            institutions=institutions,
            units=[self.unit],
            purpose=f"Henvisning til {self.unit.name} og samarbejde om barnets trivsel",
            valid_from=day,
        )

    def _cooperation_consent(self, course: Course, worker, family: "_Family") -> "_ConsentPlan | None":
        """At the start meeting the family agrees that the school or daycare may know of the course."""
        children = [c for c in family.children if c.institution_group is not None]
        if not children:
            return None
        return self._consent(
            family,
            actor=worker,
            recorded_at=course.created_at + dt.timedelta(minutes=45),
            children=children,
            information=[Information.BASIC, Information.COURSE],
            institutions=_institutions_of(children),
            units=[],
            purpose="Skolen eller dagtilbuddet og familien samarbejder om barnets trivsel.",
            valid_from=course.start_meeting_on,
        )

    def _consent(
        self, family, *, actor, recorded_at, children, information, institutions, units, purpose, valid_from
    ) -> "_ConsentPlan":
        """As give_consent records it: by the first adult, always a parent with custody of every child."""
        rng = self.rng
        consent = Consent(
            uuid=self.uuid(),
            household=family.household,
            given_by=family.guardians[0],
            given_how=rng.choices(Consent.GivenHow.values, (50, 30, 20))[0],
            information=information,
            purpose=purpose,
            valid_from=valid_from,
            valid_until=valid_from + dt.timedelta(days=CONSENT_VALID_DAYS),
            recorded_by=actor,
            recorded_at=recorded_at,
        )
        withdrawn = recorded_at + dt.timedelta(days=rng.randint(7, CONSENT_VALID_DAYS - 1), hours=2)
        if rng.random() < 0.06 and withdrawn <= self.now:
            consent.withdrawn_at = withdrawn
            consent.withdrawn_by = actor
            consent.withdrawal_reason = rng.choice(WITHDRAWAL_REASONS)
        return _ConsentPlan(consent, list(children), list(institutions), list(units), actor)

    def _save_consents(self, log: AuditRows, plans: list["_ConsentPlan"]) -> None:
        self.stats.insert(Consent, [p.consent for p in plans])
        Children = Consent.children.through
        Institutions = Consent.recipient_institutions.through
        Units = Consent.recipient_units.through
        self.stats.insert(
            Children, [Children(consent_id=p.consent.pk, child_id=c.pk) for p in plans for c in p.children]
        )
        self.stats.insert(
            Institutions,
            [
                Institutions(consent_id=p.consent.pk, institution_id=i.pk)
                for p in plans
                for i in p.institutions
            ],
        )
        self.stats.insert(
            Units, [Units(consent_id=p.consent.pk, unit_id=u.pk) for p in plans for u in p.units]
        )
        for p in plans:
            consent = p.consent
            persons = [(consent.given_by.AUDIT_PERSON_TYPE, consent.given_by.uuid)] + [
                (c.AUDIT_PERSON_TYPE, c.uuid) for c in p.children
            ]
            log.add(
                at=consent.recorded_at,
                actor=p.actor,
                action=AccessLog.Action.CREATE,
                event="consent.given",
                target=consent,
                persons=persons,
                purpose=Purpose.CONSENT,
                detail={
                    "information": consent.information,
                    "institutions": [str(i.uuid) for i in p.institutions],
                    "units": [str(u.uuid) for u in p.units],
                },
            )
            if consent.withdrawn_at is not None:
                log.add(
                    at=consent.withdrawn_at,
                    actor=consent.withdrawn_by,
                    action=AccessLog.Action.CHANGE,
                    event="consent.withdrawn",
                    target=consent,
                    persons=persons,
                    purpose=Purpose.CONSENT,
                )

    @transaction.atomic
    def _groups(self) -> None:
        """Group offers over the five years (one group a year per 60 referrals a year): children's groups
        and parents' groups of 6-10 places meeting weekly 6-10 times, led by one or two of the unit's
        workers. Places go to families referred in the year before, in the order they enrolled; the rest
        wait. Some stop on the way and the first on the waiting list moves up (groups.services.leave);
        every session has an attendance row for each participant enrolled that day (record_session)."""
        rng = self.rng
        log = AuditRows()
        pool = sorted(self.group_pool, key=lambda p: p[0])
        dates = [p[0] for p in pool]
        out = _GroupPlan()
        count = max(3, round(self.referrals_per_year * YEARS / REFERRALS_PER_GROUP))
        for _ in range(count):
            shape = rng.choices(GROUP_SHAPES, [s.weight for s in GROUP_SHAPES])[0]
            day = self.first_day + dt.timedelta(days=rng.randint(0, 365 * YEARS + 40))
            start = day + dt.timedelta(days=(shape.weekday - day.weekday()) % 7)
            sessions = rng.randint(6, 10)
            capacity = rng.randint(6, 10) if shape.capacity is None else shape.capacity
            lo = bisect.bisect_left(dates, start - dt.timedelta(days=365))
            hi = bisect.bisect_left(dates, start - dt.timedelta(days=7))
            # why: half the groups have more applicants than places, and some do not fill
            wanted = max(3, capacity + rng.choice((-3, -2, -1, 0, 1, 2, 3, 4)))
            people = self._participants(shape, start, pool, lo, hi, wanted)
            if len(people) < 3:
                continue
            self._group(out, log, shape, start, sessions, capacity, people)
        out.save(self.stats)
        log.save(self.stats)

    def _participants(self, shape: "_GroupShape", start: dt.date, pool, lo: int, hi: int, wanted: int):
        """Up to `wanted` children (or one adult per family) of the shape's ages, from the families
        referred in the year before the start; from all referred families if that year had too few."""
        rng = self.rng
        chosen: dict[int, tuple] = {}
        youngest, oldest = shape.ages
        for window in ((lo, hi), (0, len(pool))):
            if window[1] <= window[0]:
                continue
            for _ in range(wanted * 15):
                if len(chosen) >= wanted:
                    return list(chosen.values())
                _day, household_id, children, guardians = pool[rng.randrange(*window)]
                fits = [c for c in children if youngest <= age_on(c[2], start) <= oldest]
                if not fits:
                    continue
                if shape.audience == Strand.Audience.PARENTS:
                    person = ("guardian", household_id, *guardians[0], None)
                else:
                    person = ("child", household_id, *rng.choice(fits))
                chosen.setdefault(person[3], person)
        return list(chosen.values())

    def _group(self, out: "_GroupPlan", log: AuditRows, shape, start, sessions, capacity, people) -> None:
        rng = self.rng
        work, create = Purpose.PREVENTIVE_WORK, AccessLog.Action.CREATE
        end = start + dt.timedelta(weeks=sessions - 1)
        leaders = rng.sample(self.workers, min(len(self.workers), rng.choice((1, 2, 2))))
        lead = leaders[0]
        created = min(self.now, _at(start - dt.timedelta(days=rng.randint(30, 60)), 10))
        season = "forår" if start.month < 7 else "efterår"
        group = Group(
            uuid=self.uuid(),
            offer=self.group_offers[shape.offer],
            name=f"{shape.name}, {season} {start.year}",
            starts_on=start,
            ends_on=end,
            schedule=shape.schedule,
            place="Online (Teams)" if shape.is_digital else "Familiehuset, Demoby",
            is_digital=shape.is_digital,
            capacity=capacity,
            created_at=created,
        )
        out.groups.append(group)
        out.leaders.extend((group, leader) for leader in leaders)
        strands = [Strand(group=group, name=name, audience=audience) for name, audience in shape.strands]
        out.strands.extend(strands)
        log.add(
            at=created,
            actor=lead,
            action=create,
            event="group.created",
            target=group,
            purpose=work,
            detail={"offer": group.offer.name, "capacity": capacity},
        )
        enrolled_at = sorted(created + dt.timedelta(days=rng.uniform(0, 28)) for _ in people)
        enrollments, refs = [], {}
        born_of = {}
        for (kind, household_id, pk, person_uuid, born), at in zip(people, enrolled_at, strict=True):
            if at > self.now:
                break
            taken = sum(e.status == Enrollment.Status.ENROLLED for e in enrollments)
            status = enrolment_status(taken=taken, capacity=capacity)
            enrollment = Enrollment(
                uuid=self.uuid(),
                group=group,
                household_id=household_id,
                child_id=pk if kind == "child" else None,
                guardian_id=pk if kind == "guardian" else None,
                status=status,
                enrolled_at=at,
                enrolled_by=lead,
            )
            refs[id(enrollment)] = (kind, person_uuid)
            born_of[id(enrollment)] = born
            enrollments.append(enrollment)
            log.add(
                at=at,
                actor=lead,
                action=create,
                event=f"group.{status}",
                target=group,
                persons=[refs[id(enrollment)]],
                purpose=work,
            )
        out.enrollments.extend(enrollments)
        showing_up = {id(e): rng.uniform(0.6, 0.98) for e in enrollments}
        # why: how well a group works together is mostly the group's; each participant scatters around it
        alliance = {id(e): rng.gauss(35.5, 2.0) + rng.gauss(0, 1.5) for e in enrollments}
        # why: about one in eight stops on the way, after the first session and before the last
        stops = {
            id(e): rng.randint(1, sessions - 2)
            for e in enrollments
            if e.status == Enrollment.Status.ENROLLED and rng.random() < 0.12
        }
        for week in range(sessions):
            date = start + dt.timedelta(weeks=week)
            # why: recorded at 18 and its answers typed in after: not later than now
            if _at(date, 19) > self.now:
                break
            for enrollment in enrollments:
                if stops.get(id(enrollment)) == week and enrollment.status == Enrollment.Status.ENROLLED:
                    at = _at(date - dt.timedelta(days=2), 12)
                    self._leave(log, group, enrollments, refs, enrollment, at, lead)
            on_group = [e for e in enrollments if e.status == Enrollment.Status.ENROLLED]
            leader = rng.choice(leaders)
            session = Session(uuid=self.uuid(), group=group, strand=strands[0], date=date, recorded_by=leader)
            out.sessions.append(session)
            came = [rng.random() < showing_up[id(e)] for e in on_group]
            out.attendance.extend(
                Attendance(session=session, enrollment=e, present=p)
                for e, p in zip(on_group, came, strict=True)
            )
            log.view(
                at=_at(date, 15),
                actor=leader,
                target=group,
                persons=[refs[id(e)] for e in enrollments],
                purpose=work,
            )
            log.add(
                at=_at(date, 18),
                actor=leader,
                action=create,
                event="group.session_recorded",
                target=group,
                persons=[refs[id(e)] for e in on_group],
                purpose=work,
                detail={"present": sum(came), "enrolled": len(on_group)},
            )
            present = [e for e, p in zip(on_group, came, strict=True) if p]
            self._group_fit(out, log, group, session, leader, present, born_of, refs, alliance, week)

    def _group_fit(self, out, log, group, session, leader, present, born_of, refs, alliance, week) -> None:
        """FIT in groups as groups.services.record_group_response records it: the group alliance scale from
        each present participant of 8 and over (the scale's age band; parents in parents' groups) at
        `GROUP_ANSWERED` of the sessions, typed in by the leader after the session is recorded. The role
        is the child's on the session's day (role_for_child), as for a course's answers."""
        rng = self.rng
        instrument = self.group_alliance
        minute = 0
        for enrollment in present:
            born = born_of[id(enrollment)]
            age = None if born is None else age_on(born, session.date)
            # why: the role and the scale's age band on the session's day, as record_group_response
            role = Response.Role.PARENT if age is None else role_for_age(age)
            if not instrument.suits(role, age):
                continue
            if rng.random() >= GROUP_ANSWERED:
                continue
            value = alliance[id(enrollment)] + 0.3 * week + rng.gauss(0, 1.2)
            minute += 1
            response = self._add_response(
                out,
                instrument,
                _split(Decimal(str(round(min(40.0, max(10.0, value)), 1)))),
                group=group,
                group_session=session,
                role=role,
                child_id=enrollment.child_id,
                guardian_id=enrollment.guardian_id,
                answered_at=_at(session.date, 18) + dt.timedelta(minutes=minute),
                entered_by=leader,
            )
            total = response.total
            log.add(
                at=response.answered_at,
                actor=leader,
                action=AccessLog.Action.CREATE,
                event="group.fit_recorded",
                target=group,
                persons=[refs[id(enrollment)]],
                purpose=Purpose.PREVENTIVE_WORK,
                detail={"instrument": instrument.code, "total": str(total)},
            )

    def _leave(self, log: AuditRows, group, enrollments, refs, enrollment, at, actor) -> None:
        """As groups.services.leave: the place goes to the first on the waiting list."""
        enrollment.status = Enrollment.Status.LEFT
        log.add(
            at=at,
            actor=actor,
            action=AccessLog.Action.CHANGE,
            event="group.left",
            target=group,
            persons=[refs[id(enrollment)]],
            purpose=Purpose.PREVENTIVE_WORK,
        )
        first = first_waiting(enrollments)  # they are in the order they enrolled
        if first is not None:
            first.status = Enrollment.Status.ENROLLED
            log.add(
                at=at,
                actor=actor,
                action=AccessLog.Action.CHANGE,
                event="group.moved_up",
                target=group,
                persons=[refs[id(first)]],
                purpose=Purpose.PREVENTIVE_WORK,
            )


def _phone(serial: int) -> str:
    return f"00 {serial // 10000 % 100:02d} {serial // 100 % 100:02d} {serial % 100:02d}"


def _at(day: dt.date, hour: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def _refused(course: Course, kind: str, contacts: int, network_meetings: int) -> bool:
    try:
        check_contact_limits(course, kind=kind, contacts=contacts, network_meetings=network_meetings)
    except ValidationError:
        return True
    return False


def _institutions_of(children) -> list[Institution]:
    """The schools and daycares of the children's classes, each once, in the children's order."""
    found = {}
    for child in children:
        if child.institution_group is not None:
            institution = child.institution_group.institution
            found.setdefault(id(institution), institution)
    return list(found.values())


def _split(total: Decimal, *, whole: bool = False) -> dict[int, Decimal]:
    """A total as four item scores within 0-10: one decimal each, or whole numbers (the children's faces)."""
    if whole:
        total = Decimal(min(40, max(0, round(total))))
        part, extra = divmod(int(total), 4)
        return {i: Decimal(part + (1 if i <= extra else 0)) for i in range(1, 5)}
    total = min(Decimal(40), max(Decimal(0), total.quantize(Decimal("0.1"))))
    part = (total / 4).quantize(Decimal("0.1"))
    parts = [part, part, part, total - 3 * part]
    return {i: min(Decimal(10), max(Decimal(0), p)) for i, p in enumerate(parts, start=1)}


@dataclass
class _Series:
    """One respondent's FIT in one course: where the outcome stands and how it moves per session, and
    the respondent's own alliance level."""

    outcome: float
    drift: float
    alliance: float
    sessions: int = 0

    def next_outcome(self, rng: random.Random) -> Decimal:
        if self.sessions:
            self.outcome = min(38.0, max(2.0, self.outcome + self.drift + rng.gauss(0, 1.5)))
        self.sessions += 1
        return Decimal(str(round(self.outcome, 1)))

    def next_alliance(self, rng: random.Random) -> Decimal:
        # why: the alliance usually grows a little as the family gets to know the worker
        value = self.alliance + 0.3 * (self.sessions - 1) + rng.gauss(0, 0.8)
        return Decimal(str(round(min(40.0, max(10.0, value)), 1)))


@dataclass
class _CourseFit:
    """What the respondents of one course share: whether the family improves, and the alliance with the
    worker (each respondent scatters around it)."""

    on_track: bool
    alliance: Decimal
    respondents: dict = field(default_factory=dict)

    def series(self, rng: random.Random, role: str, person) -> _Series:
        found = self.respondents.get(id(person))
        if found is None:
            # why: children rate themselves higher at the start than parents rate them (CORS cut-off 32)
            low, high = (14.0, 28.0) if role == Response.Role.CHILD else (10.0, 24.0)
            drift = rng.uniform(2.5, 4.5) if self.on_track else rng.uniform(-1.0, 1.2)
            found = _Series(rng.uniform(low, high), drift, float(self.alliance) + rng.gauss(0, 0.8))
            self.respondents[id(person)] = found
        return found


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
    extensions: list = field(default_factory=list)

    def save(self, stats: Stats) -> None:
        stats.insert(Referral, self.referrals)
        stats.insert(Course, self.courses)
        Link = Course.workers.through
        stats.insert(Link, [Link(course_id=c.pk, user_id=w.pk) for c, w in self.workers])
        stats.insert(HouseholdAssignment, self.assignments)
        stats.insert(Goal, self.goals)
        stats.insert(Contact, self.contacts)
        stats.insert(Response, self.responses)
        stats.insert_scores(self.scores)
        stats.insert(WellbeingPlacement, self.placements)
        stats.insert(ExtensionRequest, self.extensions)


@dataclass
class _ConsentPlan:
    consent: Consent
    children: list
    institutions: list
    units: list
    actor: User


@dataclass
class _GroupPlan:
    """The groups' rows, inserted in the order their foreign keys need."""

    groups: list = field(default_factory=list)
    leaders: list = field(default_factory=list)
    strands: list = field(default_factory=list)
    enrollments: list = field(default_factory=list)
    sessions: list = field(default_factory=list)
    attendance: list = field(default_factory=list)
    responses: list = field(default_factory=list)
    scores: list = field(default_factory=list)

    def save(self, stats: Stats) -> None:
        stats.insert(Group, self.groups)
        Link = Group.leaders.through
        stats.insert(Link, [Link(group_id=g.pk, user_id=u.pk) for g, u in self.leaders])
        stats.insert(Strand, self.strands)
        stats.insert(Enrollment, self.enrollments)
        stats.insert(Session, self.sessions)
        stats.insert(Attendance, self.attendance)
        stats.insert(Response, self.responses)
        stats.insert_scores(self.scores)


@dataclass(frozen=True)
class _GroupShape:
    name: str
    offer: str
    audience: str  # who enrolls: children, or one adult per family
    ages: tuple[int, int]  # of the children (for parents' groups: of their child) at the start
    capacity: int | None  # None: 6-10
    weekday: int
    schedule: str
    strands: tuple[tuple[str, str], ...]
    weight: int
    is_digital: bool = False


_CHILDREN = Strand.Audience.CHILDREN
_PARENTS = Strand.Audience.PARENTS
# The demo's Mestringsluppen and "Forstå din teenager" (demo/groups.py), and the groups a Danish
# municipality's family house typically runs beside them.
GROUP_SHAPES = [
    _GroupShape(
        "Mestringsluppen",
        CHILDREN_GROUPS,
        _CHILDREN,
        (8, 14),
        6,
        1,
        "Tirsdage kl. 15.30-17.00",
        (
            ("Børnegruppe", _CHILDREN),
            ("Forældregruppe", _PARENTS),
            ("Vidensdeling med skolen", Strand.Audience.SCHOOL),
        ),
        3,
    ),
    _GroupShape(
        "Skilsmissegruppe",
        CHILDREN_GROUPS,
        _CHILDREN,
        (7, 12),
        None,
        2,
        "Onsdage kl. 14.30-16.00",
        (("Børnegruppe", _CHILDREN),),
        3,
    ),
    _GroupShape(
        "Vredeshåndtering for børn",
        CHILDREN_GROUPS,
        _CHILDREN,
        (8, 13),
        None,
        0,
        "Mandage kl. 15-16.30",
        (("Børnegruppe", _CHILDREN),),
        2,
    ),
    _GroupShape(
        "Angstgruppe for børn",
        CHILDREN_GROUPS,
        _CHILDREN,
        (7, 12),
        None,
        3,
        "Torsdage kl. 15-16.30",
        (("Børnegruppe", _CHILDREN),),
        2,
    ),
    _GroupShape(
        "Børn af forældre med psykisk sårbarhed",
        CHILDREN_GROUPS,
        _CHILDREN,
        (8, 14),
        None,
        2,
        "Onsdage kl. 15-16.30",
        (("Børnegruppe", _CHILDREN),),
        1,
    ),
    _GroupShape(
        "Forstå din teenager",
        PARENT_GROUPS,
        _PARENTS,
        (13, 17),
        10,
        3,
        "Torsdage kl. 19-21",
        (("Forældregruppe", _PARENTS),),
        2,
        is_digital=True,
    ),
    _GroupShape(
        "Forældrekursus om ADHD og autisme",
        PARENT_GROUPS,
        _PARENTS,
        (6, 17),
        None,
        1,
        "Tirsdage kl. 19-21.30",
        (("Forældregruppe", _PARENTS),),
        2,
    ),
    _GroupShape(
        "Forældre i skilsmisse",
        PARENT_GROUPS,
        _PARENTS,
        (6, 17),
        None,
        0,
        "Mandage kl. 17-19",
        (("Forældregruppe", _PARENTS),),
        1,
    ),
]

EXTENSION_REASONS = [
    "Familien er godt i gang, men morgenerne er ikke stabile endnu. Vi har brug for flere samtaler.",
    "Der er kommet en ny bekymring fra skolen, som vi vil nå at tage hånd om i forløbet.",
    "Et netværksmøde mere med skolen og bedsteforældrene kan samle indsatsen.",
    "Mor har været syg i en periode, så vi har mistet tid i forløbet.",
]
EXTENSION_REFUSALS = [
    "Afslut forløbet som planlagt, og henvis til en forældregruppe.",
    "Tal med Modtagelsen om en underretning i stedet.",
]
WITHDRAWAL_REASONS = [
    "Forældrene ønsker ikke længere, at oplysningerne deles.",
    "Familien er flyttet, og samarbejdet er slut.",
]
