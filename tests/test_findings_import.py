"""Importing the Monitor findings, statements and UN votes: the shipped files load whole, every row kept as
written with its sources; a bad file is refused whole, naming the file, the row and the column."""

from __future__ import annotations

import csv
import io

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.core.management.base import CommandError

from treatywatch.positions.importer import FILES, FINDINGS_FILE, SOURCES_FILE, plan_findings
from treatywatch.positions.models import Finding, SourceReliability, Topic
from treatywatch.registry.importers.errors import ImportRefused
from treatywatch.registry.models import Treaty

from .conftest import ROOT

pytestmark = pytest.mark.django_db
DATA = ROOT / "data" / "ccm"


def rows(name: str) -> list[dict[str, str]]:
    with (DATA / name).open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


def test_every_shipped_row_is_a_finding_kept_as_written() -> None:
    shipped = rows(FINDINGS_FILE)
    assert len(shipped) == 387
    found = list(Finding.objects.filter(treaty__slug="ccm").prefetch_related("sources"))
    assert len(found) == len(shipped)
    for finding, row in zip(found, shipped, strict=True):
        assert (finding.text, finding.value, finding.as_of_text, finding.named) == (
            row["finding"],
            row["value"],
            row["as_of"],
            row["state"],
        )
        tags = SourceReliability.objects.filter(source__in=finding.sources.all()).values_list("tag", flat=True)
        assert sorted(tags) == sorted(t for t in row["source_tags"].split(";") if t)


def test_gaps_dates_and_weak_sources_keep_their_marks() -> None:
    gap = Finding.objects.get(topic=Topic.UNGA_VOTE, report_year=2024)
    assert gap.value == "NOT FOUND" and not gap.sources.exists() and gap.on_precision == "month"
    russia = Finding.objects.get(topic=Topic.UNGA_VOTE, state__iso3="RUS")
    assert russia.as_of_text == "2015-2023" and russia.on_precision == "span" and str(russia.on) == "2023-12-31"
    assert Finding.objects.get(text__startswith="UNVERIFIED third-party").weak_source
    italy = Finding.objects.get(topic=Topic.STATEMENT, state__iso3="ITA", report_year=2023)
    assert italy.weak_source
    assert not Finding.objects.get(topic=Topic.STATEMENT, state__iso3="IRL", as_of_text="2023-09-28").weak_source
    kosovo = Finding.objects.filter(named="Kosovo").first()
    assert kosovo is not None and kosovo.state is None
    western_sahara = Finding.objects.filter(code="ESH").first()
    assert western_sahara is not None and western_sahara.state is None and western_sahara.named == "Western Sahara"


def shipped_files(**replaced: str) -> dict[str, bytes]:
    found = {name: (DATA / name).read_bytes() for name in FILES}
    for name, text in replaced.items():
        found[name] = text.encode()
    return found


def with_row(name: str, **cells: str) -> str:
    header = list(rows(name)[0])
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=header)
    writer.writeheader()
    writer.writerows(rows(name))
    writer.writerow({c: cells.get(c, "") for c in header})
    return out.getvalue()


GOOD = {"report_year": "2024", "state": "Norway", "iso3": "NOR", "topic": "statement", "finding": "x", "as_of": "2024"}


@pytest.fixture
def empty_treaty() -> Treaty:
    return Treaty.objects.exclude(slug="ccm").first()  # type: ignore[return-value]


def test_a_good_file_plans_every_row(empty_treaty: Treaty) -> None:
    plan = plan_findings(shipped_files(), "ccm", empty_treaty)
    assert len(plan.findings) == 387


@pytest.mark.parametrize(
    ("cells", "column", "why"),
    [
        ({"topic": "opinion"}, "topic", "is not one of"),
        ({"iso3": "XXX"}, "iso3", "'XXX' is neither a State"),
        ({"as_of": "2024-13"}, "as_of", "is not a date"),
        ({"as_of": "2020-2015"}, "as_of", "ends before it starts"),
        ({"source_tags": "NOPE"}, "source_tags", "NOPE not in"),
        ({"source_tags": ""}, "source_tags", "needs its source"),
        ({"report_year": "20x4"}, "report_year", "is not a year"),
    ],
)
def test_a_bad_row_refuses_the_whole_file(empty_treaty: Treaty, cells: dict[str, str], column: str, why: str) -> None:
    given = {"source_tags": "CMM17-MF", **GOOD, **cells}
    with pytest.raises(ImportRefused) as refused:
        plan_findings(shipped_files(**{FINDINGS_FILE: with_row(FINDINGS_FILE, **given)}), "ccm", empty_treaty)
    (problem,) = refused.value.problems
    assert f"ccm/{FINDINGS_FILE}, row 389, column {column}: " in problem and why in problem
    assert not Finding.objects.filter(treaty=empty_treaty).exists()


def test_a_bad_source_row_is_named(empty_treaty: Treaty) -> None:
    bad = with_row(SOURCES_FILE, tag="X-1", citation="c", primary="maybe", reliability="great")
    with pytest.raises(ImportRefused) as refused:
        plan_findings(shipped_files(**{SOURCES_FILE: bad}), "ccm", empty_treaty)
    assert refused.value.problems == [
        f"ccm/{SOURCES_FILE}, row 124, column primary: 'maybe' is not yes or no",
        f"ccm/{SOURCES_FILE}, row 124, column reliability: 'great' is not one of highest, next, weak",
    ]


def test_a_treaty_holding_findings_is_refused() -> None:
    with pytest.raises(ImportRefused, match="already holds findings"):
        plan_findings(shipped_files(), "ccm", Treaty.objects.get(slug="ccm"))


def test_the_command_is_a_dry_run_unless_told_and_all_or_nothing(empty_treaty: Treaty, tmp_path, capsys) -> None:
    User.objects.create_superuser("findings-admin", password="x")
    for name, content in shipped_files().items():
        (tmp_path / name).write_bytes(content)
    call_command("import_findings", str(tmp_path), treaty=empty_treaty.slug, user="findings-admin")
    assert "Dry run" in capsys.readouterr().out and not Finding.objects.filter(treaty=empty_treaty).exists()
    (tmp_path / FINDINGS_FILE).write_text(with_row(FINDINGS_FILE, **{**GOOD, "topic": "bad"}))
    with pytest.raises(CommandError, match="column topic"):
        call_command("import_findings", str(tmp_path), treaty=empty_treaty.slug, user="findings-admin", commit=True)
    assert not Finding.objects.filter(treaty=empty_treaty).exists()
    (tmp_path / FINDINGS_FILE).write_bytes((DATA / FINDINGS_FILE).read_bytes())
    call_command("import_findings", str(tmp_path), treaty=empty_treaty.slug, user="findings-admin", commit=True)
    assert Finding.objects.filter(treaty=empty_treaty).count() == 387


def test_only_a_site_administrator_imports(empty_treaty: Treaty, tmp_path) -> None:
    User.objects.create_user("reader", password="x")
    for name, content in shipped_files().items():
        (tmp_path / name).write_bytes(content)
    with pytest.raises(CommandError, match="Only a site administrator"):
        call_command("import_findings", str(tmp_path), treaty=empty_treaty.slug, user="reader", commit=True)
    assert not Finding.objects.filter(treaty=empty_treaty).exists()
