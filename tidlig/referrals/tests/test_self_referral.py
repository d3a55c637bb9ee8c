"""The public self-referral door: no login, no CPR, plain Danish; bad input and bots store nothing."""

import datetime as dt
import re

import pytest
import time_machine
from django.core import signing
from django.urls import resolve, reverse
from django.utils import dateformat, translation

from tidlig.accounts.models import Unit
from tidlig.audit.models import AccessLog
from tidlig.lib.dates import today
from tidlig.lib.text import NUL_MESSAGE
from tidlig.people.models import Child, Guardian, GuardianRelation, Household
from tidlig.referrals import forms_public
from tidlig.referrals.models import PublicSubmission, Referral
from tidlig.referrals.tests.factories import (
    CONCERN,
    SELF_REFERRAL_FORM,
    SELF_REFERRAL_URL,
    post_self_referral,
    self_referral_ticket,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_fill_delay")]


def _nothing_stored() -> None:
    assert Referral.objects.count() == 0
    assert Household.objects.count() == 0
    assert Child.objects.count() == 0
    assert Guardian.objects.count() == 0
    assert not AccessLog.objects.filter(event="referral.received").exists()


def _danish_date(day: dt.date) -> str:
    with translation.override("da"):
        return dateformat.format(day, "l j. F")


def test_it_shows_the_form_without_login_and_without_cpr(client, prevention):
    response = client.get(SELF_REFERRAL_URL)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Bed om råd eller hjælp til din familie" in page
    assert "Beskriv med dine egne ord" in page
    assert "Barn 1" in page and "Barn 2 (valgfrit)" in page and "Barn 3 (valgfrit)" in page
    assert "cpr" not in page.lower().replace("cpr-nummer", "")
    assert 'autocomplete="tel"' in page and 'autocomplete="email"' in page
    assert 'autocomplete="given-name"' in page
    assert re.search(r'<div class="tidlig-hp" hidden>', page)
    assert 'name="website"' in page and 'tabindex="-1"' in page
    assert "no-store" in response["Cache-Control"]
    assert PublicSubmission.objects.count() == 0  # only posts count against the limit


def test_it_receives_a_referral_and_shows_a_receipt_without_personal_data(client, prevention):
    response = post_self_referral(client)

    referral = Referral.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "referrals:receipt", args=[signing.dumps(str(referral.uuid), salt="tidlig.receipt")]
    )
    assert referral.unit == prevention
    assert (referral.door, referral.source, referral.channel) == ("web", "self", "web")
    assert referral.wish == "course"
    assert referral.concern == CONCERN
    assert referral.contact_preference == "Hverdage efter kl. 15"
    assert referral.referrer_description == "Mor"
    assert referral.referred_by is None
    assert referral.contact_deadline == today() + dt.timedelta(days=prevention.contact_deadline_days)
    household = referral.household
    assert household.name == "Familien Lund"
    child = Child.objects.get()
    assert child.household == household
    assert child.first_name == "Oskar"
    assert child.birth_date == dt.date(today().year - 9, 1, 1)
    assert child.birth_date_is_estimate is True
    guardian = Guardian.objects.get()
    assert (guardian.first_name, guardian.last_name, guardian.phone) == ("Sara", "Lund", "12 34 56 78")
    relation = GuardianRelation.objects.get()
    assert (relation.guardian, relation.child, relation.relation, relation.has_custody) == (
        guardian,
        child,
        "mother",
        True,
    )
    log = AccessLog.objects.get(event="referral.received")
    assert log.actor is None
    assert log.object_id == str(referral.uuid)
    assert {s.person_id for s in log.subjects.all()} == {child.uuid, guardian.uuid}

    receipt = client.get(response["Location"])
    assert receipt.status_code == 200
    page = receipt.content.decode()
    assert "Tak for din henvendelse" in page
    assert referral.reference in page
    assert f"Tidlig Forebyggelse kontakter dig senest {_danish_date(referral.contact_deadline)}" in page
    for personal in ("Sara", "Lund", "Oskar", "12 34 56 78", "ked af det"):
        assert personal not in page
    assert "no-store" in receipt["Cache-Control"]


def test_it_takes_a_birth_date_and_several_children(client, prevention):
    born = today() - dt.timedelta(days=400)
    response = post_self_referral(
        client,
        child_1_age="",
        child_1_birth_date=born.isoformat(),
        child_2_first_name="",
        child_2_age="15",
    )
    assert response.status_code == 302
    children = sorted(Child.objects.all(), key=lambda c: c.birth_date)
    assert [(c.birth_date, c.birth_date_is_estimate) for c in children] == [
        (dt.date(today().year - 15, 1, 1), True),
        (born, False),
    ]
    assert GuardianRelation.objects.count() == 2


def test_it_lets_a_family_ask_for_advice_anonymously(client, prevention):
    response = post_self_referral(
        client, wish="advice", first_name="", last_name="", child_1_first_name="", email=""
    )
    assert response.status_code == 302
    referral = Referral.objects.get()
    assert referral.wish == "advice"
    assert referral.household.name == "Familie uden navn"
    guardian = Guardian.objects.get()
    assert (guardian.first_name, guardian.last_name, guardian.phone) == ("", "", "12 34 56 78")


@pytest.mark.parametrize("wish", ["course", "unsure"])
def test_it_asks_for_a_name_when_the_family_wants_more_than_advice(client, prevention, wish):
    response = post_self_referral(client, wish=wish, first_name="", last_name="")
    assert response.status_code == 200
    assert "Skriv dit navn, så vi ved, hvem vi skal spørge efter." in response.content.decode()
    _nothing_stored()


def test_it_needs_a_way_to_reach_the_family(client, prevention):
    response = post_self_referral(client, phone="", email="")
    assert response.status_code == 200
    assert "Skriv et telefonnummer eller en e-mail, så vi kan kontakte dig." in response.content.decode()
    _nothing_stored()


def test_it_accepts_an_email_instead_of_a_phone(client, prevention):
    response = post_self_referral(client, phone="", email="sara@eksempel.dk")
    assert response.status_code == 302
    assert Guardian.objects.get().email == "sara@eksempel.dk"


@pytest.mark.parametrize(
    "changes",
    [
        {"child_1_age": "", "child_1_birth_date": ""},
        {"child_1_age": "  ", "child_1_first_name": ""},
        {"child_1_age": "", "child_2_first_name": "Ida"},
    ],
    ids=["nothing", "blank", "a name without an age"],
)
def test_it_needs_an_age_or_a_birth_date(client, prevention, changes):
    response = post_self_referral(client, **changes)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Skriv barnets alder eller fødselsdato." in page
    assert "form-error-message" in page
    _nothing_stored()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"child_1_age": "140"}, "Skriv alderen som et helt tal fra 0 til 25."),
        ({"child_1_age": "-1"}, "Skriv alderen som et helt tal fra 0 til 25."),
        ({"child_1_age": "ni"}, "Skriv alderen som et helt tal fra 0 til 25."),
        ({"child_1_age": "9" * 40}, "Skriv alderen som et helt tal fra 0 til 25."),
        ({"child_1_age": "", "child_1_birth_date": "2999-01-01"}, "Fødselsdatoen ligger i fremtiden."),
        ({"child_1_age": "", "child_1_birth_date": "1950-01-01"}, "under 25 år"),
        ({"child_1_age": "", "child_1_birth_date": "31-02-2019"}, "Skriv en rigtig dato"),
        ({"phone": "12"}, "Skriv et telefonnummer med 8 cifre"),
        ({"phone": "", "email": "ikke en mail"}, "Skriv en rigtig e-mailadresse"),
        ({"first_name": "<b>Sara</b>"}, "Navne må ikke indeholde tegnene"),
        ({"wish": "everything"}, "Vælg, hvad du ønsker."),
        ({"relation": ""}, "Vælg, hvem du er for børnene."),
        ({"concern": ""}, "Skriv kort, hvad du er bekymret for."),
        ({"contact_preference": "x" * 301}, "300"),
    ],
)
def test_it_refuses_bad_input_in_danish_and_stores_nothing(client, prevention, changes, message):
    response = post_self_referral(client, **changes)
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page
    assert "Noget skal rettes" in page
    _nothing_stored()


def test_it_refuses_a_novel_of_a_concern(client, prevention):
    concern = ("Vi har det svært. " * 2800)[:50_000]
    response = post_self_referral(client, concern=concern)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Teksten er for lang: højst 5000 tegn, og du har skrevet 50000." in page
    _nothing_stored()


def test_it_refuses_a_nul_byte_with_one_clear_message(client, prevention):
    response = post_self_referral(client, concern="Hjælp\x00")
    assert response.status_code == 200
    page = response.content.decode()
    assert str(NUL_MESSAGE) in page
    assert "Null-tegn" not in page  # Django's own, vaguer message is not shown as well
    _nothing_stored()


def test_it_stores_script_tags_as_text_and_never_renders_them(client, prevention):
    concern = "Hun skrev <script>alert('hej')</script> på sin væg."
    refused = post_self_referral(client, concern=concern, phone="")
    page = refused.content.decode()
    assert "&lt;script&gt;alert(&#x27;hej&#x27;)&lt;/script&gt;" in page
    assert "<script>alert" not in page
    _nothing_stored()

    response = post_self_referral(client, concern=concern)
    assert response.status_code == 302
    assert Referral.objects.get().concern == concern
    assert "<script>alert" not in client.get(response["Location"]).content.decode()


def test_it_pretends_to_accept_a_bot_that_fills_the_honeypot(client, prevention):
    response = post_self_referral(client, website="https://spam.example")
    assert response.status_code == 302
    receipt = client.get(response["Location"])
    assert receipt.status_code == 200
    page = receipt.content.decode()
    assert "Tak for din henvendelse" in page
    assert "Tidlig Forebyggelse kontakter dig senest" in page
    _nothing_stored()
    assert PublicSubmission.objects.count() == 1  # it still counts against the limit


def test_it_refuses_a_form_sent_too_fast(client, prevention, monkeypatch):
    monkeypatch.setattr(forms_public, "MIN_FILL_SECONDS", 3)
    with time_machine.travel(dt.datetime(2026, 3, 2, 10, 0, tzinfo=dt.UTC), tick=False) as traveller:
        ticket = self_referral_ticket(client)
        traveller.shift(1)
        response = post_self_referral(client, ticket=ticket)
        assert response.status_code == 200
        page = response.content.decode()
        assert "Formularen blev sendt meget hurtigt. Tjek dine oplysninger og send igen." in page
        _nothing_stored()
        fresh = re.search(r'name="ticket" value="([^"]+)"', page).group(1)
        assert fresh != ticket

        traveller.shift(3)
        assert post_self_referral(client, ticket=fresh).status_code == 302
        assert Referral.objects.count() == 1


@pytest.mark.parametrize("how", ["tampered", "expired", "missing", "foreign"])
def test_it_refuses_a_bad_ticket(client, prevention, how):
    with time_machine.travel(dt.datetime(2026, 3, 2, 10, 0, tzinfo=dt.UTC), tick=False) as traveller:
        ticket = self_referral_ticket(client)
        if how == "tampered":
            ticket = ticket[:-2] + ("AA" if not ticket.endswith("AA") else "BB")
        elif how == "expired":
            traveller.shift(dt.timedelta(hours=2, seconds=1))
        elif how == "missing":
            ticket = ""
        else:  # a receipt token is signed too, but with another salt
            ticket = signing.dumps({"t": 0, "n": "x"}, salt="tidlig.receipt")
        response = post_self_referral(client, ticket=ticket)
    assert response.status_code == 200
    assert "Formularen er udløbet. Indlæs siden igen og send den på ny." in response.content.decode()
    _nothing_stored()


def test_it_makes_one_referral_of_a_double_click(client, prevention):
    ticket = self_referral_ticket(client)
    first = post_self_referral(client, ticket=ticket)
    second = post_self_referral(client, ticket=ticket)
    assert first.status_code == second.status_code == 302
    # both receipts name the one referral (the tokens carry their signing second, so may differ)
    keys = {forms_public._receipt_key(resolve(r["Location"]).kwargs["token"]) for r in (first, second)}
    assert keys == {Referral.objects.get().uuid}
    assert Referral.objects.count() == 1
    assert Household.objects.count() == 1
    assert Child.objects.count() == 1
    assert AccessLog.objects.filter(event="referral.received").count() == 1


def test_it_limits_posts_per_address(client, prevention):
    for _ in range(6):
        assert post_self_referral(client, concern="", remote_addr="10.0.0.1").status_code == 200
    response = post_self_referral(client, remote_addr="10.0.0.1")
    assert response.status_code == 429
    assert response["Retry-After"] == "60"
    page = response.content.decode()
    assert "Du har sendt formularen mange gange på kort tid. Vent et minut og prøv igen." in page
    _nothing_stored()
    assert PublicSubmission.objects.count() == 6
    assert not PublicSubmission.objects.filter(address_digest__contains="10.0.0").exists()

    assert post_self_referral(client, remote_addr="10.0.0.2").status_code == 302
    assert Referral.objects.count() == 1


def test_it_lets_an_address_post_again_after_a_minute_and_forgets_it_after_a_day(client, prevention):
    start = dt.datetime(2026, 3, 2, 10, 0, tzinfo=dt.UTC)
    with time_machine.travel(start, tick=False) as traveller:
        for _ in range(6):
            post_self_referral(client, concern="")
        assert post_self_referral(client).status_code == 429
        traveller.shift(61)
        assert post_self_referral(client).status_code == 302
        traveller.shift(dt.timedelta(days=1, minutes=1))
        post_self_referral(client, concern="")
    assert PublicSubmission.objects.count() == 1


def test_it_answers_404_for_a_bad_receipt_token(client, prevention):
    assert client.get(reverse("referrals:receipt", args=["nonsense"])).status_code == 404
    forged = signing.dumps("not-a-uuid", salt="tidlig.receipt")
    assert client.get(reverse("referrals:receipt", args=[forged])).status_code == 404
    wrong_salt = signing.dumps("00000000-0000-0000-0000-000000000000", salt="tidlig.self_referral")
    assert client.get(reverse("referrals:receipt", args=[wrong_salt])).status_code == 404


def test_it_answers_404_for_a_receipt_older_than_a_week(client, prevention):
    with time_machine.travel(dt.datetime(2026, 3, 2, 10, 0, tzinfo=dt.UTC), tick=False) as traveller:
        location = post_self_referral(client)["Location"]
        traveller.shift(dt.timedelta(days=7, seconds=1))
        assert client.get(location).status_code == 404


def test_it_says_the_service_is_not_set_up_without_a_prevention_unit(client, db):
    Unit.objects.create(name="PPR", kind=Unit.Kind.PPR)
    assert client.get(SELF_REFERRAL_URL).status_code == 503
    ticket = forms_public.new_ticket()
    response = client.post(SELF_REFERRAL_URL, {**SELF_REFERRAL_FORM, "ticket": ticket})
    assert response.status_code == 503
    assert "Formularen er ikke klar endnu" in response.content.decode()
    _nothing_stored()
    assert PublicSubmission.objects.count() == 0
