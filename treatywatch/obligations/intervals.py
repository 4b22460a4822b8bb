"""The change days of each public URL that answers for a date (see `lib.intervals`), from its URL arguments."""

from __future__ import annotations

from django.http import HttpRequest

from treatywatch.lib.intervals import ChangeDays
from treatywatch.obligations.engine import change_days, state_change_days
from treatywatch.registry.queries import get_state, get_treaty
from treatywatch.registry.standings import change_days as status_change_days


def of_treaty_states(request: HttpRequest, slug: str) -> ChangeDays:
    """A treaty's page and States list: where each State stands."""
    return status_change_days(get_treaty(slug))


def of_treaty_deadlines(request: HttpRequest, slug: str) -> ChangeDays | None:
    """A treaty's deadlines. `within` keeps those within so many days of the day asked about: it moves daily."""
    return None if request.GET.get("within") else change_days(get_treaty(slug))


def of_state(request: HttpRequest, iso3: str) -> ChangeDays:
    """A State's page: where it stands under every treaty, and its deadlines."""
    return state_change_days(get_state(iso3))
