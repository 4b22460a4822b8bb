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
from django.utils.translation import gettext_lazy, gettext_noop

from treatywatch.core.approximate import ApproximateDate, Precision
from treatywatch.core.obligations import DeadlineStatus, Extension, ObligationRule
from treatywatch.lib.errors import BadParameter
from treatywatch.lib.fields import Many, Output, OutputField
from treatywatch.obligations.announced import is_report_obligation, reported_obligations
from treatywatch.obligations.engine import (
    ShowsStateDeadline,
    StateDeadline,
    distinct_sources,
    fact_date,
    state_deadlines,
    treaty_deadlines,
)
from treatywatch.obligations.labels import DEADLINE_STATUS_LABELS, DEADLINE_STATUSES, obligation_title
from treatywatch.obligations.models import ObligationFact, ObligationFactKind
from treatywatch.obligations.rules import obligation_rules
from treatywatch.obligations.wording import conflict_words, note_words
from treatywatch.registry.models import Source, State, Treaty
from treatywatch.registry.presenters import SOURCE, STATE_KEY_FIELDS
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


def reports_not_recorded(treaty: Treaty) -> tuple[ObligationRule, ...]:
    """The treaty's report obligations for which the register holds no submitted report yet."""
    recorded = reported_obligations(treaty)
    return tuple(r for r in obligation_rules(treaty).values() if is_report_obligation(r) and r.key not in recorded)


@dataclass(frozen=True)
class DeadlineRow(ShowsStateDeadline):
    """One deadline of one State, with the facts known on the day that bear on it."""

    item: StateDeadline
    facts: tuple[ObligationFact, ...]

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
    def reopened(self) -> ApproximateDate | None:
        """The day the obligation applied again, as exactly as the declaration that reopened it gives it."""
        day = self.deadline.reopened_on
        if day is None:
            return None
        reopening = [f for f in self.facts if f.kind == ObligationFactKind.DECLARATION and f.applies and f.date == day]
        return fact_date(reopening[0]) if reopening else ApproximateDate(day)

    @property
    def described_facts(self) -> list[tuple[ObligationFact, str, ApproximateDate | None]]:
        """Each fact with its label and its date as exactly as its source gives it."""
        return [(fact, fact_label(fact), fact_date(fact)) for fact in self.facts]

    @property
    def sources(self) -> list[Source]:
        return distinct_sources(self.facts)


def fact_label(fact: ObligationFact) -> str:
    if fact.kind == ObligationFactKind.DECLARATION:
        return _("Declared: applies") if fact.applies else _("Declared: does not apply")
    return str(fact.get_kind_display()).capitalize()


def _row(item: StateDeadline) -> DeadlineRow:
    """The deadline with its facts (known on the day, in order, from the engine); a yearly report keeps its year's."""
    period = item.deadline.period
    return DeadlineRow(item, tuple(f for f in item.facts if period is None or f.period in (None, period)))


def deadline_shown(item: StateDeadline, unrecorded: set[str]) -> bool:
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
    rows = [_row(item) for item in items if deadline_shown(item, keys)]
    recorded = ObligationFact.objects.published().filter(treaty=treaty).exists()
    return Compliance(treaty, day, rows, unrecorded, tuple(obligation_rules(treaty).values()), recorded)


@dataclass(frozen=True)
class ComplianceFilters:
    statuses: tuple[str, ...] = ()
    obligation: str | None = None
    within: int | None = None
    year: int | None = None

    def as_meta(self) -> dict[str, Any]:
        """As a download's metadata and the API say it: several statuses joined by commas."""
        statuses = ",".join(self.statuses) or None
        return {"status": statuses, "obligation": self.obligation, "within": self.within, "year": self.year}


def deadline_years(rows: Iterable[DeadlineRow]) -> list[int]:
    """The years the current deadlines fall in, for the year filter's choices."""
    return sorted({r.deadline.current.year for r in rows if r.deadline.current is not None})


def parse_filters(
    treaty: Treaty,
    statuses: Sequence[str] | None,
    obligation: str | None,
    within: str | int | None,
    year: str | int | None = None,
) -> ComplianceFilters:
    """The filters of the compliance list, or a BadParameter that says what is wrong. `statuses` are those of a
    repeated `status` parameter (any of them; empty values are left out)."""
    wanted = tuple(dict.fromkeys(s for s in statuses or () if s))
    for status in wanted:
        if status not in DEADLINE_STATUSES:
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
    return ComplianceFilters(wanted, obligation or None, days, _parse_year(year))


def _parse_year(year: str | int | None) -> int | None:
    if year is None or year == "":
        return None
    raw = str(year)
    if not (raw.isascii() and raw.isdigit() and len(raw) == 4):
        raise BadParameter(_("year: %(value)r is not a year (four digits, such as 2026)") % {"value": raw})
    return int(raw)


def filter_deadlines(rows: Sequence[DeadlineRow], filters: ComplianceFilters, day: date) -> list[DeadlineRow]:
    """`statuses` keeps the deadlines in any of them; `within` the deadlines still due whose current deadline
    falls within that many days; `year` those whose current deadline (as extended) falls in that year, whatever
    their status."""
    horizon = day + timedelta(days=filters.within) if filters.within else None

    def keep(row: DeadlineRow) -> bool:
        if filters.statuses and row.status not in filters.statuses:
            return False
        if filters.obligation and row.rule.key != filters.obligation:
            return False
        current = row.deadline.current
        if filters.year and (current is None or current.year != filters.year):
            return False
        if horizon is not None:
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


def _iso(value: ApproximateDate | None) -> str | None:
    return value.iso() if value else None


def _precision(value: ApproximateDate | None) -> str | None:
    return value.precision.value if value else None


def _extension_text(extension: Extension) -> str:
    by = f"{extension.decided_by}, " if extension.decided_by else ""
    granted = extension.granted
    on = f"by {granted.iso()}" if granted.precision is Precision.BY else granted.iso()
    return f"{extension.deadline.iso()} ({by}granted {on})"


def _source_text(source: Source) -> str:
    return f"{source.citation} <{source.url}>" if source.url else source.citation


_APPROXIMATE = gettext_noop(
    "ISO 8601 to the precision the source gives: `2019-08-01` (a day, or on or before that day), "
    "`2019-03` (a month), `2019` (a year); see the `*_precision` field next to it."
)
_PRECISION = gettext_noop("day, month, year or by (on or before that day).")

OBLIGATION_FACT = Output(
    "ObligationFactOut",
    (
        OutputField(
            "obligation",
            str,
            lambda fact: fact.obligation,
            gettext_noop("The obligation's key in the treaty's rules (initial_report, stockpile_destruction...)."),
            label=gettext_lazy("Obligation"),
        ),
        OutputField(
            "kind",
            str,
            lambda fact: fact.kind,
            gettext_noop("One of declaration, extension_requested, extension_granted, completion, report."),
            label=gettext_lazy("Fact"),
        ),
        OutputField(
            "date", date | None, lambda fact: fact.date, gettext_noop("Day of the fact."), label=gettext_lazy("Date")
        ),
        OutputField(
            "date_precision",
            str,
            lambda fact: fact.date_precision,
            gettext_noop("How exactly the source dates the fact: day, month, year or by (on or before that day)."),
            label=gettext_lazy("Date precision"),
        ),
        OutputField(
            "applies",
            bool | None,
            lambda fact: fact.applies,
            gettext_noop(
                "For a declaration: whether the obligation applies to the State (it holds stockpiles, it is "
                "contaminated); empty when the fact is not a declaration."
            ),
            label=gettext_lazy("Applies"),
        ),
        OutputField(
            "new_deadline",
            date | None,
            lambda fact: fact.new_deadline,
            gettext_noop("For an extension: the deadline it sets."),
            label=gettext_lazy("New deadline"),
        ),
        OutputField(
            "new_deadline_precision",
            str | None,
            lambda fact: fact.new_deadline_precision if fact.new_deadline else None,
            gettext_noop(
                "How exactly the source gives the new deadline: day, month, year or by (on or before that day)."
            ),
            label=gettext_lazy("New deadline precision"),
        ),
        OutputField(
            "decided_by",
            str | None,
            lambda fact: fact.decided_by or None,
            gettext_noop("For an extension: the meeting that granted it."),
            label=gettext_lazy("Decided by"),
        ),
        OutputField(
            "period",
            int | None,
            lambda fact: fact.period,
            gettext_noop("For an annual obligation: the year the fact is about."),
            label=gettext_lazy("Period"),
        ),
        OutputField(
            "link",
            str | None,
            lambda fact: fact.link or None,
            gettext_noop("A link to the document."),
            label=gettext_lazy("Link"),
        ),
        OutputField(
            "text",
            str | None,
            lambda fact: fact.text or None,
            gettext_noop("A note on the fact."),
            label=gettext_lazy("Text or note"),
        ),
        OutputField("source", SOURCE, lambda fact: fact.source, gettext_noop("Where the fact comes from.")),
    ),
    doc="A recorded fact that moves a deadline: a declaration, an extension, a completion, a report.",
)

EXTENSION = Output(
    "ExtensionOut",
    (
        OutputField("granted_on", str, lambda e: e.granted.iso(), _APPROXIMATE),
        OutputField("granted_on_precision", str, lambda e: e.granted_precision.value, _PRECISION),
        OutputField("new_deadline", str, lambda e: e.deadline.iso(), _APPROXIMATE),
        OutputField("new_deadline_precision", str, lambda e: e.deadline_precision.value, _PRECISION),
        OutputField(
            "decided_by", str | None, lambda e: e.decided_by or None, gettext_noop("The meeting that granted it.")
        ),
    ),
)

# One deadline of one State under one obligation, from its `DeadlineRow`.
DEADLINE_FIELDS = (
    OutputField(
        "obligation",
        str,
        lambda row: row.rule.key,
        gettext_noop("The obligation's key in the treaty's rules (initial_report, stockpile_destruction...)."),
        label=gettext_lazy("Obligation code"),
    ),
    OutputField(
        "title",
        str,
        lambda row: obligation_title(row.rule.title),
        gettext_noop("The obligation's title, in the answer's language."),
        column="obligation_title",
        label=gettext_lazy("Obligation"),
    ),
    OutputField(
        "article",
        str,
        lambda row: row.rule.article,
        gettext_noop("The treaty article that sets the obligation."),
        label=gettext_lazy("Article"),
    ),
    OutputField(
        "period",
        int | None,
        lambda row: row.deadline.period,
        gettext_noop("For an annual obligation: the year the deadline is for."),
        label=gettext_lazy("Period"),
    ),
    OutputField(
        "cycle",
        int,
        lambda row: row.deadline.cycle,
        gettext_noop(
            "0 for the obligation as the treaty set it; 1, 2... for each time it was reopened after a "
            "completion (stockpiles or contamination found later). Earlier runs stay in the list."
        ),
        in_download=False,
    ),
    OutputField(
        "reopened_on",
        str | None,
        lambda row: _iso(row.reopened),
        gettext_noop(
            "The day a source records the obligation applying again. ISO 8601 to the precision the source gives: "
            "`2019-08-01` (a day, or on or before that day), `2019-03` (a month), `2019` (a year); see the "
            "`*_precision` field next to it."
        ),
        label=gettext_lazy("Reopened on"),
    ),
    OutputField(
        "reopened_on_precision",
        str | None,
        lambda row: _precision(row.reopened),
        _PRECISION,
        label=gettext_lazy("Reopened on (precision)"),
    ),
    OutputField(
        "original_deadline",
        date | None,
        lambda row: row.deadline.original,
        gettext_noop("The deadline as the treaty sets it, before any extension."),
        label=gettext_lazy("Original deadline"),
    ),
    OutputField(
        "extensions",
        Many(EXTENSION),
        lambda row: row.deadline.extensions,
        gettext_noop("The extensions granted, in order (in a download: one text, separated by semicolons)."),
        cell=lambda row: "; ".join(_extension_text(e) for e in row.deadline.extensions),
        label=gettext_lazy("Extensions"),
    ),
    OutputField(
        "current_deadline",
        str | None,
        lambda row: _iso(row.deadline.current_date),
        _APPROXIMATE,
        label=gettext_lazy("Current deadline"),
    ),
    OutputField(
        "current_deadline_precision",
        str | None,
        lambda row: _precision(row.deadline.current_date),
        _PRECISION,
        label=gettext_lazy("Current deadline (precision)"),
    ),
    OutputField(
        "status",
        str,
        lambda row: row.status,
        gettext_noop(
            "One of overdue, extension_requested, not_known, due, completed, not_applicable, not_declared, not_due, "
            "no_deadline_recorded, no_deadline, on the day asked about."
        ),
        label=gettext_lazy("Status"),
    ),
    OutputField(
        "status_label",
        str,
        lambda row: row.status_label,
        gettext_noop("The status in words, in the answer's language."),
        label=gettext_lazy("Status in words"),
    ),
    OutputField(
        "extension_pending",
        bool,
        lambda row: row.extension_pending,
        gettext_noop("An extension was requested and no decision is recorded after it."),
        label=gettext_lazy("Extension pending"),
    ),
    OutputField(
        "completed_on",
        str | None,
        lambda row: _iso(row.deadline.completion),
        _APPROXIMATE,
        label=gettext_lazy("Completed on"),
    ),
    OutputField(
        "completed_on_precision",
        str | None,
        lambda row: _precision(row.deadline.completion),
        _PRECISION,
        label=gettext_lazy("Completed on (precision)"),
    ),
    OutputField(
        "completed_late",
        bool,
        lambda row: row.completed_late,
        gettext_noop("The obligation was completed after its deadline."),
        label=gettext_lazy("Completed late"),
    ),
    OutputField(
        "conflicts",
        list[str],
        lambda row: row.conflicts,
        gettext_noop(
            "Where sources give different dates for one event (a decision, a completion): every date with "
            "its source. The deadline used is the later one."
        ),
        cell=lambda row: "; ".join(row.conflicts),
        label=gettext_lazy("Conflicting sources"),
    ),
    OutputField(
        "notes",
        list[str],
        lambda row: row.notes,
        gettext_noop(
            "What the record cannot settle: an extension it lacks (a request the treaty allows only "
            "before the deadline came after it), or a roughly dated completion or extension that may already have "
            "happened (status `not_known`)."
        ),
        cell=lambda row: "; ".join(row.notes),
        label=gettext_lazy("Notes"),
    ),
    OutputField(
        "facts",
        Many(OBLIGATION_FACT),
        lambda row: row.facts,
        gettext_noop("The recorded facts that set the deadline and its status."),
        in_download=False,
    ),
    OutputField(
        "sources",
        str,
        lambda row: "; ".join(_source_text(s) for s in row.sources),
        gettext_noop("The sources of the facts behind the row, each with its address, separated by semicolons."),
        label=gettext_lazy("Sources"),
        in_api=False,
    ),
)
# A State's deadlines under one treaty, in its profile and in the API.
DEADLINE = Output(
    "DeadlineOut",
    DEADLINE_FIELDS,
    doc="One deadline of one State under one obligation, as it stood on the day asked about.",
)
# Every State Party's deadlines: the compliance page, its downloads and the API's list.
STATE_DEADLINE = Output(
    "StateDeadlineOut",
    (*STATE_KEY_FIELDS, *DEADLINE_FIELDS),
    doc="A deadline with its State (the State's fields come first).",
)
# The columns of the deadline tables: the cells after the first ones are the same on both pages.
_DEADLINE_CELLS = ("original_deadline", "extensions", "current_deadline", "status", "completed_on", "sources")
DEADLINE_CELL_COLUMNS = DEADLINE.page_columns(*_DEADLINE_CELLS)
COMPLIANCE_PAGE_COLUMNS = STATE_DEADLINE.page_columns("name", "title", *_DEADLINE_CELLS)
STATE_PAGE_COLUMNS = DEADLINE.page_columns("title", "article", *_DEADLINE_CELLS)


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
