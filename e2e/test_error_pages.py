"""Tidlig's own error pages in a real browser: a form-only URL opened directly answers 405 with the
Danish page, which passes axe like every other page."""

import pytest
from playwright.sync_api import expect

from conftest import PASSWORD
from e2e.conftest import assert_accessible, login

# why: serialized_rollback restores the rows migrations made (ladder steps, instruments), which
# the flush after a transactional test would otherwise take from every later test on the worker
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_a_form_only_url_opened_directly_gets_the_danish_page(page, live_server, mette):
    login(page, live_server, "mette", PASSWORD)
    response = page.goto(f"{live_server.url}/konto/logout/")
    assert response is not None and response.status == 405
    assert "POST" in response.headers["allow"]
    expect(page.get_by_role("heading", name="Siden kan ikke åbnes sådan")).to_be_visible()
    assert_accessible(page)
