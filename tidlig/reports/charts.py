"""The results page's charts as server-rendered SVG: no JavaScript, they print, and each has a table.

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
import math
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count
from django.utils.dates import MONTHS_3
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from tidlig.accounts.models import Unit
from tidlig.measurements.scoring import fmt
from tidlig.reports import anonymity, kpis
from tidlig.reports.anonymity import HIDDEN, UNDER_5, Breakdown, suppress_breakdown

WIDTH, HEIGHT = 640, 300
LEFT, RIGHT, TOP, BOTTOM = 56, 24, 24, 56
PLOT_W, PLOT_H = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
BAR_COLOUR = "#004993"
MARKER_COLOUR = "#595959"
AXIS_COLOUR = "#1a1a1a"
GRID_COLOUR = "#d9d9d9"
HATCH_ID = "tidlig-hatch"


@dataclass(frozen=True)
class ChartRow:
    label: str
    text: str  # the value as the page may show it: a number, "under 5", "skjult", "for få til at vise"


@dataclass(frozen=True)
class Chart:
    code: str
    title: str
    svg: SafeString
    column: str  # the table's first column heading
    value_column: str
    rows: tuple[ChartRow, ...]
    note: str = ""


def _n(value) -> str:
    """A coordinate with at most one decimal, so the markup stays small and testable."""
    text = f"{float(value):.1f}"
    return text[:-2] if text.endswith(".0") else text


def _nice_max(value) -> int:
    """The y axis's top: the largest value rounded up to a multiple of 5, at least 5."""
    top = max(Decimal(5), Decimal(value))
    return math.ceil(top / 5) * 5


def _cell_text(value: int | None, hidden: str) -> str:
    if value is not None:
        return str(value)
    return _("skjult") if hidden == HIDDEN else _("under 5")


def _open(code: str, title: str, desc: str) -> list[str]:
    ident = escape(f"chart-{code}")
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" class="tidlig-chart" '
        f'id="{ident}" role="img" aria-labelledby="{ident}-title {ident}-desc" focusable="false">',
        f'<title id="{ident}-title">{escape(title)}</title>',
        f'<desc id="{ident}-desc">{escape(desc)}</desc>',
    ]


def _close(parts: list[str]) -> SafeString:
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text is escaped; numbers come from counts


def _axes(parts: list[str], y_max: int, y_label: str, x_label: str, step: int) -> None:
    for tick in range(0, y_max + 1, step):
        y = TOP + PLOT_H * (1 - tick / y_max)
        parts.append(
            f'<line x1="{LEFT}" y1="{_n(y)}" x2="{LEFT + PLOT_W}" y2="{_n(y)}" '
            f'stroke="{GRID_COLOUR}" stroke-width="1"/>'
            f'<text class="tidlig-chart-tick" x="{LEFT - 8}" y="{_n(y + 4)}" text-anchor="end" '
            f'font-size="12">{tick}</text>'
        )
    parts.append(
        f'<line x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{TOP + PLOT_H}" '
        f'stroke="{AXIS_COLOUR}" stroke-width="1"/>'
        f'<line x1="{LEFT}" y1="{TOP + PLOT_H}" x2="{LEFT + PLOT_W}" y2="{TOP + PLOT_H}" '
        f'stroke="{AXIS_COLOUR}" stroke-width="1"/>'
        f'<text x="{_n(LEFT + PLOT_W / 2)}" y="{HEIGHT - 8}" text-anchor="middle" font-size="13">'
        f"{escape(x_label)}</text>"
        f'<text x="14" y="{_n(TOP + PLOT_H / 2)}" text-anchor="middle" font-size="13" '
        f'transform="rotate(-90 14 {_n(TOP + PLOT_H / 2)})">{escape(y_label)}</text>'
    )


def bar_svg(code: str, title: str, breakdown: Breakdown, *, x_label: str, y_label: str) -> SafeString:
    """One bar per cell. A shown value is a solid bar with its number above it; a hidden one is a short
    hatched, dashed box on the axis with the words "under 5" or "skjult" (shape and words, not colour)."""
    cells = breakdown.cells
    shown = [c.value for c in cells if c.value is not None]
    y_max = _nice_max(max(shown, default=0))
    step = max(1, y_max // 5)
    desc = "; ".join(f"{c.label}: {_cell_text(c.value, c.hidden)}" for c in cells) or _("Ingen data")
    parts = _open(code, title, desc)
    parts.append(
        f'<defs><pattern id="{HATCH_ID}-{escape(code)}" width="6" height="6" patternUnits="userSpaceOnUse" '
        f'patternTransform="rotate(45)"><line x1="0" y1="0" x2="0" y2="6" stroke="{MARKER_COLOUR}" '
        f'stroke-width="2"/></pattern></defs>'
    )
    _axes(parts, y_max, y_label, x_label, step)
    slot = PLOT_W / max(len(cells), 1)
    bar_w = max(min(slot * 0.7, 48), 2)
    small_labels = len(cells) > 16
    baseline = TOP + PLOT_H
    for i, cell in enumerate(cells):
        x = LEFT + slot * i + (slot - bar_w) / 2
        centre = LEFT + slot * i + slot / 2
        parts.append(f'<g class="tidlig-chart-bar" data-key="{escape(cell.key)}">')
        if cell.value is None and cell.hidden in (UNDER_5, HIDDEN):
            words = _cell_text(None, cell.hidden)
            parts.append(
                f'<rect class="tidlig-chart-suppressed" x="{_n(x)}" y="{_n(baseline - 16)}" '
                f'width="{_n(bar_w)}" height="16" fill="url(#{HATCH_ID}-{escape(code)})" '
                f'stroke="{MARKER_COLOUR}" stroke-width="1.5" stroke-dasharray="4 3"/>'
                f'<text x="{_n(centre)}" y="{_n(baseline - 22)}" text-anchor="middle" font-size="11">'
                f"{escape(words)}</text>"
            )
        elif cell.value:
            height = PLOT_H * cell.value / y_max
            parts.append(
                f'<rect class="tidlig-chart-value" x="{_n(x)}" y="{_n(baseline - height)}" '
                f'width="{_n(bar_w)}" height="{_n(height)}" fill="{BAR_COLOUR}" data-value="{cell.value}"/>'
                f'<text x="{_n(centre)}" y="{_n(baseline - height - 6)}" text-anchor="middle" '
                f'font-size="12">{cell.value}</text>'
            )
        if not small_labels or i % 3 == 0:
            parts.append(
                f'<text class="tidlig-chart-label" x="{_n(centre)}" y="{baseline + 18}" text-anchor="middle" '
                f'font-size="{10 if small_labels else 12}">{escape(cell.label)}</text>'
            )
        parts.append("</g>")
    return _close(parts)


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
        for year, month, n in kpis._referrals(unit, start, end)
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


def _start_end_svg(start_mean, end_mean, y_max: int) -> SafeString:
    code = "wellbeing_start_end"
    title = _("Trivselslinealen fra start til afslutning")
    if start_mean is None or end_mean is None:
        desc = _("for få til at vise")
        parts = _open(code, title, desc)
        parts.append(
            f'<text x="{WIDTH // 2}" y="{HEIGHT // 2}" text-anchor="middle" font-size="16">'
            f"{escape(desc)}</text>"
        )
        return _close(parts)
    desc = _("Gennemsnit ved start %(start)s, ved afslutning %(end)s.") % {
        "start": fmt(start_mean),
        "end": fmt(end_mean),
    }
    parts = _open(code, title, desc)
    _axes(parts, y_max, _("Placering (gennemsnit)"), _("Tidspunkt"), max(1, y_max // 5))
    x1, x2 = LEFT + PLOT_W * 0.25, LEFT + PLOT_W * 0.75

    def y(value) -> float:
        return TOP + PLOT_H * (1 - float(value) / y_max)

    parts.append(
        f'<line class="tidlig-chart-change" x1="{_n(x1)}" y1="{_n(y(start_mean))}" x2="{_n(x2)}" '
        f'y2="{_n(y(end_mean))}" stroke="{BAR_COLOUR}" stroke-width="3"/>'
    )
    for x, value, label, marker in (
        (x1, start_mean, _("Start"), "circle"),
        (x2, end_mean, _("Afslutning"), "square"),
    ):
        if marker == "circle":
            parts.append(
                f'<circle class="tidlig-chart-point" cx="{_n(x)}" cy="{_n(y(value))}" r="7" '
                f'fill="{BAR_COLOUR}"/>'
            )
        else:
            parts.append(
                f'<rect class="tidlig-chart-point" x="{_n(x - 7)}" y="{_n(y(value) - 7)}" width="14" '
                f'height="14" fill="#fff" stroke="{BAR_COLOUR}" stroke-width="3"/>'
            )
        parts.append(
            f'<text x="{_n(x)}" y="{_n(y(value) - 14)}" text-anchor="middle" font-size="13">'
            f"{escape(fmt(value))}</text>"
            f'<text x="{_n(x)}" y="{TOP + PLOT_H + 18}" text-anchor="middle" font-size="12">'
            f"{escape(label)}</text>"
        )
    return _close(parts)


def results_charts(*, unit: Unit, start: dt.date, end: dt.date) -> dict:
    """The three charts for the results page, each with the rows of its table alternative."""
    months = referrals_per_month(unit=unit, start=start, end=end)
    referrals_svg = bar_svg(
        "referrals_per_month",
        _("Henvendelser pr. måned"),
        months,
        x_label=_("Måned"),
        y_label=_("Henvendelser"),
    )
    pairs = kpis._wellbeing_pairs(unit, start, end)
    changes = wellbeing_changes(pairs)
    changes_svg = bar_svg(
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
    y_max = _nice_max(max([Decimal(10), *(v for v in (start_mean, end_mean) if v is not None)]))
    start_end_svg = _start_end_svg(start_mean, end_mean, y_max)
    charts = (
        Chart(
            "referrals_per_month",
            _("Henvendelser pr. måned"),
            referrals_svg,
            _("Måned"),
            _("Henvendelser"),
            _rows(months),
        ),
        Chart(
            "wellbeing_changes",
            _("Ændring på Trivselslinealen"),
            changes_svg,
            _("Ændring"),
            _("Børn"),
            _rows(changes),
            note=_(kpis.WELLBEING_BASIS),
        ),
        Chart(
            "wellbeing_start_end",
            _("Trivselslinealen fra start til afslutning"),
            start_end_svg,
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
        "charts": charts,
        "referrals_chart": referrals_svg,
        "wellbeing_changes_chart": changes_svg,
        "wellbeing_start_end_chart": start_end_svg,
    }
