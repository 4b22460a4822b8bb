from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.contrib.auth.models import User

from treatywatch.lib.actions import ActionError
from treatywatch.lib.errors import NotFound
from treatywatch.positions.importer import FILES, import_findings_folder
from treatywatch.registry.importers.errors import ImportRefused
from treatywatch.registry.management.commands._importing import ImportCommand
from treatywatch.registry.queries import get_treaty


class Command(ImportCommand):
    help = (
        f"Import a treaty's Monitor findings, statements and UN votes from the folder holding {', '.join(FILES)} "
        "(dry run unless --commit; all rows or none)."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        super().add_arguments(parser)
        parser.add_argument(
            "--user", required=True, help="the site administrator who imports them (kept in the history)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            treaty = get_treaty(options["treaty"])
            user = User.objects.filter(username=options["user"]).first()
            if user is None:
                raise ImportRefused([f"No user {options['user']!r}: give the username of a site administrator."])
            report = import_findings_folder(Path(options["path"]), treaty, commit=options["commit"], actor=user)
        except NotFound as error:
            raise self.refuse(ImportRefused([str(error)])) from None
        except ImportRefused as error:
            raise self.refuse(error) from None
        except ActionError as error:
            raise self.refuse(ImportRefused([str(error)])) from None
        self.show(report, options["verbosity"])
