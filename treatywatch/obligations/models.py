"""Facts that move a State's deadlines (declarations, extensions, completions, reports), and who
watches deadlines by e-mail."""

from __future__ import annotations

import secrets

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from treatywatch.obligations.rules import obligation_rules
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
    new_deadline_precision = models.CharField(
        _("new deadline precision"),
        max_length=5,
        choices=DatePrecision.choices,
        default=DatePrecision.DAY,
        help_text=_("How exactly the source gives the new deadline, e.g. 'July 2025' is in that month."),
    )
    decided_by = models.CharField(_("decided by"), max_length=80, blank=True, help_text=_("e.g. 9MSP"))
    period = models.PositiveSmallIntegerField(_("year covered"), null=True, blank=True)
    link = models.URLField(_("link"), max_length=500, blank=True)
    text = models.TextField(_("note"), blank=True)
    source = models.ForeignKey(
        Source, on_delete=models.PROTECT, related_name="obligation_facts", verbose_name=_("source")
    )
    published = models.BooleanField(_("published"), default=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Raised by every save; an editor's form carries the version it showed (see lib/versions.py).
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
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


def new_unsubscribe_token() -> str:
    return secrets.token_urlsafe(32)


class Watch(models.Model):
    """Someone who gets an e-mail when deadlines they follow come due or pass (see docs/deadlines.md).

    An empty treaty, State or obligation means every one: a watch with none of them follows the
    whole register.
    """

    email = models.EmailField(_("e-mail address"))
    treaty = models.ForeignKey(
        Treaty,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="watches",
        verbose_name=_("treaty"),
        help_text=_("Empty for every treaty."),
    )
    state = models.ForeignKey(
        State,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="watches",
        verbose_name=_("State"),
        help_text=_("Empty for every State Party."),
    )
    obligation = models.CharField(
        _("obligation"),
        max_length=40,
        blank=True,
        help_text=_("A key from the treaty's rules file, e.g. stockpile_destruction. Empty for every obligation."),
    )
    active = models.BooleanField(_("active"), default=True, help_text=_("Untick to stop the e-mails."))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    unsubscribe_token = models.CharField(
        _("unsubscribe token"), max_length=64, unique=True, default=new_unsubscribe_token, editable=False
    )

    class Meta:
        verbose_name = _("deadline watch")
        verbose_name_plural = _("deadline watches")
        ordering = ["email", "pk"]

    def __str__(self) -> str:
        return f"{self.email} — {self.scope()}"

    def scope(self) -> str:
        parts = [
            self.treaty.short_name if self.treaty else str(_("every treaty")),
            self.state.display_name if self.state else str(_("every State Party")),
            self.obligation or str(_("every obligation")),
        ]
        return ", ".join(parts)

    def clean(self) -> None:
        if not self.obligation:
            return
        if self.treaty is None:
            raise ValidationError({"treaty": _("Choose the treaty whose rules define this obligation.")})
        keys = list(obligation_rules(self.treaty))
        if self.obligation not in keys:
            raise ValidationError(
                {
                    "obligation": _("%(treaty)s has no obligation %(key)r (its rules name %(keys)s).")
                    % {"treaty": self.treaty.short_name, "key": self.obligation, "keys": ", ".join(keys) or "-"}
                }
            )


class DigestStatus(models.TextChoices):
    DUE_SOON = "due_soon", _("due soon")
    OVERDUE = "overdue", _("overdue")
    EXTENSION_REQUESTED = "extension_requested", _("extension requested, decision not recorded")


class DigestEntry(models.Model):
    """A deadline already e-mailed to a watch in a given state: the digest never sends it twice."""

    watch = models.ForeignKey(Watch, on_delete=models.CASCADE, related_name="sent", verbose_name=_("watch"))
    deadline = models.CharField(
        _("deadline"), max_length=120, help_text=_("Treaty, State, obligation and year or original deadline.")
    )
    deadline_on = models.DateField(_("deadline date"), help_text=_("The deadline as it stood when sent."))
    status = models.CharField(_("status sent"), max_length=30, choices=DigestStatus.choices)
    sent_at = models.DateTimeField(_("sent at"), default=timezone.now)

    class Meta:
        verbose_name = _("digest entry")
        verbose_name_plural = _("digest entries")
        ordering = ["-sent_at", "deadline"]
        constraints = [
            models.UniqueConstraint(
                fields=["watch", "deadline", "deadline_on", "status"], name="digest_entry_sent_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.deadline} ({self.get_status_display()}, {self.deadline_on})"


class DigestLock(models.Model):
    """One run of the deadline digest. The row of a run still sending holds `running=True`, which is
    unique: a second run cannot create its own until the first is done, so two never send at once."""

    day = models.DateField(_("day"))
    started_at = models.DateTimeField(_("started at"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    # True while the run sends, NULL afterwards (NULLs never collide in a unique column).
    running = models.BooleanField(_("running"), null=True, default=True, unique=True, editable=False)
    sent = models.PositiveIntegerField(_("e-mails sent"), default=0)
    failed = models.PositiveIntegerField(_("e-mails not sent"), default=0)

    class Meta:
        verbose_name = _("digest run")
        verbose_name_plural = _("digest runs")
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return f"{self.day} ({self.started_at:%Y-%m-%d %H:%M})"
