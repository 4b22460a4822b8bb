"""From stored or proposed facts to the core engine's `StateRecord`."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Protocol

from treatywatch.core.status import Instrument, StateRecord
from treatywatch.registry.models import STATUS_KINDS, FactKind


class FactLike(Protocol):
    @property
    def kind(self) -> str: ...
    @property
    def date(self) -> date: ...
    @property
    def instrument(self) -> str: ...


def state_record(
    key: str, facts: Iterable[FactLike], ended_on: date | None = None, succeeded_on: date | None = None
) -> StateRecord:
    """The status-setting facts (signature, deposit, withdrawal) of one State under one treaty.

    `ended_on` and `succeeded_on` come from the State itself (a former State, a successor).
    """
    by_kind: dict[str, FactLike] = {}
    for fact in facts:
        if fact.kind in STATUS_KINDS:
            by_kind.setdefault(fact.kind, fact)
    signature = by_kind.get(FactKind.SIGNATURE)
    deposit = by_kind.get(FactKind.DEPOSIT)
    withdrawal = by_kind.get(FactKind.WITHDRAWAL)
    return StateRecord(
        key=key,
        signed_on=signature.date if signature else None,
        deposited_on=deposit.date if deposit else None,
        instrument=Instrument(deposit.instrument) if deposit and deposit.instrument else None,
        withdrawal_notified_on=withdrawal.date if withdrawal else None,
        ended_on=ended_on,
        succeeded_on=succeeded_on,
    )
