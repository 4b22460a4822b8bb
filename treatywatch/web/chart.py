"""A small server-drawn SVG step chart of parties over time (no JavaScript, no CDN)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from treatywatch.core.status import Counts


@dataclass(frozen=True)
class Layout:
    """A drawing's size in SVG units and how many year ticks fit along it. The SVG scales to its box, so a
    drawing shown ~1:1 keeps its 12px tick text readable: the wide one on a desktop, the narrow one on a phone."""

    width: int
    height: int
    max_year_ticks: int
    left: int = 48
    right: int = 16
    top: int = 16
    bottom: int = 32


WIDE = Layout(720, 260, 8)
# A phone's column is ~358 CSS px (390 less the page's padding): drawn 360 wide, 12px text stays ~12px.
NARROW = Layout(360, 240, 4, left=40, right=12)


@dataclass(frozen=True)
class Chart:
    parties_path: str
    in_force_path: str
    x_ticks: list[tuple[float, str]]
    y_ticks: list[tuple[float, int]]
    layout: Layout = WIDE

    @property
    def width(self) -> int:
        return self.layout.width

    @property
    def height(self) -> int:
        return self.layout.height

    @property
    def left(self) -> int:
        return self.layout.left

    @property
    def bottom_y(self) -> float:
        return self.layout.height - self.layout.bottom

    @property
    def right_x(self) -> float:
        return self.layout.width - self.layout.right


class StepChart:
    """The chart of a timeline drawn up to any day on or after its last change: the heights and the path's shape
    are worked out once, and each day only places the points along the axis (a page's stored answer draws it for
    every day of its interval, `lib.intervals`). A day's drawing is the same as one worked out for it alone."""

    def __init__(self, timeline: list[tuple[date, Counts]], layout: Layout = WIDE) -> None:
        self.layout, self.last_day = layout, timeline[-1][0]
        self.start = date(timeline[0][0].year, 1, 1)
        self.top = max(max(c.parties for _d, c in timeline), 1)
        self._offsets = [(d - self.start).days for d, _c in timeline]
        self._parties = _path_pattern([self.y(c.parties) for _d, c in timeline])
        self._in_force = _path_pattern([self.y(c.in_force) for _d, c in timeline])
        step = max(1, round(self.top / 4 / 10) * 10) if self.top >= 20 else max(1, self.top // 4 or 1)
        values = list(range(0, self.top + 1, step))
        if self.top - values[-1] > step / 3:
            values.append(self.top)
        self._y_ticks = [(self.y(v), v) for v in values]

    def y(self, value: int) -> float:
        layout = self.layout
        return layout.top + (layout.height - layout.top - layout.bottom) * (1 - value / self.top)

    def at(self, until: date) -> Chart:
        layout, start = self.layout, self.start
        end = max(until, self.last_day)
        span = max((end - start).days, 1)
        left, plot = layout.left, layout.width - layout.left - layout.right
        xs = [left + plot * offset / span for offset in self._offsets]
        xs.append(left + plot * (end - start).days / span)
        years = list(range(start.year, end.year + 1))
        stride = max(1, len(years) // layout.max_year_ticks)
        x_ticks = [(left + plot * (date(year, 1, 1) - start).days / span, str(year)) for year in years[::stride]]
        return Chart(self._parties % tuple(xs), self._in_force % tuple(xs), x_ticks, self._y_ticks, layout)


def _path_pattern(heights: list[float]) -> str:
    """A step line's path with its heights written and a `%.1f` for each point's place along the axis (the last
    point repeats the last height, at the chart's end)."""
    first = f"{heights[0]:.1f}"
    steps = "".join(f"H%.1fV{height:.1f}" for height in [*heights[1:], heights[-1]])
    return f"M%.1f,{first}{steps}"


def build_chart(timeline: list[tuple[date, Counts]], until: date, layout: Layout = WIDE) -> Chart | None:
    return StepChart(timeline, layout).at(until) if timeline else None


def yearly_counts(timeline: list[tuple[date, Counts]], until: date) -> list[tuple[int, Counts]]:
    """The counts at the end of each year (and on `until` for the current one), for the data table."""
    if not timeline:
        return []
    result = []
    index = 0
    current = timeline[0][1]
    for year in range(timeline[0][0].year, until.year + 1):
        cutoff = min(date(year, 12, 31), until)
        while index < len(timeline) and timeline[index][0] <= cutoff:
            current = timeline[index][1]
            index += 1
        result.append((year, current))
    return result


def chart_figure_html(wide: Chart, narrow: Chart, parties: int) -> SafeString:
    """The chart as a <figure> holding both drawings (CSS shows one: site.css, "narrow drawing"); drawn for each
    day asked about, so written without the template engine."""
    description = _(
        "Step chart of parties and of States for which the treaty is in force; %(n)s parties on the date shown."
    ) % {"n": parties}
    return format_html(
        '<figure class="chart">{}{}\n'
        '  <figcaption><span class="key key-parties"></span> {} <span class="key key-in-force"></span> {}'
        "</figcaption>\n"
        "</figure>\n",
        _svg(wide, "chart-wide", "", description),
        _svg(narrow, "chart-narrow", "-narrow", description),
        _("Parties"),
        _("In force for"),
    )


def _svg(chart: Chart, css_class: str, suffix: str, description: str) -> SafeString:
    return format_html(
        '\n  <svg class="{}" viewBox="0 0 {} {}" role="img" aria-labelledby="chart-title{} chart-desc{}">\n'
        '    <title id="chart-title{}">{}</title>\n'
        '    <desc id="chart-desc{}">{}</desc>{}\n'
        "  </svg>",
        css_class,
        chart.width,
        chart.height,
        suffix,
        suffix,
        suffix,
        _("Number of parties over time"),
        suffix,
        description,
        chart_drawing(chart),
    )


def chart_drawing(chart: Chart) -> SafeString:
    """The chart's grid, axes and lines: the inside of the page's <svg> elements and of the downloaded one. Drawn
    for each day asked about, so written with plain string formatting: every value in it is a number."""
    right_x, tick_x, years_y = _number(chart.right_x), chart.left - 6, int(chart.bottom_y) + 18
    grid = "".join(
        f'\n    <line class="grid" x1="{chart.left}" x2="{right_x}" y1="{y:.1f}" y2="{y:.1f}" />'
        f'\n    <text class="tick" x="{tick_x}" y="{y:.1f}" text-anchor="end" dominant-baseline="middle">'
        f"{int(value)}</text>"
        for y, value in chart.y_ticks
    )
    years = "".join(
        f'\n    <text class="tick" x="{x:.1f}" y="{years_y}" text-anchor="middle">{int(label)}</text>'
        for x, label in chart.x_ticks
    )
    lines = (
        f'\n    <path class="line-parties" d="{chart.parties_path}" />'
        f'\n    <path class="line-in-force" d="{chart.in_force_path}" />'
    )
    return mark_safe(grid + years + lines)  # numbers only, and the paths made of numbers by `_step_path`


def _number(value: float) -> str:
    """A number as the templates write it: 704.0 as 704."""
    return str(int(value)) if float(value).is_integer() else str(value)
