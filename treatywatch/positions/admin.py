"""The admin for findings, statements and votes: the treaty's public record, kept by site administrators.

A finding is recorded, corrected and removed through the actions in `positions.actions`, each with a reason kept
in the history; removing one asks for the reason on its confirmation page. The weak-source mark follows the
sources cited, and a source's reliability is the findings' sources list's: both are shown, not edited here.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest

from treatywatch.positions.actions import do_delete_finding, do_save_finding, may_record_findings
from treatywatch.positions.dates import DateUnreadable, read_as_of
from treatywatch.positions.models import Finding, SourceReliability
from treatywatch.registry.admin import (
    OnlyForThoseWhoMayRecord,
    ReasonForm,
    ReasonToDeleteAdmin,
    RefusalOnTheFormAdmin,
)


class KeptBySiteAdministrators(OnlyForThoseWhoMayRecord):
    """Only those who may record findings (`may_record_findings`) see them in the admin."""

    may_record = staticmethod(may_record_findings)


class FindingForm(ReasonForm):
    class Meta:
        model = Finding
        exclude = ["on", "on_precision", "weak_source"]

    def clean_as_of_text(self) -> str:
        text: str = self.cleaned_data["as_of_text"]
        try:
            read_as_of(text)
        except DateUnreadable as error:
            raise forms.ValidationError(str(error)) from None
        return text

    def _save_m2m(self) -> None:
        """The action sets the sources: the admin does not set them again."""


@admin.register(Finding)
class FindingAdmin(ReasonToDeleteAdmin, KeptBySiteAdministrators, RefusalOnTheFormAdmin):
    form = FindingForm
    list_display = ["report_year", "topic", "named", "as_of_text", "value", "weak_source"]
    list_filter = ["treaty", "topic", "report_year", "weak_source"]
    search_fields = ["named", "text", "value"]
    autocomplete_fields = ["state", "sources"]
    readonly_fields = ["weak_source"]

    def save_model(self, request: HttpRequest, obj: Finding, form: forms.ModelForm, change: bool) -> None:
        obj.on, obj.on_precision = read_as_of(obj.as_of_text)
        sources = list(form.cleaned_data.get("sources") or [])
        do_save_finding(obj, sources, actor=request.user, reason=form.cleaned_data["change_reason"])

    def delete_model(self, request: HttpRequest, obj: Finding) -> None:
        do_delete_finding(obj, actor=request.user, reason=self.delete_reason(request))


@admin.register(SourceReliability)
class SourceReliabilityAdmin(KeptBySiteAdministrators):
    """Read only: the ratings come with the findings' sources list (`import_findings`)."""

    list_display = ["tag", "reliability", "source"]
    list_filter = ["reliability"]
    search_fields = ["tag", "source__citation"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
