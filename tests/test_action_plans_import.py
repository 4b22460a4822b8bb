"""Importing action plans: the shipped files load whole, and a bad file is refused with where and why."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.core.management.base import CommandError

from treatywatch.lib.actions import SHIPPED_DATA
from treatywatch.plans.importer import FILES, plan_action_plans
from treatywatch.plans.models import ActionPlan, Evidence, Indicator, PlanAction, TextKind
from treatywatch.registry.importers.errors import ImportRefused
from treatywatch.registry.models import Treaty

from .conftest import ROOT

pytestmark = pytest.mark.django_db
DATA = ROOT / "data" / "ccm"


def test_the_shipped_plans_are_loaded_with_every_row() -> None:
    plans = ActionPlan.objects.filter(treaty__slug="ccm")
    assert [p.slug for p in plans] == ["vientiane", "dubrovnik", "lausanne"]
    shipped_rows = sum(1 for _ in csv.DictReader((DATA / "action-plan-actions.csv").open(encoding="utf-8")))
    assert PlanAction.objects.filter(plan__in=plans).count() == shipped_rows == 86
    assert Evidence.objects.filter(plan__in=plans).count() == 29
    assert Indicator.objects.filter(action__plan__in=plans).count() == 6
