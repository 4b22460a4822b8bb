"""What the plans app ships with a treaty's data: the five action-plan files of `data/<slug>/`."""

from __future__ import annotations

from pathlib import Path

from treatywatch.lib.actions import SHIPPED_DATA
from treatywatch.plans.importer import PLANS_FILE, import_action_plans_folder
from treatywatch.plans.models import ActionPlan
from treatywatch.registry.models import Treaty


def load_shipped_action_plans(treaty: Treaty, data: Path) -> list[str]:
    """Load the files while the treaty has no action plan: once any is recorded, editors' corrections and
    removals stand, and newer files come in with `import_action_plans` and its dry run."""
    folder = data / treaty.slug
    if not (folder / PLANS_FILE).exists() or ActionPlan.objects.filter(treaty=treaty).exists():
        return []
    report = import_action_plans_folder(folder, treaty, commit=True, actor=SHIPPED_DATA)
    return report.lines(limit=0)[:1]
