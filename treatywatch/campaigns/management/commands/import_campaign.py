from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.contrib.auth.models import User
from django.core.management.base import BaseCommand, CommandError

from treatywatch.campaigns.importer import import_campaign_file
from treatywatch.registry.importers.errors import ImportRefused


class Command(BaseCommand):
    help = "Import a campaign and its asks from a JSON file (dry run unless --commit; all or nothing)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("path", help="the campaign file, e.g. data/ccm/campaigns/oslo-10.json")
        parser.add_argument(
            "--user", required=True, help="the site administrator who imports it (the history keeps who)"
        )
        parser.add_argument("--commit", action="store_true", help="write the changes (default: dry run)")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            user = User.objects.filter(username=options["user"]).first()
            if user is None:
                raise ImportRefused([f"No user {options['user']!r}: give the username of a site administrator."])
            read, committed = import_campaign_file(Path(options["path"]), commit=options["commit"], actor=user)
        except ImportRefused as error:
            raise CommandError(error.summary()) from None
        for line in read.lines(committed):
            self.stdout.write(line)
