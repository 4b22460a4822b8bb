"""The admin for campaigns, their asks and the members' action reports, kept by site administrators for now (the
organiser's coalition staff once their role exists). Every save and removal goes through the actions
(`campaigns.actions`, `campaigns.report_actions`) with a reason kept in the history; a rule or a report that
cannot be recorded comes back on the form with where and why.

A report's tallies (`ReportTally`) are derived, never edited: the report actions keep them in step with every
correction and removal made here, as on the report pages. Members report and correct on those pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from treatywatch.campaigns.actions import (
    ActionError,
    check_rule,
    do_delete_ask,
    do_save_ask,
    do_save_campaign,
    may_keep_campaigns,
)
from treatywatch.campaigns.models import ActionReport, Ask, Campaign
from treatywatch.campaigns.report_actions import REPORT_VISIBILITIES, ReportInput, do_delete_report, do_save_report
from treatywatch.organisations.visibility import Visibility
from treatywatch.registry.admin import (
    ConflictAwareAdmin,
    OnlyForThoseWhoMayRecord,
    ReasonForm,
    ReasonToDeleteAdmin,
    RefusalOnTheFormAdmin,
    VersionedReasonForm,
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


REPORT_FIELDS = ["owner", "kind", "date", "ask", "state", "target", "link", "note", "visibility"]


class ActionReportForm(VersionedReasonForm):
    link = forms.URLField(label=_("link"), max_length=500, required=False, assume_scheme="https")

    class Meta:
        model = ActionReport
        fields = ["campaign", *REPORT_FIELDS]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # What the report actions accept: a report is public or kept for its organisation and the organisers, and
        # a correction answers one of its own campaign's asks.
        visibility, ask = self.fields["visibility"], self.fields["ask"]
        if isinstance(visibility, forms.ChoiceField):
            visibility.choices = [(v, label) for v, label in Visibility.choices if v in REPORT_VISIBILITIES]
        if self.instance.pk and isinstance(ask, forms.ModelChoiceField):
            ask.queryset = Ask.objects.filter(campaign_id=self.instance.campaign_id)

    def report_input(self) -> ReportInput:
        given = {name: self.cleaned_data[name] for name in REPORT_FIELDS}
        return ReportInput(**{**given, "target": given["target"] or "", "link": given["link"] or ""})


@admin.register(ActionReport)
class ActionReportAdmin(ReasonToDeleteAdmin, KeptBySiteAdministrators, ConflictAwareAdmin, RefusalOnTheFormAdmin):
    """A report's campaign is not changed (its tallies and asks are the campaign's): it is removed and reported
    again. Who reported it and when are the record's own."""

    form = ActionReportForm
    list_display = ["date", "campaign", "owner", "kind", "ask", "state", "visibility"]
    list_filter = ["campaign", "kind", "visibility", ("owner", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["target", "note", "owner__name", "state__name", "state__iso3"]
    date_hierarchy = "date"
    autocomplete_fields = ["state"]
    fieldsets = [
        (None, {"fields": ["campaign", *REPORT_FIELDS]}),
        (_("Recorded"), {"fields": ["reported_by", "reported_at", "version"]}),
        (None, {"fields": ["change_reason"]}),
    ]
    history_list_display = ["date", "kind", "visibility"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[ActionReport]:
        readable = ActionReport.objects.visible_to(request.user)
        return readable.select_related("campaign", "owner", "ask", "state")

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        recorded = ["reported_by", "reported_at", "version"]
        return recorded if obj is None else ["campaign", *recorded]

    def save_model(self, request: HttpRequest, obj: ActionReport, form: forms.ModelForm, change: bool) -> None:
        if not isinstance(form, ActionReportForm):
            raise TypeError(f"{type(self).__name__} saves reports only from an ActionReportForm")
        # The report as stored: the form has already put the new values on `obj`.
        stored = ActionReport.objects.select_related("campaign").get(pk=obj.pk) if change else None
        campaign = stored.campaign if stored is not None else form.cleaned_data["campaign"]
        saved = do_save_report(
            campaign,
            stored,
            form.report_input(),
            actor=request.user,
            reason=form.cleaned_data["change_reason"],
            expected_version=form.expected_version(),
        )
        obj.pk = saved.pk

    def delete_model(self, request: HttpRequest, obj: ActionReport) -> None:
        do_delete_report(obj, actor=request.user, reason=self.delete_reason(request))
