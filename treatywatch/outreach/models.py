"""The universalization log: who did what, with and for which States, to bring a treaty closer to universal.

An activity's public part (what, when, where, who organised it, why, its source) is public. A closed
activity keeps the rest (the States that attended or were approached, the outcome notes) for the
organisation that recorded it and the organisations it names: read through `visible_to` (see
`treatywatch.organisations.visibility`).
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from treatywatch.core.approximate import ApproximateDate, Precision
from treatywatch.obligations.models import DatePrecision
from treatywatch.organisations.models import Organisation
from treatywatch.organisations.visibility import Restricted
from treatywatch.registry.models import Source, State, Treaty


class ActivityKind(models.TextChoices):
    MEETING = "meeting", _("meeting")
    SEMINAR = "seminar", _("seminar")
    WORKSHOP = "workshop", _("workshop")
    PRESENTATION = "presentation", _("presentation")
    CONCEPT_NOTE = "concept_note", _("concept note")
    DEMARCHE = "demarche", _("bilateral démarche")
    LETTER = "letter", _("letter")
    VISIT = "visit", _("visit")
    OTHER = "other", _("other")


class Activity(Restricted):
    """One universalization activity. `visibility` says who reads its private part; the rest is public."""

    treaty = models.ForeignKey(Treaty, on_delete=models.PROTECT, related_name="activities", verbose_name=_("treaty"))
    kind = models.CharField(_("kind"), max_length=20, choices=ActivityKind.choices)
    title = models.CharField(_("title"), max_length=300)
    summary = models.TextField(_("public summary"), blank=True)
    date = models.DateField(_("date"), help_text=_("The first day; with a rough date, the latest day it can be."))
    date_precision = models.CharField(
        _("date precision"), max_length=5, choices=DatePrecision.choices, default=DatePrecision.DAY
    )
    ends_on = models.DateField(_("last day"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    organising_states: models.ManyToManyField[State, Any] = models.ManyToManyField(
        State, blank=True, related_name="organised_activities", verbose_name=_("organising States")
    )
    organising_organisations: models.ManyToManyField[Organisation, Any] = models.ManyToManyField(
        Organisation, blank=True, related_name="organised_activities", verbose_name=_("organising organisations")
    )
    # The private part of a closed activity.
    target_states: models.ManyToManyField[State, Any] = models.ManyToManyField(
        State,
        blank=True,
        related_name="targeted_by_activities",
        verbose_name=_("States approached"),
        help_text=_("The States the activity sought to bring closer to the treaty."),
    )
    attending_states: models.ManyToManyField[State, Any] = models.ManyToManyField(
        State, blank=True, related_name="attended_activities", verbose_name=_("States that attended")
    )
    participants = models.TextField(_("other participants"), blank=True, help_text=_("e.g. parliamentarians"))
    notes = models.TextField(_("outcome notes"), blank=True)
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="activities", verbose_name=_("source"))
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(m2m_fields=[target_states, attending_states, organising_states])

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["-date", "pk"]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.title}"

    @property
    def when(self) -> ApproximateDate:
        """Its first day as exactly as the source gives it."""
        return ApproximateDate(self.date, Precision(self.date_precision))
