"""The obligation facts that ship with a treaty's data: `data/<slug>/obligations.csv`."""

from __future__ import annotations

from pathlib import Path

from treatywatch.obligations.importer import import_obligations_file
from treatywatch.obligations.models import ObligationFact
from treatywatch.registry.models import Treaty


def load_shipped_obligations(treaty: Treaty, data: Path) -> list[str]:
    """Load the file while the treaty has no obligation fact: once any is recorded, editors' corrections
    and removals stand, and a newer file comes in with `import_obligations` and its dry run."""
    path = data / treaty.slug / "obligations.csv"
    if not path.exists() or ObligationFact.objects.filter(treaty=treaty).exists():
        return []
    return import_obligations_file(path, treaty, commit=True).lines(limit=0)[:1]
