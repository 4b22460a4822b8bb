"""A treaty's action plans: what its States Parties adopted to do over a period, action by action, with the
targets and indicators the plan sets and the published figures on its progress.

The record keeps what the sources give and says where they give nothing: an action whose text was not found
is recorded as such (`TextKind.NOT_FOUND`), and a body's summary of the plan (the ISU's, the ICBL's) is never
shown as the plan's own words. An indicator the register can compute (`Indicator.computation`) is computed on
every request, as of the date asked about; the others are shown through the figures entered for them
(`Evidence`), each with its source.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from treatywatch.core.approximate import ApproximateDate, Precision
from treatywatch.obligations.models import DatePrecision
from treatywatch.outreach.models import Meeting, Theme
from treatywatch.registry.models import Source, Treaty

ROUGH = _("With a rough date, its last day.")


class ActionPlan(models.Model):
    treaty = models.ForeignKey(Treaty, on_delete=models.PROTECT, related_name="action_plans", verbose_name=_("treaty"))
    slug = models.SlugField(_("slug"), max_length=40, help_text=_("Its address, e.g. dubrovnik."))
    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=20, blank=True)
    adopted_at = models.ForeignKey(
        Meeting,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="action_plans",
        verbose_name=_("adopted at"),
        help_text=_("The meeting of States Parties that adopted it, when known."),
    )
    adopted_on = models.DateField(_("adopted on"), null=True, blank=True, help_text=ROUGH)
    adopted_on_precision = models.CharField(
        _("adoption date precision"), max_length=5, choices=DatePrecision.choices, default=DatePrecision.DAY
    )
    adoption_note = models.TextField(_("about its adoption"), blank=True)
    period_from = models.DateField(_("period from"), null=True, blank=True, help_text=ROUGH)
    period_from_precision = models.CharField(
        _("period from precision"), max_length=5, choices=DatePrecision.choices, default=DatePrecision.YEAR
    )
    period_to = models.DateField(_("period to"), null=True, blank=True, help_text=ROUGH)
    period_to_precision = models.CharField(
        _("period to precision"), max_length=5, choices=DatePrecision.choices, default=DatePrecision.YEAR
    )
    period_note = models.TextField(_("about its period"), blank=True, help_text=_("Where the sources disagree."))
    size = models.TextField(_("number of actions"), blank=True, help_text=_("As the sources give it, or NOT FOUND."))
    document = models.TextField(_("document"), blank=True, help_text=_("The symbol of its text, or what was found."))
    structure = models.TextField(_("structure"), blank=True)
    companion_texts = models.TextField(_("companion texts"), blank=True)
    monitoring = models.TextField(_("monitoring documents"), blank=True)
    notes = models.TextField(_("notes"), blank=True)
    sources: models.ManyToManyField[Source, Any] = models.ManyToManyField(
        Source, related_name="action_plans", verbose_name=_("sources")
    )
    history = HistoricalRecords(m2m_fields=[sources])

    class Meta:
        verbose_name = _("action plan")
        verbose_name_plural = _("action plans")
        ordering = ["treaty", "period_from", "pk"]
        constraints = [models.UniqueConstraint(fields=["treaty", "slug"], name="one_action_plan_per_slug")]

    def __str__(self) -> str:
        return f"{self.treaty.short_name} {self.name}"

    @property
    def adopted(self) -> ApproximateDate | None:
        return _rough(self.adopted_on, self.adopted_on_precision)

    @property
    def starts(self) -> ApproximateDate | None:
        return _rough(self.period_from, self.period_from_precision)

    @property
    def ends(self) -> ApproximateDate | None:
        return _rough(self.period_to, self.period_to_precision)


def _rough(day: Any, precision: str) -> ApproximateDate | None:
    return ApproximateDate(day, Precision(precision)) if day else None


class TextKind(models.TextChoices):
    """What an action's text is: the plan's own words, a draft's, a body's wording about it, or nothing found."""

    PLAN_TEXT = "plan_text", _("plan text")
    DRAFT_TEXT = "draft_text", _("draft text, not the adopted plan")
    BODY_WORDING = "body_wording", _("a body's wording, not the plan's text")
    NOT_FOUND = "not_found", _("text not found")


class PlanAction(models.Model):
    """One action, sub-item or documented gap of a plan, as the sources give it."""

    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="actions", verbose_name=_("plan"))
    key = models.SlugField(_("key"), max_length=40, help_text=_("Names it in the data files, e.g. dubrovnik-01."))
    order = models.PositiveSmallIntegerField(_("order"))
    section = models.TextField(_("section"), blank=True, help_text=_("As the sources write it."))
    theme = models.CharField(_("theme"), max_length=30, choices=Theme.choices, blank=True)
    number = models.CharField(
        _("number"), max_length=100, blank=True, help_text=_("As written: #20, 4.1 (b), 12–17, NOT FOUND.")
    )
    text = models.TextField(_("text"), blank=True, help_text=_("As the sources give it, quotation marks included."))
    text_kind = models.CharField(_("kind of text"), max_length=20, choices=TextKind.choices)
    wording_of = models.CharField(
        _("whose wording"), max_length=100, blank=True, help_text=_("For a body's wording: the body, e.g. ISU.")
    )
    target = models.TextField(_("target"), blank=True, help_text=_("As the sources give it, or NOT FOUND."))
    indicator_number = models.CharField(_("indicator number"), max_length=100, blank=True)
    indicator_text = models.TextField(
        _("indicators as found"), blank=True, help_text=_("What the sources give of its indicators, or NOT FOUND.")
    )
    not_verified = models.BooleanField(
        _("not verified"), default=False, help_text=_("Its number or placement in the plan is not verified.")
    )
    sources: models.ManyToManyField[Source, Any] = models.ManyToManyField(
        Source, blank=True, related_name="plan_actions", verbose_name=_("sources")
    )
    history = HistoricalRecords(m2m_fields=[sources])

    class Meta:
        verbose_name = _("plan action")
        verbose_name_plural = _("plan actions")
        ordering = ["plan", "order", "pk"]
        constraints = [models.UniqueConstraint(fields=["plan", "key"], name="one_plan_action_per_key")]

    def __str__(self) -> str:
        return f"{self.plan.short_name or self.plan.name} {self.number or self.key}"


class Computation(models.TextChoices):
    """The indicators the register can compute, each from its own record (see `plans.indicators`)."""

    PARTIES_AT_MEETING = "parties_at_meeting", _("States Parties on the day a meeting opened, against a target")
    INITIAL_REPORTS = "initial_reports", _("initial transparency reports recorded, of those due")
    ACTIVITIES_BY_REGION = "activities_by_region", _("universalization activities per year and region")


class Indicator(models.Model):
    """How progress on an action is measured: computed from the register when `computation` is set, otherwise
    entered, through the figures recorded for it."""

    action = models.ForeignKey(
        PlanAction, on_delete=models.CASCADE, related_name="indicators", verbose_name=_("action")
    )
    text = models.TextField(_("indicator"))
    computation = models.CharField(
        _("computed as"), max_length=30, choices=Computation.choices, blank=True, help_text=_("Empty: entered.")
    )
    parameters = models.JSONField(_("parameters"), default=dict, blank=True)
    sources: models.ManyToManyField[Source, Any] = models.ManyToManyField(
        Source, blank=True, related_name="plan_indicators", verbose_name=_("sources")
    )
    history = HistoricalRecords(m2m_fields=[sources])

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["action", "pk"]

    def __str__(self) -> str:
        return self.text[:120]

    @property
    def computed(self) -> bool:
        return bool(self.computation)


class Evidence(models.Model):
    """A published figure on a plan's progress, dated as exactly as its source dates it (or undated), with
    the actions it bears on where the source says so."""

    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="evidence", verbose_name=_("plan"))
    actions: models.ManyToManyField[PlanAction, Any] = models.ManyToManyField(
        PlanAction, blank=True, related_name="evidence", verbose_name=_("actions")
    )
    indicator = models.ForeignKey(
        Indicator,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="evidence",
        verbose_name=_("indicator"),
    )
    theme = models.CharField(_("theme"), max_length=30, choices=Theme.choices, blank=True)
    relates_to = models.CharField(
        _("relates to"), max_length=200, blank=True, help_text=_("As the sources put it, e.g. DAP Action 1.")
    )
    date = models.DateField(_("date"), null=True, blank=True, help_text=_("With a rough date, its last day."))
    date_precision = models.CharField(
        _("date precision"), max_length=5, choices=DatePrecision.choices, default=DatePrecision.DAY
    )
    date_as_written = models.CharField(_("date as written"), max_length=100, blank=True)
    figure = models.TextField(_("figure"))
    value = models.DecimalField(
        _("value"), max_digits=12, decimal_places=2, null=True, blank=True, help_text=_("Its headline number.")
    )
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="plan_evidence", verbose_name=_("source"))
    history = HistoricalRecords(m2m_fields=[actions])

    class Meta:
        verbose_name = _("published figure")
        verbose_name_plural = _("published figures")
        ordering = ["plan", models.F("date").asc(nulls_last=True), "pk"]

    def __str__(self) -> str:
        return f"{self.date_as_written or self.date}: {self.figure[:80]}"

    @property
    def when(self) -> ApproximateDate | None:
        return _rough(self.date, self.date_precision)
