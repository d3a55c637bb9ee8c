"""Server-rendered SVG charts: no JavaScript, print as they are, and read out by screen readers."""

from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

WIDTH, HEIGHT = 640, 320
LEFT, RIGHT, TOP, BOTTOM = 56, 24, 40, 52
PLOT_W, PLOT_H = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
OUTCOME_COLOUR = "#004993"
ALLIANCE_COLOUR = "#8a3b00"
CUTOFF_COLOUR = "#595959"


def _n(value) -> str:
    """A coordinate with at most one decimal, so the markup stays small and testable."""
    text = f"{float(value):.1f}"
    return text[:-2] if text.endswith(".0") else text


def _score(value) -> str:
    from tidlig.measurements.scoring import fmt

    return fmt(value)


def _y_max(trajectory) -> int:
    values = [p.outcome for p in trajectory.points if p.outcome is not None]
    values += [p.alliance for p in trajectory.points if p.alliance is not None]
    values += [v for v in (trajectory.outcome_cutoff, trajectory.alliance_cutoff) if v is not None]
    top = max([Decimal(40), *values])
    return int(-(-top // 10) * 10)  # round up to a multiple of ten


def trajectory_svg(trajectory) -> SafeString:
    """x = contact number, y = total score 0-40. Outcome is a solid line with round markers, alliance a
    dashed line with square markers (not colour alone); the outcome cut-off is a dotted line, "Grænse"."""
    y_max = _y_max(trajectory)
    numbers = [p.contact_number for p in trajectory.points] or [1]
    first, last = min(numbers), max(numbers)
    span = max(last - first, 1)

    def x(number: int) -> float:
        if first == last:
            return LEFT + PLOT_W / 2
        return LEFT + (number - first) * PLOT_W / span

    def y(value) -> float:
        return TOP + PLOT_H * (1 - float(value) / y_max)

    ident = escape(f"fit-chart-{trajectory.key}")
    title = _("Trivsel og samarbejde for %(who)s") % {"who": trajectory.label}
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" class="tidlig-chart" '
        f'role="img" aria-labelledby="{ident}-title {ident}-desc" focusable="false">',
        f'<title id="{ident}-title">{escape(title)}</title>',
        f'<desc id="{ident}-desc">{escape(_describe(trajectory))}</desc>',
    ]
    # Grid and the y axis: 0, 10, 20, ...
    for tick in range(0, y_max + 1, 10):
        parts.append(
            f'<line x1="{LEFT}" y1="{_n(y(tick))}" x2="{LEFT + PLOT_W}" y2="{_n(y(tick))}" '
            f'stroke="#d9d9d9" stroke-width="1"/>'
        )
        parts.append(
            f'<text x="{LEFT - 8}" y="{_n(y(tick) + 4)}" text-anchor="end" font-size="12">{tick}</text>'
        )
    for number in range(first, last + 1):
        parts.append(
            f'<text x="{_n(x(number))}" y="{TOP + PLOT_H + 18}" text-anchor="middle" '
            f'font-size="12">{number}</text>'
        )
    parts.append(
        f'<line x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{TOP + PLOT_H}" stroke="#1a1a1a" stroke-width="1"/>'
        f'<line x1="{LEFT}" y1="{TOP + PLOT_H}" x2="{LEFT + PLOT_W}" y2="{TOP + PLOT_H}" '
        f'stroke="#1a1a1a" stroke-width="1"/>'
    )
    parts.append(
        f'<text x="{LEFT + PLOT_W / 2:.0f}" y="{HEIGHT - 10}" text-anchor="middle" font-size="13">'
        f"{escape(_('Kontakt nr.'))}</text>"
    )
    y_label = _("Samlet score (0-%(max)s)") % {"max": y_max}
    parts.append(
        f'<text x="14" y="{TOP + PLOT_H / 2:.0f}" text-anchor="middle" font-size="13" '
        f'transform="rotate(-90 14 {TOP + PLOT_H / 2:.0f})">{escape(y_label)}</text>'
    )
    if trajectory.outcome_cutoff is not None:
        cy = _n(y(trajectory.outcome_cutoff))
        parts.append(
            f'<line class="tidlig-chart-cutoff" x1="{LEFT}" y1="{cy}" x2="{LEFT + PLOT_W}" y2="{cy}" '
            f'stroke="{CUTOFF_COLOUR}" stroke-width="1.5" stroke-dasharray="2 4"/>'
        )
        parts.append(
            f'<text x="{LEFT + PLOT_W - 4}" y="{_n(y(trajectory.outcome_cutoff) - 6)}" text-anchor="end" '
            f'font-size="12" fill="{CUTOFF_COLOUR}">'
            f"{escape(_('Grænse'))} {escape(_score(trajectory.outcome_cutoff))}</text>"
        )
    outcome = [(x(p.contact_number), y(p.outcome)) for p in trajectory.points if p.outcome is not None]
    alliance = [(x(p.contact_number), y(p.alliance)) for p in trajectory.points if p.alliance is not None]
    if alliance:
        coords = " ".join(f"{_n(px)},{_n(py)}" for px, py in alliance)
        parts.append(
            f'<polyline class="tidlig-chart-alliance" points="{coords}" fill="none" '
            f'stroke="{ALLIANCE_COLOUR}" stroke-width="2.5" stroke-dasharray="8 5"/>'
        )
        parts += [
            f'<rect x="{_n(px - 5)}" y="{_n(py - 5)}" width="10" height="10" fill="#fff" '
            f'stroke="{ALLIANCE_COLOUR}" stroke-width="2"/>'
            for px, py in alliance
        ]
    if outcome:
        coords = " ".join(f"{_n(px)},{_n(py)}" for px, py in outcome)
        parts.append(
            f'<polyline class="tidlig-chart-outcome" points="{coords}" fill="none" '
            f'stroke="{OUTCOME_COLOUR}" stroke-width="3"/>'
        )
        parts += [
            f'<circle cx="{_n(px)}" cy="{_n(py)}" r="5" fill="{OUTCOME_COLOUR}"/>' for px, py in outcome
        ]
    # Legend: the line style and the marker shape, in words.
    parts.append(
        f'<line x1="{LEFT}" y1="16" x2="{LEFT + 28}" y2="16" stroke="{OUTCOME_COLOUR}" stroke-width="3"/>'
        f'<circle cx="{LEFT + 14}" cy="16" r="5" fill="{OUTCOME_COLOUR}"/>'
        f'<text x="{LEFT + 36}" y="20" font-size="13">{escape(_("Trivsel"))}</text>'
        f'<line x1="{LEFT + 130}" y1="16" x2="{LEFT + 158}" y2="16" stroke="{ALLIANCE_COLOUR}" '
        f'stroke-width="2.5" stroke-dasharray="8 5"/>'
        f'<rect x="{LEFT + 139}" y="11" width="10" height="10" fill="#fff" '
        f'stroke="{ALLIANCE_COLOUR}" stroke-width="2"/>'
        f'<text x="{LEFT + 166}" y="20" font-size="13">{escape(_("Samarbejde"))}</text>'
    )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text above is escaped; numbers come from data


def _describe(trajectory) -> str:
    def series(attr: str) -> str:
        values = [
            _("%(score)s ved kontakt %(n)s") % {"score": _score(getattr(p, attr)), "n": p.contact_number}
            for p in trajectory.points
            if getattr(p, attr) is not None
        ]
        return ", ".join(values) if values else _("ingen målinger")

    text = _("Trivsel: %(outcome)s. Samarbejde: %(alliance)s.") % {
        "outcome": series("outcome"),
        "alliance": series("alliance"),
    }
    if trajectory.outcome_cutoff is not None:
        text += " " + _("Grænsen for trivsel er %(cutoff)s.") % {"cutoff": _score(trajectory.outcome_cutoff)}
    return text
