"""Dated obligations of States Parties: deadlines computed from rules, moved by recorded facts.

A treaty's obligation rules are data (its rules file). For one State and one obligation the
facts are: whether the State declared the obligation applies to it (holding stockpiles,
contaminated areas), extensions granted, a completion declared, reports submitted. Facts
dated after the day asked about are ignored, so any question can be asked "as of" a date.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any

from treatywatch.core.dates import add_months
from treatywatch.core.rules import Delay, RuleError


class DeadlineStatus(StrEnum):
    NOT_DUE = "not_due"  # the treaty is not yet in force for the State: the clock has not started
    DUE = "due"  # running, the deadline is ahead
    OVERDUE = "overdue"  # the deadline has passed without completion
    COMPLETED = "completed"
    NOT_APPLICABLE = "not_applicable"  # declared not to apply, or no longer a party
    NOT_DECLARED = "not_declared"  # applies only if the State declares so, and nothing is recorded
    NO_DEADLINE = "no_deadline"  # the treaty sets none (e.g. national implementation measures)


@dataclass(frozen=True)
class ObligationRule:
    """One dated obligation as the treaty's text sets it."""

    key: str
    title: str
    article: str
    delay: Delay | None = None  # counted from the State's entry into force
    annual_due: tuple[int, int] | None = None  # (month, day) of the year after the year covered
    applies_if: str = ""  # a declaration the obligation depends on, e.g. "stockpiles"
    max_extension_months: int | None = None

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any]) -> ObligationRule:
        where = f"obligation {data.get('key', '?')!r}"
        try:
            key, title, article = data["key"], data["title"], data["article"]
        except KeyError as missing:
            raise RuleError(f"{where}: missing key {missing}") from None
        delay = Delay.from_mapping(data["due"], f"{where}.due") if "due" in data else None
        annual = None
        if "annual_due" in data:
            month, day = data["annual_due"].get("month"), data["annual_due"].get("day")
            try:
                date(2000, month, day)
            except (TypeError, ValueError):
                raise RuleError(f"{where}.annual_due: give a real month and day") from None
            annual = (month, day)
        if delay and annual:
            raise RuleError(f"{where}: give either 'due' or 'annual_due', not both")
        extension = data.get("extension", {}).get("max_months")
        if extension is not None and (not isinstance(extension, int) or extension < 1):
            raise RuleError(f"{where}.extension.max_months must be a positive whole number")
        return cls(key, title, article, delay, annual, data.get("applies_if", ""), extension)


@dataclass(frozen=True)
class Extension:
    granted_on: date
    new_deadline: date
    decided_by: str = ""


@dataclass(frozen=True)
class ObligationFacts:
    """What is recorded about one State and one obligation."""

    declared: tuple[tuple[date, bool], ...] = ()  # (day, applies) declarations, any order
    extensions: tuple[Extension, ...] = ()
    completed_on: date | None = None
    reports: Mapping[int, date] = field(default_factory=dict)  # year covered -> day submitted
    # The source dates the completion only to a month, a year or "on or before": it may not be late.
    completion_approximate: bool = False

    def as_of(self, day: date) -> ObligationFacts:
        return ObligationFacts(
            declared=tuple(d for d in self.declared if d[0] <= day),
            extensions=tuple(e for e in self.extensions if e.granted_on <= day),
            completed_on=self.completed_on if self.completed_on and self.completed_on <= day else None,
            reports={year: sent for year, sent in self.reports.items() if sent <= day},
            completion_approximate=self.completion_approximate,
        )

    def applies(self) -> bool | None:
        """The latest declaration (the last given, among those of one day), or None when none is recorded."""
        return sorted(self.declared, key=lambda d: d[0])[-1][1] if self.declared else None


@dataclass(frozen=True)
class Deadline:
    obligation: str
    period: int | None  # the calendar year covered, for annual obligations
    original: date | None
    current: date | None
    status: DeadlineStatus
    completed_on: date | None = None
    extensions: tuple[Extension, ...] = ()
    completion_approximate: bool = False

    @property
    def completed_late(self) -> bool:
        """Only an exactly dated completion can be said to be late."""
        if self.completion_approximate:
            return False
        return bool(self.completed_on and self.current and self.completed_on > self.current)


class ExtensionError(ValueError):
    pass


def check_extension(rule: ObligationRule, current: date, new_deadline: date) -> None:
    """An extension moves a deadline later, by no more than the treaty allows."""
    if new_deadline <= current:
        raise ExtensionError(f"an extension must move the deadline later than {current} (got {new_deadline})")
    if rule.max_extension_months is not None:
        limit = add_months(current, rule.max_extension_months)
        if new_deadline > limit:
            raise ExtensionError(
                f"{rule.article} allows extensions of up to {rule.max_extension_months} months: "
                f"from {current} at most to {limit} (got {new_deadline})"
            )


def _status(deadline: date | None, done: date | None, day: date) -> DeadlineStatus:
    if done is not None:
        return DeadlineStatus.COMPLETED
    if deadline is None:
        return DeadlineStatus.NO_DEADLINE
    return DeadlineStatus.OVERDUE if deadline < day else DeadlineStatus.DUE


def deadlines(
    rule: ObligationRule,
    entry_into_force: date | None,
    no_longer_party_on: date | None,
    facts: ObligationFacts,
    day: date,
) -> list[Deadline]:
    """The State's deadlines under one obligation, as they stood on `day`."""
    known = facts.as_of(day)
    if entry_into_force is None:
        return []
    if entry_into_force > day:
        return [Deadline(rule.key, None, _original(rule, entry_into_force), None, DeadlineStatus.NOT_DUE)]
    if no_longer_party_on is not None and no_longer_party_on <= day:
        return [Deadline(rule.key, None, _original(rule, entry_into_force), None, DeadlineStatus.NOT_APPLICABLE)]
    if rule.applies_if:
        applies = known.applies()
        if applies is None or not applies:
            status = DeadlineStatus.NOT_DECLARED if applies is None else DeadlineStatus.NOT_APPLICABLE
            return [Deadline(rule.key, None, _original(rule, entry_into_force), None, status)]
    if rule.annual_due is not None:
        month, due_day = rule.annual_due
        result = []
        for year in range(entry_into_force.year, day.year):
            due = date(year + 1, month, due_day)
            sent = known.reports.get(year)
            result.append(Deadline(rule.key, year, due, due, _status(due, sent, day), sent))
        return result
    original = _original(rule, entry_into_force)
    current = original
    for extension in sorted(known.extensions, key=lambda e: e.granted_on):
        current = max(current, extension.new_deadline) if current else extension.new_deadline
    done = known.completed_on
    if rule.delay is None and not rule.applies_if:
        return [Deadline(rule.key, None, None, None, DeadlineStatus.NO_DEADLINE, done)]
    status = _status(current, done, day)
    return [Deadline(rule.key, None, original, current, status, done, known.extensions, known.completion_approximate)]


def _original(rule: ObligationRule, entry_into_force: date) -> date | None:
    return rule.delay.after(entry_into_force) if rule.delay else None


def rules_from_list(items: Sequence[Mapping[str, Any]]) -> tuple[ObligationRule, ...]:
    rules = tuple(ObligationRule.from_mapping(item) for item in items)
    keys = [r.key for r in rules]
    if len(set(keys)) != len(keys):
        raise RuleError(f"obligation keys must be unique (got {keys})")
    return rules
