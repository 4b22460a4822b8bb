"""Lookups shared by the site and the API: an unknown treaty or State is a `NotFound` that says so."""

from __future__ import annotations

from treatywatch.lib.errors import NotFound
from treatywatch.registry.models import State, Treaty


def get_treaty(slug: str) -> Treaty:
    treaty = Treaty.objects.filter(slug=slug).first()
    if treaty is None:
        known = ", ".join(Treaty.objects.values_list("slug", flat=True)) or "none yet"
        raise NotFound(f"No treaty {slug!r} in the register (known: {known}).")
    return treaty


def get_state(iso3: str) -> State:
    state = State.objects.filter(iso3=iso3.upper()).first()
    if state is None:
        raise NotFound(f"No State with ISO 3166 alpha-3 code {iso3!r}.")
    return state
