"""Reads of groups. Group leaders see their groups' participants; the unit's leader and coordinator see
the unit's groups; nobody else. A guess answers 404 and is logged."""

from django.db.models import Count, Prefetch, Q, QuerySet

from tidlig.accounts.models import User
from tidlig.audit.services import record_access
from tidlig.groups.models import Enrollment, Group, Session
from tidlig.people.queries import _deny, _is_uuid


def groups_visible_to(user: User) -> QuerySet[Group]:
    if not user.is_authenticated:
        return Group.objects.none()
    if user.is_worker:
        return Group.objects.filter(leaders=user)
    if user.manages_unit and user.unit_id:
        return Group.objects.filter(offer__unit_id=user.unit_id)
    return Group.objects.none()


def group_list_for(user: User) -> list[Group]:
    return list(
        groups_visible_to(user)
        .select_related("offer")
        .prefetch_related("leaders")
        .annotate(
            n_enrolled=Count("enrollments", filter=Q(enrollments__status="enrolled"), distinct=True),
            n_waiting=Count("enrollments", filter=Q(enrollments__status="waiting"), distinct=True),
            n_sessions=Count("sessions", distinct=True),
        )
        .order_by("-starts_on", "name")
    )


def get_group_for(user: User, group_id, *, purpose: str, path: str = "") -> Group:
    group = (
        groups_visible_to(user)
        .select_related("offer__unit")
        .prefetch_related(
            "leaders",
            "strands",
            Prefetch(
                "enrollments", queryset=Enrollment.objects.select_related("child", "guardian", "household")
            ),
            Prefetch(
                "sessions", queryset=Session.objects.select_related("strand").prefetch_related("attendance")
            ),
        )
        .filter(uuid=group_id if _is_uuid(group_id) else None)
        .first()
    )
    if group is None:
        _deny(user, "groups.group", group_id, path)
    persons = [e.person for e in group.enrollments.all()]
    record_access(user, group, persons=persons, purpose=purpose)
    return group


def get_group_for_update(user: User, group_id, *, path: str = "") -> Group:
    group = groups_visible_to(user).filter(uuid=group_id if _is_uuid(group_id) else None).first()
    if group is None:
        _deny(user, "groups.group", group_id, path)
    return group


def groups_led_count(user_ids: list[int]) -> dict[int, int]:
    """How many running groups each worker leads; a worker's load counts them (issue 5, item 4)."""
    from tidlig.lib.dates import today

    rows = (
        Group.objects.filter(leaders__in=user_ids, ends_on__gte=today())
        .values_list("leaders")
        .annotate(n=Count("id"))
        .order_by()
    )
    return dict(rows)
