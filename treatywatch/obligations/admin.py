"""The editors' admin for obligation facts and deadline watches.

Obligation facts are recorded, corrected and removed through their actions, each with a reason kept
in the history, like depositary facts. A correction keeps the fact's treaty and State; removing a fact
asks for the reason on the confirmation page.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from treatywatch.lib.actions import ActionError
from treatywatch.obligations.actions import (
    ObligationFactInput,
    check_obligation_fact,
    do_correct_obligation_fact,
    do_delete_obligation_fact,
    do_record_obligation_fact,
)
from treatywatch.obligations.models import DigestEntry, ObligationFact, Watch
from treatywatch.obligations.rules import obligation_rules
from treatywatch.registry.admin import ConflictAwareAdmin, ReasonToDeleteAdmin, VersionedReasonForm
from treatywatch.registry.models import Treaty


def obligation_choices(blank_label: str = "---------") -> list[tuple[str, str]]:
    """Every obligation key of every treaty's rules, with the titles it has in each treaty."""
    titles: dict[str, list[str]] = defaultdict(list)
    for treaty in Treaty.objects.all():
        for rule in obligation_rules(treaty).values():
            titles[rule.key].append(f"{treaty.short_name}: {rule.title}")
    return [("", blank_label)] + [(key, f"{key} ({'; '.join(names)})") for key, names in sorted(titles.items())]


class ObligationFactForm(VersionedReasonForm):
    obligation = forms.ChoiceField(label=_("obligation"), choices=obligation_choices)
    link = forms.URLField(label=_("link"), max_length=500, required=False, assume_scheme="https")

    class Meta:
        model = ObligationFact
        fields = [
            "treaty",
            "state",
            "obligation",
            "kind",
            "date",
            "date_precision",
            "applies",
            "new_deadline",
            "new_deadline_precision",
            "decided_by",
            "period",
            "link",
            "text",
            "source",
            "published",
        ]

    def fact_input(self) -> ObligationFactInput:
        data = self.cleaned_data
        return ObligationFactInput(
            obligation=data["obligation"],
            kind=data["kind"],
            date=data.get("date"),
            date_precision=data.get("date_precision") or "day",
            applies=data.get("applies"),
            new_deadline=data.get("new_deadline"),
            new_deadline_precision=data.get("new_deadline_precision") or "day",
            decided_by=data.get("decided_by") or "",
            period=data.get("period"),
            link=data.get("link") or "",
            text=data.get("text") or "",
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.instance.pk:  # a correction keeps the fact's treaty and State (read-only fields)
            data.setdefault("treaty", self.instance.treaty)
            data.setdefault("state", self.instance.state)
        if self.errors or not all(data.get(k) for k in ("treaty", "state", "obligation", "kind")):
            return data
        others: list[ObligationFact] | None = None
        if self.instance.pk:
            same = ObligationFact.objects.published().filter(
                treaty=data["treaty"], state=data["state"], obligation=data["obligation"]
            )
            others = list(same.exclude(pk=self.instance.pk).select_related("source").order_by("date", "pk"))
        try:
            check_obligation_fact(data["treaty"], data["state"], self.fact_input(), others)
        except ActionError as error:
            raise ValidationError(str(error)) from None
        return data


@admin.register(ObligationFact)
class ObligationFactAdmin(ReasonToDeleteAdmin, ConflictAwareAdmin):
    form = ObligationFactForm
    list_display = ["state", "treaty", "obligation", "kind", "date", "applies", "new_deadline", "period", "published"]
    list_filter = ["treaty", "obligation", "kind", "published"]
    search_fields = ["state__name", "state__iso3", "obligation", "decided_by", "text"]
    autocomplete_fields = ["state", "source"]
    date_hierarchy = "date"
    history_list_display = ["kind", "date", "published"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return ["treaty", "state"] if obj is not None else []

    def save_model(self, request: HttpRequest, obj: ObligationFact, form: forms.ModelForm, change: bool) -> None:
        if not isinstance(form, ObligationFactForm):
            raise TypeError(f"unexpected form {type(form).__name__}")
        reason = form.cleaned_data["change_reason"]
        if change:
            saved = do_correct_obligation_fact(
                obj,
                fact=form.fact_input(),
                source=obj.source,
                published=obj.published,
                actor=request.user,
                reason=reason,
                expected_version=form.expected_version(),
            )
        else:
            saved = do_record_obligation_fact(
                treaty=obj.treaty,
                state=obj.state,
                fact=form.fact_input(),
                source=obj.source,
                published=obj.published,
                actor=request.user,
                reason=reason,
            )
        obj.pk = saved.pk

    def delete_model(self, request: HttpRequest, obj: ObligationFact) -> None:
        do_delete_obligation_fact(obj, actor=request.user, reason=self.delete_reason(request))


class WatchForm(forms.ModelForm):
    obligation = forms.ChoiceField(
        label=_("obligation"),
        required=False,
        choices=lambda: obligation_choices(str(_("every obligation"))),
        help_text=_("Leave it on every obligation, or choose one that the chosen treaty's rules define."),
    )

    class Meta:
        model = Watch
        fields = ["email", "treaty", "state", "obligation", "active"]


class DigestEntryInline(admin.TabularInline):
    model = DigestEntry
    fields = ["deadline", "deadline_on", "status", "sent_at"]
    readonly_fields = ["deadline", "deadline_on", "status", "sent_at"]
    extra = 0
    can_delete = True
    verbose_name_plural = _("deadlines already sent")

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Watch)
class WatchAdmin(admin.ModelAdmin):
    form = WatchForm
    list_display = ["email", "treaty", "state", "obligation", "active", "created_at"]
    list_filter = ["active", "treaty", "obligation"]
    search_fields = ["email", "state__name", "state__iso3"]
    autocomplete_fields = ["state"]
    readonly_fields = ["created_at"]
    inlines = [DigestEntryInline]


@admin.register(DigestEntry)
class DigestEntryAdmin(admin.ModelAdmin):
    """What the digest has sent. Deleting an entry makes the next digest send that deadline again."""

    list_display = ["deadline", "deadline_on", "status", "watch", "sent_at"]
    list_filter = ["status"]
    search_fields = ["deadline", "watch__email"]
    date_hierarchy = "sent_at"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
