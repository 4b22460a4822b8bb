from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from treatywatch.jobs.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = (
        "Load a file written by `backup` into an empty, migrated database (SQLite or PostgreSQL); "
        "refuses a database that holds data."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("file", help="the backup file to load")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            counts = restore_backup(Path(options["file"]))
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"Restored {sum(counts.values()):,} rows of {len(counts)} tables from {options['file']}.")
