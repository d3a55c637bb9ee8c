"""Writes of the reports app: only its own targets. Every change is in the access log."""

from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import transaction

from tidlig.accounts.models import User
from tidlig.audit.models import AccessLog, Purpose
from tidlig.audit.services import record_change
from tidlig.reports.models import Target


@transaction.atomic
def set_target(
    *, actor: User, year: int, kpi: str, value: Decimal | None, direction: str, note: str = ""
) -> Target | None:
    """The leader sets (or, with no value, removes) their own unit's target for one KPI and year."""
    if not actor.is_leader or not actor.unit_id:
        raise PermissionDenied
    existing = Target.objects.select_for_update().filter(unit_id=actor.unit_id, year=year, kpi=kpi).first()
    if value is None:
        if existing is None:
            return None
        record_change(
            actor=actor,
            event="target.deleted",
            target=existing,
            persons=[],
            purpose=Purpose.SUPERVISION,
            action=AccessLog.Action.DELETE,
            detail={"kpi": kpi, "year": year, "old": str(existing.value)},
        )
        existing.delete()
        return None
    old = {"value": str(existing.value), "direction": existing.direction} if existing else None
    target, created = Target.objects.update_or_create(
        unit_id=actor.unit_id,
        year=year,
        kpi=kpi,
        defaults={"value": value, "direction": direction, "note": note},
    )
    record_change(
        actor=actor,
        event="target.saved",
        target=target,
        persons=[],
        purpose=Purpose.SUPERVISION,
        action=AccessLog.Action.CREATE if created else AccessLog.Action.CHANGE,
        detail={"kpi": kpi, "year": year, "value": str(value), "direction": direction, "old": old},
    )
    return target
