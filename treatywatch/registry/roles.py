"""The three editor roles, kept in step with the models after every migration."""

from __future__ import annotations

from typing import Any

VIEWER = "viewer"
EDITOR = "editor"
ADMINISTRATOR = "administrator"

_EDITED_MODELS = ("depositaryfact", "source", "obligationfact", "watch")
_REGISTER_MODELS = ("depositaryfact", "source", "treaty", "state", "obligationfact", "watch", "digestentry")


def _codenames(role: str) -> set[str]:
    views = {f"view_{m}" for m in _REGISTER_MODELS} | {f"view_historical{m}" for m in _EDITED_MODELS}
    if role == VIEWER:
        return views
    edits = {f"{verb}_{m}" for m in _EDITED_MODELS for verb in ("add", "change")}
    if role == EDITOR:
        return views | edits
    return (
        views
        | edits
        | {f"{verb}_{m}" for m in _REGISTER_MODELS for verb in ("add", "change", "delete")}
        | {f"{verb}_user" for verb in ("view", "add", "change")}
    )


def ensure_roles(**_: Any) -> None:
    from django.contrib.auth.models import Group, Permission

    for role in (VIEWER, EDITOR, ADMINISTRATOR):
        group, _created = Group.objects.get_or_create(name=role)
        wanted = Permission.objects.filter(
            codename__in=_codenames(role), content_type__app_label__in=["registry", "obligations", "auth"]
        )
        group.permissions.set(wanted)
