"""The form a member reports what it did with, often on a phone right after it: few fields, sensible defaults.

It only reads and checks what was typed: the actions (`report_actions.py`) decide and write."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from treatywatch.campaigns.models import ActionReport, Campaign, ReportKind
from treatywatch.organisations.models import Organisation
from treatywatch.organisations.visibility import Visibility
from treatywatch.outreach.forms import DayField, EntryForm
from treatywatch.registry.models import State

VISIBILITY_CHOICES = [
    (Visibility.ORGANISATION.value, _("My organisation and the campaign's organisers only")),
    (Visibility.PUBLIC.value, _("Public: everyone can read it")),
]


class StateChoice(forms.ModelChoiceField):
    """A State, named in the reader's language."""

    def label_from_instance(self, obj: Any) -> str:
        return str(obj.display_name)


class AskChoice(forms.ModelChoiceField):
    """One of the campaign's asks, by its title."""

    def label_from_instance(self, obj: Any) -> str:
        return str(obj.title)


class ReportForm(EntryForm):
    owner = forms.ModelChoiceField(
        Organisation.objects.none(), label=_("Reported by"), empty_label=None, help_text=_("Your organisation.")
    )
    kind = forms.ChoiceField(label=_("What did you do?"), choices=ReportKind.choices, widget=forms.RadioSelect)
    ask = AskChoice(
        Organisation.objects.none(), label=_("For which ask?"), required=False, empty_label=_("None of the asks")
    )
    state = StateChoice(
        State.objects.none(),
        label=_("State"),
        required=False,
        empty_label=_("No State"),
        help_text=_("The State whose decision makers you approached; none for an ask of every member."),
    )
    date = DayField(label=_("Date"))
    target = forms.CharField(
        label=_("Who did you approach?"),
        max_length=300,
        required=False,
        help_text=_("e.g. the Ministry of Foreign Affairs, a member of parliament, a newspaper"),
    )
    link = forms.URLField(
        label=_("Link"),
        max_length=500,
        required=False,
        assume_scheme="https",
        help_text=_("The post, article or recording; needed for a social media post."),
    )
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    visibility = forms.ChoiceField(
        label=_("Who may read this report?"),
        choices=VISIBILITY_CHOICES,
        initial=Visibility.ORGANISATION,
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Why are you changing it?"), max_length=500, help_text=_("Kept in the history with your name.")
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(
        self,
        *args: Any,
        campaign: Campaign,
        owners: QuerySet[Organisation],
        correcting: ActionReport | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        choices: dict[str, QuerySet[Any]] = {
            "owner": owners,
            "ask": campaign.asks.all(),
            "state": State.objects.order_by("name"),
        }
        for name, queryset in choices.items():
            field = self.fields[name]
            if isinstance(field, forms.ModelChoiceField):
                field.queryset = queryset
        if correcting is None:
            del self.fields["reason"]
            del self.fields["version"]
        else:
            self.fields["version"].required = True  # a correction is always checked against what it was made on
