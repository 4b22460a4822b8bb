"""What the import commands share: options, dry-run output and clean refusals."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from treatywatch.registry.importers.errors import ImportRefused
from treatywatch.registry.importers.pattern import ImportReport


class ImportCommand(BaseCommand):
    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("path", help="the file to import")
        parser.add_argument("--treaty", required=True, help="the treaty's slug, e.g. ccm")
        parser.add_argument("--commit", action="store_true", help="write the changes (default: dry run)")

    def show(self, report: ImportReport[Any], verbosity: int) -> None:
        for line in report.lines(verbose=verbosity > 1):
            self.stdout.write(line)

    def refuse(self, error: ImportRefused) -> CommandError:
        return CommandError(error.summary())
