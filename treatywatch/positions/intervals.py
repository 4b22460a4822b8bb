"""Change days of the answers that show a State's position (see `lib.intervals`): a finding shows from the
latest day its date can be, so each such day may change the answer."""

from __future__ import annotations

from datetime import date

from django.db.models import Q
from django.http import HttpRequest

from treatywatch.lib.dates import latest_as_of
from treatywatch.lib.intervals import ChangeDays
from treatywatch.positions.models import Finding, Topic
from treatywatch.registry.models import State
from treatywatch.registry.queries import get_state


def position_days(state: State) -> set[date]:
    """The days a fact about `state`, or a year's resolution vote, starts to show."""
    shown = Q(state=state) | Q(code=state.iso3) | Q(state__isnull=True, code="", topic=Topic.UNGA_VOTE)
    days = Finding.objects.filter(shown, on__isnull=False).values_list("on", flat=True)
    return {day for day in days if day is not None}


def of_state(request: HttpRequest, iso3: str) -> ChangeDays:
    """The API's statements, findings and votes of a State."""
    return ChangeDays(tuple(sorted(position_days(get_state(iso3)))), latest_as_of())
