"""French and Spanish pages and downloads, finished: the treaties' and obligations' official names, the UN M49
regions and sub-regions, lists in each language's own order, "1er" for the first of a month, English text
marked as English, and the API's documentation in the site's layout."""

from __future__ import annotations

import csv
import html
import io
import re
from datetime import date

import pytest
from django.test import Client

from treatywatch.lib.collation import collation_key
from treatywatch.lib.dates import words_in

DAY = {"as_of": "2026-02-03"}


@pytest.fixture
def client(db: None) -> Client:
    return Client()


def _listed(page: str) -> list[str]:
    found = page[page.index('<ul class="state-list">') :]
    found = found[: found.index("</ul>")]
    return [html.unescape(re.sub(r"<[^>]+>", "", item)).strip() for item in re.findall(r"<li>(.*?)</li>", found, re.S)]


def test_the_french_states_page_lists_the_states_in_french_order(client: Client) -> None:
    names = _listed(client.get("/fr/states/").content.decode())
    assert names.index("Égypte") < names.index("Zimbabwe")
    # "États-Unis" comes among the E's, where a French reader looks for it, not after Z.
    assert names.index("Estonie") < names.index("États-Unis") < names.index("Éthiopie") < names.index("Fidji")
    assert names == sorted(names, key=collation_key)


def test_the_spanish_and_english_lists_are_in_their_own_order(client: Client) -> None:
    spanish = _listed(client.get("/es/states/").content.decode())
    assert spanish.index("Egipto") < spanish.index("Estados Unidos") < spanish.index("Zimbabue")
    english = _listed(client.get("/states/").content.decode())
    assert english.index("Côte d'Ivoire") < english.index("Croatia")  # an accent does not send a name after Z
    assert english.index("Türkiye") < english.index("Turkmenistan") < english.index("Tuvalu")


def test_the_treaty_table_sorts_names_in_the_pages_language(client: Client) -> None:
    page = client.get("/fr/treaties/ccm/", {**DAY, "status": "not_signed"}).content.decode()
    table = page[page.index('<table class="states stack">') :]
    names = [re.sub(r"<[^>]+>", "", n).strip() for n in re.findall(r'<th scope="row"[^>]*>(.*?)</th>', table, re.S)]
    assert names.index("Égypte") < names.index("Zimbabwe") and names.index("États-Unis") < names.index("Inde")


def test_the_first_of_a_month_is_1er_in_french() -> None:
    assert words_in("fr", date(2010, 3, 1)) == "1er mars 2010"
    assert words_in("fr", date(2010, 3, 2)) == "2 mars 2010"
    assert words_in("es", date(2010, 3, 1)) == "1 de marzo de 2010"
    assert words_in("en", date(2010, 3, 1)) == "1 March 2010"


def test_a_french_page_writes_the_first_of_a_month_1er(client: Client) -> None:
    page = client.get("/fr/treaties/ccm/", DAY).content.decode()
    assert "1er août 2010" in page and "1 août 2010" not in page  # the CCM's entry into force
    state = client.get("/fr/states/NOR/", DAY).content.decode()
    assert "1er août 2010" in state  # in force for Norway, an original State Party


@pytest.mark.parametrize(
    ("prefix", "name", "mine_ban"),
    [
        ("", "Convention on Cluster Munitions", "Mine Ban Treaty"),
        ("/fr", "Convention sur les armes à sous-munitions", "Convention d’Ottawa"),
        ("/es", "Convención sobre Municiones en Racimo", "Convención de Ottawa"),
    ],
)
def test_the_treaties_have_their_official_names_in_each_language(
    client: Client, prefix: str, name: str, mine_ban: str
) -> None:
    treaty = client.get(f"{prefix}/treaties/ccm/", DAY).content.decode()
    assert f"<h1>{name}</h1>" in treaty
    home = client.get(f"{prefix}/", DAY).content.decode()
    assert name in home and mine_ban in home
    chart = client.get(f"{prefix}/treaties/ccm/chart.svg", DAY).content.decode()
    assert name in chart  # the chart's source names the treaty in the download's language


def test_the_mine_ban_treaty_has_its_official_title_in_french_and_spanish(client: Client) -> None:
    french = client.get("/fr/treaties/apmbc/", DAY).content.decode()
    assert (
        "Convention sur l’interdiction de l’emploi, du stockage, de la production et du transfert des mines "
        "antipersonnel et sur leur destruction"
    ) in french
    spanish = client.get("/es/treaties/apmbc/", DAY).content.decode()
    assert "Convención sobre la prohibición del empleo, almacenamiento, producción y transferencia" in spanish


def test_obligation_titles_are_translated_on_pages_and_in_downloads(client: Client) -> None:
    page = client.get("/fr/treaties/ccm/compliance/", DAY).content.decode()
    assert "Destruction des stocks d’armes à sous-munitions" in page
    assert "Destruction of stockpiled cluster munitions" not in page
    rows = list(csv.DictReader(io.StringIO(client.get("/es/treaties/ccm/compliance.csv", DAY).content.decode())))
    titles = {r["obligation"]: r["obligation_title"] for r in rows}
    assert titles["stockpile_destruction"] == "Destrucción de las existencias de municiones en racimo"
    assert titles["clearance"] == "Limpieza y destrucción de los restos de municiones en racimo"


def test_regions_and_subregions_have_their_un_names_in_each_language(client: Client) -> None:
    french = client.get("/fr/states/LTU/", DAY).content.decode()
    assert "Europe · Europe septentrionale" in french
    spanish = client.get("/es/states/KEN/", DAY).content.decode()
    assert "África · África oriental" in spanish


def test_an_english_source_inside_a_french_page_is_marked_english(client: Client) -> None:
    page = client.get("/fr/states/LTU/", DAY).content.decode()
    assert re.search(r'<(a href="[^"]*"|cite) lang="en">UN Treaty Collection[^<]*</(a|cite)>', page)
    # On an English page the citation needs no marking: the page is English already.
    assert 'lang="en">UN Treaty Collection' not in client.get("/states/LTU/", DAY).content.decode()


def test_the_api_docs_page_carries_the_sites_header_the_licence_and_words_in_the_readers_language(
    client: Client,
) -> None:
    for url in ("/api/v1/docs", "/api/"):
        page = client.get(url).content.decode()
        assert '<header class="site-header">' in page and 'href="/data/"' in page
        assert 'rel="license"' in page and "CC BY 4.0" in page
        assert '<div lang="en">' in page and 'id="swagger-settings"' in page
    assert 'href="/api/"' in client.get("/").content.decode()  # the header's API link
    french = client.get("/fr/api/").content.decode()
    assert '<html lang="fr">' in french and "L’API répond en JSON" in french and 'href="/fr/data/"' in french
    spanish = client.get("/es/api/").content.decode()
    assert "La API responde en JSON" in spanish and 'href="/es/api/"' in spanish
