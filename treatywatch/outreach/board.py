"""A treaty's universalization board: every State not yet bound by it, by stage, with its last and next
activity, as of any date.

The stage is derived: a State that has not signed (or has withdrawn) is "engaged" once an activity the
reader may see approached it or had it attend, "not engaged" before; a signatory is "signed"; a State
whose instrument is deposited but for which the treaty is not yet in force is "deposited". Whom an
activity approached is its private part: the board a reader sees is built through
`with_private_part(reader)`, so it never shows an approach the reader may not read.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db import models
from django.utils.translation import gettext_lazy as _

from treatywatch.core.status import Status
from treatywatch.organisations.visibility import Reader
from treatywatch.outreach.models import Activity
from treatywatch.registry.models import Treaty
from treatywatch.registry.standings import StateRow, treaty_view


class Stage(models.TextChoices):
    NOT_ENGAGED = "not_engaged", _("not engaged")
    ENGAGED = "engaged", _("engaged")
    SIGNED = "signed", _("signed")
    DEPOSITED = "deposited", _("deposited, not yet in force")


@dataclass(frozen=True)
class BoardRow:
    row: StateRow
    stage: Stage
    last: Activity | None  # the latest activity on or before the day that approached the State or it attended
    next: Activity | None  # the first one planned after the day

    @property
    def state(self) -> object:
        return self.row.state


def _stage(row: StateRow, engaged: bool) -> Stage | None:
    standing = row.standing
    if standing.status in (Status.NOT_SIGNED, Status.WITHDRAWN):
        return Stage.ENGAGED if engaged else Stage.NOT_ENGAGED
    if standing.status is Status.SIGNATORY:
        return Stage.SIGNED
    if standing.deposited_on is not None and not standing.in_force:
        return Stage.DEPOSITED
    return None  # bound by the treaty: off the board


def _involvements(treaty: Treaty, reader: Reader) -> dict[int, list[Activity]]:
    """Per State (its id), the activities the reader may see it approached by or attending, by date."""
    found: dict[int, list[Activity]] = {}
    readable = Activity.objects.with_private_part(reader).filter(treaty=treaty, private_part_visible=True)
    for activity in readable.order_by("date", "pk").prefetch_related("target_states", "attending_states"):
        states = {s.pk for s in activity.target_states.all()} | {s.pk for s in activity.attending_states.all()}
        for pk in states:
            found.setdefault(pk, []).append(activity)
    return found


def board(treaty: Treaty, day: date, reader: Reader) -> list[BoardRow]:
    """Every State not bound by `treaty` on `day`, with its stage and its last and next activity."""
    involvements = _involvements(treaty, reader)
    rows = []
    for row in treaty_view(treaty, day).rows:
        activities = involvements.get(row.state.pk, [])
        last = next((a for a in reversed(activities) if a.date <= day), None)
        upcoming = next((a for a in activities if a.date > day), None)
        stage = _stage(row, last is not None)
        if stage is not None:
            rows.append(BoardRow(row, stage, last, upcoming))
    return rows
