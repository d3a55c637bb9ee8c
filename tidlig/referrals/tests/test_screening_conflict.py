"""Two people screen the same referral at once: the second save is told, sees both versions and keeps
what they chose and typed; nothing is overwritten silently (optimistic locking, decision 0017)."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from conftest import login
from tidlig.audit.models import AccessLog
from tidlig.referrals import services
from tidlig.referrals.models import Referral
from tidlig.referrals.tests.factories import make_referral

pytestmark = pytest.mark.django_db


def _post(client, referral, *, note, version, score="5"):
    return client.post(
        reverse("referrals:screen", args=[referral.uuid]),
        {
            "wellbeing_score": score,
            "motivation": "high",
            "has_authority_case": "no",
            "is_bounded": "yes",
            "note": note,
            "version": str(version),
        },
    )


def test_it_shows_both_versions_when_a_colleague_screened_first(client, kim, lone, prevention):
    referral = make_referral(prevention)
    login(client, lone)
    assert _post(client, referral, note="Lones vurdering", version=1, score="3").status_code == 302

    login(client, kim)
    response = _post(client, referral, note="Kims vurdering", version=1, score="6")

    page = response.content.decode()
    assert response.status_code == 409
    assert services.SCREENING_CONFLICT in page
    assert "Din version" in page and "Gemt af en kollega" in page
    saved = page.split('id="screening-saved"')[1]
    assert "Lones vurdering" in saved and "Lone Testesen" in saved
    assert "Kims vurdering</textarea>" in page  # what Kim typed is kept
    assert 'name="wellbeing_score" value="6" class="form-radio" checked' in page
    assert 'name="version" value="2"' in page
    referral.refresh_from_db()
    assert (referral.screening_note, referral.wellbeing_score, referral.version) == ("Lones vurdering", 3, 2)
    assert AccessLog.objects.filter(event="referral.screened").count() == 1


def test_it_saves_the_users_version_when_asked_again(client, kim, lone, prevention):
    referral = make_referral(prevention)
    login(client, lone)
    _post(client, referral, note="Lones vurdering", version=1)
    login(client, kim)
    assert _post(client, referral, note="Kims vurdering", version=1).status_code == 409

    assert _post(client, referral, note="Kims vurdering", version=2).status_code == 302

    referral.refresh_from_db()
    assert (referral.screening_note, referral.screened_by, referral.version) == ("Kims vurdering", kim, 3)
    assert AccessLog.objects.filter(event="referral.screened").count() == 2


def test_it_refuses_a_second_screening_that_names_no_version(kim, prevention):
    referral = make_referral(prevention)
    data = dict(
        wellbeing_score=5, motivation="high", has_authority_case=False, is_bounded=True, competences=[]
    )
    services.screen_referral(referral, actor=kim, note="Først", **data)
    with pytest.raises(ValidationError) as caught:
        services.screen_referral(referral, actor=kim, note="Bagefter", **data)
    assert caught.value.code == "conflict"
    assert Referral.objects.get().screening_note == "Først"
