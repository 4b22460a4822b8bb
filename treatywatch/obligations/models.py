"""Facts that move a State's deadlines: declarations, extensions, completions, reports."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from treatywatch.registry.models import Source, State, Treaty


class ObligationFactKind(models.TextChoices):
    DECLARATION = "declaration", _("declaration that the obligation applies (or not)")
    EXTENSION_REQUESTED = "extension_requested", _("extension requested")
    EXTENSION_GRANTED = "extension_granted", _("extension granted")
    COMPLETION = "completion", _("completion declared")
    REPORT = "report", _("report submitted")


class DatePrecision(models.TextChoices):
    """How exactly a source dates the fact; the stored date is the latest day it can be."""

    DAY = "day", _("on that day")
    MONTH = "month", _("in that month")
    YEAR = "year", _("in that year")
    BY = "by", _("on or before that day")


class ObligationFactQuerySet(models.QuerySet["ObligationFact"]):
    def published(self) -> ObligationFactQuerySet:
        return self.filter(published=True)


class ObligationFact(models.Model):
    treaty = models.ForeignKey(
        Treaty, on_delete=models.PROTECT, related_name="obligation_facts", verbose_name=_("treaty")
    )
    state = models.ForeignKey(State, on_delete=models.PROTECT, related_name="obligation_facts", verbose_name=_("State"))
    obligation = models.CharField(_("obligation"), max_length=40, help_text=_("A key from the treaty's rules file."))
    kind = models.CharField(_("kind"), max_length=30, choices=ObligationFactKind.choices)
    date = models.DateField(
        _("date"), null=True, blank=True, help_text=_("Empty for a declaration about the day of entry into force.")
    )
    date_precision = models.CharField(
        _("date precision"), max_length=5, choices=DatePrecision.choices, default=DatePrecision.DAY
    )
    applies = models.BooleanField(_("applies"), null=True, blank=True)
    new_deadline = models.DateField(_("new deadline"), null=True, blank=True)
    decided_by = models.CharField(_("decided by"), max_length=80, blank=True, help_text=_("e.g. 9MSP"))
    period = models.PositiveSmallIntegerField(_("year covered"), null=True, blank=True)
    link = models.URLField(_("link"), max_length=500, blank=True)
    text = models.TextField(_("note"), blank=True)
    source = models.ForeignKey(
        Source, on_delete=models.PROTECT, related_name="obligation_facts", verbose_name=_("source")
    )
    published = models.BooleanField(_("published"), default=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    objects = ObligationFactQuerySet.as_manager()

    class Meta:
        verbose_name = _("obligation fact")
        verbose_name_plural = _("obligation facts")
        ordering = ["state__name", "obligation", "date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="declaration") | Q(applies__isnull=False), name="declaration_says_whether"
            ),
            models.CheckConstraint(
                condition=~Q(kind="extension_granted") | Q(new_deadline__isnull=False, date__isnull=False),
                name="extension_granted_has_dates",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.state} — {self.obligation} — {self.get_kind_display()} — {self.date or ''}"
