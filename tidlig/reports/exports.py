"""The results page as CSV, XLSX and PDF.

Every export shows exactly what the page shows: the presentation texts of queries.KpiRow (value_text,
basis_text, target_text, mark_label) and the breakdowns' cells as the page writes them. Never a KPI's
raw_value (docs/decisions/0013). Nothing is rendered as markup or as a formula: a CSV or XLSX cell
that starts with = + - @ (or a tab or carriage return) is prefixed with ' so a spreadsheet reads it
as text.
"""

import csv
import datetime as dt
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from tidlig.accounts.models import Unit
from tidlig.reports import anonymity, kpis, queries
from tidlig.reports.anonymity import Breakdown, Cell

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

# why: the stylesheet lives here, not in the template, so no template carries inline CSS (the CSP)
PDF_CSS = """
@page {
  size: A4 landscape;
  margin: 16mm 14mm;
  @bottom-right { content: counter(page) " / " counter(pages); font-size: 8pt; }
}
body { font-family: "IBM Plex Sans", "DejaVu Sans", Arial, sans-serif; font-size: 9.5pt; color: #1a1a1a; }
h1 { font-size: 17pt; margin: 0 0 4pt; }
h2 { font-size: 12pt; margin: 14pt 0 4pt; border-bottom: 1px solid #999; }
table { width: 100%; border-collapse: collapse; }
th, td { text-align: left; vertical-align: top; padding: 3pt 4pt; border-bottom: 1px solid #ddd; }
th { font-weight: 600; }
.number { text-align: right; }
.muted { color: #555; }
ul { margin: 2pt 0 0; padding-left: 12pt; }
"""


def neutralise(value):
    """A cell a spreadsheet will not read as a formula. Numbers pass through; text starting with
    = + - @ (or tab or CR) gets a leading apostrophe."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float):
        return value
    text = str(value)
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def cell_text(cell: Cell) -> str:
    """A breakdown cell as the page writes it."""
    if cell.value is None:
        if cell.hidden == anonymity.UNDER_5:
            return str(queries.HIDDEN_TEXTS[anonymity.UNDER_5])
        return str(queries.HIDDEN_TEXTS[anonymity.HIDDEN])
    return str(cell.value)


def total_text(breakdown: Breakdown) -> str:
    if breakdown.total is None:
        return str(queries.HIDDEN_TEXTS[anonymity.UNDER_5])
    return str(breakdown.total)


@dataclass(frozen=True)
class Report:
    unit: Unit
    start: dt.date
    end: dt.date
    rows: list[queries.KpiRow]
    breakdowns: list[Breakdown]

    @property
    def period_text(self) -> str:
        return f"{self.start:%d.%m.%Y} - {self.end:%d.%m.%Y}"

    @property
    def previous_period_text(self) -> str:
        start, end = queries.previous_period(self.start, self.end)
        return f"{start:%d.%m.%Y} - {end:%d.%m.%Y}"

    @property
    def target_year(self) -> int:
        return self.end.year

    @property
    def filename_stem(self) -> str:
        if self.start.year == self.end.year:
            return f"resultater-{self.end.year}"
        return f"resultater-{self.start.year}-{self.end.year}"


def build_report(*, unit: Unit, start: dt.date, end: dt.date) -> Report:
    """The same rows and breakdowns as the results view."""
    return Report(
        unit=unit,
        start=start,
        end=end,
        rows=queries.results(unit=unit, start=start, end=end),
        breakdowns=[
            kpis.referrals_by_source(unit=unit, start=start, end=end),
            kpis.referrals_by_door(unit=unit, start=start, end=end),
            kpis.courses_by_offer(unit=unit, start=start, end=end),
            kpis.courses_by_legal_basis(unit=unit, start=start, end=end),
        ],
    )


def anonymity_note() -> str:
    return _(
        "Alle tal er anonyme: tal mellem 1 og 4 vises som “under 5”, og en andel vises ikke, hvis den "
        "bygger på færre end 5 eller ville afsløre et tal under 5."
    )


def hidden_note() -> str:
    return _(
        "“Skjult” betyder, at tallet kan være 5 eller flere, men er skjult, så et tal under 5 ikke kan "
        "regnes ud fra de andre og totalen."
    )


def change_number(change) -> int | float | str:
    """The change as a number a spreadsheet can sort and sum (the page's "+7" would start like a
    formula and be neutralised to text)."""
    if change is None:
        return ""
    return int(change) if change == change.to_integral_value() else float(change)


def table_rows(report: Report) -> Iterator[list]:
    """The report as rows of plain cells, shared by CSV and XLSX (not yet neutralised)."""
    yield [_("Resultater")]
    yield [_("Enhed"), report.unit.name]
    yield [_("Periode"), report.period_text]
    yield [_("Forrige periode"), report.previous_period_text]
    yield [_("Målene er enhedens mål for %(year)s.") % {"year": report.target_year}]
    yield [anonymity_note()]
    yield []
    yield [
        _("Nøgletal"),
        _("Resultat"),
        _("Grundlag"),
        _("Forrige periode"),
        _("Ændring"),
        _("Mål"),
        _("Status"),
    ]
    for row in report.rows:
        yield [
            row.kpi.label,
            row.value_text,
            row.basis_text,
            row.previous_text,
            change_number(row.change),
            row.target_text,
            row.mark_label,
        ]
        if row.kpi.rows:
            for cell in row.kpi.rows.cells:
                yield ["", cell.label, cell_text(cell)]
    for breakdown in report.breakdowns:
        yield []
        yield [breakdown.label]
        yield [_("Hvorfra"), _("Henvendelser")]
        for cell in breakdown.cells:
            yield [cell.label, cell_text(cell)]
        yield [_("I alt"), total_text(breakdown)]
    yield []
    yield [hidden_note()]


def safe_rows(rows: Iterable[list]) -> Iterator[list]:
    for row in rows:
        yield [neutralise(value) for value in row]


class _Echo:
    """A file-like object whose write returns the line, so csv.writer can feed a generator."""

    def write(self, value: str) -> str:
        return value


def csv_chunks(rows: Iterable[list]) -> Iterator[bytes]:
    """UTF-8 with a BOM (so Excel reads æøå), semicolon-separated, one encoded line at a time."""
    writer = csv.writer(_Echo(), delimiter=";", lineterminator="\r\n")
    yield "\ufeff".encode()
    for row in safe_rows(rows):
        yield writer.writerow(row).encode("utf-8")


def xlsx_bytes(rows: Iterable[list]) -> bytes:
    """A write-only workbook with one sheet; every cell plain text or a number, never a formula."""
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=_("Resultater")[:31])
    for row in rows:
        # why: characters a workbook cannot hold go first, so none can hide a formula from neutralise
        sheet.append([neutralise(ILLEGAL_CHARACTERS_RE.sub("", v) if isinstance(v, str) else v) for v in row])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def pdf_bytes(request, report: Report) -> bytes:
    from weasyprint import CSS, HTML

    html = render_to_string(
        "reports/results_pdf.html",
        {"report": report, "anonymity_note": anonymity_note(), "hidden_note": hidden_note()},
        request=request,
    )
    return HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf(
        stylesheets=[CSS(string=PDF_CSS)]
    )
