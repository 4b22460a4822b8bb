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


def _involving(state: State, user: Reader, day: date) -> list[Activity]:
    """The activities up to `day` that `state` organised, was approached by or attended (whether the reader
    sees it in them is decided per activity by `state_engagement`): found from the State's few links first."""
    ids: set[int] = set()
    for relation in (Activity.organising_states, Activity.target_states, Activity.attending_states):
        ids.update(relation.through.objects.filter(state=state).values_list("activity_id", flat=True))
    found = (
        Activity.objects.with_private_part(user)
        .filter(pk__in=ids, date__lte=day)
        .select_related("treaty", "source")
        .prefetch_related("organising_states", "organising_organisations", "target_states", "attending_states")
    )
    return list(found)


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
) -> list[Engagement]:
    """The activities involving `state` up to `day` that `user` may see it in, newest first; `standings` gives
    the State's standing on `day` under each treaty (what followed an approach is read from it)."""
    found = []
    for activity in _involving(state, user, day):
        private = activity.private_part_visible  # type: ignore[attr-defined]
        roles = ["organised"] if state in activity.organising_states.all() else []
        if private and state in activity.target_states.all():
            roles.append("approached")
        if private and state in activity.attending_states.all():
            roles.append("attended")
        if not roles:
            continue  # only approached or attending, in a private part the reader may not read
        approached = bool({"approached", "attended"} & set(roles))
        followed = _followed_by(activity, standings.get(activity.treaty), day) if approached else ()
        found.append(Engagement(activity, tuple(roles), activity.visibility != Visibility.PUBLIC, followed))
    return found
