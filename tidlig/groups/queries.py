"""Reads of groups. Group leaders see their groups' participants; the unit's leader and coordinator see
the unit's groups; nobody else. A guess answers 404 and is logged."""

from django.db.models import Count, Prefetch, Q, QuerySet

from tidlig.accounts.models import User
from tidlig.audit.services import deny, record_access
from tidlig.groups.models import Enrollment, Group, Session
from tidlig.lib.ids import uuid_or_none


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
        .filter(uuid=uuid_or_none(group_id))
        .first()
    )
    if group is None:
        deny(user, "groups.group", group_id, path)
    persons = [e.person for e in group.enrollments.all()]
    record_access(user, group, persons=persons, purpose=purpose)
    return group


def get_group_for_update(user: User, group_id, *, path: str = "") -> Group:
    group = groups_visible_to(user).filter(uuid=uuid_or_none(group_id)).first()
    if group is None:
        deny(user, "groups.group", group_id, path)
    return group


def groups_led_count(user_ids: list[int]) -> dict[int, int]:
    """How many running groups each worker leads; a worker's load counts them."""
    from tidlig.lib.dates import today

    rows = (
        Group.objects.filter(leaders__in=user_ids, ends_on__gte=today())
        .values_list("leaders")
        .annotate(n=Count("id"))
        .order_by()
    )
    return dict(rows)


def offers_for_new_group(user: User) -> QuerySet:
    """The offers a group can run under: the user's unit's running offers given as groups."""
    from tidlig.offers.models import Offer

    if not user.is_authenticated or not user.unit_id:
        return Offer.objects.none()
    return Offer.objects.filter(
        unit_id=user.unit_id, is_running=True, format__in=[Offer.Format.GROUP, Offer.Format.BOTH]
    ).order_by("name")


def unit_workers_for_groups(user: User) -> QuerySet[User]:
    """Who can lead a group: the active workers of the user's unit (services.create_group checks it too)."""
    if not user.is_authenticated or not user.unit_id:
        return User.objects.none()
    return User.objects.filter(role=User.Role.WORKER, unit_id=user.unit_id, is_active=True).order_by(
        "first_name", "last_name"
    )


def _enrollable_households(user: User, group: Group) -> QuerySet:
    """The families the user already sees, and the families of referrals accepted into the group's unit
    that the user sees (a worker: those assigned to them; a leader or coordinator: the unit's)."""
    from tidlig.people.models import Household
    from tidlig.people.queries import households_visible_to

    accepted = Q(referrals__status="accepted", referrals__unit_id=group.offer.unit_id)
    if user.is_worker:
        accepted &= Q(referrals__assigned_worker=user)
    elif not (user.manages_unit and user.unit_id == group.offer.unit_id):
        accepted = Q(pk__in=[])
    return Household.objects.filter(Q(pk__in=households_visible_to(user).values("pk")) | accepted).distinct()


def enrollable_people(user: User, group: Group, *, purpose: str) -> tuple[list, list]:
    """The children and adults the user may put on the group, for the enroll form's two lists. Showing
    the names is a read of personal data and is logged like a list page."""
    from tidlig.people.models import Child, Guardian

    households = _enrollable_households(user, group).values("pk")
    children = list(
        Child.objects.filter(household__in=households)
        .select_related("household")
        .order_by("first_name", "last_name", "id")
    )
    guardians = list(
        Guardian.objects.filter(household__in=households)
        .select_related("household")
        .order_by("first_name", "last_name", "id")
    )
    if children or guardians:
        record_access(
            user,
            group,
            persons=[*children, *guardians],
            purpose=purpose,
            action="list",
            event="groups.enrollable.list",
        )
    return children, guardians


def get_enrollment_for_update(user: User, group_id, enrollment_id, *, path: str = "") -> Enrollment:
    """One participant of a group the user may manage; otherwise 404, logged."""
    enrollment = (
        Enrollment.objects.filter(group__in=groups_visible_to(user))
        .select_related("group", "child", "guardian")
        .filter(
            group__uuid=uuid_or_none(group_id),
            uuid=uuid_or_none(enrollment_id),
        )
        .first()
    )
    if enrollment is None:
        deny(user, "groups.enrollment", enrollment_id, path)
    return enrollment


def session_fit_summary(group: Group) -> dict[int, dict]:
    """Per session: the mean group alliance total and how many answered (FIT in groups)."""
    from django.db.models import Avg

    from tidlig.measurements.models import Instrument, Response

    rows = (
        Response.objects.filter(
            group=group,
            group_session__isnull=False,
            instrument__kind=Instrument.Kind.GROUP_ALLIANCE,
        )
        .values("group_session")
        .annotate(mean=Avg("total"), answered=Count("id"))
        .order_by()
    )
    return {row["group_session"]: {"mean": row["mean"], "answered": row["answered"]} for row in rows}


def outcome_responses(group: Group) -> list:
    """The group's outcome answers (start and end), oldest first, with who answered."""
    from tidlig.measurements.models import Instrument, Response

    return list(
        Response.objects.filter(group=group, instrument__kind=Instrument.Kind.OUTCOME)
        .select_related("instrument", "child", "guardian")
        .order_by("answered_at", "id")
    )
