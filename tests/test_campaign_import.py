"""import_campaign: a dry run unless --commit, all or nothing, every problem with the file and the field."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.core.management.base import CommandError

from treatywatch.campaigns.models import Campaign

from .conftest import DATA

pytestmark = pytest.mark.django_db
OSLO = DATA / "ccm" / "campaigns" / "oslo-10.json"


@pytest.fixture
def site_admin() -> User:
    return User.objects.create_superuser("campaigns-admin", password="a long test password")


def written(tmp_path: Path, slug: str, change: dict[str, object] | None = None) -> Path:
    data = json.loads(OSLO.read_text(encoding="utf-8"))
    data["campaign"]["slug"] = slug
    for ask_index, rule in (change or {}).items():
        data["asks"][int(ask_index)]["rule"] = rule
    path = tmp_path / f"{slug}.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_a_dry_run_writes_nothing_and_commit_writes_the_campaign(tmp_path: Path, site_admin: User, capsys) -> None:
    path = written(tmp_path, "oslo-10-copy")
    call_command("import_campaign", str(path), user=site_admin.username)
    assert "Dry run" in capsys.readouterr().out
    assert not Campaign.objects.filter(slug="oslo-10-copy").exists()
    call_command("import_campaign", str(path), user=site_admin.username, commit=True)
    copy = Campaign.objects.get(slug="oslo-10-copy")
    assert copy.asks.count() == 8
    assert copy.history.first().history_change_reason == "campaign file imported"


def test_a_bad_rule_refuses_the_whole_file_saying_where_and_why(tmp_path: Path, site_admin: User) -> None:
    path = written(tmp_path, "broken", {"1": {"status": {"treaty": "ccm", "in": ["member"]}}})
    with pytest.raises(CommandError, match=r"broken\.json: asks\[1\]: rule\.status\.in: 'member' is not one of"):
        call_command("import_campaign", str(path), user=site_admin.username, commit=True)
    assert not Campaign.objects.filter(slug="broken").exists()


def test_an_unknown_treaty_and_a_missing_user_are_refused(tmp_path: Path, site_admin: User) -> None:
    path = written(tmp_path, "elsewhere", {"0": {"status": {"treaty": "nope", "in": ["party"]}}})
    with pytest.raises(CommandError, match="no treaty 'nope' in the register"):
        call_command("import_campaign", str(path), user=site_admin.username, commit=True)
    with pytest.raises(CommandError, match="No user 'nobody'"):
        call_command("import_campaign", str(OSLO), user="nobody")


def test_the_shipped_campaign_already_held_is_left_as_it_is(site_admin: User, capsys) -> None:
    call_command("import_campaign", str(OSLO), user=site_admin.username, commit=True)
    assert "already holds this campaign" in capsys.readouterr().out
