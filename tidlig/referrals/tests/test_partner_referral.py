"""A partner refers a child of their own class, with the guardian's consent recorded in the same step."""

import pytest
from django.urls import reverse

from conftest import login, make_user
from tidlig.accounts.models import Institution, InstitutionGroup, User
from tidlig.audit.models import AccessLog
from tidlig.consent.models import Consent
from tidlig.people.models import Child, Guardian, Household
from tidlig.referrals.forms_intake import NO_CONSENT, NO_CONTACT, TOKEN_INVALID
from tidlig.referrals.models import Referral
from tidlig.referrals.tests.factories import partner_referral_form, partner_referral_url

pytestmark = pytest.mark.django_db


def assert_nothing_stored():
    assert not Household.objects.exists()
    assert not Child.objects.exists()
    assert not Guardian.objects.exists()
    assert not Referral.objects.exists()
    assert not Consent.objects.exists()
    assert not AccessLog.objects.filter(event__in=["referral.received", "consent.given"]).exists()


def test_it_shows_the_form_with_a_one_time_token(client, pia, class_4a, prevention):
    login(client, pia)
    response = client.get(partner_referral_url(class_4a))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Henvis et barn fra 4.A, Nordskolen" in page
    assert 'name="submission_token" value="' in page
    assert "Forælderen har givet samtykke til, at skolen/dagtilbuddet deler disse oplysninger" in page
    assert not Referral.objects.exists()


def test_it_receives_a_referral_with_consent(client, pia, class_4a, school, prevention):
    login(client, pia)
    response = client.post(partner_referral_url(class_4a), partner_referral_form())

    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    referral = Referral.objects.get()
    assert referral.door == Referral.Door.PARTNER
    assert referral.source == Referral.Source.SCHOOL
    assert referral.channel == Referral.Channel.WEB
    assert referral.unit == prevention
    assert referral.referred_by == pia
    assert referral.referrer_description == "Lærer, Nordskolen"
    assert referral.concern.startswith("Ida er stille i klassen")
    child = Child.objects.get()
    assert (child.first_name, child.institution_group) == ("Ida", class_4a)
    guardian = Guardian.objects.get()
    relation = guardian.relations.get()
    assert (relation.child, relation.relation, relation.has_custody) == (child, "mother", True)
    consent = Consent.objects.get()
    assert consent.given_by == guardian
    assert consent.given_how == Consent.GivenHow.ORAL
    assert consent.recorded_by == pia
    assert list(consent.recipient_units.all()) == [prevention]
    assert list(consent.recipient_institutions.all()) == [school]
    assert list(consent.children.all()) == [child]
    received = AccessLog.objects.get(event="referral.received")
    assert received.actor == pia
    assert received.object_id == str(referral.uuid)
    assert AccessLog.objects.get(event="consent.given").actor == pia
    messages = [str(m) for m in response.wsgi_request._messages]
    assert any(referral.reference in m for m in messages)


def test_it_shares_back_only_when_the_parent_said_yes(client, pia, class_4a, prevention):
    login(client, pia)
    client.post(partner_referral_url(class_4a), partner_referral_form(share_back=None))
    consent = Consent.objects.get()
    assert list(consent.recipient_units.all()) == [prevention]
    assert not consent.recipient_institutions.exists()


def test_it_marks_a_daycare_referral_as_from_a_daycare(client, prevention):
    daycare = Institution.objects.create(name="Solsikken", kind=Institution.Kind.DAYCARE)
    group = InstitutionGroup.objects.create(institution=daycare, name="Mellemstuen")
    pedagogue = make_user("bente", User.Role.PARTNER, institution=daycare, title="")
    login(client, pedagogue)
    response = client.post(
        partner_referral_url(group), partner_referral_form(**{"child-birth_date": "2021-01-10"})
    )
    assert response.status_code == 302
    referral = Referral.objects.get()
    assert referral.source == Referral.Source.DAYCARE
    assert referral.referrer_description == "Samarbejdspartner, Solsikken"


def test_it_refuses_a_referral_without_consent(client, pia, class_4a, prevention):
    login(client, pia)
    response = client.post(partner_referral_url(class_4a), partner_referral_form(consent=None))
    page = response.content.decode()
    assert response.status_code == 200
    assert str(NO_CONSENT) in page
    assert "Intet er gemt endnu" in page
    assert_nothing_stored()


def test_it_answers_404_for_another_schools_class(client, pia, per, class_2b, prevention):
    login(client, pia)
    response = client.post(partner_referral_url(class_2b), partner_referral_form())
    assert response.status_code == 404
    denied = AccessLog.objects.get(action=AccessLog.Action.DENIED)
    assert denied.actor == pia
    assert denied.object_id == str(class_2b.uuid)
    assert_nothing_stored()
    assert client.get(partner_referral_url(class_2b)).status_code == 404


@pytest.mark.parametrize("persona", ["mette", "ali", "kim"])
def test_it_refuses_anyone_but_a_partner(client, request, persona, class_4a, prevention):
    user = request.getfixturevalue(persona)
    login(client, user)
    assert client.get(partner_referral_url(class_4a)).status_code == 403
    assert client.post(partner_referral_url(class_4a), partner_referral_form()).status_code == 403
    assert AccessLog.objects.filter(action=AccessLog.Action.DENIED, actor=user).count() == 2
    assert_nothing_stored()


def test_it_asks_anonymous_visitors_to_log_in(client, class_4a):
    response = client.get(partner_referral_url(class_4a))
    assert response.status_code == 302
    assert "login" in response["Location"] or "log-ind" in response["Location"]


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("child-birth_date", "2999-01-01", "Fødselsdatoen ligger i fremtiden."),
        ("child-birth_date", "1900-01-01", "Tidlig er for børn og unge under 25 år"),
        ("child-birth_date", "", "Dette felt er påkrævet"),
        ("child-birth_date", "31-02-2016", "gyldig dato"),
        ("child-first_name", "<script>alert(1)</script>", "må ikke indeholde tegnene &lt; og &gt;"),
        ("child-last_name", "", "Dette felt er påkrævet"),
        ("guardian-phone", "12", "Skriv et telefonnummer"),
        ("guardian-phone", "", str(NO_CONTACT)),
        ("guardian-relation", "uncle", "Marker en gyldig valgmulighed"),
        ("concern", "x" * 50_000, "højst 5000 tegn (den har 50000)"),
        ("concern", "", "Beskriv bekymringen"),
        ("concern", "Ida er ked af det\x00", "Null-tegn"),
        ("concern", "Ida er ked af det\u202e", "usynlige styretegn"),
        ("given_how", None, "Vælg, hvordan forælderen har givet samtykke."),
        ("given_how", "telepathy", "Marker en gyldig valgmulighed"),
        ("submission_token", None, str(TOKEN_INVALID)),
        ("submission_token", "<x>", str(TOKEN_INVALID)),
    ],
)
def test_it_refuses_bad_input_with_a_danish_message(client, pia, class_4a, prevention, field, value, message):
    login(client, pia)
    response = client.post(partner_referral_url(class_4a), partner_referral_form(**{field: value}))
    page = response.content.decode()
    assert response.status_code == 200
    assert message in page
    assert "<script>alert(1)</script>" not in page
    assert_nothing_stored()


def test_it_shows_script_tags_in_the_concern_as_text(client, pia, class_4a, prevention):
    login(client, pia)
    concern = "<script>alert(1)</script> Ida græder"
    response = client.post(
        partner_referral_url(class_4a), partner_referral_form(concern=concern, consent=None)
    )
    page = response.content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Ida græder" in page
    assert "<script>alert(1)</script>" not in page
    assert_nothing_stored()

    client.post(partner_referral_url(class_4a), partner_referral_form(concern=concern))
    assert Referral.objects.get().concern == concern  # plain text, stored as typed; escaped on output


def test_it_keeps_the_token_when_the_form_comes_back_with_errors(client, pia, class_4a, prevention):
    login(client, pia)
    data = partner_referral_form(consent=None)
    page = client.post(partner_referral_url(class_4a), data).content.decode()
    assert f'name="submission_token" value="{data["submission_token"]}"' in page


def test_it_makes_one_referral_of_a_double_click(client, pia, class_4a, prevention):
    login(client, pia)
    data = partner_referral_form()
    first = client.post(partner_referral_url(class_4a), data)
    second = client.post(partner_referral_url(class_4a), data)
    assert first.status_code == second.status_code == 302
    assert Referral.objects.count() == 1
    assert Household.objects.count() == 1
    assert Consent.objects.count() == 1
    assert AccessLog.objects.filter(event="referral.received").count() == 1

    client.post(
        partner_referral_url(class_4a), partner_referral_form()
    )  # a new form, a new token: a second referral
    assert Referral.objects.count() == 2


def test_it_explains_when_there_is_no_unit_to_receive_it(client, pia, class_4a):
    login(client, pia)
    response = client.post(partner_referral_url(class_4a), partner_referral_form())
    assert response.status_code == 503
    assert "Henvisning er ikke mulig lige nu" in response.content.decode()
    assert_nothing_stored()
