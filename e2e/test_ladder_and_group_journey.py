"""The offers and the groups, end to end: Kim sees on the ladder that nothing helps children of 6-12 with
anxiety, adds "Modige børn" to the catalogue and sees the gap close; Sofie records a session on her group,
two of three came and answered the group alliance scale, and the group page shows it."""

import datetime as dt

import pytest
from django.utils import dateformat, translation
from playwright.sync_api import expect

from conftest import PASSWORD
from e2e.conftest import assert_accessible, login
from tidlig.groups import services as group_services
from tidlig.groups.models import Group
from tidlig.lib.dates import today
from tidlig.offers.models import LadderStep, LegalBasis, Offer, Theme
from tidlig.people.models import Child, Guardian, GuardianRelation, Household, HouseholdAssignment

# why: serialized_rollback restores the rows migrations made (ladder steps, instruments), which
# the flush after a transactional test would otherwise take from every later test on the worker
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

LEGAL_BASIS = "Barnets lov § 30 stk. 2"
STEPS = [(1, "Trivsel og sundhedsfremme"), (2, "Forebygge"), (3, "Foranstalte"), (4, "Anbringe")]
GROUP_NAME = "Mestringsluppen efterår"
CHILDREN = [("Ida", 9), ("Oliver", 10), ("Freja", 11)]  # the group alliance scale is from age 8


@pytest.fixture
def catalogue(prevention) -> dict:
    """What the migrations would have made (a transactional test flushes it) and what the unit runs."""
    for position, name in STEPS:
        LadderStep.objects.get_or_create(position=position, defaults={"name": name})
    legal_basis = LegalBasis.objects.create(reference=LEGAL_BASIS)
    Theme.objects.create(name="Angst")
    group_offer = Offer.objects.create(
        name="Mestringsluppen",
        description="Et gruppeforløb for børn og forældre.",
        legal_basis=legal_basis,
        format=Offer.Format.GROUP,
        unit=prevention,
        step=LadderStep.objects.get(position=2),
        age_min=8,
        age_max=12,
    )
    return {"group_offer": group_offer}


@pytest.fixture
def sofie_group(prevention, kim, sofie, catalogue) -> Group:
    """Sofie's group, started two weeks ago, with the three children of Familien Nielsen on it."""
    on = today()
    group = group_services.create_group(
        actor=kim,
        offer=catalogue["group_offer"],
        name=GROUP_NAME,
        starts_on=on - dt.timedelta(days=14),
        ends_on=on + dt.timedelta(days=60),
        capacity=8,
        leaders=[sofie],
        place="Familiehuset",
    )
    household = Household.objects.create(name="Familien Nielsen", unit=prevention)
    HouseholdAssignment.objects.create(household=household, worker=sofie)
    mother = Guardian.objects.create(household=household, first_name="Lene", last_name="Nielsen")
    for first_name, age in CHILDREN:
        child = Child.objects.create(
            household=household,
            first_name=first_name,
            last_name="Nielsen",
            birth_date=dt.date(on.year - age, 1, 1),  # turned `age` on New Year's Day
        )
        GuardianRelation.objects.create(guardian=mother, child=child, relation="mother", has_custody=True)
        group_services.enroll(group, actor=sofie, child=child)
    return group


def _menu(page, name: str) -> None:
    page.get_by_role("navigation", name="Hovedmenu").get_by_role("link", name=name, exact=True).click()


def _log_out(page) -> None:
    with page.expect_navigation():
        page.get_by_role("button", name="Log ud").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Log ind i Tidlig")


def _angst_6_to_12(page):
    gaps = page.get_by_role("table", name="Tilbud pr. tema og aldersgruppe")
    expect(gaps.get_by_role("columnheader")).to_have_text(["Tema", "0-5 år", "6-12 år", "13-17 år"])
    row = gaps.get_by_role("row").filter(has=page.get_by_role("rowheader", name="Angst", exact=True))
    return row.get_by_role("cell").nth(1)  # the cells after the row header: 0-5, 6-12, 13-17 år


def _kim_sees_the_gap(page, live_server) -> None:
    login(page, live_server, "kim", PASSWORD)
    _menu(page, "Tilbud")
    expect(page.get_by_role("heading", level=1)).to_have_text("Indsatstrappen")
    expect(_angst_6_to_12(page)).to_have_text("Hul")
    forebygge = page.get_by_role("region", name="2. Forebygge")
    expect(forebygge.get_by_role("heading", name="Mestringsluppen")).to_be_visible()
    expect(forebygge.get_by_role("heading", name="Modige børn")).to_have_count(0)
    assert_accessible(page)


def _kim_adds_an_offer(page) -> None:
    page.get_by_role("link", name="Gå til tilbudskataloget").click()  # linked from the ladder
    expect(page.get_by_role("heading", level=1)).to_have_text("Tilbudskatalog")
    assert_accessible(page)
    page.get_by_role("link", name="Nyt tilbud").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Nyt tilbud")
    page.get_by_label("Navn", exact=True).fill("Modige børn")
    page.get_by_label("Beskrivelse til familier").fill(
        "Et forløb for børn, der er bange, og deres forældre. Vi øver os i at gøre det svære lidt ad gangen."
    )
    page.get_by_label("Lovgrundlag").select_option(label=LEGAL_BASIS)
    page.get_by_label("Trin på indsatstrappen").select_option(label="2. Forebygge")
    page.get_by_role("group", name="Temaer").get_by_label("Angst").check()
    page.get_by_label("Fra alder (år)").fill("6")
    page.get_by_label("Til alder (år)").fill("12")
    page.get_by_role("group", name="Form").get_by_label("Individuelt", exact=True).check()
    page.get_by_label("Højst antal kontakter").fill("8")
    page.get_by_label("Heraf højst netværksmøder").fill("1")
    page.get_by_role("group", name="Status").get_by_label("I gang").check()
    assert_accessible(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Gem tilbuddet").click()
    expect(page.get_by_text("Tilbuddet “Modige børn” er oprettet.")).to_be_visible()
    row = page.get_by_role("row").filter(has=page.get_by_role("link", name="Modige børn"))
    expect(row).to_contain_text("2. Forebygge")
    expect(row).to_contain_text(LEGAL_BASIS)
    expect(row).to_contain_text("6-12 år")
    assert_accessible(page)


def _kim_sees_the_gap_closed(page) -> None:
    _menu(page, "Tilbud")
    forebygge = page.get_by_role("region", name="2. Forebygge")
    card = forebygge.get_by_role("listitem").filter(has=page.get_by_role("heading", name="Modige børn"))
    expect(card).to_be_visible()
    expect(card).to_contain_text(LEGAL_BASIS)
    expect(card).to_contain_text("Individuelt")
    expect(card).to_contain_text("6-12 år")
    expect(card).to_contain_text("Angst")
    cell = _angst_6_to_12(page)
    expect(cell).to_have_text("Modige børn")
    expect(cell.get_by_text("Hul")).to_have_count(0)
    assert_accessible(page)
    _log_out(page)


def _sofie_records_a_session(page, live_server) -> None:
    login(page, live_server, "sofie", PASSWORD)
    _menu(page, "Hold")
    expect(page.get_by_role("heading", level=1)).to_have_text("Hold")
    page.get_by_role("link", name=GROUP_NAME).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(GROUP_NAME)
    expect(page.get_by_text("3 af 8 tilmeldt")).to_be_visible()
    expect(page.get_by_text("Der er ingen gruppemøder endnu.")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Registrér gruppemøde").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Gruppemøde på {GROUP_NAME}")
    ida = page.get_by_role("group", name="Ida Nielsen")
    oliver = page.get_by_role("group", name="Oliver Nielsen")
    freja = page.get_by_role("group", name="Freja Nielsen")
    ida.get_by_label("Mødt").check()
    oliver.get_by_label("Mødt").check()
    expect(freja.get_by_label("Mødt")).not_to_be_checked()  # nobody is ticked at first; Freja stayed home
    answers = {ida: ["8", "8", "8", "8"], oliver: ["8", "7.5", "7.5", "8"]}  # totals 32 and 31
    items = [
        "Jeg følte mig hørt og respekteret af lederne og de andre",
        "Vi arbejdede med det, jeg gerne ville",
        "Måden, holdet arbejdede på, passede til mig",
        "Alt i alt var dagens møde godt for mig",
    ]
    for participant, values in answers.items():
        for item, value in zip(items, values, strict=True):
            participant.get_by_label(item).fill(value)
    assert_accessible(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Gem gruppemødet").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(GROUP_NAME)
    expect(page.get_by_text("er gemt: 2 af 3 mødt, 2 har svaret.")).to_be_visible()
    sessions = page.get_by_role("table", name="Gruppemøder")
    expect(sessions.get_by_role("columnheader")).to_have_text(
        ["Dato", "Spor", "Fremmøde", "Samarbejde (gennemsnit)", "Har svaret"]
    )
    session_rows = sessions.locator("tbody").get_by_role("row")
    expect(session_rows).to_have_count(1)
    expect(session_rows.get_by_role("cell")).to_have_text(
        [_danish_date(today()), "Hele holdet", "2 af 3", "31,5", "2"]
    )
    assert_accessible(page)


def _danish_date(on: dt.date) -> str:
    with translation.override("da"):
        return dateformat.format(on, "j. F Y")


@pytest.mark.slow
def test_a_gap_on_the_ladder_is_closed_and_a_group_session_is_recorded(
    page, live_server, prevention, kim, sofie, catalogue, sofie_group
):
    _kim_sees_the_gap(page, live_server)
    _kim_adds_an_offer(page)
    _kim_sees_the_gap_closed(page)
    _sofie_records_a_session(page, live_server)
