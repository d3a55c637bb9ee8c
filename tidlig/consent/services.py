"""Giving and withdrawing consent, and the one check every sharing of information calls."""

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from tidlig.accounts.models import Institution, Unit, User
from tidlig.audit.models import AccessLog, Purpose
from tidlig.audit.services import record_change
from tidlig.consent.models import Consent, Information
from tidlig.lib.dates import today
from tidlig.people.models import Child, Guardian, GuardianRelation

NO_CUSTODY = gettext_noop(
    "{guardian} har ikke forældremyndighed over {child} og kan ikke give samtykke for barnet."
)
WRONG_HOUSEHOLD = gettext_noop("Barnet hører ikke til familien.")
NO_RECIPIENT = gettext_noop("Vælg mindst én modtager.")
NO_INFORMATION = gettext_noop("Vælg mindst én slags oplysninger.")
UNTIL_BEFORE_FROM = gettext_noop("Slutdatoen ligger før startdatoen.")
ALREADY_WITHDRAWN = gettext_noop("Samtykket er allerede tilbagekaldt.")


@transaction.atomic
def give_consent(
    *,
    actor: User,
    given_by: Guardian,
    given_how: str,
    children: Iterable[Child],
    information: Iterable[str],
    recipient_institutions: Iterable[Institution] = (),
    recipient_units: Iterable[Unit] = (),
    purpose: str,
    valid_from: dt.date,
    valid_until: dt.date,
) -> Consent:
    """Record a consent. Only an adult with custody of every named child may give it (Barnets lov § 32 stk. 2
    asks the custody holder; the seeds ask for consent before personal data is shared)."""
    children = list(children)
    information = list(dict.fromkeys(information))
    institutions, units = list(recipient_institutions), list(recipient_units)
    if not children:
        raise ValidationError(_("Vælg mindst ét barn."))
    if not information or any(i not in Information.values for i in information):
        raise ValidationError(_(NO_INFORMATION))
    if not institutions and not units:
        raise ValidationError(_(NO_RECIPIENT))
    if valid_until < valid_from:
        raise ValidationError(_(UNTIL_BEFORE_FROM))
    custody = set(
        GuardianRelation.objects.filter(guardian=given_by, child__in=children, has_custody=True).values_list(
            "child_id", flat=True
        )
    )
    for child in children:
        if child.household_id != given_by.household_id:
            raise ValidationError(_(WRONG_HOUSEHOLD))
        if child.pk not in custody:
            raise ValidationError(_(NO_CUSTODY).format(guardian=given_by.full_name, child=child.first_name))
    consent = Consent.objects.create(
        household_id=given_by.household_id,
        given_by=given_by,
        given_how=given_how,
        information=information,
        purpose=purpose,
        valid_from=valid_from,
        valid_until=valid_until,
        recorded_by=actor,
    )
    consent.children.set(children)
    consent.recipient_institutions.set(institutions)
    consent.recipient_units.set(units)
    record_change(
        actor=actor,
        event="consent.given",
        target=consent,
        persons=[given_by, *children],
        purpose=Purpose.CONSENT,
        action=AccessLog.Action.CREATE,
        detail={
            "information": information,
            "institutions": [str(i.uuid) for i in institutions],
            "units": [str(u.uuid) for u in units],
        },
    )
    return consent


@transaction.atomic
def withdraw_consent(consent: Consent, *, actor: User, reason: str) -> Consent:
    """Withdrawal takes effect at once: consent_allows() answers no from this moment."""
    consent = Consent.objects.select_for_update().get(pk=consent.pk)
    if consent.withdrawn_at is not None:
        raise ValidationError(_(ALREADY_WITHDRAWN))
    consent.withdrawn_at = timezone.now()
    consent.withdrawn_by = actor
    consent.withdrawal_reason = reason
    consent.save(update_fields=["withdrawn_at", "withdrawn_by", "withdrawal_reason"])
    record_change(
        actor=actor,
        event="consent.withdrawn",
        target=consent,
        persons=[consent.given_by, *consent.children.all()],
        purpose=Purpose.CONSENT,
    )
    return consent


def consent_allows(
    *, child: Child, recipient: Institution | Unit, information: str, on: dt.date | None = None
) -> bool:
    """May this information about this child be shared with this recipient today?

    Yes only when a consent is active on the day (not withdrawn, within its dates), names the child,
    the recipient and the information, and was given by someone who (still) holds custody of the child.
    """
    on = on or today()
    consents = Consent.objects.filter(
        children=child,
        withdrawn_at__isnull=True,
        valid_from__lte=on,
        valid_until__gte=on,
        given_by__relations__child=child,
        given_by__relations__has_custody=True,
    )
    if isinstance(recipient, Institution):
        consents = consents.filter(recipient_institutions=recipient)
    elif isinstance(recipient, Unit):
        consents = consents.filter(recipient_units=recipient)
    else:
        raise TypeError("recipient must be an Institution or a Unit")
    return any(information in c.information for c in consents.only("information"))
