"""Recording, correcting and removing the facts that move deadlines, through validated, audited functions."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from treatywatch.core.approximate import ApproximateDate, Precision
from treatywatch.core.obligations import ExtensionError, ObligationRule, check_extension, deadlines
from treatywatch.core.status import Standing
from treatywatch.lib.actions import ActionError, Actor, attach_actor
from treatywatch.lib.versions import check_version
from treatywatch.obligations.engine import facts_by_state_and_obligation, obligation_facts
from treatywatch.obligations.models import DatePrecision, ObligationFact, ObligationFactKind
from treatywatch.obligations.rules import obligation_rules
from treatywatch.registry.models import Source, State, Treaty
from treatywatch.registry.standings import treaty_view
from treatywatch.registry.versions import register_changed


@dataclass(frozen=True)
class ObligationFactInput:
    obligation: str
    kind: str
    date: datetime.date | None
    date_precision: str = DatePrecision.DAY
    applies: bool | None = None
    new_deadline: datetime.date | None = None
    new_deadline_precision: str = DatePrecision.DAY
    decided_by: str = ""
    period: int | None = None
    link: str = ""
    text: str = ""


def fact_input(fact: ObligationFact) -> ObligationFactInput:
    """What a recorded fact says, as the actions take it."""
    return ObligationFactInput(**{name: getattr(fact, name) for name in ObligationFactInput.__dataclass_fields__})


def _standing(treaty: Treaty, state: State, day: datetime.date) -> Standing | None:
    return next((r.standing for r in treaty_view(treaty, day).rows if r.state.pk == state.pk), None)


def check_obligation_fact(
    treaty: Treaty,
    state: State,
    fact: ObligationFactInput,
    others: Sequence[ObligationFact] | None = None,
    planned: Sequence[ObligationFact] = (),
) -> None:
    """Refuse a fact that the treaty's rules or the State's record make impossible.

    `others` are the State's facts for the same obligation that the new one joins (by default, all recorded).
    `planned` holds facts not saved yet that come before this one (an import's earlier rows), so a plan can
    be checked without writing.
    """
    rules = obligation_rules(treaty)
    rule = rules.get(fact.obligation)
    if rule is None:
        raise ActionError(
            f"{treaty.short_name} has no obligation {fact.obligation!r} (its rules name {', '.join(rules) or 'none'})."
        )
    if fact.kind not in ObligationFactKind.values:
        raise ActionError(f"Unknown kind {fact.kind!r}; use one of {', '.join(ObligationFactKind.values)}.")
    precisions = (("date precision", fact.date_precision), ("new deadline precision", fact.new_deadline_precision))
    for name, value in precisions:
        if value not in DatePrecision.values:
            raise ActionError(f"Unknown {name} {value!r}; use one of {', '.join(DatePrecision.values)}.")
    if fact.date and fact.date > timezone.localdate():
        raise ActionError(f"{fact.date} is in the future: record what has happened.")
    if fact.date is None and fact.kind != ObligationFactKind.DECLARATION:
        raise ActionError(f"A {ObligationFactKind(fact.kind).label} needs its date.")
    standing = _standing(treaty, state, timezone.localdate())
    if standing is None or standing.deposited_on is None:
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
        if others is None:
            others = facts_by_state_and_obligation(treaty).get((state.pk, rule.key), [])
        others = [*others, *(f for f in planned if f.state_id == state.pk and f.obligation == rule.key)]
        _check_extension(treaty, state, rule, fact, others)


def _check_extension(
    treaty: Treaty, state: State, rule: ObligationRule, fact: ObligationFactInput, others: Sequence[ObligationFact]
) -> None:
    """An extension moves the deadline that stood before its decision; on a reopened obligation it sets one."""
    if rule.delay is None or fact.date is None or fact.new_deadline is None:
        raise ActionError(f"An extension of {rule.article} needs the day it was granted and the new deadline.")
    granted_on = fact.date
    standing = _standing(treaty, state, granted_on)
    known = obligation_facts(others)
    # The deadline as it stood before this decision: earlier decisions only, and not another source's
    # account of the same decision (which may give another date: both are kept).
    before = known.replace(
        extensions=tuple(
            e
            for e in known.extensions
            if e.granted_on < granted_on and not (fact.decided_by and e.decided_by == fact.decided_by)
        ),
    )
    eif = standing.entry_into_force_on if standing else None
    current = deadlines(rule, eif, None, before, granted_on)
    latest = current[-1] if current else None
    if latest is not None and latest.cycle > 0 and latest.current is None:
        if fact.new_deadline <= granted_on:
            raise ActionError(f"{state.name}, {rule.article}: the deadline set must come after {granted_on}.")
        return
    if latest is None or latest.current is None:
        raise ActionError(f"{state.name} had no running {rule.article} deadline on {granted_on} to extend.")
    # "November 2028" is stored as its last day; the treaty's limit is checked against its first.
    asked = ApproximateDate.latest(fact.new_deadline, Precision(fact.new_deadline_precision))
    earliest = asked.earliest if asked.precision in (Precision.MONTH, Precision.YEAR) else asked.day
    try:
        check_extension(rule, latest.current, earliest)
    except ExtensionError as error:
        raise ActionError(f"{state.name}, {rule.article}: {error}.") from None


def record_problem(treaty: Treaty, state: State, obligation: str, facts: Sequence[ObligationFact]) -> str:
    """Why this set of facts (after a correction or a deletion) would be impossible, or "".

    Each extension is checked again against the facts that would remain: removing an earlier extension
    can leave a later one longer than the treaty allows.
    """
    rule = obligation_rules(treaty).get(obligation)
    if rule is None:
        return ""
    for fact in facts:
        if fact.kind != ObligationFactKind.EXTENSION_GRANTED:
            continue
        try:
            _check_extension(treaty, state, rule, fact_input(fact), [f for f in facts if f is not fact])
        except ActionError as error:
            return f"the extension granted on {fact.date} would no longer hold: {error}"
    return ""


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
        register_changed(treaty)
    return record


def _group(fact: ObligationFact, obligation: str) -> list[ObligationFact]:
    """The published facts recorded for the fact's State under `obligation`, other than it."""
    return list(
        ObligationFact.objects.published()
        .filter(treaty=fact.treaty, state=fact.state, obligation=obligation)
        .exclude(pk=fact.pk)
        .select_related("source")
        .order_by("date", "pk")
    )


def do_correct_obligation_fact(
    existing: ObligationFact,
    *,
    fact: ObligationFactInput,
    source: Source | None = None,
    published: bool | None = None,
    actor: Actor = None,
    reason: str,
    expected_version: int | None = None,
) -> ObligationFact:
    """Correct an obligation fact: the old version stays in the history with who changed it and why.

    `expected_version` is the version the editor saw: if the fact changed since, the correction is refused
    with what changed (ConflictError)."""
    if not reason.strip():
        raise ActionError("Say why the fact is corrected (the reason is kept in the history).")
    with transaction.atomic():
        locked = ObligationFact.objects.select_for_update().select_related("treaty", "state").get(pk=existing.pk)
        check_version(locked, expected_version)
        others = _group(locked, fact.obligation)
        check_obligation_fact(locked.treaty, locked.state, fact, others)
        previous = locked.obligation
        for name, value in fact.__dict__.items():
            setattr(locked, name, value)
        if source is not None:
            locked.source = source
        if published is not None:
            locked.published = published
        problem = record_problem(locked.treaty, locked.state, fact.obligation, sorted_facts([*others, locked]))
        if not problem and previous != fact.obligation:
            problem = record_problem(locked.treaty, locked.state, previous, _group(locked, previous))
        if problem:
            raise ActionError(f"The correction is refused: {problem}.")
        locked.version += 1
        attach_actor(locked, actor, reason)
        locked.full_clean()
        locked.save()
        register_changed(locked.treaty)
    existing.version = locked.version
    return locked


def do_delete_obligation_fact(existing: ObligationFact, *, actor: Actor = None, reason: str) -> None:
    """Remove an obligation fact recorded in error; the history keeps it, with who removed it and why."""
    if not reason.strip():
        raise ActionError("Say why the fact is removed (the reason is kept in the history).")
    with transaction.atomic():
        locked = ObligationFact.objects.select_for_update().select_related("treaty", "state").get(pk=existing.pk)
        if problem := record_problem(locked.treaty, locked.state, locked.obligation, _group(locked, locked.obligation)):
            raise ActionError(f"Removing it is refused: {problem}.")
        attach_actor(locked, actor, reason)
        locked.delete()
        register_changed(locked.treaty)


def sorted_facts(facts: Sequence[ObligationFact]) -> list[ObligationFact]:
    return sorted(facts, key=lambda f: (f.date or datetime.date.min, f.pk or 0))
