"""Finding a campaign by its address, for the pages and the API alike."""

from __future__ import annotations

from treatywatch.campaigns.models import Campaign
from treatywatch.lib.errors import NotFound


def get_campaign(slug: str) -> Campaign:
    found = Campaign.objects.select_related("source").filter(slug=slug).first()
    if found is None:
        raise NotFound(f"No campaign {slug!r}.")
    return found
