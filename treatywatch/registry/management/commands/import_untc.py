from pathlib import Path
from typing import Any

from treatywatch.registry.importers.plan import ImportRefused
from treatywatch.registry.importers.runner import import_untc_file
from treatywatch.registry.management.commands._importing import ImportCommand


class Command(ImportCommand):
    help = "Import a UN Treaty Collection status page saved as HTML (dry run unless --commit)."

    def add_arguments(self, parser: Any) -> None:
        super().add_arguments(parser)
        parser.add_argument("--url", default="", help="the page's address, recorded as the source")
        parser.add_argument(
            "--accept-difference",
            default="",
            metavar="REASON",
            help="import although the page's header counts differ from the import's; the reason is kept",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            report = import_untc_file(
                Path(options["path"]),
                options["treaty"],
                commit=options["commit"],
                url=options["url"],
                accept_difference=options["accept_difference"],
            )
        except ImportRefused as error:
            raise self.refuse(error) from None
        self.show(report, options["verbosity"])
