"""Lookups shared by the site and the API, with the errors a user can meet."""

from __future__ import annotations

from datetime import date

from django.utils import timezone

from treatywatch.registry.importers.dates import DateProblem, parse_iso_date
from treatywatch.registry.models import State, Treaty


class NotFound(LookupError):
    pass


class BadParameter(ValueError):
    pass


def parse_as_of(raw: str | None) -> date:
    """The `as_of` parameter: a YYYY-MM-DD date, today when absent."""
    if raw is None or raw == "":
        return timezone.localdate()
    try:
        return parse_iso_date(raw)
    except DateProblem as error:
        raise BadParameter(f"as_of: {error}") from None


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
