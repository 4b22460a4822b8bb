"""The world map's geometry: TopoJSON decoding, the Equal Earth projection, compact path data."""

from __future__ import annotations

import re
from itertools import pairwise
from math import cos, pi, radians, sqrt
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from treatywatch.web.worldmap import (
    SCALE,
    WIDTH,
    build_world_map,
    decode_arcs,
    equal_earth,
    geometry_polygons,
    inset,
    path_data,
    ring_points,
    split_at_antimeridian,
    to_map,
    world_map,
)
from treatywatch.web.worldmap_points import ring_centroid, small_state_points

# Two unit squares side by side that share their middle edge (arc 1), quantized on a 0.5-degree grid.
#
#   (0,1)---(1,1)---(2,1)
#     |   A   |   B   |
#   (0,0)---(1,0)---(2,0)
TOPOLOGY: dict[str, Any] = {
    "type": "Topology",
    "transform": {"scale": [0.5, 0.5], "translate": [10, 20]},
    "objects": {
        "countries": {
            "type": "GeometryCollection",
            "geometries": [
                {"type": "Polygon", "id": "440", "arcs": [[0, -2]]},  # A: Lithuania's code
                {"type": "MultiPolygon", "id": "428", "arcs": [[[2, 1]]]},  # B: Latvia's code
                {"type": "Polygon", "arcs": [[3]]},  # no id: a territory without an ISO code
                {"type": "Point", "id": "336", "coordinates": [0, 0]},  # not an area: nothing to draw
            ],
        }
    },
    "arcs": [
        [[2, 0], [-2, 0], [0, 2], [2, 0]],  # (1,0) (0,0) (0,1) (1,1), in quantized steps
        [[2, 0], [0, 2]],  # (1,0) up to (1,1): the shared edge
        [[2, 2], [2, 0], [0, -2], [-2, 0]],  # (1,1) (2,1) (2,0) (1,0)
        [[0, 4], [2, 0], [0, 2], [-2, 0]],  # (0,2) (1,2) (1,3) (0,3)
    ],
}


def degrees(x: int, y: int) -> tuple[float, float]:
    """A grid corner of the drawing above in the topology's degrees."""
    return (10 + x, 20 + y)


def test_decoding_undoes_the_delta_encoding_and_the_quantization() -> None:
    arcs = decode_arcs(TOPOLOGY)

    assert arcs[0] == [degrees(1, 0), degrees(0, 0), degrees(0, 1), degrees(1, 1)]
    assert arcs[1] == [degrees(1, 0), degrees(1, 1)]


def test_an_unquantized_topology_keeps_its_coordinates() -> None:
    assert decode_arcs({"arcs": [[[1.5, 2.5], [3, 4]]]}) == [[(1.5, 2.5), (3.0, 4.0)]]


def test_a_ring_joins_its_arcs_once_each_and_a_negative_index_reverses_an_arc() -> None:
    arcs = decode_arcs(TOPOLOGY)

    a = ring_points(arcs, [0, -2])
    b = ring_points(arcs, [2, 1])

    assert a == [degrees(1, 0), degrees(0, 0), degrees(0, 1), degrees(1, 1), degrees(1, 0)]
    assert b == [degrees(1, 1), degrees(2, 1), degrees(2, 0), degrees(1, 0), degrees(1, 1)]


def test_polygons_and_multipolygons_are_drawn_and_other_geometries_are_not() -> None:
    arcs = decode_arcs(TOPOLOGY)
    geometries = TOPOLOGY["objects"]["countries"]["geometries"]

    assert [len(geometry_polygons(arcs, g)) for g in geometries] == [1, 1, 1, 0]


def test_the_map_knows_states_by_iso3_and_draws_territories_without_a_code_unlabelled() -> None:
    world = build_world_map(TOPOLOGY, centroids={"674": (12.45, 43.94), "440": (0, 0)})

    assert sorted(world.by_iso3) == ["LTU", "LVA"]
    assert [shape.iso3 for shape in world.shapes] == ["LTU", "LVA", None]
    # San Marino has no shape, so it is a dot; Lithuania has one, so its point is not used.
    assert world.points == {"SMR": to_map(12.45, 43.94)}


def test_the_whole_world_map_is_decoded_once_per_process() -> None:
    assert world_map() is world_map()
    assert len(world_map().by_iso3) > 150


# Equal Earth (Šavrič, Patterson and Jenny 2019): the equator spans 2.7066 units on each side and
# the poles lie at ±1.3174, a ratio of 2.05 between the axes.
def test_equal_earth_matches_the_published_extent() -> None:
    assert equal_earth(0, 0) == (0.0, 0.0)
    assert equal_earth(180, 0)[0] == pytest.approx(2.7066, abs=1e-4)
    assert equal_earth(0, 90)[1] == pytest.approx(1.3174, abs=1e-4)
    assert equal_earth(180, 0)[0] / equal_earth(0, 90)[1] == pytest.approx(2.05458, abs=1e-4)


@given(
    st.floats(min_value=-179, max_value=178),
    st.floats(min_value=-85, max_value=84),
)
def test_equal_earth_keeps_areas(longitude: float, latitude: float) -> None:
    """A one-degree cell covers the same area on the map as on the sphere (radius 1), anywhere."""
    step = 1.0
    corners = [
        equal_earth(longitude, latitude),
        equal_earth(longitude + step, latitude),
        equal_earth(longitude + step, latitude + step),
        equal_earth(longitude, latitude + step),
    ]
    edges = zip(corners, corners[1:] + corners[:1], strict=True)
    area = abs(sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in edges)) / 2
    middle = radians(latitude + step / 2)
    on_sphere = radians(step) * radians(step) * cos(middle)

    assert area == pytest.approx(on_sphere, rel=2e-3)


def test_equal_earth_is_symmetric_and_keeps_east_west_and_north_south() -> None:
    x, y = equal_earth(30, 45)

    assert equal_earth(-30, -45) == pytest.approx((-x, -y))
    assert x > 0 and y > 0
    assert to_map(-180, 0)[0] == pytest.approx(0) and to_map(180, 0)[0] == pytest.approx(WIDTH)
    assert to_map(0, 90)[1] == pytest.approx(0)
    assert pytest.approx(WIDTH / (2 * 2 * sqrt(3) * pi / (3 * 1.340264))) == SCALE


def absolute_points(d: str) -> list[list[tuple[float, float]]]:
    """Read back path data made of `M x,y l dx,dy ... z` rings."""
    rings = []
    for start, steps in re.findall(r"M([^l]+)l([^z]*)z", d):
        x, y = (float(v) for v in start.split(","))
        ring = [(x, y)]
        for step in steps.split():
            dx, dy = (float(v) for v in step.split(","))
            x, y = x + dx, y + dy
            ring.append((x, y))
        rings.append(ring)
    return rings


@given(st.lists(st.tuples(st.floats(0, 2000), st.floats(0, 900)), min_size=3, max_size=40))
def test_path_data_reads_back_to_the_points_within_rounding(points: list[tuple[float, float]]) -> None:
    d = path_data([points])

    for ring in absolute_points(d):
        for x, y in ring:
            assert any(abs(x - px) <= 0.5 and abs(y - py) <= 0.5 for px, py in points)


def test_path_data_is_short_and_drops_what_cannot_be_seen() -> None:
    ring = [(10.4, 20.0), (10.0, 20.2), (15.0, 20.0), (15.0, 23.0), (10.4, 20.0)]

    assert path_data([ring]) == "M10,20l5,0 0,3z"  # .4 and .2 round away; the closing point goes
    assert path_data([[(1.0, 1.0), (1.2, 1.3), (1.0, 1.0)]]) == ""  # a speck at this scale


def test_a_ring_across_the_antimeridian_is_cut_into_one_ring_on_each_side() -> None:
    ring = [(170.0, 60.0), (-170.0, 60.0), (-170.0, 70.0), (170.0, 70.0)]

    pieces = split_at_antimeridian(ring)

    assert len(pieces) == 2
    for piece in pieces:
        longitudes = {lon for lon, _lat in piece}
        assert longitudes <= {170.0, 180.0} or longitudes <= {-170.0, -180.0}
    # Along the cut the ring follows the curved edge of the map: a point every degree.
    assert (180.0, 65.0) in pieces[0] + pieces[1]
    assert split_at_antimeridian([(0.0, 0.0), (1.0, 0.0), (1.0, 1.0)]) == [[(0.0, 0.0), (1.0, 0.0), (1.0, 1.0)]]


def test_russia_is_not_drawn_across_the_whole_map() -> None:
    russia = world_map().by_iso3["RUS"]
    for ring in absolute_points(russia.d):
        xs = [x for x, _y in ring]
        steps = [abs(b - a) for a, b in pairwise(xs)]
        assert max(steps, default=0) < WIDTH / 4


def test_a_profile_map_frames_the_state_and_its_neighbours() -> None:
    lithuania = inset("LTU")
    holy_see = inset("VAT")

    assert lithuania is not None and holy_see is not None
    x, y, width, height = (float(v) for v in lithuania.view_box.split())
    box = world_map().by_iso3["LTU"].box
    assert x <= box[0] and box[2] <= x + width and y <= box[1] and box[3] <= y + height
    assert width == 2 * height
    assert lithuania.focus == world_map().by_iso3["LTU"].d and lithuania.dot is None
    assert world_map().by_iso3["LVA"].d in lithuania.context
    assert world_map().by_iso3["AUS"].d not in lithuania.context
    assert holy_see.focus == "" and holy_see.dot == world_map().points["VAT"]
    assert world_map().by_iso3["ITA"].d in holy_see.context
    assert inset("TUV") is None  # in neither file: the profile shows no map


def test_small_states_get_the_centroid_of_their_largest_polygon() -> None:
    shown = {"objects": {"countries": {"geometries": [{"type": "Polygon", "id": "440", "arcs": [[0, 1]]}]}}}
    detailed = {
        "objects": {
            "countries": {
                "geometries": [
                    {"type": "Polygon", "id": "440", "arcs": [[0, 1]]},  # already drawn
                    {"type": "MultiPolygon", "id": "674", "arcs": [[[0]], [[1]]], "properties": {"name": "S"}},
                    {"type": "Polygon", "id": "010", "arcs": [[1]]},  # Antarctica: left out
                ]
            }
        },
        "arcs": [
            [[0, 0], [4, 0], [4, 2], [0, 2], [0, 0]],  # 4 x 2, centred on (2, 1)
            [[10, 10], [11, 10], [11, 11], [10, 10]],  # a small triangle
        ],
    }

    points = small_state_points(detailed, shown)

    assert points == {"674": {"name": "S", "lon": 2.0, "lat": 1.0}}
    assert ring_centroid([(0.0, 0.0), (2.0, 0.0), (2.0, 2.0), (0.0, 2.0)]) == ((1.0, 1.0), 4.0)
