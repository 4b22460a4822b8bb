"""Plain-data views of the register shared by the API, the downloads and the pages: each output's fields,
listed once (see `treatywatch.lib.fields`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import Enum
from typing import Any

from django.utils.translation import get_language, gettext_noop
from django.utils.translation import gettext_lazy as _

from treatywatch.lib.fields import Many, Output, OutputField, read_through
from treatywatch.registry.currency import RecordCheck, record_check
from treatywatch.registry.labels import STATUS_LABELS, region_name, standing_text, subregion_name
from treatywatch.registry.models import State, Treaty
from treatywatch.registry.search import Found
from treatywatch.registry.standings import StateRow, treaty_record, treaty_view


def _value(choice: Enum | None) -> Any:
    return choice.value if choice else None


# A State, as every list of States (and of their deadlines) starts.
STATE_KEY_FIELDS = (
    OutputField(
        "iso3", str, lambda row: row.state.iso3, gettext_noop("The State's ISO 3166 alpha-3 code."), label=_("ISO code")
    ),
    OutputField(
        "name",
        str,
        lambda row: row.state.display_name,
        gettext_noop("The State's name in the answer's language."),
        label=_("State"),
    ),
)
# The region in words beside its code, in a download (anything read from an object with a `state`).
REGION_LABEL_FIELD = OutputField(
    "region_label",
    str,
    lambda row: region_name(row.state.region),
    gettext_noop("The State's UN M49 region in words, in the download's language."),
    label=_("Region in words"),
    in_api=False,
)
STATE_FIELDS = (
    *STATE_KEY_FIELDS,
    OutputField(
        "region",
        str,
        lambda row: row.state.region,
        gettext_noop(
            "The State's UN M49 region, as a code (its English name: Africa, Americas, Asia, Europe, Oceania)."
        ),
        label=_("Region"),
    ),
    REGION_LABEL_FIELD,
    OutputField(
        "subregion",
        str,
        lambda row: row.state.subregion,
        gettext_noop("The State's UN M49 sub-region, as a code (its English name, e.g. Western Africa)."),
        label=_("Sub-region"),
    ),
    OutputField(
        "subregion_label",
        str,
        lambda row: subregion_name(row.state.subregion),
        gettext_noop("The State's UN M49 sub-region in words, in the download's language."),
        label=_("Sub-region in words"),
        in_api=False,
    ),
)
# Where a State stands under a treaty on the day asked about (all derived from the facts), from its `StateRow`.
STANDING_FIELDS = (
    OutputField(
        "status",
        str,
        lambda row: row.standing.status.value,
        gettext_noop("not_signed, signatory, party, withdrawal_pending or withdrawn, on the day asked about."),
        label=_("Status"),
    ),
    OutputField(
        "status_label",
        str,
        lambda row: str(STATUS_LABELS[row.standing.status.value]),
        gettext_noop("The status in words, in the download's language."),
        label=_("Status in words"),
        in_api=False,
    ),
    OutputField(
        "in_force",
        bool,
        lambda row: row.standing.in_force,
        gettext_noop("The treaty is in force for the State."),
        label=_("In force"),
    ),
    OutputField(
        "signed_on",
        date | None,
        lambda row: row.standing.signed_on,
        gettext_noop("Day of signature, if any."),
        label=_("Signature"),
    ),
    OutputField(
        "deposited_on",
        date | None,
        lambda row: row.standing.deposited_on,
        gettext_noop("Day the State deposited its instrument of consent to be bound (it became a party)."),
        label=_("Instrument deposited"),
    ),
    OutputField(
        "instrument",
        str | None,
        lambda row: _value(row.standing.instrument),
        gettext_noop("ratification, acceptance, approval, accession, succession or consent_to_be_bound."),
        label=_("Instrument"),
    ),
    OutputField(
        "entry_into_force_on",
        date | None,
        lambda row: row.standing.entry_into_force_on,
        gettext_noop("Day the treaty enters or entered into force for the State, by the treaty's own rule."),
        label=_("Entry into force"),
    ),
    OutputField(
        "provisional_application_on",
        date | None,
        lambda row: row.provisional_application_on,
        gettext_noop("Day the State declared it applies the treaty provisionally, if it did."),
        label=_("Provisional application"),
    ),
    OutputField(
        "withdrawal_notified_on",
        date | None,
        lambda row: row.standing.withdrawal_notified_on,
        gettext_noop("Day the depositary received the State's notification of withdrawal."),
        label=_("Withdrawal notified"),
    ),
    OutputField(
        "withdrawal_effective_on",
        date | None,
        lambda row: row.standing.withdrawal_effective_on,
        gettext_noop("Day the withdrawal takes or took effect."),
        label=_("Withdrawal effective"),
    ),
)
# A treaty's States: the API's list, the downloads and the treaty page's table.
STATE_STANDING = Output("StateStanding", (*STATE_FIELDS, *STANDING_FIELDS))

SOURCE = Output(
    "SourceOut",
    (
        OutputField(
            "citation", str, lambda source: source.citation, gettext_noop("The source as cited."), label=_("Source")
        ),
        OutputField(
            "url", str | None, lambda source: source.url or None, gettext_noop("The source's address."), label=_("URL")
        ),
        OutputField(
            "retrieved_on",
            date | None,
            lambda source: source.retrieved_on,
            gettext_noop("Day the source was read."),
            label=_("Retrieved on"),
        ),
        OutputField(
            "primary",
            bool,
            lambda source: source.primary,
            gettext_noop("True for a primary source: the depositary or the treaty text itself."),
            label=_("Primary source"),
        ),
    ),
)

FACT = Output(
    "FactOut",
    (
        OutputField(
            "kind",
            str,
            lambda fact: fact.kind,
            gettext_noop(
                "signature, deposit, provisional_application, withdrawal, declaration or territorial_application."
            ),
            label=_("Fact"),
        ),
        OutputField(
            "instrument",
            str | None,
            lambda fact: fact.instrument or None,
            gettext_noop("For a deposit: the kind of instrument (ratification, accession...)."),
            label=_("Instrument"),
        ),
        OutputField(
            "date",
            date,
            lambda fact: fact.date,
            gettext_noop("Day of the fact, as the depositary records it."),
            label=_("Date"),
        ),
        OutputField(
            "depositary_notification",
            str | None,
            lambda fact: fact.depositary_notification or None,
            gettext_noop("The depositary notification's reference (C.N. number), where known."),
            label=_("Depositary notification"),
        ),
        OutputField(
            "text",
            str | None,
            lambda fact: fact.text or None,
            gettext_noop("The text of a declaration, or a note on the fact."),
            label=_("Text or note"),
        ),
        OutputField("source", SOURCE, lambda fact: fact.source, gettext_noop("Where the fact comes from.")),
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
    not_yet: str | None = None  # set by the answers that say so: the treaty did not exist on the day


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
            description=gettext_noop(
                "The day up to which the treaty's depositary record was checked: the date of the "
                "depositary's status page it was last checked against ('status as at'). Null when not recorded."
            ),
        ),
        OutputField(
            "later_changes_missing",
            bool,
            lambda check: check.after_check,
            description=gettext_noop(
                "True when as_of is after checked_on: changes after that day are not in the record."
            ),
        ),
    ),
    doc="Up to when the treaty's record was checked.",
)

# A State's entry in its profile: where it stands under one treaty, and the facts behind it.
STATE_TREATY = Output(
    "StateTreaty",
    (
        *read_through(STANDING_FIELDS, lambda item: item.row),
        OutputField(
            "treaty", str, lambda item: item.treaty.slug, gettext_noop("The treaty's code in the register (ccm...).")
        ),
        OutputField(
            "treaty_name",
            str,
            lambda item: item.treaty.display_name,
            gettext_noop("The treaty's name, in the answer's language."),
        ),
        OutputField(
            "record_checked",
            RECORD_CHECK,
            lambda item: item.check,
            gettext_noop("Up to which day the treaty's depositary record was checked against its sources."),
        ),
        OutputField(
            "facts", Many(FACT), lambda item: item.row.facts, gettext_noop("The depositary facts behind the standing.")
        ),
        OutputField(
            "note",
            str | None,
            lambda item: item.not_yet,
            gettext_noop(
                "Set when `as_of` is before the treaty existed (before its adoption, or its opening for signature): "
                "says so, and the status is empty for that reason; null otherwise."
            ),
            in_download=False,  # the pages and their downloads say it in a sentence of their own
        ),
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
        OutputField(
            "treaty", str, lambda item: item.treaty.slug, description=gettext_noop("The treaty's code in the register.")
        ),
        OutputField(
            "short_name",
            str,
            lambda item: item.treaty.short_name,
            description=gettext_noop("The treaty's short name, e.g. CCM."),
        ),
        *read_through(tuple(f for f in STANDING_FIELDS if f.name in ("status", "in_force")), lambda item: item.row),
        OutputField(
            "status_label",
            str,
            lambda item: standing_text(item.row.standing),
            description=gettext_noop("The status in words, in the answer's language."),
        ),
        OutputField(
            "record_checked",
            RECORD_CHECK,
            lambda item: item.check,
            description=(
                gettext_noop(
                    "Up to when the treaty's record was checked against its source, and whether the day asked about is "
                    "after that."
                )
            ),
        ),
    ),
)
# A State found by a search: its names, whether the search named it exactly, and its status under each treaty.
FOUND_STATE = Output(
    "FoundState",
    (
        *read_through(STATE_FIELDS, lambda item: item.found),
        OutputField(
            "matched_name",
            str | None,
            lambda item: item.found.matched or None,
            description=(
                gettext_noop(
                    "The name the search matched, where it is not the State's name in the answer's language (Laos for "
                    "the Lao People's Democratic Republic); null otherwise."
                )
            ),
        ),
        OutputField(
            "exact",
            bool,
            lambda item: item.found.exact,
            description=gettext_noop("Whether the words searched for are one of the State's names, whole."),
        ),
        OutputField(
            "treaties",
            Many(FOUND_TREATY),
            lambda item: item.treaties,
            description=gettext_noop("Where the State stands under each treaty whose record is imported."),
        ),
    ),
)
