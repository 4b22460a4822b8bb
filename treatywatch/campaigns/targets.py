"""A campaign's targets on a day: every State's record as it stood then, and which asks apply to it and why.

Each State's snapshot (`core.targeting.StateSnapshot`) is put together from the fast paths the rest of the site
uses, never with a query per State: the register's timelines (`registry.standings.treaty_view`), the obligations
engine's deadlines (`obligations.engine.treaty_deadlines`, only for the treaties a rule asks about obligations
of) and one query for the findings known on the day. The snapshots of a day are kept in memory under the
treaties' record versions (a finding's change raises its treaty's), so an edit is seen at once."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from django.db.models import Prefetch, Q

from treatywatch.campaigns.models import Ask, Campaign
from treatywatch.core.status import Status
from treatywatch.core.targeting import (
    TOPICS,
    All,
    AnyOf,
    Cited,
    Finding,
    Not,
    ObligationIs,
    ObligationState,
    Rule,
    StateSnapshot,
    TreatyStatus,
    Verdict,
    evaluate,
    parse_rule,
    treaties_named,
)
from treatywatch.lib.caching import memo
from treatywatch.obligations.engine import treaty_deadlines
from treatywatch.obligations.models import ObligationFact
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


def _asks_obligations(rule: Rule) -> set[str]:
    """The treaties whose obligations a rule reads."""
    match rule:
        case ObligationIs(treaty):
            return {treaty}
        case All(parts) | AnyOf(parts):
            return set().union(*(_asks_obligations(p) for p in parts))
        case Not(inner):
            return _asks_obligations(inner)
    return set()


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
    found: dict[int, list[ObligationState]] = defaultdict(list)
    for item in treaty_deadlines(treaty, day):
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


def snapshots_on(
    day: date, treaty_slugs: set[str], obligation_slugs: set[str]
) -> tuple[tuple[State, StateSnapshot], ...]:
    """Every State's snapshot on `day` under the treaties named (their obligations only where asked)."""
    treaties = list(Treaty.objects.filter(slug__in=treaty_slugs).order_by("slug"))
    with_obligations = [t for t in treaties if t.slug in obligation_slugs]
    versions = tuple((t.slug, t.record_version) for t in treaties)
    # Findings are read for every treaty: any treaty's version changes when one of its findings does.
    all_versions = tuple(Treaty.objects.order_by("pk").values_list("pk", "record_version"))
    key = ("campaign-snapshots", versions, all_versions, tuple(sorted(obligation_slugs)), day)
    found: tuple[tuple[State, StateSnapshot], ...] = memo.get_or_compute(
        key, lambda: _snapshots(treaties, with_obligations, day)
    )
    return found


def campaign_targets(campaign: Campaign, day: date) -> CampaignTargets:
    """Which of the campaign's asks apply to each State on `day`, with the facts behind each."""
    asks = parsed_asks(campaign)
    treaty_slugs = set().union(*(treaties_named(a.rule) for a in asks))
    obligation_slugs = set().union(*(_asks_obligations(a.rule) for a in asks))
    targets = []
    for state, snapshot in snapshots_on(day, treaty_slugs, obligation_slugs):
        verdicts = ((a.ask, evaluate(a.rule, snapshot, day)) for a in asks)
        targets.append(Target(state, snapshot, tuple((ask, v) for ask, v in verdicts if v.applies)))
    return CampaignTargets(campaign, day, asks, tuple(targets))
