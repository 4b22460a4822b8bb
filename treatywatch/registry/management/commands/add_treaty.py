from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand

from treatywatch.registry.importers.plan import ImportRefused
from treatywatch.registry.importers.runner import register_treaty_file
from treatywatch.registry.management.commands._importing import ImportCommand


class Command(BaseCommand):
    help = "Register a treaty (or update it) from its rules file, e.g. treaties/ccm.toml."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("path", nargs="+", help="rules file(s) in TOML")

    def handle(self, *args: Any, **options: Any) -> None:
        for path in options["path"]:
            try:
                treaty = register_treaty_file(Path(path))
            except ImportRefused as error:
                raise ImportCommand().refuse(error) from None
            self.stdout.write(f"{treaty.short_name} ({treaty.slug}) registered from {path}.")
