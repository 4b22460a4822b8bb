"""Every change to the register goes through these functions.

Each one validates, runs in a transaction and leaves an audit trail (who, when, what,
why) in the history tables. Views, the admin, importers and commands call them; nothing
else saves register models.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from treatywatch.core.obligations import rules_from_list
from treatywatch.core.rules import RuleError, TreatyRules
from treatywatch.core.status import Instrument
from treatywatch.lib.actions import ActionError, Actor, attach_actor
from treatywatch.lib.versions import check_version
from treatywatch.registry.countries import HISTORICAL_STATES, all_states, known_state_code
from treatywatch.registry.models import STATUS_KINDS, DepositaryFact, FactKind, Source, State, Treaty
from treatywatch.registry.records import state_record
from treatywatch.registry.versions import register_changed


@dataclass(frozen=True)
class FactInput:
    """A fact as an editor or an importer gives it, before it is checked."""

    kind: str
    date: date
    instrument: str = ""
    depositary_notification: str = ""
    text: str = ""


def do_create_source(
    *, citation: str, url: str = "", retrieved_on: date | None = None, primary: bool = True, actor: Actor = None
) -> Source:
    source = Source(citation=citation.strip(), url=url, retrieved_on=retrieved_on, primary=primary)
    return do_save_source(source, actor=actor, reason="source recorded")


def do_save_source(source: Source, *, actor: Actor = None, reason: str) -> Source:
    """Add or correct a source; the history keeps the earlier wording."""
    if not source.citation.strip():
        raise ActionError("A source needs a citation.")
    if not reason.strip():
        raise ActionError("Say why the source is changed (the reason is kept in the history).")
    attach_actor(source, actor, reason)
    source.full_clean()
    with transaction.atomic():
        source.save()
        register_changed()
    return source


def do_set_record_checked(treaty: Treaty, source: Source, *, actor: Actor = None, reason: str) -> None:
    """The treaty's whole record was checked against `source` (a depositary status page): its date retrieved is
    the day the record is checked up to, which every page, download and API answer shows."""
    treaty.record_checked_by = source
    attach_actor(treaty, actor, reason)
    treaty.save(update_fields=["record_checked_by"])
    treaty.bump_record_version()


def new_state(iso3: str) -> State | None:
    """An unsaved State from the country tables, former States included (None for a code they do not hold)."""
    current = all_states()
    info = current.get(iso3)
    if info is not None:
        return State(iso3=info.iso3, iso2=info.iso2, name=info.name, region=info.region, subregion=info.subregion)
    former = {f.iso3: f for f in HISTORICAL_STATES}.get(iso3)
    if former is None:
        return None
    # Placed where its first successor is: M49 lists no region for a State that is gone.
    first = next(iter(former.successors), None)
    if first is None or first not in current:
        raise ActionError(f"{former.name} ({former.iso3}) names no current successor State to place it in a region.")
    place = current[first]
    return State(
        iso3=former.iso3,
        iso2=former.iso2,
        name=former.name,
        region=place.region,
        subregion=place.subregion,
        ended_on=former.ended_on,
    )


def do_ensure_states(only: Iterable[str] | None = None) -> int:
    """Create any missing State (or, with `only`, those of these codes) from the country tables, former
    States included; returns how many were added."""
    existing = set(State.objects.values_list("iso3", flat=True))
    wanted = [*all_states(), *(f.iso3 for f in HISTORICAL_STATES)] if only is None else sorted(set(only))
    missing = [state for iso3 in wanted if iso3 not in existing and (state := new_state(iso3)) is not None]
    with transaction.atomic():
        State.objects.bulk_create(missing)
        if missing:
            _link_successors()
            register_changed()
    return len(missing)


def _link_successors() -> None:
    """Each successor names its predecessor and the date of succession its notifications give."""
    for former in HISTORICAL_STATES:
        predecessor = State.objects.get(iso3=former.iso3)
        for iso3, succeeded_on in former.successors.items():
            State.objects.filter(iso3=iso3).update(predecessor=predecessor, succeeded_on=succeeded_on)


def do_rename_state(state: State, name: str) -> None:
    """Use the name the depositary uses (e.g. "Bolivia (Plurinational State of)")."""
    if name and state.name != name:
        state.name = name
        with transaction.atomic():
            state.save(update_fields=["name"])
            register_changed()


def do_register_treaty(definition: Mapping[str, Any], *, actor: Actor = None) -> Treaty:
    """Create or update a treaty from its definition (a rules file, see docs/importing.md)."""
    unknown = sorted(set(definition) - DEFINITION_KEYS)
    if unknown:
        known = ", ".join(sorted(DEFINITION_KEYS))
        raise ActionError(f"The treaty definition has unknown key(s) {', '.join(unknown)} (known: {known}).")
    try:
        slug = definition["slug"]
        rules = TreatyRules.from_mapping(definition["rules"], definition.get("opened_for_signature_on"))
        rules_from_list(definition["rules"].get("obligations", []))
    except KeyError as missing:
        raise ActionError(f"The treaty definition has no {missing} key.") from None
    except RuleError as error:
        raise ActionError(f"The treaty definition's rules are not usable: {error}") from None
    unknown_states = sorted(code for code in rules.required_states if not known_state_code(code))
    if unknown_states:
        raise ActionError(
            "The treaty definition's rules are not usable: entry_into_force.required_states: "
            f"no State has the code(s) {', '.join(unknown_states)}."
        )
    parent = _parent_treaty(definition, slug)
    with transaction.atomic():
        source = None
        if source_data := definition.get("key_dates_source"):
            source = Source.objects.filter(citation=source_data["citation"]).first() or do_create_source(
                citation=source_data["citation"],
                url=source_data.get("url", ""),
                retrieved_on=source_data.get("retrieved_on"),
                primary=source_data.get("primary", True),
                actor=actor,
            )
        fields = {
            "short_name": definition.get("short_name", slug.upper()),
            "name": definition.get("name", slug),
            "depositary_chapter": definition.get("depositary_chapter", ""),
            "untc_url": definition.get("untc_url", ""),
            "adopted_at": definition.get("adopted_at", ""),
            "adopted_on": definition.get("adopted_on"),
            "opened_for_signature_on": definition.get("opened_for_signature_on"),
            "key_dates_source": source,
            "parent": parent,
            "rules_data": _plain(definition["rules"]),
        }
        treaty = Treaty.objects.filter(slug=slug).first()
        if treaty is None:
            treaty = Treaty(slug=slug, **fields)
        elif all(getattr(treaty, k) == v for k, v in fields.items()):
            return treaty
        else:
            for key, value in fields.items():
                setattr(treaty, key, value)
        attach_actor(treaty, actor, "treaty definition loaded")
        treaty.full_clean()
        treaty.save()
        register_changed(treaty)  # derived views depend on the rules too
    return treaty


# The keys a rules file may have at its top level (docs/rules.md).
DEFINITION_KEYS = frozenset(
    {
        "slug",
        "short_name",
        "name",
        "depositary_chapter",
        "untc_url",
        "adopted_at",
        "adopted_on",
        "opened_for_signature_on",
        "key_dates_source",
        "parent",
        "rules",
    }
)


def _parent_treaty(definition: Mapping[str, Any], slug: str) -> Treaty | None:
    """A protocol's convention, which must be registered first (CCW Art. 4: consent to be bound by
    a protocol is given by a State bound by the Convention)."""
    parent_slug = definition.get("parent")
    if parent_slug is None:
        return None
    if parent_slug == slug:
        raise ActionError(f"The treaty definition's parent is the treaty itself ({slug!r}).")
    parent = Treaty.objects.filter(slug=parent_slug).first()
    if parent is None:
        known = ", ".join(Treaty.objects.values_list("slug", flat=True)) or "none yet"
        raise ActionError(
            f"The treaty definition's parent {parent_slug!r} is not registered (known: {known}). "
            "Register the convention's rules file first."
        )
    if parent.parent_id is not None:
        raise ActionError(f"The treaty definition's parent {parent_slug!r} is itself a protocol.")
    return parent


def _plain(value: Any) -> Any:
    """Rules as JSON-friendly values (TOML dates become ISO strings)."""
    if isinstance(value, Mapping):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, date):
        return value.isoformat()
    return value


def check_fact_alone(treaty: Treaty, fact: FactInput) -> None:
    """Refuse a fact that cannot be true whatever else is recorded."""
    if fact.kind not in FactKind.values:
        raise ActionError(f"Unknown kind of fact {fact.kind!r}; use one of {', '.join(FactKind.values)}.")
    if fact.kind == FactKind.DEPOSIT and fact.instrument not in Instrument.__members__.values():
        choices = ", ".join(i.value for i in Instrument)
        raise ActionError(f"A deposit needs its instrument: one of {choices} (got {fact.instrument!r}).")
    if fact.kind != FactKind.DEPOSIT and fact.instrument:
        raise ActionError("Only a deposit names an instrument.")
    if fact.date > timezone.localdate():
        raise ActionError(f"{fact.date} is in the future: a depositary fact records something that happened.")
    if fact.kind == FactKind.WITHDRAWAL and treaty.rules.withdrawal_delay is None:
        raise ActionError(f"{treaty.short_name} has no withdrawal clause: its rules file has no [rules.withdrawal].")
    if treaty.adopted_on and fact.date < treaty.adopted_on:
        raise ActionError(f"{fact.date} is before the treaty was adopted ({treaty.adopted_on}).")


def check_fact(treaty: Treaty, state: State, fact: FactInput, others: Iterable[DepositaryFact | FactInput]) -> None:
    """Refuse a fact that cannot be true beside the State's other facts under the treaty."""
    check_fact_alone(treaty, fact)
    others = list(others)
    if fact.kind in STATUS_KINDS and any(o.kind == fact.kind for o in others):
        raise ActionError(f"{state.name} already has a {FactKind(fact.kind).label} for {treaty.short_name}.")
    problems = state_record(state.iso3, [*others, fact]).problems()
    if problems:
        raise ActionError(f"{state.name}, {treaty.short_name}: " + "; ".join(problems) + ".")


def do_record_fact(
    *,
    treaty: Treaty,
    state: State,
    fact: FactInput,
    source: Source,
    published: bool = True,
    actor: Actor = None,
    reason: str,
) -> DepositaryFact:
    """Add a depositary fact after checking it against the State's other facts."""
    if not reason.strip():
        raise ActionError("Say why the fact is recorded (the reason is kept in the history).")
    with transaction.atomic():
        others = list(DepositaryFact.objects.select_for_update().filter(treaty=treaty, state=state))
        check_fact(treaty, state, fact, others)
        record = DepositaryFact(
            treaty=treaty,
            state=state,
            kind=fact.kind,
            instrument=fact.instrument,
            date=fact.date,
            depositary_notification=fact.depositary_notification,
            text=fact.text,
            source=source,
            published=published,
        )
        attach_actor(record, actor, reason)
        record.save()
        register_changed(treaty)
    return record


def do_correct_fact(
    existing: DepositaryFact,
    *,
    fact: FactInput,
    source: Source | None = None,
    published: bool | None = None,
    actor: Actor = None,
    reason: str,
    expected_version: int | None = None,
) -> DepositaryFact:
    """Correct a fact: the old version stays in the history with who changed it and why.

    `expected_version` is the version the editor saw: if the fact changed since, the correction is refused
    with what changed (ConflictError)."""
    if not reason.strip():
        raise ActionError("Say why the fact is corrected (the reason is kept in the history).")
    with transaction.atomic():
        locked = DepositaryFact.objects.select_for_update().get(pk=existing.pk)
        check_version(locked, expected_version)
        others = DepositaryFact.objects.filter(treaty=locked.treaty, state=locked.state).exclude(pk=locked.pk)
        check_fact(locked.treaty, locked.state, fact, others)
        locked.kind = fact.kind
        locked.instrument = fact.instrument
        locked.date = fact.date
        locked.depositary_notification = fact.depositary_notification
        locked.text = fact.text
        if source is not None:
            locked.source = source
        if published is not None:
            locked.published = published
        locked.version += 1
        attach_actor(locked, actor, reason)
        locked.save()
        register_changed(locked.treaty)
    existing.version = locked.version
    return locked


def deletion_problem(existing: DepositaryFact, excluding: Iterable[int] = ()) -> str:
    """Why removing the fact (with the others in `excluding`) would leave an impossible record, or ""."""
    remaining = DepositaryFact.objects.filter(treaty=existing.treaty, state=existing.state).exclude(
        pk__in={existing.pk, *excluding}
    )
    problems = state_record(existing.state.iso3, remaining).problems()
    if not problems:
        return ""
    return f"removing it would leave {existing.state.name}'s record impossible: {'; '.join(problems)}"


def do_delete_fact(existing: DepositaryFact, *, actor: Actor = None, reason: str) -> None:
    """Remove a fact recorded in error; the history keeps it."""
    if not reason.strip():
        raise ActionError("Say why the fact is removed (the reason is kept in the history).")
    with transaction.atomic():
        if problem := deletion_problem(existing):
            raise ActionError(problem[0].upper() + problem[1:] + ".")
        attach_actor(existing, actor, reason)
        existing.delete()
        register_changed(existing.treaty)


def do_set_published(existing: DepositaryFact, published: bool, *, actor: Actor = None, reason: str) -> None:
    with transaction.atomic():  # the fact and its history row are written together
        locked = DepositaryFact.objects.select_for_update().get(pk=existing.pk)
        locked.published = published
        locked.version += 1
        attach_actor(locked, actor, reason)
        locked.save(update_fields=["published", "updated_at", "version"])
        register_changed(locked.treaty)
    existing.published, existing.version = published, locked.version
