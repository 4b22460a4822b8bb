"""What a phone is given (site.css lays it out): data tables whose cells name their column (`data-label`), a
chart drawing sized for a phone's width, and a date field that says the chosen day back in words."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from .conftest import ROOT

CSS = (ROOT / "treatywatch" / "web" / "static" / "web" / "site.css").read_text(encoding="utf-8")


@pytest.fixture
def client(db: None) -> Client:
    return Client()


def table(html: str, css_class: str) -> str:
    start = html.index(f'<table class="{css_class}')
    return html[start : html.index("</table>", start)]


def body_cells(html: str) -> list[str]:
    body = html[html.index("<tbody>") :]
    return re.findall(r"<td\b[^>]*>", body)


@pytest.mark.parametrize(
    ("path", "css_class", "labels"),
    [
        ("/treaties/ccm/?as_of=2026-02-03", "states stack", ["Region", "Status", "Signature"]),
        ("/treaties/ccm/compliance/?as_of=2026-02-03", "obligations stack", ["Obligation", "Status", "Sources"]),
        ("/states/LTU/?as_of=2026-02-03", "facts-table stack", ["Date", "Fact", "Source"]),
        ("/milestones/?as_of=2026-02-03", "milestones stack", ["Date", "Treaty", "Source"]),
        ("/activities/", "activities stack", ["Date", "Kind", "Source"]),
    ],
    ids=["treaty", "compliance", "state", "milestones", "activities"],
)
def test_every_cell_of_a_data_table_names_its_column(
    client: Client, path: str, css_class: str, labels: list[str]
) -> None:
    html = client.get(path).content.decode()

    cells = body_cells(table(html, css_class))

    assert cells, f"{path} has no rows to check"
    unlabelled = [cell for cell in cells if "data-label=" not in cell and "colspan" not in cell]
    assert not unlabelled, f"{path}: cells without data-label: {unlabelled[:3]}"
    named = set(re.findall(r'data-label="([^"]*)"', " ".join(cells)))
    for label in labels:
        assert any(name.startswith(label) for name in named), (label, named)


def test_the_status_and_source_cells_are_marked_to_come_first_on_a_phone(client: Client) -> None:
    html = client.get("/treaties/ccm/compliance/?as_of=2026-02-03").content.decode()
    first_row = body_cells(table(html, "obligations stack"))

    assert sum('class="cell-status"' in cell for cell in first_row) >= 1
    assert sum("cell-source" in cell for cell in first_row) >= 1
    assert re.search(r"table\.stack \.cell-status \{ order: -2; \}", CSS)
    assert re.search(r"table\.stack \.cell-source \{ order: -1; \}", CSS)


def test_a_stacked_table_keeps_its_headers_for_screen_readers(client: Client) -> None:
    html = client.get("/treaties/ccm/?as_of=2026-02-03").content.decode()

    states = table(html, "states stack")

    assert '<th scope="col"' in states and '<th scope="row">' in states
    # The header row is hidden visually on a phone, never with display: none (which hides it from everyone).
    assert "table.stack thead { position: absolute;" in CSS


def test_the_chart_has_a_drawing_sized_for_a_phone(client: Client) -> None:
    html = client.get("/treaties/ccm/?as_of=2026-02-03").content.decode()

    boxes = dict(re.findall(r'<svg class="(chart-\w+)" viewBox="0 0 (\d+) \d+"', html))

    assert boxes == {"chart-wide": "720", "chart-narrow": "360"}
    # A 360-unit drawing in a ~358px column shows its 12px ticks at ~12px (the wide one at ~6px).
    assert ".chart .tick { font-size: 12px;" in CSS
    assert html.count('id="chart-title"') == 1 and html.count('id="chart-title-narrow"') == 1


def test_the_date_field_says_the_day_in_words_whatever_the_browsers_locale(client: Client) -> None:
    html = client.get("/treaties/ccm/?as_of=2015-09-07").content.decode()

    field = re.search(r'<input id="as-of"[^>]*>', html, re.S)
    assert field is not None
    assert 'type="text"' in field.group() and 'pattern="[0-9]{4}-[0-9]{2}-[0-9]{2}"' in field.group()
    assert 'value="2015-09-07"' in field.group()
    assert re.search(r'<output id="as-of-words"[^>]*>7 September 2015</output>', html)
    assert "Year, month, day: 2015-09-07 is 7 September 2015." in html


@pytest.mark.parametrize(("language", "words"), [("fr", "7 septembre 2015"), ("es", "7 de septiembre de 2015")])
def test_the_day_in_words_is_in_the_pages_language(client: Client, language: str, words: str) -> None:
    html = client.get(f"/{language}/treaties/ccm/?as_of=2015-09-07").content.decode()

    assert re.search(rf'<output id="as-of-words"[^>]*>{words}</output>', html)


def test_a_day_typed_day_first_is_refused_with_the_form_again(client: Client) -> None:
    response = client.get("/treaties/ccm/", {"as_of": "07-09-2015"})

    assert response.status_code == 400
    html = response.content.decode()
    assert "as_of: &#x27;07-09-2015&#x27; is not a valid date (expected YYYY-MM-DD)" in html
    assert '<input id="as-of"' in html
