"""Importing a treaty's States from the documented CSV format."""

from __future__ import annotations

from pathlib import Path

import pytest

from treatywatch.registry.importers.csv_format import parse_csv
from treatywatch.registry.importers.plan import ImportRefused, SourceInput
from treatywatch.registry.importers.runner import import_csv_file
from treatywatch.registry.importers.untc import parse_untc_page
from treatywatch.registry.models import DepositaryFact, Treaty

from .conftest import DATA

HEADER = "state,iso3,signature_date,ratification_date,action_type,withdrawal_notified_date,source\n"
SOURCE = SourceInput("test", "", None, False)


def write(tmp_path: Path, rows: str, header: str = HEADER) -> Path:
    path = tmp_path / "states.csv"
    path.write_text(header + rows, encoding="utf-8")
    return path


def test_the_shipped_csv_agrees_with_the_untc_page_fact_by_fact(ccm: Treaty) -> None:
    csv_facts, _names = parse_csv(ccm, (DATA / "ccm" / "states.csv").read_bytes(), "states.csv", SOURCE)
    page = parse_untc_page((DATA / "untc" / "ccm.html").read_bytes(), "ccm.html")
    status_kinds = {"signature", "deposit", "withdrawal"}

    def key(facts: list) -> set[tuple[str, str, str, str]]:
        return {
            (f.iso3, f.fact.kind, f.fact.date.isoformat(), f.fact.instrument)
            for f in facts
            if f.fact.kind in status_kinds
        }

    assert key(csv_facts) == key(page.facts)
    assert len(key(csv_facts)) == 108 + 113 + 1


def test_importing_the_shipped_csv_again_changes_nothing(ccm: Treaty) -> None:
    report = import_csv_file(DATA / "ccm" / "states.csv", "ccm", commit=True)
    assert report.plan.is_noop and not report.committed


def test_a_new_accession_is_added_with_its_source(ccm: Treaty, tmp_path: Path) -> None:
    path = write(tmp_path, "Kenya,KEN,2008-12-03,2025-01-15,ratification,,Kenya's instrument (test)\n")
    dry = import_csv_file(path, "ccm", commit=False)
    assert [c.describe() for c in dry.plan.changes] == [
        f"add deposit of an instrument of Kenya: 2025-01-15 (ratification) [{path}, row 2, column ratification_date]"
    ]
    assert not DepositaryFact.objects.filter(treaty=ccm, state__iso3="KEN", kind="deposit").exists()
    import_csv_file(path, "ccm", commit=True)
    fact = DepositaryFact.objects.get(treaty=ccm, state__iso3="KEN", kind="deposit")
    assert fact.source.citation == "Kenya's instrument (test)"


def test_an_accession_may_be_deposited_before_any_signature(ccm: Treaty, tmp_path: Path) -> None:
    path = write(tmp_path, "Algeria,DZA,2025-02-01,2025-01-15,accession,,test\n")
    assert len(import_csv_file(path, "ccm", commit=False).plan.changes) == 2


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ("Atlantis,,2008-12-03,,,,x\n", "row 2, column state: unknown State 'Atlantis'"),
        (
            "Kenya,KEN,2008-12-03,2011-02-30,ratification,,x\n",
            "row 2, column ratification_date: '2011-02-30' is not a valid date",
        ),
        ("Kenya,KEN,2008-12-03,2011-02-03,ratified,,x\n", "row 2, column action_type: 'ratified' is not one of"),
        (
            "Kenya,KEN,2010-12-03,2009-02-03,ratification,,x\n",
            "ratification deposited on 2009-02-03 before signature on 2010-12-03",
        ),
        (
            "Kenya,KEN,2008-12-03,2012-01-01,ratification,2011-01-01,x\n",
            "withdrawal notified on 2011-01-01 before the instrument",
        ),
        ("Kenya,KEN,2008-12-03,,,2011-01-01,x\n", "a withdrawal needs an instrument deposited before it"),
        ("Kenya,KEN,2099-12-03,,,,x\n", "2099-12-03 is in the future"),
        ("Kenya,KEN,1990-12-03,,,,x\n", "before the treaty was adopted (2008-05-30)"),
        ("Kenya,FRA,2008-12-03,,,,x\n", "the name 'Kenya' is KEN, not the code 'FRA'"),
        ("Kenya,KEN,2008-12-03,,,,x\nKenya,KEN,2008-12-03,,,,x\n", "row 3: repeats row 2"),
        ("Kenya,KEN,2008-12-03,,,,x\nKenya,KEN,2008-12-04,,,,x\n", "row 3: Kenya is already on row 2"),
        ("Kenya,KEN,2008-12-03,,,,x,extra\n", "row 2: more cells than columns"),
    ],
)
def test_bad_rows_are_refused_naming_row_and_column_and_nothing_changes(
    ccm: Treaty, tmp_path: Path, rows: str, message: str
) -> None:
    count = DepositaryFact.objects.count()
    # A good row first: the import is all or nothing.
    path = write(tmp_path, "Angola,AGO,2008-12-03,2024-05-05,ratification,,ok\n" + rows)
    with pytest.raises(ImportRefused) as refused:
        import_csv_file(path, "ccm", commit=True)
    shifted = message.replace("row 3", "row 4").replace("row 2", "row 3")
    assert any(shifted in problem for problem in refused.value.problems), refused.value.problems
    assert DepositaryFact.objects.count() == count


def test_a_file_without_the_required_columns_is_refused(ccm: Treaty, tmp_path: Path) -> None:
    path = write(tmp_path, "Kenya,2008\n", header="name,date\n")
    with pytest.raises(ImportRefused, match="missing column"):
        import_csv_file(path, "ccm", commit=True)


def test_a_computed_date_in_the_file_must_agree_with_the_rules(ccm: Treaty, tmp_path: Path) -> None:
    header = "state,iso3,signature_date,ratification_date,action_type,entry_into_force_date\n"
    path = write(tmp_path, "Kenya,KEN,2008-12-03,2025-01-15,ratification,2025-04-15\n", header=header)
    with pytest.raises(ImportRefused, match="the file says 2025-04-15 but CCM's rules give 2025-07-01"):
        import_csv_file(path, "ccm", commit=False)


def test_a_file_that_is_not_utf8_is_refused(ccm: Treaty, tmp_path: Path) -> None:
    path = tmp_path / "states.csv"
    path.write_bytes(HEADER.encode() + "Côte d'Ivoire,CIV,2008-12-04,,,,x\n".encode("latin-1"))
    with pytest.raises(ImportRefused, match="not UTF-8 text"):
        import_csv_file(path, "ccm", commit=False)


def test_a_name_we_do_not_recognise_is_accepted_with_a_valid_code(ccm: Treaty, tmp_path: Path) -> None:
    path = write(tmp_path, "Republic of Kenya (the),KEN,2008-12-03,2025-01-15,ratification,,x\n")
    report = import_csv_file(path, "ccm", commit=False)
    assert report.plan.renames == {"KEN": "Republic of Kenya (the)"}


def test_an_instrument_without_its_date_is_refused(ccm: Treaty, tmp_path: Path) -> None:
    path = write(tmp_path, "Kenya,KEN,2008-12-03,,accession,,x\n")
    with pytest.raises(ImportRefused, match="column ratification_date: action_type 'accession' needs a date"):
        import_csv_file(path, "ccm", commit=False)
