"""The universalization activities that ship with a treaty's data: `data/<slug>/activities.csv`."""

from __future__ import annotations

from pathlib import Path

from treatywatch.lib.actions import SHIPPED_DATA
from treatywatch.outreach.importer import import_activities_file
from treatywatch.outreach.models import Activity
from treatywatch.registry.models import Treaty


def load_shipped_activities(treaty: Treaty, data: Path) -> list[str]:
    """Load the file while the treaty has no activity: once any is recorded, editors' corrections and
    removals stand, and a newer file comes in with `import_activities` and its dry run."""
    path = data / treaty.slug / "activities.csv"
    if not path.exists() or Activity.objects.filter(treaty=treaty).exists():
        return []
    return import_activities_file(path, treaty, commit=True, actor=SHIPPED_DATA).lines(limit=0)[:1]
