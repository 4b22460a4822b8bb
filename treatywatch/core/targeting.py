"""Which of a campaign's asks apply to a State on a day, and the facts that say why.

An ask's rule is a small JSON language (documented in docs/campaigns.md):

    {}                                                    every member, whatever its State
    {"status": {"treaty": "ccm", "in": ["signatory"]}}    the State's status under a treaty
    {"obligation": {"treaty": "ccm", "key": "clearance", "is": "open"}}
                                                          an obligation open, overdue, or due within N days
                                                          ("is": "due_within", "days": 365)
    {"role": "affected"} / {"role": "donor"}              a role the Monitor's findings give it
    {"region": ["Africa", "Asia"]}                        its UN M49 region
    {"statement": {"conflict": "Syria"}}                  a recorded statement on use (naming that conflict)
    {"vote": {"cast": "no"}}                              a UN General Assembly vote the record names
    {"all": [...]}, {"any": [...]}, {"not": {...}}        combined

A rule is evaluated on a `StateSnapshot`: the record of one State as it stood on one day, built by the
Django side from the register, the obligations engine and the findings. The answer is a `Verdict`: whether
the rule applies, and the `Reason`s behind it, each with its sources, so a brief or the API can say why.

Roles are read from the findings, never typed in: a State is *affected* when the latest contamination finding
about it known on the day lists it as contaminated (not one that reports clearance completed, nor one that
says it is unclear), and a *donor* when a support finding known on the day names it a donor. A deadline the
obligations engine cannot place (status `not_known`) is never taken as overdue nor as open.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import Any, Literal

# ---- What a State looks like on a day --------------------------------------------------------------------


@dataclass(frozen=True)
class Cited:
    """A source, as a fact cites it."""

    citation: str
    url: str = ""


STATUSES = ("non_signatory", "signatory", "party", "withdrawn")


@dataclass(frozen=True)
class TreatyStatus:
    """A State's status under one treaty on the day, with the dates behind it."""

    status: str  # one of STATUSES
    signed_on: date | None = None
    deposited_on: date | None = None
    in_force_on: date | None = None
    sources: tuple[Cited, ...] = ()


# The obligations engine's statuses that leave an obligation open, and the ones that say it is late.
OPEN_STATUSES = frozenset({"due", "overdue", "extension_requested", "no_deadline_recorded"})
OVERDUE_STATUSES = frozenset({"overdue"})


@dataclass(frozen=True)
class ObligationState:
    """One deadline of the State as the obligations engine gives it on the day."""

    key: str  # the obligation's key in the treaty's rules: clearance, stockpile_destruction...
    title: str
    status: str  # the engine's DeadlineStatus value
    deadline: date | None = None
    sources: tuple[Cited, ...] = ()


TOPICS = ("contamination", "support", "statement", "unga_vote")


@dataclass(frozen=True)
class Finding:
    """A finding about the State, known on the day (its whole period had passed)."""

    topic: str  # one of TOPICS (other topics play no part in rules)
    text: str
    on: date | None
    report_year: int
    as_written: str = ""
    gap: bool = False  # records only that something was searched for and not found
    sources: tuple[Cited, ...] = ()


@dataclass(frozen=True)
class StateSnapshot:
    iso3: str
    region: str
    statuses: Mapping[str, TreatyStatus] = field(default_factory=dict)  # by treaty slug
    obligations: Mapping[str, tuple[ObligationState, ...]] = field(default_factory=dict)  # by treaty slug
    findings: tuple[Finding, ...] = ()


# ---- What an answer says ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Reason:
    """One fact behind a verdict. `kind` names the condition (status, obligation, role, region, statement,
    vote, every_member); `holds` whether it holds for the State; `value` what the record gives (a status, an
    obligation's status, a role, a region); `subject` what it is about (a treaty, an obligation, a conflict);
    `text` a finding's text as the source gives it; `on` its date; `sources` what it rests on; `treaty` the
    treaty (its slug) a status or an obligation is under."""

    kind: str
    holds: bool
    value: str = ""
    subject: str = ""
    text: str = ""
    on: date | None = None
    sources: tuple[Cited, ...] = ()
    treaty: str = ""

    def negated(self) -> Reason:
        return replace(self, holds=not self.holds)


@dataclass(frozen=True)
class Verdict:
    applies: bool
    reasons: tuple[Reason, ...]


# ---- The rule language ------------------------------------------------------------------------------------


class RuleError(ValueError):
    """A rule that cannot be read; the message names where (`rule.all[1].status`) and why."""


@dataclass(frozen=True)
class Every:
    """The empty rule: every member, whatever its State."""


@dataclass(frozen=True)
class StatusIs:
    treaty: str
    statuses: tuple[str, ...]


ObligationTest = Literal["open", "overdue", "due_within"]
OBLIGATION_TESTS: tuple[ObligationTest, ...] = ("open", "overdue", "due_within")


@dataclass(frozen=True)
class ObligationIs:
    treaty: str
    key: str
    test: ObligationTest
    days: int = 0


ROLES = ("affected", "donor")


@dataclass(frozen=True)
class HasRole:
    role: str


@dataclass(frozen=True)
class InRegion:
    regions: tuple[str, ...]


@dataclass(frozen=True)
class MadeStatement:
    conflict: str = ""  # empty: any statement on use


VOTES = ("yes", "no", "abstain")


@dataclass(frozen=True)
class CastVote:
    cast: str


@dataclass(frozen=True)
class All:
    rules: tuple[Rule, ...]


@dataclass(frozen=True)
class AnyOf:
    rules: tuple[Rule, ...]


@dataclass(frozen=True)
class Not:
    rule: Rule


Rule = Every | StatusIs | ObligationIs | HasRole | InRegion | MadeStatement | CastVote | All | AnyOf | Not

_KEYS = ("status", "obligation", "role", "region", "statement", "vote", "all", "any", "not")


def _fail(where: str, why: str) -> RuleError:
    return RuleError(f"{where}: {why}")


def _mapping(value: Any, where: str, allowed: Sequence[str]) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise _fail(where, f"expected an object with {', '.join(allowed)}")
    unknown = sorted(set(value) - set(allowed))
    if unknown:
        raise _fail(where, f"unknown {', '.join(repr(k) for k in unknown)}; allowed: {', '.join(allowed)}")
    return value


def _text(value: Any, where: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise _fail(where, "expected a non-empty text")
    return value.strip()


def _choices(value: Any, where: str, allowed: Sequence[str]) -> tuple[str, ...]:
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or not items:
        raise _fail(where, f"expected one or a list of {', '.join(allowed)}")
    for item in items:
        if item not in allowed:
            raise _fail(where, f"{item!r} is not one of {', '.join(allowed)}")
    return tuple(items)


def parse_rule(data: Any, where: str = "rule", regions: Sequence[str] | None = None) -> Rule:
    """The rule `data` (read from JSON) says, or a RuleError naming where it is wrong and why. `regions`, when
    given, are the region names a rule may use."""
    if not isinstance(data, Mapping):
        raise _fail(where, "expected an object")
    if not data:
        return Every()
    if len(data) != 1:
        raise _fail(where, f"expected one condition, got {', '.join(sorted(data))}; combine them with all or any")
    [(key, value)] = data.items()
    at = f"{where}.{key}"
    if key == "status":
        body = _mapping(value, at, ("treaty", "in"))
        if "in" not in body:
            raise _fail(at, "missing 'in': the statuses it applies to")
        return StatusIs(_text(body.get("treaty"), f"{at}.treaty"), _choices(body["in"], f"{at}.in", STATUSES))
    if key == "obligation":
        body = _mapping(value, at, ("treaty", "key", "is", "days"))
        test = body.get("is", "open")
        if test not in OBLIGATION_TESTS:
            raise _fail(f"{at}.is", f"{test!r} is not one of {', '.join(OBLIGATION_TESTS)}")
        days = body.get("days", 0)
        if test == "due_within" and (not isinstance(days, int) or isinstance(days, bool) or days < 1):
            raise _fail(f"{at}.days", "due_within needs a whole number of days, 1 or more")
        if test != "due_within" and "days" in body:
            raise _fail(f"{at}.days", "only due_within takes a number of days")
        return ObligationIs(_text(body.get("treaty"), f"{at}.treaty"), _text(body.get("key"), f"{at}.key"), test, days)
    if key == "role":
        return HasRole(_one(value, at, ROLES))
    if key == "region":
        named = [value] if isinstance(value, str) else value
        if not isinstance(named, list) or not named or not all(isinstance(r, str) and r for r in named):
            raise _fail(at, "expected a region or a list of regions")
        if regions is not None:
            _choices(named, at, regions)
        return InRegion(tuple(named))
    if key == "statement":
        body = _mapping(value, at, ("conflict",))
        return MadeStatement(_text(body["conflict"], f"{at}.conflict") if "conflict" in body else "")
    if key == "vote":
        body = _mapping(value, at, ("cast",))
        return CastVote(_one(body.get("cast"), f"{at}.cast", VOTES))
    if key in ("all", "any"):
        if not isinstance(value, list) or not value:
            raise _fail(at, "expected a non-empty list of rules")
        parts = tuple(parse_rule(item, f"{at}[{i}]", regions) for i, item in enumerate(value))
        return All(parts) if key == "all" else AnyOf(parts)
    if key == "not":
        if isinstance(value, Mapping) and not value:
            raise _fail(at, "cannot negate the empty rule (it would apply to no one)")
        return Not(parse_rule(value, at, regions))
    raise _fail(where, f"unknown condition {key!r}; one of {', '.join(_KEYS)}, or {{}} for every member")


def _one(value: Any, where: str, allowed: Sequence[str]) -> str:
    if value not in allowed:
        raise _fail(where, f"{value!r} is not one of {', '.join(allowed)}")
    return str(value)


def rule_data(rule: Rule) -> dict[str, Any]:
    """The JSON a rule is written as (parse_rule's inverse)."""
    match rule:
        case Every():
            return {}
        case StatusIs(treaty, statuses):
            return {"status": {"treaty": treaty, "in": list(statuses)}}
        case ObligationIs(treaty, key, test, days):
            body: dict[str, Any] = {"treaty": treaty, "key": key, "is": test}
            return body | ({"days": days} if test == "due_within" else {})
        case HasRole(role):
            return {"role": role}
        case InRegion(regions):
            return {"region": list(regions)}
        case MadeStatement(conflict):
            return {"statement": {"conflict": conflict} if conflict else {}}
        case CastVote(cast):
            return {"vote": {"cast": cast}}
        case All(parts):
            return {"all": [rule_data(p) for p in parts]}
        case AnyOf(parts):
            return {"any": [rule_data(p) for p in parts]}
        case Not(inner):
            return {"not": rule_data(inner)}
    raise TypeError(rule)


def treaties_named(rule: Rule) -> set[str]:
    """The treaty slugs a rule speaks of (the Django side checks they exist)."""
    match rule:
        case StatusIs(treaty) | ObligationIs(treaty):
            return {treaty}
        case All(parts) | AnyOf(parts):
            return set().union(*(treaties_named(p) for p in parts))
        case Not(inner):
            return treaties_named(inner)
    return set()


def obligations_named(rule: Rule) -> set[tuple[str, str]]:
    """The (treaty slug, obligation key) pairs a rule asks about."""
    match rule:
        case ObligationIs(treaty, key):
            return {(treaty, key)}
        case All(parts) | AnyOf(parts):
            return set().union(*(obligations_named(p) for p in parts))
        case Not(inner):
            return obligations_named(inner)
    return set()


# ---- Reading the findings ---------------------------------------------------------------------------------

_CLEARED = re.compile(r"\bcomplet\w*\b.*\bclearance\b|\bclearance\b.*\bcomplet\w*\b", re.IGNORECASE)
_UNCLEAR = re.compile(r"\bunclear\b", re.IGNORECASE)
_DONOR = re.compile(r"\bdonors?\b|\bspending\b", re.IGNORECASE)
# Rows filed as statements that are not a State's condemnation: the source says so, or the row records that
# such statements were searched for and NOT FOUND (a figure NOT FOUND elsewhere leaves the rest of a row standing).
_NOT_CONDEMNING = re.compile(r"\bno(t)? condemnation\b|NOT FOUND", re.IGNORECASE)
_VOTES = {
    "no": re.compile(r"\bvoted against\b|\bagainst\b", re.IGNORECASE),
    "abstain": re.compile(r"\babstain", re.IGNORECASE),
    "yes": re.compile(r"\bvoted (yes|in favour)\b", re.IGNORECASE),
}


def _latest(findings: Sequence[Finding]) -> Finding | None:
    return max(findings, key=lambda f: (f.on or date.min, f.report_year), default=None)


def _known(snapshot: StateSnapshot, topic: str) -> list[Finding]:
    return [f for f in snapshot.findings if f.topic == topic and not f.gap]


def contamination_reading(finding: Finding) -> str:
    """What one contamination finding says of its State: affected, cleared or unclear."""
    if _CLEARED.search(finding.text):
        return "cleared"
    if _UNCLEAR.search(finding.text):
        return "unclear"
    return "affected"


def is_donor_finding(finding: Finding) -> bool:
    """A support finding that names the State a donor (the Landmine Monitor's donor rows), not one about
    funding it received."""
    return finding.topic == "support" and bool(_DONOR.search(finding.text))


def _finding_reason(kind: str, holds: bool, value: str, finding: Finding, subject: str = "") -> Reason:
    return Reason(kind, holds, value, subject, finding.text, finding.on, finding.sources)


def _role(snapshot: StateSnapshot, role: str) -> Verdict:
    if role == "affected":
        latest = _latest(_known(snapshot, "contamination"))
        if latest is None:
            return Verdict(False, (Reason("role", False, "not_known", role),))
        reading = contamination_reading(latest)
        return Verdict(reading == "affected", (_finding_reason("role", reading == "affected", reading, latest, role),))
    latest = _latest([f for f in _known(snapshot, "support") if is_donor_finding(f)])
    if latest is None:
        return Verdict(False, (Reason("role", False, "not_known", role),))
    return Verdict(True, (_finding_reason("role", True, role, latest, role),))


def _statement(snapshot: StateSnapshot, conflict: str) -> Verdict:
    pattern = re.compile(rf"\b{re.escape(conflict)}\b", re.IGNORECASE) if conflict else None
    made = [
        f
        for f in _known(snapshot, "statement")
        if not _NOT_CONDEMNING.search(f.text) and (pattern is None or pattern.search(f.text))
    ]
    if not made:
        return Verdict(False, (Reason("statement", False, "none_recorded", conflict),))
    made.sort(key=lambda f: f.on or date.min)
    return Verdict(True, tuple(_finding_reason("statement", True, "recorded", f, conflict) for f in made))


def _vote(snapshot: StateSnapshot, cast: str) -> Verdict:
    named = _known(snapshot, "unga_vote")
    matching = [f for f in named if _VOTES[cast].search(f.text)]
    if matching:
        return Verdict(True, tuple(_finding_reason("vote", True, cast, f) for f in matching))
    # Only where the record names the State's vote is there an answer; otherwise its vote is not known.
    value = "other" if named else "not_known"
    return Verdict(False, (Reason("vote", False, value, cast),))


def _status(snapshot: StateSnapshot, rule: StatusIs) -> Verdict:
    found = snapshot.statuses.get(rule.treaty)
    if found is None:
        return Verdict(False, (Reason("status", False, "not_known", rule.treaty, treaty=rule.treaty),))
    holds = found.status in rule.statuses
    return Verdict(
        holds,
        (
            Reason(
                "status",
                holds,
                found.status,
                rule.treaty,
                on=_status_day(found),
                sources=found.sources,
                treaty=rule.treaty,
            ),
        ),
    )


def _status_day(found: TreatyStatus) -> date | None:
    return found.deposited_on or found.signed_on


def _obligation(snapshot: StateSnapshot, rule: ObligationIs, day: date) -> Verdict:
    mine = [o for o in snapshot.obligations.get(rule.treaty, ()) if o.key == rule.key]
    if not mine:
        return Verdict(False, (Reason("obligation", False, "none", rule.key, treaty=rule.treaty),))
    reasons = []
    for found in mine:
        if rule.test == "open":
            holds = found.status in OPEN_STATUSES
        elif rule.test == "overdue":
            holds = found.status in OVERDUE_STATUSES
        else:
            limit = day + timedelta(days=rule.days)
            holds = found.status == "due" and found.deadline is not None and found.deadline <= limit
        reasons.append(
            Reason(
                "obligation",
                holds,
                found.status,
                rule.key,
                on=found.deadline,
                sources=found.sources,
                treaty=rule.treaty,
            )
        )
    holding = [r for r in reasons if r.holds]
    return Verdict(bool(holding), tuple(holding or reasons))


def evaluate(rule: Rule, snapshot: StateSnapshot, day: date) -> Verdict:
    """Whether `rule` applies to the State `snapshot` describes on `day`, and the facts behind the answer:
    for a combination, those that decide it (every part that holds when all must; the first part that fails)."""
    match rule:
        case Every():
            return Verdict(True, (Reason("every_member", True),))
        case StatusIs():
            return _status(snapshot, rule)
        case ObligationIs():
            return _obligation(snapshot, rule, day)
        case HasRole(role):
            return _role(snapshot, role)
        case InRegion(regions):
            holds = snapshot.region in regions
            return Verdict(holds, (Reason("region", holds, snapshot.region),))
        case MadeStatement(conflict):
            return _statement(snapshot, conflict)
        case CastVote(cast):
            return _vote(snapshot, cast)
        case Not(inner):
            found = evaluate(inner, snapshot, day)
            return Verdict(not found.applies, tuple(r.negated() for r in found.reasons))
        case All(parts):
            verdicts = [evaluate(p, snapshot, day) for p in parts]
            failed = [v for v in verdicts if not v.applies]
            return Verdict(not failed, _reasons(failed[:1] if failed else verdicts))
        case AnyOf(parts):
            verdicts = [evaluate(p, snapshot, day) for p in parts]
            passed = [v for v in verdicts if v.applies]
            return Verdict(bool(passed), _reasons(passed if passed else verdicts))
    raise TypeError(rule)


def _reasons(verdicts: Sequence[Verdict]) -> tuple[Reason, ...]:
    return tuple(r for v in verdicts for r in v.reasons)
