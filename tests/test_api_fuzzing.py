"""Schemathesis against the live OpenAPI schema, every check, valid and invalid requests, no network."""

from __future__ import annotations

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import CHECKS, is_check_class, load_all_checks
from schemathesis.core.result import Err
from schemathesis.schemas import APIOperation

load_all_checks()
# Every built-in check (`--checks all`), bar the response-time limit, which would make the suite depend on the
# machine's load.
EVERY_CHECK = [c for c in CHECKS.get_all() if not is_check_class(c) and c.__name__ != "max_response_time"]
EXAMPLES = 15


def operations() -> list[APIOperation]:
    """Every operation of the schema the site serves now (a schema it cannot read fails here)."""
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())
    found = []
    for result in schema.get_all_operations():
        if isinstance(result, Err):
            raise result.err()
        found.append(result.ok())
    return found


def runs() -> list[tuple[str, GenerationMode]]:
    """Each operation with valid requests, and with invalid ones where it takes parameters to get wrong."""
    return [
        (operation.label, mode)
        for operation in operations()
        for mode in GenerationMode
        if mode == GenerationMode.POSITIVE or any(operation.iter_parameters())
    ]


# Operations without a path parameter whose filters name records (a treaty's slug, a State's code, an
# organisation) or a day (`as_of`, from 1900 to 30 years ahead): a random string names none, and is a 400 that
# says so rather than an empty list. Their valid filters are checked in tests/test_activities_api.py and
# tests/test_action_plans.py.
FILTERS_NAMING_RECORDS = {"GET /api/v1/activities", "GET /api/v1/action-plans"}
# A day outside the dates the register answers for (1900 to 30 years ahead) is a 400 that a date's schema cannot
# declare: where such a day reaches a real record (a random State code that exists), it is not valid data rejected.
BOUNDED_DAYS = {"as_of", "from", "to"}


def accepts_every_valid_request(operation: APIOperation) -> bool:
    names = {parameter.name for parameter in operation.iter_parameters()}
    return operation.label not in FILTERS_NAMING_RECORDS and not names & BOUNDED_DAYS


@pytest.mark.django_db
@pytest.mark.usefixtures("connection_kept_between_requests")
@pytest.mark.parametrize(("label", "mode"), runs())
def test_every_api_operation_passes_every_check(label: str, mode: GenerationMode) -> None:
    (operation,) = [o for o in operations() if o.label == label]
    strict = accepts_every_valid_request(operation)
    checks = [c for c in EVERY_CHECK if strict or c.__name__ != "positive_data_acceptance"]

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy(generation_mode=mode))
    def check(case: schemathesis.Case) -> None:
        case.call_and_validate(checks=checks)

    check()


# Random path parameters are nearly always an unknown treaty or State (a 404 before the query is read): these
# runs fix them to real ones (and to a real action plan) so the query parameters reach the code that reads them.
REAL_PATHS = {"slug": "ccm", "iso3": "KEN"}
# Where `slug` names an action plan or a campaign.
REAL_PATHS_OF = {
    "/action-plans/{slug}": {"slug": "dubrovnik"},
    "/campaigns/{slug}": {"slug": "oslo-10"},
    "/campaigns/{slug}/targets": {"slug": "oslo-10"},
}
# The schema declares `as_of`, `status` and `region` as free strings, so every string counts as valid and
# their 400s would be reported as valid data rejected; with a real treaty that check is left out here.
DEEP_CHECKS = [c for c in EVERY_CHECK if c.__name__ != "positive_data_acceptance"]


@pytest.mark.django_db
@pytest.mark.usefixtures("connection_kept_between_requests")
@pytest.mark.parametrize(("label", "mode"), runs())
def test_every_api_operation_on_a_real_treaty_and_state_never_fails(label: str, mode: GenerationMode) -> None:
    (operation,) = [o for o in operations() if o.label == label]
    real = REAL_PATHS | next((v for k, v in REAL_PATHS_OF.items() if operation.path.endswith(k)), {})
    fixed = {p.name: real[p.name] for p in operation.path_parameters if p.name in real}

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy(generation_mode=mode, path_parameters=fixed))
    def check(case: schemathesis.Case) -> None:
        case.call_and_validate(checks=DEEP_CHECKS)

    check()


def test_the_fuzzing_runs_every_check_that_judges_an_answer() -> None:
    names = {check.__name__ for check in EVERY_CHECK}
    expected = {"not_a_server_error", "status_code_conformance", "response_schema_conformance"}
    assert expected | {"negative_data_rejection", "positive_data_acceptance"} <= names
