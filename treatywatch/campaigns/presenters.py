"""What the campaign pages, downloads and API show, each output's fields listed once (`lib.fields`)."""

from __future__ import annotations

from datetime import date

from django.utils.translation import get_language, gettext_noop
from django.utils.translation import gettext_lazy as _

from treatywatch.campaigns.models import Ask, Campaign
from treatywatch.campaigns.targets import Target
from treatywatch.campaigns.wording import reason_words, rule_words
from treatywatch.core.targeting import Cited, Reason, parse_rule
from treatywatch.lib.fields import Many, Output, OutputField
from treatywatch.registry.presenters import REGION_LABEL_FIELD, SOURCE


def _language() -> str:
    return (get_language() or "en").split("-")[0]


CITED = Output(
    "CitedSourceOut",
    (
        OutputField("citation", str, lambda c: c.citation, description=gettext_noop("The source as cited.")),
        OutputField(
            "url", str | None, lambda c: c.url or None, description=gettext_noop("The source's address, if it has one.")
        ),
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
            gettext_noop(
                "status, obligation, role, region, statement, vote or every_member: the condition it bears on."
            ),
        ),
        OutputField(
            "holds", bool, lambda r: r.holds, gettext_noop("Whether the condition, as the rule words it, holds.")
        ),
        OutputField(
            "value",
            str | None,
            lambda r: r.value or None,
            gettext_noop(
                "What the record gives: a status (non_signatory, signatory, party, withdrawn), an obligation's status, "
                "a role reading (affected, cleared, unclear, donor), not_known where the record says nothing."
            ),
        ),
        OutputField(
            "subject",
            str | None,
            lambda r: r.subject or None,
            gettext_noop("A treaty, an obligation, a role or a conflict."),
        ),
        OutputField(
            "treaty",
            str | None,
            lambda r: r.treaty or None,
            gettext_noop("The treaty (its slug) a status or an obligation is under; null for the other kinds."),
        ),
        OutputField("says", str, reason_words, gettext_noop("The fact in words, in the language asked for.")),
        OutputField(
            "text", str | None, lambda r: r.text or None, gettext_noop("A finding's text as the source gives it.")
        ),
        OutputField(
            "on", date | None, lambda r: r.on, gettext_noop("Its day: a deposit, a deadline, a finding's latest day.")
        ),
        OutputField("sources", Many(CITED), _cited, description=gettext_noop("The sources of the fact.")),
    ),
)

APPLIED = Output(
    "AppliedAskOut",
    (
        OutputField("ask", str, lambda pair: pair[0].key, gettext_noop("The ask's key.")),
        OutputField(
            "facts", Many(REASON), lambda pair: list(pair[1].reasons), gettext_noop("The facts that make it apply.")
        ),
    ),
)


def _state_ask_titles(target: Target) -> str:
    return "; ".join(ask.worded(_language()).title for ask in target.state_asks)


TARGET = Output(
    "CampaignTargetOut",
    (
        OutputField(
            "iso3",
            str,
            lambda t: t.state.iso3,
            label=_("ISO code"),
            description=gettext_noop("The State's ISO 3166 alpha-3 code."),
        ),
        OutputField(
            "name",
            str,
            lambda t: t.state.display_name,
            label=_("State"),
            description=gettext_noop("The State's name in the answer's language."),
        ),
        OutputField(
            "region",
            str,
            lambda t: t.state.region,
            label=_("Region"),
            description=(
                gettext_noop(
                    "The State's UN M49 region, as a code (its English name: Africa, Americas, Asia, Europe, Oceania)."
                )
            ),
        ),
        REGION_LABEL_FIELD,
        OutputField(
            "asks",
            list[str],
            lambda t: t.ask_keys,
            gettext_noop("The keys of the asks that apply, those for every member included."),
            cell=lambda t: " ".join(t.ask_keys),
        ),
        OutputField(
            "state_asks",
            list[str],
            lambda t: [a.key for a in t.state_asks],
            gettext_noop("The asks that apply because of where the State stands."),
            cell=_state_ask_titles,
            label=_("Asks for this State"),
            in_api=False,
        ),
        OutputField(
            "applying",
            Many(APPLIED),
            lambda t: list(t.applying),
            gettext_noop("Each ask that applies with the facts behind it, each fact with its sources."),
            in_download=False,
        ),
    ),
)


def _rule_words(ask: Ask) -> str:
    return rule_words(parse_rule(ask.rule))


ASK = Output(
    "AskOut",
    (
        OutputField("key", str, lambda a: a.key, description=gettext_noop("The ask's key, as the targets name it.")),
        OutputField(
            "order", int, lambda a: a.order, description=gettext_noop("The ask's place in the campaign's list.")
        ),
        OutputField("title", str, lambda a: a.worded(_language()).title, gettext_noop("In the language asked for.")),
        OutputField(
            "description",
            str,
            lambda a: a.worded(_language()).description,
            description=gettext_noop("What the ask asks for, in the language asked for."),
        ),
        OutputField(
            "talking_points",
            list[str],
            lambda a: list(a.worded(_language()).talking_points),
            description=gettext_noop("Points to make when putting the ask, in the language asked for."),
        ),
        OutputField(
            "rule", dict[str, object], lambda a: a.rule, gettext_noop("The targeting rule (see docs/campaigns.md).")
        ),
        OutputField("rule_words", str, _rule_words, gettext_noop("The rule in words.")),
        OutputField("for_every_member", bool, lambda a: not a.rule, gettext_noop("An ask with no State condition.")),
    ),
)


def _source(campaign: Campaign) -> object:
    return campaign.source


CAMPAIGN_SUMMARY = (
    OutputField(
        "slug",
        str,
        lambda c: c.slug,
        description=gettext_noop("The campaign's code in the register, used in its addresses."),
    ),
    OutputField("name", str, lambda c: c.name, description=gettext_noop("The campaign's name.")),
    OutputField("starts_on", date, lambda c: c.starts_on, description=gettext_noop("The campaign's first day.")),
    OutputField("ends_on", date, lambda c: c.ends_on, description=gettext_noop("The campaign's last day.")),
    OutputField(
        "languages",
        list[str],
        lambda c: list(c.languages),
        description=gettext_noop("The languages the campaign's asks are written in (en, fr, es)."),
    ),
)

CAMPAIGN_ITEM = Output("CampaignSummaryOut", CAMPAIGN_SUMMARY)

CAMPAIGN = Output(
    "CampaignOut",
    (
        *CAMPAIGN_SUMMARY,
        OutputField("call", str, lambda c: c.call, gettext_noop("The call as the coalition wrote it.")),
        OutputField("source", SOURCE, _source, description=gettext_noop("The source of the campaign's call.")),
        OutputField(
            "asks",
            Many(ASK),
            lambda c: list(c.asks.order_by("order", "key")),
            description=gettext_noop("The campaign's asks, in order."),
        ),
    ),
)
