"""Downloads speak the page's language: a State's region and sub-region in words beside their UN M49 codes,
which stay as they are for machines (and in the API)."""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.test import Client
from django.utils import translation
from openpyxl import load_workbook

from treatywatch.registry.labels import REGION_LABELS, SUBREGION_LABELS
from treatywatch.registry.models import State

DAY = {"as_of": "2026-02-03", "region": "Africa"}
DOWNLOADS = ("/fr/treaties/ccm/states", "/fr/treaties/ccm/universalization")


@pytest.fixture
def client(db: None) -> Client:
    return Client()


def _in_french(names: dict[str, object]) -> dict[str, str]:
    with translation.override("fr"):
        return {code: str(words) for code, words in names.items()}


def _expected() -> dict[str, tuple[str, str]]:
    """Each African State's region and sub-region in French, by ISO code, from the register."""
    regions, subregions = _in_french(REGION_LABELS), _in_french(SUBREGION_LABELS)  # type: ignore[arg-type]
    return {s.iso3: (regions[s.region], subregions[s.subregion]) for s in State.objects.filter(region="Africa")}


@pytest.mark.parametrize("path", DOWNLOADS)
def test_a_csv_in_french_gives_the_region_and_sub_region_in_words_beside_their_codes(client: Client, path: str) -> None:
    rows = list(csv.DictReader(io.StringIO(client.get(f"{path}.csv", DAY).content.decode())))
    expected = _expected()
    assert rows
    for row in rows:
        assert row["region"] == "Africa" and row["region_label"] == "Afrique"
        assert (row["region_label"], row["subregion_label"]) == expected[row["iso3"]]
        assert row["subregion_label"] != row["subregion"], row  # every African sub-region has a French name
    assert "Afrique de l’Ouest" in {row["subregion_label"] for row in rows}


def test_a_spreadsheet_in_french_heads_and_fills_the_region_in_french(client: Client) -> None:
    response = client.get("/fr/treaties/ccm/states.xlsx", DAY)
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    header = rows[0]
    assert "Région en toutes lettres" in header and "Sous-région en toutes lettres" in header
    in_words = {r[header.index("Région en toutes lettres")] for r in rows[1:]}
    assert in_words == {"Afrique"}
    assert "Afrique de l’Ouest" in {r[header.index("Sous-région en toutes lettres")] for r in rows[1:]}


def test_a_json_download_in_spanish_gives_the_words_and_the_api_keeps_the_codes(client: Client) -> None:
    states = json.loads(client.get("/es/treaties/ccm/states.json", DAY).content)["states"]
    assert {s["region_label"] for s in states} == {"África"}
    api = client.get("/api/v1/treaties/ccm/states", DAY).json()["states"]
    assert {s["region"] for s in api} == {"Africa"} and "region_label" not in api[0]


def test_a_campaigns_targets_download_in_french_gives_the_region_in_words(client: Client) -> None:
    text = client.get("/fr/campaigns/oslo-10/targets.csv", {"ask": "ratify"}).content.decode()
    rows = {row["iso3"]: row for row in csv.DictReader(io.StringIO(text))}
    assert rows["IDN"]["region"] == "Asia" and rows["IDN"]["region_label"] == "Asie"
