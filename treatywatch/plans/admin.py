"""The admin for action plans: the treaty's public record, kept by site administrators.

Plans, their actions, indicators and published figures are recorded, corrected and removed through the actions
in `plans.actions`, each with a reason kept in the history; removing one asks for the reason on its confirmation
page. A refusal comes back on the form with the editor's input.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest

from treatywatch.outreach.admin import KeptBySiteAdministrators
from treatywatch.plans.actions import (
    PlanRecord,
    do_delete_plan_record,
    do_save_evidence,
    do_save_indicator,
    do_save_plan,
    do_save_plan_action,
)
from treatywatch.plans.models import ActionPlan, Evidence, Indicator, PlanAction
from treatywatch.registry.admin import ReasonForm, ReasonToDeleteAdmin, RefusalOnTheFormAdmin


def _form(model: type[PlanRecord]) -> type[ReasonForm]:
    class Form(ReasonForm):
        class Meta:
            fields = "__all__"

        def _save_m2m(self) -> None:
            """The action sets the record's relations: the admin does not set them again."""

    meta: Any = Form.Meta  # the model is known only here
    meta.model = model
    Form.__name__ = f"{model.__name__}Form"
    return Form


class PlanRecordAdmin(ReasonToDeleteAdmin, KeptBySiteAdministrators, RefusalOnTheFormAdmin):
    """Saves through the record's action, with the form's relations and the reason given."""

    many = "sources"

    def save(self, record: Any, related: list[Any], *, actor: Any, reason: str) -> None:
        raise NotImplementedError

    def save_model(self, request: HttpRequest, obj: Any, form: forms.ModelForm, change: bool) -> None:
        related = list(form.cleaned_data.get(self.many) or [])
        self.save(obj, related, actor=request.user, reason=form.cleaned_data["change_reason"])

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        do_delete_plan_record(obj, actor=request.user, reason=self.delete_reason(request))


@admin.register(ActionPlan)
class ActionPlanAdmin(PlanRecordAdmin):
    form = _form(ActionPlan)
    list_display = ["name", "treaty", "adopted_at", "period_from", "period_to"]
    list_filter = ["treaty"]
    search_fields = ["name", "short_name", "notes"]
    autocomplete_fields = ["sources"]

    def save(self, record: Any, related: list[Any], *, actor: Any, reason: str) -> None:
        do_save_plan(record, related, actor=actor, reason=reason)


@admin.register(PlanAction)
class PlanActionAdmin(PlanRecordAdmin):
    form = _form(PlanAction)
    list_display = ["key", "plan", "number", "theme", "text_kind", "not_verified"]
    list_filter = ["plan", "theme", "text_kind", "not_verified"]
    search_fields = ["key", "number", "text", "target"]
    autocomplete_fields = ["sources"]

    def save(self, record: Any, related: list[Any], *, actor: Any, reason: str) -> None:
        do_save_plan_action(record, related, actor=actor, reason=reason)


@admin.register(Indicator)
class IndicatorAdmin(PlanRecordAdmin):
    form = _form(Indicator)
    list_display = ["text", "action", "computation"]
    list_filter = ["computation", "action__plan"]
    search_fields = ["text"]
    autocomplete_fields = ["action", "sources"]

    def save(self, record: Any, related: list[Any], *, actor: Any, reason: str) -> None:
        do_save_indicator(record, related, actor=actor, reason=reason)


@admin.register(Evidence)
class EvidenceAdmin(PlanRecordAdmin):
    form = _form(Evidence)
    many = "actions"
    list_display = ["date_as_written", "figure", "plan", "relates_to"]
    list_filter = ["plan", "theme"]
    search_fields = ["figure", "relates_to", "date_as_written"]
    autocomplete_fields = ["actions", "indicator", "source"]

    def save(self, record: Any, related: list[Any], *, actor: Any, reason: str) -> None:
        do_save_evidence(record, related, actor=actor, reason=reason)
