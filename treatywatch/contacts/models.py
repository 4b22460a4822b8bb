"""The people an organisation works with: officials, parliamentarians, journalists. A contact belongs to the
organisation that holds it and is private to it, or shared with organisations it names; it is never public, and
it is read through `visible_to` like every private record (`treatywatch.organisations.visibility`).

A contact records whether the person consented to being kept, when and how; its history keeps every version.
When a person asks to be forgotten the contact is erased with its whole history (`actions.do_erase_contact`):
what remains is a `ContactErasure`, which holds nothing about the person.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from treatywatch.organisations.languages import validate_language_codes
from treatywatch.organisations.models import Organisation
from treatywatch.organisations.visibility import Restricted, Visibility
from treatywatch.registry.models import State


class ContactKind(models.TextChoices):
    OFFICIAL = "official", _("government official")
    PARLIAMENTARIAN = "parliamentarian", _("parliamentarian")
    JOURNALIST = "journalist", _("journalist")
    OTHER = "other", _("other")


class ConsentMethod(models.TextChoices):
    IN_WRITING = "in_writing", _("in writing (a signed form or letter)")
    EMAIL = "email", _("by e-mail")
    ORALLY = "orally", _("orally (noted by the person who asked)")
    ONLINE_FORM = "online_form", _("through an online form")
    OTHER = "other", _("another way (say how)")


# Who may read a contact: never everyone.
CONTACT_VISIBILITY = [(v.value, v.label) for v in (Visibility.ORGANISATION, Visibility.NAMED)]


class Contact(Restricted):
    """A person an organisation keeps in touch with, and whether, when and how the person consented."""

    visibility = models.CharField(
        _("who may read it"), max_length=20, choices=CONTACT_VISIBILITY, default=Visibility.ORGANISATION
    )
    owner = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="contacts", verbose_name=_("kept by")
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=ContactKind.choices)
    state = models.ForeignKey(
        State,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="contacts",
        verbose_name=_("State"),
        help_text=_("The State the person works for or reports on."),
    )
    institution = models.CharField(_("institution"), max_length=200, blank=True)
    position = models.CharField(_("position"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), max_length=254, blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    languages = models.JSONField(_("languages"), default=list, blank=True, validators=[validate_language_codes])
    notes = models.TextField(_("notes"), blank=True)
    consent_given = models.BooleanField(_("consent given"), default=False)
    consent_on = models.DateField(_("consent date"), null=True, blank=True)
    consent_method = models.CharField(
        _("how consent was given"), max_length=20, choices=ConsentMethod.choices, blank=True
    )
    consent_details = models.CharField(_("consent details"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)
    # Raised by every save; an editor's form carries the version it showed (see lib/versions.py).
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    history = HistoricalRecords(m2m_fields=["shared_with"])

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        ordering = ["name", "pk"]
        indexes = [models.Index(fields=["owner", "state"], name="contact_owner_state")]
        constraints = [
            models.CheckConstraint(condition=~Q(visibility=Visibility.PUBLIC), name="contact_never_public"),
            models.CheckConstraint(
                condition=Q(consent_given=False) | Q(consent_on__isnull=False), name="contact_consent_has_a_date"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.owner_id is None:  # asked before `Restricted.clean` reads the owner
            raise ValidationError({"owner": _("A contact belongs to the organisation that keeps it.")})
        super().clean()


class ErasureGround(models.TextChoices):
    REQUEST = "request", _("the person asked to be erased")
    CONSENT_WITHDRAWN = "consent_withdrawn", _("the person withdrew consent")
    NO_LONGER_NEEDED = "no_longer_needed", _("no longer needed")
    RECORDED_IN_ERROR = "recorded_in_error", _("recorded in error")


class ContactErasure(models.Model):
    """What is kept of an erased contact: which organisation's contact it was, who erased it, when and on what
    ground. Nothing about the person (no name, no free text that could name them)."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="contact_erasures", verbose_name=_("kept by")
    )
    contact_number = models.PositiveIntegerField(_("contact number"), help_text=_("The erased contact's id."))
    erased_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("erased by"),
    )
    erased_at = models.DateTimeField(_("erased"))
    ground = models.CharField(_("ground"), max_length=20, choices=ErasureGround.choices)
    versions_erased = models.PositiveIntegerField(_("versions erased from the history"))

    class Meta:
        verbose_name = _("contact erasure")
        verbose_name_plural = _("contact erasures")
        ordering = ["-erased_at", "pk"]

    def __str__(self) -> str:
        return f"contact {self.contact_number} of {self.organisation}, erased {self.erased_at:%Y-%m-%d}"
