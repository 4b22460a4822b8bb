"""The register: treaties, States, sources and the depositary facts that link them.

Only facts are stored. Status, entry into force and counts are derived from them by
`treatywatch.core` (see `treatywatch.registry.standings`).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import models
from django.db.models import F, Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from treatywatch.core.rules import TreatyRules
from treatywatch.core.status import Instrument
from treatywatch.registry.countries import translated_name


class Source(models.Model):
    """Where a fact comes from: a citation, an address, when it was read, how reliable."""

    citation = models.TextField(_("citation"))
    url = models.URLField(_("URL"), max_length=500, blank=True)
    retrieved_on = models.DateField(_("date retrieved"), null=True, blank=True)
    primary = models.BooleanField(
        _("primary source"),
        default=True,
        help_text=_(
            "Primary: published by the depositary, the treaty text itself, the treaty's own bodies (its meetings, "
            "their Presidents, its Implementation Support Unit) or the State whose own act it records. A copy "
            "keeps its publisher's badge."
        ),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("source")
        verbose_name_plural = _("sources")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.citation[:120]


class Treaty(models.Model):
    slug = models.SlugField(unique=True)
    short_name = models.CharField(_("short name"), max_length=60)
    name = models.CharField(_("name"), max_length=300)
    depositary_chapter = models.CharField(_("UNTC chapter"), max_length=20, blank=True)
    untc_url = models.URLField(_("UNTC status page"), max_length=500, blank=True)
    adopted_at = models.CharField(_("adopted at"), max_length=100, blank=True)
    adopted_on = models.DateField(_("adopted on"), null=True, blank=True)
    opened_for_signature_on = models.DateField(_("opened for signature on"), null=True, blank=True)
    key_dates_source = models.ForeignKey(
        Source,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("source of the key dates"),
    )
    # The record's "checked up to" date is this source's date retrieved: a UNTC page import sets it, even
    # when the page changes nothing, so the date moves forward with each newer page (see `registry.currency`).
    record_checked_by = models.ForeignKey(
        Source,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("record last checked against"),
        help_text=_("The depositary's status page the whole record was last checked against."),
    )
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="protocols",
        verbose_name=_("protocol to"),
        help_text=_("For a protocol: the convention it belongs to (CCW Protocols)."),
    )
    rules_data = models.JSONField(_("rules"), help_text=_("Entry-into-force and withdrawal rules (see docs)."))
    # Bumped whenever one of the treaty's facts changes, so derived views can be cached.
    record_version = models.PositiveIntegerField(_("record version"), default=0, editable=False)
    history = HistoricalRecords(excluded_fields=["record_version"])

    class Meta:
        verbose_name = _("treaty")
        verbose_name_plural = _("treaties")
        ordering = [F("adopted_on").asc(nulls_last=True), "slug"]

    def __str__(self) -> str:
        return self.short_name

    @property
    def rules(self) -> TreatyRules:
        return TreatyRules.from_mapping(self.rules_data, self.opened_for_signature_on)

    def bump_record_version(self) -> None:
        Treaty.objects.filter(pk=self.pk).update(record_version=F("record_version") + 1)


class StateQuerySet(models.QuerySet["State"]):
    def existing_on(self, day: date) -> StateQuerySet:
        """The States that exist on `day`: former States are left out from the day they ended."""
        return self.filter(Q(ended_on__isnull=True) | Q(ended_on__gt=day))


class State(models.Model):
    iso3 = models.CharField(_("ISO 3166 alpha-3 code"), max_length=3, unique=True)
    iso2 = models.CharField(_("ISO 3166 alpha-2 code"), max_length=2)
    name = models.CharField(_("name"), max_length=120)
    region = models.CharField(_("region (UN M49)"), max_length=40)
    subregion = models.CharField(_("sub-region (UN M49)"), max_length=60)
    # Former States (the USSR, Czechoslovakia...): they keep their facts and count until they ended.
    ended_on = models.DateField(_("ceased to exist on"), null=True, blank=True)
    predecessor = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="successors",
        verbose_name=_("predecessor State"),
    )
    succeeded_on = models.DateField(
        _("date of succession"),
        null=True,
        blank=True,
        help_text=_("A deposit by succession counts from this date (the date its notification gives)."),
    )

    objects = StateQuerySet.as_manager()

    class Meta:
        verbose_name = _("State")
        verbose_name_plural = _("States")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def display_name(self) -> str:
        return translated_name(self.iso3, get_language() or "en", self.name)


class FactKind(models.TextChoices):
    SIGNATURE = "signature", _("signature")
    DEPOSIT = "deposit", _("deposit of an instrument")
    PROVISIONAL_APPLICATION = "provisional_application", _("provisional application")
    WITHDRAWAL = "withdrawal", _("notification of withdrawal")
    DECLARATION = "declaration", _("declaration")
    TERRITORIAL_APPLICATION = "territorial_application", _("territorial application")


# The kinds that can happen once per State and treaty: they set its status.
STATUS_KINDS = (FactKind.SIGNATURE, FactKind.DEPOSIT, FactKind.WITHDRAWAL)


class InstrumentKind(models.TextChoices):
    RATIFICATION = Instrument.RATIFICATION.value, _("ratification")
    ACCEPTANCE = Instrument.ACCEPTANCE.value, _("acceptance")
    APPROVAL = Instrument.APPROVAL.value, _("approval")
    ACCESSION = Instrument.ACCESSION.value, _("accession")
    SUCCESSION = Instrument.SUCCESSION.value, _("succession")
    CONSENT_TO_BE_BOUND = Instrument.CONSENT_TO_BE_BOUND.value, _("consent to be bound")


class FactQuerySet(models.QuerySet["DepositaryFact"]):
    def published(self) -> FactQuerySet:
        return self.filter(published=True)

    def for_treaty(self, treaty: Treaty) -> FactQuerySet:
        return self.filter(treaty=treaty)

    def up_to(self, day: date) -> FactQuerySet:
        return self.filter(date__lte=day)

    def in_effect_by(self, day: date) -> FactQuerySet:
        """Facts up to `day`, and the successions notified later that date back to `day` or before."""
        dates_back = Q(
            kind=FactKind.DEPOSIT.value,
            instrument=Instrument.SUCCESSION.value,
            state__succeeded_on__lte=day,
        )
        return self.filter(Q(date__lte=day) | dates_back)


class DepositaryFact(models.Model):
    """One thing the depositary recorded: a signature, a deposit, a withdrawal..."""

    treaty = models.ForeignKey(Treaty, on_delete=models.PROTECT, related_name="facts", verbose_name=_("treaty"))
    state = models.ForeignKey(State, on_delete=models.PROTECT, related_name="facts", verbose_name=_("State"))
    kind = models.CharField(_("kind"), max_length=30, choices=FactKind.choices)
    instrument = models.CharField(_("instrument"), max_length=20, choices=InstrumentKind.choices, blank=True)
    date = models.DateField(_("date"))
    depositary_notification = models.CharField(_("depositary notification"), max_length=80, blank=True)
    text = models.TextField(_("text or note"), blank=True)
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="facts", verbose_name=_("source"))
    published = models.BooleanField(_("published"), default=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Raised by every save; an editor's form carries the version it showed (see lib/versions.py).
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    history = HistoricalRecords()

    objects = FactQuerySet.as_manager()

    class Meta:
        verbose_name = _("depositary fact")
        verbose_name_plural = _("depositary facts")
        ordering = ["date", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["treaty", "state", "kind"],
                condition=Q(kind__in=[k.value for k in STATUS_KINDS]),
                name="one_status_fact_per_kind",
            ),
            models.CheckConstraint(
                condition=Q(kind=FactKind.DEPOSIT.value, instrument__gt="") | ~Q(kind=FactKind.DEPOSIT.value),
                name="deposit_names_instrument",
            ),
        ]
        indexes = [models.Index(fields=["treaty", "published"])]

    def __str__(self) -> str:
        return f"{self.state} — {self.get_kind_display()} — {self.date}"

    def as_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "instrument": self.instrument or None,
            "date": self.date.isoformat(),
            "depositary_notification": self.depositary_notification or None,
        }
