"""Filters shaped like the questions people ask of a treaty's States and deadlines: the States not party,
several statuses at once, the deadlines of a year, and count boxes that link to the list they count."""

from __future__ import annotations

import csv
import io
import re

import pytest
from django.test import Client

AFRICA_NOT_PARTY = {
    "AGO", "CAF", "COD", "DJI", "DZA", "EGY", "ERI", "ETH", "GAB",
    "GNQ", "KEN", "LBR", "LBY", "MAR", "SDN", "TZA", "UGA", "ZWE",
}  # fmt: skip


@pytest.fixture
def client(db: None) -> Client:
    return Client()


def state_codes(html: str) -> set[str]:
    return set(re.findall(r'<tr[^>]*>\s*<th scope="row"><a href="/states/([A-Z]{3})/', html))


def result_count(html: str) -> str:
    return re.search(r'class="result-count">([^<]*)<', html).group(1)  # type: ignore[union-attr]


def test_not_party_lists_the_african_states_that_never_signed_and_those_that_signed_only(client: Client) -> None:
    query = {"as_of": "2026-02-03", "region": "Africa"}
    not_party = client.get("/treaties/ccm/", {**query, "status": "not_party"}).content.decode()
    both = client.get("/treaties/ccm/", {**query, "status": ["not_signed", "signatory"]}).content.decode()
    assert state_codes(not_party) == state_codes(both) == AFRICA_NOT_PARTY
    assert result_count(not_party) == "18 States"
    # The title says it first: a screen reader reads it as the filtered page opens.
    assert re.search(r"<title>\s*18 States, CCM\s*·", not_party)
    # Both boxes stay ticked, and the form lands on the results.
    assert 'value="not_signed" checked' in both and 'value="signatory" checked' in both
    assert 'action="#results"' in both and 'id="results"' in both


def test_not_party_counts_a_state_that_withdrew(client: Client) -> None:
    europe = client.get("/treaties/ccm/", {"as_of": "2026-02-03", "status": "not_party", "region": "Europe"})
    assert "LTU" in state_codes(europe.content.decode())


def test_the_api_takes_several_statuses_and_the_downloads_follow_the_filters(client: Client) -> None:
    query = {"as_of": "2026-02-03", "region": "Africa", "status": ["not_signed", "signatory"]}
    body = client.get("/api/v1/treaties/ccm/states", query).json()
    assert body["count"] == 18 and {s["iso3"] for s in body["states"]} == AFRICA_NOT_PARTY
    one = client.get("/api/v1/treaties/ccm/states", {**query, "status": "not_party"}).json()
    assert {s["iso3"] for s in one["states"]} == AFRICA_NOT_PARTY
    rows = list(csv.DictReader(io.StringIO(client.get("/treaties/ccm/states.csv", query).content.decode())))
    assert {r["iso3"] for r in rows} == AFRICA_NOT_PARTY
    meta = client.get("/treaties/ccm/states.json", query).json()
    assert meta["status"] == "not_signed,signatory" and meta["region"] == "Africa"


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("/treaties/ccm/?status=party&status=friendly", "status: &#x27;friendly&#x27; is not one of party"),
        ("/treaties/ccm/states.csv?status=friendly", "status: &#x27;friendly&#x27; is not one of party"),
        ("/api/v1/treaties/ccm/states?status=party&status=friendly", "status: 'friendly' is not one of party"),
        ("/treaties/ccm/compliance/?year=20x6", "year: &#x27;20x6&#x27; is not a year (four digits"),
        ("/treaties/ccm/compliance.csv?year=99999", "year: &#x27;99999&#x27; is not a year (four digits"),
        ("/api/v1/treaties/ccm/compliance?year=%D9%A2%D9%A0%D9%A2%D9%A6", "is not a year (four digits"),
    ],
)
def test_a_bad_filter_is_a_400_that_says_what_and_why(client: Client, url: str, message: str) -> None:
    response = client.get(url)
    assert response.status_code == 400
    assert message in response.content.decode()


def test_each_count_box_links_to_the_list_of_the_states_it_counts(client: Client) -> None:
    page = client.get("/treaties/ccm/", {"as_of": "2026-02-03"}).content.decode()
    boxes = re.findall(r'<dt>([^<]+)</dt>\s*<dd>\s*<a href="([^"]+)" data-count="\w+">(\d+)</a>', page)
    assert [label for label, _url, _n in boxes] == ["Parties", "Signatories", "In force for", "Signed, not party"]
    for label, url, number in boxes:
        target = client.get(url.replace("&amp;", "&").split("#")[0]).content.decode()
        assert result_count(target) == f"{number} States", label
        # The filter that lists them carries the box's own name.
        assert re.search(rf"checked>\s*{re.escape(label)}\s*</label>", target), label
    assert (boxes[1][0], boxes[1][2]) == ("Signatories", "107")
    assert (boxes[3][0], boxes[3][2]) == ("Signed, not party", "12")
    home = client.get("/", {"as_of": "2026-02-03"}).content.decode()
    assert '<a href="/treaties/ccm/?status=signed&amp;as_of=2026-02-03#results" data-count="signatories">' in home


def test_the_article_4_deadlines_of_a_year_on_the_compliance_page_the_api_and_the_download(client: Client) -> None:
    query = {"as_of": "2026-02-03", "obligation": "clearance", "year": "2026"}
    body = client.get("/api/v1/treaties/ccm/compliance", query).json()
    found = [(d["iso3"], d["current_deadline"], d["extension_pending"]) for d in body["deadlines"]]
    assert [(iso3, day[:4]) for iso3, day, _pending in found] == [("SOM", "2026"), ("CHL", "2026"), ("TCD", "2026")]
    assert body["year"] == 2026 and body["count"] == 3
    page = client.get("/treaties/ccm/compliance/", query).content.decode()
    assert result_count(page) == "3 deadlines" and '<option value="2026" selected>' in page
    assert 'action="#results"' in page
    rows = list(csv.DictReader(io.StringIO(client.get("/treaties/ccm/compliance.csv", query).content.decode())))
    assert [r["iso3"] for r in rows] == ["SOM", "CHL", "TCD"]
    other = client.get("/api/v1/treaties/ccm/compliance", {**query, "year": "2020"}).json()
    assert other["count"] > 0 and all(d["current_deadline"].startswith("2020") for d in other["deadlines"])


def test_the_compliance_page_and_api_take_several_deadline_statuses_with_the_year(client: Client) -> None:
    api = "/api/v1/treaties/ccm/compliance"
    query = {"as_of": "2026-02-03", "obligation": "clearance", "year": "2026"}
    everything = client.get(api, query).json()["deadlines"]
    wanted = sorted({d["status"] for d in everything})
    # Each status alone, then all of them at once: together they give every row, in the same order.
    for status in wanted:
        alone = client.get(api, {**query, "status": status}).json()
        assert alone["deadlines"] and alone["status"] == status
    body = client.get(api, {**query, "status": wanted}).json()
    assert body["deadlines"] == everything and body["status"] == ",".join(wanted) and body["year"] == 2026
    # Two statuses of the whole list keep the rows in either, and only those.
    day = {"as_of": "2026-02-03"}
    counts: dict[str, int] = {}
    for d in client.get(api, day).json()["deadlines"]:
        counts[d["status"]] = counts.get(d["status"], 0) + 1
    two = sorted(counts, key=lambda s: -counts[s])[:2]
    pair = client.get(api, {**day, "status": two}).json()
    assert {d["status"] for d in pair["deadlines"]} == set(two) and pair["count"] == counts[two[0]] + counts[two[1]]
    # The page: one box per status, those asked for ticked, the year kept, the same rows; the downloads too.
    page = client.get("/treaties/ccm/compliance/", {**query, "status": wanted}).content.decode()
    assert result_count(page) == f"{len(everything)} deadlines" and '<option value="2026" selected>' in page
    assert all(f'name="status" value="{s}" checked>' in page for s in wanted)
    assert state_codes(page) == {d["iso3"] for d in everything}
    paired = client.get("/treaties/ccm/compliance/", {**day, "status": two}).content.decode()
    assert result_count(paired) == f"{pair['count']} deadlines"
    ticked = re.findall(r'name="status" value="(\w+)" checked>', paired)
    assert sorted(ticked) == sorted(two) and len(re.findall(r'type="checkbox" name="status"', paired)) > 2
    download = client.get("/treaties/ccm/compliance.csv", {**query, "status": wanted}).content.decode()
    assert [r["iso3"] for r in csv.DictReader(io.StringIO(download))] == [d["iso3"] for d in everything]
    meta = client.get("/treaties/ccm/compliance.json", {**day, "status": two}).json()
    assert meta["status"] == ",".join(two)


def test_a_bad_deadline_status_among_several_is_a_400(client: Client) -> None:
    response = client.get("/api/v1/treaties/ccm/compliance", {"status": ["overdue", "late"]})
    assert response.status_code == 400 and "status: 'late' is not one of overdue" in response.json()["detail"]
    page = client.get("/treaties/ccm/compliance/", {"status": ["overdue", "late"]})
    assert page.status_code == 400 and "status: &#x27;late&#x27; is not one of overdue" in page.content.decode()
