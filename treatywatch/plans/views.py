"""The action plans pages: a treaty's plans with their headline progress, and one plan's progress on any date.

An indicator counting universalization activities counts only what the reader may see (see
`plans.indicators`): a signed-in reader's page is rendered for that reader alone (see docs/privacy.md)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from treatywatch.lib.dates import as_of, as_of_context
from treatywatch.lib.pages import public_page
from treatywatch.plans.progress import STAGE_LABELS, get_plan, plan_progress, plans_of
from treatywatch.plans.words import actions_shown, plan_dates, plan_fields
from treatywatch.registry.queries import get_treaty


@public_page
def treaty_action_plans(request: HttpRequest, slug: str) -> HttpResponse:
    treaty = get_treaty(slug)
    day = as_of(request)
    rows = []
    for plan in plans_of(treaty):
        progress = plan_progress(plan, day, request.user)
        rows.append({"progress": progress, "stage": STAGE_LABELS[progress.stage], **plan_dates(plan)})
    context: dict[str, Any] = {"treaty": treaty, **as_of_context(request, day), "rows": rows}
    return render(request, "plans/list.html", context)


@public_page
def action_plan(request: HttpRequest, slug: str, plan: str) -> HttpResponse:
    treaty = get_treaty(slug)
    day = as_of(request)
    found = get_plan(treaty, plan)
    progress = plan_progress(found, day, request.user)
    context: dict[str, Any] = {
        "treaty": treaty,
        **as_of_context(request, day),
        "plan": found,
        "progress": progress,
        "stage": STAGE_LABELS[progress.stage],
        "actions": actions_shown(progress),
        "plan_fields": plan_fields(found),
        **plan_dates(found),
    }
    return render(request, "plans/plan.html", context)
