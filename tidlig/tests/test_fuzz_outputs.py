"""What was stored comes out as text in every output: HTML pages, the course and results PDFs, the CSV
and XLSX exports. No markup, no spreadsheet formula."""

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from conftest import login
from tidlig.courses import pdf as course_pdf
from tidlig.courses.services import record_contact, update_goal
from tidlig.courses.tests.factories import make_open_course
from tidlig.lib.dates import today
from tidlig.reports import exports
from tidlig.tests import fuzz
from tidlig.tests.fuzz_registry import World

pytestmark = pytest.mark.django_db

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _csv_cells(content: bytes) -> list[str]:
    csv.field_size_limit(2**24)  # why: a cell may hold the 1 MB text
    text = content.decode("utf-8").removeprefix("\ufeff")
    return [cell for row in csv.reader(io.StringIO(text, newline=""), delimiter=";") for cell in row]


def _xlsx_cells(content: bytes) -> list:
    workbook = load_workbook(io.BytesIO(content))
    return [cell for sheet in workbook.worksheets for row in sheet.iter_rows() for cell in row]


def _assert_no_formula_in_xlsx(content: bytes) -> None:
    for cell in _xlsx_cells(content):
        assert cell.data_type != "f", f"{cell.coordinate} is a formula: {cell.value!r}"
        if isinstance(cell.value, str):
            assert not cell.value.startswith(FORMULA_STARTS), f"{cell.coordinate}: {cell.value!r}"


def _assert_no_formula_in_csv(content: bytes) -> None:
    for cell in _csv_cells(content):
        assert not cell.startswith(FORMULA_STARTS), f"CSV cell read as a formula: {cell!r}"


# --- the export code itself, with any text --------------------------------------------------------


def _stored_text(value: str) -> str:
    """Text as the database can hold it: Django turns invalid UTF-8 into U+FFFD at the door."""
    return fuzz.as_received(fuzz.expand(value))


@settings(max_examples=25)
@given(rows=st.lists(st.lists(st.one_of(fuzz.hostile_text(), st.none()), max_size=4), max_size=4))
def test_it_neutralises_every_text_cell_in_csv_and_xlsx(rows):
    rows = [[_stored_text(v) if isinstance(v, str) else v for v in row] for row in rows]
    _assert_no_formula_in_csv(b"".join(exports.csv_chunks(rows)))
    _assert_no_formula_in_xlsx(exports.xlsx_bytes(rows))


@pytest.mark.parametrize("value", ["\x01=1+1", "\x0b+1", "\x1f@SUM(A1:A2)", '\x00=HYPERLINK("x")'])
def test_it_neutralises_a_formula_behind_a_character_xlsx_cannot_hold(value):
    # why: openpyxl cannot store control characters; removed after the check, they left a formula
    cells = _xlsx_cells(exports.xlsx_bytes([[value]]))
    assert cells[0].data_type != "f"
    assert cells[0].value.startswith("'")


# --- the results exports, with an offer named like a formula ---------------------------------------

FORMULA_NAME = '=HYPERLINK("http://x.invalid","Klik")'
AMPERSAND_NAME = 'Tom & "Jerry"\'s tilbud'


@pytest.fixture
def hostile_results(prevention, lone, kim, mette, client):
    """Two offers made through the real form, with names a spreadsheet or a page could misread, and a
    course on each in this year."""
    from tidlig.courses.tests.factories import make_course
    from tidlig.offers.models import Offer
    from tidlig.offers.tests.factories import offer_data

    login(client, kim)
    for name in (FORMULA_NAME, AMPERSAND_NAME, "-1+1", "@SUM(A1:A2)"):
        response = client.post(reverse("offers:create"), offer_data(name=name, format="individual"))
        assert response.status_code == 302, name
    for offer in Offer.objects.filter(unit=prevention):
        make_course(prevention, lone, mette, offer=offer, start=today())
    client.logout()
    return login(client, lone)


def _period() -> dict:
    return {
        "start": dt.date(today().year, 1, 1).isoformat(),
        "end": dt.date(today().year, 12, 31).isoformat(),
    }


def test_it_neutralises_offer_names_in_the_results_csv(hostile_results):
    response = hostile_results.get(reverse("reports:results_csv"), _period())
    assert response.status_code == 200
    content = b"".join(response.streaming_content)
    cells = _csv_cells(content)
    assert "'" + FORMULA_NAME in cells
    assert "'-1+1" in cells and "'@SUM(A1:A2)" in cells
    _assert_no_formula_in_csv(content)


def test_it_writes_no_formula_in_the_results_xlsx(hostile_results):
    response = hostile_results.get(reverse("reports:results_xlsx"), _period())
    assert response.status_code == 200
    values = [c.value for c in _xlsx_cells(response.content)]
    assert "'" + FORMULA_NAME in values
    _assert_no_formula_in_xlsx(response.content)


def test_it_escapes_offer_names_in_the_results_pdf(hostile_results, monkeypatch):
    seen = _spy_on_templates(monkeypatch, exports)
    response = hostile_results.get(reverse("reports:results_pdf"), _period())
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")
    html = seen[0]
    assert "Tom &amp; &quot;Jerry&quot;&#x27;s tilbud" in html
    assert AMPERSAND_NAME not in html


def test_it_escapes_offer_names_on_the_results_page(hostile_results):
    html = hostile_results.get(reverse("reports:results"), _period()).content.decode()
    assert "Tom &amp; &quot;Jerry&quot;&#x27;s tilbud" in html


def _spy_on_templates(monkeypatch, module) -> list[str]:
    """The HTML a module hands WeasyPrint, kept so the test can read it."""
    seen: list[str] = []
    real = module.render_to_string

    def spy(*args, **kwargs):
        html = real(*args, **kwargs)
        seen.append(html)
        return html

    monkeypatch.setattr(module, "render_to_string", spy)
    return seen


# --- a course full of markup, on its page and in its PDF ------------------------------------------


@pytest.fixture
def marked_up_course(request, mette):
    """Mette's course whose goals, contact notes and participants are the HTML payloads."""
    course = make_open_course(World(request))
    for payload in fuzz.HTML:
        record_contact(
            course,
            actor=mette,
            date=today(),
            duration_minutes=30,
            kind="individual",
            place="home",
            note=payload,
            family_participants=payload[:300],
            private_network=payload[:300],
            professionals=payload[:300],
        )
    goal = course.goals.get()
    update_goal(goal, actor=mette, version=goal.version, text=fuzz.HTML[1], start_rating=3, end_rating=None)
    return course


def test_it_renders_stored_markup_as_text_in_the_course_pdf(client, mette, marked_up_course, monkeypatch):
    seen = _spy_on_templates(monkeypatch, course_pdf)
    login(client, mette)
    response = client.get(reverse("courses:pdf", args=[marked_up_course.uuid]))
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")
    html = seen[0]
    for payload in fuzz.HTML:
        fuzz.assert_no_markup(html, payload)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;" in html


def test_it_renders_stored_markup_as_text_on_the_course_page(client, mette, marked_up_course):
    login(client, mette)
    for url in (marked_up_course.get_absolute_url(), reverse("courses:list"), "/"):
        html = client.get(url).content.decode()
        for payload in fuzz.HTML:
            fuzz.assert_no_markup(html, payload)


def test_it_renders_a_stored_concern_as_text_everywhere_staff_read_it(client, prevention, lone, mette):
    from tidlig.referrals.tests.factories import make_referral

    referrals = [
        make_referral(prevention, concern=payload, surname=f"Test{n}") for n, payload in enumerate(fuzz.HTML)
    ]
    login(client, lone)
    pages = [reverse("referrals:list"), reverse("referrals:board"), "/"]
    pages += [r.get_absolute_url() for r in referrals]
    for url in pages:
        html = client.get(url).content.decode()
        for payload in fuzz.HTML:
            fuzz.assert_no_markup(html, payload)


# --- the access request's CSV ----------------------------------------------------------------------


def test_it_writes_no_formula_in_the_access_request_export(client, admin_user, mette, emma):
    login(client, mette)
    client.get(reverse("people:child", args=[emma.uuid]))
    login(client, admin_user)
    response = client.get(reverse("audit:access_request_export", args=[emma.uuid]))
    assert response.status_code == 200
    cells = _csv_cells(response.content)
    assert len(cells) > 4  # the header and at least one row
    _assert_no_formula_in_csv(response.content)
