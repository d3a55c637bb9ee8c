"""The door in, end to end: a parent asks for help on a phone; Kim screens it; Lone triages it to Mette
at the board; Mette sees the family, records the first contact, and the deadline disappears."""

import pytest
from django.utils import dateformat, translation
from playwright.sync_api import expect

from conftest import PASSWORD
from e2e.conftest import assert_accessible, login
from tidlig.accounts.models import User
from tidlig.referrals import forms_public
from tidlig.referrals.models import Referral

# why: serialized_rollback restores the rows migrations made (ladder steps, instruments), which
# the flush after a transactional test would otherwise take from every later test on the worker
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def phone(browser):
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True, locale="da-DK"
    )
    yield context.new_page()
    context.close()


def _parent_asks_for_help(page, live_server) -> Referral:
    page.goto(f"{live_server.url}/konto/login/")
    page.get_by_role("link", name="Kontakt Tidlig Forebyggelse").tap()
    expect(page.get_by_role("heading", level=1)).to_have_text("Bed om råd eller hjælp til din familie")
    assert_accessible(page)
    page.get_by_label("Et forløb").check()
    page.get_by_label("Beskriv med dine egne ord, hvad du er bekymret for").fill(
        "Min datter er bange for at gå i skole og har ondt i maven hver morgen."
    )
    barn_1 = page.get_by_role("group", name="Barn 1")
    barn_1.get_by_label("Barnets fornavn").fill("Ida")
    barn_1.get_by_label("Alder i år").fill("8")
    page.get_by_label("Dit fornavn").fill("Sara")
    page.get_by_label("Dit efternavn").fill("Lund")
    page.get_by_label("Mor", exact=True).check()
    expect(page.get_by_label("Jeg har forældremyndighed")).not_to_be_checked()  # a fact starts empty
    page.get_by_label("Jeg har forældremyndighed").check()
    page.get_by_label("Telefonnummer").fill("12 34 56 78")
    page.get_by_label("Hvornår må vi ringe?").fill("Hverdage efter kl. 15")
    with page.expect_navigation():
        page.get_by_role("button", name="Send henvendelsen").tap()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tak for din henvendelse")
    referral = Referral.objects.get()
    with translation.override("da"):
        deadline = dateformat.format(referral.contact_deadline, "l j. F")
    expect(page.get_by_text(f"Tidlig Forebyggelse kontakter dig senest {deadline}.")).to_be_visible()
    expect(page.get_by_text("Sara")).to_have_count(0)
    assert_accessible(page)
    return referral


def _log_out(page) -> None:
    with page.expect_navigation():
        page.get_by_role("button", name="Log ud").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Log ind i Tidlig")


def _kim_screens(page, live_server, referral) -> None:
    login(page, live_server, "kim", PASSWORD)
    page.get_by_role("navigation", name="Hovedmenu").get_by_role("link", name="Henvendelser").click()
    assert_accessible(page)
    page.get_by_role("link", name="Familien Lund").click()
    expect(page.get_by_text("Min datter er bange for at gå i skole")).to_be_visible()
    page.get_by_label("5: Sårbar trivsel").check()
    page.get_by_label("Familien ønsker selv hjælp og er klar").check()
    page.get_by_role("group", name="Har barnet en åben sag hos myndigheden?").get_by_label("Nej").check()
    page.get_by_role("group", name="Er problemet afgrænset?").get_by_label("Ja").check()
    page.get_by_label("Angst").check()
    assert_accessible(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Gem screeningen").click()
    expect(page.get_by_text("Screeningen er gemt")).to_be_visible()
    referral.refresh_from_db()
    assert referral.status == Referral.Status.SCREENED
    _log_out(page)


def _lone_triages_to_mette(page, live_server, referral) -> None:
    login(page, live_server, "lone", PASSWORD)
    expect(page.get_by_role("heading", name="Til visitation")).to_be_visible()
    page.get_by_role("link", name="Gå til visitation").click()
    row = page.locator(f"#row-{referral.uuid}")
    expect(row.get_by_role("listitem").filter(has_text="Mette Testesen")).to_contain_text("kan Angst")
    worker = row.get_by_label("Medarbejder")
    expect(worker).to_have_value("")  # suggested, never chosen for the leader
    assert_accessible(page)
    row.get_by_label("Visiter til Tidlig Forebyggelse").check()
    worker.select_option(value=str(User.objects.get(username="mette").pk))
    row.get_by_label("Begrundelse").fill("Afgrænset angst, familien er motiveret.")
    row.get_by_role("button", name="Gem beslutning").click()
    expect(page.locator(f"#row-{referral.uuid}").get_by_text("Tildelt Mette Testesen.")).to_be_visible()
    assert_accessible(page)
    _log_out(page)


def _mette_contacts_the_family(page, live_server, referral) -> None:
    login(page, live_server, "mette", PASSWORD)
    todo = page.get_by_role("list").filter(has_text="Familien Lund")
    expect(todo).to_be_visible()
    with translation.override("da"):
        deadline = dateformat.format(referral.contact_deadline, "j. F")
    expect(todo.get_by_text(f"Frist {deadline}")).to_be_visible()
    assert_accessible(page)
    todo.get_by_role("link", name="Familien Lund").click()
    expect(page.get_by_text("Sara Lund, 12 34 56 78")).to_be_visible()
    assert_accessible(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Registrér første kontakt").click()
    expect(page.get_by_text("Den første kontakt er registreret")).to_be_visible()
    page.get_by_role("navigation", name="Hovedmenu").get_by_role("link", name="Forside").click()
    expect(page.get_by_text("Du har ingen nye familier, der venter på at blive kontaktet.")).to_be_visible()
    expect(page.get_by_text(f"Frist {deadline}")).to_have_count(0)
    referral.refresh_from_db()
    assert referral.days_to_first_contact() == 0


@pytest.mark.slow
def test_it_takes_a_family_from_the_door_to_the_first_contact(
    phone, page, live_server, monkeypatch, prevention, mette, lone, kim
):
    monkeypatch.setattr(forms_public, "MIN_FILL_SECONDS", 0)
    referral = _parent_asks_for_help(phone, live_server)
    _kim_screens(page, live_server, referral)
    _lone_triages_to_mette(page, live_server, referral)
    _mette_contacts_the_family(page, live_server, referral)
