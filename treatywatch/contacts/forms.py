"""The forms an organisation's editors keep contacts with, often on a phone. They read and check what was typed;
the actions (`contacts/actions.py`) decide and write."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from treatywatch.contacts.actions import ContactInput
from treatywatch.contacts.models import ConsentMethod, ContactKind, ErasureGround
from treatywatch.organisations.languages import LanguageCodesField
from treatywatch.organisations.models import Organisation
from treatywatch.organisations.visibility import Visibility
from treatywatch.outreach.forms import DayField, EntryForm
from treatywatch.registry.models import State

VISIBILITY_CHOICES = [
    (Visibility.ORGANISATION.value, _("My organisation only.")),
    (Visibility.NAMED.value, _("My organisation and the organisations I name below.")),
]


class StateChoice(forms.ModelChoiceField):
    """A State, named in the reader's language."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(queryset=State.objects.order_by("name"), required=False, **kwargs)

    def label_from_instance(self, obj: Any) -> str:
        return str(obj.display_name)


class ContactForm(EntryForm):
    owner = forms.ModelChoiceField(
        Organisation.objects.none(),
        label=_("Kept by"),
        help_text=_("The organisation the contact belongs to; only its editors change it."),
        empty_label=None,
    )
    name = forms.CharField(label=_("Name"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=ContactKind.choices)
    state = StateChoice(label=_("State"), empty_label=_("no State in particular"))
    institution = forms.CharField(label=_("Institution"), max_length=200, required=False)
    position = forms.CharField(label=_("Position"), max_length=200, required=False)
    email = forms.EmailField(label=_("E-mail"), max_length=254, required=False)
    phone = forms.CharField(
        label=_("Phone"), max_length=50, required=False, widget=forms.TextInput(attrs={"type": "tel"})
    )
    languages = LanguageCodesField(label=_("Languages"))
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    consent_given = forms.BooleanField(
        label=_("The person consented to being kept in our contacts"),
        required=False,
        help_text=_("Leave it unticked if they did not, or not yet; the history keeps when it changes."),
    )
    consent_on = DayField(label=_("Day of consent"), required=False)
    consent_method = forms.ChoiceField(
        label=_("How they consented"),
        choices=[("", _("(consent not given)")), *ConsentMethod.choices],
        required=False,
    )
    consent_details = forms.CharField(
        label=_("Details of the consent"),
        max_length=300,
        required=False,
        help_text=_("For another way: what it was."),
    )
    visibility = forms.ChoiceField(
        label=_("Who may read this contact?"),
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
    reason = forms.CharField(
        label=_("Why are you changing it?"), max_length=500, help_text=_("Kept in the history with your name.")
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, owners: QuerySet[Organisation] | None, **kwargs: Any) -> None:
        """`owners`: the organisations a new contact may be kept by; None when a contact is corrected (it stays
        with its organisation), which asks why and carries the version shown."""
        super().__init__(*args, **kwargs)
        owner = self.fields["owner"]
        if owners is None:
            del self.fields["owner"]
            self.fields["version"].required = True
        else:
            if isinstance(owner, forms.ModelChoiceField):
                owner.queryset = owners
            del self.fields["reason"]
            del self.fields["version"]

    def contact_input(self) -> ContactInput:
        data = self.cleaned_data
        names = (
            "name", "kind", "state", "institution", "position", "email", "phone", "notes", "consent_given",
            "consent_on", "consent_method", "consent_details", "visibility",
        )  # fmt: skip
        given = {name: data[name] for name in names}
        return ContactInput(languages=tuple(data["languages"]), shared_with=tuple(data["shared_with"]), **given)


class EraseForm(EntryForm):
    ground = forms.ChoiceField(label=_("Why is it erased?"), choices=ErasureGround.choices, widget=forms.RadioSelect)
    confirm = forms.BooleanField(
        label=_("I understand that the contact and its whole history are deleted for good."), required=True
    )
