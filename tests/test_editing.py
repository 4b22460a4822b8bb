"""Editors add and correct facts in the admin; every change is kept, with who and why."""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.auth.models import Group, User
from django.test import Client

from treatywatch.lib.actions import ActionError
from treatywatch.registry import actions
from treatywatch.registry.actions import FactInput, do_correct_fact, do_record_fact, do_set_published
from treatywatch.registry.countries import HistoricalState
from treatywatch.registry.models import DepositaryFact, Source, State, Treaty
from treatywatch.registry.roles import ADMINISTRATOR, EDITOR, VIEWER


def member_of(role: str) -> Client:
    user = User.objects.create_user(f"{role}-user", password="a long test password", is_staff=True)
    user.groups.add(Group.objects.get(name=role))
    client = Client()
    client.force_login(user)
    return client


def add_form(treaty: Treaty, state: State, source: Source, **changes: str) -> dict[str, str]:
    form = {
        "treaty": str(treaty.pk),
        "state": str(state.pk),
        "kind": "deposit",
        "instrument": "ratification",
        "date": "2025-06-02",
        "depositary_notification": "C.N.1.2025.TREATIES-XXVI-6",
        "text": "",
        "source": str(source.pk),
        "published": "on",
        "change_reason": "instrument received",
    }
    form.update(changes)
    return form


@pytest.fixture
def kenya(db: None) -> State:
    return State.objects.get(iso3="KEN")


@pytest.fixture
def source(db: None) -> Source:
    return Source.objects.create(citation="Depositary notification (test)", primary=True)


def test_the_three_roles_exist_with_growing_rights(db: None) -> None:
    viewer, editor, administrator = (
        set(Group.objects.get(name=r).permissions.values_list("codename", flat=True))
        for r in (VIEWER, EDITOR, ADMINISTRATOR)
    )
    assert "view_depositaryfact" in viewer and "add_depositaryfact" not in viewer
    assert viewer < editor < administrator
    assert "change_depositaryfact" in editor and "delete_depositaryfact" not in editor
    assert "delete_depositaryfact" in administrator and "change_user" in administrator


def test_an_editor_records_a_fact_and_the_history_says_who_and_why(ccm: Treaty, kenya: State, source: Source) -> None:
    editor = member_of(EDITOR)
    response = editor.post("/admin/registry/depositaryfact/add/", add_form(ccm, kenya, source))
    assert response.status_code == 302, response.content.decode()[:2000]
    fact = DepositaryFact.objects.get(treaty=ccm, state=kenya, kind="deposit")
    record = fact.history.get()
    assert record.history_user.username == "editor-user"
    assert record.history_change_reason == "instrument received"
    # The public page follows at once.
    page = Client().get("/api/v1/treaties/ccm/states", {"status": "party", "as_of": "2025-06-02"}).json()
    assert "KEN" in {s["iso3"] for s in page["states"]}


def test_the_admin_refuses_an_impossible_fact_with_the_reason(ccm: Treaty, kenya: State, source: Source) -> None:
    editor = member_of(EDITOR)
    response = editor.post("/admin/registry/depositaryfact/add/", add_form(ccm, kenya, source, date="2007-01-01"))
    assert response.status_code == 200
    assert "is before the treaty was adopted (2008-05-30)" in response.content.decode()
    response = editor.post("/admin/registry/depositaryfact/add/", add_form(ccm, kenya, source, date="2008-12-01"))
    assert "ratification deposited on 2008-12-01 before signature on 2008-12-03" in response.content.decode()
    missing_reason = editor.post("/admin/registry/depositaryfact/add/", add_form(ccm, kenya, source, change_reason=""))
    assert "This field is required" in missing_reason.content.decode()
    assert not DepositaryFact.objects.filter(treaty=ccm, state=kenya, kind="deposit").exists()


def test_a_viewer_can_read_but_not_change(ccm: Treaty, kenya: State, source: Source) -> None:
    viewer = member_of(VIEWER)
    assert viewer.get("/admin/registry/depositaryfact/").status_code == 200
    assert viewer.post("/admin/registry/depositaryfact/add/", add_form(ccm, kenya, source)).status_code == 403


def test_a_correction_can_be_seen_in_the_history_and_reverted(ccm: Treaty, source: Source) -> None:
    fact = DepositaryFact.objects.get(treaty=ccm, state__iso3="VUT", kind="deposit")
    do_correct_fact(fact, fact=FactInput("deposit", date(2025, 9, 8), "accession"), actor=None, reason="typo test")
    administrator = member_of(ADMINISTRATOR)
    history = administrator.get(f"/admin/registry/depositaryfact/{fact.pk}/history/").content.decode()
    assert "typo test" in history
    original = fact.history.earliest()
    revert_url = f"/admin/registry/depositaryfact/{fact.pk}/history/{original.history_id}/"
    assert administrator.get(revert_url).status_code == 200
    form = add_form(
        ccm,
        fact.state,
        fact.source,
        kind="deposit",
        instrument="accession",
        date="2025-09-05",
        depositary_notification="",
        change_reason="revert typo",
        seen_version=str(fact.version),  # the version stored now, which the revert form carries
    )
    assert administrator.post(revert_url, form).status_code == 302
    fact.refresh_from_db()
    assert fact.date == date(2025, 9, 5)
    assert fact.history.first().history_change_reason == "revert typo"


def test_unpublished_facts_stay_off_the_public_pages(ccm: Treaty, kenya: State, source: Source) -> None:
    fact = do_record_fact(
        treaty=ccm,
        state=kenya,
        fact=FactInput("deposit", date(2025, 6, 2), "ratification"),
        source=source,
        published=False,
        reason="draft",
    )
    api = Client().get("/api/v1/states/KEN").json()
    assert next(t for t in api["treaties"] if t["treaty"] == "ccm")["status"] == "signatory"
    do_set_published(fact, True, reason="checked")
    api = Client().get("/api/v1/states/KEN").json()
    assert next(t for t in api["treaties"] if t["treaty"] == "ccm")["status"] == "party"


def test_actions_refuse_without_a_reason_or_twice(ccm: Treaty, kenya: State, source: Source) -> None:
    with pytest.raises(ActionError, match="Say why"):
        do_record_fact(
            treaty=ccm,
            state=kenya,
            fact=FactInput("deposit", date(2025, 6, 2), "ratification"),
            source=source,
            reason=" ",
        )
    with pytest.raises(ActionError, match="already has a signature"):
        do_record_fact(
            treaty=ccm, state=kenya, fact=FactInput("signature", date(2009, 1, 1)), source=source, reason="x"
        )


def test_deleting_a_deposit_under_a_withdrawal_is_refused_in_the_admin(ccm: Treaty) -> None:
    deposit = DepositaryFact.objects.get(treaty=ccm, state__iso3="LTU", kind="deposit")
    administrator = member_of(ADMINISTRATOR)
    page = administrator.get(f"/admin/registry/depositaryfact/{deposit.pk}/delete/").content.decode()
    assert "a withdrawal needs an instrument deposited before it" in page
    administrator.post(f"/admin/registry/depositaryfact/{deposit.pk}/delete/", {"post": "yes"})
    assert DepositaryFact.objects.filter(pk=deposit.pk).exists()
    signature = DepositaryFact.objects.get(treaty=ccm, state__iso3="AGO", kind="signature")
    assert (
        administrator.post(f"/admin/registry/depositaryfact/{signature.pk}/delete/", {"post": "yes"}).status_code == 302
    )
    assert not DepositaryFact.objects.filter(pk=signature.pk).exists()
    assert signature.history.latest().history_type == "-"


def test_an_administrator_cannot_make_anyone_a_superuser(db: None) -> None:
    administrator = member_of(ADMINISTRATOR)
    target = User.objects.create_user("someone", password="another long password")
    form = administrator.get(f"/admin/auth/user/{target.pk}/change/").content.decode()
    assert 'name="is_superuser"' not in form
    assert 'name="groups"' in form


def test_changing_a_treaty_rules_refreshes_what_is_derived(ccm: Treaty) -> None:
    import tomllib

    from treatywatch.registry.actions import do_register_treaty

    from .conftest import ROOT

    assert Client().get("/api/v1/treaties/ccm", {"as_of": "2010-03-01"}).json()["entry_into_force_on"] == "2010-08-01"
    definition = tomllib.loads((ROOT / "treaties" / "ccm.toml").read_text())
    definition["rules"]["entry_into_force"]["treaty_delay"] = {"kind": "days_after", "days": 90}
    do_register_treaty(definition)
    assert Client().get("/api/v1/treaties/ccm", {"as_of": "2010-06-01"}).json()["entry_into_force_on"] == "2010-05-17"


def test_editors_may_record_obligation_facts_and_viewers_may_read_them(db: None) -> None:
    editor = set(Group.objects.get(name=EDITOR).permissions.values_list("codename", flat=True))
    viewer = set(Group.objects.get(name=VIEWER).permissions.values_list("codename", flat=True))
    assert {"add_obligationfact", "add_watch", "change_watch"} <= editor
    assert "view_obligationfact" in viewer and "add_obligationfact" not in viewer


def test_a_former_state_without_a_current_successor_is_refused_with_its_name(monkeypatch: pytest.MonkeyPatch) -> None:
    orphan = HistoricalState("QQZ", "Former Nowhere", r"^former nowhere$", date(1990, 1, 1), {}, "test")
    monkeypatch.setattr(actions, "HISTORICAL_STATES", (orphan,))
    with pytest.raises(ActionError, match=r"Former Nowhere \(QQZ\) names no current successor"):
        actions.new_state("QQZ")
