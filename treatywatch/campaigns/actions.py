"""Campaigns and their asks change only through these functions. Each checks, runs in a transaction and keeps
who, when and why in the history; a refusal says what is wrong and changes nothing.

Site administrators keep campaigns for now (the coalition staff of the organiser will edit them once their role
exists); the loader of the shipped data adds the campaigns the treaty's data folder ships."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction

from treatywatch.campaigns.models import Ask, Campaign
from treatywatch.core.targeting import RuleError, obligations_named, parse_rule, treaties_named
from treatywatch.lib.actions import SHIPPED_DATA, ActionError, Actor, attach_actor
from treatywatch.lib.caching import invalidate_on_commit
from treatywatch.obligations.rules import obligation_rules
from treatywatch.registry.countries import region_names
from treatywatch.registry.models import Treaty

WORDING_PARTS = ("title", "description", "talking_points")


def may_keep_campaigns(actor: Actor) -> bool:
    if actor is SHIPPED_DATA:
        return True
    return bool(actor is not None and actor.is_active and getattr(actor, "is_superuser", False))


def _check(actor: Actor, reason: str, existing: bool) -> None:
    if not reason.strip():
        raise ActionError("Say why (the reason is kept in the history).")
    if not may_keep_campaigns(actor):
        raise ActionError("Only a site administrator can change campaigns and their asks.")
    if actor is SHIPPED_DATA and existing:
        raise ActionError("The shipped data only adds campaigns; it never changes an administrator's.")


def _clean(obj: Campaign | Ask, exclude: list[str] | None = None) -> None:
    try:
        obj.full_clean(exclude=exclude)
    except ValidationError as error:
        raise ActionError("; ".join(f"{name}: {' '.join(m)}" for name, m in error.message_dict.items())) from None


def language_codes() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


def check_languages(languages: Any) -> None:
    known = language_codes()
    if not isinstance(languages, list) or not languages:
        raise ActionError(f"languages: give a list of language codes, from {', '.join(known)}.")
    unknown = [code for code in languages if code not in known]
    if unknown:
        raise ActionError(f"languages: {', '.join(map(str, unknown))} not one of {', '.join(known)}.")


def check_rule(rule: Any) -> None:
    """The rule reads, names only known regions, and only treaties in the register."""
    try:
        parsed = parse_rule(rule, regions=region_names())
    except RuleError as error:
        raise ActionError(str(error)) from None
    treaties = {t.slug: t for t in Treaty.objects.all()}
    missing = sorted(treaties_named(parsed) - set(treaties))
    if missing:
        raise ActionError(f"rule: no treaty {', '.join(map(repr, missing))} in the register.")
    for slug, key in sorted(obligations_named(parsed)):
        keys = sorted(obligation_rules(treaties[slug]))
        if key not in keys:
            known = ", ".join(keys) or "none"
            raise ActionError(f"rule: the {slug} rules set no obligation {key!r} (its obligations: {known}).")


def check_wording(talking_points: Any, translations: Any) -> None:
    if not isinstance(talking_points, list) or not all(isinstance(p, str) and p.strip() for p in talking_points):
        raise ActionError("talking_points: give a list of texts.")
    if not isinstance(translations, dict):
        raise ActionError('translations: give an object by language code, e.g. {"fr": {"title": ...}}.')
    for code, wording in translations.items():
        where = f"translations.{code}"
        if code not in language_codes() or code == "en":
            raise ActionError(f"{where}: not one of {', '.join(c for c in language_codes() if c != 'en')}.")
        if not isinstance(wording, dict) or set(wording) - set(WORDING_PARTS):
            raise ActionError(f"{where}: give an object with {', '.join(WORDING_PARTS)}.")
        points = wording.get("talking_points", [])
        if not isinstance(points, list) or not all(isinstance(p, str) for p in points):
            raise ActionError(f"{where}.talking_points: give a list of texts.")
        if any(not isinstance(wording.get(part, ""), str) for part in ("title", "description")):
            raise ActionError(f"{where}: title and description are texts.")


def do_save_campaign(campaign: Campaign, *, actor: Actor, reason: str) -> Campaign:
    """Add a campaign (unsaved) or change one."""
    _check(actor, reason, campaign.pk is not None)
    check_languages(campaign.languages)
    if campaign.starts_on and campaign.ends_on and campaign.ends_on < campaign.starts_on:
        raise ActionError(f"ends_on: {campaign.ends_on} is before the first day, {campaign.starts_on}.")
    _clean(campaign)
    attach_actor(campaign, actor, reason)
    with transaction.atomic():
        campaign.save()
        invalidate_on_commit()
    return campaign


def do_save_ask(ask: Ask, *, actor: Actor, reason: str) -> Ask:
    """Add an ask (unsaved) to its campaign or change one: its rule must read (see `core.targeting`)."""
    _check(actor, reason, ask.pk is not None)
    check_rule(ask.rule)
    check_wording(ask.talking_points, ask.translations)
    _clean(ask)
    attach_actor(ask, actor, reason)
    with transaction.atomic():
        ask.save()
        invalidate_on_commit()
    return ask


def do_delete_ask(ask: Ask, *, actor: Actor, reason: str) -> None:
    if actor is SHIPPED_DATA:
        raise ActionError("The shipped data never removes an ask.")
    _check(actor, reason, True)
    attach_actor(ask, actor, reason)
    with transaction.atomic():
        ask.delete()
        invalidate_on_commit()
