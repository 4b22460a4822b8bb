from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from treatywatch.campaigns import tallies
from treatywatch.campaigns.models import Campaign


class Command(BaseCommand):
    help = (
        "Rebuild the tallies a campaign's dashboard adds up from its reports (every save keeps them in step: this is "
        "for reports written outside the actions, such as a database restored from elsewhere)."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("campaigns", nargs="*", metavar="slug", help="the campaigns to recount; every one if none")

    def handle(self, *args: Any, **options: Any) -> None:
        slugs: list[str] = options["campaigns"]
        campaigns = list(Campaign.objects.filter(slug__in=slugs) if slugs else Campaign.objects.all())
        unknown = sorted(set(slugs) - {campaign.slug for campaign in campaigns})
        if unknown:
            raise CommandError(f"No campaign {', '.join(map(repr, unknown))}: nothing was recounted.")
        for campaign in campaigns:
            rows = tallies.recount(campaign)
            self.stdout.write(f"{campaign.slug}: {rows} tally rows from its reports")
