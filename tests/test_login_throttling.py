"""Sign-in throttling: after 5 failures an account, or an address, is locked until an operator unlocks it."""

from __future__ import annotations

from io import StringIO

from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import Client, RequestFactory, override_settings

from treatywatch.lib.client import client_address

PASSWORD = "the right long password"
LIMIT = 5  # AXES_FAILURE_LIMIT's default (TREATYWATCH_LOGIN_FAILURE_LIMIT)


def sign_in(client: Client, username: str, password: str, address: str = "192.0.2.1") -> int:
    response = client.post(
        "/admin/login/", {"username": username, "password": password, "next": "/admin/"}, REMOTE_ADDR=address
    )
    return response.status_code


def signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def test_five_wrong_passwords_lock_the_account_until_it_is_reset(db: None) -> None:
    User.objects.create_user("editor", password=PASSWORD, is_staff=True)
    client = Client()
    for _ in range(LIMIT):
        sign_in(client, "editor", "a wrong guess")

    # Even from another address, the right password is refused, with a page that says why.
    response = client.post(
        "/admin/login/", {"username": "editor", "password": PASSWORD, "next": "/admin/"}, REMOTE_ADDR="198.51.100.7"
    )
    assert response.status_code == 429
    assert "Too many failed sign-ins (5) for this account or from this address" in response.text
    assert "Try again in 60 minutes" in response.text
    assert not signed_in(client)

    call_command("axes_reset_username", "editor", stdout=StringIO())
    assert sign_in(client, "editor", PASSWORD, address="198.51.100.7") == 302
    assert signed_in(client)


def test_five_failures_from_one_address_lock_that_address_for_every_account(db: None) -> None:
    User.objects.create_user("editor", password=PASSWORD, is_staff=True)
    client = Client()
    for attempt in range(LIMIT):
        sign_in(client, f"guess-{attempt}", "a wrong guess", address="203.0.113.9")

    assert sign_in(client, "editor", PASSWORD, address="203.0.113.9") == 429
    assert not signed_in(client)
    assert sign_in(client, "editor", PASSWORD, address="192.0.2.50") == 302

    client.logout()
    call_command("axes_reset_ip", "203.0.113.9", stdout=StringIO())
    assert sign_in(client, "editor", PASSWORD, address="203.0.113.9") == 302


def test_behind_a_proxy_the_address_is_the_one_the_proxy_names() -> None:
    request = RequestFactory().get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_REAL_IP="192.0.2.33")
    assert client_address(request) == "127.0.0.1"  # without DJANGO_BEHIND_PROXY, a client could forge it
    with override_settings(SECURE_PROXY_SSL_HEADER=("HTTP_X_FORWARDED_PROTO", "https")):
        assert client_address(request) == "192.0.2.33"
