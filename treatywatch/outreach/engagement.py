"""A State's engagement: the activities it organised, or that approached it or that it attended, and what the
register shows afterwards ("deposited 14 months after the Kampala seminar").

Read through `with_private_part(user)`: who approached a State and who attended a closed meeting is its
private part, shown only to those who may read it; that a State organised an activity is public.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from treatywatch.core.approximate import ApproximateDate
from treatywatch.core.dates import whole_months_between
from treatywatch.core.status import Standing
from treatywatch.organisations.visibility import Reader, Visibility
from treatywatch.outreach.models import Activity
from treatywatch.registry.models import State, Treaty


@dataclass(frozen=True)
class FollowedBy:
    """A step of the State's record after the activity: signature, deposit or entry into force."""

    step: str  # "signed", "deposited", "in_force"
    day: date
    months_after: int


@dataclass(frozen=True)
class Engagement:
    activity: Activity
    roles: tuple[str, ...]  # "organised", "approached", "attended"
    closed: bool  # its private part is shown only to permitted organisations
    followed_by: tuple[FollowedBy, ...]

    @property
    def when(self) -> ApproximateDate:
        return self.activity.when


# A State's page lists its latest activities; the API's `?state=` lists every one.
SHOWN_ON_THE_PAGE = 50


@dataclass(frozen=True)
class StateEngagement:
    latest: list[Engagement]  # the newest first, at most `SHOWN_ON_THE_PAGE`
    total: int  # how many the reader may see the State in, up to the day


def _roles(state: State, user: Reader, day: date) -> dict[int, tuple[str, ...]]:
    """Per activity up to `day` that the reader may see `state` in, what the State did in it; read from the
    State's own links first (a few per State), then one query for the activities' dates and visibility."""
    links = {
        role: set(relation.through.objects.filter(state=state).values_list("activity_id", flat=True))
        for role, relation in (
            ("organised", Activity.organising_states),
            ("approached", Activity.target_states),
            ("attended", Activity.attending_states),
        )
    }
    linked = set().union(*links.values())
    readable = Activity.objects.with_private_part(user).filter(pk__in=linked, date__lte=day)
    found = {}
    for pk, private in readable.values_list("pk", "private_part_visible"):
        # Whom an activity approached and who attended is its private part; who organised it is public.
        roles = tuple(role for role, ids in links.items() if pk in ids and (private or role == "organised"))
        if roles:
            found[pk] = roles
    return found


def _followed_by(activity: Activity, standing: Standing | None, day: date) -> tuple[FollowedBy, ...]:
    if standing is None:
        return ()
    after = activity.ends_on or activity.date
    steps = (
        ("signed", standing.signed_on),
        ("deposited", standing.deposited_on),
        ("in_force", standing.entry_into_force_on),
    )
    return tuple(
        FollowedBy(step, on, whole_months_between(after, on)) for step, on in steps if on and after < on <= day
    )


def state_engagement(
    state: State, user: Reader, day: date, standings: Mapping[Treaty, Standing | None]
) -> StateEngagement:
    """The activities involving `state` up to `day` that `user` may see it in, the newest first; `standings`
    gives the State's standing on `day` under each treaty (what followed an approach is read from it)."""
    roles = _roles(state, user, day)
    latest = (
        Activity.objects.filter(pk__in=roles)
        .order_by("-date", "pk")
        .select_related("treaty", "source")[:SHOWN_ON_THE_PAGE]
    )
    found = []
    for activity in latest:
        did = roles[activity.pk]
        approached = did != ("organised",)
        followed = _followed_by(activity, standings.get(activity.treaty), day) if approached else ()
        found.append(Engagement(activity, did, activity.visibility != Visibility.PUBLIC, followed))
    return StateEngagement(found, len(roles))
