"""The administrator gives a new worker access, sets a forgotten password, and chooses which unit receives
the public form, in Tidlig's own administration; every page passes axe. The worker is then made to choose
her own password at the next login."""

import pytest
from playwright.sync_api import expect

from conftest import PASSWORD, make_prevention, make_user
from e2e.conftest import assert_accessible, login
from tidlig.accounts.models import Competence, Institution, InstitutionGroup, User
from tidlig.audit.models import AccessLog

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

FIRST_PASSWORD = "foerste-adgangskode-2026"
OWN_PASSWORD = "hannes-egen-hemmelighed-9"


def _submit(page, name: str) -> None:
    with page.expect_navigation():
        page.get_by_role("button", name=name, exact=True).click()


def test_the_administrator_gives_access_through_logged_pages(page, live_server):
    unit = make_prevention()
    make_user("admin", User.Role.ADMINISTRATOR)
    school = Institution.objects.create(name="Nordskolen", kind=Institution.Kind.SCHOOL, referral_unit=unit)
    InstitutionGroup.objects.create(institution=school, name="4.A")
    Competence.objects.create(name="Angst")
    login(page, live_server, "admin", PASSWORD)

    page.locator('nav[aria-label="Hovedmenu"]').get_by_role("link", name="Brugere og enheder").click()
    expect(page.get_by_role("heading", name="Hvem modtager henvendelser")).to_be_visible()
    assert_accessible(page)

    for name in ("Enheder", "Institutioner", "Kompetencer", "Brugere"):
        with page.expect_navigation():
            page.locator('nav[aria-label="Administration"]').get_by_role(
                "link", name=name, exact=True
            ).click()
        assert_accessible(page)

    with page.expect_navigation():
        page.get_by_role("link", name="Ny bruger").click()
    assert_accessible(page)
    page.get_by_label("Brugernavn").fill("hanne")
    page.get_by_label("Første adgangskode").fill(FIRST_PASSWORD)
    page.get_by_label("Fornavn").fill("Hanne")
    page.get_by_label("Efternavn").fill("Thybo")
    page.get_by_label("Rolle").select_option("worker")
    _submit(page, "Gem brugeren")
    expect(page.get_by_role("alert")).to_contain_text("Noget skal rettes")  # no unit, no reason
    assert_accessible(page)
    page.get_by_label("Første adgangskode").fill(FIRST_PASSWORD)
    page.locator("#id_unit").select_option(label="Tidlig Forebyggelse")
    page.get_by_label("Angst").check()
    page.get_by_label("Begrundelse").fill("Ny socialrådgiver fra 1. marts")
    _submit(page, "Gem brugeren")
    expect(page.get_by_role("heading", name="Ret brugeren Hanne Thybo")).to_be_visible()
    assert_accessible(page)

    with page.expect_navigation():
        page.get_by_role("link", name="Sæt en ny adgangskode").click()
    assert_accessible(page)

    with page.expect_navigation():
        page.locator('nav[aria-label="Administration"]').get_by_role("link", name="Enheder").click()
    with page.expect_navigation():
        page.locator("main").get_by_role("link", name="Tidlig Forebyggelse", exact=True).click()
    assert_accessible(page)
    page.get_by_label("Modtager henvendelser fra den offentlige formular").check()
    _submit(page, "Gem enheden")
    with page.expect_navigation():
        page.locator('nav[aria-label="Administration"]').get_by_role("link", name="Institutioner").click()
    with page.expect_navigation():
        page.locator("main").get_by_role("link", name="Nordskolen", exact=True).click()
    assert_accessible(page)
    with page.expect_navigation():
        page.locator('nav[aria-label="Administration"]').get_by_role("link", name="Kompetencer").click()
    with page.expect_navigation():
        page.locator("main").get_by_role("link", name="Angst", exact=True).click()
    assert_accessible(page)
    with page.expect_navigation():
        page.locator('nav[aria-label="Administration"]').get_by_role(
            "link", name="Lovgrundlag og temaer"
        ).click()
    assert_accessible(page)

    events = set(AccessLog.objects.filter(actor__username="admin").values_list("event", flat=True))
    assert {"accounts.user.created", "accounts.user.create.refused", "accounts.unit.changed"} <= events

    page.get_by_role("button", name="Log ud").click()
    login(page, live_server, "hanne", FIRST_PASSWORD)
    expect(page.get_by_role("heading", name="Vælg din egen adgangskode")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Din nuværende adgangskode").fill(FIRST_PASSWORD)
    page.get_by_label("Ny adgangskode", exact=True).fill(OWN_PASSWORD)
    page.get_by_label("Gentag den nye adgangskode").fill(OWN_PASSWORD)
    _submit(page, "Gem ny adgangskode")
    expect(page.get_by_text("Din nye adgangskode er gemt.")).to_be_visible()
