"""Deadlines as the pages, the downloads and the API show them: checked filters, one order, the facts
(and their sources) behind each deadline, and nothing the register does not know.

Report obligations (initial and annual transparency reports) are special: their deadlines run for
every State Party, and only a recorded submission completes them. While the register records no
submission at all for such an obligation, every State would look late, so its `due` and `overdue`
deadlines are left out (and the pages say why) until at least one submission is recorded. Which
obligations are reports, and which have a recorded report, is decided in `announced`, so the pages
and the calendar feeds agree.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.utils.translation import gettext as _

from treatywatch.core.approximate import ApproximateDate, Precision
from treatywatch.core.obligations import Deadline, DeadlineStatus, Extension, ObligationRule
from treatywatch.lib.errors import BadParameter
from treatywatch.obligations.announced import is_report_obligation, reported_obligations
from treatywatch.obligations.engine import StateDeadline, fact_date, state_deadlines, treaty_deadlines
from treatywatch.obligations.labels import DEADLINE_STATUS_LABELS, DEADLINE_STATUSES
from treatywatch.obligations.models import ObligationFact, ObligationFactKind
from treatywatch.obligations.rules import obligation_rules
from treatywatch.obligations.wording import conflict_words, note_words
from treatywatch.registry.models import Source, State, Treaty
from treatywatch.registry.presenters import source_dict
from treatywatch.registry.standings import treaty_view

# The order of the compliance list: what needs attention first.
_LIST_ORDER = (
    "overdue",
    "extension_requested",
    "not_known",
    "due",
    "no_deadline_recorded",
    "not_due",
    "completed",
    "not_declared",
    "not_applicable",
    "no_deadline",
)
WITHIN_DAYS = (90, 180, 365)
_UNFINISHED = (DeadlineStatus.DUE, DeadlineStatus.OVERDUE, DeadlineStatus.EXTENSION_REQUESTED)

COMPLIANCE_COLUMNS = (
    "iso3",
    "name",
    "obligation",
    "obligation_title",
    "article",
    "period",
    "reopened_on",
    "original_deadline",
    "extensions",
    "current_deadline",
    "current_deadline_precision",
    "status",
    "status_label",
    "extension_pending",
    "completed_on",
    "completed_on_precision",
    "completed_late",
    "conflicts",
    "notes",
    "sources",
)


def reports_not_recorded(treaty: Treaty) -> tuple[ObligationRule, ...]:
    """The treaty's report obligations for which the register holds no submitted report yet."""
    recorded = reported_obligations(treaty)
    return tuple(r for r in obligation_rules(treaty).values() if is_report_obligation(r) and r.key not in recorded)


@dataclass(frozen=True)
class DeadlineRow:
    """One deadline of one State, with the facts known on the day that bear on it."""

    item: StateDeadline
    facts: tuple[ObligationFact, ...]

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
    def status(self) -> str:
        return self.item.deadline.status.value

    @property
    def status_label(self) -> str:
        return str(DEADLINE_STATUS_LABELS[self.status])

    @property
    def extension_pending(self) -> bool:
        return self.item.extension_pending

    @property
    def completed_late(self) -> bool:
        return self.item.deadline.completed_late

    @property
    def late_request_pending(self) -> bool:
        """An extension was requested only after the deadline passed: it does not suspend "overdue"."""
        return self.extension_pending and self.status == DeadlineStatus.OVERDUE

    @property
    def conflicts(self) -> list[str]:
        return [conflict_words(c) for c in self.item.deadline.conflicts]

    @property
    def notes(self) -> list[str]:
        return note_words(self.item.deadline)

    @property
    def described_facts(self) -> list[tuple[ObligationFact, str, ApproximateDate | None]]:
        """Each fact with its label and its date as exactly as its source gives it."""
        return [(fact, fact_label(fact), fact_date(fact)) for fact in self.facts]

    @property
    def sources(self) -> list[Source]:
        seen: dict[int, Source] = {}
        for fact in self.facts:
            seen.setdefault(fact.source.pk, fact.source)
        return list(seen.values())


def fact_label(fact: ObligationFact) -> str:
    if fact.kind == ObligationFactKind.DECLARATION:
        return _("Declared: applies") if fact.applies else _("Declared: does not apply")
    return str(fact.get_kind_display()).capitalize()


def _row(item: StateDeadline) -> DeadlineRow:
    """The deadline with its facts (known on the day, in order, from the engine); a yearly report keeps its year's."""
    period = item.deadline.period
    return DeadlineRow(item, tuple(f for f in item.facts if period is None or f.period in (None, period)))


def _shown(item: StateDeadline, unrecorded: set[str]) -> bool:
    """A report deadline is not called due or overdue while no submission at all is recorded."""
    return not (item.rule.key in unrecorded and item.deadline.status in _UNFINISHED)


@dataclass(frozen=True)
class Compliance:
    """The deadlines of a treaty's States Parties (or of one State) on a day."""

    treaty: Treaty
    day: date
    rows: list[DeadlineRow]
    reports_not_recorded: tuple[ObligationRule, ...]
    rules: tuple[ObligationRule, ...]
    any_fact_recorded: bool


def compliance(treaty: Treaty, day: date, state: State | None = None) -> Compliance:
    items: Iterable[StateDeadline] = (
        treaty_deadlines(treaty, day) if state is None else state_deadlines(treaty, state, day)
    )
    unrecorded = reports_not_recorded(treaty)
    keys = {r.key for r in unrecorded}
    rows = [_row(item) for item in items if _shown(item, keys)]
    recorded = ObligationFact.objects.published().filter(treaty=treaty).exists()
    return Compliance(treaty, day, rows, unrecorded, tuple(obligation_rules(treaty).values()), recorded)


@dataclass(frozen=True)
class ComplianceFilters:
    status: str | None = None
    obligation: str | None = None
    within: int | None = None

    def as_meta(self) -> dict[str, Any]:
        return {"status": self.status, "obligation": self.obligation, "within": self.within}


def parse_filters(
    treaty: Treaty, status: str | None, obligation: str | None, within: str | int | None
) -> ComplianceFilters:
    """The filters of the compliance list, or a BadParameter that says what is wrong."""
    if status and status not in DEADLINE_STATUSES:
        raise BadParameter(
            _("status: %(value)r is not one of %(choices)s")
            % {"value": status, "choices": ", ".join(DEADLINE_STATUSES)}
        )
    rules = obligation_rules(treaty)
    if obligation and obligation not in rules:
        raise BadParameter(
            _("obligation: %(value)r is not an obligation of the %(treaty)s (its rules name: %(choices)s)")
            % {"value": obligation, "treaty": treaty.short_name, "choices": ", ".join(rules) or "-"}
        )
    days = None
    if within is not None and within != "":
        raw = str(within)
        if not raw.isdigit() or int(raw) not in WITHIN_DAYS:
            raise BadParameter(
                _("within: %(value)r is not one of %(choices)s (days)")
                % {"value": raw, "choices": ", ".join(str(d) for d in WITHIN_DAYS)}
            )
        days = int(raw)
    return ComplianceFilters(status or None, obligation or None, days)


def filter_deadlines(rows: Sequence[DeadlineRow], filters: ComplianceFilters, day: date) -> list[DeadlineRow]:
    """`within` keeps the deadlines still due whose current deadline falls within that many days."""
    horizon = day + timedelta(days=filters.within) if filters.within else None

    def keep(row: DeadlineRow) -> bool:
        if filters.status and row.status != filters.status:
            return False
        if filters.obligation and row.rule.key != filters.obligation:
            return False
        if horizon is not None:
            current = row.deadline.current
            return row.status == DeadlineStatus.DUE and current is not None and current <= horizon
        return True

    return [r for r in rows if keep(r)]


def sorted_for_attention(rows: Iterable[DeadlineRow], rules: Sequence[ObligationRule]) -> list[DeadlineRow]:
    """Overdue first (the longest overdue first), then due (the soonest first), then the rest."""
    order = {r.key: i for i, r in enumerate(rules)}
    return sorted(
        rows,
        key=lambda r: (
            _LIST_ORDER.index(r.status),
            r.deadline.current or date.max,
            r.state.display_name,
            order.get(r.rule.key, len(order)),
            r.deadline.period or 0,
        ),
    )


def sorted_by_obligation(rows: Iterable[DeadlineRow], rules: Sequence[ObligationRule]) -> list[DeadlineRow]:
    order = {r.key: i for i, r in enumerate(rules)}
    return sorted(rows, key=lambda r: (order.get(r.rule.key, len(order)), r.deadline.period or 0))


def obligation_fact_dict(fact: ObligationFact) -> dict[str, Any]:
    return {
        "obligation": fact.obligation,
        "kind": fact.kind,
        "date": fact.date,
        "date_precision": fact.date_precision,
        "applies": fact.applies,
        "new_deadline": fact.new_deadline,
        "new_deadline_precision": fact.new_deadline_precision if fact.new_deadline else None,
        "decided_by": fact.decided_by or None,
        "period": fact.period,
        "link": fact.link or None,
        "text": fact.text or None,
        "source": source_dict(fact.source),
    }


def _iso(value: ApproximateDate | None) -> str | None:
    return value.iso() if value else None


def _precision(value: ApproximateDate | None) -> str | None:
    return value.precision.value if value else None


def extension_dict(extension: Extension) -> dict[str, Any]:
    return {
        "granted_on": extension.granted.iso(),
        "granted_on_precision": extension.granted_precision.value,
        "new_deadline": extension.deadline.iso(),
        "new_deadline_precision": extension.deadline_precision.value,
        "decided_by": extension.decided_by or None,
    }


def deadline_dict(row: DeadlineRow) -> dict[str, Any]:
    deadline = row.deadline
    return {
        "obligation": row.rule.key,
        "title": row.rule.title,
        "article": row.rule.article,
        "period": deadline.period,
        "cycle": deadline.cycle,
        "reopened_on": deadline.reopened_on,
        "original_deadline": deadline.original,
        "extensions": [extension_dict(e) for e in deadline.extensions],
        "current_deadline": _iso(deadline.current_date),
        "current_deadline_precision": _precision(deadline.current_date),
        "status": row.status,
        "status_label": row.status_label,
        "extension_pending": row.extension_pending,
        "completed_on": _iso(deadline.completion),
        "completed_on_precision": _precision(deadline.completion),
        "completed_late": row.completed_late,
        "conflicts": row.conflicts,
        "notes": row.notes,
        "facts": [obligation_fact_dict(f) for f in row.facts],
    }


def state_deadline_dict(row: DeadlineRow) -> dict[str, Any]:
    return {"iso3": row.state.iso3, "name": row.state.display_name, **deadline_dict(row)}


def _extension_text(extension: Extension) -> str:
    by = f"{extension.decided_by}, " if extension.decided_by else ""
    granted = extension.granted
    on = f"by {granted.iso()}" if granted.precision is Precision.BY else granted.iso()
    return f"{extension.deadline.iso()} ({by}granted {on})"


def download_row(row: DeadlineRow) -> dict[str, Any]:
    """The same deadline in flat cells, for CSV, XLSX and JSON downloads alike."""
    deadline = row.deadline
    return {
        "iso3": row.state.iso3,
        "name": row.state.display_name,
        "obligation": row.rule.key,
        "obligation_title": row.rule.title,
        "article": row.rule.article,
        "period": deadline.period,
        "reopened_on": deadline.reopened_on,
        "original_deadline": deadline.original,
        "extensions": "; ".join(_extension_text(e) for e in deadline.extensions),
        "current_deadline": _iso(deadline.current_date),
        "current_deadline_precision": _precision(deadline.current_date),
        "status": row.status,
        "status_label": row.status_label,
        "extension_pending": row.extension_pending,
        "completed_on": _iso(deadline.completion),
        "completed_on_precision": _precision(deadline.completion),
        "completed_late": row.completed_late,
        "conflicts": "; ".join(row.conflicts),
        "notes": "; ".join(row.notes),
        "sources": "; ".join(f"{s.citation} <{s.url}>" if s.url else s.citation for s in row.sources),
    }


@dataclass(frozen=True)
class StateObligations:
    treaty: Treaty
    rows: list[DeadlineRow]
    reports_not_recorded: tuple[ObligationRule, ...]


def state_obligations(state: State, day: date, treaty: Treaty | None = None) -> list[StateObligations]:
    """The State's deadlines under each treaty with a record for which it had deposited an instrument on `day`."""
    found = []
    for candidate in [treaty] if treaty else Treaty.objects.all():
        view = treaty_view(candidate, day)
        if not view.record_imported or not obligation_rules(candidate):
            continue
        row = next((r for r in view.rows if r.state.pk == state.pk), None)
        if row is None or row.standing.deposited_on is None:
            continue
        result = compliance(candidate, day, state)
        rows = sorted_by_obligation(result.rows, result.rules)
        found.append(StateObligations(candidate, rows, result.reports_not_recorded))
    return found
