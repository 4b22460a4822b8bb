"""Recording obligation facts in tests, through the same action editors and importers use."""

from __future__ import annotations

from datetime import date
from typing import Any

from treatywatch.obligations.actions import ObligationFactInput, do_record_obligation_fact
from treatywatch.obligations.engine import state_deadlines
from treatywatch.obligations.models import ObligationFact
from treatywatch.registry.actions import do_create_source
from treatywatch.registry.models import Source, State, Treaty
from treatywatch.registry.standings import treaty_view


def source(citation: str = "CCM Article 7 report (test)", url: str = "https://example.org/r") -> Source:
    return do_create_source(citation=citation, url=url, retrieved_on=date(2025, 1, 10))


def record(
    treaty: Treaty, state: State, obligation: str, kind: str, *, cite: Source | None = None, **fields: Any
) -> ObligationFact:
    fields.setdefault("date", None)
    return do_record_obligation_fact(
        treaty=Treaty.objects.get(pk=treaty.pk),
        state=state,
        fact=ObligationFactInput(obligation=obligation, kind=kind, **fields),
        source=cite or source(),
        reason="test",
    )


def declare_stockpiles(treaty: Treaty, state: State, cite: Source | None = None) -> ObligationFact:
    """The State declares it holds stockpiles (about the day the treaty entered into force for it)."""
    return record(treaty, state, "stockpile_destruction", "declaration", applies=True, cite=cite)


def party_without_facts(treaty: Treaty, preferred: str, day: date = date(2026, 2, 3)) -> State:
    """`preferred` if no obligation fact is recorded for it, else another party in force since 2011 or before.

    The shipped data (data/ccm/obligations.csv) holds obligation facts for some States; the tests
    that build a story from scratch take a State with a clean slate.
    """
    taken = set(ObligationFact.objects.filter(treaty=treaty).values_list("state_id", flat=True))
    state = State.objects.get(iso3=preferred)
    if state.pk not in taken:
        return state
    for row in treaty_view(treaty, day).rows:
        eif = row.standing.entry_into_force_on
        if eif and eif < date(2012, 1, 1) and row.standing.is_party and row.state.pk not in taken:
            return row.state
    raise AssertionError(f"no {treaty.slug} party without obligation facts")


def stockpile_deadline(treaty: Treaty, state: State, day: date) -> date:
    fresh = Treaty.objects.get(pk=treaty.pk)
    found = [d.deadline for d in state_deadlines(fresh, state, day) if d.rule.key == "stockpile_destruction"]
    assert found and found[0].current is not None, found
    return found[0].current


def words(day: date) -> str:
    """An exact date as feeds and e-mails write it (in English): "1 August 2019"."""
    return f"{day.day} {day:%B %Y}"
