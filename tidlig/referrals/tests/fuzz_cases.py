"""The referral doors and what follows them (screening, the leader's decision, the first contact), as the
fuzzer attacks them. Collected by tidlig/tests/fuzz_registry.py."""

import datetime as dt
import secrets
import time

from django.core import signing
from django.urls import reverse
from django.utils import timezone

from conftest import login
from tidlig.lib.dates import today
from tidlig.tests.fuzz_registry import Case, Target, World, prefixed


def _ticket() -> str:
    from tidlig.referrals.forms_public import TICKET_SALT

    # why: a ticket shown a minute ago, so the minimum fill time is passed without patching it
    return signing.dumps({"t": time.time() - 60, "n": secrets.token_urlsafe(16)}, salt=TICKET_SALT)


def _self_referral(w: World) -> Target:
    w.prevention  # noqa: B018 (the receiving unit must exist)
    url = reverse("referrals:self_referral")

    def prepare():
        return url, {
            "wish": "course",
            "concern": "Vores søn er ked af det og vil ikke i skole om morgenen.",
            "child_1_first_name": "Oskar",
            "child_1_age": "9",
            "child_1_birth_date": "",
            "child_2_first_name": "",
            "child_2_age": "",
            "child_2_birth_date": "",
            "first_name": "Sara",
            "last_name": "Lund",
            "relation": "mother",
            "has_custody": "on",
            "phone": "12 34 56 78",
            "email": "",
            "contact_preference": "Hverdage efter kl. 15",
            "website": "",
            "ticket": _ticket(),
        }

    return Target(w.client, prepare)


SELF_REFERRAL = Case(
    name="self_referral",
    forms=("tidlig.referrals.forms_public.SelfReferralForm",),
    setup=_self_referral,
    fields={
        "concern": "text",
        "child_1_first_name": "text",
        "child_1_age": "number",
        "child_1_birth_date": "date",
        "child_2_first_name": "text",
        "child_2_age": "number",
        "first_name": "text",
        "last_name": "text",
        "phone": "cpr",
        "email": "text",
        "contact_preference": "text",
        "wish": "choice",
        "relation": "choice",
        "ticket": "text",
        "website": "text",
    },
    stored=("concern", "child_1_first_name", "first_name", "last_name", "contact_preference"),
    shape_fields=("child_2_age", "wish", "email", "phone"),
    examples=40,
    public=True,
)


def _partner_referral(w: World) -> Target:
    from tidlig.referrals.forms_intake import new_submission_token

    w.prevention  # noqa: B018
    client = login(w.client, w.pia)
    url = reverse("referrals:partner_referral", args=[w.class_4a.uuid])

    def prepare():
        return url, {
            "submission_token": new_submission_token(),
            "child-first_name": "Ida",
            "child-last_name": "Holm",
            "child-birth_date": "2016-05-02",
            "guardian-first_name": "Anne",
            "guardian-last_name": "Holm",
            "guardian-phone": "12 34 56 78",
            "guardian-email": "",
            "guardian-relation": "mother",
            "concern": "Ida er stille i klassen og græder tit.",
            "consent": "on",
            "given_how": "oral",
            "share_back": "on",
        }

    return Target(client, prepare)


PARTNER_REFERRAL = Case(
    name="partner_referral",
    forms=(
        "tidlig.referrals.forms_intake.OneTimeTokenForm",
        "tidlig.referrals.forms_intake.PartnerReferralForm",
        "tidlig.referrals.forms_intake.PartnerChildForm",
        "tidlig.referrals.forms_intake.PartnerGuardianForm",
    ),
    setup=_partner_referral,
    fields={
        "concern": "text",
        "child-first_name": "text",
        "child-last_name": "text",
        "child-birth_date": "date",
        "guardian-first_name": "text",
        "guardian-last_name": "text",
        "guardian-phone": "cpr",
        "guardian-email": "text",
        "guardian-relation": "choice",
        "given_how": "choice",
        "consent": "choice",
        "share_back": "choice",
        "submission_token": "text",
    },
    stored=("concern", "child-first_name", "child-last_name", "guardian-first_name", "guardian-last_name"),
    shape_fields=("share_back", "guardian-email", "guardian-phone"),
    examples=30,
    public=True,
)


def _counselling(w: World) -> Target:
    client = login(w.client, w.mette)
    url = reverse("referrals:counselling")
    return Target(
        client,
        lambda: (
            url,
            {
                "date": today().isoformat(),
                "channel": "phone",
                "topic": "wellbeing",
                "age_band": "6-12",
                "duration_minutes": "20",
            },
        ),
    )


COUNSELLING = Case(
    name="anonymous_counselling",
    forms=("tidlig.referrals.forms_intake.CounsellingForm",),
    setup=_counselling,
    fields={
        "date": "date",
        "channel": "choice",
        "topic": "choice",
        "age_band": "choice",
        "duration_minutes": "number",
    },
    examples=25,
    public=True,
)


def _staff_referral(w: World) -> Target:
    from tidlig.referrals.forms_intake import new_submission_token

    client = login(w.client, w.lone)
    url = reverse("referrals:staff_referral")

    def prepare():
        return url, {
            "submission_token": new_submission_token(),
            "source": "health_visitor",
            "channel": "phone",
            "referrer_description": "Sundhedsplejerske Birgit",
            "concern": "Mor er bekymret for Ida, der ikke vil i børnehave.",
            "wish": "course",
            "contact_preference": "Efter kl. 15 på telefon",
            "child-first_name": "Ida",
            "child-last_name": "Holm",
            "child-birth_date": "2019-05-02",
            "child-cpr": "020519-4123",
            "child-institution_group": "",
            "guardian-first_name": "Anne",
            "guardian-last_name": "Holm",
            "guardian-phone": "12345678",
            "guardian-email": "anne@example.dk",
            "guardian-relation": "mother",
            "guardian-has_custody": "on",
        }

    return Target(client, prepare)


STAFF_REFERRAL = Case(
    name="staff_referral",
    forms=(
        "tidlig.referrals.forms_intake.StaffReferralForm",
        "tidlig.referrals.forms_intake.IntakeChildForm",
        "tidlig.referrals.forms_intake.IntakeGuardianForm",
    ),
    setup=_staff_referral,
    fields={
        "referrer_description": "text",
        "concern": "text",
        "contact_preference": "text",
        "child-first_name": "text",
        "child-last_name": "text",
        "child-birth_date": "date",
        "child-cpr": "cpr",
        "child-institution_group": "choice",
        "guardian-first_name": "text",
        "guardian-last_name": "text",
        "guardian-phone": "cpr",
        "guardian-email": "text",
        "source": "choice",
        "channel": "choice",
        "wish": "choice",
        "guardian-relation": "choice",
        "guardian-has_custody": "choice",
    },
    stored=(
        "referrer_description",
        "concern",
        "contact_preference",
        "child-first_name",
        "child-last_name",
        "guardian-first_name",
        "guardian-last_name",
    ),
    shape_fields=("child-cpr",),
    examples=20,
)


def _screen(w: World) -> Target:
    from tidlig.referrals.tests.factories import make_referral

    client = login(w.client, w.lone)
    unit = w.prevention

    def prepare():
        referral = make_referral(unit)
        return reverse("referrals:screen", args=[referral.uuid]), {
            "wellbeing_score": "4",
            "motivation": "high",
            "has_authority_case": "no",
            "is_bounded": "yes",
            "competences": [],
            "note": "Mor ringer selv",
            "version": str(referral.version),
        }

    return Target(client, prepare)


SCREEN = Case(
    name="screen_referral",
    forms=("tidlig.referrals.forms.ScreeningForm",),
    setup=_screen,
    fields={
        "wellbeing_score": "choice",
        "motivation": "choice",
        "has_authority_case": "choice",
        "is_bounded": "choice",
        "competences": "choice",
        "note": "text",
    },
    stored=("note",),
    exact=False,
    models=("referrals.Referral",),
)


def _decide(w: World) -> Target:
    from tidlig.courses.tests.factories import screened_referral

    client = login(w.client, w.lone)
    unit, lone, mette = w.prevention, w.lone, w.mette

    def prepare():
        referral = screened_referral(unit, lone)
        prefix = str(referral.uuid)
        return reverse("referrals:decide", args=[referral.uuid]), {
            f"{prefix}-decision": "accept",
            f"{prefix}-worker": str(mette.pk),
            f"{prefix}-forwarded_to": "",
            f"{prefix}-reason": "Angst, afgrænset",
        }

    return Target(client, prepare)


DECIDE = Case(
    name="triage_decide",
    forms=("tidlig.referrals.forms.TriageForm",),
    setup=_decide,
    fields=prefixed({"decision": "choice", "worker": "choice", "forwarded_to": "choice", "reason": "text"}),
    stored=("*-reason",),
    exact=False,
    models=("referrals.Referral",),
)


def _first_contact(w: World) -> Target:
    from tidlig.courses.tests.factories import accepted_referral
    from tidlig.referrals.models import Referral

    client = login(w.client, w.mette)
    unit, lone, mette = w.prevention, w.lone, w.mette

    def prepare():
        referral = accepted_referral(unit, lone, mette)
        # why: received two days ago, so a contact yesterday lies after it
        Referral.objects.filter(pk=referral.pk).update(received_at=timezone.now() - dt.timedelta(days=2))
        at = (today() - dt.timedelta(days=1)).isoformat() + "T10:00"
        return reverse("referrals:first_contact", args=[referral.uuid]), {"at": at}

    return Target(client, prepare)


FIRST_CONTACT = Case(
    name="first_contact",
    forms=("tidlig.referrals.forms.FirstContactForm",),
    setup=_first_contact,
    fields={"at": "date"},
    exact=False,
)


CASES = [SELF_REFERRAL, PARTNER_REFERRAL, COUNSELLING, STAFF_REFERRAL, SCREEN, DECIDE, FIRST_CONTACT]
