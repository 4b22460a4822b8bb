from argparse import ArgumentParser
from datetime import date
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone, translation

from treatywatch.lib.dates import DateProblem, parse_iso_date
from treatywatch.obligations.digest import DEFAULT_WITHIN_DAYS, DigestBusy, pending_digests, run_digest


def _as_of(text: str) -> date:
    try:
        return parse_iso_date(text)
    except DateProblem as error:
        raise CommandError(f"--as-of: {error}") from None


class Command(BaseCommand):
    help = (
        "E-mail each active deadline watch the deadlines that fall due within --within days or have become "
        "overdue, once each (see docs/deadlines.md). Run it daily, e.g. from cron."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--as-of", metavar="YYYY-MM-DD", help="the day to look from (default: today)")
        parser.add_argument(
            "--within",
            type=int,
            default=DEFAULT_WITHIN_DAYS,
            metavar="DAYS",
            help=f"announce deadlines this many days ahead (default: {DEFAULT_WITHIN_DAYS})",
        )
        parser.add_argument("--dry-run", action="store_true", help="show what would be sent; send and record nothing")

    def handle(self, *args: Any, **options: Any) -> None:
        day = _as_of(options["as_of"]) if options["as_of"] else timezone.localdate()
        within = options["within"]
        if within < 0:
            raise CommandError("--within: give a number of days, 0 or more.")
        with translation.override(settings.LANGUAGE_CODE):
            if options["dry_run"]:
                digests = pending_digests(day, within)
                for digest in digests:
                    self.stdout.write(f"Would send to {digest.watch.email}: {digest.subject()}")
                    if options["verbosity"] > 1:
                        self.stdout.write(digest.body())
                self.stdout.write(f"Dry run on {day}: {len(digests)} e-mail(s) would be sent; nothing was sent.")
                return
            try:
                run = run_digest(day, within)
            except DigestBusy as error:
                raise CommandError(str(error)) from None
        for digest in run.sent:
            self.stdout.write(f"Sent to {digest.watch.email}: {digest.subject()}")
        for digest, problem in run.failed:
            self.stderr.write(f"Not sent to {digest.watch.email} (watch {digest.watch.pk}): {problem}")
        deadlines = sum(len(d.items) for d in run.sent)
        self.stdout.write(f"On {day}: {len(run.sent)} e-mail(s) sent with {deadlines} deadline(s).")
        if run.failed:
            raise CommandError(f"{len(run.failed)} e-mail(s) could not be sent; they will be tried again next run.")
