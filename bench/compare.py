"""Summarise a bench/run.sh run: requests per second and p99 latency of each target, and the
ratios Treatywatch / Datasette measured in that same run.

    python bench/compare.py RESULTS_DIR [--meta key=value ...]

Reads RESULTS_DIR/wrk/<target>--<html|json>--r<round>.txt (wrk output with the BENCH_JSON line
that bench/report.lua prints), takes the median over rounds, prints a table and writes
summary.json and summary.md into RESULTS_DIR (and summary.md to bench/results/latest.md).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

PEER = "datasette"
KINDS = {"html": "States list, HTML page", "json": "States list, JSON API"}
MARKER = "BENCH_JSON "


@dataclass(frozen=True)
class Measure:
    target: str
    kind: str
    rounds: int
    rps: float
    p50_ms: float
    p99_ms: float
    requests: int
    errors: int


def read_run(path: Path) -> dict[str, Any]:
    for line in path.read_text().splitlines():
        if line.startswith(MARKER):
            data: dict[str, Any] = json.loads(line[len(MARKER) :])
            return data
    raise SystemExit(f"{path}: no {MARKER.strip()} line; did wrk run with -s bench/report.lua?")


def collect(results: Path) -> list[Measure]:
    runs: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for path in sorted((results / "wrk").glob("*--*--r*.txt")):
        target, kind, _round = path.stem.split("--")
        runs.setdefault((target, kind), []).append(read_run(path))
    if not runs:
        raise SystemExit(f"no wrk results under {results / 'wrk'}")
    measures = []
    for (target, kind), items in sorted(runs.items()):
        measures.append(
            Measure(
                target=target,
                kind=kind,
                rounds=len(items),
                rps=statistics.median(r["rps"] for r in items),
                p50_ms=statistics.median(r["latency_p50_us"] for r in items) / 1000,
                p99_ms=statistics.median(r["latency_p99_us"] for r in items) / 1000,
                requests=sum(r["requests"] for r in items),
                errors=sum(sum(r["errors"].values()) for r in items),
            )
        )
    return measures


def ratios(measures: list[Measure]) -> list[dict[str, Any]]:
    peer = {m.kind: m for m in measures if m.target == PEER}
    rows = []
    for m in measures:
        if m.target == PEER or m.kind not in peer:
            continue
        p = peer[m.kind]
        rps_ratio = m.rps / p.rps if p.rps else float("inf")
        rows.append(
            {
                "kind": m.kind,
                "target": m.target,
                "rps_ratio": rps_ratio,
                "p99_ratio": m.p99_ms / p.p99_ms if p.p99_ms else float("inf"),
                "target_met": rps_ratio >= 1.0,
            }
        )
    return rows


def render(measures: list[Measure], compared: list[dict[str, Any]], meta: dict[str, str]) -> str:
    lines = ["Treatywatch vs Datasette, same run, same wrk settings, 127.0.0.1", ""]
    lines += [f"- {key}: {value}" for key, value in meta.items()]
    lines += [
        "",
        "| endpoint | target | requests/s | p50 ms | p99 ms | requests | errors |",
        "|---|---|---:|---:|---:|---:|---:|",
    ]
    for m in sorted(measures, key=lambda m: (m.kind, m.target == PEER, m.target)):
        lines.append(
            f"| {m.kind} | {m.target} | {m.rps:.1f} | {m.p50_ms:.1f} | {m.p99_ms:.1f} | {m.requests} | {m.errors} |"
        )
    lines += [
        "",
        "Ratios Treatywatch / Datasette (target: requests/s ratio >= 1.00; p99 ratio below 1.00 is better)",
        "",
        "| endpoint | target | rps ratio | p99 ratio | target met |",
        "|---|---|---:|---:|---|",
    ]
    for r in compared:
        met = "yes" if r["target_met"] else "NO"
        lines.append(f"| {r['kind']} | {r['target']} | {r['rps_ratio']:.2f} | {r['p99_ratio']:.2f} | {met} |")
    if any(m.errors for m in measures):
        lines += ["", "WARNING: some requests failed (see wrk/*.txt); their numbers are not comparable."]
    return "\n".join(lines) + "\n"


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("results", type=Path)
    parser.add_argument("--meta", action="append", default=[], help="key=value shown above the table")
    args = parser.parse_args(argv[1:])
    meta = dict(item.split("=", 1) for item in args.meta)
    measures = collect(args.results)
    compared = ratios(measures)
    text = render(measures, compared, meta)
    print(text, end="")
    summary = {"meta": meta, "measures": [asdict(m) for m in measures], "ratios": compared}
    (args.results / "summary.json").write_text(json.dumps(summary, indent=2) + "\n")
    (args.results / "summary.md").write_text(text)
    (args.results.parent / "latest.md").write_text(text)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
