"""Production settings: safe defaults, loud failures on bad values, `check --deploy` clean."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured

from treatywatch.env import env_bool, env_int, env_list

from .conftest import ROOT

PRODUCTION = {
    "DJANGO_SECRET_KEY": "x" * 30 + "-production-secret-for-the-test-only-0123456789",
    "DJANGO_ALLOWED_HOSTS": "treatywatch.example",
    "PATH": os.environ["PATH"],
}


def manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def test_check_deploy_is_clean_with_production_defaults() -> None:
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key() -> None:
    env = {k: v for k, v in PRODUCTION.items() if k != "DJANGO_SECRET_KEY"}
    result = manage("check", env=env)
    assert result.returncode != 0
    assert "Set the environment variable DJANGO_SECRET_KEY" in result.stderr


def test_smtp_over_starttls_and_over_tls_at_once_is_refused() -> None:
    result = manage("check", env=PRODUCTION | {"EMAIL_USE_TLS": "on", "EMAIL_USE_SSL": "on"})
    assert result.returncode != 0
    assert "EMAIL_USE_TLS and EMAIL_USE_SSL are both on" in result.stderr


def test_debug_is_off_outside_development() -> None:
    code = "from django.conf import settings; import django; django.setup(); print(settings.DEBUG)"
    env = PRODUCTION | {"DJANGO_SETTINGS_MODULE": "treatywatch.settings"}
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert result.stdout.strip() == "False", result.stderr


@pytest.mark.parametrize(
    ("reader", "raw", "message"),
    [(env_bool, "maybe", "is not a boolean"), (env_int, "ten", "is not a whole number")],
)
def test_a_bad_setting_value_fails_loudly(monkeypatch: pytest.MonkeyPatch, reader, raw: str, message: str) -> None:
    monkeypatch.setenv("TREATYWATCH_TEST_VALUE", raw)
    with pytest.raises(ImproperlyConfigured, match=f"TREATYWATCH_TEST_VALUE='{raw}' {message}"):
        reader("TREATYWATCH_TEST_VALUE", 1)


def test_list_settings_are_comma_separated(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TREATYWATCH_TEST_VALUE", "a.example, b.example,")
    assert env_list("TREATYWATCH_TEST_VALUE", []) == ["a.example", "b.example"]
