"""A treaty's findings page: what the findings record that is not about one State, by topic and year, as published
by a given day, with its downloads from the same field list."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from treatywatch.lib.dates import as_of, as_of_context
from treatywatch.lib.exports import render_export, require_format
from treatywatch.lib.pages import public_page
from treatywatch.positions.models import Topic
from treatywatch.positions.presenters import is_gap
from treatywatch.positions.treaty_findings import (
    TREATY_FINDING,
    FindingFilters,
    has_gap_value,
    parse_finding_filters,
    treaty_findings,
    years_of,
)
from treatywatch.registry.models import Treaty
from treatywatch.registry.queries import get_treaty

PAGE_COLUMNS = TREATY_FINDING.page_columns("report_year", "topic", "named", "text", "value", "as_of", "sources")


def _chosen(request: HttpRequest, treaty: Treaty) -> FindingFilters:
    return parse_finding_filters(treaty, request.GET.get("topic", "").strip(), request.GET.get("year", "").strip())


@public_page
def treaty_findings_page(request: HttpRequest, slug: str) -> HttpResponse:
    treaty = get_treaty(slug)
    day = as_of(request)
    filters = _chosen(request, treaty)
    findings = list(treaty_findings(treaty, day, filters))
    context: dict[str, Any] = {
        "treaty": treaty,
        **as_of_context(request, day),
        "filters": filters,
        "topic_choices": Topic.choices,
        "year_choices": years_of(treaty),
        "rows": [{"finding": f, "gap": is_gap(f), "gap_value": has_gap_value(f)} for f in findings],
        "columns": PAGE_COLUMNS,
        "download_query": request.GET.urlencode(),
    }
    return render(request, "positions/treaty_findings.html", context)


@public_page
def treaty_findings_download(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    require_format(fmt)
    treaty = get_treaty(slug)
    day = as_of(request)
    filters = _chosen(request, treaty)
    rows = [TREATY_FINDING.cells(f) for f in treaty_findings(treaty, day, filters)]
    meta = {"treaty": treaty.slug, "as_of": day, **filters.as_meta()}
    filename = f"{treaty.slug}-findings-{day.isoformat()}"
    return render_export(fmt, rows, meta, filename, TREATY_FINDING.columns(), items="findings")
