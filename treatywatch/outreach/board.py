"""A treaty's universalization board: every State not yet bound by it, by stage, with its last and next
activity, as of any date.

The stage is derived: a State that has not signed (or has withdrawn) is "engaged" once an activity the
reader may see approached it or had it attend, "not engaged" before; a signatory is "signed"; a State
that is not bound, whose instrument is not deposited and that has taken a published domestic approval
step towards being bound since it last moved away from the treaty (see `counts_towards`) is "approval in
progress"; a State whose instrument is deposited but for which the treaty is not yet in force is
"deposited". Whom an activity approached is its private part: the board a reader sees is built through
`with_private_part(reader)`, so it never shows an approach the reader may not read. Approval steps are
public.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import models
from django.db.models import F, Max, Min, Q, QuerySet
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from treatywatch.core.approximate import ApproximateDate
from treatywatch.core.status import Standing, Status
from treatywatch.lib.errors import BadParameter
from treatywatch.organisations.visibility import Reader
from treatywatch.outreach.models import Activity, ApprovalStep
from treatywatch.registry.countries import region_names
from treatywatch.registry.models import Treaty
from treatywatch.registry.standings import StateRow, treaty_view


class Stage(models.TextChoices):
    NOT_ENGAGED = "not_engaged", _("not engaged")
    ENGAGED = "engaged", _("engaged")
    SIGNED = "signed", _("signed")
    APPROVAL_IN_PROGRESS = "approval_in_progress", _("approval in progress")
    DEPOSITED = "deposited", _("deposited, not yet in force")


@dataclass(frozen=True)
class BoardRow:
    row: StateRow
    stage: Stage
    last: Activity | None  # the latest activity on or before the day that approached the State or it attended
    next: Activity | None  # the first one planned after the day
    last_step: ApprovalStep | None = None  # the latest approval step that counts on the day (see `counts_towards`)

    @property
    def state(self) -> object:
        return self.row.state


def counts_towards(standing: Standing, step: ApproximateDate, day: date) -> bool:
    """Whether a domestic approval step shows the State on its way to being bound on `day`.

    A step counts from the latest day its date can be (a step "in 2024" counts from 31 December 2024), and
    only when it certainly comes after the State last moved away from the treaty: for a signatory, after its
    signature (a step dated only to the signature's month or year may be the approval to sign, and a step
    "on or before" a day may come before it); for a State that withdrew, after its withdrawal took effect (the
    steps before led to the instrument it withdrew, or to the withdrawal itself). For a State that never
    signed, every step counts: the register refuses a step certainly before the treaty was adopted."""
    if step.day > day:
        return False
    since = standing.withdrawal_effective_on if standing.status is Status.WITHDRAWN else standing.signed_on
    return since is None or step.earliest > since


def stage_of(standing: Standing, engaged: bool, steps: Iterable[ApproximateDate], day: date) -> Stage | None:
    """The State's stage on `day` from where it stands, whether an activity engaged it and its approval
    steps; None when it is bound by the treaty (off the board)."""
    if standing.status in (Status.NOT_SIGNED, Status.WITHDRAWN, Status.SIGNATORY):
        if any(counts_towards(standing, step, day) for step in steps):
            return Stage.APPROVAL_IN_PROGRESS
        if standing.status is Status.SIGNATORY:
            return Stage.SIGNED
        return Stage.ENGAGED if engaged else Stage.NOT_ENGAGED
    if standing.deposited_on is not None and not standing.in_force:
        return Stage.DEPOSITED
    return None  # bound by the treaty: off the board


def _steps(treaty: Treaty, day: date) -> dict[int, list[ApprovalStep]]:
    """Per State (its id), its published approval steps whose latest possible day is on or before `day`,
    oldest first: one query."""
    found: dict[int, list[ApprovalStep]] = {}
    steps = ApprovalStep.objects.published().filter(treaty=treaty, date__lte=day).select_related("source")
    for step in steps.order_by("date", "pk"):
        found.setdefault(step.state_id, []).append(step)
    return found


def readable_activities(treaty: Treaty, reader: Reader) -> QuerySet[Activity]:
    return Activity.objects.with_private_part(reader).filter(treaty=treaty, private_part_visible=True)


def last_and_next_days(readable: QuerySet[Activity], relation: str, day: date) -> QuerySet[Activity, dict[str, Any]]:
    """Per State (`state_id`) that `relation` links to, the day of the `last` activity on or before `day` and of
    the first `upcoming` after it. Grouped from the activities' side: they are read once, joined to their States
    (grouping the links of the readable activities read the activities twice, and took twice as long)."""
    return (
        readable.filter(**{f"{relation}__isnull": False})
        .values(state_id=F(relation))
        .annotate(last=Max("date", filter=Q(date__lte=day)), upcoming=Min("date", filter=Q(date__gt=day)))
        .order_by()
    )


def _last_and_next(treaty: Treaty, day: date, reader: Reader) -> dict[int, tuple[Activity | None, Activity | None]]:
    """Per State (its id), the latest activity on or before `day` and the first after it that approached it or
    that it attended, among those whose private part the reader may read: two grouped queries and one for
    the activities found, whatever the number of activities."""
    readable = readable_activities(treaty, reader)
    pairs: dict[int, list[date | None]] = {}
    for relation in ("target_states", "attending_states"):
        for found in last_and_next_days(readable, relation, day):
            last, upcoming = pairs.setdefault(found["state_id"], [None, None])
            pairs[found["state_id"]] = [_latest(last, found["last"]), _earliest(upcoming, found["upcoming"])]
    wanted = {(pk, d) for pk, days in pairs.items() for d in days if d is not None}
    # Per State and day wanted, the first activity (by id) of that day that approached it or that it attended.
    # Only the (State, day, first id) groups of those days are read, then those activities: reading every activity
    # of those days with all their States took longer than the grouped queries.
    first: dict[tuple[int, date], int] = {}
    for relation in ("target_states", "attending_states"):
        on_those_days = readable.filter(date__in={d for _pk, d in wanted}, **{f"{relation}__isnull": False})
        grouped = on_those_days.values_list(relation, "date").annotate(first=Min("pk")).order_by()
        for state_id, day_of, pk in grouped:
            if (state_id, day_of) in wanted:
                first[(state_id, day_of)] = min(pk, first.get((state_id, day_of), pk))
    chosen = readable.in_bulk(set(first.values()))
    by_state_and_day = {key: chosen[pk] for key, pk in first.items()}
    return {
        pk: (
            by_state_and_day.get((pk, last)) if last else None,
            by_state_and_day.get((pk, upcoming)) if upcoming else None,
        )
        for pk, (last, upcoming) in pairs.items()
    }


def _latest(a: date | None, b: date | None) -> date | None:
    return max((d for d in (a, b) if d is not None), default=None)


def _earliest(a: date | None, b: date | None) -> date | None:
    return min((d for d in (a, b) if d is not None), default=None)


def board(treaty: Treaty, day: date, reader: Reader) -> list[BoardRow]:
    """Every State not bound by `treaty` on `day`, with its stage and its last and next activity."""
    found = _last_and_next(treaty, day, reader)
    steps = _steps(treaty, day)
    rows = []
    for row in treaty_view(treaty, day).rows:
        last, upcoming = found.get(row.state.pk, (None, None))
        counted = [s for s in steps.get(row.state.pk, []) if counts_towards(row.standing, s.when, day)]
        stage = stage_of(row.standing, last is not None, [s.when for s in counted], day)
        if stage is not None:
            last_step = counted[-1] if stage is Stage.APPROVAL_IN_PROGRESS else None
            rows.append(BoardRow(row, stage, last, upcoming, last_step))
    return rows


def filtered_board(treaty: Treaty, day: date, reader: Reader, stage: str | None, region: str | None) -> list[BoardRow]:
    """The board, kept to one stage and one region when given, by stage then by the State's name; an unknown
    stage or region is refused with what is wrong (the page's 400, the API's `detail`)."""
    if stage and stage not in Stage.values:
        raise BadParameter(gettext("stage: %(value)r is not a stage we know") % {"value": stage})
    if region and region not in region_names():
        raise BadParameter(gettext("region: %(value)r is not a UN M49 region") % {"value": region})
    rows = [
        r
        for r in board(treaty, day, reader)
        if (not stage or r.stage == stage) and (not region or r.row.state.region == region)
    ]
    rows.sort(key=lambda r: (list(Stage).index(r.stage), r.row.state.sort_key))
    return rows
