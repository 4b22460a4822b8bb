"""What the outreach app ships with a treaty's data: `data/<slug>/activities.csv`, `meetings.csv` and
`mandates.csv`."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.db.models import Model

from treatywatch.lib.actions import SHIPPED_DATA, Actor
from treatywatch.outreach.importer import import_activities_file
from treatywatch.outreach.institutions import import_mandates_file, import_meetings_file
from treatywatch.outreach.models import Activity, Mandate, Meeting
from treatywatch.registry.importers.pattern import ImportReport
from treatywatch.registry.models import Treaty

Importer = Callable[..., ImportReport[Any]]


def _load(treaty: Treaty, path: Path, model: type[Model], importer: Importer) -> list[str]:
    """Load the file while the treaty has none of its records: once any is recorded, editors' corrections
    and removals stand, and a newer file comes in with its import command and its dry run."""
    if not path.exists() or model._default_manager.filter(treaty=treaty).exists():
        return []
    actor: Actor = SHIPPED_DATA
    report: ImportReport[Any] = importer(path, treaty, commit=True, actor=actor)
    return report.lines(limit=0)[:1]


def load_shipped_activities(treaty: Treaty, data: Path) -> list[str]:
    return _load(treaty, data / treaty.slug / "activities.csv", Activity, import_activities_file)


def load_shipped_institutions(treaty: Treaty, data: Path) -> list[str]:
    folder = data / treaty.slug
    return [
        *_load(treaty, folder / "meetings.csv", Meeting, import_meetings_file),
        *_load(treaty, folder / "mandates.csv", Mandate, import_mandates_file),
    ]
