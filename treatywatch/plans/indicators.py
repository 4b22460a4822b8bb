"""The indicators the register computes, each on the day asked about and from the record the rest of the site
reads: the status engine's counts of States Parties, the deadline engine's initial reports, and the
universalization activities the reader may see."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from treatywatch.core.obligations import DeadlineStatus, ObligationRule
from treatywatch.obligations.announced import reported_obligations
from treatywatch.obligations.engine import treaty_deadlines
from treatywatch.obligations.rules import obligation_rules
from treatywatch.organisations.visibility import Reader
from treatywatch.outreach.models import Activity, Meeting
from treatywatch.plans.models import ActionPlan, Computation, Indicator
from treatywatch.registry.standings import treaty_view

INITIAL_REPORT = "initial_report"


@dataclass(frozen=True)
class PartiesAtMeeting:
    """States Parties on the day a meeting opened, against a target set for it. Before that day (`as_of`
    earlier) only the count on `as_of` is known: the conference had not opened."""

    target: int
    meeting: Meeting
    opened: bool
    on_as_of: int
    at_opening: int | None
    at_second_part: int | None

    @property
    def opening(self) -> date:
        if self.meeting.starts_on is None:
            raise ValueError(f"{self.meeting} has no first day")  # refused when the indicator is recorded
        return self.meeting.starts_on

    @property
    def value(self) -> int:
        return self.at_opening if self.at_opening is not None else self.on_as_of

    @property
    def gap(self) -> int:
        """How many States Parties short of the target (0 when reached)."""
        return max(self.target - self.value, 0)

    @property
    def reached(self) -> bool:
        return self.value >= self.target


def parties_at_meeting(plan: ActionPlan, target: int, label: str, day: date) -> PartiesAtMeeting:
    meeting = Meeting.objects.get(treaty=plan.treaty, label=label)
    if meeting.starts_on is None:
        raise ValueError(f"{meeting} has no first day")
    counts_on = lambda d: treaty_view(plan.treaty, d).counts.parties  # noqa: E731
    opened = day >= meeting.starts_on
    second = meeting.second_part_starts_on
    return PartiesAtMeeting(
        target=target,
        meeting=meeting,
        opened=opened,
        on_as_of=counts_on(day),
        at_opening=counts_on(meeting.starts_on) if opened else None,
        at_second_part=counts_on(second) if second is not None and day >= second else None,
    )


@dataclass(frozen=True)
class InitialReports:
    """Of the States Parties whose initial report was due by the day, how many have one recorded. While the
    register records no submitted report of this kind at all, the share says nothing: a report not recorded
    cannot be told from one that was never submitted."""

    rule: ObligationRule | None
    due: int
    recorded: int
    any_recorded: bool

    @property
    def share(self) -> float | None:
        if self.rule is None or not self.any_recorded or not self.due:
            return None
        return self.recorded / self.due


def initial_reports(plan: ActionPlan, day: date) -> InitialReports:
    rule = obligation_rules(plan.treaty).get(INITIAL_REPORT)
    if rule is None:
        return InitialReports(None, 0, 0, False)
    due = recorded = 0
    for item in treaty_deadlines(plan.treaty, day):
        deadline = item.deadline
        if item.rule.key != INITIAL_REPORT or deadline.original is None or deadline.original > day:
            continue
        if deadline.status in (DeadlineStatus.NOT_DUE, DeadlineStatus.NOT_APPLICABLE):
            continue
        due += 1
        recorded += deadline.status == DeadlineStatus.COMPLETED
    return InitialReports(rule, due, recorded, INITIAL_REPORT in reported_obligations(plan.treaty))


NO_REGION = ""


@dataclass(frozen=True)
class ActivitiesByRegion:
    """Universalization activities per year of the plan's period (up to the day), by the regions of the
    States they involved that the reader may see: the organising States, and the States approached only
    where the reader may read the activity's private part. An activity naming no such State counts under
    `NO_REGION`; one involving several regions counts once in each, and once in its year's total."""

    years: tuple[int, ...]
    regions: tuple[str, ...]
    counts: dict[tuple[int, str], int] = field(default_factory=dict)
    totals: dict[int, int] = field(default_factory=dict)

    def count(self, year: int, region: str) -> int:
        return self.counts.get((year, region), 0)


def _period_years(plan: ActionPlan, day: date) -> tuple[int, ...]:
    starts, ends = plan.starts, plan.ends
    if starts is None or day < starts.earliest:
        return ()
    last = min(ends.day.year, day.year) if ends is not None else day.year
    return tuple(range(starts.earliest.year, last + 1))


def activities_by_region(plan: ActionPlan, day: date, reader: Reader) -> ActivitiesByRegion:
    years = _period_years(plan, day)
    if not years:
        return ActivitiesByRegion((), ())
    found = Activity.objects.with_private_part(reader).filter(
        treaty=plan.treaty, date__year__gte=years[0], date__year__lte=years[-1], date__lte=day
    )
    rows = list(found.values_list("pk", "date", "private_part_visible"))
    ids = [pk for pk, _day, _visible in rows]
    readable = [pk for pk, _day, visible in rows if visible]
    regions: dict[int, set[str]] = defaultdict(set)
    organising = Activity.organising_states.through.objects.filter(activity_id__in=ids)
    for activity_id, region in organising.values_list("activity_id", "state__region"):
        regions[activity_id].add(region)
    # The States approached are a closed activity's private part: read only for those the reader may read.
    approached = Activity.target_states.through.objects.filter(activity_id__in=readable)
    for activity_id, region in approached.values_list("activity_id", "state__region"):
        regions[activity_id].add(region)
    counts: dict[tuple[int, str], int] = defaultdict(int)
    totals: dict[int, int] = defaultdict(int)
    for pk, when, _visible in rows:
        totals[when.year] += 1
        for region in regions.get(pk) or {NO_REGION}:
            counts[(when.year, region)] += 1
    seen = {region for _year, region in counts}
    named = sorted(r for r in seen if r != NO_REGION) + ([NO_REGION] if NO_REGION in seen else [])
    return ActivitiesByRegion(years, tuple(named), dict(counts), dict(totals))


Result = PartiesAtMeeting | InitialReports | ActivitiesByRegion


def compute(indicator: Indicator, plan: ActionPlan, day: date, reader: Reader) -> Result | None:
    """The indicator's value on `day` for `reader`, or None for an entered indicator."""
    given = indicator.parameters or {}
    if indicator.computation == Computation.PARTIES_AT_MEETING:
        return parties_at_meeting(plan, int(given["target"]), str(given["meeting"]), day)
    if indicator.computation == Computation.INITIAL_REPORTS:
        return initial_reports(plan, day)
    if indicator.computation == Computation.ACTIVITIES_BY_REGION:
        return activities_by_region(plan, day, reader)
    return None
