"""Milestones from the register: the anniversaries (`core.milestones`) of each treaty's adoption, opening for
signature and entry into force, and of each State's signature, deposit and entry into force for it, in a window.

The events are read as the record stood on `as_of` (facts dated up to that day; entry into force as the treaty's
rules derive it), from each treaty's standings, which are computed once per record version: no query per State.
Each milestone cites its source: the depositary fact's for a signature or a deposit (a State's entry into force is
derived from its deposit), the treaty's key dates' for the treaty's own dates. A State whose withdrawal has taken
effect has no milestones under that treaty."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from django.utils.translation import get_language, gettext_lazy, gettext_noop, ngettext
from django.utils.translation import gettext as _

from treatywatch.core.approximate import ApproximateDate
from treatywatch.core.dates import add_days, add_months
from treatywatch.core.milestones import Event, EventKind, Milestone, milestones
from treatywatch.core.status import Status
from treatywatch.lib.caching import Memo
from treatywatch.lib.dates import EARLIEST_AS_OF, DateProblem, latest_as_of, parse_iso_date
from treatywatch.lib.errors import BadParameter
from treatywatch.lib.fields import Output, OutputField, schema
from treatywatch.registry.labels import INSTRUMENT_LABELS
from treatywatch.registry.models import DepositaryFact, FactKind, Source, State, Treaty
from treatywatch.registry.presenters import SOURCE
from treatywatch.registry.queries import treaty_parameter
from treatywatch.registry.standings import StateRow, change_days, state_change_days, treaty_view

# A window left open: the next twelve months from the day asked about.
DEFAULT_MONTHS = 12
# The longest window: five years, so that no request costs much more than another (thirty years of the four
# shipped treaties are some 27,000 milestones, seconds to work out; five years about a sixth of it). A longer span
# is asked for in several windows.
LONGEST_WINDOW_YEARS = 5

EVENT_LABELS = {
    EventKind.ADOPTION: gettext_lazy("adoption"),
    EventKind.OPENING_FOR_SIGNATURE: gettext_lazy("opening for signature"),
    EventKind.TREATY_ENTRY_INTO_FORCE: gettext_lazy("entry into force of the treaty"),
    EventKind.SIGNATURE: gettext_lazy("signature"),
    EventKind.DEPOSIT: gettext_lazy("deposit of its instrument"),
    EventKind.ENTRY_INTO_FORCE: gettext_lazy("entry into force for the State"),
}


@dataclass(frozen=True)
class Window:
    start: date
    end: date

    def as_meta(self) -> dict[str, str]:
        return {"from": self.start.isoformat(), "to": self.end.isoformat()}


def default_window(day: date) -> Window:
    return Window(day, add_days(add_months(day, DEFAULT_MONTHS), -1))


@lru_cache(maxsize=16384)  # a few hundred anniversaries a year, asked again for each day's list
def first_day_showing(on: date) -> date:
    """The first day whose default window reaches `on` (a window's end never goes back as its day moves on)."""
    day = add_days(add_months(on, -DEFAULT_MONTHS), -3)
    while default_window(day).end < on:
        day = add_days(day, 1)
    return day


def year_span(year: int) -> Window:
    """Every day a window of at most `DEFAULT_MONTHS` that starts in `year` can hold."""
    last_start = date(year, 12, 31)
    return Window(date(year, 1, 1), add_days(add_months(last_start, DEFAULT_MONTHS), -1))


def _window_day(name: str, raw: str) -> date:
    """A day of the window: a YYYY-MM-DD date among the days `as_of` may name."""
    try:
        day = parse_iso_date(raw)
    except DateProblem as error:
        raise BadParameter(f"{name}: {error}") from None
    latest = latest_as_of()
    if not EARLIEST_AS_OF <= day <= latest:
        raise BadParameter(
            f"{name}: {day} is outside the dates the register answers for ({EARLIEST_AS_OF} to {latest})"
        )
    return day


def parse_window(start: str | None, end: str | None, day: date) -> Window:
    """`from` and `to` (YYYY-MM-DD, within the days `as_of` may name); one left out is the default window's,
    counted from `day` (or from `from`); a window that ends before it starts, or longer than five years, is refused."""
    first = _window_day("from", start) if start else day
    last = _window_day("to", end) if end else default_window(first).end
    if last < first:
        raise BadParameter(f"from, to: the window ends on {last} before it starts on {first}")
    if last > add_months(first, 12 * LONGEST_WINDOW_YEARS):
        raise BadParameter(
            f"from, to: the window from {first} to {last} is longer than {LONGEST_WINDOW_YEARS} years; ask for a "
            "shorter one"
        )
    return Window(first, last)


# The words of a milestone, translated once per language: a window of years holds tens of thousands.
@lru_cache(maxsize=256)
def _event_words(language: str | None, kind: EventKind, instrument: str | None) -> str:
    if kind is EventKind.DEPOSIT and instrument:
        return _("deposit of its instrument of %(instrument)s") % {
            "instrument": INSTRUMENT_LABELS.get(instrument, instrument)
        }
    return str(EVENT_LABELS[kind])


@lru_cache(maxsize=1024)
def _years_words(language: str | None, years: int) -> str:
    return ngettext("%(count)d year", "%(count)d years", years) % {"count": years}


@lru_cache(maxsize=8)
def _sentence(language: str | None, *, with_state: bool) -> str:
    if with_state:
        return _("%(state)s: %(years)s since %(event)s (%(treaty)s)")
    return _("%(treaty)s: %(years)s since %(event)s")


@dataclass(frozen=True)
class MilestoneRow:
    """One anniversary, with what it is the anniversary of and its source."""

    milestone: Milestone
    treaty: Treaty
    state: State | None
    source: Source | None

    @property
    def kind(self) -> EventKind:
        return self.milestone.event.kind

    @property
    def event_label(self) -> str:
        return _event_words(get_language(), self.kind, self.milestone.event.instrument)

    @property
    def years_words(self) -> str:
        return _years_words(get_language(), self.milestone.years)

    def summary(self) -> str:
        """ "Norway: 10 years since signature (CCM)"; "CCM: 10 years since entry into force of the treaty"."""
        language = get_language()
        event = _event_words(language, self.kind, self.milestone.event.instrument)
        values = {
            "years": _years_words(language, self.milestone.years),
            "event": event,
            "treaty": self.treaty.display_short_name,
        }
        if self.state is None:
            return _sentence(language, with_state=False) % values
        return _sentence(language, with_state=True) % {**values, "state": self.state.display_name}

    def for_this_state(self) -> str:
        """As a State's brief says it: "10 years since this State signed the treaty (CCM)"."""
        years, treaty = self.milestone.years, self.treaty.display_short_name
        sentences = {
            EventKind.SIGNATURE: ngettext(
                "%(count)d year since this State signed the treaty (%(treaty)s)",
                "%(count)d years since this State signed the treaty (%(treaty)s)",
                years,
            ),
            EventKind.DEPOSIT: ngettext(
                "%(count)d year since this State deposited its instrument of %(instrument)s (%(treaty)s)",
                "%(count)d years since this State deposited its instrument of %(instrument)s (%(treaty)s)",
                years,
            ),
            EventKind.ENTRY_INTO_FORCE: ngettext(
                "%(count)d year since the treaty entered into force for this State (%(treaty)s)",
                "%(count)d years since the treaty entered into force for this State (%(treaty)s)",
                years,
            ),
        }
        if self.kind not in sentences:
            return self.summary()
        instrument = self.milestone.event.instrument or ""
        values = {"count": years, "treaty": treaty, "instrument": INSTRUMENT_LABELS.get(instrument, instrument)}
        return sentences[self.kind] % values


def _treaty_events(treaty: Treaty, day: date, entry_into_force_on: date | None) -> list[Event]:
    """The treaty's own dates known on `day`: once it is adopted (its opening for signature is set then too)."""
    if treaty.adopted_on is not None and treaty.adopted_on > day:
        return []
    dates = {
        EventKind.ADOPTION: treaty.adopted_on,
        EventKind.OPENING_FOR_SIGNATURE: treaty.opened_for_signature_on,
        EventKind.TREATY_ENTRY_INTO_FORCE: entry_into_force_on,
    }
    return [Event(kind, ApproximateDate(on), treaty.slug) for kind, on in dates.items() if on is not None]


def _fact(row: StateRow, kind: FactKind) -> DepositaryFact | None:
    return next((f for f in row.facts if f.kind == kind), None)


def _state_events(treaty: Treaty, row: StateRow) -> list[tuple[Event, Source | None]]:
    standing = row.standing
    if standing.status is Status.WITHDRAWN:
        return []
    key, found = row.state.iso3, []
    signature, deposit = _fact(row, FactKind.SIGNATURE), _fact(row, FactKind.DEPOSIT)
    if standing.signed_on is not None:
        event = Event(EventKind.SIGNATURE, ApproximateDate(standing.signed_on), treaty.slug, key)
        found.append((event, signature.source if signature else None))
    if standing.deposited_on is not None:
        instrument = standing.instrument.value if standing.instrument else None
        event = Event(EventKind.DEPOSIT, ApproximateDate(standing.deposited_on), treaty.slug, key, instrument)
        found.append((event, deposit.source if deposit else None))
    if standing.entry_into_force_on is not None:
        event = Event(EventKind.ENTRY_INTO_FORCE, ApproximateDate(standing.entry_into_force_on), treaty.slug, key)
        found.append((event, deposit.source if deposit else None))
    return found


def _milestones_in(treaty: Treaty, window: Window, day: date, state: State | None) -> list[MilestoneRow]:
    view = treaty_view(treaty, day)
    sourced: list[tuple[Event, Source | None, State | None]] = []
    if state is None:
        sourced += [(e, treaty.key_dates_source, None) for e in _treaty_events(treaty, day, view.entry_into_force_on)]
    if view.record_imported:
        rows = [r for r in view.rows if state is None or r.state.pk == state.pk]
        sourced += [(event, source, row.state) for row in rows for event, source in _state_events(treaty, row)]
    about = {event: (who, source) for event, source, who in sourced}
    found = milestones(about, window.start, window.end)
    return [MilestoneRow(m, treaty, *about[m.event]) for m in found]


@dataclass(frozen=True)
class _YearOfMilestones:
    rows: list[MilestoneRow]  # soonest first
    first_days: list[date]


# Apart from the memo of views, which holds one per day asked: a year's milestones serve many days.
_years = Memo(size=256)


def _interval(treaty: Treaty, day: date, state: State | None) -> object:
    """Which of the days between two changes `day` is in: of the State's own changes under the treaty, or of
    the treaty's (every State's, and the treaty's own dates). Past the last, the day itself."""
    if state is None:
        changes = change_days(treaty)
        return bisect_right(changes.days, day) if day <= changes.valid_until else day
    key = ("state-days", treaty.pk, treaty.record_version, state.pk, latest_as_of())
    days: list[date] = _years.get_or_compute(key, lambda: sorted(state_change_days(treaty, state)))
    return bisect_right(days, day) if day <= latest_as_of() else day


def _year_of_milestones(treaty: Treaty, year: int, day: date, state: State | None) -> _YearOfMilestones:
    """The milestones of every window that starts in `year`, as the record stood on `day`: the same on every day
    between two changes of the events they count from, so worked out once for them all (the State and treaty
    pages show the next twelve months from the day asked, a different window on each day)."""
    interval = _interval(treaty, day, state)
    key = ("milestones", treaty.pk, treaty.record_version, state.pk if state else None, interval, year)

    def compute() -> _YearOfMilestones:
        rows = _milestones_in(treaty, year_span(year), day, state)
        return _YearOfMilestones(rows, [row.milestone.first_day for row in rows])

    found: _YearOfMilestones = _years.get_or_compute(key, compute)
    return found


def treaty_milestones(treaty: Treaty, window: Window, day: date, state: State | None = None) -> list[MilestoneRow]:
    """A treaty's milestones in `window` as its record stood on `day`; with `state`, only that State's."""
    if window.end > year_span(window.start.year).end:
        return _milestones_in(treaty, window, day, state)
    year = _year_of_milestones(treaty, window.start.year, day, state)
    # A milestone meets the window when it may fall on or before its end and not only before its start.
    begun = year.rows[: bisect_right(year.first_days, window.end)]
    return [row for row in begun if row.milestone.on.day >= window.start]


def register_milestones(
    window: Window, day: date, treaties: Iterable[Treaty] | None = None, state: State | None = None
) -> list[MilestoneRow]:
    """The milestones of every treaty (or those given) in `window`, soonest first."""
    chosen = list(Treaty.objects.all() if treaties is None else treaties)
    if len(chosen) == 1:  # a treaty's are in order already
        return treaty_milestones(chosen[0], window, day, state)
    found = [row for treaty in chosen for row in treaty_milestones(treaty, window, day, state)]
    return sorted(found, key=lambda row: row.milestone.sort_key)


def state_milestones(state: State, start: date, end: date, day: date | None = None) -> list[MilestoneRow]:
    """A State's milestones under every treaty in [start, end], as the record stood on `day` (`start` when not
    given): what a brief says ("10 years since this State signed the treaty", `MilestoneRow.for_this_state`)."""
    return register_milestones(Window(start, end), day or start, state=state)


@dataclass(frozen=True)
class MilestoneFilters:
    window: Window
    treaty: Treaty | None = None
    state: State | None = None
    round_only: bool = False

    def as_meta(self) -> dict[str, object]:
        return {
            **self.window.as_meta(),
            "treaty": self.treaty.slug if self.treaty else None,
            "state": self.state.iso3 if self.state else None,
            "round": self.round_only,
        }


ROUND_VALUES = {"true": True, "1": True, "false": False, "0": False}


def parse_milestone_filters(
    day: date,
    *,
    start: str | None = None,
    end: str | None = None,
    treaty: str | None = None,
    state: str | None = None,
    round_only: str | None = None,
) -> MilestoneFilters:
    """The filters of a page, feed or API request, each refused with a message naming its parameter."""
    window = parse_window(start, end, day)
    chosen_state = None
    if state:
        chosen_state = State.objects.filter(iso3=state.upper()).first()
        if chosen_state is None:
            raise BadParameter(f"state: {state!r} is not the ISO 3166 alpha-3 code of a State in the register")
    if round_only and round_only.lower() not in ROUND_VALUES:
        raise BadParameter(f"round: {round_only!r} is not true or false")
    return MilestoneFilters(
        window,
        treaty_parameter(treaty) if treaty else None,
        chosen_state,
        ROUND_VALUES.get((round_only or "false").lower(), False),
    )


def filtered_milestones(filters: MilestoneFilters, day: date) -> list[MilestoneRow]:
    treaties = [filters.treaty] if filters.treaty else None
    found = register_milestones(filters.window, day, treaties, filters.state)
    return [row for row in found if row.milestone.round] if filters.round_only else found


def _state_iso3(row: MilestoneRow) -> str | None:
    return row.state.iso3 if row.state else None


MILESTONE = Output(
    "MilestoneOut",
    (
        OutputField(
            "date",
            str,
            lambda row: row.milestone.on.iso(),
            gettext_noop("The anniversary, to the precision of the event: 2018-12-03, 2018-12 or 2018."),
            label=gettext_lazy("Date"),
        ),
        OutputField(
            "date_precision",
            str,
            lambda row: row.milestone.on.precision.value,
            gettext_noop("day, month, year or by (on or before)."),
        ),
        OutputField(
            "years",
            int,
            lambda row: row.milestone.years,
            gettext_noop("Years since the event."),
            label=gettext_lazy("Years"),
        ),
        OutputField(
            "round", bool, lambda row: row.milestone.round, gettext_noop("The first anniversary or a multiple of five.")
        ),
        OutputField(
            "treaty",
            str,
            lambda row: row.treaty.slug,
            label=gettext_lazy("Treaty"),
            description=gettext_noop("The treaty's code in the register."),
        ),
        OutputField(
            "event",
            str,
            lambda row: row.kind.value,
            gettext_noop(
                "One of adoption, opening_for_signature, treaty_entry_into_force, signature, deposit, entry_into_force."
            ),
            label=gettext_lazy("Anniversary of"),
        ),
        OutputField(
            "event_date", str, lambda row: row.milestone.event.on.iso(), gettext_noop("The day of the event itself.")
        ),
        OutputField(
            "instrument", str | None, lambda row: row.milestone.event.instrument, gettext_noop("For a deposit.")
        ),
        OutputField("iso3", str | None, _state_iso3, gettext_noop("The State, or null for the treaty's own dates.")),
        OutputField(
            "state",
            str | None,
            lambda row: row.state.display_name if row.state else None,
            label=gettext_lazy("State"),
            description=gettext_noop("The State's name in the answer's language, or null for the treaty's own dates."),
        ),
        OutputField(
            "summary",
            str,
            lambda row: row.summary(),
            gettext_noop("The milestone in words, in English (the pages and the feed say it in their language)."),
        ),
        OutputField(
            "source",
            schema(SOURCE) | None,
            lambda row: SOURCE.answer(row.source) if row.source else None,
            gettext_noop(
                "The depositary fact's source (a State's entry into force is derived from its deposit), or the "
                "treaty's key dates' source."
            ),
            cell=lambda row: row.source.citation if row.source else "",
            label=gettext_lazy("Source"),
        ),
    ),
)
