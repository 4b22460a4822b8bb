"""The forms an organisation's editors log activities with, often on a phone right after a meeting.

They only read and check what was typed: the actions (`outreach/actions.py`) decide and write. A refusal of
the action about one field (`FieldRefused`) is shown next to that field."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from treatywatch.core.approximate import ApproximateDate, Precision
from treatywatch.lib.actions import ActionError
from treatywatch.obligations.models import DatePrecision
from treatywatch.organisations.models import Organisation
from treatywatch.organisations.visibility import Visibility
from treatywatch.outreach.actions import FieldRefused
from treatywatch.outreach.documents import ACCEPT, ALLOWED_NAMES, DocumentRefused, document_type, max_bytes
from treatywatch.outreach.models import Activity, ActivityDocument, ActivityKind
from treatywatch.registry.models import State, Treaty

# The visibility choices in plain words: who reads the States approached, who attended and the notes.
VISIBILITY_CHOICES = [
    (Visibility.PUBLIC.value, _("Public: everyone reads all of it, documents and follow-ups included.")),
    (
        Visibility.ORGANISATION.value,
        _("My organisation only: everyone sees that it happened and who organised it; only our members read the rest."),
    ),
    (
        Visibility.NAMED.value,
        _("My organisation and the organisations I name below: the same, shared with them."),
    ),
]


class StateChoices(forms.ModelMultipleChoiceField):
    """States as a list of checkboxes, each named in the reader's language."""

    widget = forms.CheckboxSelectMultiple

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(queryset=State.objects.order_by("name"), required=False, **kwargs)

    def label_from_instance(self, obj: Any) -> str:
        return str(obj.display_name)


class MultipleFiles(forms.FileInput):
    allow_multiple_selected = True


class DocumentsField(forms.FileField):
    """Any number of files, each checked by its name, its size and its content (`documents.document_type`)."""

    widget = MultipleFiles

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)
        self.widget.attrs["accept"] = ACCEPT

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        files = data if isinstance(data, list | tuple) else [data] if data else []
        problems: list[str] = []
        for file in files:
            if not hasattr(file, "size") or not hasattr(file, "read"):
                problems.append(str(_("Something other than a file was sent: choose the files again.")))
                continue
            try:
                document_type(file)
            except DocumentRefused as error:
                problems.append(str(error))
        if problems:
            raise ValidationError(problems)
        return list(files)


class EntryForm(forms.Form):
    """A form whose fields in error say so to screen readers and point to their message."""

    def full_clean(self) -> None:
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                bound = self[name]
                described = [f"{bound.auto_id}_error"] + ([f"{bound.auto_id}_helptext"] if bound.help_text else [])
                self.fields[name].widget.attrs.update({"aria-invalid": "true", "aria-describedby": " ".join(described)})

    def refuse(self, error: ActionError) -> None:
        """Show the action's refusal next to its field, or above the form."""
        name = error.field if isinstance(error, FieldRefused) else None
        self.add_error(name if name in self.fields else None, str(error))


def _date_input() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class DayField(forms.DateField):
    """A day as the browser's date picker sends it (2025-11-12), never a guess between 12/11 and 11/12."""

    input_formats = ["%Y-%m-%d"]
    default_error_messages = {"invalid": _("Give a date such as 2025-11-12 (year, month, day).")}

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(widget=_date_input(), **kwargs)


class ActivityForm(EntryForm):
    """An activity, its documents, and (when it is corrected) why and against which version."""

    owner = forms.ModelChoiceField(
        Organisation.objects.none(),
        label=_("Recorded by"),
        help_text=_("The organisation this activity belongs to; its editors can correct it."),
        empty_label=None,
    )
    treaty = forms.ModelChoiceField(Treaty.objects.order_by("short_name"), label=_("Treaty"), empty_label=None)
    kind = forms.ChoiceField(label=_("Kind"), choices=ActivityKind.choices)
    title = forms.CharField(label=_("Title"), max_length=300)
    date = DayField(label=_("Date"), help_text=_("The first day."))
    date_precision = forms.ChoiceField(
        label=_("How exact is the date?"),
        choices=DatePrecision.choices,
        initial=DatePrecision.DAY,
        help_text=_("Known only to the month or the year: give any day in it."),
    )
    ends_on = DayField(label=_("Last day"), required=False)
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    summary = forms.CharField(
        label=_("Public summary"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Everyone reads it, even when the activity is closed."),
    )
    organising_states = StateChoices(label=_("Organising States"))
    organising_organisations = forms.ModelMultipleChoiceField(
        Organisation.objects.order_by("name"),
        label=_("Organising organisations"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    visibility = forms.ChoiceField(
        label=_("Who may read the States approached, who attended and the notes?"),
        choices=VISIBILITY_CHOICES,
        initial=Visibility.ORGANISATION,
        widget=forms.RadioSelect,
    )
    shared_with = forms.ModelMultipleChoiceField(
        Organisation.objects.order_by("name"),
        label=_("Organisations to share it with"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Only when you chose to share it with organisations you name."),
    )
    target_states = StateChoices(label=_("States approached"))
    attending_states = StateChoices(label=_("States that attended"))
    participants = forms.CharField(
        label=_("Other participants"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Parliamentarians, organisations, people: as you would write them in your notes."),
    )
    notes = forms.CharField(label=_("Outcome notes"), required=False, widget=forms.Textarea(attrs={"rows": 6}))
    source_citation = forms.CharField(
        label=_("Source"),
        required=False,
        max_length=1000,
        help_text=_(
            "A published record of the activity (a report, a press release). Leave empty when there is none: "
            "the source is then your organisation's own account."
        ),
    )
    source_url = forms.URLField(label=_("Address of the source"), required=False, max_length=500, assume_scheme="https")
    documents = DocumentsField(label=_("Documents"))
    remove_documents = forms.ModelMultipleChoiceField(
        ActivityDocument.objects.none(),
        label=_("Remove these documents"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Their files are deleted; the history keeps who removed them and why."),
    )
    reason = forms.CharField(
        label=_("Why are you changing it?"),
        max_length=500,
        help_text=_("Kept in the history with your name."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(
        self, *args: Any, owners: QuerySet[Organisation], correcting: Activity | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        owner_field = self.fields["owner"]
        if isinstance(owner_field, forms.ModelChoiceField):
            owner_field.queryset = owners
        self.fields["documents"].help_text = _("%(types)s; up to %(size)d MB each.") % {
            "types": ALLOWED_NAMES,
            "size": max_bytes() // (1024 * 1024),
        }
        removable = self.fields["remove_documents"]
        if correcting is not None and isinstance(removable, forms.ModelMultipleChoiceField):
            removable.queryset = correcting.documents.all()
        if correcting is None or not correcting.documents.exists():
            del self.fields["remove_documents"]
        if correcting is None:
            del self.fields["reason"]
            del self.fields["version"]
        else:
            self.fields["version"].required = True  # a correction is always checked against what it was made on

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data is None:
            return {}
        day, precision = data.get("date"), data.get("date_precision")
        if day is not None and precision in DatePrecision.values:
            # A rough date is stored as the last day it can be (see Activity.date).
            data["date"] = ApproximateDate.latest(day, Precision(precision)).day
        ends_on = data.get("ends_on")
        if day is not None and ends_on is not None and ends_on < day:
            self.add_error("ends_on", _("The last day comes before the first."))
        visibility = data.get("visibility")
        if visibility == Visibility.NAMED and not data.get("shared_with"):
            self.add_error("shared_with", _("Name at least one organisation to share it with."))
        if visibility != Visibility.NAMED and data.get("shared_with"):
            self.add_error("shared_with", _("Name organisations only when you share the activity with them."))
        if data.get("source_url") and not data.get("source_citation"):
            self.add_error("source_citation", _("Say what the source at this address is."))
        return data


class FollowUpForm(EntryForm):
    description = forms.CharField(label=_("What is to be done"), widget=forms.Textarea(attrs={"rows": 3}))
    due_on = DayField(label=_("Due date"))
    owner = forms.ModelChoiceField(Organisation.objects.none(), label=_("Organisation responsible"), empty_label=None)
    owner_user = forms.ModelChoiceField(
        Organisation.objects.none(),
        label=_("Person responsible"),
        required=False,
        empty_label=_("nobody in particular"),
        help_text=_("A member of the organisation responsible."),
    )

    def __init__(self, *args: Any, owners: list[Organisation], people: QuerySet[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        owner = self.fields["owner"]
        person = self.fields["owner_user"]
        if isinstance(owner, forms.ModelChoiceField) and isinstance(person, forms.ModelChoiceField):
            owner.queryset = Organisation.objects.filter(pk__in=[o.pk for o in owners]).order_by("name")
            person.queryset = people


class DoneForm(EntryForm):
    done_on = DayField(label=_("Done on"))
    note = forms.CharField(
        label=_("How it was done"),
        required=False,
        max_length=400,
        help_text=_("Kept in the history with your name."),
    )
