"""Derived views of the register: where each State stands, counts, the parties over time.

Facts are read once per treaty and handed to the pure engine in `treatywatch.core`.
Results are kept in memory under the treaty's record version, so an edit is seen at once.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from treatywatch.core.status import Counts, Standing, StateRecord, counts_over_time, treaty_state
from treatywatch.lib.caching import memo
from treatywatch.registry.labels import STATUS_LABELS
from treatywatch.registry.models import DepositaryFact, FactKind, State, Treaty
from treatywatch.registry.records import state_record


@dataclass(frozen=True)
class StateRow:
    """One State's line in a treaty's list."""

    state: State
    standing: Standing
    provisional_application_on: date | None
    facts: tuple[DepositaryFact, ...] = field(default=())


@dataclass(frozen=True)
class TreatyView:
    treaty: Treaty
    day: date
    entry_into_force_on: date | None
    counts: Counts
    rows: tuple[StateRow, ...]
    # False while no depositary record has been imported: statuses would then mean nothing.
    record_imported: bool


def _published_facts(treaty: Treaty, day: date) -> list[DepositaryFact]:
    return list(
        DepositaryFact.objects.published()
        .for_treaty(treaty)
        .in_effect_by(day)
        .select_related("state", "source")
        .order_by("state__name", "date", "pk")
    )


def record_of(state: State, facts: list[DepositaryFact]) -> StateRecord:
    """A State's record, keyed by its ISO3 code (the code rules name in `required_states`)."""
    return state_record(state.iso3, facts, ended_on=state.ended_on, succeeded_on=state.succeeded_on)


def records_from_facts(facts: list[DepositaryFact]) -> dict[int, StateRecord]:
    grouped: dict[int, list[DepositaryFact]] = defaultdict(list)
    for fact in facts:
        grouped[fact.state_id].append(fact)
    return {state_id: record_of(own[0].state, own) for state_id, own in grouped.items()}


def _compute(treaty: Treaty, day: date) -> TreatyView:
    facts = _published_facts(treaty, day)
    records = records_from_facts(facts)
    by_state: dict[int, list[DepositaryFact]] = defaultdict(list)
    for fact in facts:
        by_state[fact.state_id].append(fact)
    # Every State that exists on the day is listed, so those that never signed show up as "not signed".
    states = list(State.objects.existing_on(day).order_by("name"))
    # A former State's deposit still counts toward the treaty's entry into force after it ended.
    former = [r for state_id, r in records.items() if state_id not in {s.pk for s in states}]
    ordered_records = [records.get(s.pk) or record_of(s, []) for s in states]
    result = treaty_state([*ordered_records, *former], treaty.rules, day)
    rows = []
    for state, state_standing in zip(states, result.standings, strict=True):
        own = tuple(by_state.get(state.pk, ()))
        provisional = next((f.date for f in own if f.kind == FactKind.PROVISIONAL_APPLICATION), None)
        rows.append(StateRow(state, state_standing, provisional, own))
    imported = DepositaryFact.objects.published().for_treaty(treaty).exists()
    return TreatyView(treaty, day, result.entry_into_force_on, result.counts, tuple(rows), imported)


def register_version() -> tuple[tuple[int, int], ...]:
    """Changes whenever any treaty's record does: the cached pages' key (see `lib.caching`)."""
    return tuple(Treaty.objects.order_by("pk").values_list("pk", "record_version"))


def treaty_view(treaty: Treaty, day: date) -> TreatyView:
    key = ("view", treaty.pk, treaty.record_version, day)
    view: TreatyView = memo.get_or_compute(key, lambda: _compute(treaty, day))
    return view


def parties_over_time(treaty: Treaty, day: date) -> list[tuple[date, Counts]]:
    def compute() -> list[tuple[date, Counts]]:
        records = list(records_from_facts(_published_facts(treaty, day)).values())
        return counts_over_time(records, treaty.rules, day)

    key = ("timeline", treaty.pk, treaty.record_version, day)
    timeline: list[tuple[date, Counts]] = memo.get_or_compute(key, compute)
    return timeline


# The statuses a list can be filtered by: the register's statuses, with `in_force` for parties it binds.
STATUS_FILTERS = tuple(STATUS_LABELS)


def matches_status(row: StateRow, wanted: str) -> bool:
    """`party` means an instrument is deposited (as the depositary counts); `in_force` adds entry into force."""
    if wanted == "party":
        return row.standing.is_party
    if wanted == "in_force":
        return row.standing.in_force
    return row.standing.status.value == wanted


def filter_rows(rows: tuple[StateRow, ...], status: str | None, region: str | None) -> list[StateRow]:
    return [r for r in rows if (not status or matches_status(r, status)) and (not region or r.state.region == region)]
