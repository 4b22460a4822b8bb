"""The activities a reader asks for, read through `with_private_part`: each one's public part for everyone, its
private part marked readable only for those who may read it, and filters that never match on a private part
the reader may not read."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import F, Q, QuerySet
from django.db.models.functions import Coalesce

from treatywatch.lib.dates import DateProblem, parse_iso_date
from treatywatch.lib.errors import BadParameter
from treatywatch.lib.lookups import InReadFirst
from treatywatch.organisations.models import Organisation
from treatywatch.organisations.visibility import Reader
from treatywatch.outreach.models import Activity, ActivityKind
from treatywatch.registry.countries import region_names
from treatywatch.registry.models import State, Treaty
from treatywatch.registry.queries import treaty_parameter


@dataclass(frozen=True)
class ActivityFilters:
    treaty: Treaty | None = None
    states: QuerySet[State] | None = None  # organised by one of them, or approaching one where readable
    kind: str | None = None
    organising_state: State | None = None
    organising_organisation: Organisation | None = None
    start: date | None = None
    end: date | None = None
    text: str | None = None  # in the title, the public summary or the place


# Longer text is no search anyone types: refused rather than sent to the database.
TEXT_MAX_LENGTH = 200


def _state(iso3: str) -> State:
    state = State.objects.filter(iso3=iso3.upper()).first()
    if state is None:
        raise BadParameter(f"state: {iso3!r} is not the ISO 3166 alpha-3 code of a State in the register")
    return state


def _day(name: str, raw: str) -> date:
    try:
        return parse_iso_date(raw)
    except DateProblem as error:
        raise BadParameter(f"{name}: {error}") from None


def parse_activity_filters(
    *,
    treaty: str | None = None,
    state: str | None = None,
    region: str | None = None,
    kind: str | None = None,
    organiser: str | None = None,
    start: str | None = None,
    end: str | None = None,
    text: str | None = None,
) -> ActivityFilters:
    """The filters of a request, each refused with a message naming the parameter when it means nothing (an
    empty one too: the API declares what each takes, and leaving a filter out is how to not filter)."""
    if state is not None and region is not None:
        raise BadParameter("state, region: give one or the other")
    if region is not None and region not in region_names():
        raise BadParameter(f"region: {region!r} is not one of {', '.join(region_names())}")
    if text is not None and not (0 < len(text.strip()) <= TEXT_MAX_LENGTH):
        raise BadParameter(f"q: give between 1 and {TEXT_MAX_LENGTH} characters to search for")
    if kind is not None and kind not in ActivityKind.values:
        raise BadParameter(f"kind: {kind!r} is not one of {', '.join(ActivityKind.values)}")
    states = None
    if state is not None:
        states = State.objects.filter(pk=_state(state).pk)
    elif region is not None:
        states = State.objects.filter(region=region)
    organising_state = organising_organisation = None
    if organiser is not None:
        organising_state = State.objects.filter(iso3=organiser).first()
        organising_organisation = None if organising_state else Organisation.objects.filter(slug=organiser).first()
        if organising_state is None and organising_organisation is None:
            raise BadParameter(
                f"organiser: {organiser!r} is neither a State's ISO 3166 alpha-3 code (upper case) "
                "nor the short name of an organisation"
            )
    filters = ActivityFilters(
        treaty=treaty_parameter(treaty) if treaty is not None else None,
        states=states,
        kind=kind,
        organising_state=organising_state,
        organising_organisation=organising_organisation,
        start=_day("from", start) if start is not None else None,
        end=_day("to", end) if end is not None else None,
        text=text.strip() if text is not None else None,
    )
    if filters.start and filters.end and filters.end < filters.start:
        raise BadParameter(f"from, to: {filters.end} comes before {filters.start}")
    return filters


_ORGANISING_STATES = Activity.organising_states.through
_ORGANISING_ORGANISATIONS = Activity.organising_organisations.through
_TARGET_STATES = Activity.target_states.through


def linked_by(links: QuerySet[Any]) -> InReadFirst:
    """The activities `links` (rows of a link table, as their `activity_id`) name, read from the links first:
    one State's few links, then their activities by id, for every reader alike, rather than the activities
    latest first, each looked up in the links (see treatywatch/lib/lookups.py). For a condition of its own
    only: under an OR, or for a region's thousands of links, PostgreSQL checks every activity against the
    whole list (a region's search took 11 s instead of 80 ms), and `pk__in` is the form to use."""
    return InReadFirst(F("pk"), links)


def activities_for(reader: Reader, filters: ActivityFilters) -> QuerySet[Activity]:
    """Every activity matching `filters`, each marked `private_part_visible` for `reader`, with what its answer
    shows fetched in a few queries."""
    found = Activity.objects.with_private_part(reader)
    if filters.treaty is not None:
        found = found.filter(treaty=filters.treaty)
    if filters.kind is not None:
        found = found.filter(kind=filters.kind)
    if filters.states is not None:
        organised = _ORGANISING_STATES.objects.filter(state__in=filters.states).values("activity_id")
        approached = _TARGET_STATES.objects.filter(state__in=filters.states).values("activity_id")
        found = found.filter(Q(pk__in=organised) | Q(pk__in=approached, private_part_visible=True))
    if filters.organising_state is not None:
        found = found.filter(
            pk__in=_ORGANISING_STATES.objects.filter(state=filters.organising_state).values("activity_id")
        )
    if filters.organising_organisation is not None:
        by = _ORGANISING_ORGANISATIONS.objects.filter(organisation=filters.organising_organisation)
        found = found.filter(pk__in=by.values("activity_id"))
    if filters.start is not None:
        found = found.annotate(last_day=Coalesce(F("ends_on"), F("date"))).filter(last_day__gte=filters.start)
    if filters.end is not None:
        found = found.filter(date__lte=filters.end)
    if filters.text is not None:
        words = filters.text
        found = found.filter(Q(title__icontains=words) | Q(summary__icontains=words) | Q(place__icontains=words))
    return found.select_related("treaty", "source").prefetch_related(
        "organising_states", "organising_organisations", "target_states", "attending_states"
    )
