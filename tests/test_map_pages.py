"""The maps on the pages: each State named with its status on the date shown, cached with the page."""

from __future__ import annotations

import io
import re

import pytest
from django.core.management import call_command
from django.test import Client

from tests.conftest import ROOT
from treatywatch.web import statusmap, worldmap


@pytest.fixture
def client(db: None) -> Client:
    return Client()


def world_map_html(client: Client, day: str, language: str = "") -> str:
    html = client.get(f"{language}/treaties/ccm/", {"as_of": day}).content.decode()
    start = html.index('<figure class="world-map">')
    return html[start : html.index("</figure>", start)]


def country(html: str, name: str) -> tuple[str, str]:
    """The class and the title of a State's link on the map."""
    found = re.search(rf'class="(map-\w+)[^"]*">\s*<title>({re.escape(name)}: [^<]*)</title>', html)
    assert found, f"{name} is not on the map"
    return found.group(1), found.group(2)


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        ("2011-06-01", ("map-not_in_force", "Lithuania: Party, not yet in force")),
        ("2020-01-01", ("map-in_force", "Lithuania: Party, in force")),
        ("2024-12-01", ("map-withdrawal_pending", "Lithuania: Withdrawal notified, effective 2025-03-06")),
        ("2026-02-03", ("map-withdrawn", "Lithuania: Withdrawn (2025-03-06)")),
    ],
)
def test_the_map_shows_where_lithuania_stands_on_the_date_shown(client: Client, day: str, expected: tuple) -> None:
    assert country(world_map_html(client, day), "Lithuania") == expected


def test_the_map_shows_signatories_states_that_never_signed_and_small_states(client: Client) -> None:
    html = world_map_html(client, "2026-02-03")

    assert country(html, "Indonesia") == ("map-signatory", "Indonesia: Signed, not party")
    assert country(html, "United States of America") == ("map-not_signed", "United States of America: Not signed")
    # The Holy See is too small for the 1:110m shapes: a dot, named like the others.
    assert country(html, "Holy See") == ("map-in_force", "Holy See: Party, in force")
    assert re.search(r"<title>Holy See: [^<]*</title>\s*<circle ", html)
    assert '<a href="/states/LTU/?as_of=2026-02-03" tabindex="-1"' in html


def test_every_state_is_on_the_map_or_listed_under_it(client: Client) -> None:
    html = world_map_html(client, "2026-02-03")
    page = client.get("/treaties/ccm/", {"as_of": "2026-02-03"}).content.decode()
    listed_states = len(re.findall(r'<th scope="row"><a href="/states/', page))

    titles = re.findall(r"<title>([^<]*)</title>", html)

    assert "Not shown on the map: Tuvalu." in html
    assert len(titles) == listed_states - 1
    # Territories that are not States (Greenland, Western Sahara, Kosovo) are drawn plain, unnamed.
    assert '<g class="map-other" aria-hidden="true">' in html
    assert not any(name.startswith(("Greenland", "Kosovo")) for name in titles)


def test_a_filtered_list_filters_the_map_too(client: Client) -> None:
    html = client.get("/treaties/ccm/", {"as_of": "2026-02-03", "region": "Africa"}).content.decode()
    start = html.index('<figure class="world-map">')
    africa = html[start : html.index("</figure>", start)]

    assert country(africa, "Sierra Leone") == ("map-in_force", "Sierra Leone: Party, in force")
    assert "<title>Lithuania" not in africa and "<title>Holy See" not in africa
    assert "Not shown on the map" not in africa  # Tuvalu is not in Africa
    assert "The map shows the States in the list as filtered below." in africa


def test_the_map_has_a_legend_and_points_to_the_table(client: Client) -> None:
    html = world_map_html(client, "2026-02-03")

    legend = re.findall(r'<span class="swatch (map-\w+)"></span>\s*([^<]*?)\s*</li>', html)

    assert legend == [
        ("map-in_force", "Party, in force"),
        ("map-not_in_force", "Party, not yet in force"),
        ("map-signatory", "Signed, not party"),
        ("map-not_signed", "Not signed"),
        ("map-withdrawal_pending", "Withdrawal notified"),
        ("map-withdrawn", "Withdrawn"),
    ]
    assert "the list of States below says the same" in html
    assert "Natural Earth (public domain)" in html


def test_the_map_speaks_the_pages_language(client: Client) -> None:
    html = world_map_html(client, "2026-02-03", language="/fr")

    assert country(html, "Lituanie") == ("map-withdrawn", "Lituanie: Retiré (2025-03-06)")


def test_the_map_is_part_of_the_cached_page(client: Client, monkeypatch: pytest.MonkeyPatch) -> None:
    first = client.get("/treaties/ccm/", {"as_of": "2026-02-03"}).content

    def refuse(*args: object) -> None:
        raise AssertionError("the map was computed again for a page in the cache")

    monkeypatch.setattr("treatywatch.web.views.status_map", refuse)
    again = client.get("/treaties/ccm/", {"as_of": "2026-02-03"}).content

    assert again == first
    assert b'<figure class="world-map">' in again


def test_a_page_on_a_new_date_only_chooses_classes(client: Client, monkeypatch: pytest.MonkeyPatch) -> None:
    client.get("/treaties/ccm/", {"as_of": "2026-02-03"})

    def refuse(*args: object) -> None:
        raise AssertionError("the topology was decoded again")

    monkeypatch.setattr(worldmap, "decode_arcs", refuse)
    html = world_map_html(client, "2019-05-05")

    assert country(html, "Lithuania")[0] == "map-in_force"
    assert statusmap.world_map() is worldmap.world_map()


def test_a_treaty_without_a_record_has_no_map(client: Client) -> None:
    call_command("add_treaty", str(ROOT / "tests" / "fixtures" / "treaties" / "ctbt.toml"), stdout=io.StringIO())
    html = client.get("/treaties/ctbt/").content.decode()

    assert "world-map" not in html


@pytest.mark.parametrize(
    ("iso3", "shape"),
    [("LTU", '<path class="map-focus" d="M'), ("VAT", '<circle class="map-focus" cx="')],
    ids=["a shape", "a dot"],
)
def test_a_state_profile_shows_the_state_on_a_small_map(client: Client, iso3: str, shape: str) -> None:
    html = client.get(f"/states/{iso3}/").content.decode()
    start = html.index('<figure class="state-map">')
    figure = html[start : html.index("</figure>", start)]

    assert 'role="img" aria-labelledby="state-map-title"' in figure
    assert shape in figure
    assert re.search(r'<title id="state-map-title">[^<]+ on the world map</title>', figure)


def test_a_state_the_map_data_leaves_out_has_no_map_on_its_profile(client: Client) -> None:
    html = client.get("/states/TUV/").content.decode()

    assert "Tuvalu" in html
    assert "state-map" not in html
