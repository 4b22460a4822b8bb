"""A campaign's activity on the world map: each State with reports shaded by their number and linking to them.

The shapes are decoded and projected once per process (`worldmap.world_map()`) and each is escaped once per
process too: a map draws some two hundred of them, and the template engine would cost most of the page."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from treatywatch.campaigns.dashboard import CountRow
from treatywatch.web.worldmap import WorldMap, world_map

# The map's shades: a State's number of reports, from the first bucket up.
ACTIVITY_BUCKETS = ((1, "activity-1"), (5, "activity-2"), (20, "activity-3"), (100, "activity-4"))


def activity_category(count: int) -> str:
    found = "none"
    for lowest, category in ACTIVITY_BUCKETS:
        if count >= lowest:
            found = category
    return found


def bucket_labels() -> list[tuple[str, str]]:
    labels = []
    for index, (lowest, category) in enumerate(ACTIVITY_BUCKETS):
        following = ACTIVITY_BUCKETS[index + 1][0] - 1 if index + 1 < len(ACTIVITY_BUCKETS) else None
        if following is None:
            text = _("%(low)d reports or more") % {"low": lowest}
        elif following == lowest:
            text = ngettext("%(low)d report", "%(low)d reports", lowest) % {"low": lowest}
        else:
            text = _("%(low)d to %(high)d reports") % {"low": lowest, "high": following}
        labels.append((category, str(text)))
    return labels


@dataclass(frozen=True)
class ActivityMap:
    world: WorldMap
    links: SafeString  # each State with reports: a link to its reports around its shape or dot, with its label
    others: SafeString  # every shape with no report, plain: their <path> elements
    not_shown: list[str]  # States with reports that the map data has no place for
    legend: list[tuple[str, str]]


def activity_map(rows: list[CountRow], reports_url: str) -> ActivityMap:
    """The world map with each State that has reports shaded by their number (rows from `state_rows`), each
    linking to its reports (`reports_url` with the State's filter). Built here rather than in the template: a
    map draws some two hundred shapes, each escaped once per process (`_shape`)."""
    world = world_map()
    links, not_shown = [], []
    for row in rows:
        if not row.key:
            continue
        label = f"{row.label}: " + ngettext("%(n)d report", "%(n)d reports", row.count) % {"n": row.count}
        head = format_html(
            '<a href="{}?state={}" tabindex="-1" class="map-{}', reports_url, row.key, activity_category(row.count)
        )
        if row.key in world.by_iso3:
            links.append(format_html('{}"><title>{}</title>{}</a>', head, label, _shape(row.key)))
        elif row.key in world.points:
            x, y = world.points[row.key]
            circle = format_html('<circle cx="{}" cy="{}" r="5" />', f"{x:.1f}", f"{y:.1f}")
            links.append(format_html('{} map-dot"><title>{}</title>{}</a>', head, label, circle))
        else:
            not_shown.append(row.label)
    shown = {row.key for row in rows}
    plain = _plain_paths()  # each escaped once
    others = mark_safe("".join(plain[index] for index, shape in enumerate(world.shapes) if shape.iso3 not in shown))
    return ActivityMap(world, mark_safe("".join(links)), others, sorted(not_shown), bucket_labels())


@cache
def _shape(iso3: str) -> SafeString:
    return format_html('<path d="{}" />', world_map().by_iso3[iso3].d)


@cache
def _plain_paths() -> tuple[str, ...]:
    """Each shape of the world map as a plain `<path>`, escaped once per process: a map leaves most of them plain."""
    return tuple(format_html('<path d="{}" />', shape.d) for shape in world_map().shapes)
