"""load_demo: the synthetic demo municipality, only in demo mode, loaded once."""

import io
import re

import pytest
import time_machine
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command

from tidlig.accounts.models import Institution, Unit, User
from tidlig.consent.models import Consent
from tidlig.demo.management.commands.load_demo import NOT_DEMO_MODE
from tidlig.demo.municipality import LOGINS
from tidlig.demo.tests.days import DAYS, moment
from tidlig.people.models import Child, Guardian, Household, HouseholdAssignment
from tidlig.people.queries import children_visible_to, households_visible_to

USERNAMES = [staff.username for staff in LOGINS]


def load_demo() -> str:
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def counts() -> dict[str, int]:
    return {
        model.__name__: model.objects.count()
        for model in (
            Unit,
            Institution,
            User,
            Household,
            Child,
            Guardian,
            HouseholdAssignment,
            Consent,
        )
    }


@pytest.mark.django_db
def test_it_refuses_without_demo_mode(settings):
    settings.DEMO = False

    with pytest.raises(CommandError, match=re.escape(NOT_DEMO_MODE)):
        load_demo()

    assert not User.objects.exists()
    assert not Household.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("day", DAYS, ids=str)
def test_it_loads_the_demo_municipality(settings, day):
    settings.DEMO = True

    with time_machine.travel(moment(day), tick=True):
        output = load_demo()

        assert "Demo-kommunen er indlæst" in output
        assert Unit.objects.count() == 5
        assert Institution.objects.count() == 5
        assert 18 <= User.objects.filter(role=User.Role.WORKER).count() <= 22
        assert 250 <= Child.objects.count() <= 350
        assert not Child.objects.exclude(cpr_encrypted="").exists()
        assert not Child.objects.exclude(cpr_digest="").exists()
        assert not User.objects.filter(is_demo=False).exists()
        assert set(User.objects.values_list("role", flat=True)) == set(User.Role.values)
        for username in USERNAMES:
            assert authenticate(username=username, password="demo") is not None, username
            assert username in output
        for worker in User.objects.filter(role=User.Role.WORKER):
            assert 6 <= worker.capacity <= 12
            assert 1 <= worker.competences.count() <= 3
            assert worker.assignments.filter(ended_at__isnull=True).count() <= worker.capacity
        mette, pia = User.objects.get(username="mette"), User.objects.get(username="pia")
        assert 4 <= households_visible_to(mette).count() <= 8
        assert children_visible_to(pia).exists()
        assert children_visible_to(pia).filter(household__in=households_visible_to(mette)).exists()
        assert children_visible_to(pia).exclude(household__in=households_visible_to(mette)).exists()
        assert Consent.objects.filter(recorded_by=mette, withdrawn_at__isnull=True).count() == 3
        assert Consent.objects.filter(withdrawn_at__isnull=False).exclude(withdrawal_reason="").count() == 1
        assert not Guardian.objects.exclude(email="").exclude(email__endswith="@example.dk").exists()


@pytest.mark.django_db
def test_it_is_idempotent(settings):
    settings.DEMO = True
    load_demo()
    before = counts()

    output = load_demo()

    assert "Demo-kommunen findes allerede" in output
    assert counts() == before


@pytest.mark.django_db
def test_demo_logins_fail_when_demo_mode_is_off(settings):
    settings.DEMO = True
    load_demo()

    settings.DEMO = False

    for username in USERNAMES:
        assert authenticate(username=username, password="demo") is None, username
