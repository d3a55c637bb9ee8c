"""The coordinator or leader registers a referral that came by phone, e-mail, in person or from intake."""

import pytest
from django.urls import reverse

from conftest import login
from tidlig.audit.models import AccessLog
from tidlig.people.models import Child, Guardian, Household
from tidlig.referrals.forms_intake import new_submission_token
from tidlig.referrals.models import Referral

pytestmark = pytest.mark.django_db
URL = reverse("referrals:staff_referral")


def good(**changes) -> dict:
    data = {
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
        "child-cpr": "",
        "child-institution_group": "",
        "guardian-first_name": "Anne",
        "guardian-last_name": "Holm",
        "guardian-phone": "12345678",
        "guardian-email": "anne@example.dk",
        "guardian-relation": "mother",
        "guardian-has_custody": "on",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def test_it_shows_the_form(client, kim):
    login(client, kim)
    response = client.get(URL)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Registrér en henvendelse" in page
    assert 'name="submission_token" value="' in page
    assert "Fra Modtagelsen" in page


def test_it_registers_a_phone_referral_from_the_health_visitor(client, kim, prevention, class_4a):
    login(client, kim)
    response = client.post(URL, good(**{"child-institution_group": str(class_4a.pk)}))

    referral = Referral.objects.get()
    assert response.status_code == 302
    assert response["Location"] == referral.get_absolute_url()
    assert referral.door == Referral.Door.STAFF
    assert referral.source == Referral.Source.HEALTH_VISITOR
    assert referral.channel == Referral.Channel.PHONE
    assert referral.wish == Referral.Wish.COURSE
    assert referral.referred_by == kim
    assert referral.unit == prevention
    assert referral.referrer_description == "Sundhedsplejerske Birgit"
    assert referral.contact_preference == "Efter kl. 15 på telefon"
    child = Child.objects.get()
    assert (child.first_name, child.institution_group, child.has_cpr) == ("Ida", class_4a, False)
    relation = Guardian.objects.get().relations.get()
    assert (relation.child, relation.has_custody) == (child, True)
    log = AccessLog.objects.get(event="referral.received")
    assert log.actor == kim
    assert log.detail == {"door": "staff", "source": "health_visitor", "channel": "phone", "cpr_given": False}
    assert not AccessLog.objects.filter(event="child.changed").exists()


def test_it_lets_the_leader_register_a_parents_own_call(client, lone, prevention):
    login(client, lone)
    data = good(source="self", referrer_description="mor", **{"guardian-has_custody": None})
    response = client.post(URL, data)
    referral = Referral.objects.get()
    assert response.status_code == 302
    assert (referral.source, referral.channel, referral.referred_by) == ("self", "phone", lone)
    assert Guardian.objects.get().relations.get().has_custody is False


def test_it_stores_a_valid_cpr_encrypted(client, kim, prevention):
    login(client, kim)
    response = client.post(URL, good(**{"child-cpr": "020519-4123"}))
    assert response.status_code == 302
    child = Child.objects.get()
    assert child.cpr == "0205194123"
    assert "0205194123" not in child.cpr_encrypted
    received = AccessLog.objects.get(event="referral.received")
    assert received.actor == kim
    assert received.detail["cpr_given"] is True
    assert "0205194123" not in str(received.detail)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("child-cpr", "02051912", "Skriv CPR-nummeret som 10 cifre"),
        ("child-cpr", "020519-1234", "CPR-nummerets dato passer ikke"),
        ("child-birth_date", "2999-01-01", "Fødselsdatoen ligger i fremtiden."),
        ("child-birth_date", "1950-01-01", "under 25 år"),
        ("guardian-last_name", "<b>Holm</b>", "må ikke indeholde tegnene"),
        ("guardian-email", "nope", "gyldig e-mail-adresse"),
        ("concern", "x" * 50_000, "højst 5000 tegn"),
        ("concern", "\x00", "Null-tegn"),
        ("channel", "web", "Marker en gyldig valgmulighed"),
        ("source", "gossip", "Marker en gyldig valgmulighed"),
        ("submission_token", "", "Formularen kunne ikke genkendes"),
    ],
)
def test_it_refuses_bad_input_and_stores_nothing(client, kim, prevention, field, value, message):
    login(client, kim)
    response = client.post(URL, good(**{field: value}))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Household.objects.exists()
    assert not Child.objects.exists()
    assert not Referral.objects.exists()
    assert not AccessLog.objects.filter(event__in=["referral.received", "child.changed"]).exists()


def test_it_makes_one_referral_of_a_double_click(client, kim, prevention):
    login(client, kim)
    data = good(**{"child-cpr": "0205194123"})
    first = client.post(URL, data)
    second = client.post(URL, data)
    referral = Referral.objects.get()
    assert first["Location"] == second["Location"] == referral.get_absolute_url()
    assert Household.objects.count() == 1
    assert AccessLog.objects.filter(event="referral.received").count() == 1
    assert Child.objects.get().cpr == "0205194123"


@pytest.mark.parametrize("persona", ["mette", "pia", "ali"])
def test_it_refuses_workers_partners_and_analysts(client, request, persona, prevention):
    user = request.getfixturevalue(persona)
    login(client, user)
    assert client.get(URL).status_code == 403
    assert client.post(URL, good()).status_code == 403
    assert not Referral.objects.exists()
    assert AccessLog.objects.filter(action=AccessLog.Action.DENIED, actor=user).count() == 2
