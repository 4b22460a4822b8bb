"""The public pages, as a visitor sees them."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest
from django.core.management import call_command
from django.test import Client
from openpyxl import load_workbook

from .conftest import ROOT


@pytest.fixture
def client(db: None) -> Client:
    return Client()


def count(html: str, name: str) -> int:
    marker = f'data-count="{name}">'
    start = html.index(marker) + len(marker)
    return int(html[start : html.index("<", start)])


def test_home_lists_the_treaties_with_todays_counts(client: Client) -> None:
    call_command("add_treaty", str(ROOT / "tests" / "fixtures" / "treaties" / "ctbt.toml"), stdout=io.StringIO())
    html = client.get("/", {"as_of": "2026-02-03"}).content.decode()
    assert "Convention on Cluster Munitions" in html
    assert "Arms Trade Treaty" in html
    assert "Rules registered; no depositary record imported yet." in html  # the CTBT: rules only


def test_treaty_page_counts_on_any_date(client: Client) -> None:
    html = client.get("/treaties/ccm/", {"as_of": "2026-02-03"}).content.decode()
    assert (count(html, "parties"), count(html, "signatories"), count(html, "in_force")) == (112, 107, 111)
    assert "1 August 2010" in html
    before = client.get("/treaties/ccm/", {"as_of": "2012-01-01"}).content.decode()
    assert count(before, "parties") < 112
    assert "<svg" in html and "Parties over time" in html


def test_treaty_page_filters_by_status_and_region_and_sorts(client: Client) -> None:
    html = client.get("/treaties/ccm/", {"as_of": "2026-02-03", "status": "withdrawn"}).content.decode()
    assert "Lithuania" in html and "Sierra Leone" not in html
    assert "1 State" in html
    # UN M49 places Cyprus in Western Asia.
    asia = client.get(
        "/treaties/ccm/", {"as_of": "2026-02-03", "status": "signatory", "region": "Asia"}
    ).content.decode()
    assert "Cyprus" in asia and "Indonesia" in asia and "Angola" not in asia
    by_deposit = client.get("/treaties/ccm/", {"as_of": "2026-02-03", "status": "party", "sort": "-deposited_on"})
    page = by_deposit.content.decode()
    assert page.index("Vanuatu") < page.index("Holy See")


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"as_of": "2026-02-30"}, "is not a valid date"),
        ({"status": "nice"}, "status: &#x27;nice&#x27; is not one of party, in_force, signed"),
        ({"sort": "x"}, "sort"),
        ({"as_of": "9999-12-31"}, "9999-12-31 is outside the dates the register answers for"),
        ({"as_of": "1899-12-31"}, "(1900-01-01 to "),
    ],
)
def test_bad_query_parameters_get_a_400_page_with_a_message(
    client: Client, query: dict[str, str], message: str
) -> None:
    response = client.get("/treaties/ccm/", query)
    assert response.status_code == 400
    assert message in response.content.decode()


def test_a_far_future_as_of_is_refused_on_a_state_page_and_the_range_ends_are_answered(client: Client) -> None:
    from treatywatch.lib.dates import EARLIEST_AS_OF, latest_as_of

    refused = client.get("/states/LTU/", {"as_of": "3000-01-01"})
    assert refused.status_code == 400
    assert "3000-01-01 is outside the dates" in refused.content.decode()
    for day in (EARLIEST_AS_OF, latest_as_of()):
        assert client.get("/states/LTU/", {"as_of": day.isoformat()}).status_code == 200


def test_unknown_treaty_or_state_is_a_404(client: Client) -> None:
    assert client.get("/treaties/unknown/").status_code == 404
    assert client.get("/states/ZZZ/").status_code == 404
    assert client.get("/treaties/ccm/states.pdf").status_code == 404


def test_downloads_in_csv_xlsx_and_json_hold_the_same_rows(client: Client) -> None:
    query = {"as_of": "2026-02-03", "status": "signatory"}
    as_csv = client.get("/treaties/ccm/states.csv", query)
    assert as_csv["Content-Disposition"] == 'attachment; filename="ccm-states-2026-02-03.csv"'
    rows = list(csv.DictReader(io.StringIO(as_csv.content.decode())))
    assert len(rows) == 12 and {r["status"] for r in rows} == {"signatory"}
    as_json = json.loads(client.get("/treaties/ccm/states.json", query).content)
    assert [r["iso3"] for r in as_json["states"]] == [r["iso3"] for r in rows]
    assert as_json["as_of"] == "2026-02-03"
    workbook = load_workbook(io.BytesIO(client.get("/treaties/ccm/states.xlsx", query).content))
    sheet = workbook["States"]
    assert sheet.max_row == 13 and sheet["A1"].value == "ISO code"


def test_state_profile_shows_each_fact_with_its_source(client: Client) -> None:
    html = client.get("/states/LTU/", {"as_of": "2026-02-03"}).content.decode()
    assert "C.N.347.2024.TREATIES-XXVI-6" in html
    assert "UN Treaty Collection status page, MTDSG chapter XXVI-6, status as at 2026-02-03" in html
    assert "Withdrawn (2025-03-06)" in html
    assert "primary" in html


def test_pages_are_served_in_french_and_spanish(client: Client) -> None:
    french = client.get("/fr/treaties/ccm/").content.decode()
    assert '<html lang="fr">' in french
    spanish = client.get("/es/states/BOL/").content.decode()
    assert '<html lang="es">' in spanish
    assert "Bolivia, Estado plurinacional de" in spanish  # pycountry's Spanish name


def test_a_states_row_links_to_its_profile_on_the_date_and_in_the_language_asked(client: Client) -> None:
    # Lithuania stands the same on both dates, so the second page reuses the row built for the first.
    french = client.get("/fr/treaties/ccm/", {"as_of": "2015-03-01"}).content.decode()
    assert '<th scope="row"><a href="/fr/states/LTU/?as_of=2015-03-01">Lituanie</a></th>' in french
    assert '<span class="status status-party">Partie, en vigueur</span>' in french
    english = client.get("/treaties/ccm/", {"as_of": "2016-01-01"}).content.decode()
    assert '<th scope="row"><a href="/states/LTU/?as_of=2016-01-01">Lithuania</a></th>' in english
    assert '<span class="status status-party">Party, in force</span>' in english
    today = client.get("/treaties/ccm/").content.decode()
    assert '<th scope="row"><a href="/states/LTU/">Lithuania</a></th>' in today
    assert '<a href="/states/LTU/" tabindex="-1" class="map-' in today


def test_the_language_switcher_returns_to_the_same_page(client: Client) -> None:
    response = client.post("/i18n/setlang/", {"language": "fr", "next": "/treaties/ccm/?as_of=2026-02-03"})
    assert response.status_code == 302
    assert response["Location"] == "/fr/treaties/ccm/?as_of=2026-02-03"
    back = Client().post("/fr/i18n/setlang/", {"language": "en", "next": "/fr/states/LTU/"})
    assert back["Location"] == "/states/LTU/"


def test_pages_answer_head_requests_for_monitoring(client: Client) -> None:
    assert client.head("/treaties/ccm/").status_code == 200


def test_the_api_docs_page_loads_nothing_from_other_sites(client: Client) -> None:
    html = client.get("/api/v1/docs").content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in html
    # Scripts, stylesheets and images come from this site; only links (the licence's) lead elsewhere.
    assert not re.search(r'<(script|link|img)\b[^>]*(src|href)="(https?:)?//', html)


def test_a_cached_page_changes_as_soon_as_the_record_does(client: Client) -> None:
    from datetime import date

    from treatywatch.registry.actions import FactInput, do_record_fact
    from treatywatch.registry.models import Source, State, Treaty

    first = client.get("/treaties/ccm/", {"as_of": "2025-06-02", "status": "party"}).content.decode()
    assert client.get("/treaties/ccm/", {"as_of": "2025-06-02", "status": "party"}).content.decode() == first
    assert "Kenya" not in first
    do_record_fact(
        treaty=Treaty.objects.get(slug="ccm"),
        state=State.objects.get(iso3="KEN"),
        fact=FactInput("deposit", date(2025, 6, 2), "ratification"),
        source=Source.objects.create(citation="test"),
        reason="test",
    )
    assert "Kenya" in client.get("/treaties/ccm/", {"as_of": "2025-06-02", "status": "party"}).content.decode()
    api = client.get("/api/v1/treaties/ccm", {"as_of": "2025-06-02"}).json()
    assert api["counts"]["parties"] == 112


def test_renaming_a_state_refreshes_every_cached_page(client: Client) -> None:
    from treatywatch.registry.actions import do_rename_state
    from treatywatch.registry.models import State

    assert "Kenya" in client.get("/treaties/ccm/").content.decode()
    do_rename_state(State.objects.get(iso3="KEN"), "Republic of Kenya")
    assert "Republic of Kenya" in client.get("/treaties/ccm/").content.decode()


def test_pages_hold_nothing_about_the_visitor_so_they_can_be_shared(client: Client) -> None:
    response = client.get("/fr/treaties/ccm/")
    html = response.content.decode()
    assert "csrfmiddlewaretoken" not in html
    assert not response.cookies
    assert re.search(r'href="/es/treaties/ccm/"\s+hreflang="es"', html)
    assert re.search(r'href="/treaties/ccm/"\s+hreflang="en"', html)


def test_a_former_states_profile_says_when_it_ended_and_links_its_successors(client: Client) -> None:
    html = client.get("/states/CSK/").content.decode()

    assert "A former State: from 1 January 1993 it no longer exists" in html
    assert '<a href="/states/CZE/">' in html and '<a href="/states/SVK/">' in html


def test_a_successors_profile_links_its_predecessor(client: Client) -> None:
    slovakia = client.get("/states/SVK/").content.decode()
    russia = client.get("/states/RUS/").content.decode()

    assert 'Successor of <a href="/states/CSK/">Czechoslovakia</a> since 1 January 1993.' in slovakia
    assert 'Successor of <a href="/states/SUN/">Union of Soviet Socialist Republics</a>.' in russia
