"""A small server-drawn SVG step chart of parties over time (no JavaScript, no CDN)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

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
