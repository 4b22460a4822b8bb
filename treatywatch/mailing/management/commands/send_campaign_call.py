from argparse import ArgumentParser
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from treatywatch.campaigns.queries import get_campaign
from treatywatch.lib.errors import NotFound
from treatywatch.mailing.calls import PENDING, recipients, send_call
from treatywatch.mailing.jobs import run_lines


class Command(BaseCommand):
    help = (
        "E-mail a campaign's call to the people of its coalition's member organisations, each once, in the member's "
        "language with the link to its brief (see docs/campaigns.md). A dry run unless --commit."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("campaign", help="the campaign's short name, e.g. oslo-10")
        parser.add_argument("--commit", action="store_true", help="send; without it, only show who would get what")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            campaign = get_campaign(options["campaign"])
        except NotFound as error:
            raise CommandError(str(error)) from None
        if campaign.organiser is None:
            raise CommandError(f"{campaign.slug}: the campaign names no organising coalition, so it has no members.")
        with translation.override(settings.LANGUAGE_CODE):
            found = recipients(campaign)
            if not options["commit"]:
                for r in found:
                    who = r.user.email or r.user.username
                    self.stdout.write(f"{who} ({r.member.name}, {r.language}): {r.link}: {r.standing_label}")
                pending = sum(r.standing in PENDING for r in found)
                self.stdout.write(f"Dry run: {pending} e-mail(s) would be sent; nothing was sent (--commit sends).")
                return
            run = send_call(campaign, found)
        lines = run_lines(run)
        for line in lines[:-1]:
            (self.stdout if line.startswith("Sent") else self.stderr).write(line)
        self.stdout.write(lines[-1])
        if run.failed:
            raise CommandError(f"{len(run.failed)} e-mail(s) could not be sent; they will be tried again next run.")
