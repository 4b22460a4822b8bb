"""Plain-data views of the register shared by the API, the downloads and the pages: each output's fields,
listed once (see `treatywatch.lib.fields`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import Enum
from typing import Any

from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from treatywatch.lib.fields import Many, Output, OutputField, read_through
from treatywatch.registry.currency import RecordCheck, record_check
from treatywatch.registry.labels import standing_text
from treatywatch.registry.models import State, Treaty
from treatywatch.registry.search import Found
from treatywatch.registry.standings import StateRow, treaty_record, treaty_view


def _value(choice: Enum | None) -> Any:
    return choice.value if choice else None


# A State, as every list of States (and of their deadlines) starts.
STATE_KEY_FIELDS = (
    OutputField("iso3", str, lambda row: row.state.iso3),
    OutputField("name", str, lambda row: row.state.display_name, label=_("State")),
)
STATE_FIELDS = (
    *STATE_KEY_FIELDS,
    OutputField("region", str, lambda row: row.state.region, label=_("Region")),
    OutputField("subregion", str, lambda row: row.state.subregion),
)
# Where a State stands under a treaty on the day asked about (all derived from the facts), from its `StateRow`.
STANDING_FIELDS = (
    OutputField("status", str, lambda row: row.standing.status.value, label=_("Status")),
    OutputField("in_force", bool, lambda row: row.standing.in_force),
    OutputField("signed_on", date | None, lambda row: row.standing.signed_on, label=_("Signature")),
    OutputField("deposited_on", date | None, lambda row: row.standing.deposited_on, label=_("Instrument deposited")),
    OutputField("instrument", str | None, lambda row: _value(row.standing.instrument)),
    OutputField(
        "entry_into_force_on", date | None, lambda row: row.standing.entry_into_force_on, label=_("Entry into force")
    ),
    OutputField("provisional_application_on", date | None, lambda row: row.provisional_application_on),
    OutputField("withdrawal_notified_on", date | None, lambda row: row.standing.withdrawal_notified_on),
    OutputField("withdrawal_effective_on", date | None, lambda row: row.standing.withdrawal_effective_on),
)
# A treaty's States: the API's list, the downloads and the treaty page's table.
STATE_STANDING = Output("StateStanding", (*STATE_FIELDS, *STANDING_FIELDS))

SOURCE = Output(
    "SourceOut",
    (
        OutputField("citation", str, lambda source: source.citation),
        OutputField("url", str | None, lambda source: source.url or None),
        OutputField("retrieved_on", date | None, lambda source: source.retrieved_on),
        OutputField("primary", bool, lambda source: source.primary),
    ),
)

FACT = Output(
    "FactOut",
    (
        OutputField("kind", str, lambda fact: fact.kind),
        OutputField("instrument", str | None, lambda fact: fact.instrument or None),
        OutputField("date", date, lambda fact: fact.date),
        OutputField("depositary_notification", str | None, lambda fact: fact.depositary_notification or None),
        OutputField("text", str | None, lambda fact: fact.text or None),
        OutputField("source", SOURCE, lambda fact: fact.source),
    ),
)


def standing_answers(treaty: Treaty, rows: list[StateRow]) -> list[dict[str, Any]]:
    """Each row's API answer, built once per record version, language and standing: a State's standing
    changes on a few days only, so the answers for a new day are mostly those of another day."""
    built = treaty_record(treaty).answers
    language = get_language()
    found = []
    for row in rows:
        key = ("state-standing", language, row.state.pk, row.standing, row.provisional_application_on)
        answer = built.get(key)
        if answer is None:
            answer = built[key] = STATE_STANDING.answer(row)
        found.append(answer)
    return found


@dataclass(frozen=True)
class StateUnderTreaty:
    treaty: Treaty
    row: StateRow
    record_imported: bool
    check: RecordCheck


def state_across_treaties(state: State, day: date) -> list[StateUnderTreaty]:
    """The State's row in every treaty of the register, on `day` (only treaties with a record have meaning)."""
    found = []
    for treaty in Treaty.objects.all():
        view = treaty_view(treaty, day)
        row = next((r for r in view.rows if r.state.pk == state.pk), None)
        if row is None:  # a former State, asked about after it ceased to exist
            continue
        found.append(StateUnderTreaty(treaty, row, view.record_imported, record_check(treaty, day)))
    return found


# How current a treaty's record is, on the day an answer is for (see `registry.currency`).
RECORD_CHECK = Output(
    "RecordCheck",
    (
        OutputField(
            "checked_on",
            date | None,
            lambda check: check.checked_on,
            description="The day up to which the treaty's depositary record was checked: the date of the "
            "depositary's status page it was last checked against ('status as at'). Null when not recorded.",
        ),
        OutputField(
            "later_changes_missing",
            bool,
            lambda check: check.after_check,
            description="True when as_of is after checked_on: changes after that day are not in the record.",
        ),
    ),
    doc="Up to when the treaty's record was checked.",
)

# A State's entry in its profile: where it stands under one treaty, and the facts behind it.
STATE_TREATY = Output(
    "StateTreaty",
    (
        *read_through(STANDING_FIELDS, lambda item: item.row),
        OutputField("treaty", str, lambda item: item.treaty.slug),
        OutputField("treaty_name", str, lambda item: item.treaty.name),
        OutputField("record_checked", RECORD_CHECK, lambda item: item.check),
        OutputField("facts", Many(FACT), lambda item: item.row.facts),
    ),
)


@dataclass(frozen=True)
class FoundState:
    """A State a search found, with where it stands under each treaty that has a record, on the day asked."""

    found: Found
    treaties: tuple[StateUnderTreaty, ...]

    @property
    def state(self) -> State:
        return self.found.state


def with_standings(found: list[Found], day: date) -> list[FoundState]:
    """Each State found, with its row in every treaty whose depositary record is imported."""
    rows_by_treaty = []
    for treaty in Treaty.objects.all():
        view = treaty_view(treaty, day)
        if view.record_imported:
            rows_by_treaty.append((treaty, {r.state.pk: r for r in view.rows}, record_check(treaty, day)))
    return [
        FoundState(f, tuple(StateUnderTreaty(t, rows[f.state.pk], True, check) for t, rows, check in rows_by_treaty))
        for f in found
    ]


# Where a State found stands under one treaty: the search's answer gives the status beside the name.
FOUND_TREATY = Output(
    "FoundStateTreaty",
    (
        OutputField("treaty", str, lambda item: item.treaty.slug),
        OutputField("short_name", str, lambda item: item.treaty.short_name),
        *read_through(STANDING_FIELDS[:2], lambda item: item.row),
        OutputField("status_label", str, lambda item: standing_text(item.row.standing)),
        OutputField("record_checked", RECORD_CHECK, lambda item: item.check),
    ),
)
# A State found by a search: its names, whether the search named it exactly, and its status under each treaty.
FOUND_STATE = Output(
    "FoundState",
    (
        *read_through(STATE_FIELDS, lambda item: item.found),
        OutputField("matched_name", str | None, lambda item: item.found.matched or None),
        OutputField("exact", bool, lambda item: item.found.exact),
        OutputField("treaties", Many(FOUND_TREATY), lambda item: item.treaties),
    ),
)
