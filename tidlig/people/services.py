"""Every write about families: registering them, their children and adults, and assigning workers."""

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from tidlig.accounts.models import InstitutionGroup, Unit, User
from tidlig.audit.models import AccessLog, Purpose
from tidlig.audit.services import record_change
from tidlig.people.models import Child, Guardian, GuardianRelation, Household, HouseholdAssignment

NOT_A_WORKER = gettext_noop("Familien kan kun tildeles en medarbejder i enheden.")
ALREADY_ASSIGNED = gettext_noop("{worker} har allerede familien.")
CHILD_CONFLICT = gettext_noop(
    "Barnets oplysninger er ændret af en kollega imens. Se begge versioner, og gem igen."
)


@transaction.atomic
def register_household(*, actor: User, name: str, unit: Unit) -> Household:
    household = Household.objects.create(name=name, unit=unit)
    record_change(
        actor=actor,
        event="household.created",
        target=household,
        persons=[],
        purpose=Purpose.REGISTRATION,
        action=AccessLog.Action.CREATE,
    )
    return household


@transaction.atomic
def add_child(
    *,
    actor: User,
    household: Household,
    first_name: str,
    last_name: str,
    birth_date: dt.date,
    cpr: str = "",
    institution_group: InstitutionGroup | None = None,
) -> Child:
    child = Child(
        household=household,
        first_name=first_name,
        last_name=last_name,
        birth_date=birth_date,
        institution_group=institution_group,
    )
    child.set_cpr(cpr)
    child.save()
    record_change(
        actor=actor,
        event="child.created",
        target=child,
        persons=[child],
        purpose=Purpose.REGISTRATION,
        action=AccessLog.Action.CREATE,
        detail={"cpr_given": bool(cpr)},
    )
    return child


@transaction.atomic
def update_child(
    child: Child,
    *,
    actor: User,
    first_name: str,
    last_name: str,
    birth_date: dt.date | None,
    institution_group: InstitutionGroup | None,
    cpr: str | None = None,
    version: int | None = None,
) -> Child:
    """cpr=None keeps the stored number; "" removes it. birth_date=None keeps the stored one (an estimate
    from an age, until someone enters the real date); a date given is real, and ends the estimate.
    The log names the changed fields, never values.
    Optimistic locking: a form's save names the version it read; if a colleague saved in between,
    nothing is overwritten and the caller shows both versions. version=None is for callers without a form."""
    child = Child.objects.select_for_update().get(pk=child.pk)
    if version is not None and version != child.version:
        raise ValidationError(_(CHILD_CONFLICT), code="conflict")
    changed = []
    for field, value in (
        ("first_name", first_name),
        ("last_name", last_name),
        ("birth_date", child.birth_date if birth_date is None else birth_date),
        ("institution_group", institution_group),
    ):
        if getattr(child, field) != value:
            setattr(child, field, value)
            changed.append(field)
    if birth_date is not None and child.birth_date_is_estimate:
        child.birth_date_is_estimate = False
        changed += [] if "birth_date" in changed else ["birth_date"]
        changed.append("birth_date_is_estimate")
    if cpr is not None and cpr != child.cpr:
        child.set_cpr(cpr)
        changed += ["cpr_encrypted", "cpr_digest"]
    if changed:
        child.version += 1
        child.save(update_fields=[*changed, "version"])
        record_change(
            actor=actor,
            event="child.changed",
            target=child,
            persons=[child],
            purpose=Purpose.REGISTRATION,
            detail={"fields": sorted({f.replace("_encrypted", "").replace("_digest", "") for f in changed})},
        )
    return child


@transaction.atomic
def add_guardian(
    *,
    actor: User,
    household: Household,
    first_name: str,
    last_name: str,
    phone: str = "",
    email: str = "",
    address: str = "",
    relations: dict[Child, tuple[str, bool]],
) -> Guardian:
    """relations maps each child of the family to (relation, has_custody)."""
    guardian = Guardian.objects.create(
        household=household,
        first_name=first_name,
        last_name=last_name,
        phone=phone,
        email=email,
        address=address,
    )
    for child, (relation, has_custody) in relations.items():
        if child.household_id != household.pk:
            raise ValidationError(_("Barnet hører ikke til familien."))
        GuardianRelation.objects.create(
            guardian=guardian, child=child, relation=relation, has_custody=has_custody
        )
    record_change(
        actor=actor,
        event="guardian.created",
        target=guardian,
        persons=[guardian, *relations],
        purpose=Purpose.REGISTRATION,
        action=AccessLog.Action.CREATE,
    )
    return guardian


@transaction.atomic
def assign_worker(household: Household, *, actor: User, worker: User) -> HouseholdAssignment:
    """A leader gives a family to a worker in the family's unit (docs/product.md)."""
    if not worker.is_worker or worker.unit_id != household.unit_id or not worker.is_active:
        raise ValidationError(_(NOT_A_WORKER))
    Household.objects.select_for_update().filter(pk=household.pk).first()
    if household.assignments.filter(worker=worker, ended_at__isnull=True).exists():
        raise ValidationError(_(ALREADY_ASSIGNED).format(worker=worker))
    assignment = HouseholdAssignment.objects.create(household=household, worker=worker, assigned_by=actor)
    record_change(
        actor=actor,
        event="household.assigned",
        target=household,
        persons=[],
        purpose=Purpose.TRIAGE,
        detail={"worker": worker.username},
    )
    return assignment


@transaction.atomic
def end_assignment(assignment: HouseholdAssignment, *, actor: User) -> None:
    if assignment.ended_at is None:
        assignment.ended_at = timezone.now()
        assignment.save(update_fields=["ended_at"])
        record_change(
            actor=actor,
            event="household.unassigned",
            target=assignment.household,
            persons=[],
            purpose=Purpose.TRIAGE,
            detail={"worker": assignment.worker.username},
        )


@dataclass(frozen=True)
class ChildIn:
    first_name: str
    last_name: str
    birth_date: dt.date
    birth_date_is_estimate: bool = False
    institution_group_id: int | None = None
    cpr: str = ""  # already normalised (tidlig.lib.cpr.normalize_cpr), or empty


@dataclass(frozen=True)
class GuardianIn:
    first_name: str
    last_name: str
    phone: str = ""
    email: str = ""
    relation: str = GuardianRelation.Relation.OTHER
    has_custody: bool = True

    @classmethod
    def from_form(cls, data: dict) -> "GuardianIn":
        """From a form's cleaned data; a form that does not ask about custody means the adult holds it."""
        return cls(
            first_name=data["first_name"],
            last_name=data["last_name"],
            phone=data["phone"],
            email=data["email"],
            relation=data["relation"],
            has_custody=data.get("has_custody", True),
        )


def register_referred_family(
    *, name: str, unit: Unit, children: list[ChildIn], guardians: list[GuardianIn]
) -> tuple[Household, list[Child], list[Guardian]]:
    """A family as a referral brings it in: the household, its children, its adults and each adult's
    relation to every child. The referral's service calls it in its own transaction and logs the change
    with every person in it (referrals.services.receive_referral), so no row of its own is written here."""
    household = Household.objects.create(name=name, unit=unit)
    child_rows = []
    for c in children:
        child = Child(
            household=household,
            first_name=c.first_name,
            last_name=c.last_name,
            birth_date=c.birth_date,
            birth_date_is_estimate=c.birth_date_is_estimate,
            institution_group_id=c.institution_group_id,
        )
        child.set_cpr(c.cpr)
        child.save()
        child_rows.append(child)
    guardian_rows = []
    for g in guardians:
        guardian = Guardian.objects.create(
            household=household, first_name=g.first_name, last_name=g.last_name, phone=g.phone, email=g.email
        )
        GuardianRelation.objects.bulk_create(
            GuardianRelation(guardian=guardian, child=c, relation=g.relation, has_custody=g.has_custody)
            for c in child_rows
        )
        guardian_rows.append(guardian)
    return household, child_rows, guardian_rows
