"""A treaty's chart of parties over time as files: SVG, PNG and its data as CSV, each citing itself."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from treatywatch.lib.dates import as_of
from treatywatch.lib.errors import NotFound
from treatywatch.lib.pages import public_page
from treatywatch.registry.citing import Citation, licensed, treaty_citation
from treatywatch.registry.models import Treaty
from treatywatch.registry.queries import get_treaty
from treatywatch.registry.standings import parties_over_time
from treatywatch.web.chart import build_chart
from treatywatch.web.chart_files import chart_csv, chart_png, chart_svg_document

CHART_FORMATS = {"svg": "image/svg+xml", "png": "image/png", "csv": "text/csv; charset=utf-8"}


def chart_title(treaty: Treaty) -> str:
    return _("%(treaty)s: parties over time") % {"treaty": treaty.display_short_name}


def chart_citation(request: HttpRequest, treaty: Treaty) -> Citation:
    """The chart's citation: it points at the treaty's page on the day shown, where the chart is."""
    day = as_of(request)
    page = request.build_absolute_uri(reverse("web:treaty", args=[treaty.slug]) + f"?as_of={day.isoformat()}")
    return treaty_citation(treaty, day, chart_title(treaty), page)


@public_page
def treaty_chart_download(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    if fmt not in CHART_FORMATS:
        raise NotFound(f"No chart in format {fmt!r}; use {', '.join(CHART_FORMATS)}.")
    treaty = get_treaty(slug)
    day = as_of(request)
    timeline = parties_over_time(treaty, day)
    chart = build_chart(timeline, day)
    if chart is None:
        raise NotFound(
            _("%(treaty)s has no depositary record yet, so no chart.") % {"treaty": treaty.display_short_name}
        )
    citation = chart_citation(request, treaty)
    if fmt == "csv":
        body: bytes = chart_csv(timeline, citation).encode("utf-8")
    else:
        svg = chart_svg_document(chart, chart_title(treaty), citation)
        body = svg.encode("utf-8") if fmt == "svg" else chart_png(svg, citation)
    response = HttpResponse(body, content_type=CHART_FORMATS[fmt])
    response["Content-Disposition"] = f'attachment; filename="{treaty.slug}-parties-{day.isoformat()}.{fmt}"'
    return licensed(response)
