"""A source as readers see it: a short citation (publisher, title, date) as the link text, and the provenance
note (where the copy was read, what it covers, what was checked) apart, after it. A source read on a mirror of a
publisher's site also gives the address on the publisher's own site and a link to its archived copies.

A source's citation is one text, as editors and data files write it: "Publisher, 'Title', date (note): more".
The short citation is that text up to its first note, a parenthesis or a colon outside quotes; the rest is the
note. Nothing is dropped: the two parts together are the whole citation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Protocol
from urllib.parse import urlsplit, urlunsplit

from treatywatch.registry.models import Source

# Shorter than this, a citation is short already: "UNTC (EIF computed)" keeps its parenthesis.
_SHORTEST = 12
_QUOTES = {"'": "'", '"': '"', "‘": "’", "“": "”"}
_MONTH = r"(?:January|February|March|April|May|June|July|August|September|October|November|December|[A-Z][a-z]{2})"
# A parenthesis that belongs to the short citation: a date ("(2 September 2019)", "(2010)") or an acronym.
_KEPT_IN_SHORT = re.compile(rf"(?:(?:\d{{1,2}} )?(?:{_MONTH} )?\d{{4}}|[A-Z0-9][A-Za-z0-9&.-]{{1,11}})")
# A data file's tag before the citation ("CMM16-BP: Landmine and Cluster Munition Monitor").
_TAG = re.compile(r"^([A-Z0-9][A-Za-z0-9-]*-[A-Za-z0-9-]+|[A-Z0-9]{2,}[0-9][A-Z0-9-]*): ")
# Mirrors of a publisher's site, by host, and the site they copy. The ISU's earlier sites are read on mirrors
# that keep their paths ("clusterconvention.org and its mirrors ccm3/ccm4.pronk.se", data/ccm/SOURCES.md).
MIRRORS = {"ccm3.pronk.se": "www.clusterconvention.org", "ccm4.pronk.se": "www.clusterconvention.org"}
ARCHIVE = "https://web.archive.org/web"
# A depositary notification: "C.N.347.2024.TREATIES-XXVI-6" or "C.N.286.2022".
_NOTIFICATION = re.compile(r"C\.N\.\s?(\d+)\.(\d{4})")


@dataclass(frozen=True)
class Citation:
    short: str
    note: str
    url: str
    retrieved_on: date | None
    # None for a source known only by its citation and address (a campaign's reasons): no badge is shown.
    primary: bool | None
    # Read on a mirror: the address on the publisher's own site, and its archived copies ("" otherwise).
    original_url: str = ""
    archived_url: str = ""

    @property
    def original_site(self) -> str:
        return urlsplit(self.original_url).hostname or ""


def split_citation(text: str) -> tuple[str, str]:
    """(short citation, provenance note): the text before its first note, and the note (with a data file's tag)."""
    text = " ".join(text.split())
    tag = ""
    if (found := _TAG.match(text)) and len(text) > found.end():
        tag, text = found[1], text[found.end() :]
    short, note = _split(text)
    return short, "; ".join(part for part in (note, tag) if part)


def _split(text: str) -> tuple[str, str]:
    closing = ""
    at = 0
    while at < len(text):
        char = text[at]
        if closing:
            # A quote closes at its closing mark; an apostrophe inside a word ("Lao PDR's") does not open one.
            if char == closing and (at + 1 == len(text) or not text[at + 1].isalnum()):
                closing = ""
        elif char in _QUOTES and (at == 0 or not text[at - 1].isalnum()):
            closing = _QUOTES[char]
        elif at >= _SHORTEST and text.startswith(" (", at):
            end = text.find(")", at)
            if end != -1 and _KEPT_IN_SHORT.fullmatch(text[at + 2 : end]):
                at = end
            else:
                return text[:at].rstrip(" ,;"), text[at:].strip()
        elif at >= _SHORTEST and text.startswith(": ", at) and at + 2 < len(text) and not text[at + 2].isupper():
            return text[:at].rstrip(" ,;"), text[at + 2 :].strip()
        at += 1
    return text, ""


class Cited(Protocol):
    citation: str
    url: str


def original_address(url: str) -> str:
    """The address a mirror's page copies, on the publisher's own site ("" when `url` is not on a known mirror)."""
    parts = urlsplit(url)
    site = MIRRORS.get((parts.hostname or "").lower())
    return urlunsplit(("https", site, parts.path, parts.query, "")) if site else ""


def archived_copies(url: str, day: date | None) -> str:
    """The Internet Archive's copies of `url`: the one nearest `day` when it is known, else the list of them all."""
    return f"{ARCHIVE}/{day.strftime('%Y%m%d') if day else '*'}/{url}"


def citation_of(source: Source | Cited) -> Citation:
    short, note = split_citation(source.citation)
    retrieved_on = getattr(source, "retrieved_on", None)
    original = original_address(source.url)
    archived = archived_copies(original, retrieved_on) if original else ""
    return Citation(short, note, source.url, retrieved_on, getattr(source, "primary", None), original, archived)


def notification_url(number: str) -> str:
    """The UN Treaty Collection's copy of a depositary notification, at the address its status pages link each
    notification to (https://treaties.un.org/doc/Publication/CN/2024/CN.347.2024-Eng.pdf); "" when `number` is
    not a C.N. number."""
    found = _NOTIFICATION.search(number)
    if found is None:
        return ""
    serial, year = found.groups()
    return f"https://treaties.un.org/doc/Publication/CN/{year}/CN.{serial}.{year}-Eng.pdf"
