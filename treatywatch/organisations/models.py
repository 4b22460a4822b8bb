"""Organisations (an Implementation Support Unit, a State's mission, a campaign coalition and its members, a
monitor) and the users who belong to them, with a role in each.

What an organisation records and does not publish is read through one rule (`visibility.py`): its members
see it, and so do the organisations it is shared with; nobody else, signed in or not.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from treatywatch.organisations.languages import validate_language_codes
from treatywatch.registry.models import State


class OrganisationKind(models.TextChoices):
    SUPPORT_UNIT = "support_unit", _("Implementation Support Unit")
    GOVERNMENT = "government", _("government or a State's mission")
    COALITION = "coalition", _("campaign coalition")
    CAMPAIGN_MEMBER = "campaign_member", _("campaign member")
    MONITOR = "monitor", _("monitor or research")
    OTHER = "other", _("other")


class Organisation(models.Model):
    name = models.CharField(_("name"), max_length=200, unique=True)
    slug = models.SlugField(_("short name in addresses"), max_length=80, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=OrganisationKind.choices)
    state = models.ForeignKey(
        State,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="organisations",
        verbose_name=_("country"),
        help_text=_("The State a government or mission represents, or the country a member works in."),
    )
    website = models.URLField(_("website"), max_length=500, blank=True)
    coalition = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="member_organisations",
        limit_choices_to={"kind": OrganisationKind.COALITION},
        verbose_name=_("member of the coalition"),
        help_text=_("The campaign coalition this organisation is a member of, if any."),
    )
    languages = models.JSONField(
        _("languages"),
        default=list,
        blank=True,
        validators=[validate_language_codes],
        help_text=_("The languages it works in, as two-letter codes: en, fr, es."),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        has_members = self.pk is not None and Organisation.objects.filter(coalition_id=self.pk).exists()
        if has_members and self.kind != OrganisationKind.COALITION:
            raise ValidationError({"kind": _("It has member organisations: it stays a campaign coalition.")})
        if self.coalition is None:
            return
        if self.coalition.kind != OrganisationKind.COALITION:
            raise ValidationError({"coalition": _("%(name)s is not a campaign coalition.") % {"name": self.coalition}})
        if self.kind == OrganisationKind.COALITION:
            raise ValidationError({"coalition": _("A coalition is not a member of another coalition.")})
        if self.pk is not None and self.coalition.pk == self.pk:
            raise ValidationError({"coalition": _("An organisation is not a member of itself.")})


class Role(models.TextChoices):
    """What a member may do with the organisation's records: each role can do what the one before can."""

    VIEWER = "viewer", _("viewer")  # reads the organisation's private records
    EDITOR = "editor", _("editor")  # also records and corrects them
    ADMINISTRATOR = "administrator", _("administrator")  # also adds and removes members


ROLE_ORDER = (Role.VIEWER, Role.EDITOR, Role.ADMINISTRATOR)


class Membership(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("user")
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("organisation")
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.VIEWER)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["organisation__name", "user__username"]
        constraints = [models.UniqueConstraint(fields=["user", "organisation"], name="one_membership_per_organisation")]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()}, {self.organisation})"

    def allows(self, role: str) -> bool:
        """Whether this membership's role includes `role`."""
        return ROLE_ORDER.index(Role(self.role)) >= ROLE_ORDER.index(Role(role))


class TokenPurpose(models.TextChoices):
    """Where a key is accepted. A feed's key travels in its address (kept by calendar services, written in logs),
    so it opens that user's calendar feeds and nothing else; an API key goes in a header and never in an address."""

    API = "api", _("the API")
    FEED = "feed", _("calendar feeds")


class ApiToken(models.Model):
    """A named key with which a user's programs read the API, or a calendar application reads the feeds, as that
    user (private parts included where the user may read them). Only a hash of the key is stored: the key itself is
    shown once, when it is created."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens", verbose_name=_("user")
    )
    name = models.CharField(_("name"), max_length=100, help_text=_("What the token is for, e.g. 'monitor script'."))
    purpose = models.CharField(
        _("accepted by"), max_length=10, choices=TokenPurpose.choices, default=TokenPurpose.API, editable=False
    )
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created"), editable=False)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True, editable=False)
    history = HistoricalRecords(excluded_fields=["key_hash", "last_used_at"])

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["user__username", "-created_at"]

    def __str__(self) -> str:
        return f"{self.user} / {self.name}"
