"""The obligation facts that ship with a treaty's data: `data/<slug>/obligations.csv`."""

from __future__ import annotations

from pathlib import Path

from treatywatch.obligations.importer import import_obligations_file
from treatywatch.registry.models import Treaty


def load_shipped_obligations(treaty: Treaty, data: Path) -> list[str]:
    path = data / treaty.slug / "obligations.csv"
    if not path.exists():
        return []
    return import_obligations_file(path, treaty, commit=True).lines(limit=0)[:1]
