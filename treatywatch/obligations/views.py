"""The compliance view of a treaty: every State Party's deadlines on any date, filtered, downloadable."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import ngettext

from treatywatch.lib.dates import as_of, as_of_context, day_iso
from treatywatch.lib.exports import render_export, require_format
from treatywatch.lib.pages import RESULTS_ANCHOR, public_page, public_page_by_interval
from treatywatch.obligations import intervals
from treatywatch.obligations.fragments import deadline_rows_html
from treatywatch.obligations.labels import (
    DEADLINE_STATUS_HELP,
    DEADLINE_STATUS_LABELS,
    DEADLINE_STATUSES,
    obligation_title,
)
from treatywatch.obligations.presenters import (
    COMPLIANCE_PAGE_COLUMNS,
    STATE_DEADLINE,
    WITHIN_DAYS,
    Compliance,
    ComplianceFilters,
    DeadlineRow,
    compliance,
    deadline_years,
    filter_deadlines,
    parse_filters,
    sorted_for_attention,
)
from treatywatch.obligations.subscribe import treaty_subscribe
from treatywatch.registry.currency import checked_meta
from treatywatch.registry.models import Treaty
from treatywatch.registry.queries import get_treaty
from treatywatch.registry.standings import treaty_view


def _selected(
    request: HttpRequest, treaty: Treaty, day: date
) -> tuple[Compliance, ComplianceFilters, list[DeadlineRow]]:
    get = request.GET.get
    filters = parse_filters(treaty, request.GET.getlist("status"), get("obligation"), get("within"), get("year"))
    result = compliance(treaty, day)
    rows = sorted_for_attention(filter_deadlines(result.rows, filters, day), result.rules)
    return result, filters, rows


@public_page_by_interval(intervals.of_treaty_deadlines)
def treaty_compliance(request: HttpRequest, slug: str) -> HttpResponse:
    treaty = get_treaty(slug)
    day = as_of(request)
    result, filters, rows = _selected(request, treaty, day)
    context: dict[str, Any] = {
        "treaty": treaty,
        "record_imported": treaty_view(treaty, day).record_imported,
        "compliance": result,
        **as_of_context(request, day),
        "filters": filters,
        "statuses": filters.statuses,
        "rows": rows,
        "download_query": request.GET.urlencode(),
        "columns": COMPLIANCE_PAGE_COLUMNS,
        "status_choices": [(k, DEADLINE_STATUS_LABELS[k]) for k in DEADLINE_STATUSES],
        "status_help": [(DEADLINE_STATUS_LABELS[k], DEADLINE_STATUS_HELP[k]) for k in DEADLINE_STATUSES],
        "obligation_choices": [(r.key, f"{obligation_title(r.title)} ({r.article})") for r in result.rules],
        "year_choices": sorted({*deadline_years(result.rows), *([filters.year] if filters.year else [])}),
        "filtered": any(filters.as_meta().values()),
        "results_anchor": RESULTS_ANCHOR,
        "within_choices": [
            (str(d), ngettext("Due within %(days)d day", "Due within %(days)d days", d) % {"days": d})
            for d in WITHIN_DAYS
        ],
    }
    context["subscribe"] = treaty_subscribe(request, treaty, per_obligation=True)
    state_query = f"?as_of={day_iso(request, day)}" if "as_of" in request.GET else ""
    context["deadline_rows"] = deadline_rows_html(rows, treaty, state_query)
    return render(request, "obligations/compliance.html", context)


@public_page
def treaty_compliance_download(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    require_format(fmt)
    treaty = get_treaty(slug)
    day = as_of(request)
    result, filters, rows = _selected(request, treaty, day)
    meta = {
        "treaty": treaty.slug,
        "as_of": day,
        **filters.as_meta(),
        "reports_not_recorded": [r.key for r in result.reports_not_recorded],
    }
    filename = f"{treaty.slug}-compliance-{day.isoformat()}"
    rows_out = [STATE_DEADLINE.cells(r) for r in rows]
    columns = STATE_DEADLINE.columns()
    return render_export(
        fmt, rows_out, meta, filename, columns, "deadlines", STATE_DEADLINE, checked=checked_meta([treaty])
    )
