"""The deadlines Treatywatch announces in its calendar feeds and e-mail digests, and how it words them.

A deadline is announced when it has a date and is due, overdue, awaiting the decision on an
extension requested in time ("extension requested, decision not recorded"), or completed. Reporting
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

from treatywatch.core.obligations import DeadlineStatus, ObligationRule
from treatywatch.lib.caching import memo
from treatywatch.lib.dates import date_words
from treatywatch.obligations.engine import ShowsStateDeadline, StateDeadline, distinct_sources, treaty_deadlines
from treatywatch.obligations.labels import status_in_sentence
from treatywatch.obligations.models import ObligationFact, ObligationFactKind
from treatywatch.obligations.wording import conflict_words, note_words
from treatywatch.registry.models import Source, State, Treaty

ANNOUNCED = frozenset(
    {DeadlineStatus.DUE, DeadlineStatus.OVERDUE, DeadlineStatus.EXTENSION_REQUESTED, DeadlineStatus.COMPLETED}
)


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
class Announced(ShowsStateDeadline):
    """One State's dated deadline under one obligation, as it stood on `day`."""

    treaty: Treaty
    item: StateDeadline
    day: date
    on: date  # the deadline as it stands, extensions included

    @property
    def status(self) -> DeadlineStatus:
        return self.item.deadline.status

    @property
    def key(self) -> str:
        """Stable across runs and requests: the year covered, or the deadline the treaty first set."""
        d = self.deadline
        if d.period is not None:
            when = str(d.period)
        elif d.reopened_on is not None:
            when = f"reopened-{d.reopened_on.isoformat()}"
        else:
            when = (d.original or self.on).isoformat()
        return f"{self.treaty.slug}-{self.state.iso3}-{self.rule.key}-{when}"

    def facts(self) -> list[ObligationFact]:
        """The facts behind the deadline that were known on `day` (the engine keeps only those)."""
        return list(self.item.facts)

    def sources(self) -> list[Source]:
        return distinct_sources(self.facts())

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

    def details(self) -> list[str]:
        """The deadline's story in plain lines: status, dates (as exactly as the sources give them), extensions,
        requests, completion, disagreements between sources, sources."""
        d = self.deadline
        lines = [
            _("Status on %(day)s: %(status)s") % {"day": date_words(self.day), "status": status_in_sentence(d.status)},
            _("Deadline: %(date)s") % {"date": date_words(d.current_date)},
        ]
        if d.reopened_on:
            lines.append(_("Reopened on %(date)s, after a completion") % {"date": date_words(d.reopened_on)})
        if d.original and d.original != self.on:
            lines.append(_("Original deadline: %(date)s") % {"date": date_words(d.original)})
        for extension in sorted(d.extensions, key=lambda e: e.granted_on):
            values = {
                "granted": date_words(extension.granted),
                "by": extension.decided_by,
                "date": date_words(extension.deadline),
            }
            if extension.decided_by:
                lines.append(_("Extended to %(date)s by %(by)s, granted %(granted)s") % values)
            else:
                lines.append(_("Extended to %(date)s, granted %(granted)s") % values)
        if d.extension_pending and d.status == DeadlineStatus.OVERDUE:
            lines.append(_("An extension was requested after the deadline; no decision is recorded yet."))
        elif d.extension_pending and d.status == DeadlineStatus.DUE:
            lines.append(_("An extension has been requested; no decision is recorded yet."))
        if d.completion:
            values = {"date": date_words(d.completion)}
            if d.completed_late:
                lines.append(_("Completed %(date)s, after the deadline") % values)
            else:
                lines.append(_("Completed %(date)s") % values)
        lines += [conflict_words(c) for c in d.conflicts]
        lines += note_words(d)
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
            found.append(Announced(treaty, item, day, deadline.current))
    return sorted(found, key=lambda a: (a.on, a.treaty.slug, a.state.display_name, a.rule.key))


def upcoming(items: list[Announced], day: date) -> list[Announced]:
    """The deadlines still ahead on `day` (a completed one is not upcoming, whatever its date)."""
    return [a for a in items if a.on >= day and a.status is not DeadlineStatus.COMPLETED]
