"""A small server-drawn SVG step chart of parties over time (no JavaScript, no CDN)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from treatywatch.core.status import Counts

WIDTH, HEIGHT = 720, 260
LEFT, RIGHT, TOP, BOTTOM = 48, 16, 16, 32


@dataclass(frozen=True)
class Chart:
    parties_path: str
    in_force_path: str
    x_ticks: list[tuple[float, str]]
    y_ticks: list[tuple[float, int]]
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    bottom_y: float = HEIGHT - BOTTOM
    right_x: float = WIDTH - RIGHT


def _step_path(points: list[tuple[float, float]]) -> str:
    if not points:
        return ""
    parts = [f"M{points[0][0]:.1f},{points[0][1]:.1f}"]
    for x, y in points[1:]:
        parts.append(f"H{x:.1f}V{y:.1f}")
    return "".join(parts)


def build_chart(timeline: list[tuple[date, Counts]], until: date) -> Chart | None:
    if not timeline:
        return None
    start = date(timeline[0][0].year, 1, 1)
    end = max(until, timeline[-1][0])
    span = max((end - start).days, 1)
    top = max(max(c.parties for _d, c in timeline), 1)

    def x(day: date) -> float:
        return LEFT + (WIDTH - LEFT - RIGHT) * (day - start).days / span

    def y(value: int) -> float:
        return TOP + (HEIGHT - TOP - BOTTOM) * (1 - value / top)

    parties = [(x(d), y(c.parties)) for d, c in timeline] + [(x(end), y(timeline[-1][1].parties))]
    in_force = [(x(d), y(c.in_force)) for d, c in timeline] + [(x(end), y(timeline[-1][1].in_force))]
    years = list(range(start.year, end.year + 1))
    stride = max(1, len(years) // 8)
    x_ticks = [(x(date(year, 1, 1)), str(year)) for year in years[::stride]]
    step = max(1, round(top / 4 / 10) * 10) if top >= 20 else max(1, top // 4 or 1)
    values = list(range(0, top + 1, step))
    if top - values[-1] > step / 3:
        values.append(top)
    y_ticks = [(y(v), v) for v in values]
    return Chart(_step_path(parties), _step_path(in_force), x_ticks, y_ticks)


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


def chart_drawing(chart: Chart) -> SafeString:
    """The chart's grid, axes and lines: the inside of the page's <svg> and of the downloaded one."""
    grid = mark_safe(
        "".join(
            format_html(
                '\n    <line class="grid" x1="{}" x2="{}" y1="{}" y2="{}" />'
                '\n    <text class="tick" x="{}" y="{}" text-anchor="end" dominant-baseline="middle">{}</text>',
                chart.left,
                _number(chart.right_x),
                f"{y:.1f}",
                f"{y:.1f}",
                chart.left - 6,
                f"{y:.1f}",
                value,
            )
            for y, value in chart.y_ticks
        )
    )  # each piece escaped by format_html
    years = mark_safe(
        "".join(
            format_html(
                '\n    <text class="tick" x="{}" y="{}" text-anchor="middle">{}</text>',
                f"{x:.1f}",
                int(chart.bottom_y) + 18,
                label,
            )
            for x, label in chart.x_ticks
        )
    )
    return format_html(
        '{}{}\n    <path class="line-parties" d="{}" />\n    <path class="line-in-force" d="{}" />',
        grid,
        years,
        chart.parties_path,
        chart.in_force_path,
    )


def chart_figure_html(chart: Chart, parties: int) -> SafeString:
    """The chart as a <figure>: drawn for each day asked about, so written without the template engine."""
    description = _(
        "Step chart of parties and of States for which the treaty is in force; %(n)s parties on the date shown."
    ) % {"n": parties}
    return format_html(
        '<figure class="chart">\n'
        '  <svg viewBox="0 0 {} {}" role="img" aria-labelledby="chart-title chart-desc">\n'
        '    <title id="chart-title">{}</title>\n'
        '    <desc id="chart-desc">{}</desc>{}\n'
        "  </svg>\n"
        '  <figcaption><span class="key key-parties"></span> {} <span class="key key-in-force"></span> {}'
        "</figcaption>\n"
        "</figure>\n",
        chart.width,
        chart.height,
        _("Number of parties over time"),
        description,
        chart_drawing(chart),
        _("Parties"),
        _("In force for"),
    )


def _number(value: float) -> str:
    """A number as the templates write it: 704.0 as 704."""
    return str(int(value)) if float(value).is_integer() else str(value)
