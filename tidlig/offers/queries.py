"""Reads of the catalogue and the ladder: offers by step and theme, demand, and the gaps. The catalogue
holds no personal data; the counts of families are aggregates."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from tidlig.accounts.models import Unit
from tidlig.lib.dates import today
from tidlig.lib.ids import uuid_or_none
from tidlig.offers.models import LadderStep, LegalBasis, Offer, Theme

AGE_BANDS = [(0, 5, _("0-5 år")), (6, 12, _("6-12 år")), (13, 17, _("13-17 år"))]
DEMAND_DAYS = 365


def catalogue_for(unit: Unit) -> list[Offer]:
    return list(
        Offer.objects.filter(unit=unit)
        .select_related("legal_basis", "step")
        .prefetch_related("themes")
        .order_by("step__position", "name")
    )


def get_offer_for(user, offer_id) -> Offer | None:
    """Offers are the unit's own; another unit's offer is not found."""
    return (
        Offer.objects.filter(uuid=uuid_or_none(offer_id), unit_id=user.unit_id)
        .prefetch_related("themes")
        .first()
    )


def with_demand(offers_qs, *, since: dt.date):
    """Families now in each offer, and demand over the period: courses started, referrals that led to
    them, groups' waiting lists. All counts are done by the database in one query."""
    return offers_qs.annotate(
        families_now=Count("courses", filter=Q(courses__status="open"), distinct=True)
        + Count("groups__enrollments", filter=Q(groups__enrollments__status="enrolled"), distinct=True),
        courses_started=Count("courses", filter=Q(courses__start_meeting_on__gte=since), distinct=True),
        referrals=Count(
            "courses__referral", filter=Q(courses__referral__received_at__date__gte=since), distinct=True
        ),
        waiting=Count("groups__enrollments", filter=Q(groups__enrollments__status="waiting"), distinct=True),
        enrolled_period=Count(
            "groups__enrollments", filter=Q(groups__enrollments__enrolled_at__date__gte=since), distinct=True
        ),
    )


@dataclass(frozen=True)
class Cell:
    step: LadderStep
    offers: list[Offer]


@dataclass(frozen=True)
class Gap:
    theme: Theme
    band: str
    covered_by: list[Offer]

    @property
    def is_gap(self) -> bool:
        return not self.covered_by


def ladder_for(unit: Unit) -> dict:
    """The ladder view: offers by step with demand, and for every theme and age band whether a running
    offer covers it (VIVE's catalogue). An offer without an age range covers all ages;
    an offer without themes is general and closes no theme gap."""
    since = today() - dt.timedelta(days=DEMAND_DAYS)
    offers = list(
        with_demand(Offer.objects.filter(unit=unit), since=since)
        .select_related("legal_basis", "step")
        .prefetch_related("themes")
        .order_by("step__position", "name")
    )
    steps = list(LadderStep.objects.order_by("position"))
    cells = [Cell(step, [o for o in offers if o.step_id == step.pk]) for step in steps]
    unplaced = [o for o in offers if o.step_id is None]
    themes = list(Theme.objects.order_by("name"))
    running = [o for o in offers if o.is_running]
    gaps = []
    for theme in themes:
        for low, high, label in AGE_BANDS:
            covering = [
                o
                for o in running
                if any(t.pk == theme.pk for t in o.themes.all())
                and (o.age_min is None or o.age_min <= high)
                and (o.age_max is None or o.age_max >= low)
            ]
            gaps.append(Gap(theme, label, covering))
    unused = [
        o for o in offers if o.is_running and not (o.courses_started or o.enrolled_period or o.families_now)
    ]
    return {
        "cells": cells,
        "unplaced": unplaced,
        "gaps": gaps,
        "bands": [b[2] for b in AGE_BANDS],
        "themes": themes,
        "unused": unused,
        "since": since,
    }


def ladder_unit_for(user) -> Unit | None:
    """The unit whose ladder a user sees: their own; an analyst has none and sees the prevention unit's."""
    if user.unit_id:
        return user.unit
    return Unit.objects.filter(kind=Unit.Kind.PREVENTION).order_by("pk").first()


def gap_rows(ladder: dict) -> list[tuple[Theme, list[Gap]]]:
    """The gaps as a table: one row per theme, one cell per age band, in AGE_BANDS order."""
    width = len(AGE_BANDS)
    gaps = ladder["gaps"]
    return [(theme, gaps[i * width : (i + 1) * width]) for i, theme in enumerate(ladder["themes"])]


def offer_name_taken(unit: Unit, name: str, *, exclude: Offer | None = None) -> bool:
    """Names are unique within a unit (the database constraint); asked first to give a message."""
    offers = Offer.objects.filter(unit=unit, name__iexact=name.strip())
    if exclude is not None:
        offers = offers.exclude(pk=exclude.pk)
    return offers.exists()


def offer_usage(offer: Offer) -> dict[str, int]:
    """What still points at an offer: why it cannot be deleted, only paused."""
    return {"courses": offer.courses.count(), "groups": offer.groups.count()}


def legal_bases() -> list[LegalBasis]:
    return list(LegalBasis.objects.order_by("reference"))


def themes() -> list[Theme]:
    return list(Theme.objects.order_by("name"))
