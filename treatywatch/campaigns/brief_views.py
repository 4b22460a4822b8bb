"""A member's brief for a State: the page and its PDF, from one presenter (`briefs.state_brief`).

Public facts for anyone; the reader's own organisation's contacts for that State only to a signed-in member
(read through `visible_to`). Anonymous readers' answers hold nothing private and are shared from the page cache;
a signed-in reader's are rendered for that reader alone."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import get_language

from treatywatch.campaigns.brief_pdf import brief_filename, render_brief_pdf
from treatywatch.campaigns.briefs import Brief, brief_state, own_contacts, state_brief
from treatywatch.campaigns.queries import get_campaign
from treatywatch.campaigns.views import campaign_day
from treatywatch.lib.dates import as_of_context
from treatywatch.lib.pages import public_page
from treatywatch.registry.citing import licensed


def _language() -> str:
    return (get_language() or "en").split("-")[0]


def _brief(request: HttpRequest, slug: str, iso3: str) -> Brief:
    campaign = get_campaign(slug)
    state = brief_state(iso3)
    day = campaign_day(request, campaign)
    contacts = own_contacts(request.user, state) if request.user.is_authenticated else None
    return state_brief(campaign, state, day, _language(), contacts=contacts)


@public_page
def brief_page(request: HttpRequest, slug: str, iso3: str) -> HttpResponse:
    brief = _brief(request, slug, iso3)
    pdf_url = reverse("campaign-briefs:brief-pdf", args=[brief.campaign.slug, brief.state.iso3])
    query = request.GET.urlencode()
    context = {
        "brief": brief,
        **as_of_context(request, brief.day),
        "pdf_url": f"{pdf_url}?{query}" if query else pdf_url,
    }
    return render(request, "campaigns/brief.html", context)


@public_page
def brief_pdf(request: HttpRequest, slug: str, iso3: str) -> HttpResponse:
    brief = _brief(request, slug, iso3)
    response = HttpResponse(render_brief_pdf(brief), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{brief_filename(brief, _language())}"'
    return licensed(response)
