"""Building timelines allocates many small objects that all live on.

Python's cyclic garbage collector runs again and again during such a build (it counts allocations) and
finds nothing to free: about a quarter of the build's time. It is paused for the build and resumes after.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
