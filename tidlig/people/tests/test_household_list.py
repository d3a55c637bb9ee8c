"""The families list: a page at a time, by name, and only the page's families logged as read."""

import datetime as dt

import pytest
from django.urls import reverse

from conftest import login
from tidlig.audit.models import AccessLog
from tidlig.people import queries
from tidlig.people.models import Child, Household

pytestmark = pytest.mark.django_db


def test_it_lists_the_units_families_a_page_at_a_time_and_logs_only_that_page(
    client, lone, prevention, monkeypatch
):
    monkeypatch.setattr(queries, "LIST_PAGE_SIZE", 2)
    for name in ("Familien Cederholm", "Familien Ahl", "Familien Bak"):
        household = Household.objects.create(name=name, unit=prevention)
        Child.objects.create(
            household=household, first_name="Alma", last_name=name.split()[-1], birth_date=dt.date(2016, 5, 1)
        )
    login(client, lone)
    first = client.get(reverse("people:household_list"))
    assert first.status_code == 200
    assert "Side 1 af 2" in first.content.decode()
    second = client.get(reverse("people:household_list") + "?side=2")
    names = [h.name for h in first.context["households"]] + [h.name for h in second.context["households"]]
    assert names == ["Familien Ahl", "Familien Bak", "Familien Cederholm"]
    logs = AccessLog.objects.filter(event="people.household.list", actor=lone).order_by("id")
    assert [log.subjects.count() for log in logs] == [2, 1]


def test_it_names_the_current_worker_and_says_not_assigned_when_the_worker_has_left(
    client, lone, mette, mette_family
):
    login(client, lone)
    page = client.get(reverse("people:household_list")).content.decode()
    assert str(mette) in page
    assert "Ikke tildelt" not in page
    mette_family.assignments.update(ended_at=dt.datetime(2026, 1, 5, 12, tzinfo=dt.UTC))
    page = client.get(reverse("people:household_list")).content.decode()
    assert "Ikke tildelt" in page
