"""Which language a member organisation is written to in."""

from __future__ import annotations

from collections.abc import Sequence

FALLBACK = "en"


def language_for(member_languages: Sequence[str], offered: Sequence[str], fallback: str = FALLBACK) -> str:
    """The member's first language (in its own order of preference) among those `offered`, else `fallback`."""
    for code in member_languages:
        if code in offered:
            return code
    return fallback
