"""A world map drawn on the server as SVG: TopoJSON decoding, the Equal Earth projection, path data.

Pure Python (no Django). The shapes come from Natural Earth's 1:110m countries as TopoJSON
(world-atlas, vendored in `data/`); States too small for that scale are dots at a centroid
taken from the 1:50m file (`data/small-states.json`, made by `worldmap_points`). Everything
is decoded and projected once per process (`world_map()`): a page only chooses a class per State.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from itertools import pairwise
from math import asin, cos, radians, sin, sqrt
from pathlib import Path
from typing import Any

import pycountry

DATA = Path(__file__).resolve().parent / "data"
COUNTRIES_FILE = DATA / "countries-110m.json"
POINTS_FILE = DATA / "small-states.json"

Point = tuple[float, float]
Ring = list[Point]
Polygon = list[Ring]  # the outer ring, then any holes
Box = tuple[float, float, float, float]  # x0, y0, x1, y1

WIDTH = 2000.0
SOUTH_EDGE = -60.0  # Antarctica is left out: no State, and a third of the height
ANTARCTICA = "010"
# Islands and enclaves that make up less than this share of a State's largest polygon do not
# widen the window of its profile's map (metropolitan France's map leaves French Guiana out).
MAIN_POLYGON_SHARE = 0.25


def decode_arcs(topology: Mapping[str, Any]) -> list[list[Point]]:
    """The arcs as longitude/latitude points.

    A quantized topology stores each arc as integer deltas from the previous point; the
    transform turns the running sum back into degrees (TopoJSON specification, 2.1.2 and 2.2).
    """
    transform = topology.get("transform")
    if transform is None:
        return [[(float(p[0]), float(p[1])) for p in arc] for arc in topology["arcs"]]
    (scale_x, scale_y), (shift_x, shift_y) = transform["scale"], transform["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for position in arc:
            x += position[0]
            y += position[1]
            points.append((x * scale_x + shift_x, y * scale_y + shift_y))
        arcs.append(points)
    return arcs


def ring_points(arcs: Sequence[Sequence[Point]], indices: Iterable[int]) -> Ring:
    """A ring from its arcs: a negative index ~i is arc i reversed; shared end points appear once."""
    points: Ring = []
    for index in indices:
        arc = list(arcs[index]) if index >= 0 else list(reversed(arcs[~index]))
        points.extend(arc[1:] if points else arc)
    return points


def geometry_polygons(arcs: Sequence[Sequence[Point]], geometry: Mapping[str, Any]) -> list[Polygon]:
    """The polygons of a Polygon or MultiPolygon geometry (any other kind has none)."""
    if geometry.get("type") == "Polygon":
        return [[ring_points(arcs, ring) for ring in geometry["arcs"]]]
    if geometry.get("type") == "MultiPolygon":
        return [[ring_points(arcs, ring) for ring in polygon] for polygon in geometry["arcs"]]
    return []


# Equal Earth: Šavrič, Patterson and Jenny, "The Equal Earth map projection", International
# Journal of Geographical Information Science 33(3), 2019, doi:10.1080/13658816.2018.1504949,
# equations (1) to (3). Equal-area, so a State's size on the map is true to its size on Earth.
A1, A2, A3, A4 = 1.340264, -0.081106, 0.000893, 0.003796
M = sqrt(3) / 2


def equal_earth(longitude: float, latitude: float) -> Point:
    """Projected x (east) and y (north), on a sphere of radius 1."""
    lam, phi = radians(longitude), radians(latitude)
    theta = asin(M * sin(phi))
    t2 = theta * theta
    t6 = t2 * t2 * t2
    x = 2 * sqrt(3) * lam * cos(theta) / (3 * (9 * A4 * t6 * t2 + 7 * A3 * t6 + 3 * A2 * t2 + A1))
    y = theta * (A1 + A2 * t2 + t6 * (A3 + A4 * t2))
    return x, y


X_EDGE = equal_earth(180, 0)[0]
TOP = equal_earth(0, 90)[1]
SCALE = WIDTH / (2 * X_EDGE)
HEIGHT = round((TOP - equal_earth(0, SOUTH_EDGE)[1]) * SCALE, 1)


def to_map(longitude: float, latitude: float) -> Point:
    """SVG coordinates: x to the right, y down, the whole world WIDTH wide, the north pole at y=0."""
    x, y = equal_earth(longitude, latitude)
    return (x + X_EDGE) * SCALE, (TOP - y) * SCALE


def _number(value: float) -> str:
    text = f"{value:.1f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def path_data(rings: Iterable[Sequence[Point]]) -> str:
    """Compact SVG path data: each ring starts absolute, then relative steps, in whole units.

    The map is 2000 units wide and shown at most about 1000 pixels wide, so a unit is half a
    pixel or less. Steps are taken between rounded points, so rounding errors do not add up;
    repeated points are dropped, and rings that shrink to fewer than three points are left out.
    """
    parts = []
    for ring in rings:
        points: list[tuple[int, int]] = []
        for x, y in ring:
            point = (round(x), round(y))
            if not points or point != points[-1]:
                points.append(point)
        if len(points) > 1 and points[0] == points[-1]:
            points.pop()
        if len(points) < 3:
            continue
        steps = " ".join(f"{x1 - x0},{y1 - y0}" for (x0, y0), (x1, y1) in pairwise(points))
        parts.append(f"M{points[0][0]},{points[0][1]}l{steps}z")
    return "".join(parts)


def _clip(ring: Ring, low: float, high: float) -> Ring:
    """The part of a ring between two meridians (Sutherland–Hodgman, one side at a time)."""
    for inside, edge in ((lambda p: p[0] >= low, low), (lambda p: p[0] <= high, high)):
        clipped: Ring = []
        for index, current in enumerate(ring):
            following = ring[(index + 1) % len(ring)]
            if inside(current):
                clipped.append(current)
            if inside(current) != inside(following):
                share = (edge - current[0]) / (following[0] - current[0])
                clipped.append((edge, current[1] + share * (following[1] - current[1])))
        ring = clipped
    return ring


def _along_edges(ring: Ring) -> Ring:
    """Points every degree where a ring runs along the antimeridian, which the projection curves."""
    dense: Ring = []
    for current, following in zip(ring, [*ring[1:], ring[0]], strict=True):
        dense.append(current)
        if current[0] == following[0] and abs(current[0]) == 180 and abs(following[1] - current[1]) > 1:
            steps = int(abs(following[1] - current[1]))
            dense.extend((current[0], current[1] + (following[1] - current[1]) * i / steps) for i in range(1, steps))
    return dense


def split_at_antimeridian(ring: Ring) -> list[Ring]:
    """A ring that crosses 180° (Russia, Fiji) as one ring on each side; any other ring as it is."""
    if not any(abs(b[0] - a[0]) > 180 for a, b in pairwise(ring)):
        return [ring]
    unwrapped = [ring[0]]
    for longitude, latitude in ring[1:]:
        previous = unwrapped[-1][0]
        longitude += 360 * round((previous - longitude) / 360)
        unwrapped.append((longitude, latitude))
    pieces = []
    lowest = min(lon for lon, _lat in unwrapped)
    highest = max(lon for lon, _lat in unwrapped)
    for turn in range(int((lowest + 180) // 360), int((highest + 180) // 360) + 1):
        shift = 360 * turn
        piece = _clip(unwrapped, shift - 180, shift + 180)
        if len(piece) >= 3:
            pieces.append(_along_edges([(lon - shift, lat) for lon, lat in piece]))
    return pieces


def _area(ring: Sequence[Point]) -> float:
    return abs(sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(ring, [*ring[1:], ring[0]], strict=True))) / 2


def _box(points: Iterable[Point]) -> Box:
    xs, ys = zip(*points, strict=True)
    return min(xs), min(ys), max(xs), max(ys)


def _union(boxes: Iterable[Box]) -> Box:
    x0s, y0s, x1s, y1s = zip(*boxes, strict=True)
    return min(x0s), min(y0s), max(x1s), max(y1s)


@dataclass(frozen=True)
class Shape:
    """One feature of the map, projected. `iso3` is None where the data has no ISO code (Kosovo)."""

    iso3: str | None
    d: str
    box: Box  # all of it
    main_box: Box  # its largest polygons only, where a profile's map looks


@dataclass(frozen=True)
class WorldMap:
    width: float
    height: float
    outline: str  # the edge of the world, filled as the sea
    shapes: tuple[Shape, ...]
    by_iso3: Mapping[str, Shape]
    points: Mapping[str, Point]  # States too small for the shapes: one dot each

    @property
    def view_box(self) -> str:
        return f"0 0 {_number(self.width)} {_number(self.height)}"


def iso3_of(numeric: str | None) -> str | None:
    country = pycountry.countries.get(numeric=numeric) if numeric else None
    return country.alpha_3 if country else None


def _projected(ring: Ring) -> Ring:
    return [to_map(lon, lat) for lon, lat in ring]


def _shape(iso3: str | None, polygons: list[Polygon]) -> Shape | None:
    outer = [_projected(piece) for polygon in polygons for piece in split_at_antimeridian(polygon[0])]
    holes = [_projected(piece) for polygon in polygons for hole in polygon[1:] for piece in split_at_antimeridian(hole)]
    d = path_data([*outer, *holes])
    if not d:
        return None
    areas = [_area(ring) for ring in outer]
    boxes = [_box(ring) for ring in outer]
    main = _union(box for box, area in zip(boxes, areas, strict=True) if area >= max(areas) * MAIN_POLYGON_SHARE)
    if main[2] - main[0] > WIDTH / 2:  # across the antimeridian (Fiji, Russia's far east): the largest alone
        main = boxes[areas.index(max(areas))]
    return Shape(iso3, d, _union(boxes), main)


def build_world_map(topology: Mapping[str, Any], centroids: Mapping[str, Sequence[float]]) -> WorldMap:
    """The map from a TopoJSON topology with a `countries` object, and dots at `centroids` (numeric: lon, lat)."""
    arcs = decode_arcs(topology)
    shapes = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        if geometry.get("id") == ANTARCTICA:
            continue
        shape = _shape(iso3_of(geometry.get("id")), geometry_polygons(arcs, geometry))
        if shape is not None:
            shapes.append(shape)
    by_iso3 = {shape.iso3: shape for shape in shapes if shape.iso3}
    points = {}
    for numeric, (longitude, latitude) in centroids.items():
        iso3 = iso3_of(numeric)
        if iso3 and iso3 not in by_iso3:
            points[iso3] = to_map(longitude, latitude)
    east = [to_map(180, lat) for lat in range(-90, 91, 2)]
    west = [to_map(-180, lat) for lat in range(90, -91, -2)]
    return WorldMap(WIDTH, HEIGHT, path_data([east + west]), tuple(shapes), by_iso3, points)


@cache
def world_map() -> WorldMap:
    """The vendored world map, decoded and projected on first use and kept for the life of the process."""
    topology = json.loads(COUNTRIES_FILE.read_text(encoding="utf-8"))
    points = json.loads(POINTS_FILE.read_text(encoding="utf-8"))["points"]
    centroids = {numeric: (entry["lon"], entry["lat"]) for numeric, entry in points.items()}
    return build_world_map(topology, centroids)


# A State's profile shows a window around it, twice as wide as high, at least this wide.
INSET_MIN_WIDTH = WIDTH / 8
INSET_MARGIN = 1.6


@dataclass(frozen=True)
class Inset:
    """A window of the map around one State: the State's shape or dot, and its neighbours' shapes."""

    view_box: str
    sea: str
    focus: str  # the State's path data, or "" when it is a dot
    dot: Point | None
    dot_radius: float
    context: tuple[str, ...]


def _window(box: Box, world: WorldMap) -> Box:
    width = min(
        max((box[2] - box[0]) * INSET_MARGIN, 2 * (box[3] - box[1]) * INSET_MARGIN, INSET_MIN_WIDTH), world.width
    )
    height = min(width / 2, world.height)
    center_x, center_y = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
    x0 = min(max(center_x - width / 2, 0), world.width - width)
    y0 = min(max(center_y - height / 2, 0), world.height - height)
    return x0, y0, x0 + width, y0 + height


def _overlaps(a: Box, b: Box) -> bool:
    return a[0] <= b[2] and b[0] <= a[2] and a[1] <= b[3] and b[1] <= a[3]


@cache
def inset(iso3: str) -> Inset | None:
    """The window around a State on the world map, or None when the data has no place for it."""
    world = world_map()
    shape = world.by_iso3.get(iso3)
    dot = world.points.get(iso3)
    if shape is not None:
        window = _window(shape.main_box, world)
    elif dot is not None:
        window = _window((*dot, *dot), world)
    else:
        return None
    context = tuple(s.d for s in world.shapes if s is not shape and _overlaps(s.box, window))
    view_box = " ".join(_number(v) for v in (window[0], window[1], window[2] - window[0], window[3] - window[1]))
    radius = round((window[2] - window[0]) / 60, 1)
    return Inset(view_box, world.outline, shape.d if shape else "", dot, radius, context)
