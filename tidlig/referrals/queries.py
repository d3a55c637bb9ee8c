"""Every permission-sensitive read of referrals, the triage board and the service-level clock.

Who sees a referral: the leader and coordinator of the receiving unit; the worker it is assigned to;
the partner who made it (to follow up on their own referral). Nobody else, and a guess answers 404.
"""

import datetime as dt
from dataclasses import dataclass

from django.core.paginator import Page
from django.db.models import Count, FilteredRelation, Prefetch, Q, QuerySet

from tidlig.accounts.models import Institution, InstitutionGroup, Unit, User
from tidlig.accounts.queries import public_referral_unit, referral_unit_for
from tidlig.audit.models import AccessLog, Purpose
from tidlig.audit.services import deny, record_access
from tidlig.consent.models import Information
from tidlig.consent.queries import shared_with_institution
from tidlig.lib.dates import today
from tidlig.lib.ids import uuid_or_none
from tidlig.lib.pages import read_page
from tidlig.people.models import Child
from tidlig.referrals.models import AnonymousCounselling, Referral
from tidlig.referrals.suggestions import (
    Suggestion,
    known_competences,
    suggest_workers,
    wanted_competences,
)

DUE_SOON_DAYS = 2


def referrals_visible_to(user: User) -> QuerySet[Referral]:
    if not user.is_authenticated:
        return Referral.objects.none()
    referrals = Referral.objects.filter(household__anonymised_on__isnull=True)  # decision 0016
    if user.manages_unit and user.unit_id:
        return referrals.filter(unit_id=user.unit_id)
    if user.is_worker:
        return referrals.filter(assigned_worker=user)
    if user.is_partner:
        return referrals.filter(referred_by=user)
    return Referral.objects.none()


def _with_family(qs: QuerySet[Referral]) -> QuerySet[Referral]:
    return qs.select_related(
        "household", "unit", "assigned_worker", "decided_by", "wellbeing_scale"
    ).prefetch_related(
        Prefetch(
            "household__children", queryset=Child.objects.select_related("institution_group__institution")
        ),
        "household__guardians",
        "competences_needed",
    )


def get_referral_for(user: User, referral_id, *, purpose: str, path: str = "") -> Referral:
    referral = _with_family(referrals_visible_to(user)).filter(uuid=uuid_or_none(referral_id)).first()
    if referral is None:
        deny(user, "referrals.referral", referral_id, path)
    household = referral.household
    record_access(
        user, referral, persons=[*household.children.all(), *household.guardians.all()], purpose=purpose
    )
    return referral


def get_referral_for_update(
    user: User, referral_id, *, path: str = "", log_view_purpose: str | None = None
) -> Referral:
    """For a write; the service logs the change. Showing the form (which names the family) is logged as a
    view of its children and adults when log_view_purpose is given."""
    referral = referrals_visible_to(user).filter(uuid=uuid_or_none(referral_id)).first()
    if referral is None or user.is_partner:
        deny(user, "referrals.referral", referral_id, path)
    if log_view_purpose:
        household = referral.household
        persons = [*household.children.all(), *household.guardians.all()]
        record_access(user, referral, persons=persons, purpose=log_view_purpose)
    return referral


@dataclass(frozen=True)
class PartnerReferral:
    """A referral as the partner who made it sees it (decision 0023): without an active consent that names
    her institution only its reference and the day it was received; with one, what the consent's kinds of
    information allow, about the children of her own institution. Never the unit's screening or reasons."""

    referral: Referral
    children: list[Child]  # her institution's children of the family whose basic information is shared
    information: frozenset[str]

    @property
    def concern(self) -> bool:
        return Information.CONCERN in self.information

    @property
    def course(self) -> bool:
        return Information.COURSE in self.information


def get_referral_for_partner(user: User, referral_id, *, path: str = "") -> PartnerReferral:
    """A partner's own referral, gated by consent; logged naming the children whose information it shows."""
    referral = (
        referrals_visible_to(user)
        .select_related("household", "assigned_worker")
        .filter(uuid=uuid_or_none(referral_id))
        .first()
    )
    if referral is None or not user.is_partner:
        deny(user, "referrals.referral", referral_id, path)
    own = list(
        Child.objects.filter(
            household_id=referral.household_id, institution_group__institution_id=user.institution_id
        )
        .select_related("institution_group")
        .order_by("birth_date", "first_name", "id")
    )
    shared = shared_with_institution(own, user.institution)
    covered = [c for c in own if c.pk in shared]
    information = frozenset().union(*shared.values())
    record_access(user, referral, persons=covered, purpose=Purpose.COOPERATION)
    shown = [c for c in covered if Information.BASIC in shared[c.pk]]
    return PartnerReferral(referral, shown, information)


def partner_referrals_for(user: User) -> list[Referral]:
    """The referrals a partner made, newest first: reference and day only, no person (nothing to log)."""
    if not user.is_partner:
        return []
    return list(referrals_visible_to(user).only("uuid", "received_at").order_by("-received_at", "-id")[:20])


def _log_list(user: User, referrals: list[Referral], event: str, purpose: str) -> None:
    persons = [c for r in referrals for c in r.household.children.all()]
    if referrals:
        record_access(user, None, persons=persons, purpose=purpose, action=AccessLog.Action.LIST, event=event)


# why: a leader sees every referral of the unit; at Aarhus's size that is 37,000 over five years, a
# 13.6 MB page that logged every family as read (docs/performance.md)
LIST_PAGE_SIZE = 50


def referral_list_for(user: User, *, page=None) -> Page:
    """The referrals the user may see, newest first, a page at a time. Only the page's referrals are read,
    so only they are logged."""
    referrals = _with_family(referrals_visible_to(user)).order_by("-received_at", "-id")
    shown = read_page(referrals, LIST_PAGE_SIZE, page)
    _log_list(user, shown.object_list, "referrals.referral.list", Purpose.TRIAGE)
    return shown


def unit_workers(unit_id: int) -> list[User]:
    """The unit's workers with their current number of families (active assignments) and the ids of
    their competences (`competence_ids`)."""
    # why: the conditions in the joins, not in the counts, so only the current assignments are joined
    # (1,246 at large, against 29,885 over five years: 17 ms -> 3 ms in PostgreSQL)
    workers = list(
        User.objects.filter(role=User.Role.WORKER, unit_id=unit_id, is_active=True)
        .annotate(
            current_assignments=FilteredRelation(
                "assignments", condition=Q(assignments__ended_at__isnull=True)
            ),
            current_groups=FilteredRelation("led_groups", condition=Q(led_groups__ends_on__gte=today())),
        )
        .annotate(
            load=Count("current_assignments", distinct=True),
            groups_led=Count("current_groups", distinct=True),
        )
        .prefetch_related("competences")
        .order_by("first_name", "last_name")
    )
    # why: the board matches every worker against each of its 20 rows; a related manager per worker
    # and row (2,000 at 100 workers) was a fifth of the board's time (docs/performance.md)
    for worker in workers:
        worker.competence_ids = frozenset(c.pk for c in worker.competences.all())
    return workers


@dataclass(frozen=True)
class BoardRow:
    referral: Referral
    days_waiting: int
    suggestions: list[Suggestion]
    wanted: list[str]  # the wanted competences' names, from the screening or the referral's own words


def board_row(referral: Referral, workers: list[User], *, on: dt.date, known: dict[int, str]) -> BoardRow:
    wanted = wanted_competences(referral, known)
    return BoardRow(
        referral,
        referral.days_waiting(on),
        suggest_workers(referral, workers, wanted=wanted),
        sorted(wanted.values()),
    )


# why: each row carries a decision form with every worker of the unit; at Aarhus's size (100 workers,
# about 90 open referrals) one page of all rows was 870 kB and 2 s of rendering (docs/performance.md)
BOARD_PAGE_SIZE = 20


def triage_board_for(user: User, *, page=None) -> tuple[list[BoardRow], list[User], Page]:
    """The leader's unit's open referrals, oldest first, a page at a time, with days waiting and suggested
    workers. Only the referrals on the page are read, so only they are logged."""
    open_referrals = (
        _with_family(referrals_visible_to(user))
        .filter(status__in=[Referral.Status.NEW, Referral.Status.SCREENED])
        .order_by("received_at", "id")
    )
    shown = read_page(open_referrals, BOARD_PAGE_SIZE, page)
    referrals = shown.object_list
    workers = unit_workers(user.unit_id)
    on = today()
    known = known_competences(workers)
    rows = [board_row(r, workers, on=on, known=known) for r in referrals]
    _log_list(user, referrals, "referrals.triage_board.viewed", Purpose.TRIAGE)
    return rows, workers, shown


def awaiting_first_contact(user: User) -> list[Referral]:
    """A worker's new families: assigned, not yet contacted, nearest deadline first."""
    referrals = list(
        _with_family(Referral.objects.filter(assigned_worker=user, first_contact_at__isnull=True))
        .filter(status=Referral.Status.ACCEPTED)
        .order_by("contact_deadline", "received_at")
    )
    _log_list(user, referrals, "referrals.awaiting_contact.list", Purpose.PREVENTIVE_WORK)
    return referrals


def deadline_state(referral: Referral, on: dt.date) -> str:
    """ "overdue", "due_soon" or "ok" for a referral whose family has not yet been contacted."""
    if referral.first_contact_at is not None:
        return "done"
    if on > referral.contact_deadline:
        return "overdue"
    if (referral.contact_deadline - on).days <= DUE_SOON_DAYS:
        return "due_soon"
    return "ok"


def unit_service_level(user: User) -> dict:
    """For the leader's home page: open referrals to triage, and families not contacted in time."""
    on = today()
    waiting = (
        referrals_visible_to(user)
        .filter(first_contact_at__isnull=True)
        .exclude(status__in=[Referral.Status.FORWARDED, Referral.Status.DECLINED])
    )
    return {
        "to_triage": waiting.filter(status__in=[Referral.Status.NEW, Referral.Status.SCREENED]).count(),
        "overdue": waiting.filter(contact_deadline__lt=on).count(),
        "due_soon": waiting.filter(
            contact_deadline__gte=on, contact_deadline__lte=on + dt.timedelta(days=DUE_SOON_DAYS)
        ).count(),
    }


def receiving_unit(institution: Institution | None = None) -> Unit | None:
    """The unit the public form (no institution) or an institution's partners send referrals to, as the
    administrator set it; None when nobody has said and there is more than one candidate (decision 0022)."""
    if institution is None:
        return public_referral_unit()
    return referral_unit_for(institution)


def groups_for_partner(user: User) -> list[InstitutionGroup]:
    if not user.is_partner or not user.institution_id:
        return []
    return list(InstitutionGroup.objects.filter(institution_id=user.institution_id).order_by("name"))


def get_group_for_partner(user: User, group_id, *, path: str = "") -> InstitutionGroup:
    """A partner refers children of their own institution only; another school's class answers 404."""
    group = (
        InstitutionGroup.objects.select_related("institution")
        .filter(uuid=uuid_or_none(group_id), institution_id=user.institution_id)
        .first()
        if user.is_partner
        else None
    )
    if group is None:
        deny(user, "accounts.institutiongroup", group_id, path)
    return group


def counselling_for(user: User, *, limit: int = 50) -> list[AnonymousCounselling]:
    """The unit's latest anonymous counselling entries: no personal data, so no access-log row."""
    if not user.unit_id:
        return []
    return list(AnonymousCounselling.objects.filter(unit_id=user.unit_id).order_by("-date", "-id")[:limit])
