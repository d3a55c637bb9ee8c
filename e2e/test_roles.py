"""Every demo role can log in, sees where to start, reaches every page in its menu, and can log out;
each page it sees passes axe without serious or critical violations."""

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from conftest import PASSWORD, make_user
from e2e.conftest import assert_accessible, login
from tidlig.accounts.models import User

# why: serialized_rollback restores the rows migrations made (ladder steps, instruments), which
# the flush after a transactional test would otherwise take from every later test on the worker
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

ROLE_NAMES = {
    "lone": "Leder",
    "mette": "Medarbejder",
    "sofie": "Medarbejder",
    "jonas": "Medarbejder",
    "kim": "Koordinator",
    "pia": "Samarbejdspartner",
    "ali": "Analytiker",
    "admin": "Administrator",
}
WRONG_LOGIN = "Brugernavn eller adgangskode er forkert"

MENU = 'nav[aria-label="Hovedmenu"]'
MENU_LINKS = f"{MENU} a.nav-link"


def _assert_ok(response, url: str) -> None:
    status = response.status if response is not None else None
    assert status is not None and status < 400, f"{url} answered {status}"


def _open(page, url: str) -> None:
    _assert_ok(page.goto(url), url)


def _click(page, link) -> None:
    with page.expect_navigation() as navigation:
        link.click()
    _assert_ok(navigation.value, page.url)


def _visit_menu(page) -> None:
    labels = [label.strip() for label in page.locator(MENU_LINKS).all_inner_texts()]
    assert labels, "the main menu is empty"
    for label in labels:
        link = page.locator(MENU).get_by_role("link", name=label, exact=True)
        _click(page, link)
        expect(link).to_have_attribute("aria-current", "page")
        expect(page.locator(f'{MENU_LINKS}[aria-current="page"]')).to_have_count(1)
        assert_accessible(page)


def _open_first_family_and_child(page, live_server) -> None:
    _open(page, f"{live_server.url}/familier/")
    family = page.locator("main table a").first
    expect(family).to_be_visible()
    _click(page, family)
    expect(page.get_by_role("heading", name="Børn", exact=True)).to_be_visible()
    assert_accessible(page)
    child = page.locator('main table a[href^="/boern/"]:not([href$="/rediger/"])').first
    expect(child).to_be_visible()
    _click(page, child)
    assert re.search(r"/boern/[0-9a-f-]+/$", page.url), page.url
    assert_accessible(page)


def _open_a_child_at_the_institution(page, live_server) -> None:
    _open(page, f"{live_server.url}/institution/boern/")  # axe has seen it from the menu
    children = page.locator('main a[href^="/boern/"]')
    if children.count():
        _click(page, children.first)
        assert_accessible(page)


def _open_her_own_referral(page, live_server) -> None:
    """The partner's latest referrals on her home page; each opens what the family's consent shares."""
    _open(page, f"{live_server.url}/")
    referral = page.locator('main a[href^="/henvendelser/"]').first
    expect(referral).to_be_visible()
    _click(page, referral)
    expect(page.get_by_role("heading", name=re.compile(r"^Henvisning "))).to_be_visible()
    assert_accessible(page)


@pytest.mark.slow
def test_it_lets_every_demo_role_log_in_and_find_where_to_start(page, live_server, settings):
    settings.DEMO = True
    call_command("load_demo")

    for username, role_name in ROLE_NAMES.items():
        login(page, live_server, username)
        assert page.url == f"{live_server.url}/", f"{username} landed on {page.url}"
        expect(page.locator("header .portal-user .user")).to_contain_text(f", {role_name}")
        expect(page.locator("main p", has_text=re.compile(r"^\s*Start med"))).to_be_visible()
        assert_accessible(page)

        _visit_menu(page)
        if username == "mette":
            _open_first_family_and_child(page, live_server)
        if username == "pia":
            _open_a_child_at_the_institution(page, live_server)
            _open_her_own_referral(page, live_server)

        _click(page, page.locator("header").get_by_role("button", name="Log ud"))
        assert page.url.startswith(f"{live_server.url}/konto/login/"), page.url
        expect(page.get_by_role("heading", name="Log ind i Tidlig")).to_be_visible()


def test_it_refuses_a_wrong_password_without_saying_whether_the_user_exists(page, live_server):
    make_user("mette", User.Role.WORKER)
    errors = []
    for username in ("mette", "nobody-by-this-name"):
        login(page, live_server, username, password=PASSWORD + "-wrong")
        alert = page.get_by_role("alert")
        expect(alert).to_contain_text(WRONG_LOGIN)
        errors.append(alert.inner_text())
    assert errors[0] == errors[1]
    assert_accessible(page)
