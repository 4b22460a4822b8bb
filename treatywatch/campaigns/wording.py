"""Targeting rules and the facts behind them in words, in the reader's language: "Not a signatory of the CCM",
"CCM, Destruction of stockpiled cluster munitions: overdue", "An affected State (the findings list it as
contaminated)". A treaty is named by its short name and an obligation by its title, each in the reader's language."""

from __future__ import annotations

from datetime import date
from functools import lru_cache

from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from treatywatch.core.targeting import (
    All,
    AnyOf,
    CastVote,
    Every,
    HasRole,
    InRegion,
    MadeStatement,
    Not,
    ObligationIs,
    Reason,
    Rule,
    StatusIs,
)
from treatywatch.lib.caching import generation
from treatywatch.lib.dates import date_words
from treatywatch.obligations.labels import DEADLINE_STATUS_LABELS, obligation_title
from treatywatch.obligations.rules import obligation_rules
from treatywatch.registry.labels import REGION_LABELS, treaty_name
from treatywatch.registry.models import Treaty

STATUS_WORDS = {
    "non_signatory": gettext_lazy("not a signatory"),
    "signatory": gettext_lazy("a signatory that has not ratified"),
    "party": gettext_lazy("a State Party"),
    "withdrawn": gettext_lazy("withdrawn"),
}
ROLE_WORDS = {"affected": gettext_lazy("an affected State"), "donor": gettext_lazy("a donor")}
VOTE_WORDS = {"yes": gettext_lazy("in favour"), "no": gettext_lazy("against"), "abstain": gettext_lazy("abstained")}
OBLIGATION_TEST_WORDS = {
    "open": gettext_lazy("open"),
    "overdue": gettext_lazy("overdue"),
    "due_within": gettext_lazy("due within %(days)d days"),
}


# Each treaty's short name and its obligations' titles as the register holds them (in English), by slug: read
# again after each change to the data (the pages' generation), or when a slug is not known yet.
_names: tuple[int, dict[str, tuple[str, dict[str, str]]]] | None = None


def _register_names(slug: str) -> tuple[str, dict[str, str]] | None:
    global _names
    now = generation()
    if _names is None or _names[0] != now or slug not in _names[1]:
        treaties = Treaty.objects.only("slug", "short_name", "rules_data")
        _names = (now, {t.slug: (t.short_name, {k: r.title for k, r in obligation_rules(t).items()}) for t in treaties})
    return _names[1].get(slug)


def treaty_short_name(slug: str) -> str:
    """A treaty's short name in the reader's language (its slug in capitals if the register has no such treaty)."""
    found = _register_names(slug)
    return treaty_name(found[0]) if found else slug.upper()


def obligation_words(slug: str, key: str) -> str:
    """An obligation's title in the reader's language (its key if the treaty's rules do not name it)."""
    found = _register_names(slug)
    title = found[1].get(key) if found else None
    return obligation_title(title) if title else key


def _region(name: str) -> str:
    return str(REGION_LABELS.get(name, name))


def rule_words(rule: Rule) -> str:
    """What a rule asks of a State, in a sentence."""
    match rule:
        case Every():
            return _("Every member, whatever its State.")
        case StatusIs(treaty, statuses):
            said = _(" or ").join(str(STATUS_WORDS[s]) for s in statuses)
            return _("%(status)s of the %(treaty)s") % {"status": said, "treaty": treaty_short_name(treaty)}
        case ObligationIs(treaty, key, test, days):
            test_words = str(OBLIGATION_TEST_WORDS[test])
            return _("its obligation under the %(treaty)s, %(title)s, is %(test)s") % {
                "treaty": treaty_short_name(treaty),
                "title": obligation_words(treaty, key),
                "test": test_words % {"days": days} if test == "due_within" else test_words,
            }
        case HasRole(role):
            return _("%(role)s, as the Monitor's findings say") % {"role": ROLE_WORDS[role]}
        case InRegion(regions):
            return _("in %(regions)s") % {"regions": _(" or ").join(_region(r) for r in regions)}
        case MadeStatement(conflict):
            if conflict:
                return _("a statement condemning use in %(conflict)s is recorded") % {"conflict": conflict}
            return _("a statement condemning use is recorded")
        case CastVote(cast):
            return _("the record names its UN General Assembly vote: %(vote)s") % {"vote": VOTE_WORDS[cast]}
        case All(parts):
            return _("all of: %(parts)s") % {"parts": "; ".join(rule_words(p) for p in parts)}
        case AnyOf(parts):
            return _("any of: %(parts)s") % {"parts": "; ".join(rule_words(p) for p in parts)}
        case Not(inner):
            return _("not (%(rule)s)") % {"rule": rule_words(inner)}
    raise TypeError(rule)


def reason_words(reason: Reason) -> str:
    """One fact behind a verdict, in a sentence (the finding's own text is shown beside it as written). The same
    few hundred sentences recur on every day and in every answer: each is worded once per language."""
    slug = reason.treaty or (reason.subject if reason.kind == "status" else "")
    treaty = treaty_short_name(slug) if slug else ""
    title = obligation_words(slug, reason.subject) if reason.kind == "obligation" else ""
    return _worded(get_language(), reason.kind, reason.value, reason.subject, reason.on, treaty, title)


@lru_cache(maxsize=8192)
def _worded(
    _language: str | None, kind: str, value: str, subject: str, on: date | None, treaty: str, title: str
) -> str:
    return _reason_sentence(Reason(kind, True, value, subject, on=on), treaty, title)


def _reason_sentence(reason: Reason, treaty: str, title: str) -> str:
    """`treaty` is the short name of the treaty a status or an obligation is under, `title` the obligation's
    title, both in the reader's language."""
    day = date_words(reason.on) if reason.on else ""
    match reason.kind:
        case "every_member":
            return _("For every member, whatever its State.")
        case "status":
            if reason.value == "not_known":
                return _("No status under the %(treaty)s is recorded.") % {"treaty": treaty}
            status = STATUS_WORDS.get(reason.value, reason.value)
            if day:
                return _("%(treaty)s: %(status)s (since %(day)s).") % {"treaty": treaty, "status": status, "day": day}
            return _("%(treaty)s: %(status)s.") % {"treaty": treaty, "status": status}
        case "obligation":
            named = {"treaty": treaty, "title": title or reason.subject}
            if reason.value == "none":
                return _("%(treaty)s, %(title)s: no such obligation is recorded.") % named
            status = str(DEADLINE_STATUS_LABELS.get(reason.value, reason.value)).lower()
            if not day:  # the status says already that no deadline is set or recorded
                return _("%(treaty)s, %(title)s: %(status)s.") % {**named, "status": status}
            return _("%(treaty)s, %(title)s: %(status)s, deadline %(day)s.") % {**named, "status": status, "day": day}
        case "role":
            return _role_words(reason, day)
        case "region":
            return _("Region: %(region)s.") % {"region": _region(reason.value)}
        case "statement":
            if reason.value == "none_recorded":
                if reason.subject:
                    return _("No statement condemning use in %(conflict)s is recorded.") % {"conflict": reason.subject}
                return _("No statement condemning use is recorded.")
            return _("Statement recorded (%(day)s).") % {"day": day}
        case "vote":
            if reason.value == "not_known":
                return _("The record does not name its UN General Assembly vote.")
            if reason.value == "other":
                return _("The record names its vote, not as %(vote)s.") % {"vote": VOTE_WORDS[reason.subject]}
            return _("UN General Assembly vote: %(vote)s.") % {"vote": VOTE_WORDS[reason.value]}
    return reason.kind


def _role_words(reason: Reason, day: str) -> str:
    role = ROLE_WORDS.get(reason.subject, reason.subject)
    if reason.value == "not_known":
        return _("No finding known on this day names it %(role)s.") % {"role": role}
    if reason.value == "cleared":
        return _("The latest finding reports clearance completed (%(day)s).") % {"day": day}
    if reason.value == "unclear":
        return _("The latest finding says it is unclear whether it is contaminated (%(day)s).") % {"day": day}
    return _("Named %(role)s by a finding (%(day)s).") % {"role": role, "day": day}
