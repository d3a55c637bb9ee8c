"""The IDOR sweep for a partner's own referral: the school that referred a child sees what an active consent
shares and nothing of the unit's own notes; the siblings' other school sees nothing it did not refer."""

import pytest
from django.urls import reverse

from conftest import login
from tidlig.audit.models import AccessLog
from tidlig.tests.factories import PUBLIC_TOKEN_ROUTES, family_names, names_in
from tidlig.tests.urlwalk import own_routes

OBJECT_ROUTES = [r for r in own_routes() if r.kwargs]

# A referral Pia made herself: Ida (4.A, Nordskolen) and her brother Karl (2.B, Sydskolen), their parents
# Rikke and Tom. The unit's own notes must never reach the school.
SCREENING_NOTE = "Intern screeningsnote om familien"
DECISION_REASON = "Intern begrundelse for visitationen"
CONSENT_STATES = [
    "active",
    "withdrawn",
    "expired",
    "not_yet_valid",
    "other_institution",
    "giver_lost_custody",
]


@pytest.fixture
def pia_referral(prevention, pia, lone, mette, class_4a, class_2b):
    import datetime as dt

    from tidlig.referrals import services

    referral = services.receive_referral(
        unit=prevention,
        door="partner",
        source="school",
        channel="web",
        concern="Barnet er stille i klassen og græder tit.",
        children=[
            services.ChildIn("Ida", "Dahl", dt.date(2016, 5, 2), institution_group_id=class_4a.pk),
            services.ChildIn("Karl", "Dahl", dt.date(2018, 1, 9), institution_group_id=class_2b.pk),
        ],
        guardians=[
            services.GuardianIn("Rikke", "Dahl", phone="31313131", relation="mother"),
            services.GuardianIn("Tom", "Kragh", phone="42424242", relation="father"),
        ],
        referred_by=pia,
        referrer_description="Lærer, Nordskolen",
        consent=services.ConsentIn(given_how="oral", share_back_with=class_4a.institution),
    )
    services.screen_referral(
        referral,
        actor=lone,
        wellbeing_score=5,
        motivation="high",
        has_authority_case=False,
        is_bounded=True,
        competences=[],
        note=SCREENING_NOTE,
    )
    return services.triage_referral(
        referral, actor=lone, decision="accept", reason=DECISION_REASON, worker=mette
    )


def _set_consent_state(referral, state: str, *, actor, other_school) -> None:
    import datetime as dt

    from tidlig.consent.models import Consent
    from tidlig.consent.services import withdraw_consent
    from tidlig.lib.dates import today
    from tidlig.people.models import GuardianRelation

    consents = Consent.objects.filter(household=referral.household)
    if state == "withdrawn":
        withdraw_consent(consents.get(), actor=actor, reason="Mor trækker samtykket tilbage")
    elif state == "expired":
        consents.update(valid_until=today() - dt.timedelta(days=1))
    elif state == "not_yet_valid":
        consents.update(valid_from=today() + dt.timedelta(days=1))
    elif state == "other_institution":
        consents.get().recipient_institutions.set([other_school])
    elif state == "giver_lost_custody":
        GuardianRelation.objects.filter(guardian=consents.get().given_by).update(has_custody=False)


def _partner_urls(referral) -> list[str]:
    """Every URL of the sweep, with the Dahl family's objects where the URL takes one of them; routes on
    objects the family has none of (a course, a group) get Mette's, which Pia never sees either."""
    ida, karl = referral.household.children.order_by("first_name")
    ids = {"referral_id": referral.uuid, "household_id": referral.household.uuid}
    urls = [reverse("home"), reverse("people:institution_children")]
    for route in OBJECT_ROUTES:
        if route.name in PUBLIC_TOKEN_ROUTES or set(route.kwargs) - {*ids, "child_id", "person_id"}:
            continue
        for child in (ida, karl):
            kwargs = {**ids, "child_id": child.uuid, "person_id": child.uuid}
            urls.append(reverse(route.name, kwargs={k: kwargs[k] for k in route.kwargs}))
    return list(dict.fromkeys(urls))


@pytest.mark.django_db
@pytest.mark.parametrize("state", CONSENT_STATES)
def test_a_referring_partner_sees_only_what_an_active_consent_shares(
    client, pia, lone, other_school, pia_referral, state
):
    """Pia made the referral. Without an active consent that names Nordskolen (withdrawn, expired, not yet
    valid, addressed to another school, given by someone who lost custody) she sees that it was received,
    its date and reference, and no name of the family. With one, she sees Ida, never Karl at Sydskolen, and
    never the unit's screening note or the reason for its decision."""
    _set_consent_state(pia_referral, state, actor=lone, other_school=other_school)
    household = pia_referral.household
    everyone = family_names(household)
    login(client, pia)
    for url in _partner_urls(pia_referral):
        content = client.get(url).content.decode()
        assert SCREENING_NOTE not in content and DECISION_REASON not in content, url
        assert "Karl" not in content, f"a sibling at another school at {url}"
        if state != "active":
            assert not names_in(content.encode(), everyone), (
                f"{names_in(content.encode(), everyone)} at {url}"
            )
    detail = client.get(pia_referral.get_absolute_url())
    assert detail.status_code == 200
    assert pia_referral.reference in detail.content.decode()
    if state == "active":
        assert "Ida Dahl" in detail.content.decode()
        assert (
            client.get(
                reverse("people:child", args=[household.children.get(first_name="Ida").uuid])
            ).status_code
            == 200
        )
    else:
        assert "Barnet er stille" not in detail.content.decode()


@pytest.mark.django_db
def test_a_partner_at_the_siblings_school_sees_nothing_of_a_referral_he_did_not_make(
    client, per, pia_referral
):
    karl = pia_referral.household.children.get(first_name="Karl")
    login(client, per)
    for url in (pia_referral.get_absolute_url(), reverse("people:child", args=[karl.uuid])):
        response = client.get(url)
        assert response.status_code == 404
        assert not names_in(response.content, family_names(pia_referral.household))
    assert AccessLog.objects.filter(actor=per, action=AccessLog.Action.DENIED).count() == 2
