"""Status words live in one module per vocabulary, and cover every status the engines can derive."""

from __future__ import annotations

from treatywatch.core.obligations import DeadlineStatus
from treatywatch.core.status import Status
from treatywatch.obligations.labels import DEADLINE_STATUS_HELP, DEADLINE_STATUS_LABELS, DEADLINE_STATUSES
from treatywatch.registry.labels import FILTER_LABELS, STATUS_LABELS
from treatywatch.registry.standings import STATUS_FILTERS


def test_every_register_status_has_a_label_and_is_a_filter() -> None:
    assert {s.value for s in Status} <= set(STATUS_LABELS)
    # Every status is a filter, and so are the groups the counts name (every signatory; every State not party).
    assert set(STATUS_FILTERS) == set(FILTER_LABELS) == set(STATUS_LABELS) | {"signed", "not_party"}


def test_every_deadline_status_has_a_label_and_an_explanation() -> None:
    assert set(DEADLINE_STATUSES) == {s.value for s in DeadlineStatus}
    assert set(DEADLINE_STATUS_HELP) == set(DEADLINE_STATUS_LABELS)
