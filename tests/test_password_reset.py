"""A member who forgot their password gets a link by e-mail, which works once; the form tells nobody who has an
account, and nobody can fill someone's inbox from it."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.test import Client, override_settings

from treatywatch.web.password_reset import PER_CLIENT, PER_EMAIL_ADDRESS

pytestmark = pytest.mark.django_db

PASSWORD = "a long password for a field editor"
NEW_PASSWORD = "another long password for the field editor"
SITE = "https://treatywatch.example.org"


@pytest.fixture
def member() -> User:
    return User.objects.create_user("amina", email="amina@coalition.example", password=PASSWORD)


def ask(client: Client, email: str, path: str = "/accounts/password/reset/", address: str = "192.0.2.1") -> str:
    response = client.post(path, {"email": email}, REMOTE_ADDR=address)
    assert response.status_code == 302
    return str(response["Location"])


def link_in(message: mail.EmailMessage) -> str:
    found = re.search(r"https://treatywatch\.example\.org(\S+)", str(message.body))
    assert found, message.body
    return found[1]


@override_settings(TREATYWATCH_SITE_URL=SITE)
def test_a_member_gets_a_link_chooses_a_new_password_and_signs_in_with_it(member: User) -> None:
    client = Client()
    assert 'href="/accounts/password/reset/"' in client.get("/accounts/sign-in/").text
    assert ask(client, "Amina@Coalition.example") == "/accounts/password/reset/sent/"
    assert "Look in your e-mail" in client.get("/accounts/password/reset/sent/").text

    (message,) = mail.outbox
    assert message.to == ["amina@coalition.example"]
    assert message.subject == "Treatywatch: choose a new password"
    assert 'the Treatywatch account "amina"' in str(message.body) and "within 3 days" in str(message.body)
    link = link_in(message)  # on the site's address, not the Host the request named
    assert link.startswith("/accounts/password/reset/")

    form = client.get(link, follow=True)
    assert form.redirect_chain[-1][0].endswith("/set-password/")  # the token leaves the address bar
    assert 'id="id_new_password1"' in form.text and "<ul>" not in form.text.split("<main")[1]
    done = client.post(
        form.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}, follow=True
    )
    assert done.redirect_chain[-1][0] == "/accounts/password/reset/done/"
    member.refresh_from_db()
    assert member.check_password(NEW_PASSWORD)

    assert "does not work" in Client().get(link, follow=True).text  # once only
    signed_in = Client()
    response = signed_in.post("/accounts/sign-in/", {"username": "amina", "password": NEW_PASSWORD})
    assert response.status_code == 302 and "_auth_user_id" in signed_in.session


@override_settings(TREATYWATCH_SITE_URL=SITE)
def test_the_link_is_in_the_members_language(member: User) -> None:
    ask(Client(), "amina@coalition.example", path="/fr/accounts/password/reset/")
    (message,) = mail.outbox
    assert link_in(message).startswith("/fr/accounts/password/reset/")
    assert "Treatywatch" in message.subject and message.subject != "Treatywatch: choose a new password"


def test_an_unknown_address_is_answered_the_same_and_sends_nothing(member: User) -> None:
    assert ask(Client(), "nobody@example.org") == "/accounts/password/reset/sent/"
    assert mail.outbox == []


def test_an_inactive_account_or_one_without_a_password_gets_no_link(member: User) -> None:
    member.is_active = False
    member.save()
    User.objects.create_user("no-password", email="np@coalition.example")
    ask(Client(), "amina@coalition.example")
    ask(Client(), "np@coalition.example")
    assert mail.outbox == []


def test_an_address_gets_a_few_links_an_hour_at_most(member: User) -> None:
    for attempt in range(PER_EMAIL_ADDRESS + 2):
        ask(Client(), "amina@coalition.example", address=f"192.0.2.{attempt + 10}")
    assert len(mail.outbox) == PER_EMAIL_ADDRESS


def test_one_visitor_asks_for_a_few_links_an_hour_at_most(member: User) -> None:
    for attempt in range(PER_CLIENT + 2):
        ask(Client(), f"someone-{attempt}@example.org", address="203.0.113.9")
    ask(Client(), "amina@coalition.example", address="203.0.113.9")
    assert mail.outbox == []
    ask(Client(), "amina@coalition.example", address="198.51.100.1")
    assert len(mail.outbox) == 1


def test_the_reset_pages_are_never_stored_nor_shared(member: User) -> None:
    assert "no-store" in Client().get("/accounts/password/reset/")["Cache-Control"]
    assert "no-store" in Client().get("/accounts/password/reset/MQ/bad-token/")["Cache-Control"]
