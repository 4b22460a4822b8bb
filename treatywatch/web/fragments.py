"""The per-State pieces of a treaty page (table row, map link), built in Python and reused.

A treaty page lists ~200 States and links ~200 shapes; rendering those through template tags
cost most of the page. Each piece depends only on the language, the State and its standing,
so it is built once per such key and reused for every `as_of`: only the link's query differs,
and it is joined in at the end.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache

from django.template.defaultfilters import floatformat
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from treatywatch.core.status import Standing
from treatywatch.registry.labels import INSTRUMENT_LABELS, REGION_LABELS, standing_text
from treatywatch.registry.presenters import STATE_STANDING
from treatywatch.registry.standings import StateRow
from treatywatch.web.statusmap import MapState
from treatywatch.web.templatetags.treatywatch import state_url

# Enough for every State of a few treaties in every language, small enough to bound memory.
_FRAGMENTS = 8192


def _iso(day: date | None) -> str:
    """`{{ day|date:"Y-m-d"|default:"" }}`."""
    return day.isoformat() if day is not None else ""


@lru_cache(maxsize=_FRAGMENTS)
def _row_parts(language: str | None, iso3: str, name: str, region: str, standing: Standing) -> tuple[str, str]:
    deposited = ""
    if standing.deposited_on:
        instrument = standing.instrument or ""
        label = INSTRUMENT_LABELS.get(instrument, instrument)
        deposited = format_html('{} <span class="muted">({})</span>', _iso(standing.deposited_on), label)
    head = format_html('<tr>\n                <th scope="row"><a href="{}', state_url(iso3))
    heading = _column_labels()
    tail = format_html(
        '">{}</a></th>\n'
        '                <td data-label="{}">{}</td>\n'
        '                <td class="cell-status" data-label="{}">\n'
        '                  <span class="status status-{}">{}</span>\n'
        "                </td>\n"
        '                <td class="date" data-label="{}">{}</td>\n'
        '                <td class="date" data-label="{}">{}</td>\n'
        '                <td class="date" data-label="{}">{}</td>\n'
        "              </tr>",
        name,
        heading["region"],
        REGION_LABELS.get(region, region),
        heading["status"],
        standing.status,
        standing_text(standing),
        heading["signed_on"],
        _iso(standing.signed_on),
        heading["deposited_on"],
        deposited,
        heading["entry_into_force_on"],
        _iso(standing.entry_into_force_on),
    )
    return head, tail


def _column_labels() -> dict[str, str]:
    """The headings of the treaty's table, in the current language: each cell names its column when stacked."""
    names = ("region", "status", "signed_on", "deposited_on", "entry_into_force_on")
    return {name: str(STATE_STANDING.field(name).label) for name in names}


def state_rows_html(rows: list[StateRow], query: str) -> list[SafeString]:
    """Each State's `<tr>` in the treaty's table; `query` ("?as_of=…" or "") ends each State link."""
    language = get_language()
    joined = []
    for row in rows:
        state = row.state
        head, tail = _row_parts(language, state.iso3, state.display_name, state.region, row.standing)
        joined.append(mark_safe(head + conditional_escape(query) + tail))  # each part is escaped
    return joined


@lru_cache(maxsize=_FRAGMENTS)
def _link_parts(language: str | None, country: MapState) -> tuple[str, str]:
    head = format_html('<a href="{}', state_url(country.iso3))
    if country.dot is None:
        tail = format_html(
            '" tabindex="-1" class="map-{}">\n          <title>{}</title>\n          <path d="{}" />\n        </a>',
            country.category,
            country.label,
            country.d,
        )
    else:
        tail = format_html(
            '"\n           tabindex="-1"\n           class="map-{} map-dot">\n'
            "          <title>{}</title>\n"
            '          <circle cx="{}" cy="{}" r="5" />\n'
            "        </a>",
            country.category,
            country.label,
            floatformat(country.dot[0], "1u"),
            floatformat(country.dot[1], "1u"),
        )
    return head, tail


def map_links_html(countries: list[MapState], query: str) -> list[SafeString]:
    """Each State's `<a>` on the status map (a shape or a dot), linking to its profile."""
    language = get_language()
    joined = []
    for country in countries:
        head, tail = _link_parts(language, country)
        joined.append(mark_safe(head + conditional_escape(query) + tail))  # each part is escaped
    return joined
