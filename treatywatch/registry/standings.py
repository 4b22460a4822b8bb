"""Derived views of the register: where each State stands, counts, the parties over time.

Facts are read once per treaty and record version and handed to the pure engine in `treatywatch.core`,
which turns them into timelines: any date is then a lookup, not a recompute. Results are kept in
memory under the treaty's record version, so an edit is seen at once.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import connection
from django.utils.translation import gettext

from treatywatch.core.memory import collector_paused
from treatywatch.core.status import Counts, Instrument, Standing, StateRecord
from treatywatch.core.timeline import StatusTimeline
from treatywatch.lib.caching import memo
from treatywatch.lib.dates import EARLIEST_AS_OF, latest_as_of
from treatywatch.lib.errors import BadParameter
from treatywatch.lib.intervals import ChangeDays
from treatywatch.registry.currency import check_change_days
from treatywatch.registry.labels import FILTER_LABELS
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


def record_of(state: State, facts: list[DepositaryFact]) -> StateRecord:
    """A State's record, keyed by its ISO3 code (the code rules name in `required_states`)."""
    return state_record(state.iso3, facts, ended_on=state.ended_on, succeeded_on=state.succeeded_on)


def in_effect_by(fact: DepositaryFact, state: State, day: date) -> bool:
    """`FactQuerySet.in_effect_by` for a fact in memory: dated up to `day`, or a succession dating back to it."""
    dates_back = (
        fact.kind == FactKind.DEPOSIT
        and fact.instrument == Instrument.SUCCESSION
        and state.succeeded_on is not None
        and state.succeeded_on <= day
    )
    return fact.date <= day or dates_back


@dataclass(frozen=True)
class TreatyRecord:
    """A treaty's register read once per record version: every State (by name), its published facts (in the
    order they happened) and every standing over time, so any date is answered by lookup."""

    states: tuple[State, ...]
    facts: dict[int, tuple[DepositaryFact, ...]]
    timeline: StatusTimeline
    imported: bool
    # Answers built from this record, kept with it (see `registry.presenters.standing_answers`).
    answers: dict[tuple[object, ...], Any] = field(default_factory=dict, compare=False, repr=False)


def _read_record(treaty: Treaty) -> TreatyRecord:
    facts: dict[int, list[DepositaryFact]] = defaultdict(list)
    published = DepositaryFact.objects.published().for_treaty(treaty).select_related("state", "source")
    for fact in published.order_by("state__name", "date", "pk"):
        facts[fact.state_id].append(fact)
    # Every State, so those that never signed show up as "not signed" and a former State's deposit still
    # counts toward the treaty's entry into force after it ended (the timeline leaves it out from then).
    states = tuple(State.objects.order_by("name"))
    records = [record_of(s, facts.get(s.pk, [])) for s in states]
    with collector_paused():
        timeline = StatusTimeline.build(records, treaty.rules)
    return TreatyRecord(states, {k: tuple(v) for k, v in facts.items()}, timeline, bool(facts))


def treaty_record(treaty: Treaty) -> TreatyRecord:
    key = ("record", treaty.pk, treaty.record_version)
    found: TreatyRecord = memo.get_or_compute(key, lambda: _read_record(treaty))
    return found


def _compute(treaty: Treaty, day: date) -> TreatyView:
    record = treaty_record(treaty)
    result = record.timeline.at(day)
    existing = [s for s in record.states if s.ended_on is None or day < s.ended_on]
    rows = []
    for state, state_standing in zip(existing, result.standings, strict=True):
        own = tuple(f for f in record.facts.get(state.pk, ()) if in_effect_by(f, state, day))
        provisional = next((f.date for f in own if f.kind == FactKind.PROVISIONAL_APPLICATION), None)
        rows.append(StateRow(state, state_standing, provisional, own))
    counts = record.timeline.counts.at(day)
    return TreatyView(treaty, day, result.entry_into_force_on, counts, tuple(rows), record.imported)


def _change_days(treaty: Treaty) -> ChangeDays:
    record = treaty_record(treaty)
    timeline = record.timeline
    days: set[date] = set(timeline.counts.days) | set(timeline.chart_days)
    for steps in timeline.standings:
        days.update(steps.days)
    # A fact is listed from its day (and a succession from the State's), a State from before its end.
    days.update(f.date for facts in record.facts.values() for f in facts)
    days.update(d for s in record.states for d in (s.ended_on, s.succeeded_on) if d is not None)
    days.update(check_change_days(treaty))
    # Before the treaty's first day the pages say it did not exist yet (registry/existence.py).
    days.update(d for d in (treaty.adopted_on, treaty.opened_for_signature_on) if d is not None)
    # The yearly counts add a year on 1 January.
    last = latest_as_of()
    days.update(date(year, 1, 1) for year in range(EARLIEST_AS_OF.year, last.year + 1))
    return ChangeDays(tuple(sorted(days)), last)


def state_change_days(treaty: Treaty, state: State) -> set[date]:
    """The days on which a State's row in a treaty's list can change: its standing, its facts, its end."""
    record = treaty_record(treaty)
    days = {d for d in (state.ended_on, state.succeeded_on, record.timeline.treaty.threshold_day) if d}
    days.update(check_change_days(treaty))
    # Before the treaty's first day the State's page says the treaty did not exist yet.
    days.update(d for d in (treaty.adopted_on, treaty.opened_for_signature_on) if d is not None)
    for candidate, steps in zip(record.states, record.timeline.standings, strict=True):
        if candidate.pk == state.pk:
            days.update(steps.days)
    days.update(f.date for f in record.facts.get(state.pk, ()))
    return days


def change_days(treaty: Treaty) -> ChangeDays:
    """The days on which anything a treaty's States list shows can change (see `lib.intervals`)."""
    key = ("change-days", treaty.pk, treaty.record_version, latest_as_of())
    found: ChangeDays = memo.get_or_compute(key, lambda: _change_days(treaty))
    return found


def register_version() -> tuple[tuple[int, int], ...]:
    """Changes whenever any treaty's record does: the cached pages' key (see `lib.caching`), read on every
    request for a stored answer, so in plain SQL on the driver's own cursor (the query compiler took five times
    the query's own time, Django's cursor wrapper as long again)."""
    connection.ensure_connection()
    cursor = connection.connection.cursor()
    try:
        cursor.execute(_REGISTER_VERSION_SQL % connection.ops.quote_name(Treaty._meta.db_table))
        return tuple((pk, version) for pk, version in cursor.fetchall())
    finally:
        cursor.close()


_REGISTER_VERSION_SQL = "SELECT id, record_version FROM %s ORDER BY id"


def treaty_view(treaty: Treaty, day: date) -> TreatyView:
    key = ("view", treaty.pk, treaty.record_version, day)
    view: TreatyView = memo.get_or_compute(key, lambda: _compute(treaty, day))
    return view


def parties_over_time(treaty: Treaty, day: date) -> list[tuple[date, Counts]]:
    return treaty_record(treaty).timeline.counts_over_time(day)


# The statuses a list can be filtered by, in the filters' order: the register's statuses, `in_force` for the
# parties it binds, and the groups the counts name: `signed` (every signatory, as the "Signatories" count) and
# `not_party` (every State not bound by an instrument: never signed, signed only, or withdrawn).
STATUS_FILTERS = tuple(FILTER_LABELS)


def matches_status(row: StateRow, wanted: str) -> bool:
    """`party` means an instrument is deposited (as the depositary counts); `in_force` adds entry into force."""
    standing = row.standing
    if wanted == "party":
        return standing.is_party
    if wanted == "not_party":
        return not standing.is_party
    if wanted == "in_force":
        return standing.in_force
    if wanted == "signed":
        return standing.is_signatory
    return standing.status.value == wanted


def parse_statuses(values: Sequence[str]) -> tuple[str, ...]:
    """The statuses asked for (a repeated `status` parameter), checked: empty values are left out."""
    wanted = tuple(dict.fromkeys(v for v in values if v))
    for value in wanted:
        if value not in STATUS_FILTERS:
            raise BadParameter(
                gettext("status: %(value)r is not one of %(choices)s")
                % {"value": value, "choices": ", ".join(STATUS_FILTERS)}
            )
    return wanted


@dataclass(frozen=True)
class StateFilter:
    """A list of States as asked for: statuses (any of them), a region, a sort order."""

    statuses: tuple[str, ...] = ()
    region: str = ""
    sort: str = "name"

    def as_meta(self) -> dict[str, Any]:
        """As a download's metadata says it: several statuses joined by commas, as the API's answer."""
        return {"status": ",".join(self.statuses) or None, "region": self.region or None}


def filter_rows(rows: tuple[StateRow, ...], statuses: Sequence[str], region: str | None) -> list[StateRow]:
    """The rows in any of `statuses` (all rows when none is given) and in `region`."""
    return [
        r
        for r in rows
        if (not statuses or any(matches_status(r, s) for s in statuses)) and (not region or r.state.region == region)
    ]
