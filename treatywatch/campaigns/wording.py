"""Targeting rules and the facts behind them in words, in the reader's language: "Not a signatory of the CCM",
"An affected State (the findings list it as contaminated)"."""

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
from treatywatch.lib.dates import date_words
from treatywatch.obligations.labels import DEADLINE_STATUS_LABELS
from treatywatch.registry.labels import REGION_LABELS

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


def _treaty(slug: str) -> str:
    return slug.upper()


def _region(name: str) -> str:
    return str(REGION_LABELS.get(name, name))


def rule_words(rule: Rule) -> str:
    """What a rule asks of a State, in a sentence."""
    match rule:
        case Every():
            return _("Every member, whatever its State.")
        case StatusIs(treaty, statuses):
            said = _(" or ").join(str(STATUS_WORDS[s]) for s in statuses)
            return _("%(status)s of the %(treaty)s") % {"status": said, "treaty": _treaty(treaty)}
        case ObligationIs(treaty, key, test, days):
            test_words = str(OBLIGATION_TEST_WORDS[test])
            return _("its %(treaty)s obligation %(key)s is %(test)s") % {
                "treaty": _treaty(treaty),
                "key": key,
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
    return _worded(get_language(), reason.kind, reason.value, reason.subject, reason.on)


@lru_cache(maxsize=8192)
def _worded(_language: str | None, kind: str, value: str, subject: str, on: date | None) -> str:
    return _reason_sentence(Reason(kind, True, value, subject, on=on))


def _reason_sentence(reason: Reason) -> str:
    day = date_words(reason.on) if reason.on else ""
    match reason.kind:
        case "every_member":
            return _("For every member, whatever its State.")
        case "status":
            if reason.value == "not_known":
                return _("No status under the %(treaty)s is recorded.") % {"treaty": _treaty(reason.subject)}
            status = STATUS_WORDS.get(reason.value, reason.value)
            if day:
                return _("%(treaty)s: %(status)s (since %(day)s).") % {
                    "treaty": _treaty(reason.subject),
                    "status": status,
                    "day": day,
                }
            return _("%(treaty)s: %(status)s.") % {"treaty": _treaty(reason.subject), "status": status}
        case "obligation":
            if reason.value == "none":
                return _("No %(key)s obligation is recorded.") % {"key": reason.subject}
            status = str(DEADLINE_STATUS_LABELS.get(reason.value, reason.value)).lower()
            if not day:  # the status says already that no deadline is set or recorded
                return _("Obligation %(key)s: %(status)s.") % {"key": reason.subject, "status": status}
            return _("Obligation %(key)s: %(status)s, deadline %(day)s.") % {
                "key": reason.subject,
                "status": status,
                "day": day,
            }
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
