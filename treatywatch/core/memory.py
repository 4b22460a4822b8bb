"""Building timelines allocates many small objects that all live on.

Python's cyclic garbage collector runs again and again during such a build (it counts allocations) and
finds nothing to free: about a quarter of the build's time. It is paused for the build and resumes after.
Values derived from those objects are computed once, without a lock.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, Generic, TypeVar

T = TypeVar("T")


@contextmanager
def collector_paused() -> Iterator[None]:
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


class computed_once(Generic[T]):
    """A property computed on first use and kept on the instance (frozen dataclasses included).

    `functools.cached_property` does the same, but on Python 3.11 it takes a lock on every first use: on the
    many short-lived fact objects a timeline build makes, that lock is a tenth of the build."""

    def __init__(self, compute: Callable[[Any], T]) -> None:
        self.compute = compute
        # Named by `__set_name__`: a compiled function has no `__name__` to read here.
        self.name = ""
        self.__doc__ = getattr(compute, "__doc__", None)

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def __get__(self, instance: Any, owner: type | None = None) -> T:
        # Stored in the instance's __dict__, which later lookups find before this (non-data) descriptor.
        value = instance.__dict__[self.name] = self.compute(instance)
        return value
