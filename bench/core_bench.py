"""The core engine on synthetic records: one date and the full timeline, against recomputing per date.

    python bench/core_bench.py [--states 200] [--treaties 50] [--years 20] [--dates 20] [--seed 12]
    (or: make bench-core)

Measured, for every treaty of bench/synthetic.py's records (200 States x 50 treaties x 20 years):

- **full timeline**: building every State's standing, the counts and every deadline as sorted change
  days (`StatusTimeline`, `DeadlineTimeline`), what the site does once per record version.
  Peer: the chart's `counts_over_time`, which recomputes every count on each change day.
- **one date**: every status, the entry into force and every deadline on one date, answered from the
  timelines (a binary search per State and obligation). Peer: recomputing them for that date from the
  records (`treaty_state` and `deadlines`), as the site did before the timelines.

Each figure is the median of the runs; the ratio is peer / timeline, measured in the same run. Targets
(issue 12): one date under 50 ms, the full timeline under 500 ms, on the development machine: each build
alone, and both together (the last row), which is what the target names.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from collections.abc import Callable
from datetime import date, timedelta
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from synthetic import SyntheticTreaty, generate

from treatywatch.core import is_compiled
from treatywatch.core.memory import collector_paused
from treatywatch.core.obligations import Deadline, deadlines
from treatywatch.core.status import counts_over_time, treaty_state
from treatywatch.core.timeline import DeadlineTimeline, StatusTimeline, standing_periods

ONE_DATE_TARGET_MS = 50.0
TIMELINE_TARGET_MS = 500.0
# The synthetic records end in 2025: annual deadlines are looked up to here, assembled after.
LOOKUP_UNTIL = date(2031, 1, 1)
Built = list[tuple[StatusTimeline, list[DeadlineTimeline]]]


def build_status(data: list[SyntheticTreaty]) -> list[StatusTimeline]:
    # As the site builds a treaty's timelines (registry.standings, obligations.engine): collector paused.
    with collector_paused():
        return [StatusTimeline.build(treaty.records, treaty.rules) for treaty in data]


def build_deadlines(data: list[SyntheticTreaty], statuses: list[StatusTimeline]) -> list[list[DeadlineTimeline]]:
    with collector_paused():
        return [deadline_timelines(treaty, status) for treaty, status in zip(data, statuses, strict=True)]


def deadline_timelines(treaty: SyntheticTreaty, status: StatusTimeline) -> list[DeadlineTimeline]:
    """Every deadline timeline of one treaty, State by State (their standings' periods worked out once)."""
    found = []
    for i, standings in enumerate(status.standings):
        periods = standing_periods(standings)
        for rule in treaty.obligations:
            facts = treaty.facts.get((i, rule.key))
            if facts is not None:
                found.append(DeadlineTimeline.build(rule, standings, facts, None, LOOKUP_UNTIL, periods))
    return found


def build(data: list[SyntheticTreaty]) -> Built:
    statuses = build_status(data)
    return list(zip(statuses, build_deadlines(data, statuses), strict=True))


def answer_from_timelines(built: Built, day: date) -> int:
    answered = 0
    for status, obligations in built:
        answered += len(status.at(day).standings) + (status.entry_into_force_on(day) is not None)
        for timeline in obligations:
            answered += len(timeline.at(day))
    return answered


def recompute(data: list[SyntheticTreaty], day: date) -> int:
    answered = 0
    for treaty in data:
        state = treaty_state(treaty.records, treaty.rules, day)
        answered += len(state.standings) + (state.entry_into_force_on is not None)
        by_key = {s.key: s for s in state.standings}
        for i, record in enumerate(treaty.records):
            standing = by_key.get(record.key)
            if standing is None or standing.deposited_on is None:
                continue
            eif, left = standing.entry_into_force_on, standing.withdrawal_effective_on
            for rule in treaty.obligations:
                facts = treaty.facts[(i, rule.key)]
                answered += len(deadlines(rule, eif, left, facts, day))
    return answered


def deadlines_differ(data: list[SyntheticTreaty], built: Built, day: date) -> str:
    """Where a deadline timeline's answer on `day` is not what `deadlines` recomputes for it ('' when none)."""
    for treaty, (_status, timelines) in zip(data, built, strict=True):
        by_key = {s.key: s for s in treaty_state(treaty.records, treaty.rules, day).standings}
        found = iter(timelines)  # in the order `deadline_timelines` built them
        for i, record in enumerate(treaty.records):
            standing = by_key.get(record.key)
            for rule in treaty.obligations:
                facts = treaty.facts.get((i, rule.key))
                if facts is None:
                    continue
                expected: tuple[Deadline, ...] = ()
                if standing is not None and standing.deposited_on is not None:
                    eif, left = standing.entry_into_force_on, standing.withdrawal_effective_on
                    expected = tuple(deadlines(rule, eif, left, facts, day))
                if next(found).at(day) != expected:
                    return f"{treaty.key}, {record.key}, {rule.key}"
    return ""


def timed(run: Callable[[], object], repeat: int) -> float:
    """Median milliseconds of `repeat` runs."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--states", type=int, default=200)
    parser.add_argument("--treaties", type=int, default=50)
    parser.add_argument("--years", type=int, default=20)
    parser.add_argument("--dates", type=int, default=20, help="random dates answered (median reported)")
    parser.add_argument("--seed", type=int, default=12)
    parser.add_argument("--peer-treaties", type=int, default=5, help="treaties the slow peer is measured on")
    args = parser.parse_args(argv[1:])

    data = generate(args.states, args.treaties, args.years, args.seed)
    rng = random.Random(args.seed)
    first = date(2026 - args.years, 1, 1)
    days = [first + timedelta(days=rng.randint(0, 365 * (args.years + 5))) for _ in range(args.dates)]
    load = os.getloadavg()[0]
    core = "compiled with mypyc" if is_compiled() else "pure Python"
    print(f"{args.states} States x {args.treaties} treaties x {args.years} years (seed {args.seed}), load {load:.2f}")
    print(f"core: {core} (TREATYWATCH_PURE_CORE=1 runs the sources)")

    status_ms = timed(partial(build_status, data), 3)
    statuses = build_status(data)
    deadlines_ms = timed(partial(build_deadlines, data, statuses), 1)
    built = build(data)
    # The peers recompute everything: measured on a few treaties and scaled to all of them.
    sample = data[: args.peer_treaties]
    scale = len(data) / len(sample)
    chart_ms = timed(partial(lambda: [counts_over_time(t.records, t.rules, date.max) for t in sample]), 1) * scale

    one_date = [timed(partial(answer_from_timelines, built, d), 3) for d in days]
    peer = [timed(partial(recompute, data, d), 1) for d in days[:5]]
    for d in days[:5]:
        if answer_from_timelines(built, d) != recompute(data, d):
            raise SystemExit(f"the timelines and the engine disagree on {d}")
        differ = deadlines_differ(data, built, d)
        if differ:
            raise SystemExit(f"a deadline timeline and `deadlines` disagree on {d}: {differ}")

    one_ms, peer_ms = statistics.median(one_date), statistics.median(peer)
    rows = [
        ("one date: every status, entry into force, deadline", one_ms, ONE_DATE_TARGET_MS, "recompute", peer_ms),
        ("full timeline: every standing and the counts", status_ms, TIMELINE_TARGET_MS, "counts_over_time", chart_ms),
        ("full timeline: every deadline", deadlines_ms, TIMELINE_TARGET_MS, "", 0.0),
        # The target is the whole timeline's: both builds, one after the other, as a record version needs them.
        ("full timeline: all of it (both rows above)", status_ms + deadlines_ms, TIMELINE_TARGET_MS, "", 0.0),
    ]
    print()
    print("| measure | timelines ms | target ms | met | peer | peer ms | ratio peer / timelines |")
    print("|---|---:|---:|---|---|---:|---:|")
    for name, ms, target, peer_name, peer_value in rows:
        met = "yes" if ms < target else "NO"
        ratio = f"{peer_value / ms:.1f}" if peer_value else ""
        peer_cell = f"{peer_value:.1f}" if peer_value else ""
        print(f"| {name} | {ms:.1f} | {target:.0f} | {met} | {peer_name} | {peer_cell} | {ratio} |")
    print()
    print(f"one date: median of {len(days)} random dates, 3 runs each; peer `recompute` (treaty_state and deadlines")
    print("for that date, as the site did before the timelines): median of 5 of those dates, answers checked equal")
    print("(every deadline timeline's answer on those 5 dates compared with `deadlines` recomputed).")
    print("full timeline: standings median of 3 builds, deadlines one build; peer `counts_over_time` (counts only,")
    print(f"recomputed on every change day) measured on {len(sample)} treaties and scaled x{scale:.0f}.")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
