"""Milestones: the anniversaries of each treaty's dates and of each State's signature, deposit and entry into force
in a window (the next twelve months by default), as a page, downloads and an iCalendar feed, with the same filters.

Every answer reads the record as it stood on `as_of` (today when absent): only facts dated up to that day count.
Nothing here is private, so every answer is shared from the page cache."""

from __future__ import annotations

from bisect import bisect_right
from datetime import UTC, date, datetime, timedelta
from typing import Any

from django.core.paginator import InvalidPage, Page, Paginator
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from icalendar import Event

from treatywatch.core.approximate import Precision
from treatywatch.core.dates import add_days
from treatywatch.lib import calendars
from treatywatch.lib.caching import Memo
from treatywatch.lib.dates import as_of, as_of_context, date_words
from treatywatch.lib.errors import BadParameter, user_errors
from treatywatch.lib.exports import render_export, require_format
from treatywatch.lib.pages import public_page, shared_view
from treatywatch.registry.currency import checked_meta, checked_sentences, record_checks, treaties_with_record
from treatywatch.registry.milestones import (
    MILESTONE,
    MilestoneFilters,
    MilestoneRow,
    default_window,
    filtered_milestones,
    first_day_showing,
    parse_milestone_filters,
    register_milestones,
    year_span,
)
from treatywatch.registry.models import State, Treaty

PER_PAGE = 100
PRODID = "-//Treatywatch//Milestones//EN"

# The filters' query parameters, by the name `parse_milestone_filters` gives each.
FILTER_PARAMETERS = {"start": "from", "end": "to", "treaty": "treaty", "state": "state", "round_only": "round"}
PAGE_COLUMNS = MILESTONE.page_columns("date", "years", "event", "state", "treaty", "source")


def chosen_filters(request: HttpRequest) -> tuple[MilestoneFilters, date]:
    """The request's filters and the day its record is read on; a field left empty does not filter."""
    day = as_of(request)
    given = {name: request.GET.get(parameter, "").strip() or None for name, parameter in FILTER_PARAMETERS.items()}
    return parse_milestone_filters(day, **given), day


def filter_query(request: HttpRequest) -> str:
    """The filters given and `as_of`, for the downloads, the feed and the other pages of the list."""
    kept = QueryDict(mutable=True)
    for parameter in (*FILTER_PARAMETERS.values(), "as_of"):
        if value := request.GET.get(parameter, "").strip():
            kept[parameter] = value
    return kept.urlencode()


def _page(request: HttpRequest, rows: list[MilestoneRow]) -> Page[MilestoneRow]:
    raw = request.GET.get("page", "1")
    try:
        return Paginator(rows, PER_PAGE).page(raw)
    except InvalidPage:
        raise BadParameter(f"page: {raw!r} is not a page of this list") from None


def _meta(filters: MilestoneFilters, day: date) -> dict[str, Any]:
    return {"as_of": day, **filters.as_meta()}


@public_page
def milestones(request: HttpRequest) -> HttpResponse:
    filters, day = chosen_filters(request)
    rows = filtered_milestones(filters, day)
    page = _page(request, rows)
    context: dict[str, Any] = {
        **as_of_context(request, day),
        "filters": filters,
        "given": {parameter: request.GET.get(parameter, "").strip() for parameter in FILTER_PARAMETERS.values()},
        "treaty_choices": Treaty.objects.order_by("short_name"),
        "state_choices": sorted(State.objects.existing_on(day), key=lambda s: s.sort_key),
        "page": page,
        "rows": page.object_list,
        "count": len(rows),
        "query": filter_query(request),
        "columns": PAGE_COLUMNS,
        "start_words": date_words(filters.window.start),
        "end_words": date_words(filters.window.end),
    }
    return render(request, "web/milestones.html", context)


@public_page
def milestones_download(request: HttpRequest, fmt: str) -> HttpResponse:
    require_format(fmt)
    filters, day = chosen_filters(request)
    cells = [MILESTONE.cells(row) for row in filtered_milestones(filters, day)]
    window = filters.window
    filename = f"milestones-{window.start.isoformat()}-{window.end.isoformat()}"
    checked = checked_meta([filters.treaty] if filters.treaty else treaties_with_record())
    return render_export(fmt, cells, _meta(filters, day), filename, MILESTONE.columns(), "milestones", checked=checked)


# The lists as written, by what they list: the next twelve months hold the same milestones for many days.
_written = Memo(size=512)


def _upcoming_html(rows: list[MilestoneRow], round_of_states: int = 0, *, for_state: bool = False) -> str:
    key = (
        get_language(),
        for_state,
        round_of_states,
        tuple((r.milestone, r.treaty.pk, r.treaty.record_version, r.treaty.display_short_name) for r in rows),
    )
    context = {"rows": rows, "for_state": for_state, "round_of_states": round_of_states}
    written: str = _written.get_or_compute(key, lambda: render_to_string("web/_upcoming_milestones.html", context))
    return written


def upcoming_for_state(state: State, day: date, treaties: list[Treaty]) -> str:
    """A State's page: its milestones under every treaty in the twelve months from `day`, as a brief says them."""
    return Upcoming(treaties, state).write(register_milestones(default_window(day), day, treaties, state=state))


class Upcoming:
    """The next twelve months of milestones for every day of one stored answer (`lib.intervals`): an answer holds
    between two changes of its record, so its events are the same on all those days, and the twelve months
    change only on the days a milestone comes into them or passes. Those days are worked out once a year, and
    the list written once between two of them: the same as worked out for each day alone."""

    def __init__(self, treaties: list[Treaty], state: State | None = None) -> None:
        self.treaties, self.state = treaties, state
        self._years: dict[int, tuple[list[MilestoneRow], list[date], dict[int, str]]] = {}

    def __call__(self, day: date) -> str:
        found = self._years.get(day.year)
        if found is None:
            found_rows = register_milestones(year_span(day.year), day, self.treaties, state=self.state)
            rows = [r for r in found_rows if self.shows(r)]
            comes_in = {first_day_showing(r.milestone.first_day) for r in rows}
            passes = {add_days(r.milestone.on.day, 1) for r in rows}
            found = self._years[day.year] = (rows, sorted(comes_in | passes), {})
        rows, turns, written = found
        between = bisect_right(turns, day)
        if between not in written:
            window = default_window(day)
            shown = [r for r in rows if r.milestone.first_day <= window.end and r.milestone.on.day >= day]
            written[between] = self.write(shown)
        return written[between]

    def shows(self, row: MilestoneRow) -> bool:
        """Whether the list says anything of `row`: a treaty's page counts only its States' round milestones."""
        return self.state is not None or row.state is None or row.milestone.round

    def write(self, rows: list[MilestoneRow]) -> str:
        if self.state is not None:  # a State's page: its own, as a brief says them
            return _upcoming_html(rows, for_state=True)
        # A treaty's page: its own milestones, and how many round ones its States have (they can be a hundred:
        # most States signed the CCM on the day it opened).
        own = [row for row in rows if row.state is None]
        return _upcoming_html(own, sum(1 for row in rows if row.state is not None and row.milestone.round))


def upcoming_for_treaty(treaty: Treaty, day: date) -> str:
    """A treaty's page on one day: `Upcoming([treaty])` worked out for that day alone."""
    return Upcoming([treaty]).write(register_milestones(default_window(day), day, [treaty]))


def _about_page(row: MilestoneRow, request: HttpRequest) -> str:
    if row.state is not None:
        return request.build_absolute_uri(reverse("web:state", args=[row.state.iso3]))
    return request.build_absolute_uri(reverse("web:treaty", args=[row.treaty.slug]))


def _uid(row: MilestoneRow) -> str:
    event = row.milestone.event
    return f"milestone-{event.treaty}-{event.state or 'treaty'}-{event.kind.value}-{row.milestone.years}"


def milestone_event(row: MilestoneRow, request: HttpRequest, stamp: datetime) -> Event:
    """An all-day event on the anniversary; one known only to the month or the year spans it."""
    on = row.milestone.on
    first = on.earliest if on.precision in (Precision.MONTH, Precision.YEAR) else on.day
    page = _about_page(row, request)
    lines = [
        row.summary(),
        _("Event: %(event)s, %(date)s") % {"event": row.event_label, "date": date_words(row.milestone.event.on)},
    ]
    if row.source is not None:
        lines.append(_("Source: %(citation)s") % {"citation": row.source.citation})
    lines.append(page)
    vevent = Event()
    vevent.add("uid", f"{_uid(row)}@{calendars.UID_DOMAIN}")
    vevent.add("dtstamp", stamp)
    vevent.add("dtstart", first)
    vevent.add("dtend", on.day + timedelta(days=1))
    vevent.add("summary", row.summary())
    vevent.add("description", "\n".join(lines))
    vevent.add("url", page)
    categories = [_("milestone"), row.treaty.display_short_name]
    if row.milestone.round:
        categories.append(_("round anniversary"))
    vevent.add("categories", categories)
    vevent.add("transp", "TRANSPARENT")
    return vevent


# An unknown parameter value is a plain-text 400 that says why, as the other feeds answer.
public_feed = shared_view(user_errors(calendars.plain_bad_request))


@public_feed
def milestones_feed(request: HttpRequest) -> HttpResponse:
    filters, day = chosen_filters(request)
    # The record's day: a subscriber's calendar replaces an event whose facts changed by its UID.
    stamp = datetime(day.year, day.month, day.day, tzinfo=UTC)
    events = [milestone_event(row, request, stamp) for row in filtered_milestones(filters, day)]
    window = filters.window
    name = _("Treatywatch: milestones")
    description = _(
        "Anniversaries of the treaties' dates and of each State's signature, deposit and entry into force, from "
        "%(start)s to %(end)s, as the record stood on %(day)s."
    ) % {"start": window.start.isoformat(), "end": window.end.isoformat(), "day": day.isoformat()}
    treaties = [filters.treaty] if filters.treaty else treaties_with_record()
    description = f"{description} {checked_sentences(record_checks(treaties, day))}"
    return calendars.calendar_response(PRODID, name, description, events, "milestones.ics")
