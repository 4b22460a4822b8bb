"""Building timelines allocates many small objects that all live on.

Python's cyclic garbage collector runs again and again during such a build (it counts allocations) and
finds nothing to free: about a quarter of the build's time. It is paused for the build. The first collection
after it would then walk every object the build made (a sixth of the build's time again), and walk them again
as they reach the middle generation: they are moved out of the young generations at once instead, which
`gc.freeze()` does without walking them (it moves whole lists).

- In most processes (commands, tests, a bench) nothing is frozen: `gc.unfreeze()` follows, so the build's
  objects join the oldest generation as if they had survived the others, and any garbage young at that moment
  is collected with it.
- A serving process froze the loaded application (`treatywatch.lib.collector`); unfreezing would hand that
  back to the full passes. What is not frozen (what requests left since the last build) is collected just
  before the build, so no garbage is frozen, and what the build made stays frozen with the application.
  Timelines dropped from a cache later are freed all the same: they hold no reference cycles, and reference
  counting frees them.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    enabled = gc.isenabled()
    serving = gc.get_freeze_count() > 0
    if enabled and serving:
        gc.collect()  # garbage freed now rather than frozen below
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.freeze()
            if not serving:
                gc.unfreeze()
            gc.enable()
