"""`/api/v1/campaigns/{slug}/reports`: a campaign's action reports, as the list page gives them (its filters, its
fields, its rule: each report through `visible_to` the reader), a page at a time.

Registered on the API of `api.py`, which imports this module at its end."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from django.core.paginator import EmptyPage, PageNotAnInteger
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_noop
from ninja import Field, Query, Schema
from ninja.decorators import decorate_view
from pydantic import WithJsonSchema

from treatywatch.api.api import ANONYMOUS_OR_TOKEN, TOKEN, AsOf, answer_for_reader, api
from treatywatch.api.auth import reader
from treatywatch.api.schemas import Error
from treatywatch.campaigns.models import ReportKind
from treatywatch.campaigns.report_queries import (
    REPORT,
    CountedPaginator,
    counted,
    get_campaign,
    parse_report_filters,
    reports_for,
)
from treatywatch.lib.caching import cached_response
from treatywatch.lib.dates import day_iso, request_day
from treatywatch.lib.errors import BadParameter
from treatywatch.lib.fields import schema

PER_PAGE = 100

ReportKindText = Annotated[str | None, WithJsonSchema({"type": "string", "enum": list(ReportKind.values)})]
PageText = Annotated[str | None, WithJsonSchema({"type": "integer", "minimum": 1})]


class ReportQuery(AsOf):
    state: str | None = Field(None, description="Only reports about this State (ISO 3166 alpha-3).", examples=["LBN"])
    ask: str | None = Field(None, description="Only reports answering this ask (its key).", examples=["ratify"])
    kind: ReportKindText = Field(None, description="Only this kind of action.")
    page: PageText = Field(None, description=f"The page of the list, {PER_PAGE} reports a page; 1 when absent.")


class CampaignReports(Schema):
    campaign: str = Field(description=gettext_noop("The campaign's slug."))
    as_of: date = Field(description=gettext_noop("The day asked about (YYYY-MM-DD): reports up to that day."))
    count: int = Field(
        ..., description=gettext_noop("Reports the reader may read that match the filters, on every page.")
    )
    page: int = Field(description=gettext_noop("The page given, from 1."))
    pages: int = Field(description=gettext_noop("How many pages the list has."))
    reports: list[schema(REPORT)] = Field(description=gettext_noop("The reports on this page, newest first."))  # type: ignore[valid-type]


@api.get(
    "/campaigns/{slug}/reports",
    response={200: CampaignReports, 400: Error, 401: Error, 404: Error},
    url_name="campaign-reports",
    auth=TOKEN,
    openapi_extra=ANONYMOUS_OR_TOKEN,
    summary="A campaign's action reports, the latest first",
    description=(
        "What member organisations reported doing for the campaign, dated up to `as_of`. Without an "
        "`Authorization` header the request is anonymous and gets the reports members made public; with "
        "`Authorization: Bearer <token>` (a user's API token) it also gets the reports of the user's "
        "organisations and, for the campaign's organisers, every member's. A malformed, unknown or revoked token "
        "is a 401. Answers to a request with a token are `Cache-Control: private, no-store`."
    ),
)
@decorate_view(cached_response)
def list_campaign_reports(request: HttpRequest, slug: str, filters: Query[ReportQuery]) -> HttpResponse:
    campaign = get_campaign(slug)
    day = request_day(request, filters.as_of, empty_is_today=False)
    chosen = parse_report_filters(campaign, state=filters.state, ask=filters.ask, kind=filters.kind)
    found = reports_for(reader(request), campaign, chosen).filter(date__lte=day)
    paginator = CountedPaginator(found, PER_PAGE, counted(reader(request), campaign, chosen, day))
    try:
        page = paginator.page(filters.page or 1)
    except (EmptyPage, PageNotAnInteger):
        raise BadParameter(f"page: {filters.page!r} is not a page of this list (1 to {paginator.num_pages})") from None
    return answer_for_reader(
        request,
        {
            "campaign": campaign.slug,
            "as_of": day_iso(request, day),
            "count": paginator.count,
            "page": page.number,
            "pages": paginator.num_pages,
            "reports": [REPORT.answer(report) for report in page.object_list],
        },
    )
