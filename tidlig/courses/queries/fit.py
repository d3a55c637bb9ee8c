"""FIT in a course, read: each respondent's trajectory over the contacts, and the flags that say a course
may not be on track (docs/product.md). Reads only; the course was fetched (and logged) by the caller."""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from tidlig.accounts.models import User
from tidlig.courses.models import Course
from tidlig.measurements.models import Instrument, Response
from tidlig.measurements.scoring import fmt
from tidlig.people.models import Child, Guardian

NOT_ON_TRACK = gettext_noop(
    "Ikke på sporet: efter {n} kontakter er trivslen ikke steget med mindst {rc} point"
)
LOW_ALLIANCE = gettext_noop("Samarbejdet scorer under grænsen ({cutoff})")


@dataclass
class Point:
    contact_number: int
    date: dt.date | None
    outcome: Decimal | None = None
    alliance: Decimal | None = None

    @property
    def outcome_text(self) -> str:
        return fmt(self.outcome) or "-"

    @property
    def alliance_text(self) -> str:
        return fmt(self.alliance) or "-"


@dataclass
class Trajectory:
    """One respondent's outcome and alliance totals over the course's contacts."""

    role: str
    child: Child | None
    guardian: Guardian | None
    points: list[Point] = field(default_factory=list)
    outcome_cutoff: Decimal | None = None
    alliance_cutoff: Decimal | None = None
    reliable_change: Decimal | None = None

    @property
    def key(self) -> str:
        person = self.child or self.guardian
        return f"{self.role}-{person.pk if person else 0}"

    @property
    def label(self) -> str:
        person = self.child or self.guardian
        role = Response.Role(self.role).label.lower()
        return f"{person.first_name} ({role})" if person else Response.Role(self.role).label

    @property
    def cutoffs_text(self) -> dict[str, str]:
        return {
            "outcome": fmt(self.outcome_cutoff),
            "alliance": fmt(self.alliance_cutoff),
            "reliable_change": fmt(self.reliable_change),
        }

    @property
    def outcome_points(self) -> list[Point]:
        return [p for p in self.points if p.outcome is not None]

    @property
    def alliance_points(self) -> list[Point]:
        return [p for p in self.points if p.alliance is not None]


FIT_KINDS = (Instrument.Kind.OUTCOME, Instrument.Kind.ALLIANCE)
ROLE_ORDER = {
    Response.Role.CHILD: 0,
    Response.Role.YOUNG: 0,
    Response.Role.PARENT: 1,
    Response.Role.OTHER_ADULT: 2,
}


def course_responses(course: Course) -> list[Response]:
    cache = getattr(course, "_prefetched_objects_cache", {})
    if "responses" in cache:
        return list(cache["responses"])
    return list(course.responses.select_related("instrument", "contact", "child", "guardian"))


def trajectories(course: Course, responses: list[Response] | None = None) -> list[Trajectory]:
    """Per respondent, the latest outcome and alliance total at each contact, in contact order; the cut-offs
    and reliable change come from the newest instrument version the respondent answered.
    `responses`: the course's responses, when the caller has read them already."""
    numbers = {c.pk: n for n, c in enumerate(course.contacts.all(), start=1)}
    dates = {c.pk: c.date for c in course.contacts.all()}
    found: dict[tuple, Trajectory] = {}
    points: dict[tuple, dict[int, Point]] = {}
    read = course_responses(course) if responses is None else responses
    for response in sorted(read, key=lambda r: (r.answered_at, r.pk)):
        kind = response.instrument.kind
        if kind not in FIT_KINDS or response.contact_id not in numbers:
            continue
        key = response.respondent_key
        trajectory = found.get(key)
        if trajectory is None:
            trajectory = Trajectory(role=response.role, child=response.child, guardian=response.guardian)
            found[key] = trajectory
            points[key] = {}
        number = numbers[response.contact_id]
        point = points[key].setdefault(number, Point(number, dates[response.contact_id]))
        if kind == Instrument.Kind.OUTCOME:
            point.outcome = response.total
            trajectory.outcome_cutoff = response.instrument.cutoff
            trajectory.reliable_change = response.instrument.reliable_change
        else:
            point.alliance = response.total
            trajectory.alliance_cutoff = response.instrument.cutoff
    for key, trajectory in found.items():
        trajectory.points = sorted(points[key].values(), key=lambda p: p.contact_number)
    return sorted(found.values(), key=lambda t: (ROLE_ORDER.get(t.role, 3), t.key))


def review_after_default() -> int:
    return int(getattr(settings, "TIDLIG_FIT_REVIEW_AFTER", 3))


def trajectory_flags(trajectory: Trajectory, *, review_after: int) -> list[str]:
    reasons = []
    outcome = trajectory.outcome_points
    rc = trajectory.reliable_change
    if rc is not None and len(outcome) >= review_after and outcome[-1].outcome - outcome[0].outcome < rc:
        reasons.append(_(NOT_ON_TRACK).format(n=len(outcome), rc=fmt(rc)))
    alliance = trajectory.alliance_points
    cutoff = trajectory.alliance_cutoff
    if cutoff is not None and alliance and alliance[-1].alliance < cutoff:
        reasons.append(_(LOW_ALLIANCE).format(cutoff=fmt(cutoff)))
    return reasons


def flags(course: Course, *, review_after: int | None = None, trajectories_=None) -> list[str]:
    """Why a course may not be on track (docs/product.md): no reliable improvement after `review_after`
    outcome
    measurements, or the latest alliance score below the instrument's cut-off (36 for the SRS, configurable).
    Each reason names the respondent."""
    review_after = review_after_default() if review_after is None else review_after
    result = []
    for trajectory in trajectories(course) if trajectories_ is None else trajectories_:
        reasons = trajectory_flags(trajectory, review_after=review_after)
        result += [f"{trajectory.label}: {reason}" for reason in reasons]
    return result


def can_record(course: Course, user: User) -> bool:
    """Forms show for the course's worker and the unit leader while the course is open."""
    if not course.is_open or not user.is_authenticated:
        return False
    if user.is_worker:
        return any(w.pk == user.pk for w in course.workers.all())
    return user.is_leader and user.unit_id == course.offer.unit_id
