"""Every permission-sensitive read of families, children and adults. Views read personal data only here.

Need-to-know (docs/product.md): a worker sees the families assigned to them; a leader or coordinator sees
their unit's; a partner sees the children at their own institution; analysts and administrators
see no personal data at all. A user who may not see an object gets 404, and the attempt is logged.
"""

from django.core.paginator import Page
from django.db.models import F, Prefetch, QuerySet

from tidlig.accounts.models import User
from tidlig.audit.models import Purpose
from tidlig.audit.services import deny, record_access
from tidlig.lib.dates import today
from tidlig.lib.ids import uuid_or_none
from tidlig.lib.pages import read_page
from tidlig.people.models import Child, Guardian, GuardianRelation, Household, HouseholdAssignment


def households_visible_to(user: User) -> QuerySet[Household]:
    """Anonymised families (decision 0016) are statistics only, and nobody sees them as families."""
    if not user.is_authenticated:
        return Household.objects.none()
    families = Household.objects.filter(anonymised_on__isnull=True)
    if user.is_worker:
        return families.filter(assignments__worker=user, assignments__ended_at__isnull=True).distinct()
    if user.manages_unit and user.unit_id:
        return families.filter(unit_id=user.unit_id)
    return Household.objects.none()


def children_visible_to(user: User) -> QuerySet[Child]:
    if not user.is_authenticated:
        return Child.objects.none()
    if user.is_partner and user.institution_id:
        # That a family gets help from Tidlig is itself sensitive: a school or daycare sees its own
        # child only while a guardian's consent names the institution (seeds: consent before sharing).
        on = today()
        return Child.objects.filter(
            institution_group__institution_id=user.institution_id,
            consents__recipient_institutions=user.institution_id,
            consents__withdrawn_at__isnull=True,
            consents__valid_from__lte=on,
            consents__valid_until__gte=on,
            # why: as consent_allows(): a consent counts only while its giver still has custody of the child
            consents__given_by__relations__child=F("pk"),
            consents__given_by__relations__has_custody=True,
        ).distinct()
    return Child.objects.filter(household__in=households_visible_to(user))


def get_household_for(user: User, household_id, *, purpose: str, path: str = "") -> Household:
    """One family with its children and adults, logged as a view of each of them."""
    household = (
        households_visible_to(user)
        .select_related("unit")
        .prefetch_related(
            Prefetch("children", queryset=Child.objects.select_related("institution_group__institution")),
            Prefetch(
                "guardians",
                queryset=Guardian.objects.prefetch_related(
                    Prefetch("relations", queryset=GuardianRelation.objects.select_related("child"))
                ),
            ),
            "assignments__worker",
        )
        .filter(uuid=uuid_or_none(household_id))
        .first()
    )
    if household is None:
        deny(user, "people.household", household_id, path)
    record_access(
        user,
        household,
        persons=[*household.children.all(), *household.guardians.all()],
        purpose=purpose,
    )
    return household


def get_household_for_update(
    user: User, household_id, *, path: str = "", log_view_purpose: str | None = None
) -> Household:
    """The family a form writes to. The write logs itself; showing the form (which names the family's
    children and adults) is logged as a view when log_view_purpose is given."""
    household = (
        households_visible_to(user)
        .prefetch_related("children", "guardians")
        .filter(uuid=uuid_or_none(household_id))
        .first()
    )
    if household is None:
        deny(user, "people.household", household_id, path)
    if log_view_purpose:
        persons = [*household.children.all(), *household.guardians.all()]
        record_access(user, household, persons=persons, purpose=log_view_purpose)
    return household


def get_child_for(user: User, child_id, *, purpose: str, path: str = "") -> Child:
    child = (
        children_visible_to(user)
        .select_related("household__unit", "institution_group__institution")
        .filter(uuid=uuid_or_none(child_id))
        .first()
    )
    if child is None:
        deny(user, "people.child", child_id, path)
    record_access(user, child, persons=[child], purpose=purpose)
    return child


def get_child_for_update(
    user: User, child_id, *, path: str = "", log_view_purpose: str | None = None
) -> Child:
    """The child a form edits; partners never edit. Showing the form is logged as a view when asked."""
    child = children_visible_to(user).select_related("household").filter(uuid=uuid_or_none(child_id)).first()
    if child is None or user.is_partner:
        deny(user, "people.child", child_id, path)
    if log_view_purpose:
        record_access(user, child, persons=[child], purpose=log_view_purpose)
    return child


def _households_for_list(user: User) -> QuerySet[Household]:
    return (
        households_visible_to(user)
        .select_related("unit")
        .prefetch_related(
            "children",
            # why: the table names the current workers only; a family whose workers have all left reads
            # "Ikke tildelt" (it showed nothing), and the workers come in the same query
            Prefetch(
                "assignments",
                queryset=HouseholdAssignment.objects.filter(ended_at__isnull=True)
                .select_related("worker")
                .order_by("assigned_at", "id"),
                to_attr="current_assignments",
            ),
        )
        .order_by("name", "id")
    )


def _log_listed(user: User, households: list[Household]) -> None:
    if households:
        record_access(
            user,
            None,
            persons=[child for h in households for child in h.children.all()],
            purpose=Purpose.PREVENTIVE_WORK,
            action="list",
            event="people.household.list",
        )


def household_list_for(user: User) -> list[Household]:
    """All the families a user works with (a worker's own, a dozen or so, for the home page); the listing
    itself is logged."""
    households = list(_households_for_list(user))
    _log_listed(user, households)
    return households


# why: a leader's unit has every family it ever helped; at Aarhus's size 41,000 on one page, all logged
LIST_PAGE_SIZE = 50


def household_page_for(user: User, *, page=None) -> Page:
    """The families list, by name, a page at a time; only the page's families are read and logged."""
    shown = read_page(_households_for_list(user), LIST_PAGE_SIZE, page)
    _log_listed(user, shown.object_list)
    return shown


def children_at_institution_for(user: User) -> list[Child]:
    """A partner's children whose families consented to sharing with the institution, by class."""
    children = list(
        children_visible_to(user)
        .select_related("institution_group")
        .order_by("institution_group__name", "first_name", "last_name")
    )
    if children:
        record_access(
            user,
            None,
            persons=children,
            purpose=Purpose.COOPERATION,
            action="list",
            event="people.child.list",
        )
    return children


def find_child_by_cpr(cpr: str) -> Child | None:
    """Exact CPR look-up through the keyed digest. Used by access requests; callers log it."""
    from tidlig.lib.crypto import lookup_digest

    return Child.objects.filter(cpr_digest=lookup_digest(cpr)).first()


def find_child_by_uuid(child_id) -> Child | None:
    """For an access request the administrator already found by CPR; callers log it."""
    return Child.objects.filter(uuid=child_id).first()


def find_guardian_by_uuid(guardian_id) -> Guardian | None:
    """For the export of an adult's access report; callers log it."""
    return Guardian.objects.filter(uuid=guardian_id).first()


def worker_load(unit) -> list:
    """The unit's workers with the number of families each has now, against their capacity."""
    from django.db.models import Count, Q

    return list(
        User.objects.filter(role=User.Role.WORKER, unit=unit, is_active=True)
        .annotate(
            load=Count("assignments", filter=Q(assignments__ended_at__isnull=True), distinct=True),
            groups_led=Count("led_groups", filter=Q(led_groups__ends_on__gte=today()), distinct=True),
        )
        .prefetch_related("competences")
        .order_by("first_name", "last_name")
    )
