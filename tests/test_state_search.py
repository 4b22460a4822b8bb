"""Find a State: by any of its names in English, French or Spanish, a common short form or its ISO code,
from the search box in every page's header and on the States page, and through the API."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from treatywatch.registry.models import State
from treatywatch.registry.search import find_states, folded


@pytest.fixture
def client(db: None) -> Client:
    return Client()


@pytest.mark.parametrize("language", ["", "/fr", "/es"])
@pytest.mark.parametrize(
    ("query", "iso3"),
    [("Indonesia", "IDN"), ("Indonésie", "IDN"), ("INDONESIE", "IDN"), ("Laos", "LAO"), ("Lao PDR", "LAO"),
     ("lao", "LAO"), ("IDN", "IDN"), ("Costa de Marfil", "CIV"), ("Côte d'Ivoire", "CIV"), ("Türkiye", "TUR")],
)  # fmt: skip
def test_a_name_in_any_language_goes_straight_to_the_states_page(
    client: Client, language: str, query: str, iso3: str
) -> None:
    response = client.get(f"{language}/states/", {"q": query, "as_of": "2026-02-03"})
    assert response.status_code == 302
    assert response["Location"] == f"{language}/states/{iso3}/?as_of=2026-02-03"


def test_several_states_found_are_listed_with_their_status_under_each_treaty(client: Client) -> None:
    html = client.get("/fr/states/", {"q": "guinée", "as_of": "2026-02-03"}).content.decode()
    count = re.search(r'<p id="results"[^>]*role="status"[^>]*>([^<]*)</p>', html).group(1)  # type: ignore[union-attr]
    assert count == "4 États trouvés pour « guinée »"
    results = html[html.index('<ul class="search-results">') : html.index("</ul>", html.index("search-results"))]
    found = re.findall(r'<a href="/fr/states/([A-Z]{3})/\?as_of=2026-02-03">', results)
    # The State named exactly first, then those whose names start with the word.
    assert found[0] == "GIN" and set(found) == {"GIN", "GNQ", "GNB", "PNG"}
    equatorial = results[results.index("/fr/states/GNQ/") :]
    equatorial = equatorial[: equatorial.index("</li>")]
    statuses = dict(re.findall(r"<dt>([^<]+)</dt>\s*<dd>\s*([^<]+?)\s*</dd>", equatorial))
    assert statuses["CCM"] == "Non signataire" and len(statuses) == 4  # one per treaty with a record


def test_the_status_beside_a_name_is_the_pages_date(client: Client) -> None:
    def ccm_status(as_of: str) -> str:
        html = client.get("/states/", {"q": "korea", "as_of": as_of}).content.decode()
        south = html[html.index('href="/states/KOR/') :]
        return re.search(r"<dt>CCM</dt>\s*<dd>\s*([^<]+?)\s*</dd>", south).group(1)  # type: ignore[union-attr]

    assert ccm_status("2026-02-03") == "Not signed"
    # The statuses say up to when each treaty's record was checked, and a later day that changes may be missing.
    later = client.get("/states/", {"q": "korea", "as_of": "2026-06-01"}).content.decode()
    assert "CCM: the record was last checked on 3 February 2026; later changes are not in it." in later


def test_a_search_that_finds_nothing_says_so_and_keeps_the_list(client: Client) -> None:
    html = client.get("/es/states/", {"q": "Atlantis"}).content.decode()
    assert "0 Estados encontrados para «Atlantis»" in html
    assert 'href="/es/states/IDN/"' in html  # every State is still listed
    empty = client.get("/states/", {"q": "  "}).content.decode()
    assert "found for" not in empty and 'href="/states/IDN/"' in empty


def test_the_search_box_is_in_every_pages_header_and_keeps_the_pages_date(client: Client) -> None:
    for url in ("/", "/treaties/ccm/", "/states/LTU/", "/treaties/ccm/compliance/", "/milestones/"):
        html = client.get(url, {"as_of": "2025-01-01"}).content.decode()
        form = re.search(r'<form class="site-search"[^>]*>.*?</form>', html, re.S).group(0)  # type: ignore[union-attr]
        assert 'role="search"' in form and 'action="/states/"' in form and 'name="q"' in form, url
        assert '<input type="hidden" name="as_of" value="2025-01-01">' in form, url
    french = client.get("/fr/").content.decode()
    assert 'action="/fr/states/"' in french and "Trouver un État" in french
    # A page that failed still offers the search.
    assert 'class="site-search"' in client.get("/treaties/ccm/", {"status": "nice"}).content.decode()


def test_the_api_finds_states_by_name_with_their_status(client: Client) -> None:
    body = client.get("/api/v1/states", {"q": "Lao PDR", "as_of": "2026-02-03"}).json()
    assert body["count"] == 1 and body["q"] == "Lao PDR" and body["as_of"] == "2026-02-03"
    (lao,) = body["states"]
    assert (lao["iso3"], lao["exact"]) == ("LAO", True)
    ccm = next(t for t in lao["treaties"] if t["treaty"] == "ccm")
    assert ccm == ccm | {"status": "party", "in_force": True, "status_label": "Party, in force"}
    # Each treaty's answer says up to when its record was checked, as a State profile's does.
    assert ccm["record_checked"] == {"checked_on": "2026-02-03", "later_changes_missing": False}
    french = client.get("/api/v1/states", {"q": "indonésie"}).json()
    assert [s["iso3"] for s in french["states"]] == ["IDN"]
    korea = client.get("/api/v1/states", {"q": "corée"}).json()
    assert {s["iso3"] for s in korea["states"]} == {"KOR", "PRK"}
    # The French name that matched is given beside the English one.
    assert all(s["matched_name"].startswith("Corée") for s in korea["states"])
    assert client.get("/api/v1/states").json()["count"] == 197


@pytest.mark.parametrize("url", ["/states/", "/api/v1/states"])
def test_a_search_longer_than_any_name_is_a_400_that_says_why(client: Client, url: str) -> None:
    response = client.get(url, {"q": "x" * 201})
    assert response.status_code == 400
    assert "q: 201 characters is longer than any State" in response.content.decode()


def test_names_are_compared_without_accents_case_or_punctuation(db: None) -> None:
    assert folded("Côte d’Ivoire") == folded("COTE D'IVOIRE") == "cote d ivoire"
    states = list(State.objects.filter(ended_on__isnull=True))
    assert [f.state.iso3 for f in find_states("lao dem", states)] == ["LAO"]
    assert find_states("   ", states) == []
