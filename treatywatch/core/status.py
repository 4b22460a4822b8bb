"""A State's standing under a treaty on any date, and the treaty's counts.

Everything here is derived from depositary facts (signature, deposit of an instrument,
notification of withdrawal) and the treaty's rules. Facts dated after the day asked
about are ignored, so any question can be asked "as of" a past date.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Final, NamedTuple

from treatywatch.core.rules import Instrument, LaterDeposits, TreatyRules

__all__ = ["Instrument"]  # defined with the rules, which name the kinds that count


_new_tuple: Final = tuple.__new__


class Status(StrEnum):
    NOT_SIGNED = "not_signed"
    SIGNATORY = "signatory"
    PARTY = "party"
    WITHDRAWAL_PENDING = "withdrawal_pending"
    WITHDRAWN = "withdrawn"


@dataclass(frozen=True)
class StateRecord:
    """The depositary facts of one State under one treaty."""

    key: str
    signed_on: date | None = None
    deposited_on: date | None = None
    instrument: Instrument | None = None
    withdrawal_notified_on: date | None = None
    # The day the State ceased to exist (the USSR, Czechoslovakia...): from then on it has no standing.
    ended_on: date | None = None
    # The date of succession a successor State's notification gives ("with effect from 1 January
    # 1993"): a deposit by succession counts from then, not from the notification.
    succeeded_on: date | None = None

    @property
    def succeeds(self) -> bool:
        """A deposit by succession with a known date of succession."""
        return self.instrument is Instrument.SUCCESSION and self.succeeded_on is not None

    @property
    def party_from(self) -> date | None:
        """The day the deposit makes the State a party: a succession dates back to the date of succession."""
        if self.succeeds and self.succeeded_on and self.deposited_on:
            return min(self.succeeded_on, self.deposited_on)
        return self.deposited_on

    def exists_on(self, day: date) -> bool:
        return self.ended_on is None or day < self.ended_on

    def problems(self) -> list[str]:
        """Why these facts cannot all be true (empty when they can)."""
        found = []
        if self.deposited_on and not self.instrument:
            found.append("a deposit needs its kind of instrument")
        if self.instrument and not self.deposited_on:
            found.append(f"an instrument of {self.instrument} needs its date of deposit")
        deposited_before_signing = self.signed_on and self.deposited_on and self.deposited_on < self.signed_on
        if deposited_before_signing and self.instrument is not Instrument.ACCESSION:
            found.append(f"{self.instrument} deposited on {self.deposited_on} before signature on {self.signed_on}")
        if self.withdrawal_notified_on:
            if not self.deposited_on:
                found.append("a withdrawal needs an instrument deposited before it")
            elif self.withdrawal_notified_on < self.deposited_on:
                found.append(
                    f"withdrawal notified on {self.withdrawal_notified_on} "
                    f"before the instrument deposited on {self.deposited_on}"
                )
        return found


class Standing(NamedTuple):
    """Where a State stands on a given day. A named tuple: timelines build one per State and change day."""

    key: str
    status: Status
    in_force: bool
    signed_on: date | None
    deposited_on: date | None
    instrument: Instrument | None
    entry_into_force_on: date | None
    withdrawal_notified_on: date | None
    withdrawal_effective_on: date | None

    @property
    def is_party(self) -> bool:
        return self.status in (Status.PARTY, Status.WITHDRAWAL_PENDING)

    @property
    def is_signatory(self) -> bool:
        """Counted as a signatory: it signed and has not withdrawn."""
        return self.signed_on is not None and self.status is not Status.WITHDRAWN


class Counts(NamedTuple):
    """A treaty's counts on a day. A named tuple: timelines build one per change day, made from a tuple (a
    frozen dataclass's `__init__` is not compiled)."""

    signatories: int
    parties: int
    in_force: int
    signatories_not_ratified: int
    withdrawn: int


@dataclass(frozen=True)
class EntryIntoForce:
    """The treaty's own dates: when the threshold was reached and when it enters into force."""

    threshold_day: date | None = None
    in_force_on: date | None = None


def entry_into_force(rules: TreatyRules, records: Iterable[StateRecord], day: date = date.max) -> EntryIntoForce:
    """The treaty's threshold day and entry into force, from the deposits known on `day`.

    Only the kinds of instrument the rules count are counted. The threshold is reached with the
    last instrument needed: the Nth counting one and every required State's. A defunct State's
    deposit still counts: it was deposited, whatever became of the State.
    """
    counted = sorted(
        (r.party_from, r.key)
        for r in records
        if r.party_from and r.party_from <= day and rules.counts_toward_entry_into_force(r.instrument)
    )
    needed = rules.instruments_for_entry_into_force
    if len(counted) < needed:
        return EntryIntoForce()
    required_days = {key: deposit for deposit, key in counted if key in rules.required_states}
    if len(required_days) < len(rules.required_states):
        return EntryIntoForce()
    candidates = list(required_days.values())
    if needed:
        candidates.append(counted[needed - 1][0])
    threshold = max(candidates)
    in_force_on = rules.entry_into_force_delay.after(threshold)
    if rules.not_before and in_force_on < rules.not_before:
        in_force_on = rules.not_before
    return EntryIntoForce(threshold, in_force_on)


def state_entry_into_force(rules: TreatyRules, deposited_on: date, treaty: EntryIntoForce) -> date | None:
    """When the treaty enters into force for a State that became a party on `deposited_on`.

    With `later_deposits = "after_threshold"` (CCM Art. 17) instruments deposited up to the day the
    threshold is reached share the treaty's own entry into force. With "after_entry_into_force"
    (CWC Art. XXI, ATT Art. 22) every instrument deposited before the treaty's entry into force
    shares it. Later ones follow the per-State delay, never before the treaty's own date.
    """
    if treaty.threshold_day is None or treaty.in_force_on is None:
        return None
    if rules.later_deposits is LaterDeposits.AFTER_ENTRY_INTO_FORCE:
        shares = deposited_on < treaty.in_force_on
    else:
        shares = deposited_on <= treaty.threshold_day
    if shares:
        return treaty.in_force_on
    return max(treaty.in_force_on, rules.state_entry_into_force_delay.after(deposited_on))


def record_entry_into_force(rules: TreatyRules, record: StateRecord, treaty: EntryIntoForce) -> date | None:
    """When the treaty enters into force for the State of `record` (None without a deposit)."""
    party_from = record.party_from
    if party_from is None:
        return None
    if record.succeeds:
        # A successor is bound from the date of succession, or the treaty's entry into force if later
        # (Vienna Convention on Succession of States in respect of Treaties, 1978, Art. 23(1)).
        return max(party_from, treaty.in_force_on) if treaty.in_force_on else None
    return state_entry_into_force(rules, party_from, treaty)


def standing(record: StateRecord, rules: TreatyRules, day: date, treaty: EntryIntoForce) -> Standing:
    """A State's standing on `day`, given the treaty's own dates as known on `day`."""
    # Only the facts dated on or before `day` count (a deposit by succession from its date of succession).
    party_from = record.party_from
    deposited = record.deposited_on if party_from is not None and party_from <= day else None
    signed = record.signed_on if record.signed_on is not None and record.signed_on <= day else None
    notified = record.withdrawal_notified_on
    if notified is not None and notified > day:
        notified = None
    # With the deposit known, the record's entry into force is the known record's.
    eif = record_entry_into_force(rules, record, treaty) if deposited else None
    effective = rules.withdrawal_effective_on(notified) if notified else None
    if effective is not None and effective <= day:
        status = Status.WITHDRAWN
    elif notified:
        status = Status.WITHDRAWAL_PENDING
    elif deposited:
        status = Status.PARTY
    elif signed:
        status = Status.SIGNATORY
    else:
        status = Status.NOT_SIGNED
    in_force = status in (Status.PARTY, Status.WITHDRAWAL_PENDING) and eif is not None and eif <= day
    # Made from a tuple: a named tuple's own `__new__` is not compiled (timelines make one per State and day).
    instrument = record.instrument if deposited else None
    return _new_tuple(Standing, (record.key, status, in_force, signed, deposited, instrument, eif, notified, effective))


@dataclass(frozen=True)
class TreatyState:
    """Every State's standing under one treaty on one day, with the treaty's own dates."""

    day: date
    entry_into_force_on: date | None
    standings: tuple[Standing, ...]

    @property
    def counts(self) -> Counts:
        rows = self.standings
        return Counts(
            signatories=sum(1 for s in rows if s.is_signatory),
            parties=sum(1 for s in rows if s.is_party),
            in_force=sum(1 for s in rows if s.in_force),
            signatories_not_ratified=sum(1 for s in rows if s.status is Status.SIGNATORY),
            withdrawn=sum(1 for s in rows if s.status is Status.WITHDRAWN),
        )


def treaty_state(records: Sequence[StateRecord], rules: TreatyRules, day: date) -> TreatyState:
    """Where every State that exists on `day` stands (records may hold later facts: they are ignored)."""
    treaty = entry_into_force(rules, records, day)
    return TreatyState(
        day=day,
        entry_into_force_on=treaty.in_force_on,
        standings=tuple(standing(r, rules, day, treaty) for r in records if r.exists_on(day)),
    )


def change_days(
    records: Sequence[StateRecord], rules: TreatyRules, final: Iterable[Standing] | None = None
) -> list[date]:
    """Every day on which some count can change: the facts' dates and the dates they set. `final`: the
    standings on the last day (`treaty_state(records, rules, date.max).standings`), when already known."""
    days: set[date] = set()
    for record in records:
        for fact_day in (
            record.signed_on,
            record.party_from,
            record.withdrawal_notified_on,
            record.ended_on,
        ):
            if fact_day:
                days.add(fact_day)
        if record.withdrawal_notified_on and (
            effective := rules.withdrawal_effective_on(record.withdrawal_notified_on)
        ):
            days.add(effective)
    if final is None:
        final = treaty_state(records, rules, date.max).standings
    for s in final:
        if s.entry_into_force_on:
            days.add(s.entry_into_force_on)
    return sorted(days)


def counts_over_time(records: Sequence[StateRecord], rules: TreatyRules, until: date) -> list[tuple[date, Counts]]:
    """The counts on each day they change, up to `until` (for charts)."""
    return [(d, treaty_state(records, rules, d).counts) for d in change_days(records, rules) if d <= until]
