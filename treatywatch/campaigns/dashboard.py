"""A campaign's dashboard: the reports a reader may read counted by country, ask and kind (from the reports'
tallies; their map is drawn by `treatywatch.web.activitymap`), and what changed in the record from the campaign's
first day to the day asked about."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Count, Sum
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from treatywatch.campaigns.models import ActionReport, Ask, Campaign, ReportKind, ReportTally, TallyDimension
from treatywatch.campaigns.targets import campaign_targets
from treatywatch.lib.caching import memo
from treatywatch.lib.dates import latest_as_of
from treatywatch.organisations.visibility import Reader, Visibility, member_of, reads_everything
from treatywatch.positions.models import Finding, Topic
from treatywatch.registry.models import DepositaryFact, FactKind, Source, State, Treaty
from treatywatch.registry.standings import treaty_view


@dataclass(frozen=True)
class ActivityCounts:
    """How many reports the reader may read, up to the day, by State (None: no State), ask (None: none) and kind."""

    total: int
    by_state: dict[int | None, int]
    by_ask: dict[int | None, int]
    by_kind: dict[str, int]


def reads_every_report(reader: Reader, campaign: Campaign) -> bool:
    """Whether `reader` reads every report of the campaign (the rule of `ActionReportQuerySet`): site
    administrators, and the members of the organisation that organises it."""
    if reads_everything(reader):
        return True
    organiser = campaign.organiser_id
    return organiser is not None and member_of(reader).filter(organisation_id=organiser).exists()


def activity_counts(reader: Reader, campaign: Campaign, day: date) -> ActivityCounts:
    """The campaign's reports `reader` may read, dated up to `day`, counted by State, ask and kind.

    Added up from the tallies (`ReportTally`, a few tens of thousands of rows however many reports there are): the
    public reports' for everyone, the others' too for those who read every report. A member who reads only some
    of the reports that are not public (its own organisation's) has those counted from the reports themselves,
    read through `visible_to`: a few hundred rows, from the `report_by_owner` index."""
    everything = reads_every_report(reader, campaign)
    classes = [True, False] if everything else [True]
    tallied = (
        ReportTally.objects.filter(campaign=campaign, day__lte=day, public__in=classes)
        .order_by()
        .values_list("dimension", "key")
        .annotate(n=Sum("n"))
    )
    by_state: Counter[int | None] = Counter()
    by_ask: Counter[int | None] = Counter()
    by_kind: Counter[str] = Counter()
    for dimension, key, n in tallied:
        if dimension == TallyDimension.STATE:
            by_state[int(key) if key else None] += n
        elif dimension == TallyDimension.ASK:
            by_ask[int(key) if key else None] += n
        else:
            by_kind[key] += n
    # The reader's organisations as a short list of ids, so that PostgreSQL reads their reports from the
    # `report_by_owner` index whatever its estimate of a subquery.
    owners = list(member_of(reader)) if not everything else []
    if owners:
        own = (
            ActionReport.objects.visible_to(reader)
            .filter(campaign=campaign, date__lte=day, owner_id__in=owners)
            .exclude(visibility=Visibility.PUBLIC)
            .order_by()
            .values_list("state_id", "ask_id", "kind")
            .annotate(n=Count("*"))
        )
        for state_id, ask_id, kind, n in own:
            by_state[state_id] += n
            by_ask[ask_id] += n
            by_kind[kind] += n
    # A tally a correction brought back to zero counts nothing.
    states = {key: n for key, n in by_state.items() if n}
    asks = {key: n for key, n in by_ask.items() if n}
    kinds = {key: n for key, n in by_kind.items() if n}
    return ActivityCounts(sum(kinds.values()), states, asks, kinds)


@dataclass(frozen=True)
class CountRow:
    key: str  # what the list's filter takes: an ISO3 code, an ask's key, a kind; "" for none
    label: str
    count: int


def state_rows(counts: ActivityCounts) -> list[CountRow]:
    states = State.objects.in_bulk([pk for pk in counts.by_state if pk is not None])
    rows = [CountRow(states[pk].iso3, states[pk].display_name, n) for pk, n in counts.by_state.items() if pk in states]
    rows.sort(key=lambda row: (-row.count, row.label))
    if None in counts.by_state:
        rows.append(CountRow("", str(_("No State (asks of every member)")), counts.by_state[None]))
    return rows


def ask_rows(campaign: Campaign, counts: ActivityCounts) -> list[CountRow]:
    """Every ask of the campaign in its order, those with no report yet too."""
    asks: list[Ask] = list(campaign.asks.all())
    rows = [CountRow(ask.key, ask.title, counts.by_ask.get(ask.pk, 0)) for ask in asks]
    if None in counts.by_ask:
        rows.append(CountRow("", str(_("No ask")), counts.by_ask[None]))
    return rows


def kind_rows(counts: ActivityCounts) -> list[CountRow]:
    return [CountRow(kind, str(label), counts.by_kind.get(kind, 0)) for kind, label in ReportKind.choices]


def targeted_states_without_action(campaign: Campaign, counts: ActivityCounts) -> list[State]:
    """The States that an ask with a State condition targets on the campaign's first day (the day its call is
    evaluated on) and for which the reader reads no report yet, by name."""
    targets = campaign_targets(campaign, campaign.starts_on).targets
    targeted = [target.state for target in targets if target.state_asks]
    return sorted((state for state in targeted if not counts.by_state.get(state.pk)), key=lambda s: s.sort_key)


@dataclass(frozen=True)
class RecordChange:
    """Something that happened in the record between the campaign's first day and the day asked about."""

    day: date
    state: State
    treaty: Treaty | None
    what: str
    source: Source | None
    text: str = ""  # a statement's words as the source gives them


def _treaty_events(treaty: Treaty) -> list[RecordChange]:
    """Every signature, deposit and entry into force in a treaty's record, the oldest first: read once per record
    version (kept in the memo), so that any window of days is a filter over a few hundred events.

    Signatures and deposits are the published facts; an entry into force is the day the treaty's rules derive
    from a deposit (on the register's latest day, which gives the same day for any day after it)."""
    view = treaty_view(treaty, latest_as_of())
    events = []
    for row in view.rows:
        facts: dict[str, Any] = {fact.kind: fact for fact in row.facts}
        signature, deposit = facts.get(FactKind.SIGNATURE), facts.get(FactKind.DEPOSIT)
        if signature is not None:
            events.append(
                RecordChange(signature.date, row.state, treaty, str(_("signed the treaty")), signature.source)
            )
        if deposit is not None:
            events.append(
                RecordChange(deposit.date, row.state, treaty, str(_("deposited its instrument")), deposit.source)
            )
            in_force = row.standing.entry_into_force_on
            if in_force is not None:
                what = str(_("the treaty entered into force for it"))
                events.append(RecordChange(in_force, row.state, treaty, what, deposit.source))
    return sorted(events, key=lambda event: event.day)


def _events_of(treaty: Treaty) -> list[RecordChange]:
    key = ("campaign-record-events", treaty.pk, treaty.record_version, get_language())
    found: list[RecordChange] = memo.get_or_compute(key, lambda: _treaty_events(treaty))
    return found


def record_changes(campaign: Campaign, day: date) -> list[RecordChange]:
    """Signatures, deposits and entries into force (from the register) and statements on use (from the findings)
    dated from the campaign's first day to `day`, the latest first."""
    start = campaign.starts_on
    if day < start:
        return []
    treaties = Treaty.objects.filter(pk__in=DepositaryFact.objects.published().values("treaty_id")).order_by("slug")
    changes = [event for treaty in treaties for event in _events_of(treaty) if start <= event.day <= day]
    statements = (
        Finding.objects.filter(topic=Topic.STATEMENT, state__isnull=False, on__gte=start, on__lte=day)
        .select_related("state", "treaty")
        .prefetch_related("sources")
    )
    for finding in statements:
        assert finding.on is not None and finding.state is not None  # as filtered
        source = next(iter(finding.sources.all()), None)
        changes.append(
            RecordChange(finding.on, finding.state, finding.treaty, str(_("made a statement")), source, finding.text)
        )
    changes.sort(key=lambda change: (change.day, change.state.name), reverse=True)
    return changes
