"""Sourced facts about where States stand politically and what the Monitor found: statements on use, Monitor
findings per State and year, and votes on the treaty's UN General Assembly resolution.

One record per row of the findings file, kept as the source gives it: the text as written, the value as written
(`NOT FOUND` stays `NOT FOUND`), the date as written and, where it can be read, the latest day it can be. Votes
are mostly the resolution's counts per year; a State's own vote is recorded only where a source names it."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from treatywatch.registry.models import Source, State, Treaty


class Topic(models.TextChoices):
    CONTAMINATION = "contamination", _("contamination")
    STOCKPILE = "stockpile", _("stockpiles")
    CASUALTIES = "casualties", _("casualties")
    USE = "use", _("use")
    SUPPORT = "support", _("support")
    MAJOR_FINDING = "major_finding", _("major finding")
    STATEMENT = "statement", _("statement on use")
    UNGA_VOTE = "unga_vote", _("UN General Assembly vote")


class Precision(models.TextChoices):
    """How exactly the row dates the fact; `on` is the latest day it can be (the end of a span)."""

    DAY = "day", _("on that day")
    MONTH = "month", _("in that month")
    YEAR = "year", _("in that year")
    SPAN = "span", _("over a span of dates")


class Reliability(models.TextChoices):
    HIGHEST = "highest", _("Monitor or Implementation Support Unit")
    NEXT = "next", _("campaign, research or government source")
    WEAK = "weak", _("weak source: a news copy or secondary retelling")


class SourceReliability(models.Model):
    """How the findings' sources list rates a source (a tag of that list, and its reliability)."""

    source = models.OneToOneField(Source, on_delete=models.CASCADE, related_name="reliability")
    tag = models.CharField(_("tag"), max_length=40)
    reliability = models.CharField(_("reliability"), max_length=8, choices=Reliability.choices)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("source reliability")
        verbose_name_plural = _("source reliabilities")

    def __str__(self) -> str:
        return self.tag


class Finding(models.Model):
    treaty = models.ForeignKey(Treaty, on_delete=models.PROTECT, related_name="findings")
    report_year = models.PositiveSmallIntegerField(
        _("report year"), help_text=_("The Monitor edition; for statements and votes, the year they were made.")
    )
    topic = models.CharField(_("topic"), max_length=16, choices=Topic.choices)
    state = models.ForeignKey(
        State, null=True, blank=True, on_delete=models.PROTECT, related_name="findings", verbose_name=_("State")
    )
    code = models.CharField(
        _("ISO code as written"),
        max_length=3,
        blank=True,
        help_text=_(
            "An area with an ISO 3166 code that is not a State of the register (Western Sahara) keeps it here."
        ),
    )
    named = models.CharField(
        _("named as"),
        max_length=120,
        help_text=_("The State, area or body as the source names it: (global), Kosovo, UN General Assembly..."),
    )
    text = models.TextField(_("finding"))
    value = models.CharField(_("value as written"), max_length=60, blank=True)
    unit = models.CharField(_("unit"), max_length=60, blank=True)
    as_of_text = models.CharField(_("date as written"), max_length=40, blank=True)
    on = models.DateField(_("latest day"), null=True, blank=True)
    on_precision = models.CharField(_("date precision"), max_length=5, choices=Precision.choices, blank=True)
    weak_source = models.BooleanField(
        _("weak sources only"), default=False, help_text=_("Every source the row cites is a weak one.")
    )
    order = models.PositiveIntegerField(_("row in the file"))
    sources = models.ManyToManyField(Source, blank=True, related_name="findings", verbose_name=_("sources"))
    history = HistoricalRecords(m2m_fields=[sources])

    class Meta:
        verbose_name = _("finding")
        verbose_name_plural = _("findings")
        ordering = ["treaty", "order"]
        indexes = [models.Index(fields=["state", "topic"])]

    def __str__(self) -> str:
        return f"{self.report_year} {self.named}: {self.text[:80]}"
