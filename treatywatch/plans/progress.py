"""A plan's progress as of a day, as its page and the API show it: each action with its indicators (computed
on the day) and the published figures known by then, and what the record does not hold, shown as such."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext_lazy as _

from treatywatch.lib.errors import NotFound
from treatywatch.organisations.visibility import Reader
from treatywatch.plans.indicators import PartiesAtMeeting, Result, compute
from treatywatch.plans.models import ActionPlan, Evidence, Indicator, PlanAction
from treatywatch.registry.models import Treaty


class Stage(StrEnum):
    NOT_ADOPTED = "not_adopted"
    BEFORE_PERIOD = "before_period"
    IN_PERIOD = "in_period"
    PERIOD_ENDED = "period_ended"


STAGE_LABELS = {
    Stage.NOT_ADOPTED: _("not yet adopted on this date"),
    Stage.BEFORE_PERIOD: _("adopted; its period has not started"),
    Stage.IN_PERIOD: _("in its period"),
    Stage.PERIOD_ENDED: _("its period has ended"),
}


def stage_on(plan: ActionPlan, day: date) -> Stage:
    """Where the plan stands on `day`. A rough date counts from its last day (a plan adopted "in September
    2015" is adopted from 30 September 2015), and a period "to 2020" ends after 31 December 2020."""
    adopted, starts, ends = plan.adopted, plan.starts, plan.ends
    if adopted is not None and day < adopted.day:
        return Stage.NOT_ADOPTED
    if starts is not None and day < starts.earliest:
        return Stage.BEFORE_PERIOD
    if ends is not None and day > ends.day:
        return Stage.PERIOD_ENDED
    return Stage.IN_PERIOD


def known_on(evidence: Evidence, plan: ActionPlan, day: date) -> bool:
    """A figure shows from its date (its last possible day); an undated one from the plan's adoption."""
    if evidence.date is not None:
        return evidence.date <= day
    adopted = plan.adopted
    return adopted is None or adopted.day <= day


@dataclass(frozen=True)
class IndicatorProgress:
    indicator: Indicator
    result: Result | None  # None: entered, shown through its figures
    evidence: tuple[Evidence, ...]


@dataclass(frozen=True)
class ActionProgress:
    action: PlanAction
    indicators: tuple[IndicatorProgress, ...]
    evidence: tuple[Evidence, ...]  # figures on the action itself, known on the day

    @property
    def text_missing(self) -> bool:
        return self.action.text_kind == "not_found"


@dataclass(frozen=True)
class PlanProgress:
    plan: ActionPlan
    day: date
    stage: Stage
    actions: tuple[ActionProgress, ...]
    other_evidence: tuple[Evidence, ...]  # figures on no single action: a section, a theme, the whole plan
    evidence_later: int  # figures published after the day, not shown

    @property
    def headline(self) -> PartiesAtMeeting | None:
        for action in self.actions:
            for item in action.indicators:
                if isinstance(item.result, PartiesAtMeeting):
                    return item.result
        return None

    @property
    def latest_figure(self) -> Evidence | None:
        dated = [e for a in self.actions for e in a.evidence if e.date] + [e for e in self.other_evidence if e.date]
        return max(dated, key=lambda e: (e.date, e.pk), default=None)

    @property
    def counts(self) -> dict[str, int]:
        kinds = [a.action.text_kind for a in self.actions]
        return {kind: kinds.count(kind) for kind in ("plan_text", "draft_text", "body_wording", "not_found")}


def plans_of(treaty: Treaty) -> QuerySet[ActionPlan]:
    return (
        ActionPlan.objects.filter(treaty=treaty)
        .select_related("treaty", "adopted_at")
        .prefetch_related("sources")
        .order_by("period_from", "pk")
    )


def get_plan(treaty: Treaty, slug: str) -> ActionPlan:
    plan = plans_of(treaty).filter(slug=slug).first()
    if plan is None:
        raise NotFound(_("No action plan %(slug)r of %(treaty)s.") % {"slug": slug, "treaty": treaty.short_name})
    return plan


def plan_progress(plan: ActionPlan, day: date, reader: Reader) -> PlanProgress:
    indicators = Indicator.objects.prefetch_related("sources", "evidence__source").order_by("pk")
    actions = plan.actions.prefetch_related("sources", Prefetch("indicators", queryset=indicators)).order_by("order")
    every = list(plan.evidence.select_related("source").prefetch_related("actions"))
    shown = [e for e in every if known_on(e, plan, day)]
    by_action: dict[int, list[Evidence]] = {}
    for evidence in shown:
        for action in evidence.actions.all():
            by_action.setdefault(action.pk, []).append(evidence)
    found = []
    for action in actions:
        items = tuple(
            IndicatorProgress(
                indicator,
                compute(indicator, plan, day, reader),
                tuple(e for e in indicator.evidence.all() if known_on(e, plan, day)),
            )
            for indicator in action.indicators.all()
        )
        found.append(ActionProgress(action, items, tuple(by_action.get(action.pk, ()))))
    others = tuple(e for e in shown if not e.actions.all())
    return PlanProgress(plan, day, stage_on(plan, day), tuple(found), others, len(every) - len(shown))
