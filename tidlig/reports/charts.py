"""The results page's charts (lib.charts, drawn by templates/charts/): no JavaScript, they print, and each
has a table.

Three charts for a unit and a period, built from the same anonymity rules as the key figures
(reports/anonymity.py, docs/decisions/0013): a bar of 1-4 is never drawn at its height and its number is
never written; it is a hatched, dashed marker with the words "under 5". A bar hidden by complementary
suppression is the same marker with "skjult". A mean resting on fewer than 5 children is not drawn.

1. Referrals received per month in the period.
2. The change on the Trivselslineal (end minus start) per child in courses closed in the period.
3. Start -> end: the mean start and mean end placement joined by a line.

Two queries in all, whatever the period.
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count
from django.utils.dates import MONTHS_3
from django.utils.translation import gettext as _

from tidlig.accounts.models import Unit
from tidlig.lib import charts
from tidlig.measurements.scoring import fmt
from tidlig.reports import anonymity, kpis
from tidlig.reports.anonymity import HIDDEN, UNDER_5, Breakdown, suppress_breakdown

FRAME = charts.Frame(width=640, height=300, left=56, right=24, top=24, bottom=56)
LINE_COLOUR = "#004993"


@dataclass(frozen=True)
class ChartRow:
    label: str
    text: str  # the value as the page may show it: a number, "under 5", "skjult", "for få til at vise"


@dataclass(frozen=True)
class Chart:
    code: str
    title: str
    chart: charts.Chart  # the picture, drawn by its template
    column: str  # the table's first column heading
    value_column: str
    rows: tuple[ChartRow, ...]
    note: str = ""


def _cell_text(value: int | None, hidden: str) -> str:
    if value is not None:
        return str(value)
    return _("skjult") if hidden == HIDDEN else _("under 5")


def _hidden_words(hidden: str) -> str:
    return _cell_text(None, hidden) if hidden in (UNDER_5, HIDDEN) else ""


def bar_chart(code: str, title: str, breakdown: Breakdown, *, x_label: str, y_label: str) -> charts.Chart:
    """One bar per cell. A shown value is a solid bar with its number above it; a hidden one is a short
    hatched, dashed box on the axis with the words "under 5" or "skjult" (shape and words, not colour)."""
    cells = breakdown.cells
    shown = [c.value for c in cells if c.value is not None]
    y_max = charts.nice_max(max(shown, default=0), 5)
    desc = "; ".join(f"{c.label}: {_cell_text(c.value, c.hidden)}" for c in cells) or _("Ingen data")
    return charts.Chart(
        template_name="charts/bars.html",
        ident=f"chart-{code}",
        title=title,
        desc=desc,
        frame=FRAME,
        svg_id=True,
        axes=charts.axes(FRAME, y_max, max(1, y_max // 5), x_label=x_label, y_label=y_label, label_gap=8),
        bars=charts.bars(
            FRAME, ((c.key, c.label, c.value, c.hidden) for c in cells), y_max, hidden_words=_hidden_words
        ),
    )


# The data ----------------------------------------------------------------------------------------


def _months(start: dt.date, end: dt.date) -> list[tuple[int, int]]:
    months, year, month = [], start.year, start.month
    while (year, month) <= (end.year, end.month):
        months.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def month_label(year: int, month: int) -> str:
    return f"{MONTHS_3[month]} {year}"


def referrals_per_month(*, unit: Unit, start: dt.date, end: dt.date) -> Breakdown:
    """Referrals received in the period, per calendar month (local time), suppressed as a breakdown."""
    counts = {
        (year, month): n
        for year, month, n in kpis.referrals_received(unit, start, end)
        .values_list("received_at__year", "received_at__month")  # in local time
        .annotate(n=Count("pk"))
        .order_by()
    }
    return suppress_breakdown(
        "referrals_per_month",
        _("Henvendelser pr. måned"),
        [(f"{y}-{m:02d}", month_label(y, m), counts.get((y, m), 0)) for y, m in _months(start, end)],
    )


def wellbeing_changes(pairs: list[tuple[int, int]]) -> Breakdown:
    """Children by their change on the Trivselslineal (end minus start), one cell per change value from
    the lowest to the highest seen, 0 always included."""
    changes = [e - s for s, e in pairs]
    counts: dict[int, int] = {}
    for change in changes:
        counts[change] = counts.get(change, 0) + 1
    low, high = min([0, *changes]), max([0, *changes])
    cells = [(str(v), f"{v:+d}" if v else "0", counts.get(v, 0)) for v in range(low, high + 1)]
    return suppress_breakdown("wellbeing_changes", _("Ændring på Trivselslinealen"), cells if changes else [])


def _rows(breakdown: Breakdown) -> tuple[ChartRow, ...]:
    return tuple(ChartRow(c.label, _cell_text(c.value, c.hidden)) for c in breakdown.cells)


def _start_end_chart(start_mean, end_mean, y_max: int) -> charts.Chart:
    code = "wellbeing_start_end"
    title = _("Trivselslinealen fra start til afslutning")
    if start_mean is None or end_mean is None:
        desc = _("for få til at vise")
        middle = charts.Text(charts.n(FRAME.width / 2), charts.n(FRAME.height / 2), desc)
        return charts.Chart(
            "charts/message.html", f"chart-{code}", title, desc, FRAME, svg_id=True, texts=(middle,)
        )
    desc = _("Gennemsnit ved start %(start)s, ved afslutning %(end)s.") % {
        "start": fmt(start_mean),
        "end": fmt(end_mean),
    }
    x1, x2 = FRAME.left + FRAME.plot_w * 0.25, FRAME.left + FRAME.plot_w * 0.75
    y1, y2 = FRAME.y(start_mean, y_max), FRAME.y(end_mean, y_max)
    return charts.Chart(
        template_name="charts/lines.html",
        ident=f"chart-{code}",
        title=title,
        desc=desc,
        frame=FRAME,
        svg_id=True,
        axes=charts.axes(
            FRAME,
            y_max,
            max(1, y_max // 5),
            x_label=_("Tidspunkt"),
            y_label=_("Placering (gennemsnit)"),
            x_ticks=[charts.x_tick(FRAME, x1, _("Start")), charts.x_tick(FRAME, x2, _("Afslutning"))],
            label_gap=8,
        ),
        series=(
            charts.Series(
                "tidlig-chart-change",
                title,
                (charts.Point(x1, y1), charts.Point(x2, y2)),
                LINE_COLOUR,
                marker_size=7,
                last_marker="square",  # the start a circle, the end a square: told apart by shape
            ),
        ),
        texts=(
            charts.Text(charts.n(x1), charts.n(y1 - 14), fmt(start_mean)),
            charts.Text(charts.n(x2), charts.n(y2 - 14), fmt(end_mean)),
        ),
    )


def results_charts(*, unit: Unit, start: dt.date, end: dt.date) -> dict:
    """The three charts for the results page, each with the rows of its table alternative."""
    months = referrals_per_month(unit=unit, start=start, end=end)
    referrals_chart = bar_chart(
        "referrals_per_month",
        _("Henvendelser pr. måned"),
        months,
        x_label=_("Måned"),
        y_label=_("Henvendelser"),
    )
    pairs = kpis.wellbeing_pairs(unit, start, end)
    changes = wellbeing_changes(pairs)
    changes_chart = bar_chart(
        "wellbeing_changes",
        _("Ændring på Trivselslinealen fra start til afslutning"),
        changes,
        x_label=_("Ændring (slut minus start)"),
        y_label=_("Børn"),
    )
    start_mean, _start_hidden = anonymity.mean_of([s for s, _e in pairs])
    end_mean, _end_hidden = anonymity.mean_of([e for _s, e in pairs])
    too_few = _("for få til at vise")
    if start_mean is None or end_mean is None:
        start_mean = end_mean = None
    y_max = charts.nice_max(max([Decimal(10), *(v for v in (start_mean, end_mean) if v is not None)]), 5)
    start_end_chart = _start_end_chart(start_mean, end_mean, y_max)
    shown = (
        Chart(
            "referrals_per_month",
            _("Henvendelser pr. måned"),
            referrals_chart,
            _("Måned"),
            _("Henvendelser"),
            _rows(months),
        ),
        Chart(
            "wellbeing_changes",
            _("Ændring på Trivselslinealen"),
            changes_chart,
            _("Ændring"),
            _("Børn"),
            _rows(changes),
            note=_(kpis.WELLBEING_BASIS),
        ),
        Chart(
            "wellbeing_start_end",
            _("Trivselslinealen fra start til afslutning"),
            start_end_chart,
            _("Tidspunkt"),
            _("Gennemsnit"),
            (
                ChartRow(_("Start"), too_few if start_mean is None else fmt(start_mean)),
                ChartRow(_("Afslutning"), too_few if end_mean is None else fmt(end_mean)),
            ),
            note=_(kpis.WELLBEING_BASIS),
        ),
    )
    return {
        "charts": shown,
        "referrals_chart": referrals_chart,
        "wellbeing_changes_chart": changes_chart,
        "wellbeing_start_end_chart": start_end_chart,
    }
