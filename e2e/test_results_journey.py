"""The results, end to end: Lone opens "Resultater" from the main menu, reads the KPI table with its
"Sådan tæller vi", and downloads the same figures as CSV, Excel and PDF."""

from io import BytesIO
from urllib.parse import urljoin

import openpyxl
import pytest
from playwright.sync_api import expect

from conftest import PASSWORD
from e2e.conftest import assert_accessible, login
from tidlig.referrals.tests.factories import make_referral

# why: serialized_rollback restores the rows migrations made (ladder steps, instruments), which
# the flush after a transactional test would otherwise take from every later test on the worker
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _download(page, name: str) -> bytes:
    href = page.get_by_role("link", name=name).get_attribute("href")
    response = page.request.get(urljoin(page.url, href))
    assert response.ok, f"{name}: {response.status}"
    return response.body()


def test_lone_reads_and_downloads_the_results(page, live_server, lone, mette):
    for i in range(6):
        make_referral(lone.unit, surname=f"Test{i}")

    login(page, live_server, "lone", PASSWORD)
    with page.expect_navigation():
        page.get_by_role("navigation", name="Hovedmenu").get_by_role("link", name="Resultater").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Resultater")
    table = page.locator("#kpis")
    expect(table.locator("#kpi-referrals_count")).to_contain_text("Henvendelser")
    expect(table.locator("#kpi-referrals_count [data-value]")).to_have_text("6")
    # beside the year before, which had none
    expect(table.locator("#kpi-referrals_count [data-previous]")).to_have_text("0")
    expect(table.locator("#kpi-referrals_count [data-change]")).to_have_text("+6")
    expect(table.locator("#kpi-load_against_capacity")).to_contain_text("Belastning i forhold til kapacitet")
    summary = table.locator("#kpi-referrals_count summary")
    expect(summary).to_have_text("Sådan tæller vi")
    summary.click()
    expect(table.locator("#kpi-referrals_count .details-text")).to_be_visible()
    assert_accessible(page)

    csv_text = _download(page, "Hent som CSV").decode("utf-8-sig")
    assert "Henvendelser" in csv_text

    workbook = openpyxl.load_workbook(BytesIO(_download(page, "Hent som Excel (XLSX)")))
    cells = {str(c.value) for sheet in workbook.worksheets for row in sheet.iter_rows() for c in row}
    assert "Henvendelser" in cells

    assert _download(page, "Hent som PDF").startswith(b"%PDF")
