"""The outreach pages: a treaty's universalization board (with its downloads) and its institutions (its
meetings, and its Coordinators on any date)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from treatywatch.core.approximate import ApproximateDate, Precision
from treatywatch.core.mandates import Term
from treatywatch.lib.dates import as_of, as_of_context, date_words
from treatywatch.lib.exports import render_export, require_format
from treatywatch.lib.pages import public_page
from treatywatch.outreach.board import BoardRow, Stage, filtered_board
from treatywatch.outreach.institution_presenters import coordinators_on, meeting_starts, meetings_of
from treatywatch.outreach.models import ApprovalStep, Mandate, Meeting
from treatywatch.outreach.presenters import BOARD_ROW
from treatywatch.registry.countries import region_names
from treatywatch.registry.currency import checked_meta
from treatywatch.registry.labels import REGION_LABELS
from treatywatch.registry.models import Treaty
from treatywatch.registry.queries import get_treaty

BOARD_COLUMNS = BOARD_ROW.page_columns("name", "region", "status", "last_activity_on", "next_activity_on")


def _selected(request: HttpRequest, treaty: Treaty, day: date) -> tuple[list[BoardRow], dict[str, str]]:
    filters = {"stage": request.GET.get("stage", ""), "region": request.GET.get("region", "")}
    return filtered_board(treaty, day, request.user, filters["stage"], filters["region"]), filters


# Shared with every anonymous visitor; a signed-in reader's board (which may hold private approaches) is
# rendered for that reader alone and marked private (see docs/privacy.md).
@public_page
def treaty_universalization(request: HttpRequest, slug: str) -> HttpResponse:
    treaty = get_treaty(slug)
    day = as_of(request)
    rows, filters = _selected(request, treaty, day)
    groups = [(stage, [r for r in rows if r.stage == stage]) for stage in Stage]
    context: dict[str, Any] = {
        "treaty": treaty,
        **as_of_context(request, day),
        "groups": [(stage, found) for stage, found in groups if found or not filters["stage"]],
        "count": len(rows),
        "filters": filters,
        "download_query": request.GET.urlencode(),
        "columns": BOARD_COLUMNS,
        "stage_choices": [(s.value, s.label) for s in Stage],
        # Said when the stage is empty: that nothing is recorded yet is not the same as no State at it.
        "steps_recorded": ApprovalStep.objects.published().filter(treaty=treaty).exists(),
        "region_choices": [(r, REGION_LABELS.get(r, r)) for r in region_names()],
    }
    return render(request, "outreach/universalization.html", context)


@public_page
def treaty_universalization_download(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    require_format(fmt)
    treaty = get_treaty(slug)
    day = as_of(request)
    rows, filters = _selected(request, treaty, day)
    meta = {"treaty": treaty.slug, "as_of": day, "stage": filters["stage"] or None, "region": filters["region"] or None}
    cells = [BOARD_ROW.cells(r) for r in rows]
    name = f"{treaty.slug}-universalization-{day.isoformat()}"
    return render_export(fmt, cells, meta, name, BOARD_ROW.columns(), output=BOARD_ROW, checked=checked_meta([treaty]))


def _span(first: ApproximateDate | None, last: ApproximateDate | None) -> str:
    if first is None:
        return ""
    if last is None or last == first:
        return date_words(first)
    return f"{date_words(first)} – {date_words(last)}"


def _meeting_dates(meeting: Meeting) -> list[str]:
    """The meeting's dates in words, one line per part."""
    first = _span(meeting_starts(meeting), ApproximateDate(meeting.ends_on) if meeting.ends_on else None)
    if meeting.second_part_starts_on is None or meeting.second_part_ends_on is None:
        return [first] if first else []
    second = _span(ApproximateDate(meeting.second_part_starts_on), ApproximateDate(meeting.second_part_ends_on))
    return [_("Part 1: %(dates)s") % {"dates": first}, _("Part 2: %(dates)s") % {"dates": second}]


def _opening_day(meeting: Meeting) -> date | None:
    """The day the meeting opened, when the sources give it to the day (the treaty's page as of that day)."""
    starts = meeting_starts(meeting)
    return starts.day if starts is not None and starts.precision is Precision.DAY else None


def period_words(term: Term[Mandate]) -> str:
    return _span(term.starts, term.ends)


@public_page
def treaty_institutions(request: HttpRequest, slug: str) -> HttpResponse:
    treaty = get_treaty(slug)
    day = as_of(request)
    themes, not_recorded = coordinators_on(treaty, day)
    context: dict[str, Any] = {
        "treaty": treaty,
        **as_of_context(request, day),
        "meetings": [
            {"meeting": m, "dates": _meeting_dates(m), "opened_on": _opening_day(m)} for m in meetings_of(treaty)
        ],
        "themes": [
            {
                "key": t.theme.value,
                "label": t.theme.label,
                "coordinators": [
                    {"holding": h, "periods": [(period_words(term), term.ref) for term in h.terms]}
                    for h in t.on_day.holdings
                ],
                "gaps": [(period_words(gap), gap.ref) for gap in t.on_day.gaps],
            }
            for t in themes
        ],
        "themes_not_recorded": [t.label for t in not_recorded],
    }
    return render(request, "outreach/institutions.html", context)
