"""Errors answer in one shape: {"detail": "..."} from the API, the site's page with the message on pages;
the schema declares `as_of` a date and `within` a number of days, and our messages still explain a bad one."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from .conftest import ROOT

SCHEMA = json.loads((ROOT / "tests" / "snapshots" / "openapi.json").read_text(encoding="utf-8"))


def parameters(name: str) -> list[tuple[str, dict]]:
    return [
        (path, parameter)
        for path, methods in SCHEMA["paths"].items()
        for operation in methods.values()
        for parameter in operation.get("parameters", [])
        if parameter["name"] == name
    ]


def test_every_endpoint_declares_as_of_a_date() -> None:
    found = parameters("as_of")
    assert len(found) == 16
    for path, parameter in found:
        assert parameter["schema"]["type"] == "string", path
        assert parameter["schema"]["format"] == "date", path


def test_the_milestones_window_is_declared_in_dates() -> None:
    for name in ("from", "to"):
        [parameter] = [found for path, found in parameters(name) if path == "/api/v1/milestones"]
        assert (parameter["schema"]["type"], parameter["schema"]["format"]) == ("string", "date")


def test_within_is_declared_a_number_of_days() -> None:
    [(_path, parameter)] = parameters("within")
    assert parameter["schema"]["type"] == "integer"
    assert parameter["schema"]["enum"] == [90, 180, 365]


def test_the_boards_stage_is_declared_with_every_stage_in_the_boards_order() -> None:
    [(_path, parameter)] = parameters("stage")
    assert parameter["schema"]["enum"] == ["not_engaged", "engaged", "signed", "approval_in_progress", "deposited"]


@pytest.mark.parametrize(
    ("url", "status", "detail"),
    [
        ("/api/v1/treaties/ccm?as_of=2026-02-30", 400, "as_of: '2026-02-30' is not a valid date (expected YYYY-MM-DD)"),
        ("/api/v1/states/NOR?as_of=20260203", 400, "as_of: '20260203' is not a valid date (expected YYYY-MM-DD)"),
        ("/api/v1/action-plans?as_of=2021-13-01", 400, "as_of: '2021-13-01' is not a valid date (expected YYYY-MM-DD)"),
        (
            "/api/v1/campaigns/oslo-10/targets?as_of=2017-02-30",
            400,
            "as_of: '2017-02-30' is not a valid date (expected YYYY-MM-DD)",
        ),
        (
            "/api/v1/action-plans/dubrovnik?as_of=",
            400,
            "as_of: empty; give a date as YYYY-MM-DD, or leave the parameter out for today",
        ),
        ("/api/v1/treaties/ccm/compliance?within=garbage", 400, "within: 'garbage' is not one of 90, 180, 365 (days)"),
        ("/api/v1/treaties/ccm/compliance?within=30", 400, "within: '30' is not one of 90, 180, 365 (days)"),
        (
            "/api/v1/treaties/ccm/universalization?stage=approving",
            400,
            "stage: 'approving' is not a stage we know",
        ),
        ("/api/v1/treaties/nope", 404, "No treaty 'nope' in the register (known: apmbc, ccm, att, tpnw)."),
        ("/api/v1/nothing", 404, "No API endpoint at /api/v1/nothing: the endpoints are listed at /api/v1/docs."),
    ],
)
def test_every_api_error_is_one_detail_with_our_message(
    db: None, client: Client, url: str, status: int, detail: str
) -> None:
    response = client.get(url)
    assert response.status_code == status
    assert response["Content-Type"].startswith("application/json")
    assert response.json() == {"detail": detail}


def test_another_method_than_get_is_refused_in_the_same_shape(db: None, client: Client) -> None:
    response = client.post("/api/v1/treaties")
    assert response.status_code == 405
    assert response["Allow"] == "GET"
    assert response.json() == {"detail": "Method POST not allowed: use GET."}


def test_a_valid_within_still_filters(db: None, client: Client) -> None:
    body = client.get("/api/v1/treaties/ccm/compliance", {"within": "90", "as_of": "2026-02-03"}).json()
    assert body["within"] == 90


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("/treaties/nope/", "No treaty &#x27;nope&#x27; in the register (known: apmbc, ccm, att, tpnw)."),
        ("/states/ZZZ/", "No State with ISO 3166 alpha-3 code &#x27;ZZZ&#x27;."),
        ("/treaties/ccm/states.pdf", "No download in format &#x27;pdf&#x27;; use csv, xlsx, json."),
        ("/no/such/page/", "There is no page at this address."),
    ],
)
def test_a_missing_page_says_why_on_the_site_page(db: None, client: Client, url: str, message: str) -> None:
    response = client.get(url)
    assert response.status_code == 404
    page = response.content.decode()
    assert message in page
    assert "<h1>Page not found</h1>" in page
    assert 'href="/static/web/site.css"' in page  # the site's own page, not Django's bare one
    assert "URLconf" not in page
