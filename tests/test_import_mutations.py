"""Hypothesis mutates the REAL shipped files: rows deleted, duplicated or garbled, cells garbled, removed or
added, the file cut short. Every import then either refuses with what, where and why, or reads a correct
record: never a traceback, and never a change the mutation cannot explain."""

from __future__ import annotations

import copy
import csv
import io
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import lxml.html
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from treatywatch.obligations.importer import import_obligations_file
from treatywatch.registry.importers.limits import PROBLEM_LENGTH, bounded
from treatywatch.registry.importers.pattern import ImportReport
from treatywatch.registry.importers.plan import ImportRefused
from treatywatch.registry.importers.runner import import_csv_file, import_untc_file
from treatywatch.registry.importers.untc import _participant_table
from treatywatch.registry.models import Treaty

from .conftest import DATA

UNTC_PAGES = sorted(p.stem for p in (DATA / "untc").glob("*.html"))
CSV_FILES = [DATA / "ccm" / "states.csv", DATA / "ccm" / "obligations.csv"]
# Each garbled row may change at most this many facts (a signature, a deposit, a withdrawal...).
FACTS_PER_ROW = 4
FUZZ = settings(
    max_examples=20,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)

# What an editor's slip or a damaged download puts in a cell.
cells = st.one_of(
    st.text(max_size=30),
    st.sampled_from(["", " ", "=1+1", "2099-01-01", "2010-02-30", "31/12/2010", "n/a", "Ratification", "\x00", "-"]),
    st.integers(min_value=200, max_value=30_000).map(lambda n: "9" * n),
    st.dates().map(lambda d: d.isoformat()),
)

# lxml cannot hold control characters in a tree: the byte-level tests bring those.
printable_cells = cells.map(lambda text: "".join(c for c in text if c.isprintable()))


def import_file(name: str, content: bytes, run: Callable[[Path], ImportReport[Any]]) -> ImportReport[Any] | None:
    """Run the import as its command does (a dry run); None when it was refused as it should be."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(content)
        try:
            return run(path)
        except ImportRefused as refused:
            assert_clear(refused, path)
            return None


def assert_clear(refused: ImportRefused, path: Path) -> None:
    """A refusal says what is wrong, in which file (and row or cell), readably."""
    assert refused.problems, "a refusal must say what is wrong"
    for problem in refused.problems:
        assert problem.startswith(str(path)), f"the refusal does not name the file: {problem[:300]!r}"
    # As the import commands show it: each problem cut to a readable length, the rest counted.
    assert all(len(shown) <= PROBLEM_LENGTH + 40 for shown in bounded(refused.problems))


def planned_changes(report: ImportReport[Any]) -> int:
    plan = report.plan
    return len(getattr(plan, "changes", getattr(plan, "additions", [])))


@st.composite
def mutated_rows(draw: st.DrawFn, rows: list[list[str]]) -> tuple[list[list[str]], int, bool]:
    """The rows after one to three mutations; how many rows were garbled; whether any was."""
    rows = [list(r) for r in rows]
    garbled = 0
    for _ in range(draw(st.integers(1, 3))):
        at = draw(st.integers(1, len(rows) - 1))  # row 0 is the header, mutated only by garbling
        action = draw(st.sampled_from(["delete", "duplicate", "garble", "drop cell", "add cell", "header"]))
        if action == "delete" and len(rows) > 2:
            del rows[at]
        elif action == "duplicate":
            rows.insert(at, list(rows[at]))
        elif action == "garble":
            column = draw(st.integers(0, len(rows[at]) - 1))
            rows[at][column] = draw(cells)
            garbled += 1
        elif action == "drop cell" and rows[at]:
            del rows[at][draw(st.integers(0, len(rows[at]) - 1))]
            garbled += 1
        elif action == "add cell":
            rows[at].append(draw(cells))
            garbled += 1
        elif action == "header":
            rows[0][draw(st.integers(0, len(rows[0]) - 1))] = draw(cells)
            garbled += len(rows)
    return rows, garbled, garbled > 0


def as_csv(rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue().encode()


def csv_importer(path: Path) -> Callable[[Path], ImportReport[Any]]:
    treaty = Treaty.objects.get(slug="ccm")
    if path.name == "obligations.csv":
        return lambda p: import_obligations_file(p, treaty, commit=False)
    return lambda p: import_csv_file(p, "ccm", commit=False)


@pytest.mark.django_db
@pytest.mark.parametrize("path", CSV_FILES, ids=lambda p: p.name)
def test_the_real_csv_files_import_as_the_register_already_holds_them(path: Path) -> None:
    report = import_file(path.name, path.read_bytes(), csv_importer(path))
    assert report is not None and planned_changes(report) == 0


@pytest.mark.django_db
@pytest.mark.parametrize("path", CSV_FILES, ids=lambda p: p.name)
def test_a_mutated_real_csv_file_is_refused_with_where_or_read_correctly(path: Path) -> None:
    original = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
    run = csv_importer(path)

    @FUZZ
    @given(mutation=mutated_rows(original))
    def check(mutation: tuple[list[list[str]], int, bool]) -> None:
        rows, garbled, _ = mutation
        report = import_file(path.name, as_csv(rows), run)
        if report is not None:
            # Deleting or duplicating rows adds nothing; a garbled row changes at most its own facts.
            assert planned_changes(report) <= FACTS_PER_ROW * garbled

    check()


@pytest.mark.django_db
@pytest.mark.parametrize("path", CSV_FILES, ids=lambda p: p.name)
def test_a_real_csv_file_cut_short_or_with_stray_bytes_is_refused_or_read(path: Path) -> None:
    content = path.read_bytes()
    run = csv_importer(path)

    @FUZZ
    @given(at=st.integers(0, len(content)), stray=st.binary(max_size=8), cut=st.booleans())
    def check(at: int, stray: bytes, cut: bool) -> None:
        damaged = content[:at] if cut else content[:at] + stray + content[at:]
        report = import_file(path.name, damaged, run)
        if report is not None:
            assert planned_changes(report) <= 2 * FACTS_PER_ROW  # the row cut or hit (and a row split in two)

    check()


def untc_importer(slug: str) -> Callable[[Path], ImportReport[Any]]:
    return lambda p: import_untc_file(p, slug, commit=False)


@pytest.mark.django_db
@pytest.mark.parametrize("slug", UNTC_PAGES)
def test_the_real_untc_pages_import_as_the_register_already_holds_them(slug: str) -> None:
    report = import_file(f"{slug}.html", (DATA / "untc" / f"{slug}.html").read_bytes(), untc_importer(slug))
    assert report is not None and planned_changes(report) == 0


@pytest.mark.django_db
@pytest.mark.parametrize("slug", UNTC_PAGES)
def test_a_mutated_real_untc_page_is_refused_with_where_or_read_correctly(slug: str) -> None:
    document = lxml.html.fromstring((DATA / "untc" / f"{slug}.html").read_bytes())
    run = untc_importer(slug)

    @FUZZ
    @given(data=st.data())
    def check(data: st.DataObject) -> None:
        page = copy.deepcopy(document)
        table = _participant_table(page)
        assert table is not None
        rows = table.findall(".//tr")
        garbled = 0
        for _ in range(data.draw(st.integers(1, 3))):
            row = rows[data.draw(st.integers(1, len(rows) - 1))]
            action = data.draw(st.sampled_from(["delete", "duplicate", "garble", "drop cell", "add cell"]))
            parent = row.getparent()
            if action == "delete" and row.getparent() is not None:
                parent.remove(row)
            elif action == "duplicate" and parent is not None:
                parent.insert(parent.index(row), copy.deepcopy(row))
            elif action in ("garble", "drop cell") and row.findall("td"):
                cell = data.draw(st.sampled_from(row.findall("td")))
                if action == "garble":
                    cell.clear()
                    cell.text = data.draw(printable_cells)
                else:
                    row.remove(cell)
                garbled += 1
            elif action == "add cell":
                extra = lxml.html.Element("td")
                extra.text = data.draw(printable_cells)
                row.append(extra)
                garbled += 1
        report = import_file(f"{slug}.html", lxml.html.tostring(page), run)
        if report is not None:
            assert planned_changes(report) <= FACTS_PER_ROW * garbled

    check()


def test_a_real_untc_page_cut_short_or_with_stray_bytes_is_refused_or_read(ccm: Treaty) -> None:
    content = (DATA / "untc" / "ccm.html").read_bytes()

    @FUZZ
    @given(at=st.integers(0, len(content)), stray=st.binary(max_size=8), cut=st.booleans())
    def check(at: int, stray: bytes, cut: bool) -> None:
        damaged = content[:at] if cut else content[:at] + stray + content[at:]
        report = import_file("ccm.html", damaged, untc_importer("ccm"))
        if report is not None:
            assert planned_changes(report) <= 2 * FACTS_PER_ROW

    check()


@pytest.mark.django_db
@pytest.mark.parametrize("path", CSV_FILES, ids=lambda p: p.name)
def test_a_nul_character_in_a_cell_is_refused_with_its_row_and_column(path: Path, tmp_path: Path) -> None:
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
    rows[3][0] += "\x00"
    damaged = tmp_path / path.name
    damaged.write_bytes(as_csv(rows))
    with pytest.raises(ImportRefused) as refused:
        csv_importer(path)(damaged)
    assert refused.value.problems == [
        f"{damaged}, row 4, column {rows[0][0]}: holds a NUL character (byte 0), which no cell may hold"
    ]
