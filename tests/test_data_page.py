"""Citable charts and data: the chart's SVG, PNG and CSV files, the data page's bulk downloads, the data dictionary,
readable spreadsheet headings and the licence, each as a reader gets them."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from xml.etree import ElementTree

import pytest
from django.test import Client
from openpyxl import load_workbook

from treatywatch.lib.fields import Output, OutputField
from treatywatch.lib.licence import LICENCE_URL
from treatywatch.registry.presenters import STATE_STANDING
from treatywatch.web.chart_files import CHART_ROW
from treatywatch.web.datasets import TABLES
from treatywatch.web.dictionary import DOWNLOADS, Answer, Download, api_answers, missing_explanations

DAY = {"as_of": "2026-02-03"}


@pytest.fixture
def client(db: None) -> Client:
    return Client()


def _csv_parts(text: str) -> tuple[list[str], list[dict[str, str]]]:
    """A download's leading `#` lines and its rows."""
    lines = text.splitlines()
    notes = [line[2:] for line in lines if line.startswith("# ")]
    rows = list(csv.DictReader(line for line in lines if not line.startswith("# ")))
    return notes, rows


def _cites_itself(notes: list[str] | str) -> None:
    text = "\n".join(notes) if isinstance(notes, list) else notes
    assert "Record as at: 2026-02-03" in text or "2026-02-03" in text
    assert "Cite as: Treatywatch" in text
    assert "CC BY 4.0" in text and LICENCE_URL in text


def test_the_treaty_page_offers_the_chart_as_svg_png_and_csv_with_its_citation(client: Client) -> None:
    html = client.get("/treaties/ccm/", DAY).content.decode()
    cite = html[html.index('class="chart-cite"') :]
    cite = cite[: cite.index("</div>")]
    for fmt in ("svg", "png", "csv"):
        assert f'href="/treaties/ccm/chart.{fmt}?as_of=2026-02-03"' in cite
    assert "Record as at: 2026-02-03" in cite and "UN Treaty Collection" in cite
    assert "Cite as:" in cite and "as of 3 February 2026" in cite and "/treaties/ccm/?as_of=2026-02-03" in cite
    assert f'href="{LICENCE_URL}" rel="license"' in cite and 'href="/data/"' in cite


def test_the_chart_as_svg_names_its_source_date_citation_and_licence_inside(client: Client) -> None:
    response = client.get("/treaties/ccm/chart.svg", DAY)
    assert response["Content-Type"] == "image/svg+xml"
    assert response["Content-Disposition"] == 'attachment; filename="ccm-parties-2026-02-03.svg"'
    svg = ElementTree.fromstring(response.content)  # a well-formed, standalone document
    ns = {"svg": "http://www.w3.org/2000/svg", "dc": "http://purl.org/dc/elements/1.1/"}
    desc = svg.find("svg:desc", ns)
    assert desc is not None and desc.text
    _cites_itself(desc.text)
    assert svg.find(".//dc:date", ns).text == "2026-02-03"  # type: ignore[union-attr]
    shown = " ".join(t.text or "" for t in svg.iter("{http://www.w3.org/2000/svg}text"))
    assert "CCM: parties over time" in shown and "CC BY 4.0" in shown and "Record as at: 2026-02-03" in shown


def test_the_chart_as_png_is_a_picture_of_the_svg(client: Client) -> None:
    response = client.get("/treaties/ccm/chart.png", DAY)
    assert response["Content-Type"] == "image/png"
    body = response.content
    assert body.startswith(b"\x89PNG\r\n\x1a\n")
    width, height = int.from_bytes(body[16:20], "big"), int.from_bytes(body[20:24], "big")
    assert width == 1440 and height > 720  # drawn at twice the SVG's size, with its caption


def test_the_charts_data_is_a_csv_of_the_counts_with_its_citation(client: Client) -> None:
    notes, rows = _csv_parts(client.get("/treaties/ccm/chart.csv", DAY).content.decode())
    _cites_itself(notes)
    assert list(rows[0]) == list(CHART_ROW.columns())
    page = client.get("/treaties/ccm/", DAY).content.decode()
    parties = re.search(r'data-count="parties">\s*(\d+)', page)
    assert parties and rows[-1]["parties"] == parties.group(1)


def test_a_chart_in_another_format_is_not_found(client: Client) -> None:
    response = client.get("/treaties/ccm/chart.gif", DAY)
    assert response.status_code == 404 and "svg, png, csv" in response.content.decode()


def test_the_footer_and_the_api_docs_link_to_the_data_page(client: Client) -> None:
    assert 'href="/data/"' in client.get("/").content.decode()
    assert 'href="/fr/data/"' in client.get("/fr/").content.decode()


def test_the_data_page_offers_every_table_the_dictionary_and_the_licence(client: Client) -> None:
    html = client.get("/data/").content.decode()
    assert 'href="/data/treatywatch-data.zip"' in html and 'href="/data/dictionary.csv"' in html
    for table in TABLES:
        assert f'href="/data/{table.name}.csv"' in html
    assert "Creative Commons Attribution 4.0" in html and LICENCE_URL in html
    assert "keep their own terms" in html and "GNU Affero General Public License" in html
    french = client.get("/fr/data/").content.decode()
    assert "Dictionnaire des données" in french
    assert "<td>Le code ISO 3166 alpha-3 de l’État.</td>" in french  # the explanations in the page's language


def test_the_bulk_archive_holds_each_table_the_dictionary_and_a_readme(client: Client) -> None:
    response = client.get("/data/treatywatch-data.zip")
    assert response["Content-Type"] == "application/zip"
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        names = set(archive.namelist())
        assert names == {"README.txt", "dictionary.csv", *(f"{t.name}.csv" for t in TABLES)}
        _cites_itself(archive.read("README.txt").decode())
        for table in TABLES:
            notes, rows = _csv_parts(archive.read(f"{table.name}.csv").decode())
            _cites_itself(notes)
            assert rows and list(rows[0]) == list(table.output.columns()), table.name
            if "source_citation" in table.output.columns():  # a fact always has its source
                assert all(row["source_citation"] for row in rows), table.name


def test_a_table_holds_the_published_facts_with_their_sources(client: Client) -> None:
    _notes, rows = _csv_parts(client.get("/data/depositary-facts.csv").content.decode())
    lithuania = [r for r in rows if r["treaty"] == "ccm" and r["iso3"] == "LTU"]
    assert {r["kind"] for r in lithuania} >= {"deposit"}
    assert all(r["source_citation"] and r["source_url"].startswith("https://") for r in lithuania)


def test_an_unknown_data_file_is_not_found_with_the_files_there_are(client: Client) -> None:
    response = client.get("/data/contacts.csv")
    assert response.status_code == 404 and "depositary-facts.csv" in response.content.decode()


def test_the_dictionary_explains_every_download_column_and_api_field(client: Client) -> None:
    assert missing_explanations() == []
    _notes, rows = _csv_parts(client.get("/data/dictionary.csv").content.decode())
    listed = {(row["file"], row["column"]) for row in rows}
    for download in DOWNLOADS:
        assert {(download.where, c) for c in download.output.columns()} <= listed
    # Every field of every answer the API's document describes, whether written from a field list or not.
    document = client.get("/api/v1/openapi.json").json()
    answers = {answer.name for answer in api_answers()}
    assert {"StateStanding", "CampaignOut", "ActionPlanOut", "ActivityOut", "MeetingOut", "Milestones"} <= answers
    for name in answers:
        fields = document["components"]["schemas"][name].get("properties", {})
        assert {(f"API {name}", field) for field in fields} <= listed, name
    assert not answers & {"StateFilters", "ActivityQuery"}  # a query's parameters are not an answer
    assert all(row["meaning"] for row in rows)
    html = client.get("/data/").content.decode()
    assert all(f"<code>{c}</code>" in html for d in DOWNLOADS for c in d.output.columns())


def test_no_listed_field_has_an_empty_explanation_in_the_published_document(client: Client) -> None:
    document = client.get("/api/v1/openapi.json").json()
    empty = [
        f"{answer.name}.{field}"
        for answer in api_answers()
        for field, prop in document["components"]["schemas"][answer.name].get("properties", {}).items()
        if not str(prop.get("description", "")).strip()
    ]
    assert empty == []


def test_every_explanation_is_given_in_french_and_spanish(client: Client) -> None:
    """The dictionary in each language: no explanation is left in English (each is translated in locale/)."""
    _notes, english = _csv_parts(client.get("/data/dictionary.csv").content.decode())
    for language in ("fr", "es"):
        _notes, rows = _csv_parts(client.get(f"/{language}/data/dictionary.csv").content.decode())
        assert [(r["file"], r["column"]) for r in rows] == [(r["file"], r["column"]) for r in english]
        pairs = zip(english, rows, strict=True)
        untranslated = sorted({e["meaning"] for e, r in pairs if e["meaning"] == r["meaning"]})
        assert untranslated == [], language


def test_a_field_without_an_explanation_or_heading_is_reported() -> None:
    bare = Output("Bare", (OutputField("plain", str, str),))
    answer = Answer("BareAnswer", "", (("plain", {"type": "string"}), ("told", {"type": "string", "description": "x"})))
    assert missing_explanations((Download("Bare", "/bare.csv", bare),), (answer,)) == [  # type: ignore[arg-type]
        "Bare.plain: heading",
        "Bare.plain: explanation",
        "BareAnswer.plain: explanation",
    ]
    unworded = Download("Bare", "/bare.csv", bare, worded=False)  # type: ignore[arg-type]
    assert missing_explanations((unworded,), ()) == ["Bare.plain: explanation"]


def test_a_spreadsheet_names_its_columns_in_words_in_the_pages_language(client: Client) -> None:
    book = load_workbook(io.BytesIO(client.get("/fr/treaties/ccm/states.xlsx", DAY).content))
    header = [c.value for c in book.worksheets[0][1]]
    assert header[:3] == ["Code ISO", "État", "Région"]
    columns = [row[1] for row in book["Columns"].iter_rows(min_row=2, values_only=True)]
    assert columns == list(STATE_STANDING.columns())  # the machine names stay those of the CSV and the API
    as_csv = client.get("/fr/treaties/ccm/states.csv", DAY).content.decode()
    assert next(csv.reader(io.StringIO(as_csv))) == list(STATE_STANDING.columns())


def test_a_download_gives_the_status_in_words_in_its_language_beside_its_code(client: Client) -> None:
    for prefix, words in (("", "Signed, not party"), ("/fr", "Signataire non partie"), ("/es", "Signatario no parte")):
        rows = list(csv.DictReader(io.StringIO(client.get(f"{prefix}/treaties/ccm/states.csv", DAY).content.decode())))
        indonesia = next(r for r in rows if r["iso3"] == "IDN")
        assert (indonesia["status"], indonesia["status_label"]) == ("signatory", words)
