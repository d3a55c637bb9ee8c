"""Referrals reach the right unit: which unit receives the public form and each institution's referrals is
the administrator's setting. A second unit takes nothing over by itself; with two candidates and no
setting, the doors say they are closed and store nothing (decision 0022)."""

import pytest
from django.urls import reverse

from conftest import login
from tidlig.accounts import services_organisation
from tidlig.accounts.models import Unit
from tidlig.referrals.models import Referral
from tidlig.referrals.tests.factories import partner_referral_form, partner_referral_url, post_self_referral

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_fill_delay")]  # not about the fill time


@pytest.fixture
def second(db) -> Unit:
    """A second prevention unit whose name sorts first: the old rule would have given it every door."""
    return Unit.objects.create(name="Forebyggelse Nord", kind=Unit.Kind.PREVENTION)


def test_the_public_form_goes_to_the_chosen_unit_not_the_first_by_name(
    client, admin_user, prevention, second
):
    services_organisation.update_unit(
        prevention, actor=admin_user, version=prevention.version, receives_public_referrals=True
    )
    assert post_self_referral(client).status_code == 302
    assert Referral.objects.get().unit == prevention
    services_organisation.update_unit(
        second, actor=admin_user, version=second.version, receives_public_referrals=True
    )
    prevention.refresh_from_db()
    assert not prevention.receives_public_referrals, "one unit receives the public form"
    assert post_self_referral(client).status_code == 302
    assert Referral.objects.latest("id").unit == second


def test_each_institution_refers_to_its_own_unit(
    client, admin_user, pia, per, class_4a, class_2b, prevention, second
):
    school, other_school = class_4a.institution, class_2b.institution
    services_organisation.update_institution(
        school, actor=admin_user, version=school.version, referral_unit=second
    )
    services_organisation.update_institution(
        other_school, actor=admin_user, version=other_school.version, referral_unit=prevention
    )
    login(client, pia)
    assert client.post(partner_referral_url(class_4a), partner_referral_form()).status_code == 302
    login(client, per)
    data = partner_referral_form(**{"child-first_name": "Oskar", "child-last_name": "Berg"})
    assert client.post(partner_referral_url(class_2b), data).status_code == 302
    units = dict(Referral.objects.values_list("referred_by__username", "unit__name"))
    assert units == {"pia": "Forebyggelse Nord", "per": "Tidlig Forebyggelse"}


def test_two_units_and_no_setting_close_the_doors_rather_than_guess(
    client, pia, class_4a, prevention, second
):
    response = client.get(reverse("referrals:self_referral"))
    assert response.status_code == 503
    assert "Formularen er ikke klar endnu" in response.content.decode()
    login(client, pia)
    response = client.post(partner_referral_url(class_4a), partner_referral_form())
    assert response.status_code == 503
    assert "administrator har endnu ikke valgt" in response.content.decode()
    assert not Referral.objects.exists()


def test_a_single_prevention_unit_receives_until_the_administrator_chooses(client, prevention):
    assert post_self_referral(client).status_code == 302
    assert Referral.objects.get().unit == prevention


def test_the_administrator_sees_which_unit_receives_each_door(client, admin_user, school, prevention, second):
    services_organisation.update_institution(
        school, actor=admin_user, version=school.version, referral_unit=second
    )
    login(client, admin_user)
    page = " ".join(client.get(reverse("accounts:admin_home")).content.decode().split())
    assert "Ingen: formularen er lukket, til du vælger en enhed." in page
    assert "Henvisninger fra Nordskolen" in page
    assert "Forebyggelse Nord" in page


def test_the_migration_keeps_todays_receiving_unit(db):
    """The migration names the unit that received everything before (the first prevention unit by name)."""
    from importlib import import_module

    from django.apps import apps

    from tidlig.accounts.models import Institution

    migration = import_module("tidlig.accounts.migrations.0003_referral_doors_versions_password_change")
    first = Unit.objects.create(name="A-enheden", kind=Unit.Kind.PREVENTION)
    Unit.objects.create(name="B-enheden", kind=Unit.Kind.PREVENTION)
    school = Institution.objects.create(name="Østskolen", kind=Institution.Kind.SCHOOL)
    migration.keep_todays_receiving_unit(apps, None)
    first.refresh_from_db()
    school.refresh_from_db()
    assert first.receives_public_referrals
    assert school.referral_unit == first
