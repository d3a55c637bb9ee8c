"""The ladder: offers by step with demand over the last 12 months, offers nobody asks for, and the gaps
per theme and age band. Aggregates only, so analysts may see it; small counts are suppressed."""

import datetime as dt
import re

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import login
from tidlig.courses.tests.factories import make_course
from tidlig.lib.dates import today
from tidlig.offers import queries, services
from tidlig.offers.models import LadderStep, LegalBasis, Offer, Theme

pytestmark = pytest.mark.django_db


@pytest.fixture
def basis():
    return LegalBasis.objects.get_or_create(reference="Barnets lov § 30 stk. 1")[0]


@pytest.fixture
def angst():
    return Theme.objects.create(name="Angst")


def _offer(unit, actor, basis, name, **fields):
    return services.create_offer(actor=actor, unit=unit, name=name, legal_basis=basis, **fields)


def _cell(page, theme, band):
    """The text of one cell in the gap table (band 1 = 0-5 år, 2 = 6-12 år, 3 = 13-17 år)."""
    match = re.search(rf'<td id="gap-{theme.pk}-{band}">(.*?)</td>', page, re.DOTALL)
    assert match, f"no cell for {theme} in band {band}"
    return " ".join(match.group(1).split())


def _card(page, offer):
    match = re.search(rf'<li class="tidlig-card" id="offer-{offer.uuid}">(.*?)</li>', page, re.DOTALL)
    assert match, f"no card for {offer}"
    return match.group(1)


def _count(card, name):
    return re.search(rf'data-count="{name}">([^<]*)<', card).group(1)


def test_it_places_a_new_offer_on_its_step_and_closes_a_gap(client, kim, basis, angst):
    login(client, kim)
    before = client.get(reverse("offers:ladder")).content.decode()
    assert "Hul" in _cell(before, angst, 2)

    step = LadderStep.objects.get(position=2)
    response = client.post(
        reverse("offers:create"),
        {
            "name": "Mestringsluppen",
            "legal_basis": basis.pk,
            "step": step.pk,
            "themes": [angst.pk],
            "age_min": "6",
            "age_max": "12",
            "format": "group",
            "is_running": "True",
        },
    )
    assert response.status_code == 302
    offer = Offer.objects.get(name="Mestringsluppen")

    response = client.get(reverse("offers:ladder"))
    page = response.content.decode()
    assert response.status_code == 200
    section = re.search(r'<section[^>]*id="step-2".*?</section>', page, re.DOTALL).group(0)
    assert f'id="offer-{offer.uuid}"' in section
    assert "Barnets lov § 30 stk. 1" in _card(page, offer)
    assert _cell(page, angst, 2) == "Mestringsluppen"
    # 6-12 år reaches neither the small children nor the teenagers
    assert "Hul" in _cell(page, angst, 1)
    assert "Hul" in _cell(page, angst, 3)


def test_it_leaves_a_gap_open_for_a_paused_offer(client, lone, prevention, basis, angst):
    _offer(prevention, lone, basis, "Angstgruppe", themes=[angst], is_running=False)
    login(client, lone)
    page = client.get(reverse("offers:ladder")).content.decode()
    assert all("Hul" in _cell(page, angst, band) for band in (1, 2, 3))
    assert "Sat på pause" in page
    assert "Ikke placeret på trappen" in page


def test_it_counts_demand_over_the_last_12_months(client, lone, mette, prevention, basis):
    recent = _offer(prevention, lone, basis, "Familiesamtaler")
    old = _offer(prevention, lone, basis, "Forældrekursus")
    make_course(prevention, lone, mette, offer=recent, start=today() - dt.timedelta(days=61), surname="Ny")
    with time_machine.travel(dt.datetime.now(tz=dt.UTC) - dt.timedelta(days=14 * 30)):
        make_course(prevention, lone, mette, offer=old, surname="Gammel")

    ladder = queries.ladder_for(prevention)
    demand = {o.name: (o.courses_started, o.referrals, o.families_now) for o in ladder["unplaced"]}
    assert demand == {"Familiesamtaler": (1, 1, 1), "Forældrekursus": (0, 0, 1)}

    login(client, lone)
    page = client.get(reverse("offers:ladder")).content.decode()
    assert _count(_card(page, recent), "courses_started") == "under 5"
    assert _count(_card(page, old), "courses_started") == "0"
    assert _count(_card(page, old), "referrals") == "0"


def test_it_marks_a_running_offer_nobody_asks_for(client, lone, mette, prevention, basis):
    unused = _offer(prevention, lone, basis, "Søskendegruppe")
    paused = _offer(prevention, lone, basis, "Gammelt tilbud", is_running=False)
    used = _offer(prevention, lone, basis, "Familiesamtaler")
    make_course(prevention, lone, mette, offer=used)

    login(client, lone)
    page = client.get(reverse("offers:ladder")).content.decode()

    badge = "Ingen efterspørgsel det seneste år"
    assert badge in _card(page, unused)
    assert badge not in _card(page, paused)
    assert badge not in _card(page, used)
    assert [o.name for o in queries.ladder_for(prevention)["unused"]] == ["Søskendegruppe"]


def test_it_shows_small_family_counts_as_under_5(client, ali, lone, mette, prevention, basis):
    offer = _offer(prevention, lone, basis, "Familiesamtaler")
    make_course(prevention, lone, mette, offer=offer)

    login(client, ali)
    response = client.get(reverse("offers:ladder"))

    page = response.content.decode()
    assert response.status_code == 200
    card = _card(page, offer)
    assert _count(card, "families_now") == "under 5"
    assert _count(card, "courses_started") == "under 5"
    assert _count(card, "waiting") == "0"
    assert "Lund" not in page  # the family's surname: no personal data on the ladder
    assert "Emil" not in page


def test_it_shows_the_analyst_the_prevention_units_ladder(client, ali, lone, prevention, ppr, basis):
    _offer(prevention, lone, basis, "Familiesamtaler")
    login(client, ali)
    page = client.get(reverse("offers:ladder")).content.decode()
    assert "Tidlig Forebyggelse" in page
    assert "Familiesamtaler" in page
    assert reverse("offers:edit", args=[Offer.objects.get().uuid]) not in page


def test_it_keeps_partners_off_the_ladder(client, pia):
    login(client, pia)
    assert client.get(reverse("offers:ladder")).status_code == 403


def test_it_runs_a_constant_number_of_queries(client, lone, mette, prevention, basis, angst):
    login(client, lone)
    step = LadderStep.objects.get(position=1)

    def count():
        client.get(reverse("offers:ladder"))
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("offers:ladder")).status_code == 200
        return len(ctx.captured_queries)

    def grow(n, prefix):
        for i in range(n):
            offer = _offer(prevention, lone, basis, f"{prefix}{i}", step=step, themes=[angst])
            make_course(prevention, lone, mette, offer=offer, surname=f"{prefix}{i}")

    grow(2, "Få")
    few = count()
    grow(10, "Mange")
    assert count() == few
