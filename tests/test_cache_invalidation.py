"""The actions that change the register retire cached answers once their transaction commits,
including those that write in bulk (which model signals would miss)."""

from __future__ import annotations

from django.core.cache import caches
from django.test import RequestFactory, TestCase

from treatywatch.lib.caching import generation, response_key
from treatywatch.registry.actions import do_create_source, do_ensure_states
from treatywatch.registry.models import State, Treaty


def versions() -> dict[str, int]:
    return dict(Treaty.objects.values_list("slug", "record_version"))


def unrecorded_state() -> State:
    """A current State with nothing recorded about it, which can be removed and added again."""
    state = (
        State.objects.filter(
            facts__isnull=True,
            obligation_facts__isnull=True,
            watches__isnull=True,
            findings__isnull=True,
            successors__isnull=True,
            predecessor__isnull=True,
            ended_on__isnull=True,
        )
        .order_by("iso3")
        .first()
    )
    assert state is not None
    return state


def test_an_action_retires_cached_answers_only_once_its_transaction_commits(ccm: Treaty) -> None:
    before = generation()
    with TestCase.captureOnCommitCallbacks(execute=True) as callbacks:
        do_create_source(citation="A new source (test)")
        assert generation() == before  # not yet: a reader could still see the old rows
    assert len(callbacks) == 1
    assert generation() == before + 1


def test_adding_states_in_bulk_gives_every_treaty_a_new_version_and_new_cache_keys(ccm: Treaty) -> None:
    request = RequestFactory().get("/api/v1/treaties/ccm")
    key = response_key(request)
    caches["pages"].set(key, "the answer before the change")
    state = unrecorded_state()
    state.delete()
    before = versions()
    with TestCase.captureOnCommitCallbacks(execute=True):
        assert do_ensure_states([state.iso3]) == 1  # bulk_create: no model signal is sent
    assert all(versions()[slug] == version + 1 for slug, version in before.items())
    assert response_key(request) != key


def test_an_action_that_changes_nothing_leaves_the_cache_alone(ccm: Treaty) -> None:
    before, generation_before = versions(), generation()
    with TestCase.captureOnCommitCallbacks(execute=True):
        assert do_ensure_states([unrecorded_state().iso3]) == 0
    assert versions() == before and generation() == generation_before
