"""Action plans change only through these functions: the plans are the treaty's public record, kept by site
administrators and added by the loader of the shipped data. Each checks, runs in a transaction and keeps who,
when and why in the history."""

from __future__ import annotations

from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import models, transaction

from treatywatch.lib.actions import SHIPPED_DATA, ActionError, Actor, attach_actor
from treatywatch.outreach.actions import FieldRefused, check_rough_date, may_record_institutions
from treatywatch.outreach.models import Meeting, Theme
from treatywatch.plans.models import ActionPlan, Computation, Evidence, Indicator, PlanAction, TextKind
from treatywatch.registry.models import Source, Treaty
from treatywatch.registry.versions import register_changed

PlanRecord = ActionPlan | PlanAction | Indicator | Evidence


def check_plan(plan: ActionPlan) -> None:
    if not plan.slug or not plan.name:
        raise FieldRefused("slug" if not plan.slug else "name", "Every action plan needs its slug and its name.")
    for name in ("adopted_on", "period_from", "period_to"):
        day = getattr(plan, name)
        if day is not None:
            check_rough_date(name, day, getattr(plan, f"{name}_precision"))
    starts, ends = plan.starts, plan.ends
    if starts is not None and ends is not None and ends.day < starts.earliest:
        raise FieldRefused("period_to", "The plan's period ends before it starts.")
    meeting = plan.adopted_at
    if meeting is not None and meeting.treaty_id != plan.treaty_id:
        raise FieldRefused("adopted_at", f"{meeting} is a meeting of another treaty.")


def check_plan_action(action: PlanAction) -> None:
    if action.text_kind not in TextKind.values:
        raise FieldRefused(
            "text_kind", f"Unknown kind of text {action.text_kind!r}: one of {', '.join(TextKind.values)}."
        )
    if action.theme and action.theme not in Theme.values:
        raise FieldRefused("theme", f"Unknown theme {action.theme!r}: one of {', '.join(Theme.values)}.")
    if action.text_kind == TextKind.BODY_WORDING and not action.wording_of:
        raise FieldRefused("wording_of", "A body's wording names the body, e.g. ISU.")
    if action.text_kind != TextKind.BODY_WORDING and action.wording_of:
        raise FieldRefused("wording_of", "Only a body's wording names whose wording it is.")
    if action.text_kind != TextKind.NOT_FOUND and not action.text:
        raise FieldRefused("text", "Only an action whose text was not found may have no text.")


# What each computation needs: its parameters and how to read them.
PARAMETERS: dict[str, dict[str, type]] = {
    Computation.PARTIES_AT_MEETING: {"target": int, "meeting": str},
    Computation.INITIAL_REPORTS: {},
    Computation.ACTIVITIES_BY_REGION: {},
}


def check_indicator(indicator: Indicator, treaty_id: int) -> None:
    if not indicator.text:
        raise FieldRefused("text", "Every indicator says what it measures.")
    if not indicator.computation:
        if indicator.parameters:
            raise FieldRefused("parameters", "Only a computed indicator has parameters.")
        return
    if indicator.computation not in Computation.values:
        raise FieldRefused(
            "computation",
            f"Unknown computation {indicator.computation!r}: one of {', '.join(Computation.values)}, or empty.",
        )
    wanted = PARAMETERS[indicator.computation]
    given = dict(indicator.parameters or {})
    if set(given) != set(wanted):
        names = ", ".join(wanted) or "none"
        raise FieldRefused("parameters", f"{indicator.computation} takes these parameters: {names}.")
    for name, kind in wanted.items():
        if not isinstance(given[name], kind) or (kind is int and given[name] < 1):
            raise FieldRefused("parameters", f"{name}: {given[name]!r} is not a {kind.__name__}.")
    meeting = given.get("meeting")
    if meeting is not None:
        found = Meeting.objects.filter(treaty_id=treaty_id, label=meeting).first()
        if found is None:
            raise FieldRefused("parameters", f"meeting: no meeting {meeting!r} of this treaty is recorded.")
        if found.starts_on is None or found.starts_on_precision != "day":
            raise FieldRefused("parameters", f"meeting: {meeting} has no first day recorded.")


def check_evidence(evidence: Evidence, actions: Sequence[PlanAction]) -> None:
    if not evidence.figure:
        raise FieldRefused("figure", "Every published figure gives the figure.")
    if evidence.date is not None:
        check_rough_date("date", evidence.date, evidence.date_precision)
    elif not evidence.date_as_written:
        raise FieldRefused("date", "An undated figure says how its source places it in time, e.g. 'DAP era'.")
    if evidence.theme and evidence.theme not in Theme.values:
        raise FieldRefused("theme", f"Unknown theme {evidence.theme!r}: one of {', '.join(Theme.values)}.")
    others = [a for a in actions if a.plan_id != evidence.plan_id]
    if others:
        raise FieldRefused("actions", f"{others[0]} is an action of another plan.")


def _check_actor(existing: bool, actor: Actor) -> None:
    if not may_record_institutions(actor):
        raise ActionError("Only a site administrator can record action plans.")
    if actor is SHIPPED_DATA and existing:
        raise ActionError("The shipped data only adds action plans; it never corrects an editor's.")


def _save(record: PlanRecord, *, actor: Actor, reason: str, many: dict[str, Sequence[models.Model]]) -> None:
    if not reason.strip():
        raise ActionError("Say why (the reason is kept in the history).")
    _check_actor(record.pk is not None, actor)
    try:
        record.full_clean(exclude=list(many))
    except ValidationError as error:
        raise ActionError("; ".join(f"{name}: {' '.join(m)}" for name, m in error.message_dict.items())) from None
    attach_actor(record, actor, reason)
    with transaction.atomic():
        record.save()
        for name, items in many.items():
            getattr(record, name).set(list(items))
        register_changed(_treaty_of(record))


def _treaty_of(record: PlanRecord) -> Treaty:
    if isinstance(record, ActionPlan):
        return record.treaty
    if isinstance(record, PlanAction | Evidence):
        return record.plan.treaty
    return record.action.plan.treaty


def do_save_plan(plan: ActionPlan, sources: Sequence[Source], *, actor: Actor, reason: str) -> ActionPlan:
    """Record a plan (unsaved) or correct one; the history keeps the earlier version."""
    check_plan(plan)
    _save(plan, actor=actor, reason=reason, many={"sources": sources})
    return plan


def do_save_plan_action(action: PlanAction, sources: Sequence[Source], *, actor: Actor, reason: str) -> PlanAction:
    check_plan_action(action)
    _save(action, actor=actor, reason=reason, many={"sources": sources})
    return action


def do_save_indicator(indicator: Indicator, sources: Sequence[Source], *, actor: Actor, reason: str) -> Indicator:
    check_indicator(indicator, indicator.action.plan.treaty_id)
    _save(indicator, actor=actor, reason=reason, many={"sources": sources})
    return indicator


def do_save_evidence(evidence: Evidence, actions: Sequence[PlanAction], *, actor: Actor, reason: str) -> Evidence:
    if evidence.source_id is None:
        raise FieldRefused("source", "Every published figure needs its source.")
    check_evidence(evidence, actions)
    _save(evidence, actor=actor, reason=reason, many={"actions": actions})
    return evidence


def do_delete_plan_record(record: PlanRecord, *, actor: Actor, reason: str) -> None:
    """Remove a plan (with its actions, indicators and figures), an action, an indicator or a figure."""
    if not reason.strip():
        raise ActionError("Say why (the reason is kept in the history).")
    if actor is SHIPPED_DATA or not may_record_institutions(actor):
        raise ActionError("Only a site administrator can remove action plans.")
    treaty = _treaty_of(record)
    attach_actor(record, actor, reason)
    with transaction.atomic():
        record.delete()
        register_changed(treaty)
