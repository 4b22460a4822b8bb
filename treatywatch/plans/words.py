"""A plan's dates and its computed indicators in the visitor's words, for the pages."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from treatywatch.lib.dates import date_words
from treatywatch.plans.indicators import NO_REGION, ActivitiesByRegion, InitialReports, PartiesAtMeeting, Result
from treatywatch.plans.models import ActionPlan, PlanAction, TextKind
from treatywatch.plans.progress import IndicatorProgress, PlanProgress
from treatywatch.registry.labels import REGION_LABELS


def period_words(plan: ActionPlan) -> str:
    starts, ends = plan.starts, plan.ends
    if starts is None and ends is None:
        return ""
    return f"{date_words(starts) or '?'} – {date_words(ends) or '?'}"


def plan_dates(plan: ActionPlan) -> dict[str, str]:
    return {"period": period_words(plan), "adopted_words": date_words(plan.adopted)}


def region_words(region: str) -> str:
    return _("no State named") if region == NO_REGION else str(REGION_LABELS.get(region, region))


def activity_table(result: Result | None) -> dict[str, Any] | None:
    """The activities per year and region as a table: a heading per region, a row per year, each count with its
    region's heading (the label a cell shows when the table is stacked on a phone)."""
    if not isinstance(result, ActivitiesByRegion):
        return None
    regions = [region_words(r) for r in result.regions]
    return {
        "regions": regions,
        "rows": [
            {
                "year": year,
                "counts": [result.count(year, r) for r in result.regions],
                "cells": list(zip(regions, [result.count(year, r) for r in result.regions], strict=True)),
                "total": result.totals.get(year, 0),
            }
            for year in result.years
        ],
    }


def kind_words(action: PlanAction) -> str:
    if action.text_kind == TextKind.BODY_WORDING:
        return _("%(body)s's wording, not the plan's text") % {"body": action.wording_of}
    return str(TextKind(action.text_kind).label).capitalize()


def indicator_shown(item: IndicatorProgress) -> dict[str, Any]:
    """An indicator with its result's dates and share in words."""
    result = item.result
    shown: dict[str, Any] = {"item": item, "table": activity_table(result)}
    if isinstance(result, PartiesAtMeeting):
        shown["opening_words"] = date_words(result.opening)
        second = result.meeting.second_part_starts_on
        shown["second_part_words"] = date_words(second) if second else ""
    if isinstance(result, InitialReports) and result.share is not None:
        shown["share_words"] = _("%(percent)d%%") % {"percent": round(result.share * 100)}
    return shown


def actions_shown(progress: PlanProgress) -> list[dict[str, Any]]:
    return [
        {
            "progress": entry,
            "kind_words": kind_words(entry.action),
            "indicators": [indicator_shown(item) for item in entry.indicators],
        }
        for entry in progress.actions
    ]


def plan_fields(plan: ActionPlan) -> list[tuple[str, str]]:
    """The plan's other facts that the sources give, each with its heading."""
    fields = [
        (_("Number of actions"), plan.size),
        (_("Document"), plan.document),
        (_("Structure"), plan.structure),
        (_("Companion texts"), plan.companion_texts),
        (_("Monitoring documents"), plan.monitoring),
    ]
    return [(label, value) for label, value in fields if value]
