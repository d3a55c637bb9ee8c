"""Giving and withdrawing consent, as the fuzzer attacks them.
Collected by tidlig/tests/fuzz_registry.py."""

import datetime as dt

from django.urls import reverse

from conftest import login
from tidlig.lib.dates import today
from tidlig.tests.fuzz_registry import Case, Target, World


def _consent_data(w: World) -> dict:
    return {
        "given_by": str(w.anne.pk),
        "given_how": "oral",
        "children": [str(w.emma.pk)],
        "information": ["basic"],
        "recipient_institutions": [str(w.school.pk)],
        "recipient_units": [],
        "purpose": "At skolen og familiebehandleren kan samarbejde om Emmas trivsel.",
        "valid_from": today().isoformat(),
        "valid_until": (today() + dt.timedelta(days=365)).isoformat(),
    }


def _give_consent(w: World) -> Target:
    client = login(w.client, w.mette)
    url = reverse("consent:give", args=[w.mette_family.uuid])
    good = _consent_data(w)
    return Target(client, lambda: (url, dict(good)))


GIVE_CONSENT = Case(
    name="give_consent",
    forms=("tidlig.consent.forms.GiveConsentForm",),
    setup=_give_consent,
    fields={
        "given_by": "choice",
        "given_how": "choice",
        "children": "choice",
        "information": "choice",
        "recipient_institutions": "choice",
        "recipient_units": "choice",
        "purpose": "text",
        "valid_from": "date",
        "valid_until": "date",
    },
    stored=("purpose",),
    shape_fields=("information", "recipient_units", "recipient_institutions"),
)


def _withdraw_consent(w: World) -> Target:
    from tidlig.consent import services

    client = login(w.client, w.mette)
    mette, anne, emma, school = w.mette, w.anne, w.emma, w.school

    def prepare():
        consent = services.give_consent(
            actor=mette,
            given_by=anne,
            given_how="oral",
            children=[emma],
            information=["basic"],
            recipient_institutions=[school],
            purpose="Samarbejde om Emmas trivsel",
            valid_from=today(),
            valid_until=today() + dt.timedelta(days=30),
        )
        return reverse("consent:withdraw", args=[consent.uuid]), {"reason": "Mor ønsker det ikke længere."}

    return Target(client, prepare)


WITHDRAW_CONSENT = Case(
    name="withdraw_consent",
    forms=("tidlig.consent.forms.WithdrawConsentForm",),
    setup=_withdraw_consent,
    fields={"reason": "text"},
    stored=("reason",),
    exact=False,
    models=("consent.Consent",),
)


CASES = [GIVE_CONSENT, WITHDRAW_CONSENT]
