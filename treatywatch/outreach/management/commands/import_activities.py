from pathlib import Path
from typing import Any

from treatywatch.lib.actions import Actor
from treatywatch.outreach.importer import import_activities_file
from treatywatch.registry.importers.pattern import ImportReport
from treatywatch.registry.management.commands._importing import ImportByUserCommand
from treatywatch.registry.models import Treaty


class Command(ImportByUserCommand):
    help = "Import public universalization activities from CSV (dry run unless --commit)."

    def run(self, path: Path, treaty: Treaty, *, commit: bool, actor: Actor) -> ImportReport[Any]:
        return import_activities_file(path, treaty, commit=commit, actor=actor)
