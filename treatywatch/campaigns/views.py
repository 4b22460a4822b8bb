"""The campaign pages: the list of campaigns, and a campaign with its call, its asks (each rule in words) and
the States with the asks that apply to them on a day (the campaign's first day unless `as_of` says otherwise),
filterable by region and ask, with downloads from the same field list as the API."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language

from treatywatch.campaigns.models import Campaign
from treatywatch.campaigns.presenters import TARGET, SourceNotes
from treatywatch.campaigns.queries import get_campaign
from treatywatch.campaigns.targets import CampaignTargets, Target, campaign_targets
from treatywatch.campaigns.wording import reason_words, rule_words
from treatywatch.lib.dates import as_of, as_of_context
from treatywatch.lib.errors import BadParameter
from treatywatch.lib.exports import render_export, require_format
from treatywatch.lib.pages import public_page
from treatywatch.registry.countries import region_names
from treatywatch.registry.currency import checked_meta, treaties_with_record
from treatywatch.registry.labels import REGION_LABELS

TARGET_COLUMNS = TARGET.page_columns("name", "region", "state_asks")


@public_page
def campaign_list(request: HttpRequest) -> HttpResponse:
    campaigns = Campaign.objects.order_by("-starts_on", "slug")
    return render(request, "campaigns/list.html", {"campaigns": campaigns})


def campaign_day(request: HttpRequest, campaign: Campaign) -> date:
    """The day asked for, or the campaign's first day: the day its call went out."""
    return as_of(request) if request.GET.get("as_of") else campaign.starts_on


Selected = tuple[CampaignTargets, list[Target], dict[str, str]]


def _selected(request: HttpRequest, campaign: Campaign, day: date) -> Selected:
    filters = {"region": request.GET.get("region", ""), "ask": request.GET.get("ask", "")}
    if filters["region"] and filters["region"] not in region_names():
        raise BadParameter(f"region: {filters['region']!r} is not one of {', '.join(region_names())}")
    found = campaign_targets(campaign, day)
    keys = [a.ask.key for a in found.asks]
    if filters["ask"] and filters["ask"] not in keys:
        raise BadParameter(f"ask: {filters['ask']!r} is not one of {', '.join(keys)}")
    return found, found.filtered(filters["region"], filters["ask"]), filters


def _why(target: Target, language: str, notes: SourceNotes) -> list[dict[str, Any]]:
    """The facts behind each ask that applies because of where the State stands, in words, with their sources."""
    return [
        {
            "ask": ask,
            "title": ask.worded(language).title,
            "facts": [
                {"says": reason_words(r), "text": r.text, "notes": notes.numbers(r.sources)} for r in verdict.reasons
            ],
        }
        for ask, verdict in target.applying
        if ask.rule
    ]


@public_page
def campaign_detail(request: HttpRequest, slug: str) -> HttpResponse:
    campaign = get_campaign(slug)
    day = campaign_day(request, campaign)
    found, rows, filters = _selected(request, campaign, day)
    language = (get_language() or "en").split("-")[0]
    notes = SourceNotes()
    counts = {a.ask.key: sum(a.ask.key in t.ask_keys for t in found.targets) for a in found.asks}
    asks = [
        {
            "ask": a.ask,
            "wording": a.ask.worded(language),
            "rule_words": rule_words(a.rule),
            "for_every_member": a.for_every_member,
            "count": counts[a.ask.key],
        }
        for a in found.asks
    ]
    context: dict[str, Any] = {
        "campaign": campaign,
        **as_of_context(request, day),
        "asks": asks,
        "rows": [{"target": t, "why": _why(t, language, notes)} for t in rows],
        "sources": [(number, source) for source, number in notes.listed.items()],
        "count": len(rows),
        "filters": filters,
        "columns": TARGET_COLUMNS,
        "download_query": request.GET.urlencode(),
        "region_choices": [(r, REGION_LABELS.get(r, r)) for r in region_names()],
        "ask_choices": [(a.ask.key, a.ask.worded(language).title) for a in found.asks if not a.for_every_member],
    }
    return render(request, "campaigns/detail.html", context)


@public_page
def campaign_targets_download(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    require_format(fmt)
    campaign = get_campaign(slug)
    day = campaign_day(request, campaign)
    _found, rows, filters = _selected(request, campaign, day)
    meta = {"campaign": campaign.slug, "as_of": day, "region": filters["region"] or None, "ask": filters["ask"] or None}
    name = f"{campaign.slug}-targets-{day.isoformat()}"
    cells = [TARGET.cells(t) for t in rows]
    return render_export(fmt, cells, meta, name, TARGET.columns(), checked=checked_meta(treaties_with_record()))
