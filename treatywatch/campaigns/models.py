"""A coalition's calls to action: a campaign with its dates and languages, and its asks, each with the rule that
says which States (or which members, whatever their State) it applies to.

Which State gets which ask is never typed in: the pure core evaluates each ask's rule on the record as it stood
on the campaign's date (`treatywatch.core.targeting`)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from treatywatch.organisations.models import Organisation
from treatywatch.registry.models import Source


class Campaign(models.Model):
    slug = models.SlugField(_("short name in addresses"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=200)
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))
    languages = models.JSONField(
        _("languages"), default=list, help_text=_("The languages of its briefs, as codes: en, fr, es.")
    )
    organiser = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="campaigns",
        verbose_name=_("organised by"),
    )
    call = models.TextField(_("call to action"), blank=True, help_text=_("The call as the coalition wrote it."))
    source = models.ForeignKey(
        Source, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("source")
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        ordering = ["-starts_on", "slug"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")), name="campaign_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return self.name


class Ask(models.Model):
    """One thing a campaign asks its members to do, and the rule over the record that says where it applies."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="asks", verbose_name=_("campaign"))
    key = models.SlugField(
        _("key"), max_length=40, help_text=_("Its name in addresses and in the API: accede, fund...")
    )
    title = models.CharField(_("title"), max_length=300, help_text=_("In English; other languages in translations."))
    description = models.TextField(
        _("description"), blank=True, help_text=_("What members are asked to do and why, in English.")
    )
    talking_points = models.JSONField(
        _("talking points"), default=list, blank=True, help_text=_("A list of short points, in English.")
    )
    translations = models.JSONField(
        _("translations"),
        default=dict,
        blank=True,
        help_text=_(
            'By language code: {"fr": {"title": ..., "description": ..., "talking_points": [...]}, "es": ...}; '
            "what a language lacks is said in English."
        ),
    )
    rule = models.JSONField(
        _("targeting rule"),
        default=dict,
        blank=True,
        help_text=_("Which States it applies to; empty: every member, whatever its State."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("ask")
        verbose_name_plural = _("asks")
        ordering = ["campaign", "order", "key"]
        constraints = [models.UniqueConstraint(fields=["campaign", "key"], name="one_ask_per_key")]

    def __str__(self) -> str:
        return f"{self.campaign.slug}/{self.key}"

    def worded(self, language: str) -> Wording:
        """The ask in `language` (a code such as fr or fr-ca), each part in English where not translated."""
        given = self.translations.get(language.split("-")[0], {}) if isinstance(self.translations, dict) else {}
        return Wording(
            given.get("title") or self.title,
            given.get("description") or self.description,
            tuple(given.get("talking_points") or self.talking_points),
        )


@dataclass(frozen=True)
class Wording:
    title: str
    description: str
    talking_points: tuple[str, ...]
