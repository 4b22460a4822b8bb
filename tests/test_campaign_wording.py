"""The campaign's pages, briefs and targets name a treaty by its short name and an obligation by its title, in the
reader's language: "CCM, Clearance and destruction of cluster munition remnants: due", never a rule's key or a
slug in capitals."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client
from django.utils import translation

from treatywatch.campaigns.wording import reason_words
from treatywatch.core.targeting import Reason

pytestmark = pytest.mark.django_db

# Lao PDR's Article 4 clearance deadline was running on the campaign's first day (20 February 2017).
CLEARANCE = {
    "en": "CCM, Clearance and destruction of cluster munition remnants: due, deadline 1 August 2020.",
    "fr": "CCM, Dépollution et destruction des restes d’armes à sous-munitions : en cours, échéance 1er août 2020.",
    "es": "CCM, Limpieza y destrucción de los restos de municiones en racimo: pendiente, plazo 1 de agosto de 2020.",
}
RULE = {
    "en": "its obligation under the CCM, Clearance and destruction of cluster munition remnants, is open",
    "fr": "son obligation « Dépollution et destruction des restes d’armes à sous-munitions » (CCM) est en cours",
}


def laos_facts(client: Client, lang: str) -> list[dict]:
    answer = client.get(
        "/api/v1/campaigns/oslo-10/targets", {"ask": "implementation", "region": "Asia", "lang": lang}
    ).json()
    laos = next(t for t in answer["targets"] if t["iso3"] == "LAO")
    return [f for a in laos["applying"] if a["ask"] == "implementation" for f in a["facts"]]


@pytest.mark.parametrize("lang", ["en", "fr", "es"])
def test_the_targets_api_names_the_treaty_and_the_obligation_by_their_titles(lang: str) -> None:
    facts = laos_facts(Client(), lang)
    (obligation,) = [f for f in facts if f["kind"] == "obligation"]
    assert obligation["says"] == CLEARANCE[lang]
    assert (obligation["treaty"], obligation["subject"], obligation["value"]) == ("ccm", "clearance", "due")
    (status,) = [f for f in facts if f["kind"] == "status"]
    assert status["treaty"] == "ccm" and status["says"].startswith("CCM")
    assert all(f["treaty"] is None for f in facts if f["kind"] not in ("status", "obligation"))


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_campaign_page_words_the_rule_and_the_facts_with_titles(lang: str) -> None:
    prefix = "" if lang == "en" else f"/{lang}"
    page = Client().get(f"{prefix}/campaigns/oslo-10/", {"ask": "implementation", "region": "Asia"}).content.decode()
    assert RULE[lang] in page
    assert CLEARANCE[lang] in page
    assert "clearance is" not in page and "Obligation clearance" not in page


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_brief_names_the_obligation_by_its_title(lang: str) -> None:
    prefix = "" if lang == "en" else f"/{lang}"
    page = Client().get(f"{prefix}/campaigns/oslo-10/briefs/LAO/").content.decode()
    assert CLEARANCE[lang] in page
    assert "Obligation clearance" not in page and "Obligation national_measures" not in page
    # The State's standing under the CCM, named by its short name.
    party = {"en": "CCM: a State Party", "fr": "CCM : État partie"}[lang]
    assert party in page


def test_each_treaty_is_named_by_its_short_name_in_the_readers_language() -> None:
    # The TPNW is the TIAN in French and the TPAN in Spanish; the ATT the TCA in both (see registry/labels.py).
    status = Reason("status", True, "party", "tpnw", on=date(2021, 1, 22), treaty="tpnw")
    words = {}
    for lang in ("en", "fr", "es"):
        with translation.override(lang):
            words[lang] = reason_words(status)
    assert words == {
        "en": "TPNW: a State Party (since 22 January 2021).",
        "fr": "TIAN : État partie (depuis le 22 janvier 2021).",
        "es": "TPAN: Estado parte (desde el 22 de enero de 2021).",
    }
    missing = Reason("obligation", False, "none", "clearance", treaty="ccm")
    with translation.override("fr"):
        assert reason_words(missing) == (
            "CCM, Dépollution et destruction des restes d’armes à sous-munitions : "
            "aucune obligation de ce type n’est enregistrée."
        )
    assert reason_words(missing) == (
        "CCM, Clearance and destruction of cluster munition remnants: no such obligation is recorded."
    )
