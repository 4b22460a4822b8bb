"""A treaty's meetings and its Coordinators on a day, as the API and the pages show them: each output's
fields listed once (see `treatywatch.lib.fields`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import F, QuerySet
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from treatywatch.core.approximate import ApproximateDate, Precision
from treatywatch.core.mandates import Holding, OnDay, Term, holders_on
from treatywatch.lib.fields import Many, Output, OutputField
from treatywatch.outreach.models import Mandate, Meeting, Theme
from treatywatch.registry.models import Treaty
from treatywatch.registry.presenters import SOURCE


def _rough(day: date | None, precision: str) -> ApproximateDate | None:
    return ApproximateDate(day, Precision(precision)) if day else None


def meeting_starts(meeting: Meeting) -> ApproximateDate | None:
    return _rough(meeting.starts_on, meeting.starts_on_precision)


def meetings_of(treaty: Treaty | None) -> QuerySet[Meeting]:
    """A treaty's meetings (every treaty's when None), the earliest first, a meeting of unknown date last."""
    found = Meeting.objects.select_related("treaty").prefetch_related("sources")
    chosen = found.filter(treaty=treaty) if treaty else found
    return chosen.order_by("treaty__slug", F("starts_on").asc(nulls_last=True), "number")


MEETING = Output(
    "MeetingOut",
    (
        OutputField(
            "treaty", str, lambda m: m.treaty.slug, description=gettext_noop("The treaty's code in the register.")
        ),
        OutputField(
            "kind", str, lambda m: m.kind, gettext_noop("msp (a Meeting of States Parties) or review_conference.")
        ),
        OutputField(
            "label",
            str,
            lambda m: m.label,
            gettext_noop("As the treaty's documents write it, e.g. 2MSP."),
            label=_("Meeting"),
        ),
        OutputField(
            "number",
            int,
            lambda m: m.number,
            description=gettext_noop("The meeting's number in its series (the 8th Meeting of States Parties: 8)."),
        ),
        OutputField(
            "starts_on",
            str | None,
            lambda m: s.iso() if (s := meeting_starts(m)) else None,
            gettext_noop(
                "The first day, or the month or year when the sources give no more (see starts_on_precision)."
            ),
        ),
        OutputField(
            "starts_on_precision",
            str,
            lambda m: m.starts_on_precision,
            description=gettext_noop("year, month or day: how exactly the first day is known."),
        ),
        OutputField("ends_on", date | None, lambda m: m.ends_on, description=gettext_noop("The meeting's last day.")),
        OutputField(
            "second_part_starts_on",
            date | None,
            lambda m: m.second_part_starts_on,
            description=gettext_noop("The first day of its second part, for a meeting held in two parts."),
        ),
        OutputField(
            "second_part_ends_on",
            date | None,
            lambda m: m.second_part_ends_on,
            description=gettext_noop("The last day of its second part, for a meeting held in two parts."),
        ),
        OutputField("parts", str, lambda m: m.parts, gettext_noop("How a meeting held in parts was held.")),
        OutputField(
            "place",
            str,
            lambda m: m.place,
            label=_("Place"),
            description=gettext_noop("The city where the meeting was held."),
        ),
        OutputField(
            "president",
            str,
            lambda m: m.president,
            gettext_noop("The presidency as the sources give it."),
            label=_("President"),
        ),
        OutputField(
            "conflicts",
            str,
            lambda m: m.conflicts,
            gettext_noop("Where the sources disagree (the dates shown are the ISU's)."),
        ),
        OutputField("notes", str, lambda m: m.notes, description=gettext_noop("Notes on the meeting and its sources.")),
        OutputField(
            "sources",
            Many(SOURCE),
            lambda m: list(m.sources.all()),
            description=gettext_noop("The sources of the meeting's dates and place."),
        ),
    ),
)


# ---- Coordinators on a day ------------------------------------------------------------------------------


def _term(mandate: Mandate) -> Term[Mandate]:
    return Term(
        mandate.state.iso3 if mandate.state else None,
        ApproximateDate(mandate.starts_on, Precision(mandate.starts_on_precision)),
        ApproximateDate(mandate.ends_on, Precision(mandate.ends_on_precision)),
        mandate,
    )


@dataclass(frozen=True)
class ThemeOnDay:
    theme: Theme
    on_day: OnDay[Mandate]


def coordinators_on(treaty: Treaty, day: date) -> tuple[list[ThemeOnDay], list[Theme]]:
    """Each theme the record holds mandates for, with its Coordinators on `day`; and the themes it holds
    none for (nothing is known of them, which is not the same as a documented gap)."""
    mandates = Mandate.objects.filter(treaty=treaty).select_related("state", "source")
    by_theme: dict[str, list[Term[Mandate]]] = {}
    for mandate in mandates.order_by("starts_on", "state__name", "pk"):
        by_theme.setdefault(mandate.theme, []).append(_term(mandate))
    recorded = [ThemeOnDay(theme, holders_on(by_theme[theme], day)) for theme in Theme if theme in by_theme]
    return recorded, [theme for theme in Theme if theme not in by_theme]


PERIOD_FIELDS = (
    OutputField(
        "from", str, lambda t: t.starts.iso(), gettext_noop("The first year, month or day, as the source gives it.")
    ),
    OutputField("from_precision", str, lambda t: t.starts.precision.value, gettext_noop("year, month or day.")),
    OutputField(
        "to", str, lambda t: t.ends.iso(), gettext_noop("The last year, month or day, as the source gives it.")
    ),
    OutputField("to_precision", str, lambda t: t.ends.precision.value, gettext_noop("year, month or day.")),
    OutputField(
        "note", str, lambda t: t.ref.note, description=gettext_noop("A note on the period, as the source gives it.")
    ),
)
MANDATE_PERIOD = Output(
    "MandatePeriodOut",
    (
        *PERIOD_FIELDS,
        OutputField(
            "source", SOURCE, lambda t: t.ref.source, description=gettext_noop("The source that names the term.")
        ),
    ),
)
DOCUMENTED_GAP = Output(
    "DocumentedGapOut", PERIOD_FIELDS, doc="A period for which no source reached names the Coordinators."
)


def _holder_state(holding: Holding[Mandate]) -> Any:
    return holding.terms[0].ref.state


COORDINATOR = Output(
    "CoordinatorOut",
    (
        OutputField(
            "iso3", str, lambda h: h.holder, description=gettext_noop("The coordinating State's ISO 3166 alpha-3 code.")
        ),
        OutputField(
            "name",
            str,
            lambda h: _holder_state(h).display_name,
            label=_("State"),
            description=gettext_noop("The coordinating State's name in the answer's language."),
        ),
        OutputField(
            "uncertain",
            bool,
            lambda h: h.uncertain,
            gettext_noop(
                "True where the day falls in a year the sources give both as the end of this term and the start of "
                "another (or of a documented gap): the State may not have held the mandate that day."
            ),
        ),
        OutputField(
            "periods", Many(MANDATE_PERIOD), lambda h: list(h.terms), gettext_noop("The terms that cover the day.")
        ),
    ),
)
THEME_COORDINATORS = Output(
    "ThemeCoordinatorsOut",
    (
        OutputField("theme", str, lambda t: t.theme.value, description=gettext_noop("The theme's key.")),
        OutputField(
            "label",
            str,
            lambda t: str(t.theme.label),
            label=_("Theme"),
            description=gettext_noop("The theme in words, in the answer's language."),
        ),
        OutputField(
            "coordinators",
            Many(COORDINATOR),
            lambda t: list(t.on_day.holdings),
            description=gettext_noop("The States that coordinate the theme on the day asked about."),
        ),
        OutputField(
            "documented_gaps",
            Many(DOCUMENTED_GAP),
            lambda t: list(t.on_day.gaps),
            gettext_noop("Periods covering the day for which no source names the Coordinators."),
        ),
    ),
)
