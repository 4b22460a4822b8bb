"""A campaign's targets on a day: every State's record as it stood then, and which asks apply to it and why.

Each State's snapshot (`core.targeting.StateSnapshot`) is put together from the fast paths the rest of the site
uses, never with a query per State: the register's timelines (`registry.standings.treaty_view`), the obligations
engine's deadlines (`obligations.engine.treaty_deadlines`, only for the treaties a rule asks about obligations
of) and one query for the findings known on the day. The snapshots of a day are kept in memory under the
treaties' record versions (a finding's change raises its treaty's), so an edit is seen at once."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from django.db.models import Prefetch, Q

from treatywatch.campaigns.models import Ask, Campaign
from treatywatch.core.memory import collector_paused
from treatywatch.core.status import Status
from treatywatch.core.targeting import (
    TOPICS,
    Cited,
    Finding,
    ObligationState,
    Rule,
    StateSnapshot,
    TreatyStatus,
    Verdict,
    evaluate,
    obligations_named,
    parse_rule,
    treaties_named,
)
from treatywatch.lib.caching import memo
from treatywatch.obligations.engine import treaty_deadlines
from treatywatch.obligations.models import ObligationFact
from treatywatch.obligations.presenters import deadline_shown, reports_not_recorded
from treatywatch.positions.models import Finding as FindingRecord
from treatywatch.positions.presenters import is_gap
from treatywatch.registry.models import DepositaryFact, Source, State, Treaty
from treatywatch.registry.standings import treaty_record, treaty_view

_STATUS_NAMES = {
    Status.NOT_SIGNED: "non_signatory",
    Status.SIGNATORY: "signatory",
    Status.PARTY: "party",
    Status.WITHDRAWAL_PENDING: "party",
    Status.WITHDRAWN: "withdrawn",
}


def cited(sources: Iterable[Source]) -> tuple[Cited, ...]:
    return tuple(Cited(s.citation, s.url) for s in sources)


def cited_once(facts: Iterable[DepositaryFact | ObligationFact]) -> tuple[Cited, ...]:
    """Each fact's source once, in the facts' order."""
    seen: dict[int, Source] = {}
    for fact in facts:
        seen.setdefault(fact.source.pk, fact.source)
    return cited(seen.values())


@dataclass(frozen=True)
class ParsedAsk:
    ask: Ask
    rule: Rule

    @property
    def for_every_member(self) -> bool:
        return not self.ask.rule


@dataclass(frozen=True)
class Target:
    """One State on the day: the asks that apply to it, each with the facts behind it."""

    state: State
    snapshot: StateSnapshot
    applying: tuple[tuple[Ask, Verdict], ...]

    @property
    def ask_keys(self) -> list[str]:
        return [ask.key for ask, _verdict in self.applying]

    @property
    def state_asks(self) -> list[Ask]:
        """The asks that apply because of where the State stands (not those for every member)."""
        return [ask for ask, _verdict in self.applying if ask.rule]


@dataclass(frozen=True)
class CampaignTargets:
    campaign: Campaign
    day: date
    asks: tuple[ParsedAsk, ...]
    targets: tuple[Target, ...]

    def filtered(self, region: str | None = None, ask: str | None = None) -> list[Target]:
        return [t for t in self.targets if (not region or t.state.region == region) and (not ask or ask in t.ask_keys)]


def parsed_asks(campaign: Campaign) -> tuple[ParsedAsk, ...]:
    return tuple(ParsedAsk(ask, parse_rule(ask.rule)) for ask in campaign.asks.order_by("order", "key"))


def _statuses(treaty: Treaty, day: date) -> dict[int, TreatyStatus]:
    view = treaty_view(treaty, day)
    if not view.record_imported:
        return {}
    # A State with no fact is cited to the record its status was read from: the sources of the treaty's record.
    record_sources = cited_once(f for facts in treaty_record(treaty).facts.values() for f in facts)
    found = {}
    for row in view.rows:
        standing = row.standing
        sources = cited_once(row.facts) or record_sources
        found[row.state.pk] = TreatyStatus(
            _STATUS_NAMES[standing.status],
            standing.signed_on,
            standing.deposited_on,
            standing.entry_into_force_on if standing.in_force else None,
            sources,
        )
    return found


def _obligations(treaty: Treaty, day: date) -> dict[int, list[ObligationState]]:
    """Each State's deadlines on `day`, as the compliance pages show them: a report deadline is never called due
    or overdue while the register records no submission of that report at all."""
    found: dict[int, list[ObligationState]] = defaultdict(list)
    unrecorded = {rule.key for rule in reports_not_recorded(treaty)}
    for item in treaty_deadlines(treaty, day):
        if not deadline_shown(item, unrecorded):
            continue
        deadline = item.deadline
        found[item.state.pk].append(
            ObligationState(
                item.rule.key,
                item.rule.title,
                deadline.status.value,
                deadline.current,
                cited_once(item.facts),
            )
        )
    return found


def _findings(day: date) -> dict[int, list[Finding]]:
    """The findings about each State known on `day` (their whole period had passed), in one query and its
    sources' one."""
    rows = (
        FindingRecord.objects.filter(state__isnull=False, topic__in=TOPICS)
        .filter(Q(on__lte=day))
        .prefetch_related(Prefetch("sources", queryset=Source.objects.order_by("citation")))
    )
    found: dict[int, list[Finding]] = defaultdict(list)
    for row in rows:
        assert row.state_id is not None
        found[row.state_id].append(
            Finding(
                row.topic,
                row.text,
                row.on,
                row.report_year,
                row.as_of_text,
                is_gap(row),
                cited(row.sources.all()),
            )
        )
    return found


def _snapshots(
    treaties: Sequence[Treaty], with_obligations: Sequence[Treaty], day: date
) -> tuple[tuple[State, StateSnapshot], ...]:
    statuses = {t.slug: _statuses(t, day) for t in treaties}
    obligations = {t.slug: _obligations(t, day) for t in with_obligations}
    findings = _findings(day)
    states = State.objects.filter(Q(ended_on__isnull=True) | Q(ended_on__gt=day)).order_by("name")
    result = []
    for state in states:
        snapshot = StateSnapshot(
            iso3=state.iso3,
            region=state.region,
            statuses={slug: found[state.pk] for slug, found in statuses.items() if state.pk in found},
            obligations={slug: tuple(found.get(state.pk, ())) for slug, found in obligations.items()},
            findings=tuple(findings.get(state.pk, ())),
        )
        result.append((state, snapshot))
    return tuple(result)


Snapshots = tuple[tuple[State, StateSnapshot], ...]


def snapshots_on(day: date, treaty_slugs: set[str], obligation_slugs: set[str]) -> tuple[tuple[object, ...], Snapshots]:
    """Every State's snapshot on `day` under the treaties named (their obligations only where asked), and the key
    they are kept under."""
    treaties = list(Treaty.objects.filter(slug__in=treaty_slugs).order_by("slug"))
    with_obligations = [t for t in treaties if t.slug in obligation_slugs]
    # Findings are read for every treaty, and a finding's change raises its treaty's version: every version counts.
    versions = tuple(Treaty.objects.order_by("pk").values_list("pk", "record_version"))
    key = ("campaign-snapshots", versions, tuple(sorted(treaty_slugs)), tuple(sorted(obligation_slugs)), day)
    found: Snapshots = memo.get_or_compute(key, lambda: _snapshots(treaties, with_obligations, day))
    return key, found


Applying = tuple[tuple[tuple[str, Verdict], ...], ...]


def _verdicts(asks: Sequence[ParsedAsk], snapshots: Snapshots, day: date) -> Applying:
    """Per State, the keys of the asks that apply with their verdicts. Evaluating makes many small objects that
    live on with the answer: the collector is paused meanwhile (see `core.memory`)."""
    with collector_paused():
        return tuple(
            tuple((a.ask.key, verdict) for a in asks if (verdict := evaluate(a.rule, snapshot, day)).applies)
            for _state, snapshot in snapshots
        )


def campaign_targets(campaign: Campaign, day: date) -> CampaignTargets:
    """Which of the campaign's asks apply to each State on `day`, with the facts behind each. The verdicts are
    kept in memory under the snapshots' key and the asks' rules, so only an ask's wording is read anew."""
    asks = parsed_asks(campaign)
    treaty_slugs = set().union(*(treaties_named(a.rule) for a in asks))
    obligation_slugs = {treaty for a in asks for treaty, _key in obligations_named(a.rule)}
    snapshot_key, snapshots = snapshots_on(day, treaty_slugs, obligation_slugs)
    rules = tuple((a.ask.key, json.dumps(a.ask.rule, sort_keys=True)) for a in asks)
    applying: Applying = memo.get_or_compute(
        ("campaign-verdicts", snapshot_key, rules), lambda: _verdicts(asks, snapshots, day)
    )
    by_key = {a.ask.key: a.ask for a in asks}
    targets = tuple(
        Target(state, snapshot, tuple((by_key[key], verdict) for key, verdict in found))
        for (state, snapshot), found in zip(snapshots, applying, strict=True)
    )
    return CampaignTargets(campaign, day, asks, targets)
