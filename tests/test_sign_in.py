"""Members sign in on the site's own page, see their account, change their password and sign out; the header says
who is signed in on their pages only, and the page cache never hands one visitor's page to another."""

from __future__ import annotations

import re
from io import BytesIO, StringIO
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.core.handlers.wsgi import WSGIHandler
from django.core.management import call_command
from django.test import Client

from treatywatch.lib.intervals import IntervalAnswers
from treatywatch.organisations.actions import do_create_api_token, do_save_organisation, do_set_membership
from treatywatch.organisations.models import Organisation, OrganisationKind, Role, TokenPurpose

pytestmark = pytest.mark.django_db

PASSWORD = "a long password for a field editor"
NEW_PASSWORD = "another long password for the field editor"
LIMIT = 5  # AXES_FAILURE_LIMIT's default (TREATYWATCH_LOGIN_FAILURE_LIMIT)
SIGN_IN_LINK = "accounts/sign-in/?next="  # the header's link, in any language
SIGN_OUT_FORM = 'accounts/sign-out/" class="sign-out"'


@pytest.fixture
def member() -> User:
    """A field editor of a coalition and a viewer of a monitor: a member, not staff."""
    site_admin = User.objects.create_superuser("site-admin", password=PASSWORD)
    editor = User.objects.create_user("amina", password=PASSWORD, first_name="Amina", last_name="Diallo")
    for name, kind, role in (
        ("Cluster Munition Coalition", OrganisationKind.COALITION, Role.EDITOR),
        ("Landmine Monitor", OrganisationKind.MONITOR, Role.VIEWER),
    ):
        made = Organisation(name=name, slug=name.lower().replace(" ", "-"), kind=kind)
        organisation = do_save_organisation(made, actor=site_admin, reason="test")
        do_set_membership(organisation, editor, role, actor=site_admin, reason="test")
    return editor


def sign_in(client: Client, username: str, password: str, next_url: str = "", address: str = "192.0.2.1") -> Any:
    data = {"username": username, "password": password} | ({"next": next_url} if next_url else {})
    return client.post("/accounts/sign-in/", data, REMOTE_ADDR=address)


def signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


# ---- Signing in and out --------------------------------------------------------------------------------


def test_a_member_who_is_not_staff_signs_in_and_logs_an_activity_but_cannot_open_the_admin(member: User) -> None:
    client = Client()
    response = client.get("/activities/new/")
    assert response["Location"] == "/accounts/sign-in/?next=/activities/new/"
    page = client.get(response["Location"]).text
    assert 'name="next" value="/activities/new/"' in page

    response = sign_in(client, "amina", PASSWORD, next_url="/activities/new/")
    assert response.status_code == 302 and response["Location"] == "/activities/new/"
    assert "Log an activity" in client.get("/activities/new/").text
    assert client.get("/admin/")["Location"].startswith("/admin/login/")


def test_without_next_a_member_lands_on_their_account(member: User) -> None:
    response = sign_in(Client(), "amina", PASSWORD)
    assert response["Location"] == "/accounts/"


@pytest.mark.parametrize(
    "next_url", ["https://elsewhere.example/", "//elsewhere.example/", "javascript:alert(1)", "http://testserver.evil/"]
)
def test_next_is_followed_only_to_this_site(member: User, next_url: str) -> None:
    response = sign_in(Client(), "amina", PASSWORD, next_url=next_url)
    assert response["Location"] == "/accounts/"
    assert f'value="{next_url}"' not in Client().get("/accounts/sign-in/", {"next": next_url}).text


def test_the_sign_in_page_is_in_the_visitors_language_and_sends_them_back_in_it(member: User) -> None:
    client = Client()
    assert client.get("/fr/activities/new/")["Location"] == "/fr/accounts/sign-in/?next=/fr/activities/new/"
    page = client.get("/fr/accounts/sign-in/").text
    assert "<h1>Se connecter</h1>" in page and 'lang="fr"' in page
    assert "<h1>Iniciar sesión</h1>" in client.get("/es/accounts/sign-in/").text
    assert sign_in(client, "amina", PASSWORD, next_url="/fr/activities/new/")["Location"] == "/fr/activities/new/"


def test_a_wrong_password_is_refused_with_a_message_and_says_who_creates_accounts(member: User) -> None:
    client = Client()
    response = sign_in(client, "amina", "a wrong guess")
    assert response.status_code == 200 and not signed_in(client)
    assert "Please enter a correct username and password" in response.text
    assert "There is no sign-up: your organisation's administrator" in response.text


def test_an_inactive_account_cannot_sign_in(member: User) -> None:
    member.is_active = False
    member.save()
    client = Client()
    sign_in(client, "amina", PASSWORD)
    assert not signed_in(client)


def test_the_sign_in_page_is_never_stored(member: User) -> None:
    response = Client().get("/accounts/sign-in/")
    assert "no-store" in response["Cache-Control"]
    assert "no-store" in sign_in(Client(), "amina", "a wrong guess")["Cache-Control"]


def test_signing_out_takes_a_post_with_its_csrf_token_and_ends_the_session(member: User) -> None:
    client = Client(enforce_csrf_checks=True)
    client.get("/accounts/sign-in/")
    token = client.cookies[settings.CSRF_COOKIE_NAME].value
    assert client.post("/accounts/sign-in/", {"username": "amina", "password": PASSWORD}).status_code == 403
    response = client.post(
        "/accounts/sign-in/", {"username": "amina", "password": PASSWORD, "csrfmiddlewaretoken": token}
    )
    assert signed_in(client) and response.cookies[settings.SESSION_COOKIE_NAME]["httponly"]
    session_key = client.cookies[settings.SESSION_COOKIE_NAME].value

    assert client.get("/accounts/sign-out/").status_code == 405
    assert client.post("/accounts/sign-out/").status_code == 403  # no CSRF token
    assert signed_in(client)
    page = client.get("/accounts/").text
    token = page.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
    response = client.post("/accounts/sign-out/", {"csrfmiddlewaretoken": token})
    assert response.status_code == 302 and response["Location"] == "/"
    assert not signed_in(client)
    stolen = Client()
    stolen.cookies[settings.SESSION_COOKIE_NAME] = session_key
    assert stolen.get("/accounts/").status_code == 302  # the old session no longer signs anyone in


# ---- Lockout through the new form ----------------------------------------------------------------------


def test_five_wrong_passwords_on_the_sign_in_page_lock_the_account_until_it_is_reset(member: User) -> None:
    client = Client()
    for _ in range(LIMIT):
        sign_in(client, "amina", "a wrong guess")

    response = sign_in(client, "amina", PASSWORD, address="198.51.100.7")
    assert response.status_code == 429 and not signed_in(client)
    assert "Too many failed sign-ins (5) for this account or from this address" in response.text
    assert "Try again in 60 minutes" in response.text
    assert 'class="site-header"' in response.text  # in the site's layout

    call_command("axes_reset_username", "amina", stdout=StringIO())
    assert sign_in(client, "amina", PASSWORD, address="198.51.100.7").status_code == 302
    assert signed_in(client)


def test_failures_from_one_address_lock_that_address_on_the_sign_in_page(member: User) -> None:
    for attempt in range(LIMIT):
        sign_in(Client(), f"guess-{attempt}", "a wrong guess", address="203.0.113.9")
    assert sign_in(Client(), "amina", PASSWORD, address="203.0.113.9").status_code == 429
    call_command("axes_reset_ip", "203.0.113.9", stdout=StringIO())
    assert sign_in(Client(), "amina", PASSWORD, address="203.0.113.9").status_code == 302


# ---- The account page and the password ----------------------------------------------------------------


def test_the_account_page_shows_the_members_name_organisations_and_roles(member: User) -> None:
    do_create_api_token(member, "phone calendar", actor=member, reason="test", purpose=TokenPurpose.FEED)
    client = Client()
    client.force_login(member)
    page = client.get("/accounts/").text
    assert "Signed in as Amina Diallo (amina)." in page
    assert re.search(r'<th scope="row">Cluster Munition Coalition</th>\s*<td [^>]*>editor</td>', page)
    assert re.search(r'<th scope="row">Landmine Monitor</th>\s*<td [^>]*>viewer</td>', page)
    assert 'href="/activities/#private-feed"' in page and "(1 in use)" in page
    assert 'href="/accounts/password/"' in page
    assert 'href="/admin/"' not in page  # not staff
    assert "Vos organisations" in client.get("/fr/accounts/").text


def test_the_account_page_asks_an_anonymous_visitor_to_sign_in() -> None:
    assert Client().get("/accounts/")["Location"] == "/accounts/sign-in/?next=/accounts/"
    assert Client().get("/accounts/password/")["Location"] == "/accounts/sign-in/?next=/accounts/password/"


def test_a_member_changes_their_password_and_stays_signed_in(member: User) -> None:
    client = Client()
    client.force_login(member)
    form = client.get("/accounts/password/").text
    assert 'id="id_old_password"' in form and "<ul>" not in form.split("<main")[1]
    new = {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    refused = client.post("/accounts/password/", {"old_password": "not it", **new})
    assert refused.status_code == 200 and "Your old password was entered incorrectly" in refused.text
    response = client.post("/accounts/password/", {"old_password": PASSWORD, **new}, follow=True)
    assert response.redirect_chain[-1][0] == "/accounts/"
    assert "Your password is changed." in response.text and signed_in(client)
    member.refresh_from_db()
    assert member.check_password(NEW_PASSWORD)


# ---- The header and the page cache ---------------------------------------------------------------------

# Pages shared through the page cache, and through the answers stored per interval of days.
SHARED_PAGES = ("/", "/treaties/ccm/", "/fr/treaties/ccm/?as_of=2015-03-03", "/states/KEN/", "/activities/")


def wsgi_get(path: str, cookie: str = "") -> bytes:
    """A GET through the whole application as served (the interval layer in front of Django)."""
    route, _, query = path.partition("?")
    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": route,
        "QUERY_STRING": query,
        "SERVER_NAME": "testserver",
        "SERVER_PORT": "80",
        "HTTP_HOST": "testserver",
        "wsgi.url_scheme": "http",
        "wsgi.input": BytesIO(),
        "wsgi.errors": BytesIO(),
    } | ({"HTTP_COOKIE": cookie} if cookie else {})
    status: list[str] = []
    varies: list[str] = []

    def start_response(code: str, headers: list[tuple[str, str]], *_: Any) -> None:
        status.append(code)
        varies.append(", ".join(value for name, value in headers if name.lower() == "vary"))

    body = b"".join(IntervalAnswers(WSGIHandler())(environ, start_response))
    assert status == ["200 OK"], (path, status)
    assert "Cookie" in varies[0], (path, varies)  # nor may a cache in front of the site give it to another
    return body


def session_cookie(user: User) -> str:
    client = Client()
    client.force_login(user)
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


def is_anonymous_page(body: bytes) -> bool:
    text = body.decode()
    return SIGN_IN_LINK in text and SIGN_OUT_FORM not in text and "csrfmiddlewaretoken" not in text


def is_members_page(body: bytes) -> bool:
    text = body.decode()
    return SIGN_IN_LINK not in text and SIGN_OUT_FORM in text and "csrfmiddlewaretoken" in text


@pytest.mark.parametrize("path", SHARED_PAGES)
@pytest.mark.usefixtures("connection_kept_between_requests")
def test_a_signed_in_member_never_gets_the_anonymous_page_stored_for_the_address(member: User, path: str) -> None:
    first, again = wsgi_get(path), wsgi_get(path)
    assert is_anonymous_page(first) and again == first  # stored and served again to anonymous visitors
    assert is_members_page(wsgi_get(path, session_cookie(member)))


@pytest.mark.parametrize("path", SHARED_PAGES)
@pytest.mark.usefixtures("connection_kept_between_requests")
def test_an_anonymous_visitor_never_gets_a_page_rendered_for_a_signed_in_member(member: User, path: str) -> None:
    cookie = session_cookie(member)
    for _ in range(2):
        assert is_members_page(wsgi_get(path, cookie))
    assert is_anonymous_page(wsgi_get(path))
    assert is_anonymous_page(wsgi_get(path))
    # A visitor whose session has ended (a cookie left from before signing out) is anonymous too.
    assert is_anonymous_page(wsgi_get(path, f"{settings.SESSION_COOKIE_NAME}=ended-session"))


def test_a_members_page_is_private_and_not_stored_by_any_shared_cache(member: User) -> None:
    client = Client()
    client.force_login(member)
    response = client.get("/treaties/ccm/")
    assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]
    assert "Cookie" in response["Vary"]


@pytest.mark.usefixtures("connection_kept_between_requests")
def test_the_sign_in_link_brings_the_visitor_back_to_the_page_and_date(member: User) -> None:
    body = wsgi_get("/treaties/ccm/?as_of=2015-03-03").decode()
    assert 'href="/accounts/sign-in/?next=%2Ftreaties%2Fccm%2F%3Fas_of%3D2015-03-03"' in body
    again = wsgi_get("/treaties/ccm/?as_of=2015-03-04").decode()  # from the same interval's stored answer
    assert 'href="/accounts/sign-in/?next=%2Ftreaties%2Fccm%2F%3Fas_of%3D2015-03-04"' in again
    assert sign_in(Client(), "amina", PASSWORD, next_url="/treaties/ccm/?as_of=2015-03-03")["Location"] == (
        "/treaties/ccm/?as_of=2015-03-03"
    )
