"""Reads of consent records, always through the family they belong to."""

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import QuerySet

from tidlig.accounts.models import Institution, User
from tidlig.audit.models import Purpose
from tidlig.audit.services import deny, record_access
from tidlig.consent.models import Consent, Information
from tidlig.lib.dates import today
from tidlig.lib.ids import uuid_or_none
from tidlig.people.models import Child, Guardian, GuardianRelation, Household
from tidlig.people.queries import children_visible_to, households_visible_to


def consents_for_household(household: Household) -> list[Consent]:
    """For a family page the caller already logged; no extra log row."""
    return list(
        Consent.objects.filter(household=household)
        .select_related("given_by", "recorded_by", "withdrawn_by")
        .prefetch_related("children", "recipient_institutions", "recipient_units")
    )


def consents_shared_with(child: Child, institution: Institution) -> QuerySet[Consent]:
    """The active consents that let this institution see something about this child."""
    on = today()
    return (
        Consent.objects.filter(
            children=child,
            recipient_institutions=institution,
            withdrawn_at__isnull=True,
            valid_from__lte=on,
            valid_until__gte=on,
        )
        .select_related("given_by")
        .distinct()
    )


def get_consent_for_update(
    user: User, consent_id, *, path: str = "", log_view_purpose: str | None = None
) -> Consent:
    """The consent a form withdraws. The withdrawal logs itself; showing the form (which names who gave the
    consent, about which children) is logged as a view when log_view_purpose is given."""
    if user.is_partner:
        deny(user, "consent.consent", consent_id, path)
    consent = (
        Consent.objects.filter(household__in=households_visible_to(user))
        .select_related("given_by", "household")
        .filter(uuid=uuid_or_none(consent_id))
        .first()
    )
    if consent is None:
        deny(user, "consent.consent", consent_id, path)
    if log_view_purpose:
        persons = [consent.given_by, *consent.children.all()]
        record_access(user, consent, persons=persons, purpose=log_view_purpose)
    return consent


def shared_with_institution(children: Iterable[Child], institution: Institution, *, on=None) -> dict:
    """For each child (by pk): the kinds of information the institution may see today.

    consent_allows()'s rule for many children in two queries: a consent counts while it is active on the
    day, names the child and the institution, and was given by someone who still has custody of the child.
    A child without such a consent is absent from the answer."""
    ids = [c.pk for c in children]
    if not ids or institution is None:
        return {}
    on = on or today()
    rows = Consent.children.through.objects.filter(
        child_id__in=ids,
        consent__recipient_institutions=institution,
        consent__withdrawn_at__isnull=True,
        consent__valid_from__lte=on,
        consent__valid_until__gte=on,
    ).values_list("child_id", "consent__given_by_id", "consent__information")
    rows = list(rows)
    custody = set(
        GuardianRelation.objects.filter(child_id__in=ids, has_custody=True).values_list(
            "child_id", "guardian_id"
        )
    )
    shared: dict[int, set[str]] = {}
    for child_id, guardian_id, information in rows:
        if (child_id, guardian_id) in custody:
            shared.setdefault(child_id, set()).update(information or [])
    return {child_id: kinds for child_id, kinds in shared.items() if kinds}


@dataclass(frozen=True)
class SharedChild:
    """A child as a partner sees it: only what the consents allow (Information) and who gave them."""

    child: Child
    information: frozenset[str]
    consents: list[Consent]
    guardians: list[Guardian]

    @property
    def basic(self) -> bool:
        return Information.BASIC in self.information


def get_child_for_partner(user: User, child_id, *, path: str = "") -> SharedChild:
    """A child of the partner's institution that an active consent shares with it; 404 otherwise.

    Logged once, naming the child and every adult the page names (the guardians' contact details and
    who gave each consent are shown only when basic information is shared)."""
    child = (
        children_visible_to(user)
        .select_related("household", "institution_group__institution")
        .filter(uuid=uuid_or_none(child_id))
        .first()
    )
    institution = user.institution if user.is_partner else None
    information = shared_with_institution([child], institution).get(child.pk, set()) if child else set()
    if child is None or not information:
        deny(user, "people.child", child_id, path)
    custody = set(child.guardian_relations.filter(has_custody=True).values_list("guardian_id", flat=True))
    consents = [c for c in consents_shared_with(child, institution) if c.given_by_id in custody]
    basic = Information.BASIC in information
    guardians = list(child.guardians.all()) if basic else []
    shown_givers = [c.given_by for c in consents] if basic else []
    record_access(user, child, persons=[child, *guardians, *shown_givers], purpose=Purpose.COOPERATION)
    return SharedChild(child, frozenset(information), consents, guardians)
