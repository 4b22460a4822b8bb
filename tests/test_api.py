"""The read-only JSON API."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client

from .conftest import ROOT


@pytest.fixture
def api(db: None) -> Client:
    return Client()


def test_lists_the_treaties_in_the_register(api: Client) -> None:
    body = api.get("/api/v1/treaties").json()
    assert {t["slug"] for t in body} == {"ccm", "apmbc", "att", "tpnw"}
    ccm = next(t for t in body if t["slug"] == "ccm")
    assert ccm["url"] == "http://testserver/api/v1/treaties/ccm"
    assert {t["slug"]: t["record_imported"] for t in body} == {"ccm": True, "apmbc": True, "att": True, "tpnw": True}


def test_a_treaty_without_a_record_gives_rules_but_no_counts_or_statuses(api: Client) -> None:
    call_command("add_treaty", str(ROOT / "tests" / "fixtures" / "treaties" / "ctbt.toml"), stdout=StringIO())
    body = api.get("/api/v1/treaties/ctbt").json()
    assert body["record_imported"] is False
    assert body["counts"] is None and body["entry_into_force_on"] is None
    assert body["rules"]["entry_into_force"]["treaty_delay"] == {"kind": "days_after", "days": 180}
    profile = api.get("/api/v1/states/ltu").json()
    assert "ctbt" not in {t["treaty"] for t in profile["treaties"]}  # no status to give
    states = api.get("/api/v1/treaties/ctbt/states").json()
    assert states == states | {"record_imported": False, "count": 0, "states": []}


def test_treaty_counts_on_a_date(api: Client) -> None:
    body = api.get("/api/v1/treaties/ccm", {"as_of": "2026-02-03"}).json()
    assert body["counts"] == {
        "signatories": 107,
        "parties": 112,
        "in_force": 111,
        "signatories_not_ratified": 12,
        "withdrawn": 1,
    }
    assert (body["adopted_on"], body["opened_for_signature_on"], body["entry_into_force_on"]) == (
        "2008-05-30",
        "2008-12-03",
        "2010-08-01",
    )
    assert body["key_dates_source"]["primary"] is True
    assert body["rules"]["entry_into_force"]["instruments_required"] == 30
    earlier = api.get("/api/v1/treaties/ccm", {"as_of": "2009-12-31"}).json()
    assert earlier["entry_into_force_on"] is None and earlier["counts"]["parties"] == 26


def test_states_of_a_treaty_filtered_by_status_and_region(api: Client) -> None:
    body = api.get("/api/v1/treaties/ccm/states", {"as_of": "2026-02-03", "status": "party"}).json()
    assert body["count"] == 112 == len(body["states"])
    vanuatu = next(s for s in body["states"] if s["iso3"] == "VUT")
    assert vanuatu == vanuatu | {
        "status": "party",
        "in_force": False,
        "instrument": "accession",
        "deposited_on": "2025-09-05",
        "entry_into_force_on": "2026-03-01",
    }
    oceania = api.get("/api/v1/treaties/ccm/states", {"as_of": "2026-02-03", "status": "signatory", "region": "Africa"})
    assert {s["iso3"] for s in oceania.json()["states"]} == {"AGO", "CAF", "COD", "DJI", "KEN", "LBR", "UGA", "TZA"}
    withdrawn = api.get("/api/v1/treaties/ccm/states", {"status": "withdrawn", "as_of": "2025-03-06"}).json()
    assert [(s["iso3"], s["withdrawal_effective_on"]) for s in withdrawn["states"]] == [("LTU", "2025-03-06")]


def test_a_state_across_treaties_with_sources(api: Client) -> None:
    body = api.get("/api/v1/states/ltu", {"as_of": "2026-02-03"}).json()
    assert body["iso3"] == "LTU"
    by_treaty = {t["treaty"]: t for t in body["treaties"]}
    assert by_treaty["ccm"]["status"] == "withdrawn"
    assert by_treaty["apmbc"]["status"] == "withdrawn"
    assert by_treaty["tpnw"]["status"] == "not_signed"
    withdrawal = next(f for f in by_treaty["ccm"]["facts"] if f["kind"] == "withdrawal")
    assert withdrawal["depositary_notification"] == "C.N.347.2024.TREATIES-XXVI-6"
    assert withdrawal["source"]["citation"].startswith("UN Treaty Collection status page, MTDSG chapter XXVI-6")
    assert withdrawal["source"]["retrieved_on"] == "2026-02-03"


@pytest.mark.parametrize(
    ("url", "status", "message"),
    [
        ("/api/v1/treaties/ccm?as_of=2026-02-30", 400, "as_of: '2026-02-30' is not a valid date"),
        ("/api/v1/treaties/ccm?as_of=yesterday", 400, "as_of: 'yesterday' is not a valid date"),
        ("/api/v1/treaties/nope", 404, "No treaty 'nope' in the register"),
        ("/api/v1/treaties/ccm/states?status=friendly", 400, "status: 'friendly' is not one of"),
        ("/api/v1/treaties/ccm/states?region=Atlantis", 400, "region: 'Atlantis' is not one of"),
        ("/api/v1/states/ZZZ", 404, "No State with ISO 3166 alpha-3 code 'ZZZ'"),
        ("/api/v1/states/LTU?as_of=2026-13-01", 400, "is not a valid date"),
        ("/api/v1/treaties/ccm/states?as_of=9999-12-31", 400, "as_of: 9999-12-31 is outside the dates"),
        ("/api/v1/treaties/ccm/compliance?as_of=1899-12-31", 400, "as_of: 1899-12-31 is outside the dates"),
        ("/api/v1/states/LTU?as_of=9999-12-31", 400, "(1900-01-01 to "),
    ],
)
def test_bad_parameters_get_a_4xx_with_a_message(api: Client, url: str, status: int, message: str) -> None:
    response = api.get(url)
    assert response.status_code == status
    assert message in response.json()["detail"]


@pytest.mark.parametrize(
    ("url", "declared"),
    [
        ("/api/v1/treaties", "TreatySummaryList"),
        ("/api/v1/treaties/ccm?as_of=2011-06-30", "TreatyDetail"),
        ("/api/v1/treaties/ccm/states?as_of=2010-08-01", "TreatyStates"),
        ("/api/v1/treaties/apmbc/states", "TreatyStates"),
        ("/api/v1/treaties/ccm/compliance?as_of=2021-03-02", "TreatyCompliance"),
        ("/api/v1/treaties/apmbc/compliance", "TreatyCompliance"),
        ("/api/v1/states/LTU?as_of=2025-03-06", "StateProfile"),
        ("/api/v1/states?q=korea&as_of=2026-02-03", "StatesFound"),
        ("/api/v1/states/BIH/obligations?as_of=2021-03-02", "StateObligations"),
        ("/api/v1/action-plans?as_of=2021-10-01", "ActionPlans"),
        ("/api/v1/action-plans/dubrovnik?as_of=2021-10-01", "ActionPlanOut"),
        ("/api/v1/action-plans/lausanne", "ActionPlanOut"),
    ],
)
def test_answers_serialised_without_revalidation_match_their_declared_schema(
    api: Client, url: str, declared: str
) -> None:
    from pydantic import TypeAdapter

    from treatywatch.api import schemas

    schema = list[schemas.TreatySummary] if declared == "TreatySummaryList" else getattr(schemas, declared)
    body = api.get(url).json()
    assert body, url
    # Validating the answer against its schema and writing it back out changes nothing: no field is missing,
    # extra, renamed or of another type.
    assert TypeAdapter(schema).dump_python(TypeAdapter(schema).validate_python(body), mode="json") == body


def test_the_openapi_schema_matches_its_snapshot(api: Client) -> None:
    served = api.get("/api/v1/openapi.json").json()
    snapshot = json.loads((ROOT / "tests" / "snapshots" / "openapi.json").read_text(encoding="utf-8"))
    assert served == snapshot, "the API changed: review it, then run `make snapshot`"
    assert set(served["paths"]) == {
        "/api/v1/campaigns",
        "/api/v1/campaigns/{slug}",
        "/api/v1/campaigns/{slug}/targets",
        "/api/v1/treaties",
        "/api/v1/treaties/{slug}",
        "/api/v1/treaties/{slug}/states",
        "/api/v1/treaties/{slug}/compliance",
        "/api/v1/states",
        "/api/v1/states/{iso3}",
        "/api/v1/states/{iso3}/obligations",
        "/api/v1/states/{iso3}/statements",
        "/api/v1/states/{iso3}/findings",
        "/api/v1/states/{iso3}/votes",
        "/api/v1/activities",
        "/api/v1/activities/{id}",
        "/api/v1/treaties/{slug}/universalization",
        "/api/v1/meetings",
        "/api/v1/treaties/{slug}/coordinators",
        "/api/v1/action-plans",
        "/api/v1/action-plans/{slug}",
        "/api/v1/milestones",
        "/api/v1/campaigns/{slug}/reports",
    }


def test_export_openapi_prints_the_served_schema(api: Client, capsys: pytest.CaptureFixture[str]) -> None:
    call_command("export_openapi")
    assert json.loads(capsys.readouterr().out) == api.get("/api/v1/openapi.json").json()


def test_every_shipped_fact_names_its_source_with_address_and_date(api: Client) -> None:
    from treatywatch.registry.models import DepositaryFact

    facts = DepositaryFact.objects.select_related("source")
    assert facts.count() > 500
    for fact in facts:
        assert fact.source.citation and fact.source.url.startswith("https://treaties.un.org/"), fact
        assert fact.source.retrieved_on is not None and fact.source.primary, fact
    treaties = api.get("/api/v1/states/AFG").json()["treaties"]
    afghanistan = next(t for t in treaties if t["treaty"] == "ccm")["facts"][0]["source"]
    assert "Art. 17(2) first day of the sixth month after deposit" in afghanistan["citation"]


def test_an_empty_as_of_is_refused_by_the_api_which_declares_a_date(api: Client) -> None:
    response = api.get("/api/v1/treaties/ccm", {"as_of": ""})

    assert response.status_code == 400
    assert response.json() == {
        "detail": "as_of: empty; give a date as YYYY-MM-DD, or leave the parameter out for today"
    }
    assert api.get("/api/v1/treaties/ccm").status_code == 200
