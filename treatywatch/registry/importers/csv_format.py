"""Importer for the Treatywatch CSV format (one row per State; see docs/importing.md).

Columns: state, iso3 (optional when the name is clear), signature_date,
ratification_date, action_type, provisional_application_date, withdrawal_notified_date,
depositary_notification, source. Dates are YYYY-MM-DD. The columns entry_into_force_date
and withdrawal_effective_date may be given: they are never stored (both are computed
from the treaty's rules) but checked against the computed dates.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from treatywatch.core.status import Instrument, StateRecord, entry_into_force, record_entry_into_force
from treatywatch.lib.dates import DateProblem, parse_iso_date
from treatywatch.registry.actions import FactInput
from treatywatch.registry.countries import match_state
from treatywatch.registry.importers.csv_rows import cell_problems, open_csv, read_rows
from treatywatch.registry.importers.limits import max_length
from treatywatch.registry.importers.plan import ImportRefused, ParsedFact, SourceInput
from treatywatch.registry.models import DepositaryFact, FactKind, Source, State, Treaty

REQUIRED_COLUMNS = ("state", "signature_date", "ratification_date", "action_type")
OPTIONAL_COLUMNS = (
    "iso3",
    "provisional_application_date",
    "withdrawal_notified_date",
    "depositary_notification",
    "source",
    "entry_into_force_date",
    "withdrawal_effective_date",
)
_CELL_LIMITS = {
    "state": max_length(State, "name"),
    "depositary_notification": max_length(DepositaryFact, "depositary_notification"),
    "source": max_length(Source, "citation"),
}
_DATE_COLUMNS = {
    "signature_date": FactKind.SIGNATURE,
    "ratification_date": FactKind.DEPOSIT,
    "provisional_application_date": FactKind.PROVISIONAL_APPLICATION,
    "withdrawal_notified_date": FactKind.WITHDRAWAL,
}


def parse_csv(
    treaty: Treaty, content: bytes, file_label: str, default_source: SourceInput
) -> tuple[list[ParsedFact], dict[str, str]]:
    """Read the file; return its facts and the State names it uses, or refuse with every problem."""
    reader, header = open_csv(content, file_label)
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if missing:
        raise ImportRefused(
            [f"{file_label}: missing column(s) {', '.join(missing)}; the header is {header or 'empty'}"]
        )
    unknown = [c for c in header if c not in REQUIRED_COLUMNS + OPTIONAL_COLUMNS]
    if unknown:
        raise ImportRefused([f"{file_label}: unknown column(s) {', '.join(unknown)}"])

    problems: list[str] = []
    parsed: list[ParsedFact] = []
    names: dict[str, str] = {}
    checks: list[tuple[str, str, StateRecord, date | None, date | None]] = []
    seen: dict[str, int] = {}
    rows_seen: dict[tuple[str, ...], int] = {}
    for number, row in read_rows(reader, file_label, problems):
        where = f"{file_label}, row {number}"
        if too_long := cell_problems(row, where, _CELL_LIMITS):
            problems += too_long
            continue
        cells = tuple(row.get(c, "") for c in header)
        if cells in rows_seen:
            problems.append(f"{where}: repeats row {rows_seen[cells]}")
            continue
        rows_seen[cells] = number
        iso3 = _state_code(row, where, problems)
        if iso3 is None:
            continue
        if iso3 in seen:
            problems.append(f"{where}: {row['state'] or iso3} is already on row {seen[iso3]}")
            continue
        seen[iso3] = number
        if row.get("state"):
            names[iso3] = row["state"]
        source = (
            SourceInput(row["source"], default_source.url, default_source.retrieved_on, default_source.primary)
            if row.get("source")
            else default_source
        )
        dates: dict[str, date] = {}
        for column in _DATE_COLUMNS:
            if row.get(column):
                try:
                    dates[column] = parse_iso_date(row[column])
                except DateProblem as error:
                    problems.append(f"{where}, column {column}: {error}")
        instrument = row.get("action_type", "").lower()
        if "ratification_date" in dates and instrument not in Instrument.__members__.values():
            choices = ", ".join(i.value for i in Instrument)
            problems.append(f"{where}, column action_type: {row.get('action_type')!r} is not one of {choices}")
            continue
        if instrument and not row.get("ratification_date"):
            problems.append(f"{where}, column ratification_date: action_type {instrument!r} needs a date")
            continue
        for column, kind in _DATE_COLUMNS.items():
            if column in dates:
                fact = FactInput(
                    kind=kind,
                    date=dates[column],
                    instrument=instrument if kind == FactKind.DEPOSIT else "",
                    depositary_notification=row.get("depositary_notification", "")
                    if kind == FactKind.WITHDRAWAL
                    else "",
                )
                parsed.append(ParsedFact(iso3, fact, f"{where}, column {column}", source))
        record = StateRecord(
            key=iso3,
            signed_on=dates.get("signature_date"),
            deposited_on=dates.get("ratification_date"),
            instrument=Instrument(instrument) if "ratification_date" in dates else None,
            withdrawal_notified_on=dates.get("withdrawal_notified_date"),
        )
        checks.append(
            (
                where,
                iso3,
                record,
                _optional_date(row, "entry_into_force_date", where, problems),
                _optional_date(row, "withdrawal_effective_date", where, problems),
            )
        )
    if not parsed and not problems:
        problems.append(f"{file_label}: no rows to import")
    problems.extend(_check_computed_dates(treaty, checks))
    if problems:
        raise ImportRefused(problems)
    return parsed, names


def _state_code(row: dict[str, str], where: str, problems: list[str]) -> str | None:
    """The row's State: its ISO3 code when given (a name we do not recognise is then kept as the
    State's own spelling), else the one State whose name pattern matches."""
    given = row.get("iso3", "").upper()
    label = row.get("state", "")
    if given:
        if match_state(given) is None:
            problems.append(f"{where}, column iso3: unknown State code {given!r}")
            return None
        named = match_state(label) if label else None
        if named is not None and named != given:
            problems.append(f"{where}: the name {label!r} is {named}, not the code {given!r}")
            return None
        return given
    matched = match_state(label) if label else None
    if matched is None:
        problems.append(f"{where}, column state: unknown State {label!r} (give its ISO3 code in an iso3 column)")
    return matched


def _optional_date(row: dict[str, str], column: str, where: str, problems: list[str]) -> date | None:
    if not row.get(column):
        return None
    try:
        return parse_iso_date(row[column])
    except DateProblem as error:
        problems.append(f"{where}, column {column}: {error}")
        return None


def _check_computed_dates(
    treaty: Treaty, checks: list[tuple[str, str, StateRecord, date | None, date | None]]
) -> list[str]:
    """Dates the file gives that the rules compute must agree with the computation."""
    rules = treaty.rules
    in_file = {iso3 for _w, iso3, _r, _e, _x in checks}
    # The threshold counts every deposit: the file's and those already in the register.
    registered = (
        DepositaryFact.objects.for_treaty(treaty).filter(kind=FactKind.DEPOSIT).exclude(state__iso3__in=in_file)
    )
    # A successor's deposit by succession dates back to its date of succession.
    succession = dict(State.objects.filter(succeeded_on__isnull=False).values_list("iso3", "succeeded_on"))
    file_records = [replace(record, succeeded_on=succession.get(iso3)) for _w, iso3, record, _e, _x in checks]
    deposits = [record for record in file_records if record.deposited_on]
    deposits += [
        StateRecord(key=iso3, deposited_on=day, instrument=Instrument(kind), succeeded_on=succession.get(iso3))
        for iso3, day, kind in registered.values_list("state__iso3", "date", "instrument")
    ]
    treaty_dates = entry_into_force(rules, deposits)
    problems = []
    for (where, _iso3, _r, given_eif, given_effective), record in zip(checks, file_records, strict=True):
        if given_eif and record.deposited_on:
            computed = record_entry_into_force(rules, record, treaty_dates)
            if computed != given_eif:
                problems.append(
                    f"{where}, column entry_into_force_date: the file says {given_eif} but "
                    f"{treaty.short_name}'s rules give {computed or 'no date yet'}"
                )
        if given_effective and record.withdrawal_notified_on:
            computed = rules.withdrawal_effective_on(record.withdrawal_notified_on)
            if computed != given_effective:
                problems.append(
                    f"{where}, column withdrawal_effective_date: the file says {given_effective} but "
                    f"{treaty.short_name}'s rules give {computed}"
                )
    return problems
