"""Dated obligations of States Parties: deadlines computed from rules, moved by recorded facts.

A treaty's obligation rules are data (its rules file). For one State and one obligation the
facts are: whether the State declared the obligation applies to it (holding stockpiles,
contaminated areas), extensions requested and granted, completions declared, reports submitted.
Facts dated after the day asked about are ignored, so any question can be asked "as of" a date.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from enum import StrEnum
from typing import Any, Final, NamedTuple, TypeVar

from treatywatch.core.approximate import ApproximateDate, Precision
from treatywatch.core.dates import FIRST_DAY, add_months
from treatywatch.core.rules import Delay, RuleError

# Read as constants once compiled: an imported function is otherwise looked up by name on each call.
_bisect_right: Final = bisect_right
T = TypeVar("T")


class DeadlineStatus(StrEnum):
    NOT_DUE = "not_due"  # the treaty is not yet in force for the State: the clock has not started
    DUE = "due"  # running, the deadline is ahead
    OVERDUE = "overdue"  # the deadline has passed without completion
    COMPLETED = "completed"
    NOT_APPLICABLE = "not_applicable"  # declared not to apply, or no longer a party
    NOT_DECLARED = "not_declared"  # applies only if the State declares so, and nothing is recorded
    NO_DEADLINE = "no_deadline"  # the treaty sets none (e.g. national implementation measures)
    # The deadline has passed (or none is set yet), and an extension requested on or before it awaits a decision.
    EXTENSION_REQUESTED = "extension_requested"
    # Reopened after a completion (stockpiles or contamination found later), and no decision sets its deadline.
    NO_DEADLINE_RECORDED = "no_deadline_recorded"
    # The deadline has passed, and a fact the sources date only roughly ("by 31 December 2024", "in 2023": a
    # completion, an extension granted) may already have happened: the record cannot tell whether it is late.
    NOT_KNOWN = "not_known"


@dataclass(frozen=True)
class ObligationRule:
    """One dated obligation as the treaty's text sets it."""

    key: str
    title: str
    article: str
    delay: Delay | None = None  # counted from the State's entry into force
    annual_due: tuple[int, int] | None = None  # (month, day) of the year after the year covered
    applies_if: str = ""  # a declaration the obligation depends on, e.g. "stockpiles"
    max_extension_months: int | None = None
    # The treaty makes a State ask before its deadline (CCM Art. 4(6)): a request dated after the deadline the
    # record holds means an extension the record lacks had moved it.
    request_before_deadline: bool = False

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any]) -> ObligationRule:
        where = f"obligation {data.get('key', '?')!r}"
        try:
            key, title, article = data["key"], data["title"], data["article"]
        except KeyError as missing:
            raise RuleError(f"{where}: missing key {missing}") from None
        delay = Delay.from_mapping(data["due"], f"{where}.due") if "due" in data else None
        annual = None
        if "annual_due" in data:
            month, day = data["annual_due"].get("month"), data["annual_due"].get("day")
            try:
                date(2000, month, day)
            except (TypeError, ValueError):
                raise RuleError(f"{where}.annual_due: give a real month and day") from None
            annual = (month, day)
        if delay and annual:
            raise RuleError(f"{where}: give either 'due' or 'annual_due', not both")
        extension_rules = data.get("extension", {})
        unknown = sorted(set(extension_rules) - {"max_months", "request_before_deadline"})
        if unknown:
            raise RuleError(f"{where}.extension: unknown key(s) {', '.join(unknown)}")
        extension = extension_rules.get("max_months")
        if extension is not None and (not isinstance(extension, int) or extension < 1):
            raise RuleError(f"{where}.extension.max_months must be a positive whole number")
        before_deadline = extension_rules.get("request_before_deadline", False)
        if not isinstance(before_deadline, bool):
            raise RuleError(f"{where}.extension.request_before_deadline must be true or false")
        if before_deadline and delay is None:
            raise RuleError(f"{where}.extension.request_before_deadline needs a deadline ('due')")
        return cls(key, title, article, delay, annual, data.get("applies_if", ""), extension, before_deadline)

    def __hash__(self) -> int:
        # Rules key the caches every State's deadlines share: hashing all their fields (the dataclass's hash, not
        # compiled) took longer than what those caches keep. Equal rules have equal keys.
        return hash(self.key)


@dataclass(frozen=True)
class Extension:
    """A decision that moves the deadline (or, on a reopened obligation, sets it)."""

    granted_on: date
    new_deadline: date
    decided_by: str = ""
    source: str = ""
    granted_precision: Precision = Precision.DAY
    deadline_precision: Precision = Precision.DAY

    @property
    def granted(self) -> ApproximateDate:
        return ApproximateDate(self.granted_on, self.granted_precision)

    @property
    def deadline(self) -> ApproximateDate:
        return ApproximateDate(self.new_deadline, self.deadline_precision)


@dataclass(frozen=True)
class Request:
    """An extension requested by the State; it moves nothing until a decision is recorded."""

    requested_on: date
    new_deadline: date | None = None


@dataclass(frozen=True)
class Completion:
    on: ApproximateDate
    source: str = ""


class Claim:
    """What one source says: a date, and the source's citation (never changed once made).

    A plain class rather than a frozen dataclass, like `Conflict`: the dataclass's `__init__`, `__eq__` and
    `__hash__` are not compiled, and every run of an obligation with two decisions makes and compares them."""

    __slots__ = ("source", "value")

    def __init__(self, value: ApproximateDate, source: str) -> None:
        self.value = value
        self.source = source

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Claim):
            return NotImplemented
        return self.value == other.value and self.source == other.source

    def __hash__(self) -> int:
        return hash((self.value, self.source))

    def __repr__(self) -> str:
        return f"Claim(value={self.value!r}, source={self.source!r})"


class Conflict:
    """Sources that describe one event (a decision, a completion) with different dates; all are kept."""

    __slots__ = ("about", "claims")

    def __init__(self, about: str, claims: tuple[Claim, ...]) -> None:
        self.about = about  # "extension" (the deadline one decision set) or "completion"
        self.claims = claims

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Conflict):
            return NotImplemented
        return self.about == other.about and self.claims == other.claims

    def __hash__(self) -> int:
        return hash((self.about, self.claims))

    def __repr__(self) -> str:
        return f"Conflict(about={self.about!r}, claims={self.claims!r})"


class ObligationFacts:
    """What is recorded about one State and one obligation (never changed once made).

    A plain class rather than a frozen dataclass: compiled, its facts and the values worked out from them once
    are a native class's attributes, which timelines read hundreds of thousands of times."""

    def __init__(
        self,
        declared: tuple[tuple[date, bool], ...] = (),  # (day, applies) declarations, any order
        extensions: tuple[Extension, ...] = (),
        requests: tuple[Request, ...] = (),
        completions: tuple[Completion, ...] = (),
        reports: Mapping[int, ApproximateDate] | None = None,  # year covered -> when submitted
    ) -> None:
        self.declared = declared
        self.extensions = extensions
        self.requests = requests
        self.completions = completions
        # A dictionary whatever mapping is given: compiled, its lookups are then direct.
        self.reports: dict[int, ApproximateDate] = (
            {} if reports is None else reports if isinstance(reports, dict) else dict(reports)
        )
        # Worked out on first use.
        self._known_from: list[date] | None = None
        self._declared_in_order: list[tuple[date, bool]] | None = None
        self._declared_days: list[date] | None = None

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, ObligationFacts):
            return NotImplemented
        return (self.declared, self.extensions, self.requests, self.completions) == (
            other.declared,
            other.extensions,
            other.requests,
            other.completions,
        ) and dict(self.reports) == dict(other.reports)

    __hash__ = None  # type: ignore[assignment]  # its reports are a mapping

    def __repr__(self) -> str:
        return (
            f"ObligationFacts(declared={self.declared!r}, extensions={self.extensions!r}, "
            f"requests={self.requests!r}, completions={self.completions!r}, reports={self.reports!r})"
        )

    @property
    def last_day(self) -> date:
        """The day of the latest fact (date.min when none is recorded)."""
        known = self.known_from
        return known[-1] if known else FIRST_DAY

    @property
    def known_from(self) -> list[date]:
        """The day each fact is known from, sorted: the facts known on two days are the same when as many of
        these are on or before each."""
        found = self._known_from
        if found is None:
            # Appended to one list (lists joined are each made, then copied).
            days = [d for d, _applies in self.declared]
            for extension in self.extensions:
                days.append(extension.granted_on)
            for request in self.requests:
                days.append(request.requested_on)
            for completion in self.completions:
                days.append(completion.on.day)
            for sent in self.reports.values():
                days.append(sent.day)
            days.sort()
            found = self._known_from = days
        return found

    def as_of(self, day: date) -> ObligationFacts:
        if self.last_day <= day:
            return self  # every fact is known by then
        # A kind whose facts are all known is passed on as it is: the deadlines made from them share it rather
        # than each holding a copy (which the garbage collector would track).
        return ObligationFacts(
            _kept(self.declared, [d for d in self.declared if d[0] <= day]),
            _kept(self.extensions, [e for e in self.extensions if e.granted_on <= day]),
            _kept(self.requests, [r for r in self.requests if r.requested_on <= day]),
            _kept(self.completions, [c for c in self.completions if c.on.day <= day]),
            self.reports and {year: sent for year, sent in self.reports.items() if sent.day <= day},
        )

    def applies(self) -> bool | None:
        """The latest declaration (the last given, among those of one day), or None when none is recorded."""
        return _latest(self.declared)

    def applies_on(self, day: date) -> bool | None:
        """The latest declaration known on `day`, or None when none is."""
        declared = self.declared
        if not declared:
            return None
        if len(declared) == 1:
            # Most histories hold one declaration: read as it is, without a sorted copy kept.
            only = declared[0]
            return only[1] if only[0] <= day else None
        in_order = self.declared_in_order
        known = _bisect_right(self.declared_days, day)
        return in_order[known - 1][1] if known else None

    @property
    def declared_in_order(self) -> list[tuple[date, bool]]:
        """The declarations by day, those of one day in the order given: those known on a day come first, and
        the last of them is the latest."""
        found = self._declared_in_order
        if found is None:
            found = self._declared_in_order = sorted(self.declared, key=_day_of)
        return found

    @property
    def declared_days(self) -> list[date]:
        found = self._declared_days
        if found is None:
            found = self._declared_days = [d for d, _applies in self.declared_in_order]
        return found

    def between(self, start: date, end: date | None) -> ObligationFacts:
        """The extensions, requests and completions dated from `start` up to (not including) `end`."""

        if start == FIRST_DAY and end is None:
            return self  # every fact is inside

        extensions = _kept(self.extensions, [e for e in self.extensions if _inside(start, end, e.granted_on)])
        requests = _kept(self.requests, [r for r in self.requests if _inside(start, end, r.requested_on)])
        completions = _kept(self.completions, [c for c in self.completions if _inside(start, end, c.on.day)])
        if extensions is self.extensions and requests is self.requests and completions is self.completions:
            return self  # every fact is inside
        return ObligationFacts(self.declared, extensions, requests, completions, self.reports)

    def replace(
        self,
        *,
        declared: tuple[tuple[date, bool], ...] | None = None,
        extensions: tuple[Extension, ...] | None = None,
        requests: tuple[Request, ...] | None = None,
        completions: tuple[Completion, ...] | None = None,
        reports: Mapping[int, ApproximateDate] | None = None,
    ) -> ObligationFacts:
        """These facts with the kinds given replaced."""
        return ObligationFacts(
            self.declared if declared is None else declared,
            self.extensions if extensions is None else extensions,
            self.requests if requests is None else requests,
            self.completions if completions is None else completions,
            self.reports if reports is None else reports,
        )

    def as_dict(self) -> dict[str, Any]:
        return {
            "declared": self.declared,
            "extensions": self.extensions,
            "requests": self.requests,
            "completions": self.completions,
            "reports": self.reports,
        }

    def with_added(self, completion: Completion | None, extension: Extension | None) -> ObligationFacts:
        """These facts and, when given, one more completion or extension."""
        return ObligationFacts(
            self.declared,
            (*self.extensions, extension) if extension else self.extensions,
            self.requests,
            (*self.completions, completion) if completion else self.completions,
            self.reports,
        )


def _kept(items: tuple[T, ...], kept: list[T]) -> tuple[T, ...]:
    """`items` itself when `kept` (those of them that pass a filter, in order) holds them all."""
    return items if len(kept) == len(items) else tuple(kept)


def _day_of(declaration: tuple[date, bool]) -> date:
    return declaration[0]


def _inside(start: date, end: date | None, day: date) -> bool:
    return start <= day and (end is None or day < end)


def _latest(declared: Sequence[tuple[date, bool]]) -> bool | None:
    """The latest declaration (the last given, among those of one day), or None when there is none."""
    return sorted(declared, key=lambda d: d[0])[-1][1] if declared else None


class Deadline(NamedTuple):
    """One deadline as it stood on a day. A named tuple: timelines build hundreds of thousands of them."""

    obligation: str
    period: int | None  # the calendar year covered, for annual obligations
    original: date | None
    current: date | None
    status: DeadlineStatus
    completion: ApproximateDate | None = None
    extensions: tuple[Extension, ...] = ()
    current_precision: Precision = Precision.DAY
    cycle: int = 0  # 0 for the obligation the treaty set, then 1, 2... each time it is reopened
    reopened_on: date | None = None
    next_reopened_on: date | None = None  # set on a completed run when the obligation was reopened after it
    requests: tuple[Request, ...] = ()
    extension_pending: bool = False  # a request with no decision recorded after it, and not completed
    conflicts: tuple[Conflict, ...] = ()
    # A request made on or before the deadline has no decision recorded: the deadline may have moved.
    timely_request_undecided: bool = False
    # A request the treaty allows only before the deadline came after the deadline recorded: an extension is missing.
    extension_not_recorded: bool = False
    # Status NOT_KNOWN: the roughly dated completion or extension that may already have happened.
    possible_completion: ApproximateDate | None = None
    possible_extension: Extension | None = None
    # Status NOT_KNOWN: the deadline passed after the last day the record's sources speak of.
    record_ends_on: date | None = None

    @property
    def completed_on(self) -> date | None:
        return self.completion.day if self.completion else None

    @property
    def current_date(self) -> ApproximateDate | None:
        return ApproximateDate(self.current, self.current_precision) if self.current else None

    @property
    def completed_late(self) -> bool:
        """Late only if even the earliest day the source allows is after the deadline, and no extension
        requested in time awaits a decision the register does not record (it may have moved the deadline)."""
        if self.timely_request_undecided:
            return False
        return bool(self.completion and self.current and self.completion.earliest > self.current)


_new_tuple: Final = tuple.__new__
# Where `_not_known` sets a field.
_STATUS: Final = Deadline._fields.index("status")
_EXTENSION_NOT_RECORDED: Final = Deadline._fields.index("extension_not_recorded")
_POSSIBLE_COMPLETION: Final = Deadline._fields.index("possible_completion")
_POSSIBLE_EXTENSION: Final = Deadline._fields.index("possible_extension")
_RECORD_ENDS_ON: Final = Deadline._fields.index("record_ends_on")


def _not_known(deadline: Deadline, *changes: tuple[int, object]) -> Deadline:
    """`deadline` not known, with each (field, value) of `changes` (fields among those above) set: `_replace`
    without its Python code (not compiled)."""
    fields: list[object] = list(deadline)
    fields[_STATUS] = DeadlineStatus.NOT_KNOWN
    for field, value in changes:
        fields[field] = value
    return _new_tuple(Deadline, tuple(fields))


def _no_deadline(key: str, done: ApproximateDate | None) -> Deadline:
    """`Deadline(key, None, None, None, DeadlineStatus.NO_DEADLINE, done)`, built as a tuple (see `_run_on`)."""
    # Every field in one tuple (a tuple unpacked into another is made through a list).
    status, precision = DeadlineStatus.NO_DEADLINE, Precision.DAY
    return _new_tuple(
        Deadline,
        (
            key,
            None,
            None,
            None,
            status,
            done,
            (),
            precision,
            0,
            None,
            None,
            (),
            False,
            (),
            False,
            False,
            None,
            None,
            None,
        ),
    )


class ExtensionError(ValueError):
    pass


def check_extension(rule: ObligationRule, current: date, new_deadline: date) -> None:
    """An extension moves a deadline later, by no more than the treaty allows."""
    if new_deadline <= current:
        raise ExtensionError(f"an extension must move the deadline later than {current} (got {new_deadline})")
    if rule.max_extension_months is not None:
        limit = add_months(current, rule.max_extension_months)
        if new_deadline > limit:
            raise ExtensionError(
                f"{rule.article} allows extensions of up to {rule.max_extension_months} months: "
                f"from {current} at most to {limit} (got {new_deadline})"
            )


def pending_requests(requests: Sequence[Request], extensions: Sequence[Extension]) -> tuple[Request, ...]:
    """The requests with no decision recorded after them: those made after the latest extension granted."""
    if not requests or not extensions:
        return tuple(requests)
    last = extensions[0].granted_on
    for extension in extensions:
        if extension.granted_on > last:
            last = extension.granted_on
    return tuple([r for r in requests if r.requested_on > last])


def timely_request_pending(requests: Sequence[Request], extensions: Sequence[Extension], deadline: date | None) -> bool:
    """A request made on or before the deadline awaits its decision (any request, when no deadline is set)."""
    return any(deadline is None or r.requested_on <= deadline for r in pending_requests(requests, extensions))


def _status(deadline: date | None, done: object, day: date, timely_pending: bool) -> DeadlineStatus:
    if done is not None:
        return DeadlineStatus.COMPLETED
    if timely_pending and (deadline is None or deadline < day):
        return DeadlineStatus.EXTENSION_REQUESTED
    if deadline is None:
        return DeadlineStatus.NO_DEADLINE
    return DeadlineStatus.OVERDUE if deadline < day else DeadlineStatus.DUE


def _disagree(claims: Sequence[Claim]) -> bool:
    """Two claims disagree when no day fits both ("by 1 August" and "by 3 September" agree)."""
    return any(a.value.earliest > b.value.day for a in claims for b in claims)


def conflicts(facts: ObligationFacts) -> tuple[Conflict, ...]:
    """One decision (same `decided_by`) recorded with different deadlines; completions with different dates."""
    # One claim always agrees with itself: its earliest day is never after its day.
    if len(facts.extensions) < 2 and len(facts.completions) < 2:
        return ()
    found = []
    decisions: dict[str, list[Extension]] = {}
    for extension in facts.extensions:
        if extension.decided_by:
            decisions.setdefault(extension.decided_by, []).append(extension)
    for same in decisions.values():
        claims = tuple(dict.fromkeys(Claim(e.deadline, e.source) for e in same)) if len(same) > 1 else ()
        if _disagree(claims):
            found.append(Conflict("extension", claims))
    completions = facts.completions
    claims = tuple(dict.fromkeys(Claim(c.on, c.source) for c in completions)) if len(completions) > 1 else ()
    if _disagree(claims):
        found.append(Conflict("completion", claims))
    return tuple(found)


def granted_roughly(extension: Extension) -> bool:
    """Whether the sources date the decision only roughly: checked before `granted`, which makes a date (a
    decision dated to the day happened on it, never maybe before)."""
    return extension.granted_precision is not Precision.DAY


def _granted_on(extension: Extension) -> date:
    return extension.granted_on


def _first_completion(completions: Sequence[Completion]) -> ApproximateDate | None:
    """The date of the earliest completion (the first given, among those of one day)."""
    first: ApproximateDate | None = None
    for completion in completions:
        if first is None or completion.on.day < first.day:
            first = completion.on
    return first


def _current(original: date | None, extensions: Sequence[Extension]) -> tuple[date | None, Precision]:
    """The latest deadline any decision set: of two sources that disagree, the later one (never a false overdue)."""
    current, precision = original, Precision.DAY
    if not extensions:
        return current, precision
    for extension in extensions if len(extensions) < 2 else sorted(extensions, key=_granted_on):
        if current is None or extension.new_deadline > current:
            current, precision = extension.new_deadline, extension.deadline_precision
    return current, precision


class _Run:
    """One run of a one-off obligation, as far as the facts known set it, whatever the day (never changed once
    made). A plain class: compiled, it is made by a direct call (a named tuple went through `tuple.__new__`)."""

    __slots__ = (
        "answers",
        "bare",
        "conflicts",
        "current",
        "cycle",
        "done",
        "facts",
        "may_be_unknown",
        "missing_extension",
        "original",
        "pending",
        "precision",
        "timely",
        "timely_undecided",
        "window",
    )

    def __init__(
        self,
        cycle: int,
        window: tuple[date | None, date | None],
        original: date | None,
        facts: ObligationFacts,  # those dated inside the window
        current: date | None,
        precision: Precision,
        done: ApproximateDate | None,
        timely: bool,
        pending: bool,
        conflicts: tuple[Conflict, ...],
        timely_undecided: bool,
        missing_extension: bool,
    ) -> None:
        self.cycle = cycle
        self.window = window
        self.original = original
        self.facts = facts
        self.current = current
        self.precision = precision
        self.done = done
        self.timely = timely
        self.pending = pending
        self.conflicts = conflicts
        self.timely_undecided = timely_undecided
        self.missing_extension = missing_extension
        # Nothing recorded moves its deadline: the one the treaty sets, the same for every State.
        self.bare = cycle == 0 and done is None and not facts.requests and not facts.extensions
        # Filled by `runs_answer`: the answer by status, while only the status depends on the day; and
        # whether an overdue deadline may turn out not known, which depends on the day too (None: not yet read).
        self.answers: dict[DeadlineStatus, tuple[Deadline, ...]] = {}
        self.may_be_unknown: bool | None = None


def _run(
    rule: ObligationRule,
    cycle: int,
    window: tuple[date | None, date | None],
    original: date | None,
    facts: ObligationFacts,
    done: ApproximateDate | None,
) -> _Run:
    """One run of a one-off obligation: from entry into force, or from the day it was reopened (`done`: the
    first completion of its facts, `_first_completion`)."""
    current, precision = _current(original, facts.extensions)
    waiting = pending_requests(facts.requests, facts.extensions)
    late = current is not None and any(r.requested_on > current for r in waiting)
    missing_extension = rule.request_before_deadline and late and done is None
    timely_pending = bool(waiting) and any(current is None or r.requested_on <= current for r in waiting)
    # With no deadline set, a request matters only on a reopened obligation (the treaty set none otherwise).
    timely = missing_extension or ((current is not None or cycle > 0) and timely_pending)
    return _Run(
        cycle,
        window,
        original,
        facts,
        current,
        precision,
        done,
        timely,
        bool(waiting) and done is None,
        conflicts(facts),
        missing_extension or (timely_pending if current else False),
        missing_extension,
    )


def _run_on(rule: ObligationRule, run: _Run, day: date) -> Deadline:
    """The run's deadline as it stood on `day`."""
    return _run_deadline(rule, run, _run_status(run, day))


def _run_status(run: _Run, day: date) -> DeadlineStatus:
    status = _status(run.current, run.done, day, run.timely)
    if status is DeadlineStatus.NO_DEADLINE and run.cycle > 0:
        return DeadlineStatus.NO_DEADLINE_RECORDED
    return status


def _run_deadline(rule: ObligationRule, run: _Run, status: DeadlineStatus) -> Deadline:
    """The run's deadline with `status`."""
    if run.bare:
        # Nothing recorded moves it: the deadline the treaty sets, the same for every State (`_bare`).
        return _bare(rule, run.original, status)[0]
    return _new_run_deadline(rule, run, status)


def _new_run_deadline(rule: ObligationRule, run: _Run, status: DeadlineStatus) -> Deadline:
    # Built as a tuple: a named tuple's own `__new__` (not compiled) takes as long again.
    return _new_tuple(
        Deadline,
        (
            rule.key,
            None,
            run.original,
            run.current,
            status,
            run.done,
            run.facts.extensions,
            run.precision,
            run.cycle,
            run.window[0],
            run.window[1],
            run.facts.requests,
            run.pending,
            run.conflicts,
            run.timely_undecided,
            run.missing_extension,
            None,
            None,
            None,
        ),
    )


def _cycle(
    rule: ObligationRule,
    cycle: int,
    window: tuple[date | None, date | None],
    original: date | None,
    facts: ObligationFacts,
    day: date,
) -> Deadline:
    return _run_on(rule, _run(rule, cycle, window, original, facts, _first_completion(facts.completions)), day)


def _reopened_on(facts: ObligationFacts, completed: date) -> date | None:
    """The first declaration that the obligation applies, dated after a completion: new stockpiles or areas."""
    found: date | None = None
    for day, applies in facts.declared:
        if applies and day > completed and (found is None or day < found):
            found = day
    return found


def deadlines(
    rule: ObligationRule,
    entry_into_force: date | None,
    no_longer_party_on: date | None,
    facts: ObligationFacts,
    day: date,
    record_ends_on: date | None = None,
    memo: RunsMemo | None = None,
) -> list[Deadline]:
    """The State's deadlines under one obligation, as they stood on `day`; a deadline that passed after
    `record_ends_on` (the last day the record's sources speak of) is not known rather than overdue.

    `memo`, given empty and then again with the same rule and facts, keeps the runs derived from the facts
    known on a day: another day with the same facts known only compares its dates with them."""
    if entry_into_force is None:
        return []
    stopped = not_running(rule, entry_into_force, no_longer_party_on, facts, day)
    if stopped is not None:
        return stopped
    return running_deadlines(rule, entry_into_force, facts, day, record_ends_on, memo)


def _beyond_the_record(deadline: Deadline, record_ends_on: date | None) -> Deadline:
    """No source speaks of the day the deadline passed: the record cannot say the State missed it."""
    if deadline.status is not DeadlineStatus.OVERDUE or record_ends_on is None or deadline.current is None:
        return deadline
    if deadline.current < record_ends_on:
        return deadline
    return _not_known(deadline, (_RECORD_ENDS_ON, record_ends_on))


def running_deadlines(
    rule: ObligationRule,
    entry_into_force: date,
    facts: ObligationFacts,
    day: date,
    record_ends_on: date | None = None,
    memo: RunsMemo | None = None,
) -> list[Deadline]:
    """The State's deadlines under one obligation on a day it runs (`not_running` answers the others).

    A one-off obligation completed and later declared to apply again (contamination found after
    clearance was declared complete) is reopened from that declaration: the completed run stays in
    the list, and the reopened one has a deadline only once a decision sets it.
    """
    if rule.annual_due is not None:
        reports = facts.as_of(day).reports
        years = range(entry_into_force.year, day.year)
        return [annual_deadline(rule, year, reports, day, record_ends_on) for year in years]
    if rule.delay is None and not rule.applies_if:
        # No deadline, so never overdue: only the completion known on the day is shown.
        return list(completion_answer(rule, facts, day))
    if memo is None:
        found = _runs_on(rule, known_runs(rule, original_deadline(rule, entry_into_force), facts, day), facts, day)
    else:
        key = (entry_into_force, _bisect_right(facts.known_from, day))
        runs = memo.get(key)
        if runs is None:
            runs = memo[key] = known_runs(rule, original_deadline(rule, entry_into_force), facts, day)
        found = _runs_on(rule, runs, facts, day)
    return found if record_ends_on is None else [_beyond_the_record(d, record_ends_on) for d in found]


def completion_answer(rule: ObligationRule, facts: ObligationFacts, day: date) -> tuple[Deadline, ...]:
    """`running_deadlines` as a tuple for an obligation with no deadline (never overdue): only the completion
    known on `day` is shown, and before one is, the one line every State shares."""
    done = _first_completion([c for c in facts.completions if c.on.day <= day]) if facts.completions else None
    return (_no_deadline(rule.key, done),) if done is not None else _bare(rule, None, DeadlineStatus.NO_DEADLINE)


def known_runs(rule: ObligationRule, original: date | None, facts: ObligationFacts, day: date) -> Runs:
    """The runs of a one-off obligation with a deadline the facts known on `day` set (`original`: the deadline
    the treaty sets, `original_deadline`). The same on every day as many facts are known: a timeline asking
    day after day works them out once for each."""
    return _runs(rule, original, facts.as_of(day))


def runs_answer(
    rule: ObligationRule, runs: Runs, facts: ObligationFacts, day: date, record_ends_on: date | None
) -> tuple[Deadline, ...]:
    """`running_deadlines` as a tuple, the same answer, from the runs of the facts known on `day` (`known_runs`):
    a run's deadline depends on the day only through its status (due, then overdue), unless it is overdue and a
    roughly dated fact may have come first (`_unless_possibly_done`), so it is made once per run and status and
    shared by the days that have it."""
    if len(runs) == 1:
        return _run_answer(rule, runs[0], facts, day, record_ends_on)
    return tuple([_run_answer(rule, run, facts, day, record_ends_on)[0] for run in runs])


def _run_answer(
    rule: ObligationRule, run: _Run, facts: ObligationFacts, day: date, record_ends_on: date | None
) -> tuple[Deadline, ...]:
    """One run's deadline on `day` alone in a tuple, as `_runs_on` and `_beyond_the_record` give it."""
    status = _run_status(run, day)
    if status is DeadlineStatus.OVERDUE and _may_be_unknown(rule, run, facts):
        later = facts.between(run.window[0] or FIRST_DAY, None)
        deadline = _run_deadline(rule, run, status)
        deadline = _unless_possibly_done(rule, deadline, run.window, run.original, run.facts, later, day)
        return ((deadline if record_ends_on is None else _beyond_the_record(deadline, record_ends_on)),)
    found = run.answers.get(status)
    if found is None:
        # The tuple every State shares when nothing recorded moves the deadline (`_bare`), else a new one.
        found = _bare(rule, run.original, status) if run.bare else (_new_run_deadline(rule, run, status),)
        if record_ends_on is not None:
            beyond = _beyond_the_record(found[0], record_ends_on)
            found = found if beyond is found[0] else (beyond,)
        run.answers[status] = found
    return found


def _may_be_unknown(rule: ObligationRule, run: _Run, facts: ObligationFacts) -> bool:
    """Whether `_unless_possibly_done` can change the run's overdue deadline on some day: only a later request
    (where the treaty wants one before the deadline), a roughly dated completion or a roughly dated decision
    can (read once per run)."""
    found = run.may_be_unknown
    if found is None:
        later = facts.between(run.window[0] or FIRST_DAY, None)
        found = bool(rule.request_before_deadline and later.requests)
        found = found or any(c.on.precision is not Precision.DAY for c in later.completions)
        found = found or any(granted_roughly(e) for e in later.extensions)
        run.may_be_unknown = found
    return found


# The runs the facts known on a day set (`known_runs`).
Runs = tuple[_Run, ...]
# The runs derived from the facts known, by entry into force and how many facts are known.
RunsMemo = dict[tuple[date, int], Runs]


def _runs(rule: ObligationRule, original: date | None, known: ObligationFacts) -> tuple[_Run, ...]:
    """The runs of a one-off obligation the facts known set, whatever the day (`original`: the deadline the
    treaty sets from the State's entry into force, `original_deadline`)."""
    result: list[_Run] = []
    start: date | None = None
    while True:
        from_start = known.between(start or FIRST_DAY, None)
        first = _first_completion(from_start.completions)
        first_done = first.day if first else None
        reopened = _reopened_on(known, first_done) if first_done else None
        window = (start, reopened)
        facts = from_start if reopened is None else known.between(start or FIRST_DAY, reopened)
        result.append(_run(rule, len(result), window, original, facts, first))
        if reopened is None:
            return tuple(result)
        start, original = reopened, None


def _runs_on(rule: ObligationRule, runs: Sequence[_Run], facts: ObligationFacts, day: date) -> list[Deadline]:
    """The runs' deadlines as they stood on `day`; `facts` are all the facts, later ones included."""
    result = []
    for run in runs:
        deadline = _run_on(rule, run, day)
        if deadline.status is DeadlineStatus.OVERDUE:
            later = facts.between(run.window[0] or FIRST_DAY, None)
            deadline = _unless_possibly_done(rule, deadline, run.window, run.original, run.facts, later, day)
        result.append(deadline)
    return result


def not_running(
    rule: ObligationRule, entry_into_force: date, no_longer_party_on: date | None, facts: ObligationFacts, day: date
) -> list[Deadline] | None:
    """The one line shown while the obligation does not run on `day` (not yet due, no longer a party, not
    declared to apply by a declaration known on `day`), or None while it runs."""
    status = not_running_status(rule, entry_into_force, no_longer_party_on, facts, day)
    return None if status is None else [_line(rule, entry_into_force, status)]


def not_running_status(
    rule: ObligationRule, entry_into_force: date, no_longer_party_on: date | None, facts: ObligationFacts, day: date
) -> DeadlineStatus | None:
    """The status of the line `not_running` shows on `day`, or None while the obligation runs."""
    if entry_into_force > day:
        return DeadlineStatus.NOT_DUE
    if no_longer_party_on is not None and no_longer_party_on <= day:
        return DeadlineStatus.NOT_APPLICABLE
    return undeclared_status(facts.applies_on(day)) if rule.applies_if else None


def undeclared_status(applies: bool | None) -> DeadlineStatus | None:
    """The status of the line shown while the latest declaration known (`applies`, None when none is) does not
    say that an obligation depending on one applies, or None when it does."""
    if applies is None:
        return DeadlineStatus.NOT_DECLARED
    return None if applies else DeadlineStatus.NOT_APPLICABLE


# What every State shares, kept in plain dictionaries rather than `lru_cache` (which compiled code calls
# through a tuple of arguments made on each call), by rule and then by a day: a tuple as a key is made,
# hashed and compared on each lookup. Each starts afresh once it holds `_KEPT` days.
_KEPT: Final = 65536
_LINES: Final[dict[DeadlineStatus, dict[ObligationRule, dict[date, tuple[Deadline, ...]]]]] = {}
_ORIGINAL: Final[dict[ObligationRule, dict[date, date]]] = {}


def line_alone(rule: ObligationRule, entry_into_force: date, status: DeadlineStatus) -> tuple[Deadline, ...]:
    """`not_running`'s answer as a tuple, made once: timelines keep it on every State's days it does not run."""
    by_rule = _LINES.get(status)
    if by_rule is None:
        by_rule = _LINES[status] = {}
    lines = by_rule.get(rule)
    if lines is None:
        lines = by_rule[rule] = {}
    found = lines.get(entry_into_force)
    if found is None:
        if len(lines) >= _KEPT:
            lines.clear()
        found = lines[entry_into_force] = (_new_line(rule, entry_into_force, status),)
    return found


# A deadline nothing recorded moves, alone in a tuple, by status, rule and the deadline the treaty sets.
_BARE: Final[dict[DeadlineStatus, dict[ObligationRule, dict[date | None, tuple[Deadline, ...]]]]] = {}


def _bare(rule: ObligationRule, original: date | None, status: DeadlineStatus) -> tuple[Deadline, ...]:
    """The deadline of a run no fact moves (none completed, requested or decided; never reopened) alone in a
    tuple, made once: every State whose treaty sets that deadline shares it rather than holding its own."""
    by_rule = _BARE.get(status)
    if by_rule is None:
        by_rule = _BARE[status] = {}
    found_by_day = by_rule.get(rule)
    if found_by_day is None:
        found_by_day = by_rule[rule] = {}
    found = found_by_day.get(original)
    if found is None:
        if len(found_by_day) >= _KEPT:
            found_by_day.clear()
        fields = (rule.key, None, original, original, status, None, (), Precision.DAY, 0, None, None, (), False, ())
        found = found_by_day[original] = (_new_tuple(Deadline, (*fields, False, False, None, None, None)),)
    return found


def _line(rule: ObligationRule, entry_into_force: date, status: DeadlineStatus) -> Deadline:
    """The line of an obligation that does not run: the same for every State with that entry into force."""
    return line_alone(rule, entry_into_force, status)[0]


def _new_line(rule: ObligationRule, entry_into_force: date, status: DeadlineStatus) -> Deadline:
    fields = (rule.key, None, original_deadline(rule, entry_into_force), None, status, None, (), Precision.DAY, 0)
    return _new_tuple(Deadline, (*fields, None, None, (), False, (), False, False, None, None, None))


def annual_deadline(
    rule: ObligationRule,
    year: int,
    reports: Mapping[int, ApproximateDate],
    day: date,
    record_ends_on: date | None = None,
) -> Deadline:
    """The deadline of an annual obligation for the year `year` covers, as it stood on `day`."""
    if rule.annual_due is None:
        raise ValueError(f"{rule.key} is not an annual obligation")
    month, due_day = rule.annual_due
    due = date(year + 1, month, due_day)
    sent = reports.get(year)
    if sent is not None and sent.day > day:
        sent = None
    status, key, precision = _status(due, sent, day, False), rule.key, Precision.DAY
    # Every field in one tuple (a tuple unpacked into another is made through a list).
    deadline = _new_tuple(
        Deadline,
        (
            key,
            year,
            due,
            due,
            status,
            sent,
            (),
            precision,
            0,
            None,
            None,
            (),
            False,
            (),
            False,
            False,
            None,
            None,
            None,
        ),
    )
    return deadline if record_ends_on is None else _beyond_the_record(deadline, record_ends_on)


def _floor(facts: ObligationFacts, before: date) -> date:
    """The latest day, before `before`, on which a fact shows the obligation still open (a declaration that it
    applies, a request, a decision): a fact dated "by" `before` happened after it."""
    found = FIRST_DAY
    for d, applies in facts.declared:
        if applies and found < d < before:
            found = d
    for request in facts.requests:
        if found < request.requested_on < before:
            found = request.requested_on
    for extension in facts.extensions:
        if found < extension.granted_on < before:
            found = extension.granted_on
    return found


def _may_have_happened(when: ApproximateDate, facts: ObligationFacts, day: date) -> bool:
    """Dated after `day` only because the source gives no exact day: it may have happened by then."""
    if when.day <= day or when.earliest > day:
        return False  # known by then, or certainly not happened yet
    return _floor(facts, when.day) < day


def _later_request_beyond(later: ObligationFacts, deadline: date, day: date) -> bool:
    """A request dated after `day` and after the deadline, with no decision recorded between them."""
    for request in later.requests:
        decided_between = any(day < e.granted_on <= request.requested_on for e in later.extensions)
        if request.requested_on > day and request.requested_on > deadline and not decided_between:
            return True
    return False


def _unless_possibly_done(
    rule: ObligationRule,
    run: Deadline,
    window: tuple[date | None, date | None],
    original: date | None,
    known: ObligationFacts,
    later: ObligationFacts,
    day: date,
) -> Deadline:
    """An overdue run stays overdue only if no roughly dated completion or extension may have come first, and
    no later request that the treaty allows only before the deadline shows an extension the record lacks."""
    if rule.request_before_deadline and run.current is not None and _later_request_beyond(later, run.current, day):
        return _not_known(run, (_EXTENSION_NOT_RECORDED, True))
    completion = next((c for c in later.completions if _may_have_happened(c.on, later, day)), None)
    extension = next(
        (e for e in later.extensions if granted_roughly(e) and _may_have_happened(e.granted, later, day)), None
    )
    if completion is None and extension is None:
        return run
    alternative = known.with_added(
        Completion(ApproximateDate(day)) if completion else None,
        replace(extension, granted_on=day) if extension else None,
    )
    if _cycle(rule, run.cycle, window, original, alternative, day).status is DeadlineStatus.OVERDUE:
        return run
    possible_completion = completion.on if completion else None
    return _not_known(run, (_POSSIBLE_COMPLETION, possible_completion), (_POSSIBLE_EXTENSION, extension))


def original_deadline(rule: ObligationRule, entry_into_force: date) -> date | None:
    """The deadline the treaty sets: the same for every State with that entry into force (worked out once)."""
    delay = rule.delay
    if delay is None:
        return None
    days = _ORIGINAL.get(rule)
    if days is None:
        days = _ORIGINAL[rule] = {}
    found = days.get(entry_into_force)
    if found is None:
        if len(days) >= _KEPT:
            days.clear()
        found = days[entry_into_force] = delay.after(entry_into_force)
    return found


def rules_from_list(items: Sequence[Mapping[str, Any]]) -> tuple[ObligationRule, ...]:
    rules = tuple(ObligationRule.from_mapping(item) for item in items)
    keys = [r.key for r in rules]
    if len(set(keys)) != len(keys):
        raise RuleError(f"obligation keys must be unique (got {keys})")
    return rules
