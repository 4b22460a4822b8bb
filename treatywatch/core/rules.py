"""Treaty rules as data: entry into force and withdrawal.

A treaty's rules are plain values read from its definition file; the functions here
turn them into dates. Nothing about a particular treaty is written in code.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

from treatywatch.core.dates import add_days, add_months, first_day_of_month_after


class DelayKind(StrEnum):
    FIRST_DAY_OF_MONTH_AFTER = "first_day_of_month_after"
    MONTHS_AFTER = "months_after"
    DAYS_AFTER = "days_after"


class RuleError(ValueError):
    """A rule definition that cannot be used."""


@dataclass(frozen=True)
class Delay:
    """A period counted from an event: "90 days after", "first day of the sixth month after"."""

    kind: DelayKind
    amount: int

    def __post_init__(self) -> None:
        if self.amount < 0:
            raise RuleError(f"a delay cannot be negative (got {self.amount})")

    def after(self, day: date) -> date:
        if self.kind is DelayKind.FIRST_DAY_OF_MONTH_AFTER:
            return first_day_of_month_after(day, self.amount)
        if self.kind is DelayKind.MONTHS_AFTER:
            return add_months(day, self.amount)
        return add_days(day, self.amount)

    def describe(self) -> str:
        if self.kind is DelayKind.FIRST_DAY_OF_MONTH_AFTER:
            return f"first day of month {self.amount} after"
        unit = "months" if self.kind is DelayKind.MONTHS_AFTER else "days"
        return f"{self.amount} {unit} after"

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any], where: str) -> Delay:
        try:
            kind = DelayKind(data["kind"])
        except KeyError as missing:
            raise RuleError(f"{where}: missing key {missing}") from None
        except ValueError:
            choices = ", ".join(k.value for k in DelayKind)
            raise RuleError(f"{where}: unknown delay kind {data['kind']!r} (use one of {choices})") from None
        unit = "days" if kind is DelayKind.DAYS_AFTER else "months"
        amount = data.get(unit)
        if not isinstance(amount, int) or isinstance(amount, bool):
            raise RuleError(f"{where}: a {kind.value} delay needs a whole number of '{unit}'")
        return cls(kind, amount)


@dataclass(frozen=True)
class TreatyRules:
    """What a treaty's final clauses say about entry into force and withdrawal."""

    instruments_for_entry_into_force: int
    entry_into_force_delay: Delay
    state_entry_into_force_delay: Delay
    withdrawal_delay: Delay

    def __post_init__(self) -> None:
        if self.instruments_for_entry_into_force < 1:
            raise RuleError("the number of instruments needed for entry into force must be at least 1")

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any]) -> TreatyRules:
        try:
            eif = data["entry_into_force"]
            withdrawal = data["withdrawal"]
            required = eif["instruments_required"]
        except KeyError as missing:
            raise RuleError(f"rules: missing key {missing}") from None
        if not isinstance(required, int) or isinstance(required, bool):
            raise RuleError("rules: entry_into_force.instruments_required must be a whole number")
        treaty_delay = Delay.from_mapping(eif.get("treaty_delay", {}), "entry_into_force.treaty_delay")
        state_delay = Delay.from_mapping(eif.get("state_delay", {}), "entry_into_force.state_delay")
        return cls(
            instruments_for_entry_into_force=required,
            entry_into_force_delay=treaty_delay,
            state_entry_into_force_delay=state_delay,
            withdrawal_delay=Delay.from_mapping(withdrawal.get("delay", {}), "withdrawal.delay"),
        )
