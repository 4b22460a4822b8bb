"""The States that can take part in treaties, with names and UN M49 regions.

Names come from pycountry (ISO 3166, with its translations); regions and the regular
expressions that match the many spellings of a State's name come from country_converter's
table (UN M49 regions). Nothing here is typed in by hand except the English short names the
UN itself uses where they differ from ISO's.
"""

from __future__ import annotations

import csv
import gettext
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

import pycountry

# States that are not UN members but take part in treaties deposited with the Secretary-General
# under the "all States" formula (they appear as participants on the UN Treaty Collection).
NON_MEMBER_STATES = ("VAT", "PSE", "COK", "NIU")

# M49 names the five regions "Americas"; country_converter's table says "America".
_REGION_NAMES = {"America": "Americas"}
# Where country_converter's table departs from the UN M49 list (M49 code 520: Micronesia).
_SUBREGION_CORRECTIONS = {"NRU": "Micronesia"}


@dataclass(frozen=True)
class CountryInfo:
    iso3: str
    iso2: str
    name: str
    region: str
    subregion: str
    pattern: str


def _table_rows() -> list[dict[str, str]]:
    text = resources.files("country_converter").joinpath("country_data.tsv").read_text(encoding="utf-8")
    return list(csv.DictReader(text.splitlines(), delimiter="\t"))


@cache
def all_states() -> dict[str, CountryInfo]:
    """UN member States and the non-member States that take part in treaties, by ISO3 code."""
    states = {}
    for row in _table_rows():
        iso3 = row["ISO3"]
        if not (row["UNmember"] or iso3 in NON_MEMBER_STATES):
            continue
        country = pycountry.countries.get(alpha_3=iso3)
        if country is None:
            continue
        states[iso3] = CountryInfo(
            iso3=iso3,
            iso2=country.alpha_2,
            name=getattr(country, "common_name", None) or country.name,
            region=_REGION_NAMES.get(row["continent"], row["continent"]),
            subregion=_SUBREGION_CORRECTIONS.get(iso3, row["UNregion"]),
            pattern=row["regex"],
        )
    return states


@cache
def _compiled_patterns() -> list[tuple[re.Pattern[str], str]]:
    return [(re.compile(info.pattern, re.IGNORECASE), iso3) for iso3, info in all_states().items()]


# Longer than any State's name in any common spelling ("United Kingdom of Great Britain and Northern Ireland").
LONGEST_NAME = 200


def match_state(label: str) -> str | None:
    """The ISO3 code of the one State whose name pattern matches `label`, else None."""
    cleaned = label.strip()
    if len(cleaned) > LONGEST_NAME:
        # No State's name is this long, and the name patterns would take minutes over a huge text.
        return None
    if cleaned.upper() in all_states():
        return cleaned.upper()
    found = {iso3 for pattern, iso3 in _compiled_patterns() if pattern.search(cleaned)}
    return found.pop() if len(found) == 1 else None


@cache
def _translations(language: str) -> gettext.NullTranslations:
    return gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[language], fallback=True)


def translated_name(iso3: str, language: str, english_name: str) -> str:
    """A State's name in `language` from pycountry's translations; `english_name` for English."""
    if language.startswith("en"):
        return english_name
    country = pycountry.countries.get(alpha_3=iso3)
    if country is None:
        return english_name
    translations = _translations(language.split("-")[0])
    for key in (getattr(country, "common_name", None), country.name):
        if key:
            translated = translations.gettext(key)
            if translated != key or language.startswith("en"):
                return translated
    return translations.gettext(country.name)


def region_names() -> list[str]:
    return sorted({info.region for info in all_states().values()})
