"""The admin for campaigns and their asks, kept by site administrators for now (the organiser's coalition staff
once their role exists). Every save and removal goes through `campaigns.actions` with a reason kept in the
history; a rule that cannot be read comes back on the form with where and why."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.http import HttpRequest

from treatywatch.campaigns.actions import (
    ActionError,
    check_rule,
    do_delete_ask,
    do_save_ask,
    do_save_campaign,
    may_keep_campaigns,
)
from treatywatch.campaigns.models import Ask, Campaign
from treatywatch.registry.admin import (
    OnlyForThoseWhoMayRecord,
    ReasonForm,
    ReasonToDeleteAdmin,
    RefusalOnTheFormAdmin,
)


class KeptBySiteAdministrators(OnlyForThoseWhoMayRecord):
    may_record = staticmethod(may_keep_campaigns)


class CampaignForm(ReasonForm):
    class Meta:
        model = Campaign
        fields = ["slug", "name", "starts_on", "ends_on", "languages", "organiser", "call", "source"]


class AskForm(ReasonForm):
    class Meta:
        model = Ask
        fields = ["campaign", "key", "order", "title", "description", "talking_points", "translations", "rule"]

    def clean_rule(self) -> object:
        rule = self.cleaned_data["rule"]
        try:
            check_rule(rule)
        except ActionError as error:
            raise forms.ValidationError(str(error)) from None
        return rule


@admin.register(Campaign)
class CampaignAdmin(KeptBySiteAdministrators, RefusalOnTheFormAdmin):
    """Removing a campaign is not offered here: its asks, and later its members' reports, hang on it."""

    form = CampaignForm
    list_display = ["name", "slug", "starts_on", "ends_on"]
    search_fields = ["name", "slug"]
    autocomplete_fields = ["source"]

    def save_model(self, request: HttpRequest, obj: Campaign, form: forms.ModelForm, change: bool) -> None:
        do_save_campaign(obj, actor=request.user, reason=form.cleaned_data["change_reason"])

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(Ask)
class AskAdmin(ReasonToDeleteAdmin, KeptBySiteAdministrators, RefusalOnTheFormAdmin):
    form = AskForm
    list_display = ["key", "campaign", "order", "title"]
    list_filter = ["campaign"]
    search_fields = ["key", "title"]

    def save_model(self, request: HttpRequest, obj: Ask, form: forms.ModelForm, change: bool) -> None:
        do_save_ask(obj, actor=request.user, reason=form.cleaned_data["change_reason"])

    def delete_model(self, request: HttpRequest, obj: Ask) -> None:
        do_delete_ask(obj, actor=request.user, reason=self.delete_reason(request))
