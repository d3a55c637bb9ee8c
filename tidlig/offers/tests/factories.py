"""Offers as tests need them: what the offer form posts."""

import secrets

from tidlig.offers.models import LadderStep, LegalBasis


def offer_data(**extra) -> dict:
    """A good submission of the offer form: a group offer for children of 6 to 12, with `extra` on top."""
    basis, _ = LegalBasis.objects.get_or_create(reference="Barnets lov § 30 stk. 1")
    return {
        "name": f"Mestringsluppen {secrets.token_hex(3)}",
        "description": "Et forløb for børn, der er bekymrede, og deres forældre.",
        "legal_basis": str(basis.pk),
        "step": str(LadderStep.objects.get(position=2).pk),
        "themes": [],
        "age_min": "6",
        "age_max": "12",
        "format": "group",
        "max_contacts": "10",
        "max_network_meetings": "",
        "weeks": "12",
        "is_running": "True",
        **extra,
    }
