"""The deadlines Treatywatch announces in its calendar feeds and e-mail digests, and how it words them.

A deadline is announced when it has a date and is due, overdue or completed. Reporting
obligations (every State Party owes them, on a date, without declaring anything: the initial
and annual transparency reports) are left out of a treaty until at least one report for them is
recorded. Nothing recorded means "not submitted", so before any report is entered every one of
them would look overdue.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from django.utils.translation import gettext as _

from treatywatch.core.obligations import Deadline, DeadlineStatus, ObligationRule
from treatywatch.obligations.engine import StateDeadline, treaty_deadlines
from treatywatch.obligations.models import DatePrecision, ObligationFact, ObligationFactKind
from treatywatch.registry.models import Source, State, Treaty
from treatywatch.registry.standings import memo

ANNOUNCED = frozenset({DeadlineStatus.DUE, DeadlineStatus.OVERDUE, DeadlineStatus.COMPLETED})


def status_label(status: DeadlineStatus) -> str:
    labels = {
        DeadlineStatus.DUE: _("due"),
        DeadlineStatus.OVERDUE: _("overdue"),
        DeadlineStatus.COMPLETED: _("completed"),
    }
    return labels.get(status, status.value)


def is_report_obligation(rule: ObligationRule) -> bool:
    """Owed by every State Party, on a date, with nothing to declare first: a reporting obligation."""
    return not rule.applies_if and (rule.delay is not None or rule.annual_due is not None)


def reported_obligations(treaty: Treaty) -> frozenset[str]:
    """The treaty's obligations for which at least one published report is recorded."""

    def compute() -> frozenset[str]:
        facts = ObligationFact.objects.published().filter(treaty=treaty, kind=ObligationFactKind.REPORT)
        return frozenset(facts.values_list("obligation", flat=True).distinct())

    found: frozenset[str] = memo.get_or_compute(("reported", treaty.pk, treaty.record_version), compute)
    return found


@dataclass(frozen=True)
class Announced:
    """One State's dated deadline under one obligation, as it stood on `day`."""

    treaty: Treaty
    item: StateDeadline
    day: date

    @property
    def state(self) -> State:
        return self.item.state

    @property
    def rule(self) -> ObligationRule:
        return self.item.rule

    @property
    def deadline(self) -> Deadline:
        return self.item.deadline

    @property
    def status(self) -> DeadlineStatus:
        return self.item.deadline.status

    @property
    def on(self) -> date:
        """The deadline as it stands, extensions included."""
        current = self.deadline.current
        assert current is not None, "only deadlines with a date are announced"
        return current

    @property
    def key(self) -> str:
        """Stable across runs and requests: the year covered, or the deadline the treaty first set."""
        d = self.deadline
        when = str(d.period) if d.period is not None else (d.original or self.on).isoformat()
        return f"{self.treaty.slug}-{self.state.iso3}-{self.rule.key}-{when}"

    def facts(self) -> list[ObligationFact]:
        """The facts behind the deadline that were known on `day` (the engine keeps only those)."""
        return list(self.item.facts)

    def sources(self) -> list[Source]:
        seen: dict[int, Source] = {}
        for fact in self.facts():
            seen.setdefault(fact.source.pk, fact.source)
        return list(seen.values())

    def changed_at(self) -> datetime | None:
        """When the facts behind the deadline were last recorded or corrected."""
        return max((f.updated_at for f in self.facts()), default=None)

    def title(self) -> str:
        """State, obligation, article: e.g. "Bulgaria: Destruction of stockpiled cluster munitions (CCM, Article 3)"."""
        values = {
            "state": self.state.display_name,
            "obligation": self.rule.title,
            "treaty": self.treaty.short_name,
            "article": self.rule.article,
            "year": self.deadline.period,
        }
        if self.deadline.period is not None:
            return _("%(state)s: %(obligation)s for %(year)s (%(treaty)s, %(article)s)") % values
        return _("%(state)s: %(obligation)s (%(treaty)s, %(article)s)") % values

    def _when(self, day: date, *kinds: str) -> str:
        """A fact's date with how exactly the source gives it, e.g. "2019-09-04 (on or before that day)"."""
        fact = next((f for f in self.facts() if f.date == day and f.kind in kinds), None)
        if fact is None or fact.date_precision == DatePrecision.DAY:
            return day.isoformat()
        return f"{day.isoformat()} ({DatePrecision(fact.date_precision).label})"

    def details(self) -> list[str]:
        """The deadline's story in plain lines: status, dates, extensions, completion, sources."""
        d = self.deadline
        lines = [
            _("Status on %(day)s: %(status)s") % {"day": self.day.isoformat(), "status": status_label(d.status)},
            _("Deadline: %(date)s") % {"date": self.on.isoformat()},
        ]
        if d.original and d.original != self.on:
            lines.append(_("Original deadline: %(date)s") % {"date": d.original.isoformat()})
        for extension in sorted(d.extensions, key=lambda e: e.granted_on):
            values = {
                "granted": self._when(extension.granted_on, ObligationFactKind.EXTENSION_GRANTED),
                "by": extension.decided_by,
                "date": extension.new_deadline.isoformat(),
            }
            if extension.decided_by:
                lines.append(_("Extended to %(date)s, granted %(granted)s by %(by)s") % values)
            else:
                lines.append(_("Extended to %(date)s, granted %(granted)s") % values)
        if self.item.extension_pending and d.status != DeadlineStatus.COMPLETED:
            lines.append(_("An extension has been requested; no decision is recorded yet."))
        if d.completed_on:
            values = {"date": self._when(d.completed_on, ObligationFactKind.COMPLETION, ObligationFactKind.REPORT)}
            if d.completed_late:
                lines.append(_("Completed %(date)s, after the deadline") % values)
            else:
                lines.append(_("Completed %(date)s") % values)
        sources = self.sources()
        links = sorted({f.link for f in self.facts() if f.link})
        if sources or links:
            lines.append(_("Sources:"))
            lines += [f"- {s.citation}" + (f" <{s.url}>" if s.url else "") for s in sources]
            lines += [f"- <{link}>" for link in links]
        return lines


def announced(
    day: date,
    *,
    treaties: Iterable[Treaty] | None = None,
    state: State | None = None,
    obligation: str = "",
    statuses: frozenset[DeadlineStatus] = ANNOUNCED,
) -> list[Announced]:
    """The announced deadlines on `day`, by date, then treaty, State and obligation."""
    found = []
    for treaty in Treaty.objects.all() if treaties is None else treaties:
        reported = reported_obligations(treaty)
        for item in treaty_deadlines(treaty, day):
            rule, deadline = item.rule, item.deadline
            if state is not None and item.state.pk != state.pk:
                continue
            if obligation and rule.key != obligation:
                continue
            if deadline.status not in statuses or deadline.current is None:
                continue
            if is_report_obligation(rule) and rule.key not in reported:
                continue
            found.append(Announced(treaty, item, day))
    return sorted(found, key=lambda a: (a.on, a.treaty.slug, a.state.display_name, a.rule.key))
