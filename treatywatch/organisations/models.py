"""Organisations (an Implementation Support Unit, a State's mission, a campaign coalition and its members, a
monitor) and the users who belong to them, with a role in each.

What an organisation records and does not publish is read through one rule (`visibility.py`): its members
see it, and so do the organisations it is shared with; nobody else, signed in or not.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

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
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


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
