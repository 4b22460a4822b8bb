"""Python's garbage collector in a process that serves the site.

A serving process keeps much of what it works out (treaty timelines, a day's view of a treaty, answers by
interval), and the cyclic collector, counting allocations, scans all of it again each time enough new objects
have lived on: while a worker warms up, full passes of 170 to 280 ms, each met by the request that happened to
be running (measured on 2,000 requests for random days; docs/benchmarks.md). Once the application is loaded
its objects are collected once and then moved out of the collector's reach (`gc.freeze`), and the collector
counts ten times as many allocations before a pass, so the passes left are over young objects: a few ms.
"""

from __future__ import annotations

import gc

# Allocations before a pass over the youngest objects, and passes of each generation before one of the next.
SERVING_THRESHOLDS = (7000, 20, 20)


def tune_for_serving() -> None:
    gc.collect()  # what is garbage now is freed, not kept for ever by the freeze
    gc.freeze()
    gc.set_threshold(*SERVING_THRESHOLDS)
