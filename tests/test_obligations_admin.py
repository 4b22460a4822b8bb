"""The admin for obligation facts (through the validated action, with a reason) and deadline watches."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client

from treatywatch.obligations.models import ObligationFact, Watch
from treatywatch.registry.models import Source, State, Treaty

from .deadline_facts import party_without_facts, source


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


def test_a_recorded_obligation_fact_is_read_only(admin_client: Client, ccm: Treaty, party: State) -> None:
    admin_client.post("/admin/obligations/obligationfact/add/", fact_form(ccm, party, source()))
    fact = ObligationFact.objects.get(state=party)
    url = f"/admin/obligations/obligationfact/{fact.pk}/change/"
    assert admin_client.get(url).status_code == 200
    assert admin_client.post(url, fact_form(ccm, party, source(), applies="false")).status_code == 403
    assert admin_client.post(f"/admin/obligations/obligationfact/{fact.pk}/delete/", {"post": "yes"}).status_code == 403
    fact.refresh_from_db()
    assert fact.applies is True


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
