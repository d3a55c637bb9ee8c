"""Reads about users, units and institutions: which unit receives each door in, and the administration's
lists. Staff only; no family data."""

from django.core.paginator import Page
from django.db.models import Count, Prefetch

from tidlig.accounts.models import Competence, Institution, InstitutionGroup, Unit, User
from tidlig.audit.services import deny
from tidlig.lib.pages import read_page

USERS_PER_PAGE = 50


def public_referral_unit() -> Unit | None:
    """The unit that receives the public form: the one the administrator chose; while none is chosen, the
    only prevention unit if there is exactly one. With two or more and no choice there is no answer, and the
    doors say they are closed rather than guess (decision 0022)."""
    chosen = Unit.objects.filter(receives_public_referrals=True).first()
    if chosen is not None:
        return chosen
    prevention = list(Unit.objects.filter(kind=Unit.Kind.PREVENTION)[:2])
    return prevention[0] if len(prevention) == 1 else None


def referral_unit_for(institution: Institution) -> Unit | None:
    """The unit an institution's partners refer to: the institution's own setting, else the public form's."""
    if institution.referral_unit_id:
        return institution.referral_unit
    return public_referral_unit()


def referral_doors() -> dict:
    """Every door in and the unit behind it, for the administrator's overview."""
    public = public_referral_unit()
    institutions = Institution.objects.select_related("referral_unit").order_by("name")
    return {
        "public": public,
        "public_chosen": public is not None and public.receives_public_referrals,
        "institutions": [
            (i, i.referral_unit or public, i.referral_unit_id is not None) for i in institutions
        ],
    }


def users_page(*, page="1") -> Page:
    users = User.objects.select_related("unit", "institution").order_by("first_name", "last_name", "id")
    return read_page(users, USERS_PER_PAGE, page)


def _get(model, actor: User, object_id, *, path: str, **lookup):
    found = model.objects.filter(**lookup).first()
    if found is None:
        deny(actor, model._meta.label_lower, object_id, path)
    return found


def get_user_for_admin(actor: User, user_id, *, path: str) -> User:
    """One user for the administration; an unknown id is a logged 404."""
    return _get(User, actor, user_id, path=path, uuid=user_id)


def fresh(row: Unit | Institution) -> Unit | Institution:
    """The row as saved now, for the conflict page beside what the administrator typed."""
    return type(row).objects.get(pk=row.pk)


def units() -> list[Unit]:
    return list(Unit.objects.annotate(member_count=Count("members")).order_by("name"))


def get_unit_for_admin(actor: User, unit_id, *, path: str) -> Unit:
    return _get(Unit, actor, unit_id, path=path, uuid=unit_id)


def institutions() -> list[Institution]:
    groups = Prefetch("groups", queryset=InstitutionGroup.objects.order_by("name"))
    return list(Institution.objects.select_related("referral_unit").prefetch_related(groups).order_by("name"))


def get_institution_for_admin(actor: User, institution_id, *, path: str) -> Institution:
    return _get(Institution, actor, institution_id, path=path, uuid=institution_id)


def competences() -> list[Competence]:
    return list(Competence.objects.annotate(worker_count=Count("workers")).order_by("name"))


def get_competence_for_admin(actor: User, competence_id, *, path: str) -> Competence:
    return _get(Competence, actor, competence_id, path=path, pk=competence_id)
