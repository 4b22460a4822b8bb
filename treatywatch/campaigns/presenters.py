"""What the campaign pages, downloads and API show, each output's fields listed once (`lib.fields`)."""

from __future__ import annotations

from datetime import date

from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from treatywatch.campaigns.models import Ask, Campaign
from treatywatch.campaigns.targets import Target
from treatywatch.campaigns.wording import reason_words, rule_words
from treatywatch.core.targeting import Cited, Reason, parse_rule
from treatywatch.lib.fields import Many, Output, OutputField
from treatywatch.registry.presenters import SOURCE


def _language() -> str:
    return (get_language() or "en").split("-")[0]


CITED = Output(
    "CitedSourceOut",
    (
        OutputField("citation", str, lambda c: c.citation),
        OutputField("url", str | None, lambda c: c.url or None),
    ),
)


class SourceNotes:
    """The sources the facts on a page or a brief cite, each listed once at its foot and cited by number."""

    def __init__(self) -> None:
        self.listed: dict[Cited, int] = {}

    def numbers(self, sources: tuple[Cited, ...]) -> list[int]:
        return [self.listed.setdefault(source, len(self.listed) + 1) for source in sources]


def _cited(reason: Reason) -> list[Cited]:
    return list(reason.sources)


REASON = Output(
    "TargetingFactOut",
    (
        OutputField(
            "kind",
            str,
            lambda r: r.kind,
            "status, obligation, role, region, statement, vote or every_member: the condition it bears on.",
        ),
        OutputField("holds", bool, lambda r: r.holds, "Whether the condition, as the rule words it, holds."),
        OutputField(
            "value",
            str | None,
            lambda r: r.value or None,
            "What the record gives: a status (non_signatory, signatory, party, withdrawn), an obligation's status, "
            "a role reading (affected, cleared, unclear, donor), not_known where the record says nothing.",
        ),
        OutputField(
            "subject", str | None, lambda r: r.subject or None, "A treaty, an obligation, a role or a conflict."
        ),
        OutputField(
            "treaty",
            str | None,
            lambda r: r.treaty or None,
            "The treaty (its slug) a status or an obligation is under; null for the other kinds.",
        ),
        OutputField("says", str, reason_words, "The fact in words, in the language asked for."),
        OutputField("text", str | None, lambda r: r.text or None, "A finding's text as the source gives it."),
        OutputField("on", date | None, lambda r: r.on, "Its day: a deposit, a deadline, a finding's latest day."),
        OutputField("sources", Many(CITED), _cited),
    ),
)

APPLIED = Output(
    "AppliedAskOut",
    (
        OutputField("ask", str, lambda pair: pair[0].key, "The ask's key."),
        OutputField("facts", Many(REASON), lambda pair: list(pair[1].reasons), "The facts that make it apply."),
    ),
)


def _state_ask_titles(target: Target) -> str:
    return "; ".join(ask.worded(_language()).title for ask in target.state_asks)


TARGET = Output(
    "CampaignTargetOut",
    (
        OutputField("iso3", str, lambda t: t.state.iso3, label=_("ISO code")),
        OutputField("name", str, lambda t: t.state.display_name, label=_("State")),
        OutputField("region", str, lambda t: t.state.region, label=_("Region")),
        OutputField(
            "asks",
            list[str],
            lambda t: t.ask_keys,
            "The keys of the asks that apply, those for every member included.",
            cell=lambda t: " ".join(t.ask_keys),
        ),
        OutputField(
            "state_asks",
            list[str],
            lambda t: [a.key for a in t.state_asks],
            "The asks that apply because of where the State stands.",
            cell=_state_ask_titles,
            label=_("Asks for this State"),
            in_api=False,
        ),
        OutputField(
            "applying",
            Many(APPLIED),
            lambda t: list(t.applying),
            "Each ask that applies with the facts behind it, each fact with its sources.",
            in_download=False,
        ),
    ),
)


def _rule_words(ask: Ask) -> str:
    return rule_words(parse_rule(ask.rule))


ASK = Output(
    "AskOut",
    (
        OutputField("key", str, lambda a: a.key),
        OutputField("order", int, lambda a: a.order),
        OutputField("title", str, lambda a: a.worded(_language()).title, "In the language asked for."),
        OutputField("description", str, lambda a: a.worded(_language()).description),
        OutputField("talking_points", list[str], lambda a: list(a.worded(_language()).talking_points)),
        OutputField("rule", dict[str, object], lambda a: a.rule, "The targeting rule (see docs/campaigns.md)."),
        OutputField("rule_words", str, _rule_words, "The rule in words."),
        OutputField("for_every_member", bool, lambda a: not a.rule, "An ask with no State condition."),
    ),
)


def _source(campaign: Campaign) -> object:
    return campaign.source


CAMPAIGN_SUMMARY = (
    OutputField("slug", str, lambda c: c.slug),
    OutputField("name", str, lambda c: c.name),
    OutputField("starts_on", date, lambda c: c.starts_on),
    OutputField("ends_on", date, lambda c: c.ends_on),
    OutputField("languages", list[str], lambda c: list(c.languages)),
)

CAMPAIGN_ITEM = Output("CampaignSummaryOut", CAMPAIGN_SUMMARY)

CAMPAIGN = Output(
    "CampaignOut",
    (
        *CAMPAIGN_SUMMARY,
        OutputField("call", str, lambda c: c.call, "The call as the coalition wrote it."),
        OutputField("source", SOURCE, _source),
        OutputField("asks", Many(ASK), lambda c: list(c.asks.order_by("order", "key"))),
    ),
)
