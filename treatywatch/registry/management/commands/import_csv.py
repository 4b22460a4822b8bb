from datetime import date
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError

from treatywatch.registry.importers.plan import ImportRefused, SourceInput
from treatywatch.registry.importers.runner import import_csv_file
from treatywatch.registry.management.commands._importing import ImportCommand


class Command(ImportCommand):
    help = "Import a treaty's States from a CSV file in the Treatywatch format (dry run unless --commit)."

    def add_arguments(self, parser: Any) -> None:
        super().add_arguments(parser)
        parser.add_argument("--source", default="", help="citation for rows without a source column")
        parser.add_argument("--source-url", default="", help="address of that source")
        parser.add_argument("--retrieved-on", default="", help="when the source was read (YYYY-MM-DD)")

    def handle(self, *args: Any, **options: Any) -> None:
        source = None
        if not options["source"] and (options["source_url"] or options["retrieved_on"]):
            raise CommandError("--source-url and --retrieved-on describe a --source: give its citation too.")
        if options["source"]:
            try:
                retrieved = date.fromisoformat(options["retrieved_on"]) if options["retrieved_on"] else None
            except ValueError:
                raise CommandError(f"--retrieved-on {options['retrieved_on']!r} is not a date (YYYY-MM-DD).") from None
            source = SourceInput(options["source"], options["source_url"], retrieved, True)
        try:
            report = import_csv_file(Path(options["path"]), options["treaty"], commit=options["commit"], source=source)
        except ImportRefused as error:
            raise self.refuse(error) from None
        self.show(report, options["verbosity"])
