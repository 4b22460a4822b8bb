from pathlib import Path
from typing import Any

from treatywatch.lib.errors import NotFound
from treatywatch.obligations.importer import import_obligations_file
from treatywatch.registry.importers.plan import ImportRefused
from treatywatch.registry.management.commands._importing import ImportCommand
from treatywatch.registry.queries import get_treaty


class Command(ImportCommand):
    help = (
        "Import obligation facts (declarations, extensions, completions, reports) from CSV (dry run unless --commit)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            treaty = get_treaty(options["treaty"])
            report = import_obligations_file(Path(options["path"]), treaty, commit=options["commit"])
        except NotFound as error:
            raise self.refuse(ImportRefused([str(error)])) from None
        except ImportRefused as error:
            raise self.refuse(error) from None
        self.show(report, options["verbosity"])
