"""What the outreach import commands share: a site administrator who imports, named for the history."""

from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.contrib.auth.models import User

from treatywatch.lib.actions import Actor
from treatywatch.lib.errors import NotFound
from treatywatch.registry.importers.pattern import ImportReport
from treatywatch.registry.importers.plan import ImportRefused
from treatywatch.registry.management.commands._importing import ImportCommand
from treatywatch.registry.models import Treaty
from treatywatch.registry.queries import get_treaty


class ImportByUserCommand(ImportCommand):
    def add_arguments(self, parser: ArgumentParser) -> None:
        super().add_arguments(parser)
        parser.add_argument(
            "--user", required=True, help="the site administrator who imports them (the history keeps who)"
        )

    def run(self, path: Path, treaty: Treaty, *, commit: bool, actor: Actor) -> ImportReport[Any]:
        raise NotImplementedError

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            treaty = get_treaty(options["treaty"])
            user = User.objects.filter(username=options["user"]).first()
            if user is None:
                raise ImportRefused([f"No user {options['user']!r}: give the username of a site administrator."])
            report = self.run(Path(options["path"]), treaty, commit=options["commit"], actor=user)
        except NotFound as error:
            raise self.refuse(ImportRefused([str(error)])) from None
        except ImportRefused as error:
            raise self.refuse(error) from None
        self.show(report, options["verbosity"])
