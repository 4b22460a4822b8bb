from pathlib import Path
from typing import Any

from treatywatch.lib.actions import Actor
from treatywatch.positions.importer import FILES, import_findings_folder
from treatywatch.registry.importers.pattern import ImportReport
from treatywatch.registry.management.commands._importing import ImportByUserCommand
from treatywatch.registry.models import Treaty


class Command(ImportByUserCommand):
    help = (
        f"Import a treaty's Monitor findings, statements and UN votes from the folder holding {', '.join(FILES)} "
        "(dry run unless --commit; all rows or none)."
    )

    def run(self, path: Path, treaty: Treaty, *, commit: bool, actor: Actor) -> ImportReport[Any]:
        return import_findings_folder(path, treaty, commit=commit, actor=actor)
