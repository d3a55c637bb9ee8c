"""Every permission-sensitive read of courses. A worker sees the courses they work on; the leader and
coordinator see their unit's (the offer's unit); nobody else. A guess answers 404 and is logged."""

from django.db.models import Count, Prefetch, Q, QuerySet

from tidlig.accounts.models import User
from tidlig.audit.services import record_access
from tidlig.courses.models import Contact, Course, ExtensionRequest
from tidlig.people.models import Child
from tidlig.people.queries import _deny, _is_uuid


def courses_visible_to(user: User) -> QuerySet[Course]:
    if not user.is_authenticated:
        return Course.objects.none()
    if user.is_worker:
        return Course.objects.filter(workers=user)
    if user.manages_unit and user.unit_id:
        return Course.objects.filter(offer__unit_id=user.unit_id)
    return Course.objects.none()


def _with_everything(qs: QuerySet[Course]) -> QuerySet[Course]:
    return qs.select_related("household", "offer__legal_basis", "offer__unit", "referral").prefetch_related(
        "workers",
        Prefetch("household__children", queryset=Child.objects.order_by("birth_date")),
        "household__guardians",
        "goals",
        Prefetch("contacts", queryset=Contact.objects.order_by("date", "id")),
        "extension_requests",
    )


def get_course_for(user: User, course_id, *, purpose: str, path: str = "") -> Course:
    course = (
        _with_everything(courses_visible_to(user))
        .filter(uuid=course_id if _is_uuid(course_id) else None)
        .first()
    )
    if course is None:
        _deny(user, "courses.course", course_id, path)
    household = course.household
    record_access(
        user, course, persons=[*household.children.all(), *household.guardians.all()], purpose=purpose
    )
    return course


def get_course_for_update(user: User, course_id, *, path: str = "") -> Course:
    course = (
        courses_visible_to(user)
        .select_related("offer")
        .filter(uuid=course_id if _is_uuid(course_id) else None)
        .first()
    )
    if course is None:
        _deny(user, "courses.course", course_id, path)
    return course


def course_list_for(user: User) -> list[Course]:
    from tidlig.audit.models import AccessLog, Purpose

    courses = list(
        courses_visible_to(user)
        .select_related("household", "offer")
        .prefetch_related("workers", "household__children")
        .annotate(n_contacts=Count("contacts"))
        .order_by("status", "-start_meeting_on")
    )
    if courses:
        record_access(
            user,
            None,
            persons=[c for course in courses for c in course.household.children.all()],
            purpose=Purpose.PREVENTIVE_WORK,
            action=AccessLog.Action.LIST,
            event="courses.course.list",
        )
    return courses


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
