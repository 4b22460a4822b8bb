"""The universalization board of a treaty: a page and its downloads, as of any date, for the reader."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from treatywatch.lib.dates import as_of, as_of_context
from treatywatch.lib.exports import render_export, require_format
from treatywatch.lib.pages import public_page
from treatywatch.outreach.board import BoardRow, Stage, filtered_board
from treatywatch.outreach.presenters import BOARD_ROW
from treatywatch.registry.countries import region_names
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
    return render_export(fmt, cells, meta, name, BOARD_ROW.columns())
