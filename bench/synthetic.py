"""Synthetic depositary and obligation records for benchmarking the core engine (never real data).

    python bench/synthetic.py [--states 200] [--treaties 50] [--years 20] [--seed 12] [--out FILE.json]

Each treaty gets rules in the shape of the real rules files (an entry-into-force threshold and delays,
a withdrawal clause, the CCM's obligation articles read from treaties/ccm.toml), and each State a
record over `years` years: maybe a signature, maybe a deposit (ratification, accession, succession),
sometimes a withdrawal, and for parties obligation facts (declarations, extension requests and
decisions, completions, annual reports). The same seed gives the same records.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tomllib
from dataclasses import asdict, dataclass, is_dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from treatywatch.core.approximate import ApproximateDate, Precision  # noqa: E402
from treatywatch.core.obligations import (  # noqa: E402
    Completion,
    Extension,
    ObligationFacts,
    ObligationRule,
    Request,
    rules_from_list,
)
from treatywatch.core.rules import Delay, DelayKind, Instrument, TreatyRules  # noqa: E402
from treatywatch.core.status import StateRecord  # noqa: E402


@dataclass(frozen=True)
class SyntheticTreaty:
    key: str
    rules: TreatyRules
    obligations: tuple[ObligationRule, ...]
    records: tuple[StateRecord, ...]
    # Per State (index into `records`) and obligation key: what is recorded.
    facts: dict[tuple[int, str], ObligationFacts]


def obligation_rules() -> tuple[ObligationRule, ...]:
    with (ROOT / "treaties" / "ccm.toml").open("rb") as handle:
        return rules_from_list(tomllib.load(handle)["rules"]["obligations"])


def _day(rng: random.Random, start: date, end: date) -> date:
    return start + timedelta(days=rng.randint(0, max(0, (end - start).days)))


def _record(rng: random.Random, key: str, start: date, end: date) -> StateRecord:
    signed = _day(rng, start, end) if rng.random() < 0.6 else None
    if rng.random() > 0.7:
        return StateRecord(key, signed)
    deposited = _day(rng, signed or start, end)
    instrument = Instrument.RATIFICATION if signed else rng.choice([Instrument.ACCESSION, Instrument.SUCCESSION])
    succeeded = deposited - timedelta(days=rng.randint(0, 400)) if instrument is Instrument.SUCCESSION else None
    withdrew = _day(rng, deposited, end) if rng.random() < 0.03 else None
    ended = _day(rng, deposited, end) if rng.random() < 0.01 else None
    return StateRecord(key, signed, deposited, instrument, withdrew, ended, succeeded)


def _facts(rng: random.Random, rule: ObligationRule, start: date, end: date) -> ObligationFacts:
    """A party's facts under one obligation over the years: dated from `start` (its deposit) to `end`."""
    if rule.annual_due is not None:
        reports = {
            year: ApproximateDate(_day(rng, date(year + 1, 1, 1), date(year + 1, 9, 30)))
            for year in range(start.year, end.year)
            if rng.random() < 0.7
        }
        return ObligationFacts(reports=reports)
    declared: tuple[tuple[date, bool], ...] = ((start, rng.random() < 0.5),) if rule.applies_if else ()
    extensions, requests, completions = [], [], []
    for _ in range(rng.randint(0, 2)):
        asked = _day(rng, start, end)
        requests.append(Request(asked, asked + timedelta(days=rng.randint(365, 1800))))
        if rng.random() < 0.8:
            granted = asked + timedelta(days=rng.randint(60, 300))
            # Each decision by the meeting of its year (one meeting's two decisions would be sources in conflict).
            meeting = f"MSP {granted.year}"
            new_deadline = granted + timedelta(days=rng.randint(365, 1800))
            extensions.append(Extension(granted, new_deadline, meeting, "synthetic"))
    if rng.random() < 0.5:
        precision = rng.choice(list(Precision))
        completions.append(Completion(ApproximateDate.latest(_day(rng, start, end), precision), "synthetic"))
    if completions and rng.random() < 0.1:
        declared += ((completions[0].on.day + timedelta(days=rng.randint(30, 900)), True),)
    return ObligationFacts(declared, tuple(extensions), tuple(requests), tuple(completions))


def generate(states: int = 200, treaties: int = 50, years: int = 20, seed: int = 12) -> list[SyntheticTreaty]:
    rng = random.Random(seed)
    end = date(2025, 12, 31)
    start = date(end.year - years + 1, 1, 1)
    obligations = obligation_rules()
    result = []
    for t in range(treaties):
        rules = TreatyRules(
            instruments_for_entry_into_force=rng.choice([20, 30, 40, 50]),
            entry_into_force_delay=Delay(DelayKind.FIRST_DAY_OF_MONTH_AFTER, rng.choice([3, 6])),
            state_entry_into_force_delay=Delay(DelayKind.FIRST_DAY_OF_MONTH_AFTER, rng.choice([3, 6])),
            withdrawal_delay=Delay(DelayKind.MONTHS_AFTER, rng.choice([6, 12])),
        )
        records = tuple(_record(rng, f"S{s:03d}", start, end) for s in range(states))
        facts = {
            (i, rule.key): _facts(rng, rule, record.deposited_on, end)
            for i, record in enumerate(records)
            if record.deposited_on is not None
            for rule in obligations
        }
        result.append(SyntheticTreaty(f"T{t:02d}", rules, obligations, records, facts))
    return result


def _json(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, frozenset):
        return sorted(value)
    if is_dataclass(value) and not isinstance(value, type):
        return asdict(value)  # a fact: an extension, a request, a completion
    raise TypeError(f"cannot write {type(value).__name__}")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--states", type=int, default=200)
    parser.add_argument("--treaties", type=int, default=50)
    parser.add_argument("--years", type=int, default=20)
    parser.add_argument("--seed", type=int, default=12)
    parser.add_argument("--out", type=Path, help="write the records as JSON (default: print a summary)")
    args = parser.parse_args(argv[1:])
    data = generate(args.states, args.treaties, args.years, args.seed)
    records = sum(len(t.records) for t in data)
    deposits = sum(1 for t in data for r in t.records if r.deposited_on)
    facts = sum(len(t.facts) for t in data)
    print(f"{len(data)} treaties, {records} State records ({deposits} deposits), {facts} obligation histories")
    if args.out:
        payload = [
            {
                "key": t.key,
                "rules": asdict(t.rules),
                "records": [asdict(r) for r in t.records],
                "facts": [{"state": i, "obligation": k, **f.as_dict()} for (i, k), f in t.facts.items()],
            }
            for t in data
        ]
        args.out.write_text(json.dumps(payload, default=_json, indent=1))
        print(f"written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
