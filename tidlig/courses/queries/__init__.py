"""Every permission-sensitive read of courses. A worker sees the courses they work on; the leader and
coordinator see their unit's (the offer's unit); nobody else. A guess answers 404 and is logged."""

from dataclasses import dataclass

from django.core.paginator import Page
from django.db.models import Case, Count, Prefetch, Q, QuerySet, Value, When

from tidlig.accounts.models import User
from tidlig.audit.models import AccessLog, Purpose
from tidlig.audit.services import deny, record_access
from tidlig.courses.models import Contact, Course, ExtensionRequest, Goal
from tidlig.lib.ids import uuid_or_none
from tidlig.lib.pages import read_page
from tidlig.measurements.models import Response, WellbeingPlacement
from tidlig.offers.models import Offer
from tidlig.people.models import Child, Guardian


def courses_visible_to(user: User) -> QuerySet[Course]:
    if not user.is_authenticated:
        return Course.objects.none()
    courses = Course.objects.filter(household__anonymised_on__isnull=True)  # decision 0016
    if user.is_worker:
        return courses.filter(workers=user)
    if user.manages_unit and user.unit_id:
        return courses.filter(offer__unit_id=user.unit_id)
    return Course.objects.none()


def _with_everything(qs: QuerySet[Course]) -> QuerySet[Course]:
    return qs.select_related("household", "offer__legal_basis", "offer__unit", "referral").prefetch_related(
        "workers",
        Prefetch("household__children", queryset=Child.objects.order_by("birth_date")),
        "household__guardians",
        "goals",
        Prefetch("contacts", queryset=Contact.objects.order_by("date", "id")),
        Prefetch(
            "extension_requests",
            queryset=ExtensionRequest.objects.select_related("requested_by", "decided_by"),
        ),
    )


def get_course_for(user: User, course_id, *, purpose: str, path: str = "") -> Course:
    course = _with_everything(courses_visible_to(user)).filter(uuid=uuid_or_none(course_id)).first()
    if course is None:
        deny(user, "courses.course", course_id, path)
    household = course.household
    record_access(
        user, course, persons=[*household.children.all(), *household.guardians.all()], purpose=purpose
    )
    return course


def get_course_for_update(user: User, course_id, *, path: str = "") -> Course:
    course = courses_visible_to(user).select_related("offer").filter(uuid=uuid_or_none(course_id)).first()
    if course is None:
        deny(user, "courses.course", course_id, path)
    return course


# why: a leader sees every course of the unit; at Aarhus's size that is 30,000 over five years, all read
# and logged on one page (docs/performance.md)
LIST_PAGE_SIZE = 50


def course_list_for(user: User, *, page=None) -> Page:
    """The user's courses, open first, newest first, a page at a time; only the page's courses are read and
    logged (the worker's home reads only the open ones, with worker_home_courses)."""
    courses = (
        courses_visible_to(user)
        .select_related("household", "offer")
        .prefetch_related("workers", "household__children")
        .annotate(
            n_contacts=Count("contacts"),
            # why: ordering by status itself put "closed" before "open"
            closed_last=Case(When(status=Course.Status.OPEN, then=Value(0)), default=Value(1)),
        )
        .order_by("closed_last", "-start_meeting_on", "-id")
    )
    shown = read_page(courses, LIST_PAGE_SIZE, page)
    _log_listed(user, shown.object_list)
    return shown


def _log_listed(user: User, courses: list[Course]) -> None:
    if courses:
        record_access(
            user,
            None,
            persons=[c for course in courses for c in course.household.children.all()],
            purpose=Purpose.PREVENTIVE_WORK,
            action=AccessLog.Action.LIST,
            event="courses.course.list",
        )


def pending_extensions_for(leader: User) -> list[ExtensionRequest]:
    """The leader's approvals queue, oldest first."""
    if not leader.is_leader:
        return []
    return list(
        ExtensionRequest.objects.filter(
            status=ExtensionRequest.Status.PENDING, course__offer__unit_id=leader.unit_id
        )
        .select_related("course__household", "course__offer", "requested_by")
        .annotate(
            n_contacts=Count("course__contacts"),
            n_network=Count(
                "course__contacts", filter=Q(course__contacts__kind=Contact.Kind.NETWORK_MEETING)
            ),
        )
        .order_by("requested_at")
    )


def extension_queue_for(leader: User) -> list[ExtensionRequest]:
    """The approvals page: pending_extensions_for, logged as a list of the families it names (each
    request shows the family's name and the worker's reasons)."""
    requests = pending_extensions_for(leader)
    households = {r.course.household_id for r in requests}
    if households:
        persons = [
            *Child.objects.filter(household_id__in=households),
            *Guardian.objects.filter(household_id__in=households),
        ]
        record_access(
            leader,
            None,
            persons=persons,
            purpose=Purpose.PREVENTIVE_WORK,
            action=AccessLog.Action.LIST,
            event="courses.extensionrequest.list",
        )
    return requests


def running_offers(unit_id: int | None) -> QuerySet[Offer]:
    """The offers a unit runs now; a course is opened on one of them (configuration, no personal data)."""
    return Offer.objects.filter(unit_id=unit_id, is_running=True).select_related("legal_basis")


def active_workers(unit_id: int | None) -> QuerySet[User]:
    """The unit's active workers, who may be put on a course."""
    return User.objects.filter(role=User.Role.WORKER, unit_id=unit_id, is_active=True).order_by(
        "first_name", "last_name"
    )


def course_for_referral(user: User, referral) -> Course | None:
    """The course opened from a referral, if the user may see it (the one-to-one reverse may be absent)."""
    return courses_visible_to(user).filter(referral=referral).first()


def get_goal_for_update(user: User, course_id, goal_id, *, path: str = "") -> Goal:
    """A goal of a course the user may change; a goal of another course answers 404 like the course."""
    course = get_course_for_update(user, course_id, path=path)
    goal = course.goals.filter(uuid=uuid_or_none(goal_id)).first()
    if goal is None:
        deny(user, "courses.goal", goal_id, path)
    goal.course = course
    return goal


def get_extension_request_for_decision(leader: User, request_id, *, path: str = "") -> ExtensionRequest:
    """A pending or decided request on a course of the leader's unit; anyone else gets 404."""
    qs = ExtensionRequest.objects.none()
    if leader.is_leader and leader.unit_id:
        qs = ExtensionRequest.objects.filter(course__offer__unit_id=leader.unit_id)
    request = (
        qs.select_related("course__offer", "course__household").filter(uuid=uuid_or_none(request_id)).first()
    )
    if request is None:
        deny(leader, "courses.extensionrequest", request_id, path)
    return request


@dataclass(frozen=True)
class Limits:
    """How much of the offer's limits a course has used (VIVE's catalogue: 12 contacts, 2 network
    meetings)."""

    contacts: int
    contact_limit: int | None
    network_meetings: int
    network_meeting_limit: int | None

    @property
    def contacts_left(self) -> int | None:
        return None if self.contact_limit is None else max(self.contact_limit - self.contacts, 0)

    @property
    def network_meetings_left(self) -> int | None:
        if self.network_meeting_limit is None:
            return None
        return max(self.network_meeting_limit - self.network_meetings, 0)

    @property
    def state(self) -> str:
        """ "reached", "near" (two or fewer contacts left) or "ok"."""
        left = self.contacts_left
        if left is None:
            return "ok"
        if left == 0:
            return "reached"
        return "near" if left <= 2 else "ok"


def course_limits(course: Course) -> Limits:
    contacts = list(course.contacts.all())
    return Limits(
        contacts=len(contacts),
        contact_limit=course.contact_limit,
        network_meetings=sum(1 for c in contacts if c.kind == Contact.Kind.NETWORK_MEETING),
        network_meeting_limit=course.network_meeting_limit,
    )


@dataclass(frozen=True)
class ClosingChecklist:
    """What the closing needs: the end Trivselslineal for each child and the family's metafeedback."""

    children: list[tuple[Child, WellbeingPlacement | None]]
    metafeedback: Response | None

    @property
    def complete(self) -> bool:
        return self.metafeedback is not None and all(p is not None for _, p in self.children)


def closing_checklist(course: Course) -> ClosingChecklist:
    placements = WellbeingPlacement.objects.filter(course=course, moment=WellbeingPlacement.Moment.END)
    ends = {p.child_id: p for p in placements.order_by("placed_on", "id")}
    metafeedback = (
        Response.objects.filter(course=course, instrument__kind="metafeedback")
        .order_by("-answered_at")
        .first()
    )
    return ClosingChecklist(
        children=[(child, ends.get(child.pk)) for child in course.household.children.all()],
        metafeedback=metafeedback,
    )


def get_course_for_export(user: User, course_id, path: str = "") -> Course:
    """The course for a PDF; logged as an export of each child and guardian, not as a view."""
    course = _with_everything(courses_visible_to(user)).filter(uuid=uuid_or_none(course_id)).first()
    if course is None:
        deny(user, "courses.course", course_id, path)
    household = course.household
    record_access(
        user,
        course,
        persons=[*household.children.all(), *household.guardians.all()],
        purpose=Purpose.PREVENTIVE_WORK,
        action=AccessLog.Action.EXPORT,
        event="courses.course.exported",
    )
    return course


def get_placement_for_update(user: User, course_id, placement_id, *, path: str = ""):
    """A Trivselslineal placement on a course the user may change; another course's answers 404."""
    course = get_course_for_update(user, course_id, path=path)
    placement = (
        course.placements.select_related("scale", "child").filter(uuid=uuid_or_none(placement_id)).first()
    )
    if placement is None:
        deny(user, "measurements.wellbeingplacement", placement_id, path)
    placement.course = course
    return placement


def _open_courses_with_fit(user: User) -> list[Course]:
    """The open courses the user may see, oldest first, with what FIT's flags and the home page need.
    A constant number of queries: responses come prefetched with their instrument."""
    from tidlig.measurements.models import Response as FitResponse

    return list(
        courses_visible_to(user)
        .filter(status=Course.Status.OPEN)
        .select_related("household", "offer")
        .prefetch_related(
            "household__children",
            Prefetch("contacts", queryset=Contact.objects.order_by("date", "id")),
            Prefetch(
                "responses",
                queryset=FitResponse.objects.select_related("instrument", "child", "guardian").order_by(
                    "answered_at", "id"
                ),
            ),
        )
        .order_by("start_meeting_on", "id")
    )


def _flagged(user: User, courses: list[Course]) -> list[tuple[Course, list[str]]]:
    from tidlig.courses.queries.fit import flags, review_after_default

    review_after = review_after_default()
    flagged = [(c, flags(c, review_after=review_after)) for c in courses]
    flagged = [(c, reasons) for c, reasons in flagged if reasons]
    if flagged:
        record_access(
            user,
            None,
            # why: each flag names its respondent, a parent as often as a child
            persons=[
                person
                for course, _ in flagged
                for person in (
                    *course.household.children.all(),
                    *(r.guardian for r in course.responses.all() if r.guardian_id),
                    *(r.child for r in course.responses.all() if r.child_id),
                )
            ],
            purpose=Purpose.PREVENTIVE_WORK,
            action=AccessLog.Action.LIST,
            event="courses.course.flagged_list",
        )
    return flagged


def flagged_courses_for(user: User) -> list[tuple[Course, list[str]]]:
    """Open courses the user may see that FIT flags as not on track (docs/product.md), for the leader's home
    page (the worker's comes with worker_home_courses)."""
    return _flagged(user, _open_courses_with_fit(user))


def worker_home_courses(user: User) -> tuple[list[tuple[Course, list[str]]], list[Course]]:
    """The worker's home: the open courses FIT flags, and all open courses newest first (the same day:
    the last created first) with their number of contacts (n_contacts), from one read of the open
    courses. Logged as flagged_courses_for and course_list_for log them, in that order."""
    courses = _open_courses_with_fit(user)
    flagged = _flagged(user, courses)
    for course in courses:
        course.n_contacts = len(course.contacts.all())
    listed = sorted(courses, key=lambda c: (c.start_meeting_on, c.pk), reverse=True)
    _log_listed(user, listed)
    return flagged, listed
