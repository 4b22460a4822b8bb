"""Every answer carries a strict Content-Security-Policy, and the cookies are as safe as they can be."""

from __future__ import annotations

import subprocess
import sys

import pytest
from django.conf import settings
from django.test import Client

from .conftest import ROOT
from .test_settings import PRODUCTION

POLICY = {
    "default-src": "'self'",
    "img-src": "'self' data:",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}


def directives(header: str) -> dict[str, str]:
    parts = (part.strip().split(None, 1) for part in header.split(";") if part.strip())
    return {name: value for name, value in parts}  # noqa: C416 (each part is a [name, value] pair)


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/treaties/ccm/",
        "/treaties/ccm/compliance/",
        "/states/",
        "/states/NOR/",
        "/treaties/nothing/",
        "/api/v1/treaties",
        "/api/v1/openapi.json",
        "/api/v1/docs",
        "/admin/login/",
        "/static/web/site.css",
    ],
)
def test_every_answer_carries_the_strict_policy(db: None, client: Client, url: str) -> None:
    response = client.get(url)
    assert response.status_code in (200, 404), url
    policy = directives(response["Content-Security-Policy"])
    assert policy == POLICY
    assert "unsafe-inline" not in response["Content-Security-Policy"]


def test_the_api_docs_load_their_assets_from_this_site(client: Client) -> None:
    page = client.get("/api/v1/docs").text
    assert "/static/ninja/swagger-ui-bundle.js" in page
    assert "cdn" not in page.lower()


def test_cookies_are_http_only_and_same_site() -> None:
    assert settings.SESSION_COOKIE_HTTPONLY and settings.CSRF_COOKIE_HTTPONLY
    assert settings.SESSION_COOKIE_SAMESITE == settings.CSRF_COOKIE_SAMESITE == "Lax"


@pytest.mark.parametrize("path", ["/accounts/sign-in/", "/admin/login/"])
def test_the_sign_in_pages_set_their_csrf_cookie_http_only(db: None, client: Client, path: str) -> None:
    cookie = client.get(path).cookies[settings.CSRF_COOKIE_NAME]
    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"


def test_production_cookies_are_secure_http_only_and_same_site() -> None:
    names = [
        f"{cookie}_COOKIE_{flag}"
        for cookie in ("SESSION", "CSRF", "LANGUAGE")
        for flag in ("SECURE", "HTTPONLY", "SAMESITE")
    ]
    code = (
        "import django; django.setup(); from django.conf import settings; "
        f"print([getattr(settings, name) for name in {names!r}])"
    )
    env = PRODUCTION | {"DJANGO_SETTINGS_MODULE": "treatywatch.settings"}
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert result.stdout.strip() == str([True, True, "Lax"] * 3), result.stderr
