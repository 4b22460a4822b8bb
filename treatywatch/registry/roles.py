"""The three editor roles, kept in step with the models after every migration."""

from __future__ import annotations

from typing import Any

VIEWER = "viewer"
EDITOR = "editor"
ADMINISTRATOR = "administrator"

# Every role reads the register models; editors add and correct the edited ones; administrators also
# add, change and delete register models and manage organisations' members. Which activities, organisations
# and members an account reaches is narrowed further by its memberships (see treatywatch/organisations).
_EDITED_MODELS = ("depositaryfact", "source", "obligationfact", "watch", "activity", "approvalstep")
_REGISTER_MODELS = (
    "depositaryfact",
    "source",
    "treaty",
    "state",
    "obligationfact",
    "watch",
    "digestentry",
    "activity",
    "approvalstep",
    "organisation",
)
_WITH_HISTORY = (*_EDITED_MODELS, "organisation")
_ADMINISTERED_MODELS = (*_REGISTER_MODELS, "membership")
_APP_LABELS = ("registry", "obligations", "organisations", "outreach", "auth")


def _codenames(role: str) -> set[str]:
    views = {f"view_{m}" for m in _REGISTER_MODELS} | {f"view_historical{m}" for m in _WITH_HISTORY}
    if role == VIEWER:
        return views
    edits = {f"{verb}_{m}" for m in _EDITED_MODELS for verb in ("add", "change")}
    if role == EDITOR:
        return views | edits
    return (
        views
        | edits
        | {f"{verb}_{m}" for m in _ADMINISTERED_MODELS for verb in ("view", "add", "change", "delete")}
        | {"view_historicalmembership"}
        | {f"{verb}_user" for verb in ("view", "add", "change")}
    )


def ensure_roles(**_: Any) -> None:
    from django.contrib.auth.models import Group, Permission

    for role in (VIEWER, EDITOR, ADMINISTRATOR):
        group, _created = Group.objects.get_or_create(name=role)
        wanted = Permission.objects.filter(codename__in=_codenames(role), content_type__app_label__in=_APP_LABELS)
        group.permissions.set(wanted)
