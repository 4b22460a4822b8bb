"""Who may change whose account in the admin, and what the admin never changes (treaties)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group, Permission, User
from django.test import Client

from treatywatch.registry.models import Treaty
from treatywatch.registry.roles import ADMINISTRATOR, EDITOR

OLD_PASSWORD = "the first long password"
NEW_PASSWORD = "a brand new long password 42"


def account(name: str, role: str | None = None, *, is_superuser: bool = False) -> User:
    user = User.objects.create_user(name, password=OLD_PASSWORD, is_staff=True, is_superuser=is_superuser)
    if role:
        user.groups.add(Group.objects.get(name=role))
    return user


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def administrator(db: None) -> Client:
    user = account("admin-of-accounts", ADMINISTRATOR)
    # Even with the right to delete accounts, an administrator may not delete a peer or a superuser.
    user.user_permissions.add(Permission.objects.get(codename="delete_user"))
    return signed_in(user)


def set_password(client: Client, target: User) -> int:
    form = {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD, "usable_password": "true"}
    return client.post(f"/admin/auth/user/{target.pk}/password/", form).status_code


def deactivate(client: Client, target: User) -> int:
    """Save the account's change form with "Active" unticked and no groups."""
    form = {
        "username": target.username,
        "first_name": "",
        "last_name": "",
        "email": "",
        "is_staff": "on",
        "date_joined_0": target.date_joined.strftime("%Y-%m-%d"),
        "date_joined_1": target.date_joined.strftime("%H:%M:%S"),
        "initial-date_joined_0": target.date_joined.strftime("%Y-%m-%d"),
        "initial-date_joined_1": target.date_joined.strftime("%H:%M:%S"),
        "last_login_0": "",
        "last_login_1": "",
    }
    return client.post(f"/admin/auth/user/{target.pk}/change/", form).status_code


def delete(client: Client, target: User) -> int:
    return client.post(f"/admin/auth/user/{target.pk}/delete/", {"post": "yes"}).status_code


@pytest.mark.parametrize("kind", ["superuser", "administrator"])
def test_an_administrator_cannot_change_a_superuser_or_another_administrator(administrator: Client, kind: str) -> None:
    target = account("protected", ADMINISTRATOR) if kind == "administrator" else account("root", is_superuser=True)

    assert set_password(administrator, target) == 403
    assert deactivate(administrator, target) == 403
    assert delete(administrator, target) == 403

    target.refresh_from_db()
    assert target.check_password(OLD_PASSWORD)
    assert target.is_active
    assert list(target.groups.values_list("name", flat=True)) == ([ADMINISTRATOR] if kind == "administrator" else [])


def test_an_administrator_still_manages_an_editor(administrator: Client) -> None:
    editor = account("an-editor", EDITOR)

    assert set_password(administrator, editor) == 302
    assert deactivate(administrator, editor) == 302

    editor.refresh_from_db()
    assert editor.check_password(NEW_PASSWORD)
    assert not editor.is_active
    assert not editor.groups.exists()
    assert delete(administrator, editor) == 302
    assert not User.objects.filter(pk=editor.pk).exists()


def test_a_superuser_manages_an_administrator(db: None) -> None:
    superuser = signed_in(account("root", is_superuser=True))
    target = account("an-administrator", ADMINISTRATOR)

    assert set_password(superuser, target) == 302
    assert deactivate(superuser, target) == 302

    target.refresh_from_db()
    assert target.check_password(NEW_PASSWORD)
    assert not target.is_active


def test_treaties_cannot_be_added_changed_or_deleted_in_the_admin(ccm: Treaty) -> None:
    superuser = signed_in(account("root", is_superuser=True))

    assert superuser.post(f"/admin/registry/treaty/{ccm.pk}/delete/", {"post": "yes"}).status_code == 403
    bulk_delete = {"action": "delete_selected", "_selected_action": [ccm.pk], "post": "yes"}
    superuser.post("/admin/registry/treaty/", bulk_delete)
    assert superuser.get("/admin/registry/treaty/add/").status_code == 403
    assert superuser.post(f"/admin/registry/treaty/{ccm.pk}/change/", {"short_name": "Changed"}).status_code == 403
    assert Treaty.objects.filter(pk=ccm.pk, short_name=ccm.short_name).exists()
