"""Importing obligation facts from CSV: precision of a new deadline, two sources for one decision, refusals."""

from __future__ import annotations

import re
from datetime import date, timedelta
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from treatywatch.core.dates import add_months
from treatywatch.obligations.models import ObligationFact
from treatywatch.registry.models import Treaty

from .deadline_facts import party_without_facts, stockpile_deadline

HEADER = "state,obligation,kind,date,date_precision,applies,new_deadline,new_deadline_precision,decided_by,citation\n"


def write(tmp_path: Path, rows: list[str]) -> Path:
    path = tmp_path / "obligations.csv"
    path.write_text(HEADER + "".join(f"{row}\n" for row in rows), encoding="utf-8")
    return path


def test_two_sources_for_one_decision_are_imported_and_shown_as_a_conflict(ccm: Treaty, tmp_path: Path) -> None:
    state = party_without_facts(ccm, "AUT")
    rows = [f"{state.iso3},stockpile_destruction,declaration,,,yes,,,,Article 7 report (test)"]
    call_command("import_obligations", str(write(tmp_path, rows)), "--treaty", "ccm", "--commit", stdout=StringIO())
    due = stockpile_deadline(ccm, state, date(2026, 2, 3))
    granted, exact, month_end = add_months(due, -1), add_months(due, 18), add_months(due, 17)
    rows += [
        f"{state.iso3},stockpile_destruction,extension_granted,{granted},day,,{exact},,9MSP,Meeting report (test)",
        f"{state.iso3},stockpile_destruction,extension_granted,{granted},day,,{month_end},month,9MSP,Monitor (test)",
    ]
    out = StringIO()
    call_command("import_obligations", str(write(tmp_path, rows)), "--treaty", "ccm", "--commit", stdout=out)
    assert "2 to add, 1 unchanged" in out.getvalue()
    assert ObligationFact.objects.get(state=state, source__citation="Monitor (test)").new_deadline_precision == "month"
    body = Client().get("/api/v1/treaties/ccm/compliance", {"obligation": "stockpile_destruction"}).json()
    (row,) = [d for d in body["deadlines"] if d["iso3"] == state.iso3]
    assert row["current_deadline"] == exact.isoformat()
    assert row["conflicts"] == [
        f"sources disagree: {exact.day} {exact:%B %Y} (Meeting report (test)) / {month_end:%B %Y} (Monitor (test))"
    ]


def test_an_unknown_precision_refuses_the_whole_file_and_says_where(ccm: Treaty, tmp_path: Path) -> None:
    state = party_without_facts(ccm, "AUT")
    rows = [
        f"{state.iso3},stockpile_destruction,declaration,,,yes,,,,Article 7 report (test)",
        f"{state.iso3},stockpile_destruction,extension_granted,2018-07-01,day,,2019-07-01,soon,9MSP,Report (test)",
    ]
    path = write(tmp_path, rows)
    where = re.escape(f"row 3 ({state.name}, stockpile_destruction): Unknown new deadline precision 'soon'")
    with pytest.raises(CommandError, match=where):
        call_command("import_obligations", str(path), "--treaty", "ccm", "--commit", stdout=StringIO())
    assert not ObligationFact.objects.filter(state=state).exists()


def test_a_new_deadline_known_to_the_month_is_held_to_the_treatys_limit_by_its_first_day(
    ccm: Treaty, tmp_path: Path
) -> None:
    # Article 3(3): extensions of up to four years. "In the month four years after the deadline" can be on
    # time (its first day is within the limit) although the month's last day, which is stored, is not.
    state = party_without_facts(ccm, "AUT")
    declared = f"{state.iso3},stockpile_destruction,declaration,,,yes,,,,Article 7 report (test)"
    call_command(
        "import_obligations", str(write(tmp_path, [declared])), "--treaty", "ccm", "--commit", stdout=StringIO()
    )
    due = stockpile_deadline(ccm, state, date(2026, 2, 3))
    granted, limit = add_months(due, -1), add_months(due, 48)
    month = add_months(limit.replace(day=1), 1) - timedelta(days=1)  # the last day of the limit's month
    within = f"{state.iso3},stockpile_destruction,extension_granted,{granted},day,,{month},month,9MSP,Report (test)"

    call_command(
        "import_obligations", str(write(tmp_path, [declared, within])), "--treaty", "ccm", "--commit", stdout=StringIO()
    )

    assert ObligationFact.objects.get(state=state, kind="extension_granted").new_deadline == month
    beyond = within.replace(f",{month},month,", f",{add_months(limit, 1)},month,")
    with pytest.raises(CommandError, match="allows extensions of up to 48 months"):
        call_command(
            "import_obligations",
            str(write(tmp_path, [declared, beyond])),
            "--treaty",
            "ccm",
            "--commit",
            stdout=StringIO(),
        )
