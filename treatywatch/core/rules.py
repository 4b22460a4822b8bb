"""Treaty rules as data: entry into force and withdrawal.

A treaty's rules are plain values read from its definition file; the functions here
turn them into dates. Nothing about a particular treaty is written in code.
"""

from __future__ import annotations

import re
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


class Instrument(StrEnum):
    """The kinds of instrument by which a State becomes a party (UNTC's suffixes)."""

    RATIFICATION = "ratification"
    ACCEPTANCE = "acceptance"
    APPROVAL = "approval"
    ACCESSION = "accession"
    SUCCESSION = "succession"
    # A CCW protocol: "notify the Depositary of its consent to be bound" (CCW Art. 4(3) and (4)).
    CONSENT_TO_BE_BOUND = "consent_to_be_bound"


class LaterDeposits(StrEnum):
    """Which deposits wait for their own delay instead of sharing the treaty's entry into force."""

    # CCM Art. 17(2): "deposits its instrument ... after the date of the deposit of the thirtieth".
    AFTER_THRESHOLD = "after_threshold"
    # CWC Art. XXI(2), ATT Art. 22(2): "deposited subsequent to the entry into force".
    AFTER_ENTRY_INTO_FORCE = "after_entry_into_force"


ENTRY_INTO_FORCE_KEYS = frozenset(
    {
        "instruments_required",
        "treaty_delay",
        "state_delay",
        "article",
        "later_deposits",
        "not_before",
        "required_states",
        "counting_instruments",
    }
)
_ISO3 = re.compile(r"^[A-Z]{3}$")


@dataclass(frozen=True)
class TreatyRules:
    """What a treaty's final clauses say about entry into force and withdrawal."""

    instruments_for_entry_into_force: int
    entry_into_force_delay: Delay
    state_entry_into_force_delay: Delay
    # None when the treaty has no withdrawal clause (ENMOD: "of unlimited duration", Art. VII).
    withdrawal_delay: Delay | None
    later_deposits: LaterDeposits = LaterDeposits.AFTER_THRESHOLD
    # "In no case earlier than ...": the treaty never enters into force before this day.
    not_before: date | None = None
    # States (ISO3) whose instruments are all needed, whatever the number deposited (CTBT Annex 2).
    required_states: frozenset[str] = frozenset()
    # The kinds of instrument that count toward the threshold and for the required States.
    counting_instruments: frozenset[Instrument] = frozenset(Instrument)

    def __post_init__(self) -> None:
        if self.instruments_for_entry_into_force < 1 and not self.required_states:
            raise RuleError("the number of instruments needed for entry into force must be at least 1")
        if self.instruments_for_entry_into_force < 0:
            raise RuleError("the number of instruments needed for entry into force cannot be negative")
        if not self.counting_instruments:
            raise RuleError("at least one kind of instrument must count toward entry into force")

    def withdrawal_effective_on(self, notified_on: date) -> date | None:
        """When a withdrawal notified on `notified_on` takes effect (None: the treaty has no withdrawal clause)."""
        return self.withdrawal_delay.after(notified_on) if self.withdrawal_delay else None

    def counts_toward_entry_into_force(self, instrument: Instrument | None) -> bool:
        return instrument is not None and instrument in self.counting_instruments

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any], opened_for_signature_on: date | None = None) -> TreatyRules:
        """Read the `rules` table of a rules file; `opened_for_signature_on` anchors a `not_before` floor."""
        try:
            eif = data["entry_into_force"]
        except KeyError as missing:
            raise RuleError(f"rules: missing key {missing}") from None
        # No [rules.withdrawal] table: the treaty has no withdrawal clause.
        withdrawal = data.get("withdrawal")
        unknown = sorted(set(eif) - ENTRY_INTO_FORCE_KEYS)
        if unknown:
            known = ", ".join(sorted(ENTRY_INTO_FORCE_KEYS))
            raise RuleError(f"entry_into_force: unknown key(s) {', '.join(unknown)} (known: {known})")
        required_states = _required_states(eif)
        if "instruments_required" not in eif and not required_states:
            raise RuleError("rules: missing key 'instruments_required' (or give required_states)")
        required = eif.get("instruments_required", 0)
        if not isinstance(required, int) or isinstance(required, bool):
            raise RuleError("rules: entry_into_force.instruments_required must be a whole number")
        treaty_delay = Delay.from_mapping(eif.get("treaty_delay", {}), "entry_into_force.treaty_delay")
        state_delay = Delay.from_mapping(eif.get("state_delay", {}), "entry_into_force.state_delay")
        withdrawal_delay = None
        if withdrawal is not None:
            withdrawal_delay = Delay.from_mapping(withdrawal.get("delay", {}), "withdrawal.delay")
        return cls(
            instruments_for_entry_into_force=required,
            entry_into_force_delay=treaty_delay,
            state_entry_into_force_delay=state_delay,
            withdrawal_delay=withdrawal_delay,
            later_deposits=_later_deposits(eif),
            not_before=_not_before(eif, opened_for_signature_on),
            required_states=required_states,
            counting_instruments=_counting_instruments(eif),
        )


def _later_deposits(eif: Mapping[str, Any]) -> LaterDeposits:
    value = eif.get("later_deposits", LaterDeposits.AFTER_THRESHOLD.value)
    try:
        return LaterDeposits(value)
    except ValueError:
        choices = ", ".join(k.value for k in LaterDeposits)
        raise RuleError(f"entry_into_force.later_deposits: {value!r} is not one of {choices}") from None


def _not_before(eif: Mapping[str, Any], opened_for_signature_on: date | None) -> date | None:
    floor = eif.get("not_before")
    if floor is None:
        return None
    where = "entry_into_force.not_before"
    if not isinstance(floor, Mapping) or set(floor) != {"months_after_opening"}:
        raise RuleError(f"{where}: write it as {{ months_after_opening = N }}")
    months = floor["months_after_opening"]
    if not isinstance(months, int) or isinstance(months, bool) or months < 0:
        raise RuleError(f"{where}: months_after_opening must be a whole number, 0 or more")
    if opened_for_signature_on is None:
        raise RuleError(f"{where} counts from the opening for signature: the rules file needs opened_for_signature_on")
    if not isinstance(opened_for_signature_on, date):
        raise RuleError(f"opened_for_signature_on must be a TOML date without quotes (got {opened_for_signature_on!r})")
    return add_months(opened_for_signature_on, months)


def _required_states(eif: Mapping[str, Any]) -> frozenset[str]:
    value = eif.get("required_states", [])
    where = "entry_into_force.required_states"
    if not isinstance(value, list):
        raise RuleError(f'{where} must be a list of ISO 3166 alpha-3 codes, such as ["USA", "CHN"]')
    wrong = [code for code in value if not isinstance(code, str) or not _ISO3.match(code)]
    if wrong:
        raise RuleError(f"{where}: {', '.join(map(repr, wrong))} not an ISO 3166 alpha-3 code (three capital letters)")
    duplicates = sorted({code for code in value if value.count(code) > 1})
    if duplicates:
        raise RuleError(f"{where}: {', '.join(duplicates)} listed twice")
    return frozenset(value)


def _counting_instruments(eif: Mapping[str, Any]) -> frozenset[Instrument]:
    value = eif.get("counting_instruments")
    if value is None:
        return frozenset(Instrument)
    where = "entry_into_force.counting_instruments"
    choices = ", ".join(i.value for i in Instrument)
    if not isinstance(value, list) or not value:
        raise RuleError(f"{where} must be a non-empty list of instrument kinds ({choices})")
    unknown = [kind for kind in value if kind not in Instrument.__members__.values()]
    if unknown:
        raise RuleError(f"{where}: {', '.join(map(repr, unknown))} is not a kind of instrument (use {choices})")
    return frozenset(Instrument(kind) for kind in value)
