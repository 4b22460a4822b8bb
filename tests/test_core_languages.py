"""The language a member is written to in: its first language the campaign offers, else English."""

from __future__ import annotations

from treatywatch.core.languages import language_for

OFFERED = ("en", "fr", "es")


def test_the_members_first_language_the_campaign_offers() -> None:
    assert language_for(["es"], OFFERED) == "es"
    assert language_for(["de", "fr", "en"], OFFERED) == "fr", "the member's order, not the campaign's"
    assert language_for(["en", "fr"], OFFERED) == "en"


def test_english_when_the_campaign_offers_none_of_the_members_languages() -> None:
    assert language_for(["de", "pt"], OFFERED) == "en"
    assert language_for([], OFFERED) == "en"
    assert language_for(["fr"], ("en",)) == "en"
