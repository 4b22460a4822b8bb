"""What the campaigns app ships with a treaty's data: the campaign files of `data/<slug>/campaigns/`."""

from __future__ import annotations

from pathlib import Path

from treatywatch.campaigns.importer import import_campaign_file
from treatywatch.lib.actions import SHIPPED_DATA
from treatywatch.registry.models import Treaty

CAMPAIGNS_FOLDER = "campaigns"


def load_shipped_campaigns(treaty: Treaty, data: Path) -> list[str]:
    """Each campaign file whose campaign the register does not hold yet: once loaded, administrators' changes
    stand (a campaign removed stays removed only if its file is removed too)."""
    loaded = []
    for path in sorted((data / treaty.slug / CAMPAIGNS_FOLDER).glob("*.json")):
        read, committed = import_campaign_file(path, commit=True, actor=SHIPPED_DATA)
        if committed:
            loaded.append(f"{path.name}: campaign {read.campaign.slug!r} with {len(read.asks)} asks")
    return loaded
