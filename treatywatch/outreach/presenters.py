"""A State's engagement as its page shows it: each activity in words, in the reader's language."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from treatywatch.lib.dates import date_words
from treatywatch.outreach.engagement import Engagement, FollowedBy
from treatywatch.outreach.models import Activity


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
