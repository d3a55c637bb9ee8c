"""The administration's writes about the organisation: units (and which one receives the public form),
institutions (their classes and groups, and which unit their partners' referrals go to) and competences.
Each change is logged with what changed from what to what (decision 0021)."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Model
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from tidlig.accounts.models import Competence, Institution, InstitutionGroup, Unit, User
from tidlig.accounts.services_admin import _log, _shown
from tidlig.audit.models import AccessLog

UNIT_FIELDS = ("name", "kind", "contact_deadline_days", "receives_public_referrals")
INSTITUTION_FIELDS = ("name", "kind", "referral_unit")

NAME_TAKEN = gettext_noop("Navnet er allerede i brug. Vælg et andet.")
IN_USE = gettext_noop(
    "“%(name)s” bruges stadig (af brugere, familier, henvendelser, tilbud, klasser eller samtykker) og kan "
    "ikke slettes. Intet er slettet."
)
RECEIVES_PUBLIC_FORM = gettext_noop(
    "Enheden modtager den offentlige formular. Vælg en anden enhed til den først. Intet er slettet."
)
CONFLICT = gettext_noop(
    "Den er ændret af en anden imens. Intet er gemt. Se det gemte herunder, og gem igen, hvis du stadig vil."
)


def _save_new(row: Model) -> None:
    row.full_clean()
    try:
        with transaction.atomic():
            row.save()
    except IntegrityError:  # why: a replayed post, or a colleague who chose the name a moment ago
        raise ValidationError({"name": _(NAME_TAKEN)}) from None


def _apply(current: Model, fields: dict, allowed: tuple[str, ...]) -> dict:
    changes = {}
    for key, value in fields.items():
        if key in allowed and getattr(current, key) != value:
            changes[key] = [_shown(getattr(current, key)), _shown(value)]
            setattr(current, key, value)
    return changes


def _save_version(current: Model) -> None:
    current.full_clean()
    current.version = F("version") + 1
    try:
        with transaction.atomic():
            current.save()
    except IntegrityError:
        raise ValidationError({"name": _(NAME_TAKEN)}) from None
    current.refresh_from_db()


def _take_public_door(unit: Unit) -> str:
    """Only one unit receives the public form: the one that takes it over takes it from the one before."""
    before = Unit.objects.select_for_update().filter(receives_public_referrals=True).exclude(pk=unit.pk)
    names = [u.name for u in before]
    before.update(receives_public_referrals=False)
    return ", ".join(names)


@transaction.atomic
def create_unit(*, actor: User, **fields) -> Unit:
    unit = Unit(**{k: v for k, v in fields.items() if k in UNIT_FIELDS})
    previous = _take_public_door(unit) if unit.receives_public_referrals else ""
    _save_new(unit)
    detail = {k: _shown(getattr(unit, k)) for k in UNIT_FIELDS}
    if unit.receives_public_referrals:
        detail["public_form_from"] = previous
    _log(actor, "accounts.unit.created", unit, action=AccessLog.Action.CREATE, detail=detail)
    return unit


@transaction.atomic
def update_unit(unit: Unit, *, actor: User, version: int | None, **fields) -> Unit:
    current = Unit.objects.select_for_update().get(pk=unit.pk)
    if version is None or current.version != version:
        raise ValidationError(_(CONFLICT), code="conflict")
    changes = _apply(current, fields, UNIT_FIELDS)
    if not changes:
        return current
    if current.receives_public_referrals and "receives_public_referrals" in changes:
        changes["public_form_from"] = _take_public_door(current)
    _save_version(current)
    _log(actor, "accounts.unit.changed", current, detail={"changes": changes})
    return current


@transaction.atomic
def create_institution(*, actor: User, **fields) -> Institution:
    institution = Institution(**{k: v for k, v in fields.items() if k in INSTITUTION_FIELDS})
    _save_new(institution)
    detail = {k: _shown(getattr(institution, k)) for k in INSTITUTION_FIELDS}
    _log(actor, "accounts.institution.created", institution, action=AccessLog.Action.CREATE, detail=detail)
    return institution


@transaction.atomic
def update_institution(
    institution: Institution, *, actor: User, version: int | None, **fields
) -> Institution:
    current = Institution.objects.select_for_update().get(pk=institution.pk)
    if version is None or current.version != version:
        raise ValidationError(_(CONFLICT), code="conflict")
    changes = _apply(current, fields, INSTITUTION_FIELDS)
    if not changes:
        return current
    _save_version(current)
    _log(actor, "accounts.institution.changed", current, detail={"changes": changes})
    return current


@transaction.atomic
def add_group(institution: Institution, *, actor: User, name: str) -> InstitutionGroup:
    """A class or group; the same name twice at one institution is refused (a replayed post adds nothing)."""
    group = InstitutionGroup(institution=institution, name=name)
    try:
        group.full_clean()
    except ValidationError as error:
        if "__all__" in error.message_dict:  # the unique constraint per institution
            raise ValidationError({"name": _(NAME_TAKEN)}) from None
        raise
    try:
        with transaction.atomic():
            group.save()
    except IntegrityError:
        raise ValidationError({"name": _(NAME_TAKEN)}) from None
    _log(
        actor,
        "accounts.institution_group.created",
        institution,
        action=AccessLog.Action.CREATE,
        detail={"group": name},
    )
    return group


@transaction.atomic
def create_competence(*, actor: User, name: str) -> Competence:
    competence = Competence(name=name)
    _save_new(competence)
    _log(
        actor,
        "accounts.competence.created",
        competence,
        action=AccessLog.Action.CREATE,
        detail={"name": name},
    )
    return competence


@transaction.atomic
def rename_competence(competence: Competence, *, actor: User, name: str) -> Competence:
    current = Competence.objects.select_for_update().get(pk=competence.pk)
    if current.name == name:
        return current
    before = current.name
    current.name = name
    current.full_clean()
    try:
        with transaction.atomic():
            current.save()
    except IntegrityError:
        raise ValidationError({"name": _(NAME_TAKEN)}) from None
    _log(actor, "accounts.competence.changed", current, detail={"changes": {"name": [before, name]}})
    return current


def _in_use(row: Model) -> bool:
    """Anything at all points at the row: the database would refuse (PROTECT) or, worse, take it along
    (a unit's targets cascade), so only an unused row is deleted."""
    for rel in row._meta.related_objects:
        if rel.related_model._base_manager.filter(**{rel.field.name: row}).exists():
            return True
    return False


def _delete(row: Model, *, actor: User, event: str) -> None:
    if _in_use(row):
        raise ValidationError(_(IN_USE) % {"name": row}, code="in_use")
    name, target = str(row), type(row)(pk=row.pk, **({"uuid": row.uuid} if hasattr(row, "uuid") else {}))
    row.delete()
    _log(actor, event, target, action=AccessLog.Action.DELETE, detail={"name": name})


@transaction.atomic
def delete_unit(unit: Unit, *, actor: User) -> None:
    current = Unit.objects.select_for_update().get(pk=unit.pk)
    if current.receives_public_referrals:
        raise ValidationError(_(RECEIVES_PUBLIC_FORM), code="in_use")
    _delete(current, actor=actor, event="accounts.unit.deleted")


@transaction.atomic
def delete_institution(institution: Institution, *, actor: User) -> None:
    _delete(
        Institution.objects.select_for_update().get(pk=institution.pk),
        actor=actor,
        event="accounts.institution.deleted",
    )


@transaction.atomic
def delete_competence(competence: Competence, *, actor: User) -> None:
    _delete(
        Competence.objects.select_for_update().get(pk=competence.pk),
        actor=actor,
        event="accounts.competence.deleted",
    )
