"""Recording the facts that move deadlines, through one validated, audited function."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from treatywatch.core.obligations import ExtensionError, check_extension, deadlines
from treatywatch.obligations.engine import facts_by_state_and_obligation, obligation_facts
from treatywatch.obligations.models import DatePrecision, ObligationFact, ObligationFactKind
from treatywatch.obligations.rules import obligation_rules
from treatywatch.registry.actions import ActionError, Actor, attach_actor
from treatywatch.registry.models import Source, State, Treaty
from treatywatch.registry.standings import treaty_view


@dataclass(frozen=True)
class ObligationFactInput:
    obligation: str
    kind: str
    date: datetime.date | None
    date_precision: str = DatePrecision.DAY
    applies: bool | None = None
    new_deadline: datetime.date | None = None
    decided_by: str = ""
    period: int | None = None
    link: str = ""
    text: str = ""


def check_obligation_fact(
    treaty: Treaty, state: State, fact: ObligationFactInput, planned: Sequence[ObligationFact] = ()
) -> None:
    """Refuse a fact that the treaty's rules or the State's record make impossible. `planned` holds
    facts not saved yet that come before this one (an import's earlier rows), so a plan can be checked
    without writing."""
    rules = obligation_rules(treaty)
    rule = rules.get(fact.obligation)
    if rule is None:
        raise ActionError(
            f"{treaty.short_name} has no obligation {fact.obligation!r} (its rules name {', '.join(rules) or 'none'})."
        )
    if fact.kind not in ObligationFactKind.values:
        raise ActionError(f"Unknown kind {fact.kind!r}; use one of {', '.join(ObligationFactKind.values)}.")
    if fact.date_precision not in DatePrecision.values:
        raise ActionError(
            f"Unknown date precision {fact.date_precision!r}; use one of {', '.join(DatePrecision.values)}."
        )
    if fact.date and fact.date > timezone.localdate():
        raise ActionError(f"{fact.date} is in the future: record what has happened.")
    if fact.date is None and fact.kind != ObligationFactKind.DECLARATION:
        raise ActionError(f"A {ObligationFactKind(fact.kind).label} needs its date.")
    standing = next(r.standing for r in treaty_view(treaty, timezone.localdate()).rows if r.state.pk == state.pk)
    if standing.deposited_on is None:
        raise ActionError(f"{state.name} has deposited no instrument for {treaty.short_name}: it has no obligations.")
    if fact.kind == ObligationFactKind.DECLARATION:
        if fact.applies is None:
            raise ActionError("A declaration says whether the obligation applies (yes or no).")
        if not rule.applies_if:
            raise ActionError(f"{rule.article} applies to every State Party: there is nothing to declare.")
    if fact.kind == ObligationFactKind.REPORT and (
        fact.period is None or (rule.annual_due is None and fact.period < 1900)
    ):
        raise ActionError("A report names the calendar year it covers.")
    if fact.kind == ObligationFactKind.EXTENSION_GRANTED:
        _check_extension(treaty, state, rule.key, fact, planned)


def _check_extension(
    treaty: Treaty, state: State, obligation: str, fact: ObligationFactInput, planned: Sequence[ObligationFact]
) -> None:
    rule = obligation_rules(treaty)[obligation]
    if rule.delay is None or fact.date is None or fact.new_deadline is None:
        raise ActionError(f"An extension of {rule.article} needs the day it was granted and the new deadline.")
    standing = next(r.standing for r in treaty_view(treaty, fact.date).rows if r.state.pk == state.pk)
    own = [
        *facts_by_state_and_obligation(treaty).get((state.pk, obligation), []),
        *(f for f in planned if f.state_id == state.pk and f.obligation == obligation),
    ]
    facts = obligation_facts(sorted(own, key=lambda f: f.date or datetime.date.min))
    # The deadline as it stood the day before this decision.
    current = deadlines(rule, standing.entry_into_force_on, None, facts, fact.date - datetime.timedelta(days=1))
    deadline = current[0].current if current else None
    if deadline is None:
        raise ActionError(f"{state.name} had no running {rule.article} deadline on {fact.date} to extend.")
    try:
        check_extension(rule, deadline, fact.new_deadline)
    except ExtensionError as error:
        raise ActionError(f"{state.name}, {rule.article}: {error}.") from None


def do_record_obligation_fact(
    *,
    treaty: Treaty,
    state: State,
    fact: ObligationFactInput,
    source: Source,
    published: bool = True,
    actor: Actor = None,
    reason: str,
) -> ObligationFact:
    if not reason.strip():
        raise ActionError("Say why the fact is recorded (the reason is kept in the history).")
    with transaction.atomic():
        check_obligation_fact(treaty, state, fact)
        record = ObligationFact(treaty=treaty, state=state, source=source, published=published, **fact.__dict__)
        attach_actor(record, actor, reason)
        record.full_clean()
        record.save()
    return record
