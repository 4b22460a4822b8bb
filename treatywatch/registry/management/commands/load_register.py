from datetime import date
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from treatywatch.registry.actions import do_ensure_states
from treatywatch.registry.importers.plan import ImportRefused, SourceInput
from treatywatch.registry.importers.runner import import_csv_file, import_untc_file, register_treaty_file
from treatywatch.registry.management.commands._importing import ImportCommand
from treatywatch.registry.models import DepositaryFact, Treaty
from treatywatch.registry.queries import get_treaty
from treatywatch.registry.shipped import treaty_loaders

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
        "Load the data that ships with Treatywatch: every treaty rules file, then, for each treaty whose "
        "record is still empty, its shipped record (the CCM's data/ccm/states.csv and the UN Treaty Collection "
        "pages in data/untc/); then what each app ships for it (data/<slug>/obligations.csv, organisations.csv, "
        "activities.csv) while the treaty has none of it. What is already there is left as it is, so editors' "
        "corrections are never overwritten: use import_untc to bring in a newer page."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        data = settings.TREATYWATCH_DATA_DIR
        do_ensure_states()
        lines: list[str] = []
        try:
            for rules_file in sorted(settings.TREATYWATCH_RULES_DIR.glob("*.toml")):
                register_treaty_file(rules_file)
            for page in sorted((data / "untc").glob("*.html")):
                treaty = get_treaty(page.stem)
                if DepositaryFact.objects.filter(treaty=treaty).exists():
                    lines.append(f"{treaty.short_name}: already loaded, left as it is.")
                else:
                    lines += self.load_record(treaty, page, data, verbose=options["verbosity"] > 1)
                # Each loader loads its file only while the treaty holds nothing of what the file holds.
                for loader in treaty_loaders():
                    lines += loader(treaty, data)
        except ImportRefused as error:
            raise ImportCommand().refuse(error) from None
        if options["verbosity"]:
            self.stdout.write("\n".join(lines))

    def load_record(self, treaty: Treaty, page: Path, data: Path, *, verbose: bool) -> list[str]:
        """The treaty's depositary record: for the CCM, data/ccm/states.csv, then the page."""
        reports = []
        if page.stem == "ccm":
            reports.append(import_csv_file(data / "ccm" / "states.csv", "ccm", commit=True, source=SHIPPED_CCM_SOURCE))
        reports.append(import_untc_file(page, page.stem, commit=True))
        return [line for report in reports for line in report.lines(verbose=verbose, limit=0)]
