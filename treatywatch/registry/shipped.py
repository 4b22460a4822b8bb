"""The data that ships with Treatywatch, as `load_register` loads it.

The register loads the rules files and each treaty's depositary record (while it has none). The
apps built on it ship data of their own for a treaty (the obligations app its `obligations.csv`,
the organisations app its `organisations.csv`, the outreach app its `activities.csv`): each adds a
loader here from its `AppConfig.ready()`, so the command needs no import of the apps above it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from treatywatch.registry.models import Treaty

# Loads what an app ships for a treaty, from the data folder, on every `load_register`: only while
# the treaty holds none of it, so what editors corrected or removed stays so. Returns one line per
# thing it loaded (nothing when it loaded nothing).
TreatyLoader = Callable[[Treaty, Path], list[str]]

_loaders: list[TreatyLoader] = []


def add_treaty_loader(loader: TreatyLoader) -> None:
    if loader not in _loaders:
        _loaders.append(loader)


def treaty_loaders() -> tuple[TreatyLoader, ...]:
    """In the order the apps are installed: an app's data comes after the data it builds on."""
    return tuple(_loaders)
