"""Write `data/small-states.json`: a centroid for each country in the 1:50m file that 1:110m leaves out.

    npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz
    python -m treatywatch.web.worldmap_points package/countries-50m.json > treatywatch/web/data/small-states.json

The centroid is that of the country's largest polygon in longitude/latitude (its main island),
so the dot sits on land. Kept apart from the 750 KB file so the site ships only what it draws.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from treatywatch.web.worldmap import ANTARCTICA, COUNTRIES_FILE, Point, Ring, decode_arcs, geometry_polygons


def ring_centroid(ring: Ring) -> tuple[Point, float]:
    """The centroid of a polygon's outer ring and its (planar) area."""
    twice_area = cx = cy = 0.0
    for (x0, y0), (x1, y1) in zip(ring, [*ring[1:], ring[0]], strict=True):
        cross = x0 * y1 - x1 * y0
        twice_area += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    if twice_area == 0:
        xs, ys = zip(*ring, strict=True)
        return (sum(xs) / len(xs), sum(ys) / len(ys)), 0.0
    return (cx / (3 * twice_area), cy / (3 * twice_area)), abs(twice_area) / 2


def small_state_points(detailed: dict, shown: dict) -> dict[str, dict[str, object]]:
    """Centroids of the `detailed` topology's countries that `shown` does not draw, by ISO numeric code."""
    drawn = {g.get("id") for g in shown["objects"]["countries"]["geometries"]}
    arcs = decode_arcs(detailed)
    points: dict[str, dict[str, object]] = {}
    for geometry in detailed["objects"]["countries"]["geometries"]:
        numeric = geometry.get("id")
        if not numeric or numeric in drawn or numeric == ANTARCTICA:
            continue
        centroids = [ring_centroid(polygon[0]) for polygon in geometry_polygons(arcs, geometry)]
        if not centroids:
            continue
        (longitude, latitude), _area = max(centroids, key=lambda found: found[1])
        name = geometry.get("properties", {}).get("name", "")
        points[numeric] = {"name": name, "lon": round(longitude, 3), "lat": round(latitude, 3)}
    return dict(sorted(points.items()))


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    detailed = json.loads(Path(argv[1]).read_text(encoding="utf-8"))
    shown = json.loads(COUNTRIES_FILE.read_text(encoding="utf-8"))
    document = {
        "source": "world-atlas 2.0.2, countries-50m.json (Natural Earth 1:50m Admin 0 countries, version 4.1.0)",
        "method": "centroid of the largest polygon, in degrees",
        "points": small_state_points(detailed, shown),
    }
    json.dump(document, sys.stdout, indent=1, ensure_ascii=False)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
