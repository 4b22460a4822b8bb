"""A plan's progress as the API answers it: plain values, dates as exactly as their sources give them."""

from __future__ import annotations

from typing import Any

from treatywatch.core.approximate import ApproximateDate
from treatywatch.plans.indicators import NO_REGION, ActivitiesByRegion, InitialReports, PartiesAtMeeting, Result
from treatywatch.plans.models import ActionPlan, Evidence, PlanAction
from treatywatch.plans.progress import ActionProgress, IndicatorProgress, PlanProgress
from treatywatch.registry.models import Source
from treatywatch.registry.presenters import SOURCE

NO_REGION_KEY = "none"


def _iso(value: ApproximateDate | None) -> str | None:
    return value.iso() if value else None


def _sources(sources: list[Source]) -> list[dict[str, Any]]:
    return [SOURCE.answer(s) for s in sources]


def plan_summary(progress: PlanProgress) -> dict[str, Any]:
    plan = progress.plan
    headline = progress.headline
    return {
        "slug": plan.slug,
        "treaty": plan.treaty.slug,
        "name": plan.name,
        "short_name": plan.short_name,
        "adopted_at": plan.adopted_at.label if plan.adopted_at else None,
        "adopted_on": _iso(plan.adopted),
        "adopted_on_precision": plan.adopted_on_precision if plan.adopted_on else None,
        "period_from": _iso(plan.starts),
        "period_to": _iso(plan.ends),
        "period_note": plan.period_note,
        "stage": progress.stage.value,
        "actions": len(progress.actions),
        "text_kinds": progress.counts,
        "headline": computed_value(headline) if headline else None,
    }


def evidence_answer(evidence: Evidence) -> dict[str, Any]:
    return {
        "date": _iso(evidence.when),
        "date_precision": evidence.date_precision if evidence.date else None,
        "date_as_written": evidence.date_as_written,
        "figure": evidence.figure,
        "value": float(evidence.value) if evidence.value is not None else None,
        "relates_to": evidence.relates_to,
        "theme": evidence.theme or None,
        "actions": [a.key for a in evidence.actions.all()],
        "source": SOURCE.answer(evidence.source),
    }


def computed_value(result: Result | None) -> dict[str, Any] | None:
    if isinstance(result, PartiesAtMeeting):
        meeting = result.meeting
        return {
            "target": result.target,
            "meeting": meeting.label,
            "target_day": result.opening,
            "opened": result.opened,
            "at_opening": result.at_opening,
            "second_part_starts_on": meeting.second_part_starts_on,
            "at_second_part": result.at_second_part,
            "on_as_of": result.on_as_of,
            "gap": result.gap,
            "reached": result.reached,
        }
    if isinstance(result, InitialReports):
        return {
            "obligation": result.rule.key if result.rule else None,
            "due": result.due,
            "recorded": result.recorded,
            "reports_recorded": result.any_recorded,
            "share": result.share,
        }
    if isinstance(result, ActivitiesByRegion):
        return {
            "years": [
                {
                    "year": year,
                    "total": result.totals.get(year, 0),
                    "regions": {
                        (r if r != NO_REGION else NO_REGION_KEY): result.count(year, r) for r in result.regions
                    },
                }
                for year in result.years
            ]
        }
    return None


def _indicator(item: IndicatorProgress) -> dict[str, Any]:
    indicator = item.indicator
    return {
        "text": indicator.text,
        "kind": "computed" if indicator.computed else "entered",
        "computation": indicator.computation or None,
        "parameters": indicator.parameters or {},
        "value": computed_value(item.result),
        "sources": _sources(list(indicator.sources.all())),
        "evidence": [evidence_answer(e) for e in item.evidence],
    }


def _action(entry: ActionProgress) -> dict[str, Any]:
    action: PlanAction = entry.action
    return {
        "key": action.key,
        "number": action.number,
        "section": action.section,
        "theme": action.theme or None,
        "text": action.text,
        "text_kind": action.text_kind,
        "wording_of": action.wording_of or None,
        "target": action.target,
        "indicator_number": action.indicator_number,
        "indicator_text": action.indicator_text,
        "not_verified": action.not_verified,
        "sources": _sources(list(action.sources.all())),
        "indicators": [_indicator(i) for i in entry.indicators],
        "evidence": [evidence_answer(e) for e in entry.evidence],
    }


def plan_answer(progress: PlanProgress, as_of: str) -> dict[str, Any]:
    plan: ActionPlan = progress.plan
    return {
        **plan_summary(progress),
        "as_of": as_of,
        "adoption_note": plan.adoption_note,
        "size": plan.size,
        "document": plan.document,
        "structure": plan.structure,
        "companion_texts": plan.companion_texts,
        "monitoring": plan.monitoring,
        "notes": plan.notes,
        "sources": _sources(list(plan.sources.all())),
        "plan_actions": [_action(a) for a in progress.actions],
        "other_evidence": [evidence_answer(e) for e in progress.other_evidence],
        "evidence_after_as_of": progress.evidence_later,
    }
