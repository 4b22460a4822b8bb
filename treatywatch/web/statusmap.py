"""Where States stand, on the world map: a class and a sentence per State, nothing else per request.

The shapes are decoded and projected once per process (`worldmap.world_map()`); this only
picks each State's category from its standing, so the map costs about what the table costs.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from django.utils.functional import Promise
from django.utils.translation import get_language

from treatywatch.core.status import Standing
from treatywatch.registry.labels import STANDING_LABELS, standing_category, standing_text
from treatywatch.registry.standings import StateRow
from treatywatch.web.worldmap import Point, WorldMap, world_map


@dataclass(frozen=True)
class MapState:
    iso3: str
    label: str  # "Lithuania: Withdrawn (2025-03-06)"
    category: str
    d: str  # its shape, or "" when it is drawn as a dot
    dot: Point | None


@dataclass(frozen=True)
class StatusMap:
    world: WorldMap
    shapes: list[MapState]
    dots: list[MapState]
    others: list[str]  # territories that are not States, and States filtered out: plain, unlabelled
    not_shown: list[str]  # names of States the data has no place for
    legend: list[tuple[str, Promise]]


@lru_cache(maxsize=8192)
def _label(language: str | None, name: str, standing: Standing) -> str:
    """A State's name and status, written once per language and standing: every `as_of` reuses it."""
    return f"{name}: {standing_text(standing)}"


def status_map(rows: Iterable[StateRow]) -> StatusMap:
    """The map of the States in `rows` (the list as filtered); every other shape is drawn plain."""
    world = world_map()
    shapes, dots, not_shown = [], [], []
    listed = set()
    for row in rows:
        iso3 = row.state.iso3
        listed.add(iso3)
        name = row.state.display_name
        label = _label(get_language(), name, row.standing)
        category = standing_category(row.standing)
        if iso3 in world.by_iso3:
            shapes.append(MapState(iso3, label, category, world.by_iso3[iso3].d, None))
        elif iso3 in world.points:
            dots.append(MapState(iso3, label, category, "", world.points[iso3]))
        else:
            not_shown.append(name)
    others = [shape.d for shape in world.shapes if shape.iso3 not in listed]
    return StatusMap(world, shapes, dots, others, sorted(not_shown), list(STANDING_LABELS.items()))
