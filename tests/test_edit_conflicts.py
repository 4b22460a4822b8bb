"""Two editors correcting the same fact at once: the second save is refused with the first one's change."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.contrib.auth.models import Group, User
from django.test import Client

from treatywatch.lib.versions import ConflictError
from treatywatch.obligations.models import ObligationFact
from treatywatch.registry import admin as registry_admin
from treatywatch.registry.actions import FactInput, do_correct_fact
from treatywatch.registry.models import DepositaryFact, Treaty
from treatywatch.registry.roles import EDITOR

from .deadline_facts import party_without_facts, source
from .test_editing import add_form
from .test_obligations_admin import fact_form


def editor(name: str) -> Client:
    user = User.objects.create_user(name, password="a long test password", is_staff=True)
    user.groups.add(Group.objects.get(name=EDITOR))
    client = Client()
    client.force_login(user)
    return client


def shown_version(client: Client, url: str) -> str:
    """The hidden version the change form carries, as a browser would send it back."""
    page = client.get(url).content.decode()
    match = re.search(r'<input type="hidden" name="seen_version" value="(\d+)"', page)
    assert match, "the change form carries no version"
    return match.group(1)


@pytest.fixture
def vanuatu_deposit(ccm: Treaty) -> DepositaryFact:
    return DepositaryFact.objects.get(treaty=ccm, state__iso3="VUT", kind="deposit")


def deposit_form(fact: DepositaryFact, **changes: str) -> dict[str, str]:
    stored = {
        "instrument": fact.instrument,
        "date": fact.date.isoformat(),
        "depositary_notification": fact.depositary_notification,
    }
    return add_form(fact.treaty, fact.state, fact.source, **(stored | changes))


def test_the_second_editor_sees_the_first_ones_change_instead_of_overwriting_it(
    vanuatu_deposit: DepositaryFact,
) -> None:
    url = f"/admin/registry/depositaryfact/{vanuatu_deposit.pk}/change/"
    alice, bob = editor("alice"), editor("bob")
    alice_version, bob_version = shown_version(alice, url), shown_version(bob, url)
    first = alice.post(
        url,
        deposit_form(vanuatu_deposit, date="2025-09-08", seen_version=alice_version, change_reason="UNTC corrected"),
    )
    assert first.status_code == 302, first.content.decode()[:3000]

    second = bob.post(
        url,
        deposit_form(
            vanuatu_deposit, depositary_notification="C.N.9.2025", seen_version=bob_version, change_reason="typo"
        ),
    )
    page = second.content.decode()
    assert second.status_code == 200
    assert "Another editor changed this record while you were editing it" in page
    assert "alice on " in page and "(UNTC corrected)" in page
    assert "date 2025-09-05 → 2025-09-08" in page
    vanuatu_deposit.refresh_from_db()
    assert (vanuatu_deposit.date, vanuatu_deposit.depositary_notification) == (date(2025, 9, 8), "")
    assert vanuatu_deposit.history.first().history_user.username == "alice"

    # The form came back with Bob's input and the version now stored: saving it again is a choice made knowingly.
    again = re.search(r'<input type="hidden" name="seen_version" value="(\d+)"', page)
    assert again and again.group(1) != bob_version
    retry = bob.post(
        url,
        deposit_form(
            vanuatu_deposit,
            date="2025-09-08",
            depositary_notification="C.N.9.2025",
            seen_version=again.group(1),
            change_reason="typo",
        ),
    )
    assert retry.status_code == 302, retry.content.decode()[:3000]
    vanuatu_deposit.refresh_from_db()
    assert (vanuatu_deposit.date, vanuatu_deposit.depositary_notification) == (date(2025, 9, 8), "C.N.9.2025")
    assert vanuatu_deposit.history.count() == 3


def test_a_conflict_found_only_as_the_change_is_written_keeps_nothing_and_says_why(
    vanuatu_deposit: DepositaryFact, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = f"/admin/registry/depositaryfact/{vanuatu_deposit.pk}/change/"
    bob = editor("bob")
    stale = shown_version(bob, url)
    do_correct_fact(vanuatu_deposit, fact=FactInput("deposit", date(2025, 9, 8), "accession"), reason="UNTC corrected")
    # Both saves in the same instant: the form's check saw the old version, the action sees the new one.
    monkeypatch.setattr(registry_admin, "check_version", lambda stored, expected: None)
    response = bob.post(url, deposit_form(vanuatu_deposit, date="2025-09-01", seen_version=stale, change_reason="typo"))
    assert response.status_code == 302 and response["Location"] == url
    follow = bob.get(url).content.decode()
    assert "Another editor changed this record while you were editing it" in follow
    assert "(UNTC corrected): date 2025-09-05 → 2025-09-08" in follow
    vanuatu_deposit.refresh_from_db()
    assert vanuatu_deposit.date == date(2025, 9, 8)
    assert vanuatu_deposit.history.count() == 2


def test_the_action_refuses_a_correction_made_against_an_older_version(vanuatu_deposit: DepositaryFact) -> None:
    seen = vanuatu_deposit.version
    do_correct_fact(vanuatu_deposit, fact=FactInput("deposit", date(2025, 9, 8), "accession"), reason="first")
    assert vanuatu_deposit.version == seen + 1
    with pytest.raises(ConflictError, match=r"an import or a command on .* \(first\): date 2025-09-05 → 2025-09-08"):
        do_correct_fact(
            vanuatu_deposit,
            fact=FactInput("deposit", date(2025, 9, 1), "accession"),
            reason="second",
            expected_version=seen,
        )
    vanuatu_deposit.refresh_from_db()
    assert vanuatu_deposit.date == date(2025, 9, 8)


def test_two_editors_correcting_one_obligation_fact_conflict_too(ccm: Treaty) -> None:
    party = party_without_facts(ccm, "AUT")
    cite = source()
    alice, bob = editor("alice"), editor("bob")
    assert alice.post("/admin/obligations/obligationfact/add/", fact_form(ccm, party, cite)).status_code == 302
    fact = ObligationFact.objects.get(state=party)
    url = f"/admin/obligations/obligationfact/{fact.pk}/change/"
    alice_version, bob_version = shown_version(alice, url), shown_version(bob, url)
    done = alice.post(
        url, fact_form(ccm, party, cite, applies="false", seen_version=alice_version, change_reason="misread")
    )
    assert done.status_code == 302, done.content.decode()[:3000]
    refused = bob.post(url, fact_form(ccm, party, cite, text="noted", seen_version=bob_version, change_reason="a note"))
    page = refused.content.decode()
    assert refused.status_code == 200
    assert "alice on " in page and "(misread): applies True → False" in page
    fact.refresh_from_db()
    assert (fact.applies, fact.text) == (False, "")


def test_a_change_form_without_its_version_is_refused(vanuatu_deposit: DepositaryFact) -> None:
    url = f"/admin/registry/depositaryfact/{vanuatu_deposit.pk}/change/"
    response = editor("bob").post(url, deposit_form(vanuatu_deposit, date="2025-09-01", change_reason="typo"))
    assert response.status_code == 200
    assert "This form has no version of the record" in response.content.decode()
    vanuatu_deposit.refresh_from_db()
    assert vanuatu_deposit.date == date(2025, 9, 5)


def test_a_revert_from_the_history_against_an_older_version_keeps_the_other_change(
    vanuatu_deposit: DepositaryFact, monkeypatch: pytest.MonkeyPatch
) -> None:
    original = vanuatu_deposit.history.get()
    revert_url = f"/admin/registry/depositaryfact/{vanuatu_deposit.pk}/history/{original.history_id}/"
    bob = editor("bob")
    stale = re.search(r'name="seen_version" value="(\d+)"', bob.get(revert_url).content.decode())
    assert stale
    do_correct_fact(vanuatu_deposit, fact=FactInput("deposit", date(2025, 9, 8), "accession"), reason="UNTC corrected")
    form = deposit_form(vanuatu_deposit, date="2025-09-05", seen_version=stale.group(1), change_reason="revert")
    refused = bob.post(revert_url, form)
    assert refused.status_code == 200
    assert "(UNTC corrected): date 2025-09-05 → 2025-09-08" in refused.content.decode()
    # Saved in the same instant as the other change: sent back to the page with the message.
    monkeypatch.setattr(registry_admin, "check_version", lambda stored, expected: None)
    raced = bob.post(revert_url, form)
    assert raced.status_code == 302 and raced["Location"] == revert_url
    vanuatu_deposit.refresh_from_db()
    assert vanuatu_deposit.date == date(2025, 9, 8)
