"""What the positions app ships with a treaty's data: the Monitor findings files of `data/<slug>/`."""

from __future__ import annotations

from pathlib import Path

from treatywatch.lib.actions import SHIPPED_DATA
from treatywatch.positions.importer import FINDINGS_FILE, import_findings_folder
from treatywatch.positions.models import Finding
from treatywatch.registry.models import Treaty


def load_shipped_findings(treaty: Treaty, data: Path) -> list[str]:
    """Load the files while the treaty holds no finding: once any is recorded, administrators' corrections
    stand, and newer files come in with `import_findings` and its dry run."""
    folder = data / treaty.slug
    if not (folder / FINDINGS_FILE).exists() or Finding.objects.filter(treaty=treaty).exists():
        return []
    report = import_findings_folder(folder, treaty, commit=True, actor=SHIPPED_DATA)
    return report.lines(limit=0)[:1]
