"""A campaign's dashboard: the reports the reader may read counted by country, ask and kind, their map, and what
changed in the record since the campaign began, as of a day (see `treatywatch.campaigns.dashboard`). Anonymous
readers' answers (the public reports only) are shared from the page cache; a signed-in reader's are theirs alone."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from treatywatch.campaigns import dashboard
from treatywatch.campaigns.report_queries import get_campaign
from treatywatch.campaigns.report_views import may_report
from treatywatch.lib.dates import as_of, as_of_context
from treatywatch.lib.pages import public_page
from treatywatch.web.activitymap import activity_map


@public_page
def campaign_dashboard(request: HttpRequest, slug: str) -> HttpResponse:
    campaign = get_campaign(slug)
    day = as_of(request)
    counts = dashboard.activity_counts(request.user, campaign, day)
    states = dashboard.state_rows(counts)
    reports_url = reverse("campaign-reports:reports", args=[campaign.slug])
    context: dict[str, Any] = {
        **as_of_context(request, day),
        "campaign": campaign,
        # Reversed once: a row and a map link per State end with their filter.
        "reports_url": reports_url,
        "counts": counts,
        "state_rows": states,
        "ask_rows": dashboard.ask_rows(campaign, counts),
        "kind_rows": dashboard.kind_rows(counts),
        "activity_map": activity_map(states, reports_url),
        "targeted_without_action": dashboard.targeted_states_without_action(campaign, counts),
        "changes": dashboard.record_changes(campaign, day),
        "may_report": may_report(request),
    }
    return render(request, "campaigns/dashboard.html", context)
