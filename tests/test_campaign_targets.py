"""The shipped campaign oslo-10 applied to the record as of 20 February 2017, State by State on clear cases of
each kind, and the campaign's API and pages."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client

from treatywatch.campaigns.models import Campaign
from treatywatch.campaigns.targets import Target, campaign_targets
from treatywatch.campaigns.wording import reason_words
from treatywatch.core.targeting import Reason

pytestmark = pytest.mark.django_db
CALL_DAY = date(2017, 2, 20)
EVERY_MEMBER = {"share_memories", "media", "fundraise"}


def target(iso3: str, day: date = CALL_DAY) -> Target:
    found = campaign_targets(Campaign.objects.get(slug="oslo-10"), day)
    return next(t for t in found.targets if t.state.iso3 == iso3)


def asks(iso3: str, day: date = CALL_DAY) -> set[str]:
    return set(target(iso3, day).ask_keys)


def facts(iso3: str, ask: str, day: date = CALL_DAY) -> list[tuple[str, str]]:
    found = target(iso3, day)
    return [(r.kind, r.value) for a, verdict in found.applying if a.key == ask for r in verdict.reasons]


def test_oslo_10_ships_with_its_eight_asks_and_its_source() -> None:
    campaign = Campaign.objects.get(slug="oslo-10")
    assert (campaign.starts_on, campaign.ends_on) == (date(2017, 2, 20), date(2017, 2, 24))
    assert campaign.languages == ["en", "fr", "es"]
    assert [a.key for a in campaign.asks.all()] == [
        "accede",
        "ratify",
        "condemn_use",
        "implementation",
        "fund",
        "share_memories",
        "media",
        "fundraise",
    ]
    assert campaign.source is not None and "ICBL-CMC" in campaign.source.citation
    assert "Dubrovnik Action Plan" in campaign.call


def test_a_non_signatory_is_asked_to_accede() -> None:
    # The United States never signed the CCM (it is not in the UNTC status list), and the record holds no
    # statement of its condemning use in Yemen.
    assert asks("USA") == {"accede", "condemn_use"} | EVERY_MEMBER
    assert ("status", "non_signatory") in facts("USA", "accede")


def test_a_signatory_is_asked_to_ratify() -> None:
    # Indonesia signed on 3 December 2008 and had not ratified by February 2017 (UNTC).
    assert asks("IDN") == {"ratify", "condemn_use"} | EVERY_MEMBER


def test_an_affected_state_party_is_asked_about_implementation() -> None:
    # Lebanon ratified in 2010; the Monitor found 773 areas containing cluster munition remnants (end 2015),
    # and its Article 4 clearance deadline (1 May 2021) was running.
    assert asks("LBN") == {"implementation", "condemn_use"} | EVERY_MEMBER
    assert set(facts("LBN", "implementation")) >= {("status", "party"), ("role", "affected"), ("obligation", "due")}


def test_a_state_party_whose_clearance_obligation_is_open_is_asked_though_no_finding_lists_it_yet() -> None:
    # The Monitor's 2017 list of contaminated States is as of 1 August 2017, after the call: Lao PDR is reached
    # through its Article 4 clearance deadline, running on 20 February 2017.
    assert "implementation" in asks("LAO")
    assert ("obligation", "due") in facts("LAO", "implementation")
    assert ("role", "affected") not in facts("LAO", "implementation")


def test_a_donor_gets_the_funding_ask_only_once_a_finding_names_it_a_donor() -> None:
    # Norway condemned use in Syria (2012, 2013) but no statement on Yemen is recorded. The findings name
    # donors only from the Landmine Monitor 2021 (top-5 donors in 2020): on 20 February 2017 no donor is known,
    # so `fund` goes to no State rather than to a guessed one, and goes to Norway once that finding is known.
    assert asks("NOR") == {"condemn_use"} | EVERY_MEMBER
    assert not any(
        "fund" in t.ask_keys for t in campaign_targets(Campaign.objects.get(slug="oslo-10"), CALL_DAY).targets
    )
    later = date(2021, 1, 1)
    assert "fund" in asks("NOR", later)
    [(kind, value)] = facts("NOR", "fund", later)
    assert (kind, value) == ("role", "donor")


def test_the_targets_endpoint_defaults_to_the_campaigns_first_day_with_facts_and_sources(client: Client) -> None:
    answer = client.get("/api/v1/campaigns/oslo-10/targets", {"ask": "implementation", "region": "Asia"}).json()
    assert answer["as_of"] == "2017-02-20"
    lebanon = next(t for t in answer["targets"] if t["iso3"] == "LBN")
    implementation = next(a for a in lebanon["applying"] if a["ask"] == "implementation")
    role = next(f for f in implementation["facts"] if f["kind"] == "role")
    assert role["value"] == "affected" and role["sources"] and role["text"].startswith("773 areas")
    assert all("implementation" in t["asks"] for t in answer["targets"])


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"as_of": "2017-02-30"}, "as_of:"),
        ({"as_of": "1800-01-01"}, "as_of:"),
        ({"ask": "nope"}, "ask: 'nope' is not one of accede"),
        ({"region": "Atlantis"}, "region: 'Atlantis'"),
    ],
)
def test_the_targets_endpoint_refuses_bad_parameters_as_the_others_do(
    client: Client, query: dict[str, str], message: str
) -> None:
    response = client.get("/api/v1/campaigns/oslo-10/targets", query)
    assert response.status_code == 400
    assert response.json()["detail"].startswith(message)


def test_the_campaign_endpoints(client: Client) -> None:
    assert client.get("/api/v1/campaigns").json()[0]["slug"] == "oslo-10"
    detail = client.get("/api/v1/campaigns/oslo-10").json()
    assert [a["key"] for a in detail["asks"]][:2] == ["accede", "ratify"]
    assert detail["asks"][0]["rule"] == {"status": {"treaty": "ccm", "in": ["non_signatory", "withdrawn"]}}
    french = client.get("/api/v1/campaigns/oslo-10", {"lang": "fr"}).json()
    assert french["asks"][0]["title"].startswith("Engager les décideurs")
    spanish = client.get("/api/v1/campaigns/oslo-10/targets", {"lang": "es", "ask": "ratify"}).json()
    assert spanish["targets"][0]["applying"][0]["facts"][0]["says"].startswith("CCM: signatario")
    assert (
        client.get("/api/v1/campaigns/oslo-10", {"lang": "de"}).json()["detail"]
        == "lang: 'de' is not one of en, fr, es"
    )
    assert client.get("/api/v1/campaigns/nope").status_code == 404


def test_the_campaign_page_explains_the_rules_and_lists_the_states(client: Client) -> None:
    page = client.get("/campaigns/oslo-10/", {"ask": "ratify"}).content.decode()
    assert "a signatory that has not ratified of the CCM" in page
    assert "Indonesia" in page and "Norway" not in page.split('id="targets"')[1]
    assert "20 February 2017" in page
    later = client.get("/campaigns/oslo-10/", {"as_of": "2021-01-01", "ask": "fund"}).content.decode()
    assert "Norway" in later.split('id="targets"')[1]


def test_the_campaign_page_in_french_and_spanish(client: Client) -> None:
    french = client.get("/fr/campaigns/oslo-10/").content.decode()
    assert "Engager les décideurs" in french
    spanish = client.get("/es/campaigns/oslo-10/").content.decode()
    assert "Involucrar a los responsables" in spanish
    assert client.get("/fr/campaigns/").status_code == 200


def test_the_download_has_the_same_columns_as_the_field_list(client: Client) -> None:
    csv = client.get("/campaigns/oslo-10/targets.csv", {"ask": "ratify"}).content.decode()
    assert csv.splitlines()[0] == "iso3,name,region,region_label,asks,state_asks"
    assert "IDN,Indonesia,Asia,Asia," in csv


def test_a_bad_filter_on_the_page_is_a_clear_400(client: Client) -> None:
    assert client.get("/campaigns/oslo-10/", {"ask": "nope"}).status_code == 400
    assert client.get("/campaigns/nope/").status_code == 404


@pytest.mark.parametrize(
    ("url", "declared"),
    [
        ("/api/v1/campaigns/oslo-10", "CampaignOut"),
        ("/api/v1/campaigns/oslo-10/targets?region=Europe", "CampaignTargets"),
    ],
)
def test_campaign_answers_match_their_declared_schema(client: Client, url: str, declared: str) -> None:
    from pydantic import TypeAdapter

    from treatywatch.api import campaign_endpoints

    schema = getattr(campaign_endpoints, declared)
    body = client.get(url).json()
    assert TypeAdapter(schema).dump_python(TypeAdapter(schema).validate_python(body), mode="json") == body


def test_an_obligation_without_a_deadline_is_worded_once_not_as_a_missing_deadline() -> None:
    sentence = reason_words(Reason("obligation", True, "no_deadline", "national_measures", treaty="ccm"))
    assert sentence == "CCM, National implementation measures: no deadline."
    dated = reason_words(Reason("obligation", True, "overdue", "clearance", on=date(2020, 8, 1), treaty="ccm"))
    assert dated == "CCM, Clearance and destruction of cluster munition remnants: overdue, deadline 1 August 2020."
