"""How an action tells the derived views and the caches that the register changed."""

from __future__ import annotations

from django.db.models import F

from treatywatch.lib.caching import invalidate_on_commit
from treatywatch.registry.models import Treaty


def register_changed(treaty: Treaty | None = None) -> None:
    """Called inside the transaction of every action that changes public data: a new record version
    for the treaty (for every treaty when a source or a State changed, as they show on all), and
    every cached answer retired once the transaction commits.

    Actions call it rather than model signals, which `bulk_create` and `update` skip."""
    treaties = Treaty.objects.all() if treaty is None else Treaty.objects.filter(pk=treaty.pk)
    treaties.update(record_version=F("record_version") + 1)
    invalidate_on_commit()
