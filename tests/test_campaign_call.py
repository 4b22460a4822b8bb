"""Sending a campaign's call: each person of each member organisation gets it once, in the member's language, with
the link to its brief and a one-click unsubscribe, through a real SMTP server; coalition staff preview and send it,
members never; a failure is tried again on the next run; an unsubscribed person gets nothing."""

from __future__ import annotations

import re
from datetime import date, timedelta
from io import StringIO
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.core.management import CommandError, call_command
from django.test import Client, TestCase
from django.utils import timezone

from treatywatch.campaigns.actions import do_save_campaign
from treatywatch.campaigns.models import Campaign
from treatywatch.jobs.models import Job, JobKind, JobStatus
from treatywatch.lib.actions import ActionError
from treatywatch.mailing.actions import do_start_call, do_stop_calls
from treatywatch.mailing.calls import Standing, member_asks, recipients, send_call, unsubscribe_token
from treatywatch.mailing.models import CallDelivery, CallOptOut, DeliveryStatus
from treatywatch.organisations.actions import do_save_organisation, do_set_membership
from treatywatch.organisations.models import Organisation, OrganisationKind, Role
from treatywatch.registry.models import State

from .smtp import Inbox, smtp_settings

pytestmark = pytest.mark.django_db
SITE = "https://treatywatch.example"
SENDING = "/campaigns/oslo-10/call/"


@pytest.fixture(autouse=True)
def _site(settings: Any) -> None:
    settings.TREATYWATCH_SITE_URL = SITE + "/"
    settings.DEFAULT_FROM_EMAIL = "Cluster Munition Coalition <calls@treatywatch.example>"


@pytest.fixture
def site_admin() -> User:
    return User.objects.create_superuser("site-admin", password="x")


def _organisation(admin: User, name: str, kind: str, **fields: Any) -> Organisation:
    made = Organisation(name=name, slug=name.lower().replace(" ", "-"), kind=kind, **fields)
    return do_save_organisation(made, actor=admin, reason="test")


def _person(organisation: Organisation, username: str, role: str, admin: User, email: str = "") -> User:
    user = User.objects.create_user(username, email=email or f"{username}@example.org", password="x")
    do_set_membership(organisation, user, role, actor=admin, reason="test")
    return user


@pytest.fixture
def coalition(site_admin: User) -> Organisation:
    # The Cluster Munition Coalition sent the Oslo Process anniversary call (shared/reference).
    return _organisation(site_admin, "Cluster Munition Coalition", OrganisationKind.COALITION, languages=["en"])


@pytest.fixture
def campaign(site_admin: User, coalition: Organisation) -> Campaign:
    oslo = Campaign.objects.get(slug="oslo-10")
    oslo.organiser = coalition
    return do_save_campaign(oslo, actor=site_admin, reason="test: the coalition that sent the call")


def _member(admin: User, coalition: Organisation, name: str, iso3: str | None, languages: list[str]) -> Organisation:
    state = State.objects.get(iso3=iso3) if iso3 else None
    fields = {"coalition": coalition, "state": state, "languages": languages}
    return _organisation(admin, name, OrganisationKind.CAMPAIGN_MEMBER, **fields)


@pytest.fixture
def people(site_admin: User, coalition: Organisation, campaign: Campaign) -> dict[str, User]:
    peru = _member(site_admin, coalition, "Member in Peru", "PER", ["es"])
    france = _member(site_admin, coalition, "Member in France", "FRA", ["de", "fr", "en"])
    germany = _member(site_admin, coalition, "Member in Germany", "DEU", ["de"])
    roaming = _member(site_admin, coalition, "Member without a country", None, ["fr"])
    return {
        "peru": _person(peru, "lucia", Role.EDITOR, site_admin),
        "peru viewer": _person(peru, "mateo", Role.VIEWER, site_admin),
        "france": _person(france, "camille", Role.EDITOR, site_admin),
        "germany": _person(germany, "jonas", Role.VIEWER, site_admin),
        "roaming": _person(roaming, "amina", Role.EDITOR, site_admin),
        "staff editor": _person(coalition, "coordinator", Role.EDITOR, site_admin),
        "staff viewer": _person(coalition, "assistant", Role.VIEWER, site_admin),
    }


def client_of(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def start(user: User) -> Any:
    """Press the send button, then run the job the commit hands to the worker (the test never commits)."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client_of(user).post(SENDING)


# --- Who gets what ----------------------------------------------------------------------------------------------


def test_each_person_is_written_to_in_the_members_first_language_the_campaign_offers(
    campaign: Campaign, people: dict[str, User]
) -> None:
    found = {r.user.username: (r.language, r.link, r.standing) for r in recipients(campaign)}
    assert found == {
        "lucia": ("es", f"{SITE}/es/campaigns/oslo-10/briefs/PER/", Standing.TO_SEND),
        "mateo": ("es", f"{SITE}/es/campaigns/oslo-10/briefs/PER/", Standing.TO_SEND),
        # German first, but the campaign offers en, fr and es: French, its next.
        "camille": ("fr", f"{SITE}/fr/campaigns/oslo-10/briefs/FRA/", Standing.TO_SEND),
        # Only German: English, without a prefix like every English page.
        "jonas": ("en", f"{SITE}/campaigns/oslo-10/briefs/DEU/", Standing.TO_SEND),
        # No State, no brief: the campaign's page.
        "amina": ("fr", f"{SITE}/fr/campaigns/oslo-10/", Standing.TO_SEND),
    }, "the coalition's own staff are not its members"


def test_the_staff_preview_the_call_before_anything_is_sent(campaign: Campaign, people: dict[str, User]) -> None:
    page = client_of(people["staff viewer"]).get(SENDING)
    assert page.status_code == 200
    assert "no-store" in page["Cache-Control"]
    text = page.content.decode()
    assert f"{SITE}/fr/campaigns/oslo-10/briefs/FRA/" in text and "camille@example.org" in text
    assert "will be sent: 5" in text
    assert "Send the call" not in text, "a viewer of the coalition previews, its editors send"
    assert "Send the call to 5 people" in client_of(people["staff editor"]).get(SENDING).content.decode()
    assert mail.outbox == [] and not CallDelivery.objects.exists()


def _asks_of(text: str, member: str) -> str:
    """The asks cell of the first row of `member` in the sending page's table."""
    row = re.search(rf'<th scope="row">{re.escape(member)}</th>.*?</tr>', text, re.DOTALL)
    assert row, f"no row for {member}"
    return re.findall(r"<td[^>]*>(.*?)</td>", row.group(0), re.DOTALL)[-2].strip()


def test_the_preview_says_each_members_asks_on_the_campaigns_first_day_or_the_day_asked(
    campaign: Campaign, people: dict[str, User]
) -> None:
    client = client_of(people["staff viewer"])
    text = client.get(SENDING).content.decode()
    # On 20 February 2017, the day the briefs linked answer for: Peru and Germany are States Parties.
    assert "Asks on 20 February 2017" in text
    assert "ratify" not in _asks_of(text, "Member in Peru").split(", ")
    # A member with no State: the asks for every member only.
    every = [ask.key for ask in campaign.asks.order_by("order", "key") if not ask.rule]
    assert _asks_of(text, "Member without a country") == ", ".join(every)
    # On 1 January 2009 Peru (signed 3 December 2008) and Germany (ratified in July 2009) were signatories.
    earlier = client.get(SENDING, {"as_of": "2009-01-01"}).content.decode()
    assert "Asks on 1 January 2009" in earlier
    assert "answer for the campaign's first day, 20 February 2017." in earlier
    for member in ("Member in Peru", "Member in Germany"):
        assert "ratify" in _asks_of(earlier, member).split(", "), member
    # The links sent do not change with the day previewed: each brief answers for the campaign's first day.
    assert f'{SITE}/es/campaigns/oslo-10/briefs/PER/"' in earlier
    french = client.get("/fr" + SENDING, {"as_of": "2009-01-01"}).content.decode()
    assert "Demandes au 1er janvier 2009" in french
    bad = client.get(SENDING, {"as_of": "2009-02-30"})
    assert bad.status_code == 400 and "as_of" in bad.content.decode()


def test_a_member_whose_state_did_not_exist_on_the_day_has_no_asks(
    campaign: Campaign, site_admin: User, people: dict[str, User]
) -> None:
    coalition = campaign.organiser
    assert coalition is not None
    # A member still naming Czechoslovakia, which ceased to exist on 31 December 1992.
    former = _member(site_admin, coalition, "Member in Czechoslovakia", "CSK", ["en"])
    _person(former, "jana", Role.EDITOR, site_admin)
    assert member_asks(campaign, date(2017, 2, 20), [former]) == {former.pk: None}
    text = client_of(people["staff viewer"]).get(SENDING).content.decode()
    assert _asks_of(text, "Member in Czechoslovakia") == (
        '<span class="muted">No brief: its State did not exist on this day.</span>'
    )
    earlier = member_asks(campaign, date(1992, 6, 1), [former])[former.pk]
    assert earlier is not None and "accede" in [ask.key for ask in earlier]


def test_the_campaign_page_links_to_the_sending_page_once_a_coalition_organises_it(site_admin: User) -> None:
    link = 'href="/campaigns/oslo-10/call/"'
    assert link not in Client().get("/campaigns/oslo-10/").content.decode()
    oslo = Campaign.objects.get(slug="oslo-10")
    oslo.organiser = _organisation(site_admin, "Cluster Munition Coalition", OrganisationKind.COALITION)
    with TestCase.captureOnCommitCallbacks(execute=True):  # the page cache is emptied once the change commits
        do_save_campaign(oslo, actor=site_admin, reason="test")
    assert link in Client().get("/campaigns/oslo-10/").content.decode()


def test_the_preview_is_in_french_too(campaign: Campaign, people: dict[str, User]) -> None:
    text = client_of(people["staff editor"]).get("/fr" + SENDING).content.decode()
    assert "Envoyer l’appel à 5 personnes" in text


def test_members_and_visitors_neither_see_nor_send_the_call(campaign: Campaign, people: dict[str, User]) -> None:
    for member in ("peru", "france"):
        assert client_of(people[member]).get(SENDING).status_code == 404
        with TestCase.captureOnCommitCallbacks(execute=True):
            assert client_of(people[member]).post(SENDING).status_code == 404
    anonymous = Client().get(SENDING)
    assert anonymous.status_code == 302 and "/accounts/" in anonymous["Location"]
    assert start(people["staff viewer"]).status_code == 302
    assert mail.outbox == [] and not Job.objects.exists()
    with pytest.raises(ActionError, match="Only the editors of Cluster Munition Coalition"):
        do_start_call(campaign, started_by=people["peru"])


def test_a_campaign_without_a_coalition_has_nobody_to_call(site_admin: User) -> None:
    campaign = Campaign.objects.get(slug="oslo-10")
    assert recipients(campaign) == []
    with pytest.raises(ActionError, match="oslo-10: the campaign names no organising coalition"):
        do_start_call(campaign, started_by=site_admin)


# --- Sending, once ------------------------------------------------------------------------------------------------


def test_the_call_goes_out_once_through_a_real_smtp_server(
    smtp_server: tuple[Inbox, int], campaign: Campaign, people: dict[str, User]
) -> None:
    inbox, port = smtp_server
    with smtp_settings(port):
        response = start(people["staff editor"])
        assert response.status_code == 302 and response["Location"] == SENDING
        start(people["staff editor"])  # a second run
        call_command("send_campaign_call", "oslo-10", "--commit", stdout=StringIO())  # and a third
    assert sorted(r for e in inbox.envelopes for r in e.rcpt_tos) == [
        "amina@example.org",
        "camille@example.org",
        "jonas@example.org",
        "lucia@example.org",
        "mateo@example.org",
    ], "each person once"
    by_person = {m["To"]: m for m in inbox.messages()}
    french = by_person["camille@example.org"]
    assert french["From"] == "Cluster Munition Coalition <calls@treatywatch.example>"
    assert french["Content-Language"] == "fr"
    assert french["Subject"].strip() == "10th anniversary of the Oslo Process : l’appel à agir et votre dossier"
    text = french.get_content()
    assert "Chers collègues de Member in France," in text
    assert f"{SITE}/fr/campaigns/oslo-10/briefs/FRA/" in text
    token = unsubscribe_token(people["france"])
    unsubscribe = f"{SITE}/fr/campaign-mail/unsubscribe/{token}/"
    assert french["List-Unsubscribe"].strip() == f"<{unsubscribe}>"
    assert french["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert unsubscribe in text
    spanish = by_person["lucia@example.org"]
    assert spanish["Content-Language"] == "es"
    assert f"{SITE}/es/campaigns/oslo-10/briefs/PER/" in spanish.get_content()
    english = by_person["jonas@example.org"].get_content()
    assert "Dear colleagues at Member in Germany," in english
    assert f"{SITE}/campaigns/oslo-10/briefs/DEU/" in english
    assert "Cluster Munition Coalition calls on its members to act from 20 February 2017 to 24 February 2017" in english
    jobs = Job.objects.filter(kind=JobKind.CAMPAIGN_CALL).order_by("pk")
    assert [(j.status, j.started_by) for j in jobs] == [(JobStatus.SUCCEEDED, people["staff editor"])] * 2
    assert "5 e-mail(s) sent, 0 not sent" in jobs[0].output
    assert "0 e-mail(s) sent, 0 not sent" in jobs[1].output
    assert set(CallDelivery.objects.values_list("status", "attempts", "job")) == {(DeliveryStatus.SENT, 1, jobs[0].pk)}
    page = client_of(people["staff viewer"]).get(SENDING).content.decode()
    assert "sent: 5" in page and f"Last sending (job {jobs[1].pk})" in page


def test_two_workers_with_the_same_list_send_each_e_mail_once(
    smtp_server: tuple[Inbox, int], campaign: Campaign, people: dict[str, User]
) -> None:
    inbox, port = smtp_server
    first, second = recipients(campaign), recipients(campaign)  # both read before either sends
    with smtp_settings(port):
        assert len(send_call(campaign, first).sent) == 5
        assert send_call(campaign, second).sent == []
    assert len(inbox.envelopes) == 5


def test_a_claim_another_worker_holds_is_left_to_it_and_an_abandoned_one_is_taken(
    smtp_server: tuple[Inbox, int], campaign: Campaign, people: dict[str, User]
) -> None:
    inbox, port = smtp_server
    peru = people["peru"].memberships.get().organisation
    held = {"campaign": campaign, "organisation": peru, "language": "es", "link": "x"}
    CallDelivery.objects.create(**held, user=people["peru"], status=DeliveryStatus.SENDING)
    abandoned = timezone.now() - timedelta(hours=2)
    CallDelivery.objects.create(**held, user=people["peru viewer"], status=DeliveryStatus.SENDING, claimed_at=abandoned)
    with smtp_settings(port):
        send_call(campaign, recipients(campaign))
    sent_to = sorted(r for e in inbox.envelopes for r in e.rcpt_tos)
    assert "lucia@example.org" not in sent_to, "another worker is sending it"
    assert "mateo@example.org" in sent_to and len(sent_to) == 4


def test_a_refused_recipient_fails_alone_and_is_tried_again_on_the_next_run(
    smtp_server: tuple[Inbox, int], campaign: Campaign, people: dict[str, User]
) -> None:
    inbox, port = smtp_server
    jonas = people["germany"]
    jonas.email = "jonas@bounce.example"
    jonas.save()
    with smtp_settings(port):
        start(people["staff editor"])
    job = Job.objects.get()
    assert job.status == JobStatus.FAILED
    assert "Not sent to jonas@bounce.example (Member in Germany): SMTPRecipientsRefused" in job.output
    failed = CallDelivery.objects.get(user=jonas)
    assert failed.status == DeliveryStatus.FAILED and "No such mailbox" in failed.error
    page = client_of(people["staff editor"]).get(SENDING).content.decode()
    assert "failed before: will be tried again: 1" in page and "Send the call to 1 person" in page
    jonas.email = "jonas@example.org"
    jonas.save()
    with smtp_settings(port):
        start(people["staff editor"])
    assert len(inbox.envelopes) == 5 and inbox.envelopes[-1].rcpt_tos == ["jonas@example.org"]
    failed.refresh_from_db()
    assert (failed.status, failed.attempts, failed.error) == (DeliveryStatus.SENT, 2, "")


def test_a_second_sending_is_refused_while_one_is_under_way(campaign: Campaign, people: dict[str, User]) -> None:
    running = Job.objects.create(kind=JobKind.CAMPAIGN_CALL, campaign_slug="oslo-10", status=JobStatus.RUNNING)
    with pytest.raises(ActionError, match=f"already being sent \\(job {running.pk}\\)"):
        do_start_call(campaign, started_by=people["staff editor"])
    page = client_of(people["staff editor"]).get(SENDING).content.decode()
    assert "This page refreshes itself" in page and "Send the call to" not in page


def test_the_command_is_a_dry_run_unless_told_to_commit(campaign: Campaign, people: dict[str, User]) -> None:
    out = StringIO()
    call_command("send_campaign_call", "oslo-10", stdout=out)
    assert "camille@example.org (Member in France, fr): " in out.getvalue()
    assert "Dry run: 5 e-mail(s) would be sent; nothing was sent (--commit sends)." in out.getvalue()
    assert mail.outbox == [] and not CallDelivery.objects.exists()
    with pytest.raises(CommandError, match="No campaign 'oslo-11'"):
        call_command("send_campaign_call", "oslo-11")


# --- Unsubscribing ------------------------------------------------------------------------------------------------


def test_the_unsubscribe_link_asks_first_then_stops_every_campaign_call(
    smtp_server: tuple[Inbox, int], campaign: Campaign, people: dict[str, User]
) -> None:
    inbox, port = smtp_server
    camille = people["france"]
    url = f"/fr/campaign-mail/unsubscribe/{unsubscribe_token(camille)}/"
    client = Client(enforce_csrf_checks=True)
    page = client.get(url)
    assert page.status_code == 200 and "no-store" in page["Cache-Control"]
    assert "Ne plus recevoir les appels" in page.content.decode()
    assert not CallOptOut.objects.exists(), "opening the link changes nothing"
    # What a mail client's one-click unsubscribe (RFC 8058) posts, with no CSRF token.
    done = client.post(url, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded")
    assert done.status_code == 200
    opt_out = CallOptOut.objects.get(user=camille)
    assert opt_out.history.get().history_user == camille
    with smtp_settings(port):
        start(people["staff editor"])
    assert "camille@example.org" not in [r for e in inbox.envelopes for r in e.rcpt_tos]
    assert len(inbox.envelopes) == 4
    assert not CallDelivery.objects.filter(user=camille).exists()
    assert "unsubscribed: not sent: 1" in client_of(people["staff editor"]).get(SENDING).content.decode()
    client.post(url, {"resume": "1"})
    assert not CallOptOut.objects.exists()
    assert Client().get("/campaign-mail/unsubscribe/12:not-signed/").status_code == 404
    assert Client().get(f"/campaign-mail/unsubscribe/{unsubscribe_token(camille)}x/").status_code == 404


def test_a_person_who_unsubscribes_while_a_run_is_under_way_is_not_sent_it(
    campaign: Campaign, people: dict[str, User]
) -> None:
    read_before = recipients(campaign)
    do_stop_calls(people["germany"])
    run = send_call(campaign, read_before)
    assert len(run.sent) == 4 and "jonas@example.org" not in [m.to[0] for m in mail.outbox]


def test_stopping_twice_is_stopping_once(people: dict[str, User]) -> None:
    assert do_stop_calls(people["peru"]) == do_stop_calls(people["peru"])
    assert CallOptOut.objects.count() == 1
