from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from treatywatch.registry.actions import do_ensure_states
from treatywatch.registry.importers.plan import ImportRefused
from treatywatch.registry.importers.runner import import_csv_file, import_untc_file, register_treaty_file
from treatywatch.registry.management.commands._importing import ImportCommand


class Command(BaseCommand):
    help = (
        "Load the data that ships with Treatywatch: every treaty rules file, the CCM's States "
        "(data/ccm/states.csv) and the UN Treaty Collection pages in data/untc/. Safe to run again."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        data = settings.TREATYWATCH_DATA_DIR
        do_ensure_states()
        try:
            for rules_file in sorted(settings.TREATYWATCH_RULES_DIR.glob("*.toml")):
                register_treaty_file(rules_file)
            reports = [import_csv_file(data / "ccm" / "states.csv", "ccm", commit=True)]
            for page in sorted((data / "untc").glob("*.html")):
                reports.append(import_untc_file(page, page.stem, commit=True))
        except ImportRefused as error:
            raise ImportCommand().refuse(error) from None
        if options["verbosity"] == 0:
            return
        for report in reports:
            for line in report.lines(verbose=options["verbosity"] > 1, limit=0):
                self.stdout.write(line)
