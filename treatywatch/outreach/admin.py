"""The admin for universalization activities, States' domestic approval steps, the treaty's meetings and its
Coordinators' mandates.

Each user sees only the activities whose private part they may read (`visible_to`): another organisation's
closed activity is not in their list, and its pages answer 404. Activities are recorded for the
organisations the user is an editor of, corrected and removed through the actions, each with a reason.

Approval steps are public, like depositary facts: the register's editors record and correct them, its
administrators remove them, each with a reason kept in the history.

Meetings and mandates are the treaty's public record, kept by site administrators through their actions, each
change and removal with a reason. An activity's follow-ups and documents are part of its private part: site
administrators, who read every private part, list them read-only; nobody else sees them in the admin.
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
from treatywatch.organisations.visibility import organisations_of, reads_everything
from treatywatch.outreach.actions import (
    ActivityInput,
    ApprovalStepInput,
    MandateInput,
    MeetingInput,
    do_delete_activity,
    do_delete_approval_step,
    do_delete_mandate,
    do_delete_meeting,
    do_save_activity,
    do_save_approval_step,
    do_save_mandate,
    do_save_meeting,
    may_record_for,
    may_record_institutions,
)
from treatywatch.outreach.models import Activity, ActivityDocument, ApprovalStep, FollowUp, Mandate, Meeting
from treatywatch.registry.admin import (
    ConflictAwareAdmin,
    OnlyForThoseWhoMayRecord,
    ReasonForm,
    ReasonToDeleteAdmin,
    RefusalOnTheFormAdmin,
    VersionedReasonForm,
)


def given_fields(action_input: type) -> list[str]:
    """What an action takes: the form edits exactly these fields."""
    return [field.name for field in dataclasses.fields(action_input)]


class ActionInputForm(ReasonForm):
    """A form whose fields are those of its action's input (`action_input`); the action sets the relations."""

    action_input: type

    def given(self) -> Any:
        given: dict[str, Any] = {}
        for name in given_fields(self.action_input):
            value = self.cleaned_data[name]
            given[name] = tuple(value) if isinstance(value, QuerySet) else value  # States, organisations, sources
        return self.action_input(**given)

    def _save_m2m(self) -> None:
        """The action sets the record's States, organisations or sources: the admin does not set them again."""


class ActivityForm(ActionInputForm):
    action_input = ActivityInput

    class Meta:
        model = Activity
        fields = given_fields(ActivityInput)


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
        obj.pk = do_save_activity(stored, form.given(), actor=request.user, reason=reason).pk

    def delete_model(self, request: HttpRequest, obj: Activity) -> None:
        do_delete_activity(obj, actor=request.user, reason=self.delete_reason(request))


class ApprovalStepForm(VersionedReasonForm):
    class Meta:
        model = ApprovalStep
        fields = given_fields(ApprovalStepInput)

    def step_input(self) -> ApprovalStepInput:
        return ApprovalStepInput(**{name: self.cleaned_data[name] for name in given_fields(ApprovalStepInput)})


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


class KeptBySiteAdministrators(OnlyForThoseWhoMayRecord):
    """The treaty's public record beyond the register (meetings, mandates, action plans): only those who may
    record it (`may_record_institutions`) see it in the admin; other editors do not."""

    may_record = staticmethod(may_record_institutions)


class MeetingForm(ActionInputForm):
    action_input = MeetingInput

    class Meta:
        model = Meeting
        fields = given_fields(MeetingInput)


@admin.register(Meeting)
class MeetingAdmin(ReasonToDeleteAdmin, KeptBySiteAdministrators, RefusalOnTheFormAdmin):
    form = MeetingForm
    list_display = ["label", "kind", "treaty", "starts_on", "ends_on", "place"]
    list_filter = ["treaty", "kind"]
    search_fields = ["label", "place", "president", "notes"]
    autocomplete_fields = ["sources"]
    history_list_display = ["label", "starts_on"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Meeting]:
        return super().get_queryset(request).select_related("treaty")

    def save_model(self, request: HttpRequest, obj: Meeting, form: forms.ModelForm, change: bool) -> None:
        if not isinstance(form, MeetingForm):
            raise TypeError(f"{type(self).__name__} saves meetings only from a MeetingForm")
        reason = form.cleaned_data["change_reason"]
        obj.pk = do_save_meeting(obj if change else None, form.given(), actor=request.user, reason=reason).pk

    def delete_model(self, request: HttpRequest, obj: Meeting) -> None:
        do_delete_meeting(obj, actor=request.user, reason=self.delete_reason(request))


class MandateForm(ActionInputForm):
    action_input = MandateInput

    class Meta:
        model = Mandate
        fields = given_fields(MandateInput)


@admin.register(Mandate)
class MandateAdmin(ReasonToDeleteAdmin, KeptBySiteAdministrators, RefusalOnTheFormAdmin):
    form = MandateForm
    list_display = ["theme", "state", "starts_on", "ends_on", "treaty", "source"]
    list_filter = ["treaty", "theme"]
    search_fields = ["state__name", "state__iso3", "note"]
    autocomplete_fields = ["state", "source"]
    history_list_display = ["state", "starts_on", "ends_on"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Mandate]:
        return super().get_queryset(request).select_related("treaty", "state", "source")

    def save_model(self, request: HttpRequest, obj: Mandate, form: forms.ModelForm, change: bool) -> None:
        if not isinstance(form, MandateForm):
            raise TypeError(f"{type(self).__name__} saves mandates only from a MandateForm")
        reason = form.cleaned_data["change_reason"]
        obj.pk = do_save_mandate(obj if change else None, form.given(), actor=request.user, reason=reason).pk

    def delete_model(self, request: HttpRequest, obj: Mandate) -> None:
        do_delete_mandate(obj, actor=request.user, reason=self.delete_reason(request))


class PrivatePartAdmin(ReadersOnlyAdmin):
    """An activity's follow-ups or documents, listed read-only for site administrators, who read every
    activity's private part; other accounts, staff or not, have no page of them (403). The list is read through
    `visible_to` all the same, so that it can never hold more than the account reads on the site. They are
    added, marked done and removed on the activity's own pages, through the actions."""

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        readable = Activity.objects.visible_to(request.user)
        return super().get_queryset(request).filter(activity__in=readable).select_related("activity")

    def has_module_permission(self, request: HttpRequest) -> bool:
        return reads_everything(request.user)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return reads_everything(request.user)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(FollowUp)
class FollowUpAdmin(PrivatePartAdmin):
    list_display = ["due_on", "description", "activity", "owner", "owner_user", "done_on"]
    list_filter = [("owner", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["description", "activity__title"]
    fields = readonly_fields = ["activity", "description", "due_on", "owner", "owner_user", "done_on"]
    history_list_display = ["done_on"]


@admin.register(ActivityDocument)
class ActivityDocumentAdmin(PrivatePartAdmin):
    list_display = ["title", "activity", "original_name", "content_type", "size", "uploaded_at"]
    search_fields = ["title", "original_name", "activity__title"]
    # The file itself is downloaded from the activity's page, where the reader is checked again.
    fields = readonly_fields = [
        "activity", "title", "original_name", "content_type", "size", "uploaded_by", "uploaded_at",
    ]  # fmt: skip
    history_list_display = ["title"]
