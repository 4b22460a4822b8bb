"""The public site: treaties, their States on any date, and State profiles."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from treatywatch.lib.collation import collation_key
from treatywatch.lib.dates import as_of, as_of_context, date_words, day_iso, day_slot, day_words
from treatywatch.lib.errors import BadParameter
from treatywatch.lib.exports import render_export, require_format
from treatywatch.lib.intervals import ChangeDays
from treatywatch.lib.pages import public_page, public_page_by_interval
from treatywatch.obligations import intervals
from treatywatch.obligations.presenters import STATE_PAGE_COLUMNS, state_obligations
from treatywatch.obligations.subscribe import state_subscribe, treaty_subscribe
from treatywatch.outreach import intervals as outreach_intervals
from treatywatch.outreach.engagement import state_engagement
from treatywatch.outreach.presenters import engagement_rows, state_approval_steps
from treatywatch.plans.models import ActionPlan
from treatywatch.positions.intervals import position_days
from treatywatch.positions.models import Finding
from treatywatch.positions.presenters import state_position
from treatywatch.registry.citing import LICENCE_NAME, LICENCE_URL
from treatywatch.registry.countries import region_names
from treatywatch.registry.currency import checked_meta, checked_on
from treatywatch.registry.existence import not_yet_note
from treatywatch.registry.labels import REGION_LABELS, STATUS_LABELS
from treatywatch.registry.models import State, Treaty
from treatywatch.registry.presenters import STATE_STANDING, state_across_treaties
from treatywatch.registry.queries import get_state, get_treaty
from treatywatch.registry.standings import (
    STATUS_FILTERS,
    StateRow,
    TreatyView,
    filter_rows,
    parties_over_time,
    treaty_view,
)
from treatywatch.web.chart import NARROW, build_chart, chart_figure_html, yearly_counts
from treatywatch.web.fragments import map_links_html, state_rows_html
from treatywatch.web.milestones import upcoming_for_state, upcoming_for_treaty
from treatywatch.web.statusmap import status_map
from treatywatch.web.worldmap import inset

# The columns of a treaty's table of States, each sortable, in the page's order.
SORT_KEYS = {
    "name": lambda r: r.state.sort_key,
    "region": lambda r: (collation_key(str(REGION_LABELS.get(r.state.region, r.state.region))), r.state.sort_key),
    "status": lambda r: (list(STATUS_LABELS).index(r.standing.status.value), r.state.sort_key),
    "signed_on": lambda r: (r.standing.signed_on or date.max, r.state.sort_key),
    "deposited_on": lambda r: (r.standing.deposited_on or date.max, r.state.sort_key),
    "entry_into_force_on": lambda r: (r.standing.entry_into_force_on or date.max, r.state.sort_key),
}
STATE_COLUMNS = STATE_STANDING.page_columns(*SORT_KEYS)


@public_page
def home(request: HttpRequest) -> HttpResponse:
    day = as_of(request)
    treaties = []
    # A protocol is shown in its convention's card, not as a treaty of its own.
    for treaty in Treaty.objects.filter(parent__isnull=True).prefetch_related("protocols"):
        protocols = [{"treaty": p, "view": treaty_view(p, day)} for p in treaty.protocols.all()]
        treaties.append({"treaty": treaty, "view": treaty_view(treaty, day), "protocols": protocols})
    return render(request, "web/home.html", {"treaties": treaties, **as_of_context(request, day)})


def _filtered_rows(request: HttpRequest, rows: tuple[StateRow, ...]) -> tuple[list[StateRow], str, str, str]:
    status = request.GET.get("status", "")
    region = request.GET.get("region", "")
    sort = request.GET.get("sort", "name")
    if status and status not in STATUS_FILTERS:
        raise BadParameter(_("status: %(value)r is not a status we know") % {"value": status})
    if region and region not in region_names():
        raise BadParameter(_("region: %(value)r is not a UN M49 region") % {"value": region})
    if sort.lstrip("-") not in SORT_KEYS:
        raise BadParameter(_("sort: %(value)r is not a column we can sort by") % {"value": sort})
    selected = filter_rows(rows, status or None, region or None)
    selected.sort(key=SORT_KEYS[sort.lstrip("-")], reverse=sort.startswith("-"))
    return selected, status, region, sort


@public_page_by_interval(intervals.of_treaty_states)
def treaty_detail(request: HttpRequest, slug: str) -> HttpResponse:
    treaty = get_treaty(slug)
    day = as_of(request)
    view = treaty_view(treaty, day)
    rows, status, region, sort = _filtered_rows(request, view.rows)
    timeline = parties_over_time(treaty, day)
    query = request.GET.copy()
    query.pop("sort", None)
    context: dict[str, Any] = {
        "treaty": treaty,
        "view": view,
        "not_yet": not_yet_note(treaty, day, day_words(request, day), date_words),
        "has_activities": treaty.activities.exists(),
        **as_of_context(request, day),
        "rows": rows,
        "status": status,
        "region": region,
        "sort": sort,
        "sort_query": query.urlencode(),
        "download_query": request.GET.urlencode(),
        "columns": STATE_COLUMNS,
        "status_choices": [(k, STATUS_LABELS[k]) for k in STATUS_FILTERS],
        "region_choices": [(r, REGION_LABELS.get(r, r)) for r in region_names()],
        "chart": build_chart(timeline, day),
        "chart_figure": day_slot(request, day, "chart", lambda d: chart_figure(treaty, view, d)),
        "yearly": yearly_counts(timeline, day),
        "record_checked_on": checked_on(treaty),
        "licence_name": LICENCE_NAME,
        "licence_url": LICENCE_URL,
        "has_action_plans": ActionPlan.objects.filter(treaty=treaty).exists(),
        "has_findings": Finding.objects.filter(treaty=treaty, state__isnull=True).exists(),
        "milestones": day_slot(request, day, "milestones", lambda d: upcoming_for_treaty(treaty, d)),
    }
    if view.record_imported and treaty.rules_data.get("obligations"):
        context["subscribe"] = day_slot(request, day, "subscribe", lambda _d: treaty_subscribe(request, treaty))
    state_query = f"?as_of={day_iso(request, day)}" if "as_of" in request.GET else ""
    context["state_rows"] = state_rows_html(rows, state_query)
    if view.record_imported:
        world = status_map(rows)
        context["status_map"] = world
        context["map_shapes"] = map_links_html(world.shapes, state_query)
        context["map_dots"] = map_links_html(world.dots, state_query)
    return render(request, "web/treaty.html", context)


@public_page
def treaty_states_download(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    require_format(fmt)
    treaty = get_treaty(slug)
    day = as_of(request)
    rows, status, region, _sort = _filtered_rows(request, treaty_view(treaty, day).rows)
    meta = {"treaty": treaty.slug, "as_of": day, "status": status or None, "region": region or None}
    rows_out = [STATE_STANDING.cells(r) for r in rows]
    name = f"{treaty.slug}-states-{day.isoformat()}"
    return render_export(
        fmt, rows_out, meta, name, STATE_STANDING.columns(), output=STATE_STANDING, checked=checked_meta([treaty])
    )


@public_page
def state_list(request: HttpRequest) -> HttpResponse:
    day = as_of(request)
    given = day.isoformat() if "as_of" in request.GET else ""
    states = sorted(State.objects.existing_on(day), key=lambda s: s.sort_key)
    return render(request, "web/states.html", {"states": states, "as_of": given})


def chart_figure(treaty: Treaty, view: TreatyView, day: date) -> str:
    """The chart of parties over time, drawn up to `day`."""
    timeline = parties_over_time(treaty, day)
    wide, narrow = build_chart(timeline, day), build_chart(timeline, day, NARROW)
    return chart_figure_html(wide, narrow, view.counts.parties) if wide and narrow else ""


def _engagement(state: State, request: HttpRequest, day: date, standings: dict[Treaty, Any]) -> dict[str, Any]:
    found = state_engagement(state, request.user, day, standings)
    return {"engagement": engagement_rows(found.latest), "engagement_total": found.total}


def _state_page_days(request: HttpRequest, iso3: str) -> ChangeDays:
    """A State's page: its standing, deadlines, steps and activities, and its position's facts."""
    found = outreach_intervals.of_state(request, iso3)
    days = set(found.days) | position_days(get_state(iso3))
    return ChangeDays(tuple(sorted(days)), found.valid_until)


@public_page_by_interval(_state_page_days)
def state_detail(request: HttpRequest, iso3: str) -> HttpResponse:
    state = get_state(iso3)
    day = as_of(request)
    treaties = state_across_treaties(state, day)
    standings = {t.treaty: t.row.standing for t in treaties}
    context = {
        **_engagement(state, request, day, standings),
        "obligations": state_obligations(state, day),
        "obligation_columns": STATE_PAGE_COLUMNS,
        "approval_steps": state_approval_steps(state, day),
        "position": state_position(state, day),
        "state": state,
        **as_of_context(request, day),
        "treaties": treaties,
        "treaty_sections": [(t, not_yet_note(t.treaty, day, day_words(request, day), date_words)) for t in treaties],
        "without_record": [t.treaty.display_short_name for t in treaties if not t.record_imported],
        "inset": inset(state.iso3),
        "successors": sorted(state.successors.all(), key=lambda s: s.sort_key),
        "milestones": day_slot(request, day, "milestones", lambda d: upcoming_for_state(state, d)),
        "subscribe": day_slot(request, day, "subscribe", lambda _d: state_subscribe(request, state)),
    }
    return render(request, "web/state.html", context)
