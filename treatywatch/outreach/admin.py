"""The admin for universalization activities and States' domestic approval steps.

Each user sees only the activities whose private part they may read (`visible_to`): another organisation's
closed activity is not in their list, and its pages answer 404. Activities are recorded for the
organisations the user is an editor of, corrected and removed through the actions, each with a reason.
Approval steps are public, like depositary facts: the register's editors record and correct them, its
administrators remove them, each with a reason kept in the history.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from django import forms
from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from treatywatch.organisations.admin import ReadersOnlyAdmin
from treatywatch.organisations.models import Role
from treatywatch.organisations.visibility import organisations_of
from treatywatch.outreach.actions import (
    ActivityInput,
    ApprovalStepInput,
    do_delete_activity,
    do_delete_approval_step,
    do_save_activity,
    do_save_approval_step,
    may_record_for,
)
from treatywatch.outreach.models import Activity, ApprovalStep
from treatywatch.registry.admin import (
    ConflictAwareAdmin,
    ReasonForm,
    ReasonToDeleteAdmin,
    RefusalOnTheFormAdmin,
    VersionedReasonForm,
)

_GIVEN = [field.name for field in dataclasses.fields(ActivityInput)]  # what the action takes


class ActivityForm(ReasonForm):
    class Meta:
        model = Activity
        fields = _GIVEN

    def activity_input(self) -> ActivityInput:
        given: dict[str, Any] = {}
        for name in _GIVEN:
            value = self.cleaned_data[name]
            given[name] = tuple(value) if isinstance(value, QuerySet) else value  # States and organisations
        return ActivityInput(**given)

    def _save_m2m(self) -> None:
        """The action sets the activity's States and organisations: the admin does not set them again."""


@admin.register(Activity)
class ActivityAdmin(ReasonToDeleteAdmin, ReadersOnlyAdmin):
    form = ActivityForm
    list_display = ["date", "title", "kind", "treaty", "owner", "visibility"]
    list_filter = ["treaty", "kind", "visibility", ("owner", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["title", "summary", "place"]
    date_hierarchy = "date"
    autocomplete_fields = [
        "source",
        "organising_states",
        "organising_organisations",
        "target_states",
        "attending_states",
        "shared_with",
    ]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "treaty",
                    "kind",
                    "title",
                    "summary",
                    "date",
                    "date_precision",
                    "ends_on",
                    "place",
                    "organising_states",
                    "organising_organisations",
                    "source",
                ]
            },
        ),
        (
            _("Who may read the private part"),
            {
                "fields": ["visibility", "owner", "shared_with"],
                "description": _(
                    "Everyone, when the activity is public. Otherwise the members of the organisation that "
                    "recorded it and, when it is shared, those of the organisations named."
                ),
            },
        ),
        (_("Private part"), {"fields": ["target_states", "attending_states", "participants", "notes"]}),
        (None, {"fields": ["change_reason"]}),
    ]
    history_list_display = ["title", "visibility"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Activity]:
        return Activity.objects.visible_to(request.user).select_related("treaty", "owner")

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "owner":
            kwargs["queryset"] = organisations_of(request.user, Role.EDITOR)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_add_permission(self, request: HttpRequest) -> bool:
        records_for_some = organisations_of(request.user, Role.EDITOR).exists()
        return super().has_add_permission(request) and records_for_some

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or may_record_for(request.user, obj.owner))

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or may_record_for(request.user, obj.owner))

    def save_model(self, request: HttpRequest, obj: Activity, form: forms.ModelForm, change: bool) -> None:
        if not isinstance(form, ActivityForm):
            raise TypeError(f"{type(self).__name__} saves activities only from an ActivityForm")
        # The activity as stored: the form has already put the new values on `obj`.
        stored = Activity.objects.get(pk=obj.pk) if change else None
        reason = form.cleaned_data["change_reason"]
        obj.pk = do_save_activity(stored, form.activity_input(), actor=request.user, reason=reason).pk

    def delete_model(self, request: HttpRequest, obj: Activity) -> None:
        do_delete_activity(obj, actor=request.user, reason=self.delete_reason(request))


_STEP_GIVEN = [field.name for field in dataclasses.fields(ApprovalStepInput)]


class ApprovalStepForm(VersionedReasonForm):
    class Meta:
        model = ApprovalStep
        fields = _STEP_GIVEN

    def step_input(self) -> ApprovalStepInput:
        return ApprovalStepInput(**{name: self.cleaned_data[name] for name in _STEP_GIVEN})


@admin.register(ApprovalStep)
class ApprovalStepAdmin(ReasonToDeleteAdmin, ConflictAwareAdmin, RefusalOnTheFormAdmin):
    form = ApprovalStepForm
    list_display = ["state", "treaty", "kind", "date", "date_precision", "published"]
    list_filter = ["treaty", "kind", "published", "state__region"]
    search_fields = ["state__name", "state__iso3", "note"]
    autocomplete_fields = ["state", "source"]
    date_hierarchy = "date"
    history_list_display = ["kind", "date", "published"]

    def save_model(self, request: HttpRequest, obj: ApprovalStep, form: forms.ModelForm, change: bool) -> None:
        if not isinstance(form, ApprovalStepForm):
            raise TypeError(f"{type(self).__name__} saves approval steps only from an ApprovalStepForm")
        # The step as stored: the form has already put the new values on `obj`.
        stored = ApprovalStep.objects.get(pk=obj.pk) if change else None
        reason = form.cleaned_data["change_reason"]
        saved = do_save_approval_step(
            stored, form.step_input(), actor=request.user, reason=reason, expected_version=form.expected_version()
        )
        obj.pk = saved.pk

    def delete_model(self, request: HttpRequest, obj: ApprovalStep) -> None:
        do_delete_approval_step(obj, actor=request.user, reason=self.delete_reason(request))
