"""Importing action plans: the shipped files load whole, every row represented; a bad file is refused whole,
with the file, the row, the column and why; a dry run writes nothing."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest
from django.contrib.auth.models import AnonymousUser, User
from django.core.management import call_command
from django.core.management.base import CommandError

from treatywatch.plans.importer import FILES, plan_action_plans
from treatywatch.plans.models import ActionPlan, Evidence, Indicator, PlanAction
from treatywatch.registry.importers.errors import ImportRefused
from treatywatch.registry.models import Source, Treaty

from .conftest import ROOT

pytestmark = pytest.mark.django_db
DATA = ROOT / "data" / "ccm"
SHARED_ROWS = 86  # the action-plans.csv of the CCM research notes, one row per action, sub-item or known gap


def rows(name: str) -> list[dict[str, str]]:
    with (DATA / name).open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


def test_the_shipped_plans_are_loaded_with_every_row() -> None:
    plans = ActionPlan.objects.filter(treaty__slug="ccm")
    assert [p.slug for p in plans] == ["vientiane", "dubrovnik", "lausanne"]
    assert PlanAction.objects.filter(plan__in=plans).count() == len(rows("action-plan-actions.csv")) == SHARED_ROWS
    assert Evidence.objects.filter(plan__in=plans).count() == len(rows("action-plan-evidence.csv")) == 29
    assert Indicator.objects.filter(action__plan__in=plans).count() == len(rows("action-plan-indicators.csv"))


def test_every_cited_source_is_a_source_of_the_register() -> None:
    for row in rows("action-plan-sources.csv"):
        if any(row["tag"] in r["sources"].split(";") for r in rows("action-plan-actions.csv")):
            assert Source.objects.filter(citation=row["citation"], url=row["url"]).exists(), row["tag"]


@pytest.fixture
def site_admin() -> User:
    return User.objects.create_superuser("plans-admin", password="x")


def files(**changes: list[dict[str, str]]) -> dict[str, bytes]:
    """The shipped files, with some replaced by the rows given (by file name, hyphens as underscores)."""
    found = {name: (DATA / name).read_bytes() for name in FILES}
    for key, new_rows in changes.items():
        name = key.replace("_", "-") + ".csv"
        with (DATA / name).open(encoding="utf-8") as f:
            header = next(csv.reader(f))
        lines = [",".join(header)] + [",".join(_cell(r.get(c, "")) for c in header) for r in new_rows]
        found[name] = ("\n".join(lines) + "\n").encode()
    return found


def _cell(value: str) -> str:
    return '"' + value.replace('"', '""') + '"'


def refusal(given: dict[str, bytes], actor: object) -> str:
    ccm = Treaty.objects.get(slug="ccm")
    ActionPlan.objects.filter(treaty=ccm).delete()  # undone with the test's transaction
    with pytest.raises(ImportRefused) as refused:
        plan_action_plans(given, "data/ccm", ccm, actor=actor)  # type: ignore[arg-type]
    return "\n".join(refused.value.problems)


def test_a_dry_run_plans_the_three_plans_and_writes_nothing(site_admin: User) -> None:
    ccm = Treaty.objects.get(slug="ccm")
    ActionPlan.objects.filter(treaty=ccm).delete()
    planned = plan_action_plans(files(), "data/ccm", ccm, actor=site_admin)
    assert planned.summary() == "CCM action plans: 3 to add, 0 unchanged"
    assert "add Dubrovnik Action Plan: 44 actions, 3 indicators, 10 published figures" in planned.change_lines()[1]
    assert not ActionPlan.objects.filter(treaty=ccm).exists()


def test_the_plans_already_recorded_are_left_as_they_are(site_admin: User) -> None:
    planned = plan_action_plans(files(), "data/ccm", Treaty.objects.get(slug="ccm"), actor=site_admin)
    assert (planned.is_noop, planned.unchanged) == (True, 3)


def test_only_a_site_administrator_imports_plans() -> None:
    assert "data/ccm: only a site administrator can import action plans" in refusal(files(), AnonymousUser())


@pytest.mark.parametrize(
    ("name", "change", "message"),
    [
        (
            "action_plan_actions",
            {"sources": "NO-SUCH-TAG"},
            "action-plan-actions.csv, row 2, column sources: unknown source tag(s) NO-SUCH-TAG",
        ),
        ("action_plan_actions", {"plan": "geneva"}, "action-plan-actions.csv, row 2, column plan: no plan 'geneva'"),
        ("action_plan_actions", {"text_kind": "quote"}, "column text_kind: Unknown kind of text 'quote'"),
        ("action_plan_actions", {"theme": "peace"}, "column theme: Unknown theme 'peace'"),
        ("action_plan_actions", {"not_verified": "maybe"}, "column not_verified: 'maybe' is not yes or no"),
        ("action_plan_actions", {"text_kind": "body_wording"}, "row 2, column wording_of: A body's wording names the"),
        ("action_plans", {"adopted_on": "2010-13"}, "action-plans.csv, row 2, column adopted_on: '2010-13' is not"),
        ("action_plans", {"adopted_at": "99MSP"}, "column adopted_at: no meeting '99MSP' of CCM is recorded"),
        ("action_plans", {"period_to": "2009"}, "column period_to: The plan's period ends before it starts."),
        ("action_plan_evidence", {"value": "many"}, "action-plan-evidence.csv, row 2, column value: 'many' is not"),
        (
            "action_plan_evidence",
            {"actions": "lausanne-01"},
            "column actions: no action lausanne-01 of plan 'vientiane'",
        ),
        ("action_plan_evidence", {"date": "", "date_as_written": ""}, "row 2, column date: An undated figure says"),
        ("action_plan_evidence", {"sources": "ISU-VAP;BLOG-VAP"}, "column sources: a published figure cites one"),
        (
            "action_plan_indicators",
            {"parameters": "target=130"},
            "column parameters: parties_at_meeting takes these parameters: target, meeting.",
        ),
        ("action_plan_indicators", {"parameters": "target=130;meeting=9RC"}, "meeting: no meeting '9RC'"),
        ("action_plan_indicators", {"computation": "guess"}, "column computation: Unknown computation 'guess'"),
        ("action_plan_sources", {"primary": "perhaps"}, "action-plan-sources.csv, row 2, column primary:"),
    ],
)
def test_a_bad_cell_is_refused_with_its_file_row_and_column(
    site_admin: User, name: str, change: dict[str, str], message: str
) -> None:
    changed = rows(name.replace("_", "-") + ".csv")
    changed[0] = {**changed[0], **change}
    assert message in refusal(files(**{name: changed}), site_admin)


def test_a_refused_plan_is_one_problem_not_one_per_action(site_admin: User) -> None:
    plans = rows("action-plans.csv")
    plans[0] = {**plans[0], "adopted_on": "12 Nov 2010"}
    problems = refusal(files(action_plans=plans), site_admin).splitlines()
    assert problems == [
        "data/ccm/action-plans.csv, row 2, column adopted_on: '12 Nov 2010' is not a year (2017), a month (2017-09) "
        "or a day (2017-09-04)"
    ]


def test_a_repeated_key_and_a_missing_column_are_refused(site_admin: User) -> None:
    actions = rows("action-plan-actions.csv")
    assert "row 3, column key: 'vientiane-01' is already given (data/ccm/action-plan-actions.csv, row 2)" in refusal(
        files(action_plan_actions=[actions[0], actions[0]]), site_admin
    )
    broken = files()
    broken["action-plans.csv"] = b"name,period\nVAP,2010\n"
    problems = refusal(broken, site_admin)
    assert "action-plans.csv: missing column(s) slug" in problems
    assert "action-plans.csv: unknown column(s) period" in problems


def test_the_command_runs_dry_by_default_then_commits(site_admin: User, tmp_path: Path, capsys: object) -> None:
    folder = tmp_path / "ccm"
    folder.mkdir()
    for name in FILES:
        shutil.copy(DATA / name, folder / name)
    ActionPlan.objects.filter(treaty__slug="ccm").delete()
    call_command("import_action_plans", str(folder), "--treaty", "ccm", "--user", site_admin.username)
    assert not ActionPlan.objects.exists()
    call_command("import_action_plans", str(folder), "--treaty", "ccm", "--user", site_admin.username, "--commit")
    assert ActionPlan.objects.count() == 3
    dap = ActionPlan.objects.get(slug="dubrovnik")
    assert dap.history.first().history_change_reason == "imported from ccm/action-plans.csv"
    (folder / "action-plans.csv").unlink()
    with pytest.raises(CommandError, match=r"action-plans\.csv"):
        call_command("import_action_plans", str(folder), "--treaty", "ccm", "--user", site_admin.username)
