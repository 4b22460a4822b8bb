"""What the import commands share: options, dry-run output and clean refusals."""

from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.contrib.auth.models import User
from django.core.management.base import BaseCommand, CommandError

from treatywatch.lib.actions import ActionError, Actor
from treatywatch.lib.errors import NotFound
from treatywatch.registry.importers.errors import ImportRefused
from treatywatch.registry.importers.pattern import ImportReport
from treatywatch.registry.models import Treaty
from treatywatch.registry.queries import get_treaty


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


class ImportByUserCommand(ImportCommand):
    """An import a named site administrator makes (the history keeps who): a command gives `run`."""

    def add_arguments(self, parser: ArgumentParser) -> None:
        super().add_arguments(parser)
        parser.add_argument(
            "--user", required=True, help="the site administrator who imports them (the history keeps who)"
        )

    def run(self, path: Path, treaty: Treaty, *, commit: bool, actor: Actor) -> ImportReport[Any]:
        raise NotImplementedError(f"{type(self).__module__} says what it imports in its run()")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            treaty = get_treaty(options["treaty"])
            user = User.objects.filter(username=options["user"]).first()
            if user is None:
                raise ImportRefused([f"No user {options['user']!r}: give the username of a site administrator."])
            report = self.run(Path(options["path"]), treaty, commit=options["commit"], actor=user)
        except (NotFound, ActionError) as error:
            raise self.refuse(ImportRefused([str(error)])) from None
        except ImportRefused as error:
            raise self.refuse(error) from None
        self.show(report, options["verbosity"])
