"""The milestones endpoint: anniversaries of the treaties' dates and of each State's signature, deposit and entry
into force, in a window (`from`, `to`), as the record stood on `as_of`. Registered on the API of `api.py`."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_noop
from ninja import Field, Query, Schema
from ninja.decorators import decorate_view
from pydantic import create_model

from treatywatch.api.api import AsOf, DateText, answer, api
from treatywatch.api.schemas import Error
from treatywatch.lib.caching import cached_response
from treatywatch.lib.dates import day_iso, request_day
from treatywatch.lib.errors import BadParameter
from treatywatch.lib.fields import schema
from treatywatch.registry.milestones import MILESTONE, ROUND_VALUES, filtered_milestones, parse_milestone_filters

MilestoneOut = schema(MILESTONE)


class MilestoneQuery(AsOf):
    # `from` is a Python keyword: the field is `start`, the parameter `from`.
    start: DateText = Field(
        None,
        alias="from",
        description="The window's first day (YYYY-MM-DD); `as_of` when absent.",
        examples=["2017-02-20"],
    )
    end: DateText = Field(
        None,
        alias="to",
        description="The window's last day (YYYY-MM-DD); twelve months after `from` (less a day) when absent. "
        "At most 5 years after `from`.",
        examples=["2017-02-24"],
    )
    treaty: str | None = Field(None, description="Only this treaty (its slug).", examples=["ccm"])
    state: str | None = Field(
        None, description="Only this State's milestones (ISO 3166 alpha-3); leaves out the treaties' own dates."
    )
    round: str | None = Field(
        None, description="true: only round anniversaries (the first and every fifth year).", examples=["true"]
    )


# Built, as `from` cannot be a field's name in a class body.
_MILESTONES_FIELDS: dict[str, Any] = {
    "as_of": (str, Field(..., description=gettext_noop("The day the record is read as of (YYYY-MM-DD)."))),
    "from": (str, Field(..., description=gettext_noop("The window's first day."))),
    "to": (str, Field(..., description=gettext_noop("The window's last day."))),
    "treaty": (
        str | None,
        Field(..., description=gettext_noop("The treaty filter given (its code), or null for every treaty.")),
    ),
    "state": (str | None, Field(..., description=gettext_noop("The State filter given (ISO 3166 alpha-3), or null."))),
    "round": (bool, Field(..., description=gettext_noop("Whether only round anniversaries were asked for."))),
    "count": (int, Field(..., description=gettext_noop("How many milestones fall in the window."))),
    "milestones": (
        list[MilestoneOut],  # type: ignore[valid-type]
        Field(..., description=gettext_noop("Each anniversary in the window, in date order.")),
    ),
}
Milestones = create_model("Milestones", __base__=Schema, **_MILESTONES_FIELDS)


def _given(value: str | None, name: str) -> str | None:
    """A parameter the schema declares as given: present but empty is refused, as `as_of` is."""
    if value is not None and not value.strip():
        raise BadParameter(f"{name}: empty; give a value, or leave the parameter out")
    return value


@api.get(
    "/milestones",
    response={200: Milestones, 400: Error},
    url_name="milestones",
    summary="Anniversaries of the treaties' dates and of each State's signature, deposit and entry into force",
    description=(
        "Each milestone in the window [`from`, `to`], soonest first, with the years since the event, whether it is a "
        "round anniversary (the first or a multiple of five), the event and its source. Dates keep the precision of "
        "the event (`date_precision`); an event of 29 February has its anniversary on 28 February in other years. "
        "The record is read as it stood on `as_of`: facts dated after it do not count. A State whose withdrawal "
        "has taken effect has no milestones under that treaty. A window that ends before it starts, longer than "
        f"5 years, or with a day outside the days `as_of` may name, is a 400. `round` takes {', '.join(ROUND_VALUES)}."
    ),
)
@decorate_view(cached_response)
def list_milestones(request: HttpRequest, filters: Query[MilestoneQuery]) -> HttpResponse:
    day = request_day(request, filters.as_of, empty_is_today=False)
    chosen = parse_milestone_filters(
        day,
        start=_given(filters.start, "from"),
        end=_given(filters.end, "to"),
        treaty=_given(filters.treaty, "treaty"),
        state=_given(filters.state, "state"),
        round_only=_given(filters.round, "round"),
    )
    rows = filtered_milestones(chosen, day)
    return answer(
        request,
        {
            "as_of": day_iso(request, day),
            **chosen.as_meta(),
            "count": len(rows),
            "milestones": [MILESTONE.answer(row) for row in rows],
        },
    )
