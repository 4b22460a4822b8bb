"""Signal wiring: editor roles after migrations.

Derived views and caches are refreshed by the actions themselves (`registry/versions.py`), not by
model signals, which `bulk_create` and queryset updates skip."""

from __future__ import annotations

from django.db.models.signals import post_migrate

from treatywatch.registry.roles import ensure_roles


def connect() -> None:
    """Keep the editor roles in step after every migration."""
    post_migrate.connect(ensure_roles, dispatch_uid="treatywatch-roles")
