"""The campaign endpoints: campaigns, their asks, and which asks apply to each State on a day, with the facts
behind each (imported at the end of `api.py`, which they register on)."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.translation import gettext_noop
from ninja import Field, Path, Query, Schema
from ninja.decorators import decorate_view
from pydantic import WithJsonSchema

from treatywatch.api.api import AsOf, DateText, answer, api
from treatywatch.api.schemas import Error
from treatywatch.campaigns.models import Campaign
from treatywatch.campaigns.presenters import CAMPAIGN, CAMPAIGN_ITEM, TARGET
from treatywatch.campaigns.queries import get_campaign
from treatywatch.campaigns.targets import campaign_targets
from treatywatch.lib.caching import cached_response
from treatywatch.lib.dates import day_iso, request_day
from treatywatch.lib.errors import BadParameter
from treatywatch.lib.fields import schema
from treatywatch.registry.countries import region_names

# A campaign's address, as its slug field allows: anything else is a 400 saying so, not a search.
Slug = Annotated[str, Path(pattern=r"^[-a-zA-Z0-9_]+$", description="The campaign's short name.", examples=["oslo-10"])]

CampaignSummaryOut = schema(CAMPAIGN_ITEM)
CampaignOut = schema(CAMPAIGN)
CampaignTargetOut = schema(TARGET)


class CampaignTargets(Schema):
    campaign: str = Field(description=gettext_noop("The campaign's slug."))
    as_of: date = Field(description=gettext_noop("The day the campaign's targets were worked out for (YYYY-MM-DD)."))
    count: int = Field(description=gettext_noop("How many States the filters keep."))
    targets: list[CampaignTargetOut] = Field(  # type: ignore[valid-type]
        description=gettext_noop("Each State the campaign targets, with the asks that apply to it and why.")
    )


LANGUAGES = [code for code, _name in settings.LANGUAGES]
# Read as text, so that a bad value gets our message rather than the validator's.
LanguageText = Annotated[str | None, WithJsonSchema({"type": "string", "enum": LANGUAGES})]


class InLanguage(Schema):
    lang: LanguageText = Field(
        None,
        description="The language of titles, descriptions, talking points and facts in words; English when absent.",
        examples=["fr"],
    )


def language(raw: str | None) -> str:
    if raw is None:
        return "en"
    if raw not in LANGUAGES:
        raise BadParameter(f"lang: {raw!r} is not one of {', '.join(LANGUAGES)}")
    return raw


class TargetFilters(InLanguage, AsOf):
    as_of: DateText = Field(
        None,
        description="Answer as the record stood on this day (YYYY-MM-DD); the campaign's first day when absent.",
        examples=["2017-02-20"],
    )
    region: str | None = Field(None, description="A UN M49 region: Africa, Americas, Asia, Europe or Oceania.")
    ask: str | None = Field(None, description="Only the States this ask applies to (its key).", examples=["accede"])


def campaign_day(request: HttpRequest, campaign: Campaign, raw: str | None) -> date:
    """`as_of`, or the campaign's first day when absent: the day its call went out."""
    return campaign.starts_on if raw is None else request_day(request, raw, empty_is_today=False)


@api.get(
    "/campaigns",
    response=list[CampaignSummaryOut],  # type: ignore[valid-type]
    url_name="campaigns",
    summary="The campaigns, the latest first",
)
@decorate_view(cached_response)
def list_campaigns(request: HttpRequest) -> HttpResponse:
    return answer(request, [CAMPAIGN_ITEM.answer(c) for c in Campaign.objects.order_by("-starts_on", "slug")])


@api.get(
    "/campaigns/{slug}",
    response={200: CampaignOut, 400: Error, 404: Error},
    url_name="campaign",
    summary="A campaign: its call, its source and its asks with their targeting rules",
    description="Titles, descriptions and talking points are in the language asked for with `lang` (English where "
    "an ask has no translation).",
)
@decorate_view(cached_response)
def get_campaign_detail(request: HttpRequest, slug: Slug, filters: Query[InLanguage]) -> HttpResponse:
    with translation.override(language(filters.lang)):
        return answer(request, CAMPAIGN.answer(get_campaign(slug)))


@api.get(
    "/campaigns/{slug}/targets",
    response={200: CampaignTargets, 400: Error, 404: Error},
    url_name="campaign-targets",
    summary="Which of a campaign's asks apply to each State on a day, and the facts behind each",
    description="Every State as the record stood on `as_of` (the campaign's first day when absent): the keys of "
    "the asks that apply, those for every member included, and for each the facts that make it apply (a status, "
    "an obligation's deadline, a finding), each with its sources. A role (affected, donor) is read only from "
    "findings known on that day.",
)
@decorate_view(cached_response)
def get_campaign_targets(request: HttpRequest, slug: Slug, filters: Query[TargetFilters]) -> HttpResponse:
    campaign = get_campaign(slug)
    day = campaign_day(request, campaign, filters.as_of)
    if filters.region and filters.region not in region_names():
        raise BadParameter(f"region: {filters.region!r} is not one of {', '.join(region_names())}")
    found = campaign_targets(campaign, day)
    keys = [a.ask.key for a in found.asks]
    if filters.ask and filters.ask not in keys:
        raise BadParameter(f"ask: {filters.ask!r} is not one of {', '.join(keys)}")
    rows = found.filtered(filters.region, filters.ask)
    with translation.override(language(filters.lang)):
        targets = [TARGET.answer(t) for t in rows]
    return answer(
        request,
        {"campaign": campaign.slug, "as_of": day_iso(request, day), "count": len(rows), "targets": targets},
    )
