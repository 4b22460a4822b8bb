from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand

from treatywatch.jobs.backup import write_backup


class Command(BaseCommand):
    help = (
        "Write the whole site (every table and the uploaded files) to one zip file, which `restore` loads "
        "into an empty database of either engine (see docs/deployment.md)."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("file", help="the backup file to write, e.g. treatywatch-2026-11-30.zip")

    def handle(self, *args: Any, **options: Any) -> None:
        counts = write_backup(Path(options["file"]))
        self.stdout.write(f"Backed up {sum(counts.values()):,} rows of {len(counts)} tables to {options['file']}.")
