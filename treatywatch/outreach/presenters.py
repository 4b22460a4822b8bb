"""What activities show, each output listed once (see `treatywatch.lib.fields`): an activity's fields (its
public part, then its private part, answered only for an activity marked `private_part_visible` and null
otherwise), a State's engagement in words for its page, and the rows of a treaty's universalization board."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop, ngettext

from treatywatch.lib.dates import date_words
from treatywatch.lib.fields import Output, OutputField, read_through
from treatywatch.organisations.visibility import Visibility
from treatywatch.outreach.engagement import Engagement, FollowedBy
from treatywatch.outreach.models import Activity, ApprovalStep
from treatywatch.registry.models import State, Treaty
from treatywatch.registry.presenters import SOURCE, STATE_FIELDS


def _private(value: Callable[[Any], Any]) -> Callable[[Any], Any]:
    return lambda activity: value(activity) if activity.private_part_visible else None


def _codes(relation: str) -> Callable[[Any], list[str]]:
    return lambda activity: sorted(state.iso3 for state in getattr(activity, relation).all())


ACTIVITY = Output(
    "ActivityOut",
    (
        OutputField(
            "id", int, lambda activity: activity.pk, description=gettext_noop("The activity's number in the register.")
        ),
        OutputField("treaty", str, lambda activity: activity.treaty.slug, gettext_noop("The treaty's slug.")),
        OutputField(
            "kind",
            str,
            lambda activity: activity.kind,
            label=gettext_lazy("Kind"),
            description=gettext_noop(
                "meeting, seminar, workshop, presentation, concept_note, demarche, letter or visit."
            ),
        ),
        OutputField(
            "title",
            str,
            lambda activity: activity.title,
            label=gettext_lazy("Activity"),
            description=gettext_noop("The activity's title."),
        ),
        OutputField(
            "summary",
            str,
            lambda activity: activity.summary,
            description=gettext_noop("The activity's public summary."),
        ),
        OutputField(
            "date",
            date,
            lambda activity: activity.date,
            gettext_noop("The first day; a rough date is its latest day."),
            label=gettext_lazy("Date"),
        ),
        OutputField(
            "date_precision", str, lambda activity: activity.date_precision, gettext_noop("day, month or year.")
        ),
        OutputField(
            "ends_on",
            date | None,
            lambda activity: activity.ends_on,
            description=gettext_noop("The last day, for an activity over several days."),
        ),
        OutputField(
            "place",
            str,
            lambda activity: activity.place,
            label=gettext_lazy("Place"),
            description=gettext_noop("Where the activity took place."),
        ),
        # The page's column shows the organising States and organisations together.
        OutputField(
            "organising_states",
            list[str],
            _codes("organising_states"),
            gettext_noop("ISO 3166 alpha-3 codes."),
            label=gettext_lazy("Organisers"),
        ),
        OutputField(
            "organising_organisations",
            list[str],
            lambda activity: sorted(o.slug for o in activity.organising_organisations.all()),
            gettext_noop("The organisations' short names."),
        ),
        OutputField(
            "source",
            SOURCE,
            lambda activity: activity.source,
            cell=lambda activity: activity.source.citation,
            column="source_citation",
            label=gettext_lazy("Source"),
            description=gettext_noop("The source of the activity."),
        ),
        # The download's second cell of the source.
        OutputField(
            "source_url",
            str | None,
            lambda activity: activity.source.url or None,
            in_api=False,
            description=gettext_noop("The source's address, if it has one."),
        ),
        OutputField(
            "private_part_withheld",
            bool,
            lambda activity: not activity.private_part_visible,
            gettext_noop("True when the reader may not read the private part below, which is then null."),
        ),
        OutputField(
            "target_states",
            list[str] | None,
            _private(_codes("target_states")),
            gettext_noop(
                "The States approached. "
                "Withheld: only the organisation that recorded the activity, and those it shares it with, read it."
            ),
            label=gettext_lazy("States approached"),
        ),
        OutputField(
            "attending_states",
            list[str] | None,
            _private(_codes("attending_states")),
            gettext_noop(
                "The States that attended. "
                "Withheld: only the organisation that recorded the activity, and those it shares it with, read it."
            ),
            label=gettext_lazy("States that attended"),
        ),
        OutputField(
            "participants",
            str | None,
            _private(lambda activity: activity.participants),
            gettext_noop(
                "Others. "
                "Withheld: only the organisation that recorded the activity, and those it shares it with, read it."
            ),
        ),
        OutputField(
            "notes",
            str | None,
            _private(lambda activity: activity.notes),
            gettext_noop(
                "Outcome notes. "
                "Withheld: only the organisation that recorded the activity, and those it shares it with, read it."
            ),
            label=gettext_lazy("Outcome notes"),
        ),
    ),
    doc="A universalization activity: its public part, and its private part where the reader may read it.",
)


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
    return activity_dates(item.activity)


def activity_dates(activity: Activity) -> str:
    """When the activity took place in words, as exactly as its source gives the first day."""
    first = date_words(activity.when)
    last = activity.ends_on
    return _("%(first)s to %(last)s") % {"first": first, "last": date_words(last)} if last else first


@dataclass(frozen=True)
class ActivityRow:
    """A line of the activities page."""

    activity: Activity
    when: str
    closed: bool  # its private part is kept for the organisations that may read it
    private_part_visible: bool  # to the reader (`with_private_part`)


def activity_rows(activities: Iterable[Activity]) -> list[ActivityRow]:
    return [
        ActivityRow(a, activity_dates(a), a.visibility != Visibility.PUBLIC, getattr(a, "private_part_visible", False))
        for a in activities
    ]


def _activity_date(activity: Activity | None) -> date | None:
    return activity.date if activity else None


def _activity_title(activity: Activity | None) -> str | None:
    return activity.title if activity else None


# A treaty's universalization board: the page's table, the downloads (and the API) from this one list.
BOARD_ROW = Output(
    "UniversalizationBoardRow",
    (
        *read_through(STATE_FIELDS, lambda item: item.row),
        OutputField(
            "status",
            str,
            lambda item: item.row.standing.status.value,
            gettext_noop("not_signed, signatory, withdrawal_pending or withdrawn, on the day asked about."),
            label=gettext_lazy("Status"),
        ),
        OutputField(
            "stage",
            str,
            lambda item: item.stage.value,
            gettext_noop(
                "The State's stage of engagement: one of not_engaged, engaged, signed, approval_in_progress, deposited."
            ),
            label=gettext_lazy("Stage"),
        ),
        OutputField(
            "last_activity_on",
            date | None,
            lambda item: _activity_date(item.last),
            gettext_noop(
                "Day of the latest public universalization activity with the State, up to the day asked about."
            ),
            label=gettext_lazy("Last activity"),
        ),
        OutputField(
            "last_activity",
            str | None,
            lambda item: _activity_title(item.last),
            gettext_noop("Its title."),
            label=gettext_lazy("Last activity (title)"),
        ),
        OutputField(
            "next_activity_on",
            date | None,
            lambda item: _activity_date(item.next),
            gettext_noop("Day of the next public activity planned with the State."),
            label=gettext_lazy("Next activity"),
        ),
        OutputField(
            "next_activity",
            str | None,
            lambda item: _activity_title(item.next),
            gettext_noop("Its title."),
            label=gettext_lazy("Next activity (title)"),
        ),
        OutputField(
            "last_approval_step",
            str | None,
            lambda item: item.last_step.kind if item.last_step else None,
            gettext_noop(
                "At stage approval_in_progress: the kind of the latest domestic approval step that counts on the day."
            ),
            label=gettext_lazy("Last approval step"),
        ),
        OutputField(
            "last_approval_step_on",
            str | None,
            lambda item: item.last_step.when.iso() if item.last_step else None,
            gettext_noop("Its date, as exactly as its source gives it: 2024, 2024-03 or 2024-03-18."),
            label=gettext_lazy("Last approval step on"),
        ),
        OutputField(
            "last_approval_step_source",
            str | None,
            lambda item: item.last_step.source.citation if item.last_step else None,
            gettext_noop("Its source's citation."),
            label=gettext_lazy("Last approval step source"),
        ),
    ),
    doc=(
        "A State not bound by the treaty on the day: its stage of engagement, its last and next activity and, "
        "when its approval is in progress, its latest domestic approval step."
    ),
)


@dataclass(frozen=True)
class TreatySteps:
    treaty: Treaty
    steps: list[ApprovalStep]


def state_approval_steps(state: State, day: date) -> list[TreatySteps]:
    """A State's published domestic approval steps under each treaty, those dated on or before `day` (a rough
    date from its latest possible day), oldest first, with their sources: one query."""
    found: dict[int, TreatySteps] = {}
    steps = ApprovalStep.objects.published().filter(state=state, date__lte=day).select_related("treaty", "source")
    for step in steps.order_by("date", "pk"):
        found.setdefault(step.treaty_id, TreatySteps(step.treaty, [])).steps.append(step)
    return list(found.values())
