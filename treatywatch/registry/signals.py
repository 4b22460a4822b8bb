"""Signal wiring: editor roles after migrations, and fresh derived views after any change."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete, post_migrate, post_save

from treatywatch.registry.roles import ensure_roles


def bump_treaty_version(sender: Any, instance: Any, **_: Any) -> None:
    instance.treaty.bump_record_version()


def _bump_every_treaty_version(sender: Any, **_: Any) -> None:
    """A source's citation or a State's name shows on every treaty's pages."""
    from django.db.models import F

    from treatywatch.registry.models import Treaty

    Treaty.objects.update(record_version=F("record_version") + 1)


def connect() -> None:
    """Keep the editor roles in step, and derived views fresh after any change to the register."""
    from treatywatch.registry.models import DepositaryFact, Source, State

    post_migrate.connect(ensure_roles, dispatch_uid="treatywatch-roles")
    for signal in (post_save, post_delete):
        signal.connect(bump_treaty_version, sender=DepositaryFact, dispatch_uid=f"tw-fact-{signal}")
        for model in (Source, State):
            signal.connect(_bump_every_treaty_version, sender=model, dispatch_uid=f"tw-{model.__name__}-{signal}")
