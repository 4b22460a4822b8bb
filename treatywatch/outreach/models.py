"""The universalization log: who did what, with and for which States, to bring a treaty closer to universal.

An activity's public part (what, when, where, who organised it, why, its source) is public. A closed
activity keeps the rest (the States that attended or were approached, the outcome notes) for the
organisation that recorded it and the organisations it names: read through `visible_to` (see
`treatywatch.organisations.visibility`).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from treatywatch.core.approximate import ApproximateDate, Precision
from treatywatch.obligations.models import DatePrecision
from treatywatch.organisations.models import Organisation
from treatywatch.organisations.visibility import Restricted
from treatywatch.outreach.documents import private_storage
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
    # Raised by every save; an editor's form carries the version it showed (see lib/versions.py).
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    history = HistoricalRecords(m2m_fields=[target_states, attending_states, organising_states])

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["-date", "pk"]
        # Lists show the latest first, a page at a time, and searches and the board ask for dates: read from this
        # index rather than by sorting every activity.
        indexes = [models.Index(fields=["-date", "id"], name="activity_latest_first")]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.title}"

    @property
    def when(self) -> ApproximateDate:
        """Its first day as exactly as the source gives it."""
        return ApproximateDate(self.date, Precision(self.date_precision))


class FollowUp(models.Model):
    """Something to do after an activity, by a date, by an organisation (and one of its members, when named).
    Part of the activity's private part: read where the activity's private part is read."""

    activity = models.ForeignKey(
        Activity, on_delete=models.CASCADE, related_name="follow_ups", verbose_name=_("activity")
    )
    description = models.TextField(_("what to do"))
    due_on = models.DateField(_("due date"))
    owner = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="follow_ups", verbose_name=_("organisation responsible")
    )
    owner_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="follow_ups",
        verbose_name=_("person responsible"),
    )
    done_on = models.DateField(_("done on"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("follow-up action")
        verbose_name_plural = _("follow-up actions")
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return f"{self.due_on:%Y-%m-%d} {self.description[:80]}"


def document_path(document: ActivityDocument, filename: str) -> str:
    """Stored under the activity's number, with a name the storage keeps unique."""
    return f"activities/{document.activity_id}/{filename}"


class ActivityDocument(models.Model):
    """A file attached to an activity (a concept note, a letter, a photo of the attendance list). Part of the
    activity's private part: read and downloaded where the activity's private part is read."""

    activity = models.ForeignKey(
        Activity, on_delete=models.CASCADE, related_name="documents", verbose_name=_("activity")
    )
    title = models.CharField(_("title"), max_length=300)
    file = models.FileField(_("file"), storage=private_storage, upload_to=document_path, max_length=500)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.title


class MeetingKind(models.TextChoices):
    MEETING_OF_STATES_PARTIES = "msp", _("Meeting of States Parties")
    REVIEW_CONFERENCE = "review_conference", _("Review Conference")


class Meeting(models.Model):
    """A formal meeting of a treaty's States Parties, as its sources give it: where they disagree, the dates
    shown are those of the treaty's support unit and `conflicts` says what the other sources give."""

    treaty = models.ForeignKey(Treaty, on_delete=models.PROTECT, related_name="meetings", verbose_name=_("treaty"))
    kind = models.CharField(_("kind"), max_length=20, choices=MeetingKind.choices)
    label = models.CharField(_("label"), max_length=20, help_text=_("As the treaty's documents write it, e.g. 2MSP."))
    number = models.PositiveSmallIntegerField(_("number"))
    starts_on = models.DateField(_("first day"), null=True, blank=True, help_text=_("With a rough date, its last day."))
    starts_on_precision = models.CharField(
        _("first day precision"), max_length=5, choices=DatePrecision.choices, default=DatePrecision.DAY
    )
    ends_on = models.DateField(_("last day"), null=True, blank=True)
    second_part_starts_on = models.DateField(_("first day of the second part"), null=True, blank=True)
    second_part_ends_on = models.DateField(_("last day of the second part"), null=True, blank=True)
    parts = models.TextField(_("parts"), blank=True, help_text=_("How the meeting was held when it had parts."))
    place = models.CharField(_("place"), max_length=200, blank=True)
    president = models.TextField(_("president"), blank=True, help_text=_("As the sources give the presidency."))
    conflicts = models.TextField(_("where the sources disagree"), blank=True)
    notes = models.TextField(_("notes"), blank=True)
    sources: models.ManyToManyField[Source, Any] = models.ManyToManyField(
        Source, related_name="meetings", verbose_name=_("sources")
    )
    history = HistoricalRecords(m2m_fields=[sources])

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["treaty", "starts_on", "pk"]
        constraints = [models.UniqueConstraint(fields=["treaty", "label"], name="one_meeting_per_label")]

    def __str__(self) -> str:
        return f"{self.treaty.short_name} {self.label}"


class Theme(models.TextChoices):
    """The treaty's thematic areas, each with its Coordinators."""

    GENERAL_STATUS = "general_status", _("General status and operation")
    UNIVERSALIZATION = "universalization", _("Universalization")
    STOCKPILE_DESTRUCTION = "stockpile_destruction", _("Stockpile destruction")
    CLEARANCE = "clearance", _("Clearance and risk education")
    VICTIM_ASSISTANCE = "victim_assistance", _("Victim assistance")
    COOPERATION = "cooperation", _("International cooperation and assistance")
    TRANSPARENCY = "transparency", _("Transparency measures")
    NATIONAL_IMPLEMENTATION = "national_implementation", _("National implementation measures")
    RISK_EDUCATION = "risk_education", _("Risk education")


class Mandate(models.Model):
    """A State's term as Coordinator of a theme, from and to as exactly as the source gives them (often
    years). A mandate without a State is a documented gap: a period for which no source names the
    Coordinators, kept so that the gap shows rather than the neighbouring terms stretching over it."""

    treaty = models.ForeignKey(Treaty, on_delete=models.PROTECT, related_name="mandates", verbose_name=_("treaty"))
    theme = models.CharField(_("theme"), max_length=30, choices=Theme.choices)
    state = models.ForeignKey(
        State,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="mandates",
        verbose_name=_("State"),
        help_text=_("Empty for a period no source names the Coordinators of."),
    )
    starts_on = models.DateField(_("from"), help_text=_("With a rough date, its last day."))
    starts_on_precision = models.CharField(
        _("from precision"), max_length=5, choices=DatePrecision.choices, default=DatePrecision.YEAR
    )
    ends_on = models.DateField(_("to"), help_text=_("With a rough date, its last day."))
    ends_on_precision = models.CharField(
        _("to precision"), max_length=5, choices=DatePrecision.choices, default=DatePrecision.YEAR
    )
    source = models.ForeignKey(
        Source, on_delete=models.PROTECT, null=True, blank=True, related_name="mandates", verbose_name=_("source")
    )
    note = models.TextField(_("note"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("mandate")
        verbose_name_plural = _("mandates")
        ordering = ["treaty", "theme", "starts_on", "pk"]

    def __str__(self) -> str:
        return f"{self.get_theme_display()}: {self.state or '—'} {self.starts_on.year}–{self.ends_on.year}"


class ApprovalStepKind(models.TextChoices):
    GOVERNMENT_APPROVED = "government_approved", _("approved by the government or cabinet")
    BILL_SUBMITTED = "bill_submitted", _("bill submitted to parliament")
    PARLIAMENT_APPROVED = "parliament_approved", _("approved by parliament")
    PROMULGATED = "promulgated", _("law promulgated or instrument signed by the head of State")
    OTHER = "other", _("other domestic step")


class ApprovalStepQuerySet(models.QuerySet["ApprovalStep"]):
    def published(self) -> ApprovalStepQuerySet:
        return self.filter(published=True)


class ApprovalStep(models.Model):
    """A State's domestic step towards being bound by a treaty (a cabinet decision, a bill, a vote, a law), as
    its source gives it. Public, like the depositary facts: it is not the depositary's record, but what the
    State's own institutions published. It moves the State on the universalization board (see board.py)."""

    treaty = models.ForeignKey(
        Treaty, on_delete=models.PROTECT, related_name="approval_steps", verbose_name=_("treaty")
    )
    state = models.ForeignKey(State, on_delete=models.PROTECT, related_name="approval_steps", verbose_name=_("State"))
    kind = models.CharField(_("kind"), max_length=30, choices=ApprovalStepKind.choices)
    date = models.DateField(_("date"), help_text=_("With a rough date, the latest day it can be."))
    date_precision = models.CharField(
        _("date precision"), max_length=5, choices=DatePrecision.choices, default=DatePrecision.DAY
    )
    note = models.TextField(_("note"), blank=True, help_text=_("e.g. the bill's number, the vote, the law's title."))
    source = models.ForeignKey(
        Source, on_delete=models.PROTECT, related_name="approval_steps", verbose_name=_("source")
    )
    published = models.BooleanField(_("published"), default=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Raised by every save; an editor's form carries the version it showed (see lib/versions.py).
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    history = HistoricalRecords()

    objects = ApprovalStepQuerySet.as_manager()

    class Meta:
        verbose_name = _("domestic approval step")
        verbose_name_plural = _("domestic approval steps")
        ordering = ["state__name", "date", "pk"]
        indexes = [models.Index(fields=["treaty", "published"])]

    def __str__(self) -> str:
        return f"{self.state} — {self.get_kind_display()} — {self.when.iso()}"

    @property
    def when(self) -> ApproximateDate:
        """Its date as exactly as the source gives it."""
        return ApproximateDate(self.date, Precision(self.date_precision))
