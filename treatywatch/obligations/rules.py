"""A treaty's obligation rules, read from its rules file."""

from __future__ import annotations

from treatywatch.core.obligations import ObligationRule, rules_from_list
from treatywatch.registry.models import Treaty


def obligation_rules(treaty: Treaty) -> dict[str, ObligationRule]:
    return {rule.key: rule for rule in rules_from_list(treaty.rules_data.get("obligations", []))}
