"""Find a State by any of its names, in any of the site's languages, or by its ISO code.

"Indonésie", "indonesie", "Laos", "Lao PDR", "IDN" and "id" all find Indonesia or the Lao People's Democratic
Republic: names come from ISO 3166 and its French and Spanish translations (pycountry) and from
country_converter's short names and name patterns (see `countries`), compared without accents or case."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache

from django.conf import settings
from django.utils.translation import gettext

from treatywatch.lib.errors import BadParameter
from treatywatch.registry.countries import LONGEST_NAME, name_pattern, names_in
from treatywatch.registry.models import State


def folded(text: str) -> str:
    """Text as a search compares it: no accents, no case, words apart ("Côte d'Ivoire" is "cote d ivoire")."""
    bare = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return " ".join(re.findall(r"\w+", bare.casefold()))


@dataclass(frozen=True)
class Names:
    """A State's names as the search compares them, each with the name as written."""

    codes: frozenset[str]
    names: tuple[tuple[str, str], ...]
    pattern: re.Pattern[str] | None


@cache
def _names(iso3: str, iso2: str, name: str) -> Names:
    languages = tuple(code for code, _label in settings.LANGUAGES if code != "en")
    written = {name, *names_in(iso3, languages)}
    return Names(
        frozenset({iso3.casefold(), iso2.casefold()} - {""}),
        tuple(sorted((folded(n), n) for n in written)),
        name_pattern(iso3),
    )


@dataclass(frozen=True)
class Found:
    state: State
    exact: bool
    # The name that matched, when it is not the one the page shows ("Laos" for the Lao People's Democratic Republic).
    matched: str


def _match(query: str, words: list[str], state: State) -> Found | None:
    names = _names(state.iso3, state.iso2, state.name)
    shown = state.display_name
    if query in names.codes:
        return Found(state, True, "")
    for key, written in names.names:
        if key == query:
            return Found(state, True, "" if written == shown else written)
    if names.pattern is not None and names.pattern.search(query):
        return Found(state, True, "")
    for key, written in names.names:
        # Every word asked for starts a word of the name: "lao dem" finds "Lao People's Democratic Republic".
        name_words = key.split()
        if all(any(w.startswith(q) for w in name_words) for q in words):
            return Found(state, False, "" if written == shown else written)
    return None


def parse_query(text: str) -> str:
    """The text searched for, checked: longer than any State's name is a bad parameter, not a slow search."""
    cleaned = text.strip()
    if len(cleaned) > LONGEST_NAME:
        raise BadParameter(
            gettext("q: %(length)d characters is longer than any State's name (at most %(limit)d)")
            % {"length": len(cleaned), "limit": LONGEST_NAME}
        )
    return cleaned


def find_states(text: str, states: list[State]) -> list[Found]:
    """The `states` that `text` names: exact matches (a name, a code, a common spelling) first, then the
    States with a name whose words start with the words asked for; each group in the order of `states`."""
    query = folded(parse_query(text))
    if not query:
        return []
    words = query.split()
    found = [hit for state in states if (hit := _match(query, words, state)) is not None]
    return [f for f in found if f.exact] + [f for f in found if not f.exact]
