"""Every write about the offer catalogue: adding and editing offers (audited, optimistic locking),
taking an offer off the list without losing the courses and groups that used it."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from tidlig.accounts.models import Unit, User
from tidlig.audit.models import AccessLog, Purpose
from tidlig.audit.services import record_change
from tidlig.offers.models import LegalBasis, Offer, Theme

OFFER_CONFLICT = gettext_noop("Tilbuddet er ændret af en anden imens. Se begge versioner, og gem igen.")
IN_USE = gettext_noop(
    "Tilbuddet bruges af {courses} forløb og {groups} hold og kan ikke slettes. Sæt det på pause i stedet."
)
REFERENCE_TAKEN = gettext_noop("Den findes allerede. Intet er gemt.")
FIELDS = (
    "name",
    "description",
    "legal_basis",
    "format",
    "max_contacts",
    "max_network_meetings",
    "weeks",
    "is_running",
    "step",
    "age_min",
    "age_max",
)


def _check(offer: Offer) -> None:
    offer.full_clean(exclude=["unit", "version"])


@transaction.atomic
def create_offer(*, actor: User, unit: Unit, themes=(), **fields) -> Offer:
    offer = Offer(unit=unit, **{k: v for k, v in fields.items() if k in FIELDS})
    _check(offer)
    offer.save()
    offer.themes.set(themes)
    record_change(
        actor=actor,
        event="offer.created",
        target=offer,
        persons=[],
        purpose=Purpose.SUPERVISION,
        action=AccessLog.Action.CREATE,
        detail={"name": offer.name},
    )
    return offer


@transaction.atomic
def update_offer(offer: Offer, *, actor: User, version: int, themes=None, **fields) -> Offer:
    """The save names the version it was based on; if someone saved in between, nothing is overwritten
    and the caller shows both versions (no silent last-write-wins)."""
    current = Offer.objects.select_for_update().get(pk=offer.pk)
    if current.version != version:
        raise ValidationError(_(OFFER_CONFLICT), code="conflict")
    changed = []
    for key, value in fields.items():
        if key in FIELDS and getattr(current, key) != value:
            setattr(current, key, value)
            changed.append(key)
    _check(current)
    current.version = F("version") + 1
    current.save()
    current.refresh_from_db()
    if themes is not None:
        before = set(current.themes.values_list("pk", flat=True))
        current.themes.set(themes)
        if before != {t.pk for t in themes}:
            changed.append("themes")
    record_change(
        actor=actor,
        event="offer.changed",
        target=current,
        persons=[],
        purpose=Purpose.SUPERVISION,
        detail={"fields": sorted(changed)},
    )
    return current


@transaction.atomic
def delete_offer(offer: Offer, *, actor: User) -> None:
    """Only an offer nothing uses can go; one that courses or groups use is paused instead."""
    courses, groups = offer.courses.count(), offer.groups.count()
    if courses or groups:
        raise ValidationError(_(IN_USE).format(courses=courses, groups=groups), code="in_use")
    record_change(
        actor=actor,
        event="offer.deleted",
        target=offer,
        persons=[],
        purpose=Purpose.SUPERVISION,
        action=AccessLog.Action.DELETE,
        detail={"name": offer.name},
    )
    offer.delete()


def _add_reference(row, *, actor: User, event: str, detail: dict):
    """Reference data has unique names: a replayed post, or a name a colleague just added, stores nothing."""
    row.full_clean()
    try:
        with transaction.atomic():
            row.save()
    except IntegrityError:
        raise ValidationError(_(REFERENCE_TAKEN)) from None
    record_change(
        actor=actor,
        event=event,
        target=row,
        persons=[],
        purpose=Purpose.SUPERVISION,
        action=AccessLog.Action.CREATE,
        detail=detail,
    )
    return row


@transaction.atomic
def add_legal_basis(*, actor: User, reference: str, requires_decision: bool) -> LegalBasis:
    basis = LegalBasis(reference=reference, requires_decision=requires_decision)
    detail = {"reference": reference, "requires_decision": requires_decision}
    return _add_reference(basis, actor=actor, event="offers.legal_basis.created", detail=detail)


@transaction.atomic
def add_theme(*, actor: User, name: str) -> Theme:
    return _add_reference(Theme(name=name), actor=actor, event="offers.theme.created", detail={"name": name})
