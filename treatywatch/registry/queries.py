"""Lookups shared by the site and the API: an unknown treaty or State in an address is a `NotFound`, in a
filter a `BadParameter`, each saying so."""

from __future__ import annotations

from treatywatch.lib.errors import BadParameter, NotFound
from treatywatch.registry.models import State, Treaty


def get_treaty(slug: str) -> Treaty:
    treaty = Treaty.objects.filter(slug=slug).first()
    if treaty is None:
        known = ", ".join(Treaty.objects.values_list("slug", flat=True)) or "none yet"
        raise NotFound(f"No treaty {slug!r} in the register (known: {known}).")
    return treaty


def treaty_parameter(slug: str) -> Treaty:
    """The treaty a `treaty` filter names; another value is a bad parameter (a 400), not a missing page."""
    treaty = Treaty.objects.filter(slug=slug).first()
    if treaty is None:
        known = ", ".join(Treaty.objects.values_list("slug", flat=True))
        raise BadParameter(f"treaty: {slug!r} is not a treaty in the register (known: {known})")
    return treaty


def get_state(iso3: str) -> State:
    state = State.objects.filter(iso3=iso3.upper()).first()
    if state is None:
        raise NotFound(f"No State with ISO 3166 alpha-3 code {iso3!r}.")
    return state
