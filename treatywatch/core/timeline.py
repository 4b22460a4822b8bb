"""Derived views answered for any date by lookup: each value as a sorted list of the days it changes.

A State's standing, a treaty's counts and a deadline change only on days the facts name (a
signature, a deposit, a decision) or that the rules derive from them (an entry into force, a
withdrawal taking effect, the day after a deadline). They are computed once on each of those
days, and a question about any date is a binary search for the last change on or before it.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Final, Generic, NamedTuple, TypeVar, cast

from treatywatch.core.approximate import ApproximateDate, Precision
from treatywatch.core.dates import FIRST_DAY, LAST_DAY, ONE_DAY, new_year
from treatywatch.core.obligations import (
    Deadline,
    DeadlineStatus,
    ObligationFacts,
    ObligationRule,
    Runs,
    RunsMemo,
    annual_deadline,
    completion_answer,
    granted_roughly,
    known_runs,
    line_alone,
    not_running_status,
    original_deadline,
    running_deadlines,
    runs_answer,
    undeclared_status,
)
from treatywatch.core.rules import TreatyRules
from treatywatch.core.status import (
    Counts,
    EntryIntoForce,
    Standing,
    StateRecord,
    Status,
    TreatyState,
    change_days,
    entry_into_force,
    record_entry_into_force,
    standing,
)

# Read as constants once compiled: an imported function is otherwise looked up by name on each call.
_bisect_left: Final = bisect_left
_bisect_right: Final = bisect_right
T = TypeVar("T")
# Named tuples built as tuples: their own `__new__` and `_replace` are not compiled.
_new_tuple: Final = tuple.__new__
_FROM_THE_START: Final = (FIRST_DAY,)  # made once: a constant day read as `date.min` is looked up on each use


class Steps(Generic[T]):
    """A value that holds from each of `days` until the next one (the first from the beginning of time).

    A plain class rather than a dataclass: mypyc compiles no generic dataclass."""

    __slots__ = ("days", "values")

    def __init__(self, days: tuple[date, ...], values: tuple[T, ...]) -> None:
        self.days = days
        self.values = values

    def at(self, day: date) -> T:
        return self.values[_bisect_right(self.days, day) - 1]

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Steps) and self.days == other.days and self.values == other.values

    def __hash__(self) -> int:
        return hash((self.days, self.values))

    def __repr__(self) -> str:
        return f"Steps(days={self.days!r}, values={self.values!r})"


# What one standing adds to each count: signatories, parties, in force, signatories not ratified, withdrawn.
_NOTHING = (0, 0, 0, 0, 0)


def _counted(s: Standing | None) -> tuple[int, int, int, int, int]:
    if s is None:
        return _NOTHING
    return (
        int(s.is_signatory),
        int(s.is_party),
        int(s.in_force),
        int(s.status is Status.SIGNATORY),
        int(s.status is Status.WITHDRAWN),
    )


@dataclass(frozen=True)
class StatusTimeline:
    """Every State's standing and the treaty's counts on any date, from one pass over the records."""

    records: tuple[StateRecord, ...]
    treaty: EntryIntoForce  # the treaty's own dates once its threshold is reached
    standings: tuple[Steps[Standing | None], ...]  # one per record; None while the State does not exist
    counts: Steps[Counts]
    chart_days: tuple[date, ...]  # the days `counts_over_time` lists

    @classmethod
    def build(cls, records: Sequence[StateRecord], rules: TreatyRules) -> StatusTimeline:
        treaty = entry_into_force(rules, records)
        per_state = tuple(_standings_of(record, rules, treaty) for record in records)
        final = (s.values[-1] for s in per_state if s.values[-1] is not None)
        chart_days = tuple(change_days(records, rules, final))
        return cls(tuple(records), treaty, per_state, _counts(per_state), chart_days)

    def entry_into_force_on(self, day: date) -> date | None:
        """The treaty's entry into force as known on `day`: once the threshold is reached."""
        return self.treaty.in_force_on if _reached(self.treaty, day) else None

    def at(self, day: date) -> TreatyState:
        """The same answer as `treaty_state(records, rules, day)`, by lookup."""
        found = (s.values[_bisect_right(s.days, day) - 1] for s in self.standings)
        return TreatyState(day, self.entry_into_force_on(day), tuple(s for s in found if s is not None))

    def counts_over_time(self, until: date) -> list[tuple[date, Counts]]:
        """The same answer as `counts_over_time(records, rules, until)`, by lookup."""
        return [(d, self.counts.at(d)) for d in self.chart_days if d <= until]


def _standings_of(record: StateRecord, rules: TreatyRules, treaty: EntryIntoForce) -> Steps[Standing | None]:
    """One State's standing over time. A function rather than a closure: compiled, a closure and its
    environment refer to each other, a cycle only the collector frees."""
    effective = record.withdrawal_notified_on and rules.withdrawal_effective_on(record.withdrawal_notified_on)
    candidates = {
        record.signed_on,
        record.party_from,
        record.withdrawal_notified_on,
        effective or None,
        record.ended_on,
        record_entry_into_force(rules, record, treaty),
        # The treaty's dates matter once the State is a party.
        treaty.threshold_day if record.party_from else None,
    }
    days: list[date] = [FIRST_DAY]
    values: list[Standing | None] = [_standing_on(record, rules, treaty, FIRST_DAY)]
    for day in sorted(d for d in candidates if d is not None):
        if day <= FIRST_DAY:
            continue
        value = _standing_on(record, rules, treaty, day)
        if value != values[-1]:
            days.append(day)
            values.append(value)
    return Steps(tuple(days), tuple(values))


def _standing_on(record: StateRecord, rules: TreatyRules, treaty: EntryIntoForce, day: date) -> Standing | None:
    """The State's standing on `day` with the treaty's own dates as known then; None while it does not exist."""
    if not record.exists_on(day):
        return None
    return standing(record, rules, day, treaty if _reached(treaty, day) else _NOT_YET)


_NOT_YET: Final = EntryIntoForce()  # the treaty's dates before its threshold is reached


def _reached(treaty: EntryIntoForce, day: date) -> bool:
    """Whether the treaty's entry-into-force threshold is reached by `day`."""
    return treaty.threshold_day is not None and treaty.threshold_day <= day


class _Change:
    """What one day adds to each count (a native class: its whole numbers are added without making objects)."""

    __slots__ = ("in_force", "not_ratified", "parties", "signatories", "withdrawn")

    def __init__(self) -> None:
        self.signatories = 0
        self.parties = 0
        self.in_force = 0
        self.not_ratified = 0
        self.withdrawn = 0


def _counts(per_state: Sequence[Steps[Standing | None]]) -> Steps[Counts]:
    """The counts over time, adding up each State's changes in the order of their days."""
    changes: dict[date, _Change] = {}
    signatories = parties = in_force = not_ratified = withdrawn = 0
    for state in per_state:
        values, days = state.values, state.days
        s0, p0, f0, n0, w0 = _counted(values[0])
        signatories, parties, in_force = signatories + s0, parties + p0, in_force + f0
        not_ratified, withdrawn = not_ratified + n0, withdrawn + w0
        for i in range(1, len(values)):
            s1, p1, f1, n1, w1 = _counted(values[i])
            if s1 != s0 or p1 != p0 or f1 != f0 or n1 != n0 or w1 != w0:
                change = changes.get(days[i])
                if change is None:
                    change = changes[days[i]] = _Change()
                change.signatories += s1 - s0
                change.parties += p1 - p0
                change.in_force += f1 - f0
                change.not_ratified += n1 - n0
                change.withdrawn += w1 - w0
            s0, p0, f0, n0, w0 = s1, p1, f1, n1, w1
    found_days = [date.min]
    found = [_new_tuple(Counts, (signatories, parties, in_force, not_ratified, withdrawn))]
    for day in sorted(changes):
        c = changes[day]
        if c.signatories or c.parties or c.in_force or c.not_ratified or c.withdrawn:
            signatories, parties, in_force = signatories + c.signatories, parties + c.parties, in_force + c.in_force
            not_ratified, withdrawn = not_ratified + c.not_ratified, withdrawn + c.withdrawn
            found_days.append(day)
            found.append(_new_tuple(Counts, (signatories, parties, in_force, not_ratified, withdrawn)))
    return Steps(tuple(found_days), tuple(found))


# One year's annual deadline over time, by rule, the record's end, then one small whole number (`_year_key`):
# the year and the report's day and precision.
_YEARS: Final[dict[ObligationRule, dict[date | None, dict[int, Steps[Deadline]]]]] = {}
_KEPT_YEARS: Final = 65536  # the years kept per rule and record's end before starting afresh
_PRECISIONS: Final = {precision: code for code, precision in enumerate(Precision, 1)}


def _year_key(year: int, sent: ApproximateDate | None) -> int:
    """The year (1 to 9999, 14 bits) and the report's day and precision as one whole number, small enough that
    compiled arithmetic on it never falls back to Python's."""
    if sent is None:
        return year
    return (sent.day.toordinal() * 8 + _PRECISIONS[sent.precision]) * 16384 + year


def _year_steps(rule: ObligationRule, year: int, sent: ApproximateDate | None, ends_on: date | None) -> Steps[Deadline]:
    """One year's annual deadline over time from 1 January after the year, the first day it is listed: due,
    then overdue the day after, completed once reported. It reads only the year's report, so States that
    sent it on the same day (or not yet) share it: built once. A plain dictionary keyed by the report's
    day and precision rather than `lru_cache`, which compared the reports through their dataclass's
    `__eq__` (not compiled) on each lookup."""
    return _year_steps_in(_years_kept(rule, ends_on), rule, year, sent, ends_on)


def _years_kept(rule: ObligationRule, ends_on: date | None) -> dict[int, Steps[Deadline]]:
    """The years `_year_steps` keeps for a rule and a record's end: looked up once for all a State's years."""
    by_end = _YEARS.get(rule)
    if by_end is None:
        by_end = _YEARS[rule] = {}
    years = by_end.get(ends_on)
    if years is None:
        years = by_end[ends_on] = {}
    return years


def _year_steps_in(
    years: dict[int, Steps[Deadline]],
    rule: ObligationRule,
    year: int,
    sent: ApproximateDate | None,
    ends_on: date | None,
) -> Steps[Deadline]:
    key = _year_key(year, sent)
    found = years.get(key)
    if found is None:
        if len(years) >= _KEPT_YEARS:
            years.clear()
        found = years[key] = _new_year_steps(years, rule, year, sent, ends_on)
    return found


def _new_year_steps(
    years: dict[int, Steps[Deadline]],
    rule: ObligationRule,
    year: int,
    sent: ApproximateDate | None,
    ends_on: date | None,
) -> Steps[Deadline]:
    if sent is None:
        return _unreported_year(rule, year, ends_on)
    # As the year without a report up to the day the report is known, then completed: the deadlines it had
    # before are those of the year without one (made once, shared), only the completed one is made here.
    unreported = _year_steps_in(years, rule, year, None, ends_on)
    completed = annual_deadline(rule, year, {year: sent}, sent.day, ends_on)
    if sent.day <= new_year(year + 1):
        return Steps(_FROM_THE_START, (completed,))  # reported by the day it is listed
    before = _bisect_left(unreported.days, sent.day)
    return Steps((*unreported.days[:before], sent.day), (*unreported.values[:before], completed))


def _unreported_year(rule: ObligationRule, year: int, ends_on: date | None) -> Steps[Deadline]:
    """A year with no report: due from the day it is listed, overdue the day after it is due (`due < day`)."""
    listed = new_year(year + 1)
    first = annual_deadline(rule, year, {}, listed, ends_on)
    due = first.current
    if due is not None and due < LAST_DAY:
        overdue = due + ONE_DAY
        if overdue > listed:
            value = annual_deadline(rule, year, {}, overdue, ends_on)
            if value != first:
                return Steps((FIRST_DAY, overdue), (first, value))
    return Steps(_FROM_THE_START, (first,))


class Period(NamedTuple):
    """From `start` up to (not including) `end`, the State stands as `standing` as far as a deadline reads it."""

    start: date
    end: date | None
    standing: Standing | None


def standing_periods(standings: Steps[Standing | None]) -> tuple[Period, ...]:
    """The State's standings as periods over which its deadlines read the same (a deposit, the entry into
    force, the withdrawal): of standings in a row that agree on them, the first. The same for each of the
    State's obligations: worked out once per State."""

    found: list[Period] = []
    before: object = ()  # what the last period reads (never an empty tuple)
    start, standing = FIRST_DAY, cast("Standing | None", None)
    for day, on_day in zip(standings.days, standings.values, strict=True):
        now = _reads(on_day)
        if now == before:
            continue
        if before != ():
            found.append(_new_tuple(Period, (start, day, standing)))
        start, standing, before = day, on_day, now
    if before != ():
        found.append(_new_tuple(Period, (start, None, standing)))
    return tuple(found)


def _reads(s: Standing | None) -> tuple[bool, date | None, date | None] | None:
    """What of a standing a deadline reads."""
    return None if s is None else (s.deposited_on is not None, s.entry_into_force_on, s.withdrawal_effective_on)


class AnnualRun:
    """A running annual obligation's list up to its `last` day: each year's deadline over time (built once
    and shared by every State with the same report day) joins the list on 1 January after the year. The years
    whose deadlines no longer change are kept as one list, so a day reads only the few recent years that
    still can: the list is not stored anew on each of its change days."""

    __slots__ = ("changes", "finals", "first_year", "last", "settled", "years")

    def __init__(self, first_year: int, last: date, years: tuple[Steps[Deadline], ...]) -> None:
        self.first_year = first_year
        self.last = last
        self.years = years
        finals: list[Deadline] = []
        # settled[i]: the day from which every year up to the i-th has its final deadline.
        settled: list[date] = []
        latest = FIRST_DAY
        # Each year in turn, the day it joins the list, then its own changes, which come after it (its first day,
        # date.min, is before any run). They usually come in order, each year's after the year before: then no
        # day is named twice.
        changes: list[date] = []
        in_order, previous = True, FIRST_DAY
        joins = first_year
        for year in years:
            joins += 1
            day = new_year(joins)
            in_order = in_order and previous < day
            changes.append(day)
            steps = year.days
            if len(steps) > 1:
                changes += steps[1:]
                previous = steps[-1]
            else:
                previous = day
            # A year is final from its last change: from the day it is listed when it has none.
            if previous > latest:
                latest = previous
            settled.append(latest)
            finals.append(year.values[-1])
        self.finals = tuple(finals)
        self.settled = tuple(settled)
        if not in_order:
            changes = sorted(set(changes))
        self.changes = changes

    def at(self, day: date) -> tuple[Deadline, ...]:
        """The list on `day`, a day the obligation runs: one deadline for each year before `day`'s."""
        listed = day.year - self.first_year
        settled = _bisect_right(self.settled, day)
        if settled >= listed:
            return self.finals[:listed]
        return self.finals[:settled] + tuple(year.at(day) for year in self.years[settled:listed])

    def change_days(self, after: date) -> list[date]:
        """The days after `after`, up to the last, on which the list changes: a year joins it, or a year's
        deadline changes."""
        changes = self.changes
        return changes[_bisect_right(changes, after) : _bisect_right(changes, self.last)]


def _changed(days: list[date], pieces: list[Piece], day: date, piece: Piece) -> None:
    """`piece` answers from `day` on, if it differs from the answer before (the same object, most often)."""
    if not pieces:
        days.append(day)
        pieces.append(piece)
        return
    before = pieces[-1]
    if piece is not before and piece != before:
        days.append(day)
        pieces.append(piece)


# What a timeline holds from a day on: the deadlines themselves, or a running annual obligation's list.
Piece = tuple[Deadline, ...] | AnnualRun


class DeadlineTimeline:
    """One State's deadlines under one obligation on any date, by lookup (made by `build`, never changed after).

    `days` are the days the answer changes, up to `until`. The answer from each is kept, except while an
    annual obligation runs: its list is then read from its years (`AnnualRun`). After `until`, an annual
    obligation's list is assembled year by year. A plain class rather than a frozen dataclass, whose
    `__init__` (not compiled) took a tenth of a compiled build."""

    __slots__ = ("days", "facts", "pieces", "record_ends_on", "rule", "runs", "standings", "starts", "until", "years")

    def __init__(
        self,
        rule: ObligationRule,
        standings: Steps[Standing | None],
        facts: ObligationFacts,
        record_ends_on: date | None,
        until: date,
    ) -> None:
        self.rule = rule
        self.standings = standings
        self.facts = facts
        self.record_ends_on = record_ends_on
        self.until = until
        self.days: tuple[date, ...] = _FROM_THE_START
        # What answers from each of `starts`: the days the answer changes, and the days an annual run begins.
        self.starts: tuple[date, ...] = _FROM_THE_START
        self.pieces: tuple[Piece, ...] = ((),)
        # What a day after `until` derives, kept for the next one: one year's deadlines over time, the runs (made
        # on first use: most timelines are never asked about such a day).
        self.years: dict[int, Steps[Deadline]] | None = None
        self.runs: RunsMemo | None = None

    @classmethod
    def build(
        cls,
        rule: ObligationRule,
        standings: Steps[Standing | None],
        facts: ObligationFacts,
        record_ends_on: date | None,
        until: date,
        periods: Sequence[Period] | None = None,
    ) -> DeadlineTimeline:
        """`periods`: the State's `standing_periods`, when already worked out for another of its obligations."""
        # The class named, not `cls`: compiled, that is a direct call of its `__init__`.
        timeline = DeadlineTimeline(rule, standings, facts, record_ends_on, until)
        days, starts, pieces = timeline._changes(standing_periods(standings) if periods is None else periods)
        timeline.days, timeline.starts, timeline.pieces = days, starts, pieces
        return timeline

    def at(self, day: date) -> tuple[Deadline, ...]:
        """The same answer as `deadlines(rule, entry into force, left, facts, day, record_ends_on)`."""
        if day <= self.until:
            piece = self.pieces[_bisect_right(self.starts, day) - 1]
            return piece.at(day) if isinstance(piece, AnnualRun) else piece
        return self._compute(day)

    def _compute(self, day: date) -> tuple[Deadline, ...]:
        return self._on(self.standings.at(day), day)

    def _on(self, on_day: Standing | None, day: date) -> tuple[Deadline, ...]:
        """The answer on `day`, the State standing as `on_day`."""
        if on_day is None or on_day.deposited_on is None or on_day.entry_into_force_on is None:
            return ()
        eif, left = on_day.entry_into_force_on, on_day.withdrawal_effective_on
        # As `deadlines`: the line while it does not run (one tuple for every State), else the running list.
        stopped = not_running_status(self.rule, eif, left, self.facts, day)
        if stopped is not None:
            return line_alone(self.rule, eif, stopped)
        if self.rule.annual_due is None:
            runs = self.runs
            if runs is None:
                runs = self.runs = {}
            return tuple(running_deadlines(self.rule, eif, self.facts, day, self.record_ends_on, runs))
        return tuple([self._year(year).at(day) for year in range(eif.year, day.year)])

    def _year(self, year: int) -> Steps[Deadline]:
        """One year's annual deadline over time."""
        years = self.years
        if years is None:
            years = self.years = {}
        found = years.get(year)
        if found is None:
            found = years[year] = _year_steps(self.rule, year, self.facts.reports.get(year), self.record_ends_on)
        return found

    def _changes(self, periods: Sequence[Period]) -> tuple[tuple[date, ...], tuple[date, ...], tuple[Piece, ...]]:
        """The days the answer changes up to `until`, and what answers from which day, period by period of the
        State's standing."""
        rule = self.rule
        one_off = rule.annual_due is None
        fact_days = self._fact_days() if one_off or rule.applies_if else []
        days: list[date] = []
        starts: list[date] = []
        pieces: list[Piece] = []
        after_until = self.until + ONE_DAY
        for start, end, on_day in periods:
            if start > self.until:
                break
            if one_off:
                # Without an annual run, the answer from each day it changes is kept: `starts` are the days.
                self._one_off_within(start, end, on_day, fact_days, after_until, days, pieces)
                continue
            for day, piece in self._within(start, end, on_day, fact_days):
                before = pieces[-1] if pieces else None
                if isinstance(piece, AnnualRun) or isinstance(before, AnnualRun):
                    # A run is kept whole; the answer changes on its first day unless it goes on as before.
                    value = piece.at(day) if isinstance(piece, AnnualRun) else piece
                    previous = before.at(day - ONE_DAY) if isinstance(before, AnnualRun) else before
                    if value != previous:
                        days.append(day)
                    starts.append(day)
                    pieces.append(piece)
                    if isinstance(piece, AnnualRun):
                        days += piece.change_days(day)
                elif piece != before:
                    days.append(day)
                    starts.append(day)
                    pieces.append(piece)
        changes = tuple(days)
        return changes, changes if one_off or starts == days else tuple(starts), tuple(pieces)

    def _one_off_within(
        self,
        start: date,
        end: date | None,
        on_day: Standing | None,
        fact_days: list[date],
        after_until: date,
        days: list[date],
        pieces: list[Piece],
    ) -> None:
        """`_within` for a one-off obligation, its answers added to `days` and `pieces` where they change. The
        days it runs are taken in order, so the facts known grow as they go: the runs they set are worked out
        once for each number of facts known, found by stepping along `known_from` rather than searching it."""
        if on_day is None or on_day.deposited_on is None or on_day.entry_into_force_on is None:
            _changed(days, pieces, start, ())
            return
        rule, facts, ends_on = self.rule, self.facts, self.record_ends_on
        eif, left = on_day.entry_into_force_on, on_day.withdrawal_effective_on
        # The days it runs, from `start` to the period's last day within `until`: from `first` up to `stop`.
        after = end if end is not None and end < after_until else after_until
        first = eif if start < eif else start
        stop = left if left is not None and left < after else after
        # The days the answer may change while it runs: the facts' days, and the day after the deadline.
        running = fact_days[_bisect_right(fact_days, first) : _bisect_left(fact_days, stop)]
        original = original_deadline(rule, eif)  # None when the treaty sets no deadline
        if original is not None and original < LAST_DAY:
            overdue = original + ONE_DAY
            if first < overdue < stop:
                at = _bisect_left(running, overdue)
                if at == len(running) or running[at] != overdue:
                    running.insert(at, overdue)
        declared = bool(rule.applies_if)
        if declared:
            running = [d for d in running if facts.applies_on(d)]
        # In order: the start, the entry into force, the days it runs, the withdrawal (unless it takes effect
        # before the entry into force). A fact's day may be named twice: the second gives the same answer.
        sampled = [start]
        if start < eif < after:
            sampled.append(eif)
        sampled += running
        if left is not None and start < left < after:
            if left <= first:
                sampled.insert(_bisect_left(sampled, left), left)
            else:
                sampled.append(left)
        if declared:
            # The days the declarations change whether it runs.
            for d, _applies in facts.declared:
                if start < d < after:
                    sampled.insert(_bisect_right(sampled, d), d)
        completion_only = rule.delay is None and not declared
        known_from = facts.known_from
        known, facts_known = 0, len(known_from)
        runs_known = -1
        runs: Runs = ()
        for d in sampled:
            if d < first:
                # Before the entry into force (which is `first` then): not yet due.
                _changed(days, pieces, d, line_alone(rule, eif, DeadlineStatus.NOT_DUE))
                continue
            if d >= stop:
                # From the withdrawal (`stop` then), once in force: it no longer applies.
                _changed(days, pieces, d, line_alone(rule, eif, DeadlineStatus.NOT_APPLICABLE))
                continue
            # From the entry into force, before the withdrawal: as `not_running` sees it, it runs unless a
            # declaration it depends on says otherwise.
            stopped = undeclared_status(facts.applies_on(d)) if declared else None
            if stopped is not None:
                _changed(days, pieces, d, line_alone(rule, eif, stopped))
            elif completion_only:
                _changed(days, pieces, d, completion_answer(rule, facts, d))
            else:
                while known < facts_known and known_from[known] <= d:
                    known += 1
                if known != runs_known:
                    runs_known, runs = known, known_runs(rule, original, facts, d)
                _changed(days, pieces, d, runs_answer(rule, runs, facts, d, ends_on))

    def _within(
        self, start: date, end: date | None, on_day: Standing | None, fact_days: list[date]
    ) -> list[tuple[date, Piece]]:
        """What answers from each day it may change, from `start` up to (not including) `end`, while the State
        stands as `on_day`, for an annual obligation. Before the State's entry into force the obligation is not
        yet due, from its withdrawal it no longer applies, and while the State has not declared that an
        obligation depending on a declaration applies it shows one line, whatever the other facts: only the
        days it runs are sampled."""
        last = self.until if end is None or self.until < end - ONE_DAY else end - ONE_DAY
        if on_day is None or on_day.deposited_on is None or on_day.entry_into_force_on is None:
            return [(start, ())]
        eif, left = on_day.entry_into_force_on, on_day.withdrawal_effective_on
        # The days it runs, from `start` to `last`: from `first` up to (not including) `stop`.
        first = eif if start < eif else start
        stop = left if left is not None and left <= last else last + ONE_DAY
        edges = [d for d in (eif, left) if d is not None and start < d <= last]
        rule, facts = self.rule, self.facts
        if not rule.applies_if:
            # Nothing but the calendar and the reports moves a running annual obligation.
            found: list[tuple[date, Piece]] = [
                (d, self._on(on_day, d)) for d in (start, *edges) if not first <= d < stop
            ]
            if first < stop:
                ends = stop - ONE_DAY
                kept, reports, ends_on = _years_kept(rule, self.record_ends_on), facts.reports, self.record_ends_on
                years = tuple(
                    [
                        _year_steps_in(kept, rule, year, reports.get(year), ends_on)
                        for year in range(eif.year, ends.year)
                    ]
                )
                found.append((first, AnnualRun(eif.year, ends, years)))
            return sorted(found, key=lambda pair: pair[0])
        # Declared to apply: the days the declarations change, and those each year's deadline changes.
        chosen = fact_days[_bisect_right(fact_days, first) : _bisect_left(fact_days, stop)]
        chosen += self._annual_days(eif, last)
        edges += [d for d, _applies in facts.declared if start < d <= last]
        sampled = {d for d in chosen if first < d < stop and facts.applies_on(d)}
        sampled.add(start)
        sampled.update(edges)
        return [(d, self._on(on_day, d)) for d in sorted(sampled)]

    def _annual_days(self, eif: date, last: date) -> list[date]:
        """Each year adds its deadline on 1 January; each year's own changes are known from its steps."""
        found: list[date] = []
        for year in range(eif.year, last.year):
            found.append(new_year(year + 1))
            found += self._year(year).days[1:]
        return found

    def _fact_days(self) -> list[date]:
        """Each date of the facts the engine compares with the day as `date <= day`, and the day after each it
        compares as `date < day`, in order (a day may be named twice). Declarations, requests and decisions are
        known from their day; a deadline a decision sets is overdue the day after it. A completion or decision
        the sources date only roughly may have happened by a day after a declaration, request or decision
        (`_may_have_happened`): those dated before it bound it from the day after."""
        facts = self.facts
        if self.rule.delay is None and self.rule.annual_due is None and not self.rule.applies_if:
            # No deadline: only its completion is shown.
            return sorted([c.on.day for c in facts.completions])
        # Appended to one list, sorted once: fewer objects than a set per kind of fact.
        on: list[date] = [d for d, _applies in facts.declared]
        for r in facts.requests:
            on.append(r.requested_on)
        for e in facts.extensions:
            on.append(e.granted_on)
        days = on.copy()
        last_rough = FIRST_DAY  # the latest day of a roughly dated fact
        for c in facts.completions:
            when = c.on
            days.append(when.day)
            if when.precision is not Precision.DAY:
                earliest = when.earliest
                if earliest < when.day:
                    days.append(earliest)
                    last_rough = when.day if when.day > last_rough else last_rough
        for e in facts.extensions:
            if granted_roughly(e):
                earliest = e.granted.earliest
                if earliest < e.granted_on:
                    days.append(earliest)
                    last_rough = e.granted_on if e.granted_on > last_rough else last_rough
            if e.new_deadline < LAST_DAY:
                days.append(e.new_deadline + ONE_DAY)
        if last_rough > FIRST_DAY:
            for d in on:
                if d < last_rough:
                    days.append(d + ONE_DAY)  # `d < last_rough` holds, so d is before the last day
        days.sort()
        return days
