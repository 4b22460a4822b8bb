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
from datetime import date
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


@dataclass(frozen=True)
class HistoricalState:
    """A State that no longer exists, the day it ceased to exist and the States after it.

    `successors` maps each successor's ISO3 code to the date of succession its notifications give
    ("with effect from ..."), or None for a State that continued the predecessor or absorbed it
    without succession (the Russian Federation for the USSR, Germany for the GDR).
    """

    iso3: str
    name: str
    pattern: str
    ended_on: date
    successors: dict[str, date | None]
    source: str

    @property
    def iso2(self) -> str:
        """The former ISO 3166-1 alpha-2 code (ISO 3166-3 keeps it)."""
        record = pycountry.historic_countries.get(alpha_3=self.iso3)
        return str(record.alpha_2) if record is not None else ""


# ISO 3166-3 codes (pycountry's historic_countries). `ended_on` is the first day the State no
# longer existed. Sources: UN Treaty Collection, "Historical information" (the notes on the former
# German Democratic Republic, Czechoslovakia, the USSR and Yugoslavia, and the dates of
# succession in the successors' notifications).
HISTORICAL_STATES = (
    HistoricalState(
        "SUN",
        "Union of Soviet Socialist Republics",
        r"^(union of soviet socialist republics|ussr|soviet union)$",
        date(1991, 12, 26),
        {"RUS": None},
        "UNTC Historical information: the Russian Federation continues the USSR's membership (letter "
        "of 24 December 1991); Declaration 142-N of the Soviet of the Republics, 26 December 1991",
    ),
    HistoricalState(
        "CSK",
        "Czechoslovakia",
        r"^czechoslovak",
        date(1993, 1, 1),
        {"CZE": date(1993, 1, 1), "SVK": date(1993, 1, 1)},
        "UNTC Historical information: Czechoslovakia ceased to exist on 31 December 1992; the Czech "
        "Republic and Slovakia succeeded with effect from 1 January 1993",
    ),
    HistoricalState(
        "DDR",
        "German Democratic Republic",
        r"^(former )?german democratic republic$",
        date(1990, 10, 3),
        {"DEU": None},
        "UNTC Historical information: through the accession of the German Democratic Republic to the "
        "Federal Republic of Germany with effect from 3 October 1990, the two German States united",
    ),
    HistoricalState(
        "YUG",
        "Socialist Federal Republic of Yugoslavia",
        r"^(the )?(former )?(socialist federal republic of )?yugoslavia$",
        date(1992, 4, 27),
        {
            "SVN": date(1991, 6, 25),
            "HRV": date(1991, 10, 8),
            "MKD": date(1991, 11, 17),
            "BIH": date(1992, 3, 6),
            "SRB": date(1992, 4, 27),
        },
        "UNTC Historical information on the former Yugoslavia (the dates of succession in the successors' "
        "notifications); ISO 3166-3 (pycountry): the Socialist Federal Republic broke apart on 27 April 1992",
    ),
)


def historical_states() -> dict[str, HistoricalState]:
    return {h.iso3: h for h in HISTORICAL_STATES}


def known_state_code(iso3: str) -> bool:
    """A code of a State that exists or once existed (the codes a rules file may name)."""
    return iso3 in all_states() or iso3 in historical_states()


@cache
def _compiled_historical_patterns() -> list[tuple[re.Pattern[str], str]]:
    return [(re.compile(h.pattern, re.IGNORECASE), h.iso3) for h in HISTORICAL_STATES]


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
    if known_state_code(cleaned.upper()):
        return cleaned.upper()
    # A former State first: "Czechoslovakia" would otherwise also match Czechia's pattern.
    for pattern, iso3 in _compiled_historical_patterns():
        if pattern.search(cleaned):
            return iso3
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


def names_in(iso3: str, languages: tuple[str, ...]) -> tuple[str, ...]:
    """Every name the project knows a State (or a former State) by: ISO 3166's names (short, official, common)
    in English and in each of `languages` from pycountry's translations, and country_converter's short and
    official names ("Laos", "Micronesia, Fed. Sts.")."""
    country = pycountry.countries.get(alpha_3=iso3) or pycountry.historic_countries.get(alpha_3=iso3)
    english = [getattr(country, key, None) for key in ("name", "official_name", "common_name")] if country else []
    names = {n for n in english if n}
    for language in languages:
        names.update(_translations(language).gettext(n) for n in english if n)
    names.update(n for n in _converter_names().get(iso3, ()) if n)
    return tuple(sorted(names))


@cache
def _converter_names() -> dict[str, tuple[str, str]]:
    return {row["ISO3"]: (row["name_short"], row["name_official"]) for row in _table_rows()}


def name_pattern(iso3: str) -> re.Pattern[str] | None:
    """The regular expression that matches the many spellings of a State's name ("Lao PDR"), if one is known."""
    for pattern, code in (*_compiled_historical_patterns(), *_compiled_patterns()):
        if code == iso3:
            return pattern
    return None


def region_names() -> list[str]:
    return sorted({info.region for info in all_states().values()})
