"""Every State Party's deadlines under a treaty on a day: facts from the database, rules from the
treaty's file, dates from the status engine, turned once per record version into timelines that answer
any date by lookup, and kept in memory under that version."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import chain

from django.utils import timezone

from treatywatch.core.approximate import ApproximateDate, Precision
from treatywatch.core.memory import collector_paused
from treatywatch.core.obligations import (
    Completion,
    Deadline,
    Extension,
    ObligationFacts,
    ObligationRule,
    Request,
)
from treatywatch.core.timeline import DeadlineTimeline, standing_periods
from treatywatch.lib.caching import memo
from treatywatch.lib.dates import latest_as_of
from treatywatch.lib.intervals import ChangeDays
from treatywatch.obligations.models import ObligationFact, ObligationFactKind
from treatywatch.obligations.rules import obligation_rules
from treatywatch.registry.models import Source, State, Treaty
from treatywatch.registry.standings import StateRow, TreatyRecord, treaty_record, treaty_view
from treatywatch.registry.standings import change_days as registry_change_days
from treatywatch.registry.standings import state_change_days as registry_state_change_days


@dataclass(frozen=True)
class StateDeadline:
    state: State
    rule: ObligationRule
    deadline: Deadline
    # Those known on the day asked about that bear on this run of the obligation, in the order they happened.
    facts: tuple[ObligationFact, ...]

    @property
    def extension_pending(self) -> bool:
        return self.deadline.extension_pending


class ShowsStateDeadline:
    """What a view of one `StateDeadline` (a row of a list, an announced deadline) reads from it."""

    item: StateDeadline

    @property
    def state(self) -> State:
        return self.item.state

    @property
    def rule(self) -> ObligationRule:
        return self.item.rule

    @property
    def deadline(self) -> Deadline:
        return self.item.deadline


def distinct_sources(facts: Iterable[ObligationFact]) -> list[Source]:
    """Each fact's source once, in the facts' order."""
    seen: dict[int, Source] = {}
    for fact in facts:
        seen.setdefault(fact.source.pk, fact.source)
    return list(seen.values())


def facts_by_state_and_obligation(treaty: Treaty) -> dict[tuple[int, str], list[ObligationFact]]:
    grouped: dict[tuple[int, str], list[ObligationFact]] = defaultdict(list)
    for fact in ObligationFact.objects.published().filter(treaty=treaty).select_related("source"):
        grouped[(fact.state_id, fact.obligation)].append(fact)
    return grouped


def record_ends_on(grouped: dict[tuple[int, str], list[ObligationFact]]) -> date | None:
    """The last day the treaty's obligation record speaks of: its latest fact, or the latest day one of its
    sources was read. A deadline that passed after it cannot be known to be missed."""
    days = [day for facts in grouped.values() for f in facts for day in (f.date, f.source.retrieved_on) if day]
    return max(days, default=None)


def fact_date(fact: ObligationFact) -> ApproximateDate | None:
    return ApproximateDate(fact.date, Precision(fact.date_precision)) if fact.date else None


def obligation_facts(facts: Iterable[ObligationFact]) -> ObligationFacts:
    declared, extensions, requests, completions = [], [], [], []
    reports: dict[int, ApproximateDate] = {}
    for fact in facts:
        when = fact_date(fact)
        citation = fact.source.citation
        if fact.kind == ObligationFactKind.DECLARATION and fact.applies is not None:
            declared.append((fact.date or date.min, fact.applies))
        elif fact.kind == ObligationFactKind.EXTENSION_GRANTED and fact.date and fact.new_deadline:
            extensions.append(
                Extension(
                    fact.date,
                    fact.new_deadline,
                    fact.decided_by,
                    citation,
                    Precision(fact.date_precision),
                    Precision(fact.new_deadline_precision),
                )
            )
        elif fact.kind == ObligationFactKind.EXTENSION_REQUESTED and fact.date:
            requests.append(Request(fact.date, fact.new_deadline))
        elif fact.kind in (ObligationFactKind.COMPLETION, ObligationFactKind.REPORT) and when:
            # A report names the year it covers (annual deadlines read `reports`), and it also completes a
            # one-off report obligation such as the initial report (those read `completions`).
            if fact.kind == ObligationFactKind.REPORT and fact.period:
                reports[fact.period] = when
            completions.append(Completion(when, citation))
    return ObligationFacts(tuple(declared), tuple(extensions), tuple(requests), tuple(completions), reports)


def _within(fact: ObligationFact, deadline: Deadline) -> bool:
    """Whether the fact belongs to this run of the obligation (each reopening starts a new one)."""
    start, end = deadline.reopened_on, deadline.next_reopened_on
    if fact.date is None:  # a declaration about the day of entry into force
        return start is None
    return (start is None or fact.date >= start) and (end is None or fact.date < end)


@dataclass(frozen=True)
class _Obligation:
    """One State's deadlines under one obligation over time, and every fact behind them in the order they
    happened (a declaration about the day of entry into force, which has no date, first)."""

    rule: ObligationRule
    timeline: DeadlineTimeline
    facts: tuple[ObligationFact, ...]


def _build_timelines(
    rules: dict[str, ObligationRule],
    grouped: dict[tuple[int, str], list[ObligationFact]],
    record: TreatyRecord,
    until: date,
) -> dict[int, tuple[_Obligation, ...]]:
    """Per State that ever deposited an instrument, its obligations' timelines (read once per record version)."""
    ends_on = record_ends_on(grouped)
    found = {}
    for state, standings in zip(record.states, record.timeline.standings, strict=True):
        if not any(s is not None and s.deposited_on is not None for s in standings.values):
            continue
        obligations = []
        periods = standing_periods(standings)
        for rule in rules.values():
            every = sorted(grouped.get((state.pk, rule.key), []), key=lambda f: (f.date or date.min, f.pk))
            # The engine reads the facts known on the day asked about, and a roughly dated later one that may
            # have happened by then: the timeline is built from every fact.
            timeline = DeadlineTimeline.build(rule, standings, obligation_facts(every), ends_on, until, periods)
            obligations.append(_Obligation(rule, timeline, tuple(every)))
        found[state.pk] = tuple(obligations)
    return found


def _built_timelines(treaty: Treaty) -> dict[int, tuple[_Obligation, ...]]:
    # The database is read before the collector is paused: what the queries leave for it to free (the ORM's
    # compiler makes a few reference cycles) is then freed as usual, never kept with the timelines.
    rules, grouped, record = obligation_rules(treaty), facts_by_state_and_obligation(treaty), treaty_record(treaty)
    # Annual deadlines are looked up to the end of next year; a later `as_of` assembles them year by year.
    until = date(timezone.localdate().year + 2, 1, 1)
    with collector_paused():
        return _build_timelines(rules, grouped, record, until)


def _timelines(treaty: Treaty) -> dict[int, tuple[_Obligation, ...]]:
    key = ("deadline-timelines", treaty.pk, treaty.record_version)
    found: dict[int, tuple[_Obligation, ...]] = memo.get_or_compute(key, lambda: _built_timelines(treaty))
    return found


def _with_obligations(days: set[date], valid_until: date, obligations: Iterable[_Obligation]) -> ChangeDays:
    """`days` with the days the obligations' deadlines and facts can change on."""
    for obligation in obligations:
        days.update(obligation.timeline.days)
        days.update(f.date for f in obligation.facts if f.date is not None)
        # Past the end of its lookup, a timeline works each day out: those days are answered one by one.
        valid_until = min(valid_until, obligation.timeline.until - timedelta(days=1))
    return ChangeDays(tuple(sorted(days)), valid_until)


def _change_days(treaty: Treaty) -> ChangeDays:
    status = registry_change_days(treaty)
    return _with_obligations(set(status.days), status.valid_until, chain.from_iterable(_timelines(treaty).values()))


def change_days(treaty: Treaty) -> ChangeDays:
    """The days on which anything a treaty's States list or deadlines show can change (see `lib.intervals`)."""
    key = ("deadline-change-days", treaty.pk, treaty.record_version, timezone.localdate())
    found: ChangeDays = memo.get_or_compute(key, lambda: _change_days(treaty))
    return found


def _state_change_days(state: State, treaties: list[Treaty]) -> ChangeDays:
    days: set[date] = set().union(*(registry_state_change_days(t, state) for t in treaties))
    obligations = chain.from_iterable(_timelines(t).get(state.pk, ()) for t in treaties)
    return _with_obligations(days, latest_as_of(), obligations)


def state_change_days(state: State) -> ChangeDays:
    """The days on which anything a State's page shows under any treaty can change (see `lib.intervals`)."""
    treaties = list(Treaty.objects.order_by("pk"))
    key = ("state-change-days", state.pk, tuple((t.pk, t.record_version) for t in treaties), timezone.localdate())
    found: ChangeDays = memo.get_or_compute(key, lambda: _state_change_days(state, treaties))
    return found


def _row_deadlines(row: StateRow, timelines: dict[int, tuple[_Obligation, ...]], day: date) -> list[StateDeadline]:
    if row.standing.deposited_on is None:
        return []
    result = []
    for obligation in timelines.get(row.state.pk, ()):
        # The pages show only the facts known on `day`.
        own = [f for f in obligation.facts if f.date is None or f.date <= day]
        for deadline in obligation.timeline.at(day):
            facts = tuple(f for f in own if _within(f, deadline))
            result.append(StateDeadline(row.state, obligation.rule, deadline, facts))
    return result


def _compute(treaty: Treaty, day: date) -> tuple[StateDeadline, ...]:
    timelines = _timelines(treaty)
    return tuple(d for row in treaty_view(treaty, day).rows for d in _row_deadlines(row, timelines, day))


def treaty_deadlines(treaty: Treaty, day: date) -> tuple[StateDeadline, ...]:
    key = ("deadlines", treaty.pk, treaty.record_version, day)
    found: tuple[StateDeadline, ...] = memo.get_or_compute(key, lambda: _compute(treaty, day))
    return found


def state_deadlines(treaty: Treaty, state: State, day: date) -> list[StateDeadline]:
    """One State's deadlines on `day`: only its own row is worked out, not every State's (a profile page)."""
    timelines = _timelines(treaty)
    rows = treaty_view(treaty, day).rows
    return [d for row in rows if row.state.pk == state.pk for d in _row_deadlines(row, timelines, day)]
