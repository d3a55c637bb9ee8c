"""The results page as CSV, XLSX and PDF: who may download, that each reads back with the page's own
texts (never a hidden share's raw percent, never a name), that formulas are neutralised and that each
download is logged."""

import csv
import io

import openpyxl
import pytest
from django.urls import reverse

from conftest import login
from tidlig.accounts.models import Unit
from tidlig.audit.models import AccessLog, Purpose
from tidlig.reports import exports
from tidlig.reports.models import Kpi
from tidlig.reports.tests.conftest import AFTER_THE_YEAR, IN_THE_YEAR

pytestmark = pytest.mark.django_db

CSV = reverse("reports:results_csv")
XLSX = reverse("reports:results_xlsx")
PDF = reverse("reports:results_pdf")
RESULTS = reverse("reports:results")
NAMES = ("Emil", "Sara", "Test0", "Mette", "Sofie", "Familien Test")
INVOLVED = str(Kpi.SHARE_CHILD_INVOLVED.label)


@pytest.fixture(autouse=True)
def _today(in_one_year):
    """Today is a fixed day on which the dataset lies in one calendar year (conftest.IN_THE_YEAR)."""


def params(dataset, unit=None) -> dict:
    return {"year": str(IN_THE_YEAR.year), "unit": (unit or dataset.unit).pk}


def login_as(client, persona, time_machine):
    """An analyst sees finished years only: she logs in on a day in the year after."""
    if persona.is_analyst:
        time_machine.move_to(AFTER_THE_YEAR, tick=False)
    login(client, persona)


def csv_rows(response) -> list[list[str]]:
    content = b"".join(response.streaming_content)
    assert content.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))


def xlsx_rows(response) -> list[list]:
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    sheet = workbook.worksheets[0]
    return [[c for c in row if c is not None] for row in sheet.iter_rows(values_only=True)]


def kpi_row(rows, label: str) -> list:
    return next(r for r in rows if r and r[0] == label)


def flat(rows) -> str:
    return "\n".join(";".join(str(c) for c in row) for row in rows)


def test_neutralise():
    for formula in ("=SUM(A1:A2)", "+1", "-1", "@A1", "\tx", "\rx"):
        assert exports.neutralise(formula) == "'" + formula
    assert exports.neutralise("under 5") == "under 5"
    assert exports.neutralise("83,3 %") == "83,3 %"
    assert exports.neutralise(5) == 5
    assert exports.neutralise(None) == ""


def test_the_csv_has_the_pages_texts(client, lone, dataset):
    login(client, lone)
    page = client.get(RESULTS, params(dataset)).content.decode()
    response = client.get(CSV, params(dataset))
    assert response.status_code == 200
    assert response.streaming
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"].startswith('attachment; filename="resultater-')
    assert response["Content-Disposition"].endswith('.csv"')
    rows = csv_rows(response)
    assert ["Enhed", "Tidlig Forebyggelse"] in rows
    assert any(r and r[0].startswith("Alle tal er anonyme") for r in rows)
    for _code, label in Kpi.choices:
        assert str(label) in page
        assert any(r and r[0] == str(label) for r in rows), label
    # result, basis, previous period (a year before the data: none), change, target, mark
    assert kpi_row(rows, INVOLVED)[1:] == ["for få til at vise", "", "Ingen data", "", "", "Intet mål"]
    # the change is a number, so a spreadsheet can sort it (and "+7" is no formula)
    assert kpi_row(rows, str(Kpi.COURSES_STARTED.label))[1:5] == ["7", "", "0", "7"]
    assert any(r and r[0] == "Forrige periode" for r in rows)
    assert kpi_row(rows, str(Kpi.CONTACTS_PER_CLOSED_COURSE.label))[1] == "4"
    assert kpi_row(rows, str(Kpi.DAYS_TO_FIRST_CONTACT_MEDIAN.label))[1] == "4 dage"
    assert kpi_row(rows, str(Kpi.COUNSELLING_COUNT.label))[1] == "under 5"
    text = flat(rows)
    assert "83,3" not in text and "83.3" not in text
    assert "Henvendelser efter kilde" in text and "Henvendelser efter vej ind" in text
    for name in NAMES:
        assert name not in text


def test_the_xlsx_has_the_same_rows(client, ali, dataset, time_machine):
    login_as(client, ali, time_machine)
    response = client.get(XLSX, params(dataset))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.spreadsheetml")
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Content-Disposition"].endswith('.xlsx"')
    rows = xlsx_rows(response)
    assert kpi_row(rows, INVOLVED)[1] == "for få til at vise"
    assert kpi_row(rows, str(Kpi.COUNSELLING_COUNT.label))[1] == "under 5"
    assert kpi_row(rows, str(Kpi.COURSES_STARTED.label))[1:4] == ["7", "0", 7]  # the change is a number
    for _code, label in Kpi.choices:
        assert any(r and r[0] == str(label) for r in rows), label
    text = flat(rows)
    assert "83,3" not in text
    for name in NAMES:
        assert name not in text


def test_the_pdf_downloads(client, lone, dataset):
    login(client, lone)
    response = client.get(PDF, params(dataset))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Content-Disposition"].endswith('.pdf"')
    assert response.content.startswith(b"%PDF")
    assert len(response.content) > 1024


def test_the_pdf_template_has_the_pages_texts(rf, lone, dataset):
    from django.template.loader import render_to_string

    report = exports.build_report(unit=dataset.unit, start=dataset.period[0], end=dataset.period[1])
    html = render_to_string(
        "reports/results_pdf.html",
        {"report": report, "anonymity_note": exports.anonymity_note(), "hidden_note": exports.hidden_note()},
    )
    assert "for få til at vise" in html
    assert "83,3" not in html
    assert "Alle tal er anonyme" in html
    assert "style=" not in html
    for _code, label in Kpi.choices:
        assert str(label) in html
    for name in NAMES:
        assert name not in html


def test_a_formula_in_a_unit_name_is_neutralised(client, ali, dataset, time_machine):
    evil = Unit.objects.create(name='=HYPERLINK("http://x")', kind=Unit.Kind.PREVENTION)
    login_as(client, ali, time_machine)
    rows = csv_rows(client.get(CSV, params(dataset, evil)))
    assert ["Enhed", '\'=HYPERLINK("http://x")'] in rows
    response = client.get(XLSX, params(dataset, evil))
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    cells = [c for row in workbook.worksheets[0].iter_rows() for c in row if c.value is not None]
    assert all(c.data_type != "f" for c in cells)
    assert '\'=HYPERLINK("http://x")' in [c.value for c in cells]


@pytest.mark.parametrize(("url", "fmt"), [(CSV, "csv"), (XLSX, "xlsx"), (PDF, "pdf")])
def test_each_export_is_logged(client, lone, dataset, url, fmt):
    login(client, lone)
    before = AccessLog.objects.count()
    assert client.get(url, params(dataset)).status_code == 200
    assert AccessLog.objects.count() == before + 1
    log = AccessLog.objects.latest("id")
    assert (log.actor, log.action, log.event, log.purpose) == (
        lone,
        "export",
        "reports.results.exported",
        Purpose.SUPERVISION,
    )
    assert log.detail["format"] == fmt
    assert log.detail["unit"] == "Tidlig Forebyggelse"
    assert not log.subjects.exists()


@pytest.mark.parametrize("url", [CSV, XLSX, PDF])
def test_it_refuses_a_worker(client, mette, dataset, url):
    login(client, mette)
    assert client.get(url, params(dataset)).status_code == 403


def test_it_keeps_a_leader_to_their_own_unit(client, lone, ppr, dataset):
    login(client, lone)
    response = client.get(CSV, params(dataset, ppr))
    assert response.status_code == 302
    assert response["Location"].startswith(RESULTS)
    assert not AccessLog.objects.filter(event="reports.results.exported").exists()


def test_the_page_links_to_the_exports(client, lone, dataset):
    login(client, lone)
    html = client.get(RESULTS, params(dataset)).content.decode()
    query = f"?unit={dataset.unit.pk}&amp;year={IN_THE_YEAR.year}"
    for url, text in ((CSV, "Hent som CSV"), (XLSX, "Hent som Excel (XLSX)"), (PDF, "Hent som PDF")):
        assert f'href="{url}{query}"' in html
        assert text in html


@pytest.mark.parametrize("value", ["\x01=1+1", "\x0b+1", "\x1f@SUM(A1:A2)"])
def test_it_neutralises_a_formula_behind_a_control_character_in_xlsx(value):
    cell = openpyxl.load_workbook(io.BytesIO(exports.xlsx_bytes([[value]]))).active["A1"]
    assert cell.data_type == "s"
    assert cell.value == "'" + value[1:]
