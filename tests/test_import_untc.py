"""Importing UN Treaty Collection status pages as saved from the site."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from treatywatch.registry.importers.plan import ImportRefused
from treatywatch.registry.importers.runner import import_untc_file
from treatywatch.registry.importers.untc import parse_untc_page
from treatywatch.registry.models import DepositaryFact, FactKind, Treaty

from .conftest import DATA

CCM_PAGE = DATA / "untc" / "ccm.html"


def run(*args: str) -> str:
    from io import StringIO

    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_the_ccm_page_is_read_as_the_depositary_wrote_it() -> None:
    page = parse_untc_page(CCM_PAGE.read_bytes(), "ccm.html")
    assert page.status_as_at == date(2026, 2, 3)
    assert (page.signatories, page.parties, page.entry_into_force_on) == (107, 112, date(2010, 8, 1))
    assert page.withdrawn == {"LTU"}
    kinds = {(f.iso3, f.fact.kind): f.fact for f in page.facts}
    assert kinds[("AND", FactKind.DEPOSIT)].instrument == "accession"  # "9 Apr 2013 a"
    assert kinds[("JPN", FactKind.DEPOSIT)].instrument == "acceptance"  # "14 Jul 2009 A"
    assert kinds[("LTU", FactKind.WITHDRAWAL)].date == date(2024, 9, 6)
    assert kinds[("LTU", FactKind.WITHDRAWAL)].depositary_notification == "C.N.347.2024.TREATIES-XXVI-6"
    assert kinds[("NOR", FactKind.PROVISIONAL_APPLICATION)].date == date(2008, 12, 3)
    assert kinds[("GBR", FactKind.TERRITORIAL_APPLICATION)].date == date(2014, 2, 21)  # Isle of Man
    assert "Walloon" in kinds[("BEL", FactKind.DECLARATION)].text
    assert page.names["BOL"] == "Bolivia (Plurinational State of)"


def test_importing_the_shipped_page_again_changes_nothing(ccm: Treaty) -> None:
    before = list(DepositaryFact.objects.for_treaty(ccm).values_list("pk", "date", "updated_at"))
    output = run("import_untc", str(CCM_PAGE), "--treaty", "ccm", "--commit")
    assert "0 to add, 0 to correct" in output
    assert "Nothing to change" in output
    assert "107 signatories, 112 parties" in output
    assert list(DepositaryFact.objects.for_treaty(ccm).values_list("pk", "date", "updated_at")) == before


def test_a_dry_run_shows_the_changes_and_writes_nothing(ccm: Treaty, tmp_path: Path) -> None:
    edited = CCM_PAGE.read_text(encoding="utf-8").replace("<td>Vanuatu<br></td>", "<td>Vanuatu<br></td>", 1)
    edited = edited.replace(" &nbsp;5 Sep\t 2025 a", " &nbsp;6 Sep\t 2025 a")
    page = tmp_path / "ccm.html"
    page.write_text(edited, encoding="utf-8")
    output = run("import_untc", str(page), "--treaty", "ccm")
    assert "correct deposit of an instrument of Vanuatu: 2025-09-05 (accession) -> 2025-09-06 (accession)" in output
    assert "Dry run: nothing was written" in output
    assert DepositaryFact.objects.get(treaty=ccm, state__iso3="VUT", kind="deposit").date == date(2025, 9, 5)


def test_a_committed_correction_is_kept_in_the_history(ccm: Treaty, tmp_path: Path) -> None:
    page = tmp_path / "ccm.html"
    page.write_text(CCM_PAGE.read_text(encoding="utf-8").replace(" &nbsp;5 Sep\t 2025 a", " &nbsp;6 Sep\t 2025 a"))
    run("import_untc", str(page), "--treaty", "ccm", "--commit")
    fact = DepositaryFact.objects.get(treaty=ccm, state__iso3="VUT", kind="deposit")
    assert fact.date == date(2025, 9, 6)
    latest, previous = fact.history.all()[:2]
    assert previous.date == date(2025, 9, 5)
    assert latest.history_change_reason == "imported from UN Treaty Collection page ccm.html"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("<td>Vanuatu<br></td>", "<td>Atlantis<br></td>"), "participant row 124: unknown State 'Atlantis'"),
        (
            (" &nbsp;5 Sep\t 2025 a", "31 Feb\t 2025 a"),
            "(Vanuatu), column instrument: '31 Feb 2025' is not a day that exists",
        ),
        ((" &nbsp;5 Sep\t 2025 a", "sometime"), "(Vanuatu), column instrument: 'sometime' is not a date"),
        (
            (" &nbsp;5 Sep\t 2025 a", " &nbsp;5 Sep\t 2025 x"),
            "(Vanuatu), column instrument: '5 Sep 2025 x' is not a date",
        ),
        (
            ("deposited with the Secretary-General a notification of withdrawal", "wrote"),
            "bracketed (withdrawn) but no end note",
        ),
        (("Participant<br>", "Country<br>"), "no participant table"),
    ],
)
def test_a_malformed_page_is_refused_naming_the_row_and_nothing_changes(
    ccm: Treaty, tmp_path: Path, change: tuple[str, str], message: str
) -> None:
    original = CCM_PAGE.read_text(encoding="utf-8")
    assert change[0] in original
    page = tmp_path / "ccm.html"
    page.write_text(original.replace(change[0], change[1], 1), encoding="utf-8")
    count = DepositaryFact.objects.count()
    with pytest.raises(CommandError, match="Import refused, nothing was changed") as refused:
        run("import_untc", str(page), "--treaty", "ccm", "--commit")
    assert message in str(refused.value)
    assert DepositaryFact.objects.count() == count


def test_a_withdrawal_dated_before_the_deposit_is_refused(ccm: Treaty, tmp_path: Path) -> None:
    original = CCM_PAGE.read_text(encoding="utf-8")
    page = tmp_path / "ccm.html"
    page.write_text(original.replace("On 6 September 2024, the Government", "On 6 September 2010, the Government"))
    with pytest.raises(ImportRefused, match="withdrawal notified on 2010-09-06 before the instrument deposited"):
        import_untc_file(page, "ccm", commit=True)


def test_an_unknown_treaty_or_file_gets_a_clear_message(db: None, tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="No treaty 'xyz' in the register"):
        run("import_untc", str(CCM_PAGE), "--treaty", "xyz")
    with pytest.raises(CommandError, match="no such file"):
        run("import_untc", str(tmp_path / "missing.html"), "--treaty", "ccm")
    binary = tmp_path / "binary.html"
    binary.write_bytes(b"")
    with pytest.raises(CommandError, match="not an HTML page"):
        run("import_untc", str(binary), "--treaty", "ccm")


def test_load_register_never_overwrites_an_editors_correction(ccm: Treaty) -> None:
    from treatywatch.registry.actions import FactInput, do_correct_fact

    fact = DepositaryFact.objects.get(treaty=ccm, state__iso3="VUT", kind="deposit")
    do_correct_fact(fact, fact=FactInput("deposit", date(2025, 9, 8), "accession"), reason="depositary erratum (test)")
    output = run("load_register")
    assert "CCM: already loaded, left as it is." in output
    assert DepositaryFact.objects.get(pk=fact.pk).date == date(2025, 9, 8)


def test_a_protocol_page_reads_consents_to_be_bound_and_refuses_another_suffix() -> None:
    from .untc_pages import CONSENT, Row, StatusPage, cell_date

    # Constructed rows in the layout of a CCW protocol's page (not the depositary's record).
    rows = [
        Row("Austria", [cell_date(date(1997, 7, 27))]),
        Row("Croatia", [cell_date(date(1993, 12, 2), "d")]),
    ]
    page = StatusPage("XXVI", "2", "Protocol", "Vienna, 13 October 1995", date(2026, 2, 3), [CONSENT], rows)
    kinds = {f.iso3: f.fact.instrument for f in parse_untc_page(page.html().encode(), "p.html").facts}
    assert kinds == {"AUT": "consent_to_be_bound", "HRV": "succession"}
    page.rows = [Row("Austria", [cell_date(date(1997, 7, 27), "a")])]
    with pytest.raises(ImportRefused, match="suffix 'a' is not a consent to be bound"):
        parse_untc_page(page.html().encode(), "p.html")
