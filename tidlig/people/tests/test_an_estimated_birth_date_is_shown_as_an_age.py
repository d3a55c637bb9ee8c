"""A field that records a fact starts empty, and an estimate is never shown as a fact: a parent's "9 år" is
stored as an estimated birth date and shown as "ca. 9 år" everywhere, until someone enters the real date."""

import datetime as dt

import pytest
from django.urls import reverse

from conftest import login
from tidlig.lib.dates import today
from tidlig.people.models import Child
from tidlig.referrals import services
from tidlig.referrals.tests.factories import make_referral

pytestmark = pytest.mark.django_db


@pytest.fixture
def ida(prevention):
    estimate = dt.date(today().year - 9, 1, 1)
    referral = make_referral(
        prevention,
        children=[
            services.ChildIn(first_name="Ida", last_name="", birth_date=estimate, birth_date_is_estimate=True)
        ],
    )
    return referral.household.children.get()


def _page(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return " ".join(response.content.decode().split())


def test_it_shows_an_age_given_by_the_family_as_an_age_not_a_date(client, lone, ida):
    login(client, lone)
    for url in (
        ida.household.get_absolute_url(),
        ida.get_absolute_url(),
        reverse("referrals:board"),
        reverse("people:household_list"),
    ):
        html = _page(client, url)
        assert "ca. 9" in html, url
        assert "1. januar" not in html, url
    assert "Ikke oplyst. Familien har oplyst alderen: ca. 9 år." in _page(client, ida.get_absolute_url())


def test_the_edit_form_starts_empty_and_keeps_the_estimate_until_a_date_is_given(client, lone, ida):
    login(client, lone)
    url = reverse("people:child_edit", args=[ida.uuid])
    html = _page(client, url)
    assert 'name="birth_date"' in html
    assert ida.birth_date.isoformat() not in html  # the estimate is not offered as a date
    assert "Familien har kun oplyst alderen (ca. 9 år)." in html
    data = {"first_name": "Ida", "last_name": "Lund", "birth_date": "", "cpr": "", "version": "1"}
    assert client.post(url, data).status_code == 302
    ida.refresh_from_db()
    assert (ida.last_name, ida.birth_date_is_estimate) == ("Lund", True)

    real = dt.date(today().year - 9, 3, 14)
    data.update(birth_date=real.isoformat(), version=str(ida.version))
    assert client.post(url, data).status_code == 302
    ida.refresh_from_db()
    assert (ida.birth_date, ida.birth_date_is_estimate) == (real, False)
    assert "14. marts" in _page(client, ida.get_absolute_url())


def test_a_known_birth_date_stays_required(client, lone, mette_family, emma):
    login(client, lone)
    url = reverse("people:child_edit", args=[emma.uuid])
    data = {"first_name": "Emma", "last_name": "Holm", "birth_date": "", "cpr": "", "version": "1"}
    assert client.post(url, data).status_code == 200
    assert Child.objects.get(pk=emma.pk).birth_date == emma.birth_date
