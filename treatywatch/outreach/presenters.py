"""An activity's fields, listed once (see `treatywatch.lib.fields`): its public part, then its private part,
which is answered only for an activity marked `private_part_visible` (see `outreach.queries`) and is null
otherwise."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from treatywatch.lib.fields import Output, OutputField
from treatywatch.registry.presenters import SOURCE


def _private(value: Callable[[Any], Any]) -> Callable[[Any], Any]:
    return lambda activity: value(activity) if activity.private_part_visible else None


def _codes(relation: str) -> Callable[[Any], list[str]]:
    return lambda activity: sorted(state.iso3 for state in getattr(activity, relation).all())


WITHHELD = "Withheld: only the organisation that recorded the activity, and those it shares it with, read it."

ACTIVITY = Output(
    "ActivityOut",
    (
        OutputField("id", int, lambda activity: activity.pk),
        OutputField("treaty", str, lambda activity: activity.treaty.slug, "The treaty's slug."),
        OutputField("kind", str, lambda activity: activity.kind),
        OutputField("title", str, lambda activity: activity.title),
        OutputField("summary", str, lambda activity: activity.summary),
        OutputField("date", date, lambda activity: activity.date, "The first day; a rough date is its latest day."),
        OutputField("date_precision", str, lambda activity: activity.date_precision, "day, month or year."),
        OutputField("ends_on", date | None, lambda activity: activity.ends_on),
        OutputField("place", str, lambda activity: activity.place),
        OutputField("organising_states", list[str], _codes("organising_states"), "ISO 3166 alpha-3 codes."),
        OutputField(
            "organising_organisations",
            list[str],
            lambda activity: sorted(o.slug for o in activity.organising_organisations.all()),
            "The organisations' short names.",
        ),
        OutputField("source", SOURCE, lambda activity: activity.source),
        OutputField(
            "private_part_withheld",
            bool,
            lambda activity: not activity.private_part_visible,
            "True when the reader may not read the private part below, which is then null.",
        ),
        OutputField(
            "target_states", list[str] | None, _private(_codes("target_states")), "The States approached. " + WITHHELD
        ),
        OutputField(
            "attending_states",
            list[str] | None,
            _private(_codes("attending_states")),
            "The States that attended. " + WITHHELD,
        ),
        OutputField(
            "participants", str | None, _private(lambda activity: activity.participants), "Others. " + WITHHELD
        ),
        OutputField("notes", str | None, _private(lambda activity: activity.notes), "Outcome notes. " + WITHHELD),
    ),
    doc="A universalization activity: its public part, and its private part where the reader may read it.",
)
