"""The admin for obligation facts (through the validated action, with a reason) and deadline watches."""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.auth.models import User
from django.test import Client

from treatywatch.core.dates import add_months
from treatywatch.lib.actions import ActionError
from treatywatch.obligations.actions import do_delete_obligation_fact
from treatywatch.obligations.models import ObligationFact, Watch
from treatywatch.registry.models import Source, State, Treaty

from .deadline_facts import declare_stockpiles, party_without_facts, record, source, stockpile_deadline


@pytest.fixture
def admin_client(db: None) -> Client:
    user = User.objects.create_superuser("chief", password="a long test password")
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def party(ccm: Treaty) -> State:
    return party_without_facts(ccm, "AUT")


def fact_form(treaty: Treaty, state: State, cite: Source, **changes: str) -> dict[str, str]:
    form = {
        "treaty": str(treaty.pk),
        "state": str(state.pk),
        "obligation": "stockpile_destruction",
        "kind": "declaration",
        "date": "",
        "date_precision": "day",
        "applies": "true",
        "new_deadline": "",
        "new_deadline_precision": "day",
        "decided_by": "",
        "period": "",
        "link": "",
        "text": "",
        "source": str(cite.pk),
        "published": "on",
        "change_reason": "Article 7 report read",
    }
    form.update(changes)
    return form


def test_an_obligation_fact_is_recorded_through_the_action_with_its_reason(
    admin_client: Client, ccm: Treaty, party: State
) -> None:
    response = admin_client.post("/admin/obligations/obligationfact/add/", fact_form(ccm, party, source()))
    assert response.status_code == 302, response.content.decode()[:3000]
    fact = ObligationFact.objects.get(treaty=ccm, state=party, obligation="stockpile_destruction")
    assert fact.applies is True
    record = fact.history.get()
    assert record.history_user.username == "chief"
    assert record.history_change_reason == "Article 7 report read"


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"date": "2999-01-01"}, "is in the future: record what has happened."),
        ({"applies": "unknown"}, "A declaration says whether the obligation applies (yes or no)."),
        ({"obligation": "national_measures"}, "applies to every State Party: there is nothing to declare."),
        ({"change_reason": ""}, "This field is required."),
    ],
)
def test_the_admin_refuses_an_impossible_obligation_fact(
    admin_client: Client, ccm: Treaty, party: State, changes: dict[str, str], message: str
) -> None:
    response = admin_client.post("/admin/obligations/obligationfact/add/", fact_form(ccm, party, source(), **changes))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not ObligationFact.objects.filter(state=party).exists()


def test_an_editor_corrects_an_obligation_fact_with_a_reason_kept_in_the_history(
    admin_client: Client, ccm: Treaty, party: State
) -> None:
    cite = source()
    admin_client.post("/admin/obligations/obligationfact/add/", fact_form(ccm, party, cite))
    fact = ObligationFact.objects.get(state=party)
    url = f"/admin/obligations/obligationfact/{fact.pk}/change/"
    assert admin_client.get(url).status_code == 200
    version = Treaty.objects.get(pk=ccm.pk).record_version
    no_reason = admin_client.post(url, fact_form(ccm, party, cite, applies="false", change_reason="", seen_version="1"))
    assert no_reason.status_code == 200 and "This field is required." in no_reason.content.decode()
    fact.refresh_from_db()
    assert fact.applies is True
    corrected = fact_form(ccm, party, cite, applies="false", change_reason="misread the report", seen_version="1")
    done = admin_client.post(url, corrected)
    assert done.status_code == 302, done.content.decode()[:3000]
    fact.refresh_from_db()
    assert fact.applies is False
    latest, first = fact.history.all()[:2]
    assert (latest.history_change_reason, latest.history_user.username) == ("misread the report", "chief")
    assert first.applies is True  # the earlier version stays in the history
    assert Treaty.objects.get(pk=ccm.pk).record_version > version  # cached pages refresh
    # The compliance view follows the correction at once.
    rows = Client().get("/api/v1/treaties/ccm/compliance", {"obligation": "stockpile_destruction"}).json()
    (row,) = [d for d in rows["deadlines"] if d["iso3"] == party.iso3]
    assert row["status"] == "not_applicable"


def test_a_correction_the_rules_make_impossible_is_refused_with_the_reason(
    admin_client: Client, ccm: Treaty, party: State
) -> None:
    cite = source()
    declare_stockpiles(ccm, party, cite)
    due = stockpile_deadline(ccm, party, date(2026, 2, 3))
    granted = record(
        ccm, party, "stockpile_destruction", "extension_granted", date=due, new_deadline=add_months(due, 12), cite=cite
    )
    url = f"/admin/obligations/obligationfact/{granted.pk}/change/"
    form = fact_form(
        ccm,
        party,
        cite,
        kind="extension_granted",
        applies="",
        date=due.isoformat(),
        new_deadline=add_months(due, 60).isoformat(),
        change_reason="typo",
        seen_version="1",
    )
    response = admin_client.post(url, form)
    assert response.status_code == 200
    assert "allows extensions of up to 48 months" in response.content.decode()
    granted.refresh_from_db()
    assert granted.new_deadline == add_months(due, 12)


def test_an_administrator_removes_an_obligation_fact_only_with_a_reason(
    admin_client: Client, ccm: Treaty, party: State
) -> None:
    admin_client.post("/admin/obligations/obligationfact/add/", fact_form(ccm, party, source()))
    fact = ObligationFact.objects.get(state=party)
    url = f"/admin/obligations/obligationfact/{fact.pk}/delete/"
    page = admin_client.get(url).content.decode()
    assert 'name="change_reason"' in page
    refused = admin_client.post(url, {"post": "yes", "change_reason": " "})
    assert refused.status_code == 200
    assert "Say why the fact is removed: the reason is kept in the history." in refused.content.decode()
    assert ObligationFact.objects.filter(pk=fact.pk).exists()
    done = admin_client.post(url, {"post": "yes", "change_reason": "entered for the wrong State"})
    assert done.status_code == 302
    assert not ObligationFact.objects.filter(pk=fact.pk).exists()
    removed = ObligationFact.history.filter(id=fact.pk, history_type="-").get()
    assert (removed.history_change_reason, removed.history_user.username) == ("entered for the wrong State", "chief")


def test_removing_an_extension_that_a_later_one_builds_on_is_refused(ccm: Treaty, party: State) -> None:
    cite = source()
    declare_stockpiles(ccm, party, cite)
    due = stockpile_deadline(ccm, party, date(2026, 2, 3))
    first = record(
        ccm, party, "stockpile_destruction", "extension_granted", date=due, new_deadline=add_months(due, 48), cite=cite
    )
    later = add_months(due, 47)
    record(
        ccm,
        party,
        "stockpile_destruction",
        "extension_granted",
        date=later,
        new_deadline=add_months(due, 90),
        cite=cite,
    )
    with pytest.raises(ActionError, match=r"Removing it is refused: the extension granted on .* allows extensions"):
        do_delete_obligation_fact(first, reason="duplicate")
    with pytest.raises(ActionError, match="Say why the fact is removed"):
        do_delete_obligation_fact(first, reason="")
    assert ObligationFact.objects.filter(pk=first.pk).exists()


def test_editors_set_up_watches_in_the_admin(admin_client: Client, ccm: Treaty, apmbc: Treaty, party: State) -> None:
    url = "/admin/obligations/watch/add/"
    form = {"email": "isu@example.org", "treaty": str(ccm.pk), "state": str(party.pk), "obligation": "", "active": "on"}
    form["DigestEntry_sent-TOTAL_FORMS"] = form["sent-TOTAL_FORMS"] = "0"
    form["sent-INITIAL_FORMS"] = "0"
    no_treaty = admin_client.post(url, form | {"treaty": "", "obligation": "clearance"})
    assert "Choose the treaty whose rules define this obligation." in no_treaty.content.decode()
    assert admin_client.get(url).status_code == 200
    # The Arms Trade Treaty's rules define no stockpile destruction.
    att = Treaty.objects.get(slug="att")
    wrong = admin_client.post(url, form | {"treaty": str(att.pk), "obligation": "stockpile_destruction"})
    assert "has no obligation &#x27;stockpile_destruction&#x27;" in wrong.content.decode()
    assert not Watch.objects.exists()
    done = admin_client.post(url, form | {"obligation": "stockpile_destruction"})
    assert done.status_code == 302, done.content.decode()[:3000]
    watch = Watch.objects.get()
    assert (watch.treaty, watch.state, watch.obligation, watch.active) == (ccm, party, "stockpile_destruction", True)
    assert len(watch.unsubscribe_token) >= 40
    assert admin_client.get(f"/admin/obligations/watch/{watch.pk}/change/").status_code == 200
    assert admin_client.get("/admin/obligations/digestentry/").status_code == 200
