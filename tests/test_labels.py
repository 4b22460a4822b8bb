"""Status words live in one module per vocabulary, and cover every status the engines can derive."""

from __future__ import annotations

from treatywatch.core.obligations import DeadlineStatus
from treatywatch.core.status import Status
from treatywatch.obligations.labels import DEADLINE_STATUS_HELP, DEADLINE_STATUS_LABELS, DEADLINE_STATUSES
from treatywatch.registry.labels import STATUS_LABELS
from treatywatch.registry.standings import STATUS_FILTERS


def test_every_register_status_has_a_label_and_is_a_filter() -> None:
    assert {s.value for s in Status} <= set(STATUS_LABELS)
    assert set(STATUS_FILTERS) == set(STATUS_LABELS)


def test_every_deadline_status_has_a_label_and_an_explanation() -> None:
    assert set(DEADLINE_STATUSES) == {s.value for s in DeadlineStatus}
    assert set(DEADLINE_STATUS_HELP) == set(DEADLINE_STATUS_LABELS)
