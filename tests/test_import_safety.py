"""Importing a file is safe: the right treaty's page, its header checked before anything is written,
dry runs that write nothing, bounded files, fields and messages, and one pattern for every importer."""

from __future__ import annotations

import re
import tempfile
import tomllib
from io import StringIO
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.test import override_settings
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from treatywatch.obligations.models import ObligationFact
from treatywatch.registry.actions import do_register_treaty
from treatywatch.registry.importers.limits import PROBLEMS_SHOWN, TEXT_LIMIT, bounded
from treatywatch.registry.importers.plan import ImportRefused
from treatywatch.registry.importers.runner import import_untc_file
from treatywatch.registry.importers.untc import parse_untc_page
from treatywatch.registry.models import DepositaryFact, Source, State, Treaty

from .conftest import DATA, ROOT

CCM_PAGE = DATA / "untc" / "ccm.html"
CSV_HEADER = "state,iso3,signature_date,ratification_date,action_type,depositary_notification,source\n"


def run(*args: str) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def refusal(*args: str) -> str:
    with pytest.raises(CommandError, match="Import refused, nothing was changed") as refused:
        run(*args)
    return str(refused.value)


def row_counts() -> dict[str, int]:
    """How many rows every model holds: a dry run must leave each one as it was."""
    return {model._meta.label: model._default_manager.count() for model in apps.get_models()}


def register_empty_ccm_copy(**changes: str) -> Treaty:
    """A treaty with the CCM's rules, chapter and name, and no facts yet (an empty register for the CCM)."""
    definition = tomllib.loads((ROOT / "treaties" / "ccm.toml").read_text(encoding="utf-8"))
    definition.pop("key_dates_source", None)
    definition.update({"slug": "ccm-copy", **changes})
    return do_register_treaty(definition)


def cut_after_row(row: int) -> str:
    """The CCM's page saved cleanly up to the end of a participant row, and nothing after it."""
    html = CCM_PAGE.read_text(encoding="utf-8")
    table = html.index(">Participant<")
    ends = [m.end() for m in re.finditer(r"</tr>", html[table:])]
    return html[: table + ends[row]]  # ends[0] closes the heading row


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# The page must be the treaty's own.


def test_another_treatys_page_is_refused_naming_both_chapters_and_titles(apmbc: Treaty) -> None:
    before = row_counts()
    message = refusal("import_untc", str(CCM_PAGE), "--treaty", "apmbc", "--commit")
    assert "the page is chapter XXVI-6, Mine Ban Treaty is chapter XXVI-5" in message
    assert f"the page is the 'Convention on Cluster Munitions', Mine Ban Treaty is the {apmbc.name!r}" in message
    assert row_counts() == before


def test_a_treaty_without_a_chapter_is_checked_by_its_title(db: None) -> None:
    register_empty_ccm_copy(depositary_chapter="", name="Treaty on the Prohibition of Nuclear Weapons")
    message = refusal("import_untc", str(CCM_PAGE), "--treaty", "ccm-copy")
    assert "the page is the 'Convention on Cluster Munitions'" in message
    assert "chapter" not in message

    Treaty.objects.filter(slug="ccm-copy").update(name="Convention on Cluster Munitions")
    output = run("import_untc", str(CCM_PAGE), "--treaty", "ccm-copy", "--accept-difference", "not needed")
    assert "checked against the page on 2026-02-03" in output
    assert "--accept-difference was not needed: the page's header agrees with the import" in output


# The page's header, checked against the planned record before anything is written.


def test_a_page_cut_after_a_row_is_refused_in_the_dry_run_with_both_figures(db: None, tmp_path: Path) -> None:
    register_empty_ccm_copy()
    page = write(tmp_path, "ccm.html", cut_after_row(30))
    parsed = parse_untc_page(page.read_bytes(), "ccm.html")
    signed = len({f.iso3 for f in parsed.facts if f.fact.kind == "signature"})
    deposited = len({f.iso3 for f in parsed.facts if f.fact.kind == "deposit"})
    assert 0 < deposited < 112 and 0 < signed < 107
    before = row_counts()

    message = refusal("import_untc", str(page), "--treaty", "ccm-copy")

    assert f"signatories on 2026-02-03: the page counts 107, the import would give {signed}" in message
    assert f"parties on 2026-02-03: the page counts 112, the import would give {deposited}" in message
    assert "--accept-difference" in message
    assert row_counts() == before


@pytest.mark.django_db
@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.integers(min_value=1, max_value=124))
def test_a_page_cut_after_any_row_is_refused_even_with_commit(rows: int) -> None:
    copy = register_empty_ccm_copy()
    with tempfile.TemporaryDirectory() as folder:
        page = write(Path(folder), "ccm.html", cut_after_row(rows))
        with pytest.raises(ImportRefused) as refused:
            import_untc_file(page, "ccm-copy", commit=True)
    # The last row (Zambia) signed and ratified: any cut loses a signatory and a party. From Lithuania's
    # bracketed row on, the cut also loses the end note of its withdrawal, which refuses the page first.
    problems = "\n".join(refused.value.problems)
    assert ("the page counts 112, the import would give" in problems) or (
        rows >= 67 and "(Lithuania): the row is bracketed (withdrawn) but no end note" in problems
    )
    assert not DepositaryFact.objects.filter(treaty=copy).exists()


def test_an_editor_can_accept_a_known_difference_and_the_reason_is_kept(db: None, tmp_path: Path) -> None:
    copy = register_empty_ccm_copy()
    page = write(tmp_path, "ccm.html", cut_after_row(30))
    reason = "the first 30 rows only, to try the import (test)"

    dry = run("import_untc", str(page), "--treaty", "ccm-copy", "--accept-difference", reason)
    assert "Dry run: nothing was written" in dry
    assert not DepositaryFact.objects.filter(treaty=copy).exists()

    output = run("import_untc", str(page), "--treaty", "ccm-copy", "--accept-difference", reason, "--commit")
    assert "note: difference with the page's header accepted: signatories on 2026-02-03: the page counts 107" in output
    facts = DepositaryFact.objects.filter(treaty=copy)
    assert facts.count() == len(parse_untc_page(page.read_bytes(), "ccm.html").facts)
    citations = set(facts.values_list("source__citation", flat=True))
    assert len(citations) == 1
    (citation,) = citations
    assert citation.startswith("UN Treaty Collection status page, MTDSG chapter XXVI-6, status as at 2026-02-03")
    assert "the page counts 112" in citation and f"Accepted by an editor: {reason}" in citation
    reasons = {f.history.first().history_change_reason for f in facts}
    assert reasons == {"imported from UN Treaty Collection page ccm.html (header difference accepted)"}


def test_the_whole_page_into_an_empty_register_agrees_with_its_header(db: None) -> None:
    copy = register_empty_ccm_copy()
    output = run("import_untc", str(CCM_PAGE), "--treaty", "ccm-copy")
    assert "checked against the page on 2026-02-03: 107 signatories, 112 parties (1 withdrawn)" in output
    assert "Dry run: nothing was written" in output
    assert not DepositaryFact.objects.filter(treaty=copy).exists()


# A dry run writes nothing at all.


def test_a_dry_run_that_needs_a_new_state_writes_nothing_and_the_commit_creates_it(ccm: Treaty, tmp_path: Path) -> None:
    # A State the country tables hold but the register lacks (one without facts under any shipped treaty).
    absent = State.objects.filter(
        facts__isnull=True, obligation_facts__isnull=True, findings__isnull=True, ended_on__isnull=True
    )[0]
    absent.delete()
    path = write(tmp_path, "states.csv", CSV_HEADER + f"{absent.name},{absent.iso3},2008-12-03,,,,test row\n")
    before = row_counts()

    output = run("import_csv", str(path), "--treaty", "ccm")

    assert "1 State(s) to create" in output and f"create 1 State(s) from the country tables: {absent.iso3}" in output
    assert row_counts() == before
    run("import_csv", str(path), "--treaty", "ccm", "--commit")
    assert DepositaryFact.objects.get(treaty=ccm, state__iso3=absent.iso3).kind == "signature"


def test_a_dry_run_of_the_obligations_importer_writes_nothing_and_reads_rows_in_order(
    ccm: Treaty, tmp_path: Path
) -> None:
    shipped = (DATA / "ccm" / "obligations.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    bulgaria = [line for line in shipped[1:] if line.startswith("BGR,stockpile_destruction,")]
    assert [line.split(",")[2] for line in bulgaria[:3]] == ["declaration", "extension_requested", "extension_granted"]
    ObligationFact.objects.filter(treaty=ccm, state__iso3="BGR").delete()
    path = write(tmp_path, "obligations.csv", shipped[0] + "".join(bulgaria))
    before = row_counts()

    # The extension needs the declaration above it: the plan checks it without writing either.
    output = run("import_obligations", str(path), "--treaty", "ccm")

    assert output.splitlines()[0] == f"CCM obligations: {len(bulgaria)} to add, 0 unchanged"
    assert "add extension_granted for Bulgaria, stockpile_destruction: 2019-09-04" in output
    assert output.splitlines()[-1] == "Dry run: nothing was written. Run again with --commit to apply."
    assert row_counts() == before
    assert run("import_obligations", str(path), "--treaty", "ccm", "--commit").splitlines()[-1] == "Committed."
    assert ObligationFact.objects.filter(treaty=ccm, state__iso3="BGR").count() == len(bulgaria)


# Limits: file size, field length, repeated rows, and a bounded list of problems.


@pytest.mark.parametrize(
    ("command", "path"),
    [
        ("import_untc", CCM_PAGE),
        ("import_csv", DATA / "ccm" / "states.csv"),
        ("import_obligations", DATA / "ccm" / "obligations.csv"),
    ],
)
def test_a_file_over_the_size_limit_is_refused_before_it_is_read(ccm: Treaty, command: str, path: Path) -> None:
    with override_settings(TREATYWATCH_IMPORT_MAX_BYTES=1000):
        message = refusal(command, str(path), "--treaty", "ccm")
    assert f"{path}: the file is {path.stat().st_size:,} bytes, more than the 1,000 an import reads" in message
    assert message.count("\n") == 1


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (
            "Kenya,KEN,2008-12-03,2025-01-15,ratification," + "C" * 81 + ",x\n",
            "row 2, column depositary_notification: 81 characters, more than the 80 allowed",
        ),
        ("K" * 121 + ",KEN,2008-12-03,,,,x\n", "row 2, column state: 121 characters, more than the 120 allowed"),
        ("Kenya,KEN,2008-12-03,,,," + "s" * (TEXT_LIMIT + 1) + "\n", "row 2, column source: 20,001 characters"),
        ("Kenya,KEN," + "2" * 101 + ",,,,x\n", "row 2, column signature_date: 101 characters, more than the 100"),
        ("Kenya,KEN,2008-12-03,,,," + "s" * 200_000 + "\n", "row 2: not readable as CSV (field larger than field"),
    ],
)
def test_a_field_over_its_limit_gets_one_short_message(ccm: Treaty, tmp_path: Path, row: str, message: str) -> None:
    path = write(tmp_path, "states.csv", CSV_HEADER + row)
    before = row_counts()
    refused = refusal("import_csv", str(path), "--treaty", "ccm", "--commit")
    assert message in refused
    assert refused.count("\n") == 1 and len(refused) < 500
    assert row_counts() == before


def test_a_page_with_an_overlong_declaration_is_refused_naming_it(ccm: Treaty, tmp_path: Path) -> None:
    original = CCM_PAGE.read_text(encoding="utf-8")
    walloon = "the region of Walloon"
    assert walloon in original
    page = write(tmp_path, "ccm.html", original.replace(walloon, walloon + " x" * TEXT_LIMIT, 1))
    message = refusal("import_untc", str(page), "--treaty", "ccm")
    assert "declarations (Belgium): the text is" in message and "more than the 20,000 allowed" in message
    assert len(message) < 1000


def test_a_repeated_participant_row_is_one_message_per_fact(ccm: Treaty, tmp_path: Path) -> None:
    original = CCM_PAGE.read_text(encoding="utf-8")
    vanuatu = '<tr class="trBGGrey">\n\t\t<td>Vanuatu<br></td>'
    assert vanuatu in original
    start = original.index(vanuatu)
    row = original[start : original.index("</tr>", start) + len("</tr>")]
    page = write(tmp_path, "ccm.html", original.replace(row, row + "\n\t" + row, 1))
    message = refusal("import_untc", str(page), "--treaty", "ccm")
    assert (
        "participant row 125 (Vanuatu), instrument: repeats "
        f"{page}, participant row 124 (Vanuatu), instrument" in message
    )
    assert "1 problem(s)" in message


def test_a_repeated_obligation_fact_is_one_message(ccm: Treaty, tmp_path: Path) -> None:
    shipped = (DATA / "ccm" / "obligations.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    path = write(tmp_path, "obligations.csv", shipped[0] + shipped[1] + shipped[1])
    message = refusal("import_obligations", str(path), "--treaty", "ccm", "--commit")
    assert f"{path}, row 3: repeats row 2" in message and "1 problem(s)" in message


def test_fifty_thousand_bad_rows_give_a_bounded_message(ccm: Treaty, tmp_path: Path) -> None:
    path = write(tmp_path, "states.csv", CSV_HEADER + "Kenya,KEN,2008-12-03,,,,x,extra\n" * 50_000)
    message = refusal("import_csv", str(path), "--treaty", "ccm")
    lines = message.splitlines()
    assert lines[0] == "Import refused, nothing was changed. 50,000 problem(s):"
    assert lines[1] == f"  - {path}, row 2: more cells than columns"
    assert len(lines) == 1 + PROBLEMS_SHOWN + 1
    assert lines[-1] == "  - ... and 49,990 more problems"


@given(count=st.integers(min_value=0, max_value=500), shown=st.integers(min_value=1, max_value=20))
def test_a_list_of_problems_is_bounded_and_counts_the_rest(count: int, shown: int) -> None:
    problems = [f"problem {n}" for n in range(count)]
    listed = bounded(problems, shown)
    if count <= shown:
        assert listed == problems
    else:
        assert listed[:shown] == problems[:shown] and len(listed) == shown + 1
        assert int(re.sub(r"\D", "", listed[-1])) == count - shown


def test_a_problem_quoting_a_huge_value_is_cut_short(ccm: Treaty, tmp_path: Path) -> None:
    original = CCM_PAGE.read_text(encoding="utf-8")
    page = write(tmp_path, "ccm.html", original.replace("<td>Vanuatu<br></td>", f"<td>{'Atlantis ' * 5000}</td>", 1))
    message = refusal("import_untc", str(page), "--treaty", "ccm")
    assert "participant row 124: unknown State 'Atlantis Atlantis" in message
    assert re.search(r"\.\.\. \([\d,]+ more characters\)", message) and len(message) < 1000


def test_a_source_citation_in_the_register_limits_is_accepted(ccm: Treaty, tmp_path: Path) -> None:
    row = "Kenya,KEN,2008-12-03,2025-01-15,ratification,," + "s" * TEXT_LIMIT + "\n"
    path = write(tmp_path, "states.csv", CSV_HEADER + row)
    assert "1 to add" in run("import_csv", str(path), "--treaty", "ccm")
    assert not Source.objects.filter(citation="s" * TEXT_LIMIT).exists()


def test_a_page_cut_after_its_withdrawn_rows_says_it_has_no_end_notes(db: None, tmp_path: Path) -> None:
    # Cut after Lithuania's bracketed row (withdrawn): the end note that gives its withdrawal is missing.
    html = CCM_PAGE.read_text(encoding="utf-8")
    table = html.index(">Participant<")
    path = write(tmp_path, "cut.html", html[: html.index("</table>", table) + len("</table>")])

    message = refusal("import_untc", str(path), "--treaty", "ccm")

    assert "no end note gives the withdrawal" in message
    assert "the page has no end notes at all: was it saved before it finished loading, or cut short?" in message
