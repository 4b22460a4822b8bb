"""A State's engagement as its page shows it: each activity in words, in the reader's language."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from treatywatch.lib.dates import date_words
from treatywatch.lib.fields import Output, OutputField, read_through
from treatywatch.outreach.engagement import Engagement, FollowedBy
from treatywatch.outreach.models import Activity
from treatywatch.registry.presenters import STATE_FIELDS


@dataclass(frozen=True)
class EngagementRow:
    activity: Activity
    when: str
    roles: str
    followed_by: str
    closed: bool


def _role(role: str) -> str:
    return {"organised": _("organised it"), "approached": _("approached"), "attended": _("attended")}[role]


def _step(step: FollowedBy) -> str:
    months = step.months_after
    if step.step == "signed":
        text = ngettext("signed %(months)d month later", "signed %(months)d months later", months)
    elif step.step == "deposited":
        text = ngettext(
            "deposited its instrument %(months)d month later",
            "deposited its instrument %(months)d months later",
            months,
        )
    else:
        text = ngettext("in force for it %(months)d month later", "in force for it %(months)d months later", months)
    return f"{text % {'months': months}} ({date_words(step.day)})"


def engagement_rows(found: list[Engagement]) -> list[EngagementRow]:
    return [
        EngagementRow(
            item.activity,
            _when(item),
            ", ".join(_role(r) for r in item.roles),
            "; ".join(_step(s) for s in item.followed_by),
            item.closed,
        )
        for item in found
    ]


def _when(item: Engagement) -> str:
    first = date_words(item.when)
    last = item.activity.ends_on
    return _("%(first)s to %(last)s") % {"first": first, "last": date_words(last)} if last else first


def _activity_date(activity: Activity | None) -> date | None:
    return activity.date if activity else None


def _activity_title(activity: Activity | None) -> str | None:
    return activity.title if activity else None


# A treaty's universalization board: the page's table, the downloads (and the API) from this one list.
BOARD_ROW = Output(
    "UniversalizationBoardRow",
    (
        *read_through(STATE_FIELDS, lambda item: item.row),
        OutputField("status", str, lambda item: item.row.standing.status.value, label=gettext_lazy("Status")),
        OutputField("stage", str, lambda item: item.stage.value, label=gettext_lazy("Stage")),
        OutputField(
            "last_activity_on", date | None, lambda item: _activity_date(item.last), label=gettext_lazy("Last activity")
        ),
        OutputField("last_activity", str | None, lambda item: _activity_title(item.last)),
        OutputField(
            "next_activity_on", date | None, lambda item: _activity_date(item.next), label=gettext_lazy("Next activity")
        ),
        OutputField("next_activity", str | None, lambda item: _activity_title(item.next)),
    ),
    doc="A State not bound by the treaty on the day: its stage of engagement and its last and next activity.",
)
