from datetime import date
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from treatywatch.obligations.importer import import_obligations_file
from treatywatch.registry.actions import do_ensure_states
from treatywatch.registry.importers.plan import ImportRefused, SourceInput
from treatywatch.registry.importers.runner import import_csv_file, import_untc_file, register_treaty_file
from treatywatch.registry.management.commands._importing import ImportCommand
from treatywatch.registry.queries import get_treaty

# Every row of data/ccm/states.csv cites the UN Treaty Collection page as at 3 February 2026
# (data/ccm/SOURCES.md); rows keep their own citation and take this page's address and date.
SHIPPED_CCM_SOURCE = SourceInput(
    citation="UN Treaty Collection, MTDSG chapter XXVI-6, status as at 2026-02-03 (data/ccm/states.csv)",
    url="https://treaties.un.org/Pages/ViewDetails.aspx?src=TREATY&mtdsg_no=XXVI-6&chapter=26&clang=_en",
    retrieved_on=date(2026, 2, 3),
    primary=True,
)


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
            reports = [import_csv_file(data / "ccm" / "states.csv", "ccm", commit=True, source=SHIPPED_CCM_SOURCE)]
            for page in sorted((data / "untc").glob("*.html")):
                reports.append(import_untc_file(page, page.stem, commit=True))
            obligations = data / "ccm" / "obligations.csv"
            obligation_report = (
                import_obligations_file(obligations, get_treaty("ccm"), commit=True) if obligations.exists() else None
            )
        except ImportRefused as error:
            raise ImportCommand().refuse(error) from None
        if options["verbosity"] == 0:
            return
        for report in reports:
            for line in report.lines(verbose=options["verbosity"] > 1, limit=0):
                self.stdout.write(line)
        if obligation_report is not None:
            self.stdout.write("CCM obligations: " + obligation_report.lines()[0])
