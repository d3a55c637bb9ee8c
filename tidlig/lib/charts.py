"""The geometry of the server-rendered SVG charts: no JavaScript, they print, and screen readers read them.

No domain and no markup here. A chart is a frame (the picture's size and its plot area), axes with their
ticks, and the shapes placed in the plot, every coordinate already written as a short number. The
templates under templates/charts/ draw them (one per kind: lines, bars, a change from start to end, a
message), and the apps (courses/charts.py, reports/charts.py) say what to plot and in which words.
"""

import math
from dataclasses import dataclass
from decimal import Decimal

from django.template.loader import render_to_string


def n(value) -> str:
    """A coordinate with at most one decimal, so the markup stays small and testable."""
    text = f"{float(value):.1f}"
    return text[:-2] if text.endswith(".0") else text


def nice_max(value, multiple: int) -> int:
    """An axis's top: value rounded up to a multiple, at least that multiple."""
    top = max(Decimal(multiple), Decimal(value))
    return math.ceil(top / multiple) * multiple


@dataclass(frozen=True)
class Frame:
    """The picture's size and the margins around its plot area."""

    width: int
    height: int
    left: int
    right: int
    top: int
    bottom: int

    @property
    def plot_w(self) -> int:
        return self.width - self.left - self.right

    @property
    def plot_h(self) -> int:
        return self.height - self.top - self.bottom

    @property
    def plot_right(self) -> int:
        return self.left + self.plot_w

    @property
    def baseline(self) -> int:
        return self.top + self.plot_h

    @property
    def centre_x(self) -> str:
        return n(self.left + self.plot_w / 2)

    @property
    def middle_y(self) -> str:
        return n(self.top + self.plot_h / 2)

    def y(self, value, y_max) -> float:
        """Where a value sits on a y axis from 0 to y_max."""
        return self.top + self.plot_h * (1 - float(value) / y_max)


@dataclass(frozen=True)
class Text:
    x: str
    y: str
    text: str


@dataclass(frozen=True)
class Point:
    x: float
    y: float


@dataclass(frozen=True)
class Marker:
    """A point's marker: a filled circle of radius size, or a hollow square of side 2 x size."""

    shape: str
    cx: str
    cy: str
    size: int
    colour: str

    @property
    def x(self) -> str:
        return n(float(self.cx) - self.size)

    @property
    def y(self) -> str:
        return n(float(self.cy) - self.size)

    @property
    def side(self) -> int:
        return 2 * self.size


@dataclass(frozen=True)
class Tick:
    """A gridline at y with its number, written at text_y."""

    y: str
    text_y: str
    text: str


@dataclass(frozen=True)
class Axes:
    """Gridlines with their numbers up the y axis, words along the x axis, and both axes' titles."""

    y_ticks: tuple[Tick, ...]
    x_ticks: tuple[Text, ...]
    x_label: Text
    y_label: str


def axes(
    frame: Frame, y_max: int, step: int, *, x_label: str, y_label: str, x_ticks=(), label_gap=10
) -> Axes:
    """The axes of a plot from 0 to y_max, a gridline every step; x_label sits label_gap above the edge."""
    ticks = tuple(
        Tick(n(frame.y(tick, y_max)), n(frame.y(tick, y_max) + 4), str(tick))
        for tick in range(0, y_max + 1, step)
    )
    return Axes(ticks, tuple(x_ticks), Text(frame.centre_x, str(frame.height - label_gap), x_label), y_label)


def x_tick(frame: Frame, x, text: str) -> Text:
    """Words under the x axis at x."""
    return Text(n(x), str(frame.baseline + 18), text)


@dataclass(frozen=True)
class Series:
    """A line through points with a marker on each: "circle" or "square" (shape and dashes, not colour
    alone), named in the legend when legend_x is set."""

    css_class: str
    name: str
    points: tuple[Point, ...]
    colour: str
    marker: str = "circle"
    marker_size: int = 5  # the circle's radius, half the square's side
    last_marker: str = ""  # the last point's shape where it differs: an end told from its start
    stroke_width: str = "3"
    dash: str = ""
    legend_x: int | None = None

    @property
    def coords(self) -> str:
        return " ".join(f"{n(p.x)},{n(p.y)}" for p in self.points)

    @property
    def markers(self) -> list[Marker]:
        last = len(self.points) - 1
        return [
            Marker(
                self.last_marker if i == last and self.last_marker else self.marker,
                n(p.x),
                n(p.y),
                self.marker_size,
                self.colour,
            )
            for i, p in enumerate(self.points)
        ]

    @property
    def legend_marker(self) -> Marker:
        return Marker(self.marker, n(self.legend_x + 14), "16", 5, self.colour)


@dataclass(frozen=True)
class Rule:
    """A dotted line across the plot at y (a cut-off), with its words at the right end."""

    y: str
    text_y: str
    text: str


@dataclass(frozen=True)
class Bar:
    """A bar of a shown value, or the hatched marker of a hidden one with its words."""

    key: str
    x: str
    y: str
    width: str
    height: str
    centre: str
    text_y: str
    value: int | None  # None: hidden, with words; 0: no bar
    words: str = ""
    label: str = ""  # under the axis; empty when left out for room
    label_size: int = 12


@dataclass(frozen=True)
class Chart:
    """One chart: its accessible name and description, the frame, and what its template draws."""

    template_name: str  # charts/lines.html, charts/bars.html or charts/message.html
    ident: str  # the SVG's id prefix
    title: str
    desc: str
    frame: Frame
    axes: Axes | None = None
    svg_id: bool = False  # whether the picture itself carries the id (the results page links to it)
    series: tuple[Series, ...] = ()
    bars: tuple[Bar, ...] = ()
    texts: tuple[Text, ...] = ()  # words at points: a value over its marker, or a message
    rule: Rule | None = None

    def render(self) -> str:
        return render_to_string(self.template_name, {"chart": self})


def bars(frame: Frame, cells, y_max: int, *, hidden_words) -> tuple[Bar, ...]:
    """One bar per cell (key, label, value, hidden): a shown value at its height; a hidden one a short
    marker on the axis with hidden_words(cell); with more than 16 cells, every third label."""
    cells = list(cells)
    slot = frame.plot_w / max(len(cells), 1)
    bar_w = max(min(slot * 0.7, 48), 2)
    small = len(cells) > 16
    made = []
    for i, (key, label, value, hidden) in enumerate(cells):
        x = frame.left + slot * i + (slot - bar_w) / 2
        centre = frame.left + slot * i + slot / 2
        height = frame.plot_h * value / y_max if value else 16
        made.append(
            Bar(
                key=key,
                x=n(x),
                y=n(frame.baseline - height),
                width=n(bar_w),
                height=n(height),
                centre=n(centre),
                text_y=n(frame.baseline - height - 6),
                value=value,
                words=hidden_words(hidden) if value is None and hidden else "",
                label=label if not small or i % 3 == 0 else "",
                label_size=10 if small else 12,
            )
        )
    return tuple(made)
