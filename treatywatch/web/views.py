"""The public site: treaties, their States on any date, and State profiles."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from treatywatch.lib.collation import collation_key
from treatywatch.lib.dates import as_of, as_of_context, date_words, day_iso, day_slot, day_words
from treatywatch.lib.errors import BadParameter
from treatywatch.lib.exports import render_export, require_format
from treatywatch.lib.intervals import ChangeDays
from treatywatch.lib.licence import LICENCE_NAME, LICENCE_URL
from treatywatch.lib.pages import RESULTS_ANCHOR, public_page, public_page_by_interval
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
from treatywatch.registry.countries import region_names
from treatywatch.registry.currency import checked_meta, checked_on
from treatywatch.registry.existence import not_yet_note
from treatywatch.registry.labels import FILTER_LABELS, REGION_LABELS, STATUS_LABELS
from treatywatch.registry.models import State, Treaty
from treatywatch.registry.presenters import STATE_STANDING, state_across_treaties, with_standings
from treatywatch.registry.queries import get_state, get_treaty
from treatywatch.registry.search import find_states
from treatywatch.registry.standings import (
    STATUS_FILTERS,
    StateFilter,
    StateRow,
    TreatyView,
    filter_rows,
    parse_statuses,
    parties_over_time,
    treaty_view,
)
from treatywatch.web.chart import NARROW, StepChart, build_chart, chart_figure_html, yearly_counts
from treatywatch.web.counts import count_boxes
from treatywatch.web.fragments import map_links_html, state_rows_html
from treatywatch.web.milestones import Upcoming
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
    given = day_iso(request, day) if "as_of" in request.GET else None
    treaties = []
    # A protocol is shown in its convention's card, not as a treaty of its own.
    for treaty in Treaty.objects.filter(parent__isnull=True).prefetch_related("protocols"):
        protocols = [{"treaty": p, "view": treaty_view(p, day)} for p in treaty.protocols.all()]
        view = treaty_view(treaty, day)
        boxes = count_boxes(treaty, view.counts, given, first=3)
        not_yet = not_yet_note(treaty, day, day_words(request, day), date_words)
        treaties.append({"treaty": treaty, "view": view, "protocols": protocols, "counts": boxes, "not_yet": not_yet})
    return render(request, "web/home.html", {"treaties": treaties, **as_of_context(request, day)})


def _filtered_rows(request: HttpRequest, rows: tuple[StateRow, ...]) -> tuple[list[StateRow], StateFilter]:
    chosen = StateFilter(
        parse_statuses(request.GET.getlist("status")), request.GET.get("region", ""), request.GET.get("sort", "name")
    )
    if chosen.region and chosen.region not in region_names():
        raise BadParameter(_("region: %(value)r is not a UN M49 region") % {"value": chosen.region})
    if chosen.sort.lstrip("-") not in SORT_KEYS:
        raise BadParameter(_("sort: %(value)r is not a column we can sort by") % {"value": chosen.sort})
    selected = filter_rows(rows, chosen.statuses, chosen.region or None)
    selected.sort(key=SORT_KEYS[chosen.sort.lstrip("-")], reverse=chosen.sort.startswith("-"))
    return selected, chosen


@public_page_by_interval(intervals.of_treaty_states)
def treaty_detail(request: HttpRequest, slug: str) -> HttpResponse:
    treaty = get_treaty(slug)
    day = as_of(request)
    view = treaty_view(treaty, day)
    rows, chosen = _filtered_rows(request, view.rows)
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
        "statuses": chosen.statuses,
        "region": chosen.region,
        "sort": chosen.sort,
        "filtered": bool(chosen.statuses or chosen.region),
        "results_anchor": RESULTS_ANCHOR,
        "sort_query": query.urlencode(),
        "download_query": request.GET.urlencode(),
        "columns": STATE_COLUMNS,
        "status_choices": [(k, FILTER_LABELS[k]) for k in STATUS_FILTERS],
        "region_choices": [(r, REGION_LABELS.get(r, r)) for r in region_names()],
        "chart": build_chart(timeline, day),
        "chart_figure": day_slot(request, day, "chart", ChartFigure(treaty, view)),
        "yearly": yearly_counts(timeline, day),
        "record_checked_on": checked_on(treaty),
        "licence_name": LICENCE_NAME,
        "licence_url": LICENCE_URL,
        "has_action_plans": ActionPlan.objects.filter(treaty=treaty).exists(),
        "has_findings": Finding.objects.filter(treaty=treaty, state__isnull=True).exists(),
        "milestones": day_slot(request, day, "milestones", Upcoming([treaty])),
    }
    if view.record_imported and treaty.rules_data.get("obligations"):
        context["subscribe"] = treaty_subscribe(request, treaty)
    given = day_iso(request, day) if "as_of" in request.GET else None
    context["count_boxes"] = count_boxes(treaty, view.counts, given)
    state_query = f"?as_of={given}" if given else ""
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
    rows, chosen = _filtered_rows(request, treaty_view(treaty, day).rows)
    meta = {"treaty": treaty.slug, "as_of": day, **chosen.as_meta()}
    rows_out = [STATE_STANDING.cells(r) for r in rows]
    name = f"{treaty.slug}-states-{day.isoformat()}"
    return render_export(
        fmt, rows_out, meta, name, STATE_STANDING.columns(), output=STATE_STANDING, checked=checked_meta([treaty])
    )


@public_page
def state_list(request: HttpRequest) -> HttpResponse:
    """Every State on the day, or those a search names: one found goes straight to its page."""
    day = as_of(request)
    states = sorted(State.objects.existing_on(day), key=lambda s: s.sort_key)
    context: dict[str, Any] = {"states": states, "q": request.GET.get("q", ""), **as_of_context(request, day)}
    if context["q"].strip():  # an empty search shows every State, as no search does
        found = find_states(context["q"], states)
        if len(found) == 1:
            query = f"?as_of={day_iso(request, day)}" if "as_of" in request.GET else ""
            return redirect(reverse("web:state", args=[found[0].state.iso3]) + query)
        context["results"] = with_standings(found, day)
        context["results_anchor"] = RESULTS_ANCHOR
    return render(request, "web/states.html", context)


class ChartFigure:
    """The chart of parties over time, drawn up to each day of one stored answer (`lib.intervals`): the counts
    are the same on all of them, so their drawings are prepared once."""

    def __init__(self, treaty: Treaty, view: TreatyView) -> None:
        self.treaty, self.parties = treaty, view.counts.parties
        self._charts: tuple[StepChart, StepChart] | None = None

    def __call__(self, day: date) -> str:
        if self._charts is None:
            timeline = parties_over_time(self.treaty, day)
            if not timeline:
                return ""
            self._charts = (StepChart(timeline), StepChart(timeline, NARROW))
        wide, narrow = self._charts
        return chart_figure_html(wide.at(day), narrow.at(day), self.parties)


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
    every_treaty = [t.treaty for t in treaties]
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
        "milestones": day_slot(request, day, "milestones", Upcoming(every_treaty, state)),
        "subscribe": state_subscribe(request, state),
    }
    return render(request, "web/state.html", context)
