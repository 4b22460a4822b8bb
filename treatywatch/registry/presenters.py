"""Plain-data views of the register shared by the API and the downloads."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from treatywatch.registry.models import DepositaryFact, Source, State, Treaty
from treatywatch.registry.standings import StateRow, treaty_view

STANDING_COLUMNS = (
    "iso3",
    "name",
    "region",
    "subregion",
    "status",
    "in_force",
    "signed_on",
    "deposited_on",
    "instrument",
    "entry_into_force_on",
    "provisional_application_on",
    "withdrawal_notified_on",
    "withdrawal_effective_on",
)


def standing_dict(row: StateRow) -> dict[str, Any]:
    s = row.standing
    return {
        "iso3": row.state.iso3,
        "name": row.state.display_name,
        "region": row.state.region,
        "subregion": row.state.subregion,
        "status": s.status.value,
        "in_force": s.in_force,
        "signed_on": s.signed_on,
        "deposited_on": s.deposited_on,
        "instrument": s.instrument.value if s.instrument else None,
        "entry_into_force_on": s.entry_into_force_on,
        "provisional_application_on": row.provisional_application_on,
        "withdrawal_notified_on": s.withdrawal_notified_on,
        "withdrawal_effective_on": s.withdrawal_effective_on,
    }


def source_dict(source: Source) -> dict[str, Any]:
    return {
        "citation": source.citation,
        "url": source.url or None,
        "retrieved_on": source.retrieved_on,
        "primary": source.primary,
    }


def fact_dict(fact: DepositaryFact) -> dict[str, Any]:
    return {
        "kind": fact.kind,
        "instrument": fact.instrument or None,
        "date": fact.date,
        "depositary_notification": fact.depositary_notification or None,
        "text": fact.text or None,
        "source": source_dict(fact.source),
    }


@dataclass(frozen=True)
class StateUnderTreaty:
    treaty: Treaty
    row: StateRow
    record_imported: bool


def state_across_treaties(state: State, day: date) -> list[StateUnderTreaty]:
    """The State's row in every treaty of the register, on `day` (only treaties with a record have meaning)."""
    found = []
    for treaty in Treaty.objects.all():
        view = treaty_view(treaty, day)
        row = next((r for r in view.rows if r.state.pk == state.pk), None)
        if row is None:  # a former State, asked about after it ceased to exist
            continue
        found.append(StateUnderTreaty(treaty, row, view.record_imported))
    return found
