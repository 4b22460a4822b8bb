"""Summarise a bench/run.sh run: requests per second and latency of each target, and the ratios of
Treatywatch to its peer measured in that same run, against the targets of issue 12.

    python bench/compare.py RESULTS_DIR [--meta key=value ...]

Reads RESULTS_DIR/wrk/<target>--r<round>.txt (wrk output with the BENCH_JSON line that
bench/report.lua prints), takes the median over rounds, prints a table and writes summary.json and
summary.md into RESULTS_DIR (and summary.md to bench/results/latest.md).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

MARKER = "BENCH_JSON "


@dataclass(frozen=True)
class Comparison:
    """Treatywatch's `target` against `peer`: at least `rps_ratio` times its requests/s, p99 under `p99_ms`."""

    target: str
    peer: str
    rps_ratio: float
    p99_ms: float


# A different as_of on each request against Datasette serving the same rows; the same URL again against
# nginx serving the same answer as a static file (the limit).
COMPARISONS = (
    Comparison("treatywatch-states-api-same-url", "nginx-static-json", 0.10, 20.0),
    Comparison("treatywatch-states-api-random-day", "datasette-states-json", 10.0, 100.0),
    Comparison("treatywatch-treaty-page-random-day", "datasette-states-page", 10.0, 100.0),
    Comparison("treatywatch-compliance-api-random-day", "datasette-compliance-json", 10.0, 100.0),
    Comparison("treatywatch-compliance-page-random-day", "datasette-compliance-page", 10.0, 100.0),
    Comparison("treatywatch-state-page-random-day", "datasette-state-page", 10.0, 100.0),
)


# What any WSGI application can answer behind the same server (bench/constant_app.py): a reference, not a peer.
CEILING = "server-constant-json"


@dataclass(frozen=True)
class Measure:
    target: str
    rounds: int
    rps: float
    p50_ms: float
    p99_ms: float
    requests: int
    errors: int
    # The first round alone: for a random day, each worker answers each interval for the first time in it.
    first_rps: float
    first_p99_ms: float


def read_run(path: Path) -> dict[str, Any]:
    for line in path.read_text().splitlines():
        if line.startswith(MARKER):
            data: dict[str, Any] = json.loads(line[len(MARKER) :])
            return data
    raise SystemExit(f"{path}: no {MARKER.strip()} line; did wrk run with bench/report.lua?")


def _round(path: Path) -> int:
    return int(path.stem.split("--r")[-1])


def collect(results: Path) -> dict[str, Measure]:
    runs: dict[str, list[dict[str, Any]]] = {}
    for path in sorted((results / "wrk").glob("*--r*.txt"), key=lambda p: (p.stem.split("--")[0], _round(p))):
        target, _number = path.stem.split("--")
        runs.setdefault(target, []).append(read_run(path))
    if not runs:
        raise SystemExit(f"no wrk results under {results / 'wrk'}")
    return {
        target: Measure(
            target=target,
            rounds=len(items),
            rps=statistics.median(r["rps"] for r in items),
            p50_ms=statistics.median(r["latency_p50_us"] for r in items) / 1000,
            p99_ms=statistics.median(r["latency_p99_us"] for r in items) / 1000,
            requests=sum(r["requests"] for r in items),
            errors=sum(sum(r["errors"].values()) for r in items),
            first_rps=items[0]["rps"],
            first_p99_ms=items[0]["latency_p99_us"] / 1000,
        )
        for target, items in sorted(runs.items())
    }


def ratios(measures: dict[str, Measure]) -> list[dict[str, Any]]:
    rows = []
    for c in COMPARISONS:
        if c.target not in measures or c.peer not in measures:
            continue
        ours, peer = measures[c.target], measures[c.peer]
        rps_ratio = ours.rps / peer.rps if peer.rps else float("inf")
        rows.append(
            {
                **asdict(c),
                "measured_rps_ratio": rps_ratio,
                "measured_p99_ms": ours.p99_ms,
                "rps_met": rps_ratio >= c.rps_ratio,
                "p99_met": ours.p99_ms < c.p99_ms,
            }
        )
    return rows


def render(measures: dict[str, Measure], compared: list[dict[str, Any]], meta: dict[str, str]) -> str:
    lines = ["Treatywatch vs Datasette and nginx, same run, same wrk settings, 127.0.0.1", ""]
    lines += [f"- {key}: {value}" for key, value in meta.items()]
    lines += [
        "",
        "| target | requests/s | p50 ms | p99 ms | requests | errors | first round requests/s | first round p99 ms |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for m in measures.values():
        lines.append(
            f"| {m.target} | {m.rps:.1f} | {m.p50_ms:.1f} | {m.p99_ms:.1f} | {m.requests} | {m.errors} "
            f"| {m.first_rps:.1f} | {m.first_p99_ms:.1f} |"
        )
    lines += [
        "",
        "| Treatywatch | peer | rps ratio | target | met | p99 ms | target | met |",
        "|---|---|---:|---:|---|---:|---:|---|",
    ]
    for r in compared:
        rps_met, p99_met = ("yes" if r["rps_met"] else "NO"), ("yes" if r["p99_met"] else "NO")
        lines.append(
            f"| {r['target']} | {r['peer']} | {r['measured_rps_ratio']:.2f} | >= {r['rps_ratio']:g} | {rps_met} "
            f"| {r['measured_p99_ms']:.1f} | < {r['p99_ms']:g} | {p99_met} |"
        )
    ceiling, same = measures.get(CEILING), measures.get("treatywatch-states-api-same-url")
    if ceiling and same and ceiling.rps:
        lines += [
            "",
            f"The same States answer from memory behind the same server ({CEILING}, no framework, no work): "
            f"{ceiling.rps:.1f} requests/s, p99 {ceiling.p99_ms:.1f} ms. Treatywatch's same URL made "
            f"{same.rps / ceiling.rps:.2f} of it.",
        ]
    if any(m.errors for m in measures.values()):
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
    summary = {"meta": meta, "measures": [asdict(m) for m in measures.values()], "ratios": compared}
    (args.results / "summary.json").write_text(json.dumps(summary, indent=2) + "\n")
    (args.results / "summary.md").write_text(text)
    (args.results.parent / "latest.md").write_text(text)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
