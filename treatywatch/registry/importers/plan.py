"""What an import would change, worked out before anything is written.

Importers turn a file into `ParsedFact`s. `build_plan` compares them with the register, reading
only, and lists what would be added, corrected or left as it is (and which States would be
created), with every problem found (and where). `apply_plan` writes the plan in one transaction
through the action functions, or not at all.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db import transaction

from treatywatch.core.status import StateRecord
from treatywatch.registry.actions import (
    ActionError,
    Actor,
    FactInput,
    check_fact_alone,
    do_correct_fact,
    do_create_source,
    do_ensure_states,
    do_record_fact,
    do_rename_state,
    do_set_record_checked,
    new_state,
)
from treatywatch.registry.countries import HISTORICAL_STATES
from treatywatch.registry.importers.errors import ImportRefused
from treatywatch.registry.importers.limits import length_problem, max_length
from treatywatch.registry.models import STATUS_KINDS, DepositaryFact, FactKind, Source, State, Treaty
from treatywatch.registry.records import state_record

__all__ = ["Change", "ImportPlan", "ImportRefused", "ParsedFact", "SourceInput", "apply_plan", "build_plan"]


@dataclass(frozen=True)
class SourceInput:
    citation: str
    url: str = ""
    retrieved_on: date | None = None
    primary: bool = True


@dataclass(frozen=True)
class ParsedFact:
    iso3: str
    fact: FactInput
    location: str
    source: SourceInput


@dataclass
class Change:
    """A fact to add, or (with `existing`) a recorded fact to correct."""

    state: State
    fact: FactInput
    location: str
    source: SourceInput
    existing: DepositaryFact | None = None

    def describe(self) -> str:
        kind = FactKind(self.fact.kind).label
        detail = f"{self.fact.date}" + (f" ({self.fact.instrument})" if self.fact.instrument else "")
        if self.existing is None:
            return f"add {kind} of {self.state.name}: {detail} [{self.location}]"
        was = f"{self.existing.date}" + (f" ({self.existing.instrument})" if self.existing.instrument else "")
        return f"correct {kind} of {self.state.name}: {was} -> {detail} [{self.location}]"


@dataclass
class ImportPlan:
    treaty: Treaty
    changes: list[Change] = field(default_factory=list)
    unchanged: int = 0
    renames: dict[str, str] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    # States the file names that the register does not hold yet: created when the plan is applied.
    new_states: dict[str, State] = field(default_factory=dict)
    # The published status facts (signature, deposit, withdrawal) before the import, by State.
    status_before: dict[str, dict[str, FactInput]] = field(default_factory=dict)
    # Each State's end (a former State) and date of succession (a successor), which its record needs.
    state_dates: dict[str, tuple[date | None, date | None]] = field(default_factory=dict)
    # A depositary status page the whole record is checked against (see `registry.currency`).
    checked_against: SourceInput | None = None

    @property
    def moves_check_forward(self) -> bool:
        """The page is dated after the day the record was last checked up to (or none is known)."""
        given = self.checked_against
        if given is None or given.retrieved_on is None:
            return False
        current = self.treaty.record_checked_by
        return current is None or current.retrieved_on is None or given.retrieved_on > current.retrieved_on

    @property
    def is_noop(self) -> bool:
        return not self.changes and not self.renames and not self.new_states and not self.moves_check_forward

    def change_lines(self) -> list[str]:
        return [c.describe() for c in self.changes]

    def detail_lines(self) -> list[str]:
        created = []
        if self.new_states:
            codes = ", ".join(self.new_states)
            created.append(f"create {len(self.new_states)} State(s) from the country tables: {codes}")
        if self.moves_check_forward and self.checked_against is not None:
            created.append(
                f"record checked up to {self.checked_against.retrieved_on} ({self.checked_against.citation})"
            )
        return created + [f"rename {iso3} to {name!r}" for iso3, name in self.renames.items()]

    def apply(self, *, actor: Actor, reason: str) -> None:
        apply_plan(self, actor=actor, reason=reason)

    def planned_records(self) -> list[StateRecord]:
        """Every State's record as it would stand after the import, worked out in memory."""
        planned = {iso3: dict(kinds) for iso3, kinds in self.status_before.items()}
        for change in self.changes:
            # A correction keeps an unpublished fact unpublished: it does not count.
            if change.fact.kind in STATUS_KINDS and (change.existing is None or change.existing.published):
                planned.setdefault(change.state.iso3, {})[change.fact.kind] = change.fact
        return [
            state_record(iso3, kinds.values(), *self.state_dates.get(iso3, (None, None)))
            for iso3, kinds in planned.items()
        ]

    def summary(self) -> str:
        adds = sum(1 for c in self.changes if c.existing is None)
        corrections = len(self.changes) - adds
        created = f", {len(self.new_states)} State(s) to create" if self.new_states else ""
        return (
            f"{self.treaty.short_name}: {adds} to add, {corrections} to correct, "
            f"{self.unchanged} unchanged, {len(self.renames)} State names to update{created}"
        )


def _same(existing: DepositaryFact, fact: FactInput) -> bool:
    return (
        existing.date == fact.date
        and existing.instrument == fact.instrument
        and (not fact.depositary_notification or existing.depositary_notification == fact.depositary_notification)
        and (not fact.text or existing.text == fact.text)
    )


def build_plan(treaty: Treaty, parsed: list[ParsedFact], names: dict[str, str] | None = None) -> ImportPlan:
    """Compare parsed facts with the register, reading only; raise `ImportRefused` listing every problem."""
    states = {s.iso3: s for s in State.objects.all()}
    existing: dict[tuple[str, str], list[DepositaryFact]] = defaultdict(list)
    for fact in DepositaryFact.objects.for_treaty(treaty).select_related("state"):
        existing[(fact.state.iso3, fact.kind)].append(fact)

    plan = ImportPlan(treaty)
    plan.state_dates = {iso3: (s.ended_on, s.succeeded_on) for iso3, s in states.items()}
    for former in HISTORICAL_STATES:
        plan.state_dates.setdefault(former.iso3, (former.ended_on, None))
        for successor, succeeded_on in former.successors.items():
            plan.state_dates.setdefault(successor, (None, succeeded_on))
    for (iso3, kind), facts in existing.items():
        if kind in STATUS_KINDS and facts[0].published:
            plan.status_before.setdefault(iso3, {})[kind] = FactInput(kind, facts[0].date, facts[0].instrument)
    problems: list[str] = []
    final: dict[str, dict[str, FactInput]] = defaultdict(dict)
    locations: dict[str, str] = {}
    seen: dict[tuple[str, FactInput], str] = {}
    sources_checked: set[SourceInput] = set()
    for item in parsed:
        state = states.get(item.iso3) or _planned_state(plan, item.iso3)
        if state is None:
            problems.append(f"{item.location}: unknown State code {item.iso3!r}")
            continue
        if (item.iso3, item.fact) in seen:
            problems.append(f"{item.location}: repeats {seen[(item.iso3, item.fact)]}")
            continue
        seen[(item.iso3, item.fact)] = item.location
        too_long = _too_long(item.fact, item.source if item.source not in sources_checked else None)
        sources_checked.add(item.source)
        if too_long:
            problems += [f"{item.location}: {p}" for p in too_long]
            continue
        try:
            check_fact_alone(treaty, item.fact)
        except ActionError as error:
            problems.append(f"{item.location}: {error}")
            continue
        locations.setdefault(item.iso3, item.location)
        current = existing.get((item.iso3, item.fact.kind), [])
        if item.fact.kind in STATUS_KINDS:
            if item.fact.kind in final[item.iso3]:
                problems.append(f"{item.location}: {state.name} has two {FactKind(item.fact.kind).label}s")
                continue
            final[item.iso3][item.fact.kind] = item.fact
            match = current[0] if current else None
            if match is not None and _same(match, item.fact):
                plan.unchanged += 1
            else:
                plan.changes.append(Change(state, item.fact, item.location, item.source, match))
        elif any(f.date == item.fact.date for f in current):
            plan.unchanged += 1
        else:
            plan.changes.append(Change(state, item.fact, item.location, item.source))

    # Check each State's facts together, as they would stand after the import.
    for iso3, kinds in final.items():
        kept = {f.kind: FactInput(f.kind, f.date, f.instrument) for f in _existing_status(existing, iso3)}
        kept.update(kinds)
        name = (states.get(iso3) or plan.new_states[iso3]).name
        problems.extend(f"{locations[iso3]}: {name}: {p}" for p in state_record(iso3, kept.values()).problems())

    name_limit = max_length(State, "name")
    for iso3, name in (names or {}).items():
        state = states.get(iso3) or plan.new_states.get(iso3)
        if state is not None and state.name != name:
            if problem := length_problem(name, name_limit):
                problems.append(f"{locations.get(iso3, iso3)}: the State's name is {problem}")
            else:
                plan.renames[iso3] = name
    if problems:
        raise ImportRefused(problems)
    return plan


def _planned_state(plan: ImportPlan, iso3: str) -> State | None:
    """A State the register lacks but the country tables hold: the plan creates it."""
    if iso3 not in plan.new_states and (state := new_state(iso3)) is not None:
        plan.new_states[iso3] = state
    return plan.new_states.get(iso3)


def _too_long(fact: FactInput, source: SourceInput | None) -> list[str]:
    """Values longer than the register keeps (the source is checked once, the first time it is met)."""
    notification_limit = max_length(DepositaryFact, "depositary_notification")
    values = [
        ("depositary notification", fact.depositary_notification, notification_limit),
        ("text", fact.text, max_length(DepositaryFact, "text")),
    ]
    if source is not None:
        values += [
            ("source citation", source.citation, max_length(Source, "citation")),
            ("source address", source.url, max_length(Source, "url")),
        ]
    return [f"the {label} is {problem}" for label, value, limit in values if (problem := length_problem(value, limit))]


def _existing_status(existing: dict[tuple[str, str], list[DepositaryFact]], iso3: str) -> list[DepositaryFact]:
    return [f for kind in STATUS_KINDS for f in existing.get((iso3, kind), [])]


def _status_order(change: Change) -> int:
    order = {FactKind.SIGNATURE: 0, FactKind.DEPOSIT: 1, FactKind.WITHDRAWAL: 2}
    return order.get(FactKind(change.fact.kind), 3)


def apply_plan(plan: ImportPlan, *, actor: Actor = None, reason: str) -> int:
    """Write the plan in one transaction; any refusal undoes everything."""
    sources: dict[SourceInput, Source] = {}

    def source_for(given: SourceInput) -> Source:
        if given not in sources:
            sources[given] = Source.objects.filter(citation=given.citation, url=given.url).first() or do_create_source(
                citation=given.citation,
                url=given.url,
                retrieved_on=given.retrieved_on,
                primary=given.primary,
                actor=actor,
            )
        return sources[given]

    with transaction.atomic():
        do_ensure_states(only=plan.new_states)
        states = {s.iso3: s for s in State.objects.filter(iso3__in={c.state.iso3 for c in plan.changes})}
        for iso3, name in plan.renames.items():
            do_rename_state(State.objects.get(iso3=iso3), name)
        # Corrections first, in an order that keeps every State's record possible at each step.
        for change in sorted(plan.changes, key=lambda c: (c.existing is None, _status_order(c))):
            try:
                if change.existing is None:
                    do_record_fact(
                        treaty=plan.treaty,
                        state=states[change.state.iso3],
                        fact=change.fact,
                        source=source_for(change.source),
                        actor=actor,
                        reason=reason,
                    )
                else:
                    do_correct_fact(
                        change.existing, fact=change.fact, source=source_for(change.source), actor=actor, reason=reason
                    )
            except ActionError as error:
                raise ImportRefused([f"{change.location}: {error}"]) from None
        if plan.moves_check_forward and plan.checked_against is not None:
            do_set_record_checked(plan.treaty, source_for(plan.checked_against), actor=actor, reason=reason)
    return len(plan.changes)
