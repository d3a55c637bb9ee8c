"""Reads of consent records, always through the family they belong to."""

from django.db.models import QuerySet

from tidlig.accounts.models import Institution, User
from tidlig.audit.services import deny
from tidlig.consent.models import Consent
from tidlig.lib.dates import today
from tidlig.lib.ids import uuid_or_none
from tidlig.people.models import Child, Household
from tidlig.people.queries import households_visible_to


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


def get_consent_for_update(user: User, consent_id, *, path: str = "") -> Consent:
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
    return consent
