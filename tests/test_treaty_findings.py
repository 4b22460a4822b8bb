"""A treaty's findings page: the findings not about one State, as published by a day, gaps kept as gaps."""

from __future__ import annotations

import csv
import io

import pytest
from django.test import Client

from treatywatch.positions.treaty_findings import TREATY_FINDING
from treatywatch.positions.views import PAGE_COLUMNS


@pytest.fixture
def client(db: None) -> Client:
    return Client()


def page(client: Client, **query: str) -> str:
    response = client.get("/treaties/ccm/findings/", query)
    assert response.status_code == 200, response.content[:300]
    return response.content.decode()


def table(html: str) -> str:
    return html.split("<tbody>")[1].split("</tbody>")[0] if "<tbody>" in html else ""


def download(client: Client, **query: str) -> list[dict[str, str]]:
    response = client.get("/treaties/ccm/findings.csv", query)
    assert response.status_code == 200
    return list(csv.DictReader(io.StringIO(response.content.decode())))


def test_the_page_lists_global_rows_votes_and_major_findings_but_no_single_state(client):
    rows = download(client, as_of="2026-02-03")
    named = {r["named"] for r in rows}
    assert {"(global)", "UN General Assembly", "UN First Committee"} <= named
    assert "Afghanistan" not in named and "Norway" not in named
    assert {"major_finding", "unga_vote", "contamination"} <= {r["topic"] for r in rows}


def test_a_vote_shows_from_its_date(client):
    """The first resolution was voted on 7 December 2015."""
    assert "yes 139" not in table(page(client, topic="unga_vote", as_of="2015-12-06"))
    assert "yes 139" in table(page(client, topic="unga_vote", as_of="2015-12-07"))


def test_a_monitor_finding_shows_once_its_edition_can_have_been_published(client):
    """Monitor 2017's global contamination count covers 1 August 2017; the edition names only its year."""
    text = "States contaminated by cluster munition remnants (12 States Parties"
    assert text not in table(page(client, topic="contamination", year="2017", as_of="2017-12-30"))
    assert text in table(page(client, topic="contamination", year="2017", as_of="2017-12-31"))


def test_a_gap_the_file_marks_not_found_is_shown_as_a_gap_never_as_zero(client):
    html = table(page(client, topic="unga_vote", year="2024", as_of="2026-02-03"))
    assert "UNGA 2024 resolution vote: NOT FOUND" in html
    assert "gap: searched for and not found" in html
    assert '<span class="badge">not found</span>' in html
    assert "none: a gap the sources mark" in html  # no source is cited
    rows = download(client, topic="unga_vote", year="2024", as_of="2026-02-03")
    assert [(r["value"], r["gap"]) for r in rows] == [("NOT FOUND", "True")]


def test_a_partly_missing_count_keeps_its_gap(client):
    html = table(page(client, topic="unga_vote", year="2017", as_of="2026-02-03"))
    assert '142/2/NOT FOUND <span class="badge">not found</span>' in html


def test_sources_are_shown_with_their_addresses(client):
    html = table(page(client, topic="unga_vote", year="2016", as_of="2026-02-03"))
    assert 'href="https://the-monitor.org/en-gb/reports/2017/cluster-munition-monitor-2017/major-findings.aspx"' in html


def test_the_filters_choose_a_topic_and_a_year(client):
    rows = download(client, topic="major_finding", year="2017", as_of="2026-02-03")
    assert rows and {(r["topic"], r["report_year"]) for r in rows} == {("major_finding", "2017")}


def test_the_download_has_the_outputs_columns_and_the_page_its_headings(client):
    rows = download(client, as_of="2026-02-03")
    assert tuple(rows[0]) == TREATY_FINDING.columns()
    html = page(client, as_of="2026-02-03")
    for _key, label in PAGE_COLUMNS:
        assert f'<th scope="col">{label}</th>' in html


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"topic": "weather"}, "topic: &#x27;weather&#x27; is not one of"),
        ({"year": "1990"}, "year: &#x27;1990&#x27; is not a year of the CCM&#x27;s findings"),
        ({"year": "twenty"}, "year: &#x27;twenty&#x27; is not a year"),
        ({"as_of": "2019-02-30"}, "as_of: &#x27;2019-02-30&#x27; is not a valid date"),
    ],
)
def test_a_bad_filter_is_a_400_that_says_what_is_wrong(client, query, message):
    response = client.get("/treaties/ccm/findings/", query)
    assert response.status_code == 400
    assert message in response.content.decode()


def test_an_unknown_treaty_has_no_findings_page(client):
    assert client.get("/treaties/nope/findings/").status_code == 404
    assert client.get("/treaties/ccm/findings.pdf").status_code == 404


def test_the_treaty_page_links_to_its_findings(client):
    assert (
        'href="/treaties/ccm/findings/?as_of=2020-01-01"'
        in client.get("/treaties/ccm/", {"as_of": "2020-01-01"}).content.decode()
    )


def test_the_page_in_french_and_spanish(client):
    french = client.get("/fr/treaties/ccm/findings/", {"as_of": "2026-02-03"}).content.decode()
    spanish = client.get("/es/treaties/ccm/findings/", {"as_of": "2026-02-03"}).content.decode()
    assert "CCM : constats" in french and "Tous les thèmes" in french
    assert "CCM: hallazgos" in spanish and "Todos los años" in spanish
