"""A campaign file (JSON): the campaign, its source and its asks, imported all or nothing.

    {"campaign": {"slug", "name", "starts_on", "ends_on", "languages", "call", "source": {"citation", "url",
                  "primary"}},
     "asks": [{"key", "order", "title", "description", "talking_points", "translations", "rule"}, ...]}

Every problem is listed with the file and the field (`oslo-10.json: asks[2].rule.status.in: ...`); a file with
any problem changes nothing. A campaign already in the register is left as it is: administrators change it in
the admin, with a reason each time."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from django.db import transaction

from treatywatch.campaigns.actions import check_languages, check_rule, check_wording, do_save_ask, do_save_campaign
from treatywatch.campaigns.models import Ask, Campaign
from treatywatch.lib.actions import ActionError, Actor
from treatywatch.registry.actions import do_create_source
from treatywatch.registry.importers.errors import ImportRefused
from treatywatch.registry.models import Source

CAMPAIGN_FIELDS = ("slug", "name", "starts_on", "ends_on", "languages", "call", "source")
ASK_FIELDS = ("key", "order", "title", "description", "talking_points", "translations", "rule")
REASON = "campaign file imported"


@dataclass
class CampaignFile:
    path: Path
    campaign: Campaign
    source: dict[str, Any]
    asks: list[Ask] = field(default_factory=list)
    exists: bool = False

    def lines(self, committed: bool) -> list[str]:
        head = f"{self.path.name}: campaign {self.campaign.slug!r}, {len(self.asks)} asks"
        if self.exists:
            return [head, "Nothing to change: the register already holds this campaign (change it in the admin)."]
        out = [head, *(f"  ask {a.key}: {a.title}" for a in self.asks)]
        out.append("Committed." if committed else "Dry run: nothing was written. Run again with --commit to apply.")
        return out


class _Problems(list[str]):
    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = path

    def add(self, where: str, why: str) -> None:
        self.append(f"{self.path.name}: {where}: {why}")


def _day(value: Any, where: str, problems: _Problems) -> date | None:
    try:
        return date.fromisoformat(value)
    except (TypeError, ValueError):
        problems.add(where, f"{value!r} is not a date (YYYY-MM-DD)")
        return None


def _fields(data: Any, where: str, allowed: tuple[str, ...], required: tuple[str, ...], problems: _Problems) -> bool:
    if not isinstance(data, dict):
        problems.add(where, "expected an object")
        return False
    for name in sorted(set(data) - set(allowed)):
        problems.add(f"{where}.{name}", f"unknown field; allowed: {', '.join(allowed)}")
    for name in required:
        if data.get(name) in (None, ""):
            problems.add(f"{where}.{name}", "missing")
    return True


def _text(data: dict[str, Any], name: str, where: str, problems: _Problems) -> str:
    value = data.get(name, "")
    if not isinstance(value, str):
        problems.add(f"{where}.{name}", "expected a text")
        return ""
    return value.strip()


def _check(problems: _Problems, where: str, check: Any, *args: Any) -> None:
    try:
        check(*args)
    except ActionError as error:
        problems.add(where, str(error))


def _read_campaign(data: Any, problems: _Problems) -> tuple[Campaign, dict[str, Any]]:
    campaign = Campaign()
    source: dict[str, Any] = {}
    if not _fields(data, "campaign", CAMPAIGN_FIELDS, ("slug", "name", "starts_on", "ends_on", "source"), problems):
        return campaign, source
    campaign.slug = _text(data, "slug", "campaign", problems)
    campaign.name = _text(data, "name", "campaign", problems)
    campaign.call = _text(data, "call", "campaign", problems)
    starts, ends = (_day(data.get(k), f"campaign.{k}", problems) for k in ("starts_on", "ends_on"))
    if starts and ends and ends < starts:
        problems.add("campaign.ends_on", f"{ends} is before the first day, {starts}")
    campaign.starts_on, campaign.ends_on = starts or date.min, ends or date.min
    campaign.languages = data.get("languages", ["en"])
    _check(problems, "campaign", check_languages, campaign.languages)
    given = data.get("source")
    if _fields(given, "campaign.source", ("citation", "url", "primary"), ("citation",), problems):
        source = given
    return campaign, source


def _read_ask(data: Any, where: str, problems: _Problems) -> Ask | None:
    if not _fields(data, where, ASK_FIELDS, ("key", "title"), problems):
        return None
    ask = Ask(
        key=_text(data, "key", where, problems),
        title=_text(data, "title", where, problems),
        description=_text(data, "description", where, problems),
        talking_points=data.get("talking_points", []),
        translations=data.get("translations", {}),
        rule=data.get("rule", {}),
    )
    order = data.get("order", 0)
    if not isinstance(order, int) or isinstance(order, bool) or order < 0:
        problems.add(f"{where}.order", "expected a whole number, 0 or more")
    else:
        ask.order = order
    _check(problems, where, check_rule, ask.rule)
    _check(problems, where, check_wording, ask.talking_points, ask.translations)
    return ask


def read_campaign_file(path: Path) -> CampaignFile:
    """The file as it would be imported, or ImportRefused with every problem and where it is."""
    problems = _Problems(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ImportRefused([f"{path}: no such file"]) from None
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ImportRefused([f"{path.name}: not a JSON file in UTF-8: {error}"]) from None
    if not _fields(data, "file", ("campaign", "asks"), ("campaign",), problems):
        raise ImportRefused(list(problems))
    campaign, source = _read_campaign(data["campaign"], problems)
    asks_data = data.get("asks", [])
    if not isinstance(asks_data, list):
        problems.add("asks", "expected a list")
        asks_data = []
    asks = [a for i, item in enumerate(asks_data) if (a := _read_ask(item, f"asks[{i}]", problems))]
    keys = [a.key for a in asks]
    for key in sorted({k for k in keys if keys.count(k) > 1}):
        problems.add("asks", f"the key {key!r} is given more than once")
    if problems:
        raise ImportRefused(list(problems))
    exists = Campaign.objects.filter(slug=campaign.slug).exists()
    return CampaignFile(path, campaign, source, asks, exists)


def _source(given: dict[str, Any], actor: Actor) -> Source:
    citation = str(given["citation"]).strip()
    found = Source.objects.filter(citation=citation).first()
    if found:
        return found
    url = str(given.get("url") or "")
    return do_create_source(citation=citation, url=url, primary=bool(given.get("primary", True)), actor=actor)


def import_campaign_file(path: Path, *, commit: bool, actor: Actor) -> tuple[CampaignFile, bool]:
    """Read the file and, with `commit`, write it in one transaction. Returns the file read and whether it was
    written."""
    read = read_campaign_file(path)
    if not commit or read.exists:
        return read, False
    try:
        with transaction.atomic():
            read.campaign.source = _source(read.source, actor)
            do_save_campaign(read.campaign, actor=actor, reason=REASON)
            for ask in read.asks:
                ask.campaign = read.campaign
                do_save_ask(ask, actor=actor, reason=REASON)
    except ActionError as error:
        raise ImportRefused([f"{path.name}: {error}"]) from None
    return read, True
