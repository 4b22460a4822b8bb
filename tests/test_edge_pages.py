"""Pages for the edges: the site's own 400, 404 and 500 pages in its layout with a way on (never Django's debug
page outside development), a date before a treaty existed said in words, and the glossary of the site's terms."""

from __future__ import annotations

import pytest
from django.test import Client, override_settings

from treatywatch.obligations.labels import DEADLINE_STATUS_LABELS
from treatywatch.registry.labels import FILTER_LABELS, STANDING_LABELS, STATUS_LABELS


@pytest.fixture
def client(db: None) -> Client:
    return Client()


def test_a_bad_date_is_answered_with_the_date_form_again_and_a_way_back(client: Client) -> None:
    response = client.get("/treaties/ccm/", {"as_of": "2015-13-07", "status": "party"})

    assert response.status_code == 400
    html = response.content.decode()
    assert 'class="site-header"' in html and 'class="site-footer"' in html
    assert "as_of: &#x27;2015-13-07&#x27; is not a valid date (expected YYYY-MM-DD)" in html
    assert 'value="2015-13-07"' in html  # what was typed, to put right
    assert '<input type="hidden" name="status" value="party">' in html  # the page's other choices kept
    assert '<a href="/treaties/ccm/">This page without its options</a>' in html


def test_a_bad_filter_is_answered_without_a_date_form(client: Client) -> None:
    response = client.get("/treaties/ccm/", {"status": "nonsense"})

    assert response.status_code == 400
    assert '<input id="as-of"' not in response.content.decode()
    assert "The treaties in the register" in response.content.decode()


def test_an_unknown_address_is_the_sites_404_with_ways_on(client: Client) -> None:
    response = client.get("/fr/nowhere/")

    assert response.status_code == 404
    html = response.content.decode()
    assert 'class="site-header"' in html
    assert 'href="/fr/glossary/"' in html and 'href="/fr/states/"' in html


@override_settings(DEBUG=False, ROOT_URLCONF="tests.error_urls")
def test_an_error_in_the_site_is_the_500_page_in_its_layout_without_details(db: None) -> None:
    client = Client(raise_request_exception=False)

    response = client.get("/failing/")

    assert response.status_code == 500
    html = response.content.decode()
    assert "Something went wrong on our side" in html
    assert 'class="site-header"' in html and 'href="/glossary/"' in html
    assert "secret detail" not in html and "Traceback" not in html and "RuntimeError" not in html


@override_settings(DEBUG=False, ROOT_URLCONF="tests.error_urls")
def test_an_error_under_the_api_is_answered_in_the_apis_shape(db: None) -> None:
    client = Client(raise_request_exception=False)

    response = client.get("/api/v1/failing")

    assert response.status_code == 500
    assert response.json() == {"detail": "Internal error: the error has been logged."}


def test_a_request_django_refuses_gets_the_sites_400(client: Client) -> None:
    response = client.get("/", HTTP_HOST="bad host!")

    assert response.status_code == 400
    assert "The request could not be read." in response.content.decode()


NOT_YET = "The Convention on Cluster Munitions was adopted on 30 May 2008; on 1 January 2000 it did not exist yet."


def test_the_treaty_page_says_the_treaty_did_not_exist_yet_instead_of_zeros(client: Client) -> None:
    html = client.get("/treaties/ccm/", {"as_of": "2000-01-01"}).content.decode()

    assert NOT_YET in html
    assert 'data-count="parties"' not in html and '<table class="states' not in html


def test_the_day_after_adoption_the_treaty_page_shows_its_counts(client: Client) -> None:
    client.get("/treaties/ccm/", {"as_of": "2000-01-01"})  # an answer stored for the days before

    html = client.get("/treaties/ccm/", {"as_of": "2008-05-30"}).content.decode()

    assert "did not exist yet" not in html and 'data-count="parties"' in html


def test_the_note_is_in_the_pages_language(client: Client) -> None:
    html = client.get("/fr/treaties/ccm/", {"as_of": "2000-01-01"}).content.decode()

    assert "le 1er janvier 2000 il n’existait pas encore" in html


def test_a_state_page_says_which_treaties_did_not_exist_yet(client: Client) -> None:
    html = client.get("/states/NOR/", {"as_of": "2000-01-01"}).content.decode()

    assert NOT_YET in html
    assert "The Convention on the Prohibition of the Use, Stockpiling" not in html  # the APMBC existed by then


def test_the_home_page_says_which_treaties_did_not_exist_yet_instead_of_zeros(client: Client) -> None:
    html = client.get("/", {"as_of": "2000-01-01"}).content.decode()
    ccm_card = html[html.index("/treaties/ccm/") : html.index("</li>", html.index(NOT_YET))]

    assert NOT_YET in html and 'data-count="parties"' not in ccm_card
    assert "did not exist yet" not in client.get("/", {"as_of": "2026-02-03"}).content.decode()


def test_the_api_gives_a_note_and_keeps_answering_200(client: Client) -> None:
    detail = client.get("/api/v1/treaties/ccm", {"as_of": "2000-01-01"})
    states = client.get("/api/v1/treaties/ccm/states", {"as_of": "2000-01-01"})
    later = client.get("/api/v1/treaties/ccm", {"as_of": "2026-02-03"})

    note = "The Convention on Cluster Munitions was adopted on 2008-05-30; on 2000-01-01 it did not exist yet."
    assert (detail.status_code, states.status_code) == (200, 200)
    assert detail.json()["note"] == note and states.json()["note"] == note
    assert detail.json()["counts"]["parties"] == 0  # unchanged fields, for the clients that read them
    assert later.json()["note"] is None


def test_a_states_profile_in_the_api_notes_each_treaty_that_did_not_exist_yet(client: Client) -> None:
    treaties = {t["treaty"]: t for t in client.get("/api/v1/states/NOR", {"as_of": "2000-01-01"}).json()["treaties"]}
    later = client.get("/api/v1/states/NOR", {"as_of": "2026-02-03"}).json()["treaties"]

    note = "The Convention on Cluster Munitions was adopted on 2008-05-30; on 2000-01-01 it did not exist yet."
    assert treaties["ccm"]["note"] == note
    assert treaties["apmbc"]["note"] is None  # the Mine Ban Treaty existed by then
    assert all(t["note"] is None for t in later)


def test_the_glossary_defines_every_status_the_pages_show(client: Client) -> None:
    html = client.get("/glossary/").content.decode()

    terms = [
        *STATUS_LABELS.values(),
        *FILTER_LABELS.values(),
        *STANDING_LABELS.values(),
        *DEADLINE_STATUS_LABELS.values(),
    ]
    for term in terms:
        assert f">{term}</dt>" in html, term
    assert "State Party" in html and "In force for" in html


@pytest.mark.parametrize(("language", "title"), [("fr", "Glossaire"), ("es", "Glosario")])
def test_the_glossary_is_in_three_languages_and_linked_from_every_footer(
    client: Client, language: str, title: str
) -> None:
    home = client.get(f"/{language}/").content.decode()
    footer = home[home.index('<footer class="site-footer">') :]
    assert f'href="/{language}/glossary/"' in footer

    html = client.get(f"/{language}/glossary/").content.decode()

    assert f"<h1>{title}</h1>" in html
