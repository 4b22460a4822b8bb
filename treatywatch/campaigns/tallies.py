"""The tallies of a campaign's reports (`ReportTally`): kept in step with each save and removal, and rebuilt from the
reports.

A report counts once under its State, once under its ask and once under its kind, on its day, in its class
(public or not). Only `report_actions` (inside its transaction) and `recount` write them."""

from __future__ import annotations

from typing import Any

from django.db import connection, transaction
from django.db.models import Count

from treatywatch.campaigns.models import ActionReport, Campaign, ReportTally, TallyDimension
from treatywatch.organisations.visibility import Visibility


def tally_keys(report: ActionReport) -> list[tuple[str, str]]:
    """The (dimension, key) a report counts under."""
    return [
        (TallyDimension.STATE, str(report.state_id or "")),
        (TallyDimension.ASK, str(report.ask_id or "")),
        (TallyDimension.KIND, report.kind),
    ]


def count(report: ActionReport, change: int) -> None:
    """Add `change` (1 or -1) to the tallies the report counts under; inside the caller's transaction. A report is
    added by one upsert per tally (PostgreSQL and SQLite say it alike), so two saves on the same day never race to
    create a row; it is taken away from the rows its adding made."""
    table = connection.ops.quote_name(ReportTally._meta.db_table)
    public = report.visibility == Visibility.PUBLIC
    with connection.cursor() as cursor:
        for dimension, key in tally_keys(report):
            where: list[Any] = [report.campaign_id, public, dimension, key, report.date]
            if change < 0:
                cursor.execute(
                    f"UPDATE {table} SET n = n + %s "
                    "WHERE campaign_id = %s AND public = %s AND dimension = %s AND key = %s AND day = %s",
                    [change, *where],
                )
                continue
            cursor.execute(
                f"INSERT INTO {table} (campaign_id, public, dimension, key, day, n) VALUES (%s, %s, %s, %s, %s, %s) "
                f"ON CONFLICT (campaign_id, public, dimension, key, day) DO UPDATE SET n = {table}.n + excluded.n",
                [*where, change],
            )


def recount(campaign: Campaign) -> int:
    """Rebuild the campaign's tallies from its reports; returns the number of tally rows."""
    with transaction.atomic():
        ReportTally.objects.filter(campaign=campaign).delete()
        reports = ActionReport.objects.filter(campaign=campaign).order_by()
        rows = []
        for dimension, field in (
            (TallyDimension.STATE, "state_id"),
            (TallyDimension.ASK, "ask_id"),
            (TallyDimension.KIND, "kind"),
        ):
            for value, visibility, day, n in reports.values_list(field, "visibility", "date").annotate(n=Count("*")):
                key = "" if value is None else str(value)
                public = visibility == Visibility.PUBLIC
                rows.append(ReportTally(campaign=campaign, public=public, dimension=dimension, key=key, day=day, n=n))
        merged: dict[tuple[object, ...], ReportTally] = {}
        for row in rows:  # the private visibilities are one class
            found = merged.setdefault((row.public, row.dimension, row.key, row.day), row)
            if found is not row:
                found.n += row.n
        ReportTally.objects.bulk_create(merged.values(), batch_size=5000)
    return len(merged)
