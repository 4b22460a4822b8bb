"""Names in the order a reader of the page's language expects: "Égypte" among the E's, before "Zimbabwe".

Every list of names is sorted with `collation_key`: the Unicode Collation Algorithm (pyuca, with the default
table DUCET), which orders accented letters with their base letter in English, French and Spanish alike, instead
of after "Z" as code points would."""

from __future__ import annotations

from functools import cache, lru_cache

from pyuca import Collator


@cache
def _collator() -> Collator:
    return Collator()  # reads its table once per process


@lru_cache(maxsize=8192)
def collation_key(text: str) -> tuple[int, ...]:
    key: tuple[int, ...] = _collator().sort_key(text)
    return key
