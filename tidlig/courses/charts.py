"""A course's FIT trajectory as a chart (lib.charts), drawn by charts/lines.html: no JavaScript, it
prints, and screen readers read its name and description."""

from decimal import Decimal

from django.utils.translation import gettext as _

from tidlig.lib.charts import Chart, Frame, Point, Rule, Series, axes, n, x_tick

FRAME = Frame(width=640, height=320, left=56, right=24, top=40, bottom=52)
OUTCOME_COLOUR = "#004993"
ALLIANCE_COLOUR = "#8a3b00"


def _score(value) -> str:
    from tidlig.measurements.scoring import fmt

    return fmt(value)


def _y_max(trajectory) -> int:
    values = [p.outcome for p in trajectory.points if p.outcome is not None]
    values += [p.alliance for p in trajectory.points if p.alliance is not None]
    values += [v for v in (trajectory.outcome_cutoff, trajectory.alliance_cutoff) if v is not None]
    top = max([Decimal(40), *values])
    return int(-(-top // 10) * 10)  # round up to a multiple of ten


def trajectory_chart(trajectory) -> Chart:
    """x = contact number, y = total score 0-40. Outcome is a solid line with round markers, alliance a
    dashed line with square markers (not colour alone); the outcome cut-off is a dotted line, "Grænse"."""
    y_max = _y_max(trajectory)
    numbers = [p.contact_number for p in trajectory.points] or [1]
    first, last = min(numbers), max(numbers)
    span = max(last - first, 1)

    def x(number: int) -> float:
        if first == last:
            return FRAME.left + FRAME.plot_w / 2
        return FRAME.left + (number - first) * FRAME.plot_w / span

    def points(attr: str) -> tuple[Point, ...]:
        return tuple(
            Point(x(p.contact_number), FRAME.y(getattr(p, attr), y_max))
            for p in trajectory.points
            if getattr(p, attr) is not None
        )

    rule = None
    if trajectory.outcome_cutoff is not None:
        at = FRAME.y(trajectory.outcome_cutoff, y_max)
        rule = Rule(n(at), n(at - 6), _("Grænse %(cutoff)s") % {"cutoff": _score(trajectory.outcome_cutoff)})
    return Chart(
        template_name="charts/lines.html",
        ident=f"fit-chart-{trajectory.key}",
        title=_("Trivsel og samarbejde for %(who)s") % {"who": trajectory.label},
        desc=_describe(trajectory),
        frame=FRAME,
        axes=axes(
            FRAME,
            y_max,
            10,
            x_label=_("Kontakt nr."),
            y_label=_("Samlet score (0-%(max)s)") % {"max": y_max},
            x_ticks=[x_tick(FRAME, x(number), str(number)) for number in range(first, last + 1)],
        ),
        series=(
            # alliance first, so the outcome line is drawn over it
            Series(
                "tidlig-chart-alliance",
                _("Samarbejde"),
                points("alliance"),
                ALLIANCE_COLOUR,
                marker="square",
                stroke_width="2.5",
                dash="8 5",
                legend_x=FRAME.left + 130,
            ),
            Series(
                "tidlig-chart-outcome", _("Trivsel"), points("outcome"), OUTCOME_COLOUR, legend_x=FRAME.left
            ),
        ),
        rule=rule,
    )


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
