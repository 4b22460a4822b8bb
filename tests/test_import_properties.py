"""Property-based tests: the importers read what they are given or refuse it cleanly."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from treatywatch.registry.countries import all_states
from treatywatch.registry.importers.csv_format import parse_csv
from treatywatch.registry.importers.dates import DateProblem, parse_day_month_year
from treatywatch.registry.importers.plan import ImportRefused, SourceInput
from treatywatch.registry.importers.untc import parse_untc_page
from treatywatch.registry.models import Treaty

SOURCE = SourceInput("property test")
CODES = sorted(all_states())
days = st.dates(min_value=date(2008, 6, 1), max_value=date(2025, 12, 31))


@st.composite
def state_rows(draw: st.DrawFn) -> list[dict[str, str]]:
    codes = draw(st.lists(st.sampled_from(CODES), min_size=1, max_size=12, unique=True))
    rows = []
    for code in codes:
        signed = draw(st.none() | days)
        deposited = draw(st.none() | days)
        if signed and deposited and deposited < signed:
            signed, deposited = deposited, signed
        instrument = "" if deposited is None else ("accession" if signed is None else "ratification")
        rows.append(
            {
                "state": all_states()[code].name,
                "iso3": code,
                "signature_date": signed.isoformat() if signed else "",
                "ratification_date": deposited.isoformat() if deposited else "",
                "action_type": instrument,
            }
        )
    return [r for r in rows if r["signature_date"] or r["ratification_date"]] or rows[:0]


def as_csv(rows: list[dict[str, str]]) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=["state", "iso3", "signature_date", "ratification_date", "action_type"])
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode()


@pytest.mark.django_db
@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=state_rows())
def test_every_valid_csv_row_becomes_its_facts(rows: list[dict[str, str]]) -> None:
    treaty = Treaty.objects.get(slug="ccm")
    if not rows:
        with pytest.raises(ImportRefused, match="no rows to import"):
            parse_csv(treaty, as_csv(rows), "f.csv", SOURCE)
        return
    facts, _names = parse_csv(treaty, as_csv(rows), "f.csv", SOURCE)
    expected = {(r["iso3"], "signature", r["signature_date"]) for r in rows if r["signature_date"]}
    expected |= {(r["iso3"], "deposit", r["ratification_date"]) for r in rows if r["ratification_date"]}
    assert {(f.iso3, f.fact.kind, f.fact.date.isoformat()) for f in facts} == expected


@pytest.mark.django_db
@settings(max_examples=80, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cell=st.text(max_size=20))
def test_any_text_in_a_date_cell_is_read_or_refused_with_a_message(cell: str) -> None:
    treaty = Treaty.objects.get(slug="ccm")
    content = as_csv(
        [{"state": "Kenya", "iso3": "KEN", "signature_date": cell, "ratification_date": "", "action_type": ""}]
    )
    try:
        facts, _names = parse_csv(treaty, content, "f.csv", SOURCE)
    except ImportRefused as refused:
        assert all(p.startswith("f.csv") for p in refused.problems)
    else:
        assert all(f.fact.date == date.fromisoformat(cell.strip()) for f in facts)


@given(text=st.text(max_size=30))
def test_untc_dates_are_read_or_refused(text: str) -> None:
    try:
        parsed = parse_day_month_year(text)
    except DateProblem as problem:
        assert repr(text) in str(problem)
    else:
        assert str(parsed.year) in text


@settings(max_examples=40)
@given(junk=st.binary(max_size=300))
def test_a_page_that_is_not_a_status_page_is_refused(junk: bytes) -> None:
    with pytest.raises(ImportRefused):
        parse_untc_page(junk, "junk.html")


OBLIGATION_HEADER = "state,obligation,kind,date,applies,new_deadline,period,note,citation\n"


@pytest.mark.django_db
@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None)
@given(
    column=st.sampled_from(OBLIGATION_HEADER.strip().split(",")),
    cell=st.text(max_size=40) | st.integers(min_value=0, max_value=25_000).map(lambda n: "x" * n),
)
def test_any_cell_of_an_obligations_file_is_planned_or_refused_with_a_message(column: str, cell: str) -> None:
    from treatywatch.obligations.importer import plan_obligations

    treaty = Treaty.objects.get(slug="ccm")
    row = dict.fromkeys(OBLIGATION_HEADER.strip().split(","), "")
    row.update(state="LAO", obligation="clearance", kind="declaration", applies="yes", citation="property test")
    row[column] = cell
    out = io.StringIO()
    csv.DictWriter(out, fieldnames=list(row)).writerows([dict(zip(row, row, strict=True)), row])
    try:
        plan = plan_obligations(out.getvalue().encode(), "o.csv", treaty)
    except ImportRefused as refused:
        assert all(p.startswith("o.csv") for p in refused.problems) and all(len(p) < 1000 for p in refused.problems)
    else:
        assert plan.unchanged + len(plan.additions) == 1
