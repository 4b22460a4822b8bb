from pathlib import Path
from typing import Any

from treatywatch.lib.actions import Actor
from treatywatch.outreach.approval_import import import_approval_steps_file
from treatywatch.registry.importers.pattern import ImportReport
from treatywatch.registry.management.commands._importing import ImportByUserCommand
from treatywatch.registry.models import Treaty


class Command(ImportByUserCommand):
    help = "Import States' domestic approval steps towards being bound by a treaty from CSV (dry run unless --commit)."

    def run(self, path: Path, treaty: Treaty, *, commit: bool, actor: Actor) -> ImportReport[Any]:
        return import_approval_steps_file(path, treaty, commit=commit, actor=actor)
