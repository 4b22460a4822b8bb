"""A State's domestic steps towards being bound by a treaty (a cabinet decision, a bill, a parliament's vote,
a law): recorded with their source through the audited actions, the admin or a CSV file; they put a State
not yet bound at the board's stage "approval in progress" and show on its page."""

from __future__ import annotations

import csv
import html
import io
import json
from datetime import date
from io import StringIO
from pathlib import Path

import pytest
from django.contrib.auth.models import Group, User
from django.core.management import CommandError, call_command
from django.test import Client

from treatywatch.core.approximate import ApproximateDate, Precision
from treatywatch.core.status import Standing, Status
from treatywatch.lib.actions import ActionError
from treatywatch.outreach.actions import ApprovalStepInput, do_delete_approval_step, do_save_approval_step
from treatywatch.outreach.board import Stage, counts_towards, stage_of
from treatywatch.outreach.models import ApprovalStep, ApprovalStepKind
from treatywatch.registry.models import Source, State, Treaty
from treatywatch.registry.roles import ADMINISTRATOR, EDITOR

pytestmark = pytest.mark.django_db

BOARD = "/treaties/ccm/universalization"
TODAY = date(2026, 2, 3)


def standing(status: Status, signed_on: date | None = None, **more: object) -> Standing:
    given: dict[str, object] = {
        "key": "X",
        "status": status,
        "in_force": False,
        "signed_on": signed_on,
        "deposited_on": None,
        "instrument": None,
        "entry_into_force_on": None,
        "withdrawal_notified_on": None,
        "withdrawal_effective_on": None,
    }
    return Standing(**(given | more))  # type: ignore[arg-type]


def on(text: str) -> ApproximateDate:
    return ApproximateDate.parse(text)


# ---- The rule --------------------------------------------------------------------------------------------

SIGNATORY = standing(Status.SIGNATORY, date(2008, 12, 3))


def test_a_signatory_is_in_approval_from_its_first_step_after_signing() -> None:
    assert stage_of(SIGNATORY, False, [on("2015-06-10")], date(2015, 6, 9)) is Stage.SIGNED
    assert stage_of(SIGNATORY, False, [on("2015-06-10")], date(2015, 6, 10)) is Stage.APPROVAL_IN_PROGRESS


def test_a_step_before_the_signature_is_the_approval_to_sign_and_does_not_count() -> None:
    assert stage_of(SIGNATORY, True, [on("2008-11-20")], TODAY) is Stage.SIGNED
    # Known only to the month or year of the signature, it may be the approval to sign: not counted.
    assert stage_of(SIGNATORY, True, [on("2008-12"), on("2008")], TODAY) is Stage.SIGNED
    by_a_day = ApproximateDate(date(2015, 1, 1), Precision.BY)
    assert not counts_towards(SIGNATORY, by_a_day, TODAY)
    assert counts_towards(SIGNATORY, on("2009"), TODAY)


def test_a_rough_date_counts_from_its_latest_possible_day() -> None:
    assert stage_of(SIGNATORY, False, [on("2015")], date(2015, 12, 30)) is Stage.SIGNED
    assert stage_of(SIGNATORY, False, [on("2015")], date(2015, 12, 31)) is Stage.APPROVAL_IN_PROGRESS
    assert stage_of(SIGNATORY, False, [on("2015-06")], date(2015, 6, 29)) is Stage.SIGNED
    assert stage_of(SIGNATORY, False, [on("2015-06")], date(2015, 6, 30)) is Stage.APPROVAL_IN_PROGRESS


def test_for_a_state_that_never_signed_any_step_counts_engaged_or_not() -> None:
    outside = standing(Status.NOT_SIGNED)
    assert stage_of(outside, False, [], TODAY) is Stage.NOT_ENGAGED
    assert stage_of(outside, True, [], TODAY) is Stage.ENGAGED
    assert stage_of(outside, False, [on("2010-03")], TODAY) is Stage.APPROVAL_IN_PROGRESS
    assert stage_of(outside, True, [on("2030")], TODAY) is Stage.ENGAGED


def test_for_a_state_that_withdrew_only_steps_after_the_withdrawal_count() -> None:
    withdrawn = standing(
        Status.WITHDRAWN,
        date(2008, 12, 3),
        deposited_on=date(2011, 3, 24),
        withdrawal_notified_on=date(2024, 9, 6),
        withdrawal_effective_on=date(2025, 3, 6),
    )
    # The steps towards the instrument it withdrew, and towards the withdrawal itself, are spent.
    assert stage_of(withdrawn, False, [on("2010-05-01"), on("2024-07-18"), on("2025")], TODAY) is Stage.NOT_ENGAGED
    assert stage_of(withdrawn, False, [on("2025-10-01")], TODAY) is Stage.APPROVAL_IN_PROGRESS


def test_a_deposit_moves_the_state_on_to_deposited_and_then_off_the_board() -> None:
    deposited = standing(Status.PARTY, date(2008, 12, 3), deposited_on=date(2016, 1, 5))
    assert stage_of(deposited, False, [on("2015-06-10")], date(2016, 1, 5)) is Stage.DEPOSITED
    bound = standing(Status.PARTY, date(2008, 12, 3), deposited_on=date(2016, 1, 5), in_force=True)
    assert stage_of(bound, False, [on("2015-06-10")], date(2016, 7, 1)) is None


def test_the_stage_sits_between_signed_and_deposited() -> None:
    order = list(Stage)
    assert order.index(Stage.SIGNED) + 1 == order.index(Stage.APPROVAL_IN_PROGRESS)
    assert order.index(Stage.APPROVAL_IN_PROGRESS) + 1 == order.index(Stage.DEPOSITED)


# ---- Recording steps -------------------------------------------------------------------------------------


@pytest.fixture
def site_admin() -> User:
    return User.objects.create_superuser("site-admin", password="x")


def member(role: str) -> User:
    user = User.objects.create_user(f"{role}-user", password="a long test password", is_staff=True)
    user.groups.add(Group.objects.get(name=role))
    return user


def source() -> Source:
    return Source.objects.create(citation="National Assembly, record of the sitting (test)", url="https://example.org")


def step(treaty: Treaty, iso3: str, day: str, kind: str = ApprovalStepKind.PARLIAMENT_APPROVED) -> ApprovalStepInput:
    when = ApproximateDate.parse(day)
    return ApprovalStepInput(
        treaty=treaty,
        state=State.objects.get(iso3=iso3),
        kind=kind,
        date=when.day,
        date_precision=when.precision.value,
        source=source(),
    )


def test_a_step_is_recorded_with_who_and_why_and_removed_only_by_an_administrator(ccm: Treaty) -> None:
    editor = member(EDITOR)
    recorded = do_save_approval_step(None, step(ccm, "KEN", "2015-06-10"), actor=editor, reason="Hansard read")
    assert recorded.history.get().history_user == editor
    assert recorded.history.get().history_change_reason == "Hansard read"
    with pytest.raises(ActionError, match="Only the register's administrators"):
        do_delete_approval_step(recorded, actor=editor, reason="mistake")
    with pytest.raises(ActionError, match="Say why"):
        do_delete_approval_step(recorded, actor=member(ADMINISTRATOR), reason=" ")
    do_delete_approval_step(recorded, actor=User.objects.get(username="administrator-user"), reason="wrong State")
    assert not ApprovalStep.objects.exists()
    assert ApprovalStep.history.filter(history_type="-").get().history_change_reason == "wrong State"


@pytest.mark.parametrize(
    ("day", "kind", "problem"),
    [
        ("2008-04", ApprovalStepKind.OTHER, "comes before the CCM was adopted"),
        ("2027-01-01", ApprovalStepKind.OTHER, "is still to come"),
        ("2015-06-10", "referendum", "Unknown kind of step 'referendum'"),
    ],
)
def test_an_impossible_step_is_refused(ccm: Treaty, site_admin: User, day: str, kind: str, problem: str) -> None:
    with pytest.raises(ActionError, match=problem):
        do_save_approval_step(None, step(ccm, "KEN", day, kind), actor=site_admin, reason="test")


def test_no_one_outside_the_editors_records_a_step(ccm: Treaty) -> None:
    viewer = User.objects.create_user("reader", password="x")
    with pytest.raises(ActionError, match="Only the register's editors"):
        do_save_approval_step(None, step(ccm, "KEN", "2015-06-10"), actor=viewer, reason="test")


def admin_form(treaty: Treaty, state: State, cite: Source, **changes: str) -> dict[str, str]:
    form = {
        "treaty": str(treaty.pk),
        "state": str(state.pk),
        "kind": "parliament_approved",
        "date": "2015-06-10",
        "date_precision": "day",
        "note": "Bill No. 12 of 2015",
        "source": str(cite.pk),
        "published": "on",
        "change_reason": "Hansard of 10 June 2015 read",
    }
    return form | changes


def test_an_editor_records_and_corrects_a_step_in_the_admin_with_a_reason(ccm: Treaty) -> None:
    client = Client()
    client.force_login(member(EDITOR))
    kenya, cite = State.objects.get(iso3="KEN"), source()
    no_reason = client.post("/admin/outreach/approvalstep/add/", admin_form(ccm, kenya, cite, change_reason=""))
    assert no_reason.status_code == 200 and not ApprovalStep.objects.exists()
    refused = client.post("/admin/outreach/approvalstep/add/", admin_form(ccm, kenya, cite, date="2008-01-01"))
    assert "comes before the CCM was adopted" in refused.content.decode() and not ApprovalStep.objects.exists()
    done = client.post("/admin/outreach/approvalstep/add/", admin_form(ccm, kenya, cite))
    assert done.status_code == 302, done.content.decode()[:2000]
    recorded = ApprovalStep.objects.get()
    url = f"/admin/outreach/approvalstep/{recorded.pk}/change/"
    corrected = admin_form(ccm, kenya, cite, date="2015-06-10", date_precision="month", seen_version="1")
    refused = client.post(url, corrected | {"change_reason": "the Hansard gives only the month"})
    assert "stored as its last day: give 2015-06-30" in refused.content.decode()
    corrected |= {"date": "2015-06-30", "change_reason": "the Hansard gives only the month"}
    assert client.post(url, corrected).status_code == 302
    recorded.refresh_from_db()
    assert (recorded.when.iso(), recorded.version) == ("2015-06", 2)
    assert recorded.history.first().history_change_reason == "the Hansard gives only the month"


def test_an_administrator_removes_a_step_in_the_admin_only_with_a_reason(ccm: Treaty, site_admin: User) -> None:
    recorded = do_save_approval_step(None, step(ccm, "KEN", "2015-06-10"), actor=site_admin, reason="test")
    client = Client()
    client.force_login(member(ADMINISTRATOR))
    url = f"/admin/outreach/approvalstep/{recorded.pk}/delete/"
    client.post(url, {"post": "yes", "change_reason": " "})
    assert ApprovalStep.objects.exists()
    client.post(url, {"post": "yes", "change_reason": "the vote was on another treaty"})
    assert not ApprovalStep.objects.exists()


# ---- The board, its downloads and the API ----------------------------------------------------------------


def board(query: str) -> dict[str, dict[str, str]]:
    response = Client().get(f"{BOARD}.csv?{query}")
    assert response.status_code == 200
    return {row["iso3"]: row for row in csv.DictReader(io.StringIO(response.content.decode()))}


def test_the_board_shows_a_signatory_in_approval_from_its_step_to_its_deposit(ccm: Treaty, site_admin: User) -> None:
    do_save_approval_step(None, step(ccm, "KEN", "2015-06"), actor=site_admin, reason="test")
    assert board("as_of=2015-06-29")["KEN"]["stage"] == "signed"
    row = board("as_of=2015-06-30")["KEN"]
    assert row["stage"] == "approval_in_progress"
    assert (row["last_approval_step"], row["last_approval_step_on"]) == ("parliament_approved", "2015-06")
    assert row["last_approval_step_source"] == "National Assembly, record of the sitting (test)"
    assert set(board("as_of=2026-02-03&stage=approval_in_progress")) == {"KEN"}
    api = Client().get("/api/v1/treaties/ccm/universalization?as_of=2026-02-03&stage=approval_in_progress").json()
    assert [(s["iso3"], s["stage"], s["last_approval_step_on"]) for s in api["states"]] == [
        ("KEN", "approval_in_progress", "2015-06")
    ]
    page = Client().get(f"{BOARD}/?as_of=2026-02-03").content.decode()
    assert 'Approval in progress <span class="muted">(1)</span>' in page
    assert "Approved by parliament, June 2015" in page
    download = json.loads(Client().get(f"{BOARD}.json?as_of=2026-02-03&stage=approval_in_progress").content)
    assert [r["iso3"] for r in download["states"]] == ["KEN"]


def test_a_step_by_a_state_that_never_signed_counts_and_an_unpublished_one_does_not(
    ccm: Treaty, site_admin: User
) -> None:
    assert board("as_of=2026-02-03")["USA"]["stage"] == "not_engaged"
    draft = step(ccm, "USA", "2020-01-15", ApprovalStepKind.BILL_SUBMITTED)
    hidden = ApprovalStepInput(**{**draft.__dict__, "published": False})
    do_save_approval_step(None, hidden, actor=site_admin, reason="a draft, being checked")
    assert board("as_of=2026-02-03")["USA"]["stage"] == "not_engaged"
    do_save_approval_step(None, step(ccm, "USA", "2020-01-15"), actor=site_admin, reason="test")
    assert board("as_of=2026-02-03")["USA"]["stage"] == "approval_in_progress"


def test_lithuanias_steps_before_its_withdrawal_do_not_count(ccm: Treaty, site_admin: User) -> None:
    do_save_approval_step(None, step(ccm, "LTU", "2024-07-18"), actor=site_admin, reason="the vote to withdraw")
    assert board("as_of=2026-02-03")["LTU"]["stage"] == "not_engaged"


def test_the_empty_stage_says_no_step_is_recorded_and_how_editors_record_one(ccm: Treaty) -> None:
    page = Client().get(f"{BOARD}/?as_of=2026-02-03").content.decode()
    assert 'Approval in progress <span class="muted">(0)</span>' in page
    assert "No domestic approval step is recorded for the CCM yet." in page
    assert "/admin/outreach/approvalstep/add/" not in page
    editor = Client()
    editor.force_login(member(EDITOR))
    assert "/admin/outreach/approvalstep/add/" in editor.get(f"{BOARD}/?as_of=2026-02-03").content.decode()


def test_a_stage_filter_for_the_new_stage_is_accepted_and_an_unknown_one_refused(ccm: Treaty) -> None:
    assert Client().get("/api/v1/treaties/ccm/universalization?stage=approval_in_progress").status_code == 200
    assert Client().get("/api/v1/treaties/ccm/universalization?stage=approving").status_code == 400


@pytest.mark.parametrize(
    ("language", "stage", "empty"),
    [
        ("fr", "Approbation en cours", "Aucune étape d'approbation nationale n'est enregistrée pour le traité CCM"),
        ("es", "Aprobación en curso", "No se ha registrado ninguna etapa de aprobación nacional para el tratado CCM"),
    ],
)
def test_the_stage_in_french_and_spanish(ccm: Treaty, language: str, stage: str, empty: str) -> None:
    page = html.unescape(Client().get(f"/{language}{BOARD}/?as_of=2026-02-03").content.decode())
    assert stage in page and empty in page


# ---- The State's page ------------------------------------------------------------------------------------


def test_the_states_page_lists_its_steps_with_their_sources_from_their_date(ccm: Treaty, site_admin: User) -> None:
    do_save_approval_step(None, step(ccm, "KEN", "2015-06"), actor=site_admin, reason="test")
    before = Client().get("/states/KEN/?as_of=2015-06-29").content.decode()
    assert "Domestic approval steps and their sources" not in before
    after = Client().get("/states/KEN/?as_of=2015-06-30").content.decode()
    assert "Domestic approval steps and their sources" in after
    # The short citation, then its note apart (web/_source.html).
    assert "National Assembly, record of the sitting" in after and '<small class="source-note">(test)</small>' in after
    assert "June 2015" in after


# ---- The importer ----------------------------------------------------------------------------------------

HEADER = "state,kind,date,note,source_citation,source_url,source_retrieved_on,source_primary\n"
GOOD = "KEN,parliament_approved,2015-06,Bill No. 12,Hansard of the National Assembly,https://example.org,,yes\n"


def run(path: Path, *options: str, user: str = "site-admin") -> str:
    out = StringIO()
    call_command("import_approval_steps", str(path), "--treaty", "ccm", "--user", user, *options, stdout=out)
    return out.getvalue()


def test_the_importer_runs_dry_then_commits_and_leaves_a_recorded_step(
    ccm: Treaty, site_admin: User, tmp_path: Path
) -> None:
    path = tmp_path / "approval-steps.csv"
    path.write_text(HEADER + GOOD, encoding="utf-8")
    assert "CCM approval steps: 1 to add, 0 unchanged" in run(path)
    assert not ApprovalStep.objects.exists()
    assert "Committed." in run(path, "--commit")
    recorded = ApprovalStep.objects.get()
    assert (recorded.state.iso3, recorded.when.iso(), recorded.source.citation) == (
        "KEN",
        "2015-06",
        "Hansard of the National Assembly",
    )
    assert recorded.history.get().history_change_reason == "imported from approval-steps.csv"
    assert "1 unchanged" in run(path, "--commit")


@pytest.mark.parametrize(
    ("row", "problem"),
    [
        ("XYZ,other,2015,,Cite,,,no\n", "column state: unknown State code 'XYZ'"),
        ("KEN,referendum,2015,,Cite,,,no\n", "column kind: Unknown kind of step 'referendum'"),
        ("KEN,other,June 2015,,Cite,,,no\n", "column date: 'June 2015' is not a year"),
        ("KEN,other,2007,,Cite,,,no\n", "column date: 2007 comes before the CCM was adopted"),
        ("KEN,other,2015,,,,,\n", "column source_citation: every approval step needs its source"),
        ("KEN,other,2015,,A | B,,,\n", "column source_citation: an approval step cites one source"),
        ("KEN,other,2015,,Cite,,,maybe\n", "column source_primary: 'maybe' is not yes or no"),
    ],
)
def test_a_bad_row_refuses_the_whole_file_naming_its_row_and_column(
    ccm: Treaty, site_admin: User, tmp_path: Path, row: str, problem: str
) -> None:
    path = tmp_path / "steps.csv"
    path.write_text(HEADER + GOOD + row, encoding="utf-8")
    with pytest.raises(CommandError) as refused:
        run(path, "--commit")
    assert f"{path}, row 3, {problem}" in str(refused.value)
    assert not ApprovalStep.objects.exists()


def test_a_repeated_row_and_an_unknown_column_are_refused(ccm: Treaty, site_admin: User, tmp_path: Path) -> None:
    path = tmp_path / "steps.csv"
    path.write_text(HEADER + GOOD + GOOD, encoding="utf-8")
    with pytest.raises(CommandError, match="row 3: repeats row 2"):
        run(path, "--commit")
    path.write_text(HEADER.replace("note", "remarks") + GOOD, encoding="utf-8")
    with pytest.raises(CommandError, match="unknown column"):
        run(path, "--commit")


def test_only_the_registers_editors_import(ccm: Treaty, tmp_path: Path) -> None:
    User.objects.create_user("outsider", password="x")
    path = tmp_path / "steps.csv"
    path.write_text(HEADER + GOOD, encoding="utf-8")
    with pytest.raises(CommandError, match="only the register's editors can import approval steps"):
        run(path, "--commit", user="outsider")


def test_no_approval_step_ships_with_the_register() -> None:
    assert not ApprovalStep.objects.exists()


def test_a_recorded_step_shows_at_once_on_pages_already_served(ccm: Treaty, site_admin: User) -> None:
    board_page, state_page = f"{BOARD}/?as_of=2026-02-03", "/states/KEN/?as_of=2026-02-03"
    assert 'Approval in progress <span class="muted">(0)</span>' in Client().get(board_page).content.decode()
    assert "Domestic approval steps" not in Client().get(state_page).content.decode()
    recorded = do_save_approval_step(None, step(ccm, "KEN", "2015-06-10"), actor=site_admin, reason="test")
    assert 'Approval in progress <span class="muted">(1)</span>' in Client().get(board_page).content.decode()
    assert "Domestic approval steps and their sources" in Client().get(state_page).content.decode()
    do_delete_approval_step(recorded, actor=site_admin, reason="recorded under the wrong treaty")
    assert 'Approval in progress <span class="muted">(0)</span>' in Client().get(board_page).content.decode()
    assert "Domestic approval steps" not in Client().get(state_page).content.decode()
