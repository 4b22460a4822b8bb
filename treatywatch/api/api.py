"""The read-only JSON API, documented with OpenAPI at /api/v1/openapi.json."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date
from typing import Annotated, Any

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from ninja import Field, NinjaAPI, Query, Schema
from ninja.decorators import decorate_view
from ninja.errors import ValidationError
from pydantic import WithJsonSchema

from treatywatch.api import schemas
from treatywatch.api.auth import BearerToken, InvalidToken, reader
from treatywatch.api.docs import SiteSwagger
from treatywatch.lib.caching import cached_response
from treatywatch.lib.dates import day_iso, request_day
from treatywatch.lib.errors import BadParameter, NotFound
from treatywatch.lib.intervals import by_interval
from treatywatch.obligations import intervals
from treatywatch.obligations.labels import DEADLINE_STATUSES
from treatywatch.obligations.presenters import (
    DEADLINE,
    STATE_DEADLINE,
    WITHIN_DAYS,
    compliance,
    filter_deadlines,
    parse_filters,
    sorted_for_attention,
    state_obligations,
)
from treatywatch.outreach.board import Stage, filtered_board
from treatywatch.outreach.institution_presenters import MEETING, THEME_COORDINATORS, coordinators_on, meetings_of
from treatywatch.outreach.models import ActivityKind
from treatywatch.outreach.presenters import ACTIVITY, BOARD_ROW
from treatywatch.outreach.queries import ActivityFilters, activities_for, parse_activity_filters
from treatywatch.plans.answers import plan_answer, plan_summary
from treatywatch.plans.progress import plan_progress, plans_of
from treatywatch.positions import intervals as position_intervals
from treatywatch.positions.presenters import FINDING, RESOLUTION_VOTE, StatePosition, state_position
from treatywatch.registry.countries import region_names
from treatywatch.registry.currency import checked_on, record_check
from treatywatch.registry.existence import not_yet_note
from treatywatch.registry.models import DepositaryFact, State, Treaty
from treatywatch.registry.presenters import (
    FOUND_STATE,
    RECORD_CHECK,
    SOURCE,
    STATE_TREATY,
    standing_answers,
    state_across_treaties,
    with_standings,
)
from treatywatch.registry.queries import get_state, get_treaty, treaty_parameter
from treatywatch.registry.search import Found, find_states
from treatywatch.registry.standings import STATUS_FILTERS, filter_rows, parse_statuses, treaty_view

api = NinjaAPI(
    title="Treatywatch API",
    version="1",
    description=(
        "Read-only access to the treaty register: treaties, where every State stands on any "
        "date (`as_of=YYYY-MM-DD`), the sourced depositary facts behind it, and universalization activities. "
        "No key is needed. The activities endpoints also accept an API token (`Authorization: Bearer <token>`): "
        "with the token of a user who may read an activity's private part, the answer includes it."
    ),
    urls_namespace="api-v1",
    docs_url="/docs",
    docs=SiteSwagger(),
)


@api.exception_handler(NotFound)
def not_found(request: HttpRequest, exc: NotFound) -> HttpResponse:
    return api.create_response(request, {"detail": str(exc)}, status=404)


@api.exception_handler(BadParameter)
def bad_parameter(request: HttpRequest, exc: BadParameter) -> HttpResponse:
    return api.create_response(request, {"detail": str(exc)}, status=400)


@api.exception_handler(InvalidToken)
def invalid_token(request: HttpRequest, exc: InvalidToken) -> HttpResponse:
    response = api.create_response(request, {"detail": str(exc)}, status=401)
    response["WWW-Authenticate"] = 'Bearer error="invalid_token"'
    return response


@api.exception_handler(ValidationError)
def invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    parts = []
    for error in exc.errors:
        where = ".".join(str(p) for p in error.get("loc", ()) if p not in ("query", "path"))
        parts.append(f"{where}: {error.get('msg', 'invalid')}")
    return api.create_response(request, {"detail": "; ".join(parts) or "invalid request"}, status=400)


# Query parameters declared in the schema as what they mean (a date, a number of days) but read as
# text, so that a bad value gets our message (parse_as_of, parse_filters), not the validator's.
DateText = Annotated[str | None, WithJsonSchema({"type": "string", "format": "date"})]
DaysText = Annotated[str | None, WithJsonSchema({"type": "integer", "enum": list(WITHIN_DAYS)})]
YearText = Annotated[str | None, WithJsonSchema({"type": "integer", "minimum": 1000, "maximum": 9999})]


class AsOf(Schema):
    as_of: DateText = Field(
        None,
        description="Answer as the record stood on this day (YYYY-MM-DD); today when absent.",
        examples=["2026-02-03"],
    )


class StateFilters(AsOf):
    status: list[str] | None = Field(
        None,
        description=(
            f"One of {', '.join(STATUS_FILTERS)}; repeat it for States in any of several "
            "(`status=not_signed&status=signatory`)."
        ),
        examples=[["not_party"]],
    )
    region: str | None = Field(None, description="A UN M49 region: Africa, Americas, Asia, Europe or Oceania.")


class StateObligationFilters(AsOf):
    treaty: str | None = Field(None, description="Only this treaty (its slug).", examples=["ccm"])


class MeetingFilters(Schema):
    treaty: str | None = Field(None, description="Only this treaty's meetings (its slug).", examples=["ccm"])


class ComplianceQuery(AsOf):
    status: list[str] | None = Field(
        None,
        description=(
            f"One of {', '.join(DEADLINE_STATUSES)}; repeat it for deadlines in any of several "
            "(`status=overdue&status=extension_requested`)."
        ),
        examples=[["overdue"]],
    )
    obligation: str | None = Field(
        None,
        description="An obligation key from the treaty's rules, e.g. stockpile_destruction.",
        examples=["clearance"],
    )
    within: DaysText = Field(
        None,
        description=(
            f"Only deadlines still due whose current deadline falls within this many days of as_of: "
            f"{', '.join(str(d) for d in WITHIN_DAYS)}."
        ),
        examples=[90],
    )
    year: YearText = Field(
        None,
        description="Only deadlines whose current deadline (as extended) falls in this calendar year, whatever "
        "their status.",
        examples=[2026],
    )


def answer(request: HttpRequest, data: dict[str, Any] | list[dict[str, Any]]) -> HttpResponse:
    """A 200 answer serialised as built, without validating every row against the declared schema again: the
    answer comes from the same field lists as the schema (a test checks every endpoint's answers against it),
    and re-validating 200 rows cost more than computing them."""
    return api.create_response(request, data, status=200)


_REPORTS_CAVEAT = (
    "While the register records no submitted report for a report obligation (initial_report, annual_report), "
    "its due and overdue deadlines are left out and the obligation is named in `reports_not_recorded`: "
    "without that record a late report cannot be told from one that was submitted."
)


def _summary(request: HttpRequest, treaty: Treaty) -> dict[str, Any]:
    imported = DepositaryFact.objects.published().for_treaty(treaty).exists()
    return {
        "record_imported": imported,
        "slug": treaty.slug,
        "short_name": treaty.short_name,
        "name": treaty.name,
        "depositary_chapter": treaty.depositary_chapter,
        "url": request.build_absolute_uri(reverse("api-v1:treaty", args=[treaty.slug])),
        "record_checked_on": checked_on(treaty),
    }


def _not_yet(request: HttpRequest, treaty: Treaty, day: date) -> str | None:
    """The API's note for a day before the treaty existed (dates written YYYY-MM-DD), else None."""
    return not_yet_note(treaty, day, day_iso(request, day), date.isoformat) or None


@api.get("/treaties", response=list[schemas.TreatySummary], url_name="treaties", summary="The treaties in the register")
@decorate_view(cached_response)
def list_treaties(request: HttpRequest) -> HttpResponse:
    return answer(request, [_summary(request, t) for t in Treaty.objects.all()])


@api.get(
    "/treaties/{slug}",
    response={200: schemas.TreatyDetail, 400: schemas.Error, 404: schemas.Error},
    url_name="treaty",
    summary="A treaty's key dates and counts on a date",
)
@decorate_view(by_interval(intervals.of_treaty_states))
def get_treaty_detail(request: HttpRequest, slug: str, filters: Query[AsOf]) -> HttpResponse:
    """Counts follow the depositary: a State that withdrew no longer counts once its withdrawal takes effect."""
    treaty = get_treaty(slug)
    day = request_day(request, filters.as_of, empty_is_today=False)
    view = treaty_view(treaty, day)
    return answer(
        request,
        {
            **_summary(request, treaty),
            "as_of": day_iso(request, day),
            "record_checked": RECORD_CHECK.answer(record_check(treaty, day)),
            "adopted_on": treaty.adopted_on,
            "adopted_at": treaty.adopted_at,
            "opened_for_signature_on": treaty.opened_for_signature_on,
            "entry_into_force_on": view.entry_into_force_on,
            "counts": view.counts._asdict() if view.record_imported else None,
            "key_dates_source": SOURCE.answer(treaty.key_dates_source) if treaty.key_dates_source else None,
            "parent": treaty.parent.slug if treaty.parent else None,
            "protocols": list(treaty.protocols.values_list("slug", flat=True)),
            "rules": treaty.rules_data,
            "note": _not_yet(request, treaty, day),
        },
    )


@api.get(
    "/treaties/{slug}/states",
    response={200: schemas.TreatyStates, 400: schemas.Error, 404: schemas.Error},
    url_name="treaty-states",
    summary="Every State's status and dates under a treaty on a date",
)
@decorate_view(by_interval(intervals.of_treaty_states))
def list_treaty_states(request: HttpRequest, slug: str, filters: Query[StateFilters]) -> HttpResponse:
    """`status` is one of party (instrument deposited), in_force, signed (every signatory, party or not),
    signatory (signed, not party), not_party (not signed, signed only or withdrawn), not_signed,
    withdrawal_pending, withdrawn, and may be repeated for any of several; `region` is a UN M49 region
    (Africa, Americas, Asia, Europe, Oceania)."""
    treaty = get_treaty(slug)
    day = request_day(request, filters.as_of, empty_is_today=False)
    statuses = parse_statuses(filters.status or ())
    if filters.region and filters.region not in region_names():
        raise BadParameter(f"region: {filters.region!r} is not one of {', '.join(region_names())}")
    view = treaty_view(treaty, day)
    rows = filter_rows(view.rows, statuses, filters.region) if view.record_imported else []
    return answer(
        request,
        {
            "treaty": treaty.slug,
            "record_imported": view.record_imported,
            "as_of": day_iso(request, day),
            "record_checked": RECORD_CHECK.answer(record_check(treaty, day)),
            "count": len(rows),
            "states": standing_answers(treaty, rows),
            "note": _not_yet(request, treaty, day),
        },
    )


class StateSearch(AsOf):
    q: str | None = Field(
        None,
        description="Any of a State's names, in English, French or Spanish, without accents or case if you like, or "
        "its ISO 3166 code: `Indonésie`, `Laos`, `Lao PDR`, `IDN`. Words match the start of a name's words "
        "(`lao dem`). Without it, every State.",
        examples=["Lao PDR"],
    )


@api.get(
    "/states",
    response={200: schemas.StatesFound, 400: schemas.Error},
    url_name="states",
    summary="Find a State by any of its names or codes, with its status under each treaty on a date",
    description=(
        "The States that exist on `as_of`, or those `q` names: those it names exactly (a name, a code, a common "
        "spelling such as `Laos`) first (`exact`), then those with a name whose words start with the words asked "
        "for; `matched_name` is the name that matched when it is not `name`. Each State comes with its status "
        "under every treaty whose depositary record is imported."
    ),
)
@decorate_view(cached_response)
def list_states(request: HttpRequest, filters: Query[StateSearch]) -> HttpResponse:
    day = request_day(request, filters.as_of, empty_is_today=False)
    states = sorted(State.objects.existing_on(day), key=lambda s: s.display_name)
    found = find_states(filters.q, states) if filters.q is not None else [Found(s, False, "") for s in states]
    answers = [FOUND_STATE.answer(item) for item in with_standings(found, day)]
    return answer(request, {"q": filters.q, "as_of": day_iso(request, day), "count": len(answers), "states": answers})


@api.get(
    "/states/{iso3}",
    response={200: schemas.StateProfile, 400: schemas.Error, 404: schemas.Error},
    url_name="state",
    summary="A State across every treaty in the register, with the source of each fact",
    description="Treaties without an imported depositary record are left out: a status there would mean nothing.",
)
@decorate_view(by_interval(intervals.of_state))
def get_state_profile(request: HttpRequest, iso3: str, filters: Query[AsOf]) -> HttpResponse:
    state = get_state(iso3)
    day = request_day(request, filters.as_of, empty_is_today=False)
    treaties = [
        STATE_TREATY.answer(replace(item, not_yet=_not_yet(request, item.treaty, day)))
        for item in state_across_treaties(state, day)
        if item.record_imported
    ]
    return answer(
        request,
        {
            "iso3": state.iso3,
            "iso2": state.iso2,
            "name": state.display_name,
            "region": state.region,
            "subregion": state.subregion,
            "as_of": day_iso(request, day),
            "treaties": treaties,
        },
    )


@api.get(
    "/treaties/{slug}/compliance",
    response={200: schemas.TreatyCompliance, 400: schemas.Error, 404: schemas.Error},
    url_name="treaty-compliance",
    summary="Every State Party's deadlines under a treaty on a date",
    description=(
        "Deadlines are computed from each State's entry into force and the treaty's obligation rules, and moved "
        "by recorded facts (declarations, extensions granted, completions, reports). Overdue deadlines come "
        "first (the longest overdue first), then those awaiting a decision on an extension, then due ones (the "
        "soonest first), then the rest. `status` is one of "
        f"{', '.join(DEADLINE_STATUSES)}, repeated for any of several (the answer's `status` lists them joined by "
        "commas); `obligation` is a key of the treaty's rules; `within` (90, 180 or 365) "
        "keeps the deadlines still due that fall within that many days of `as_of`; `year` (e.g. 2026, with "
        "`obligation=clearance`: the Article 4 deadlines in 2026) those whose current deadline falls in that year. "
        "`overdue` means the deadline "
        "passed with no completion and no extension requested on or before it; `extension_requested` means it "
        "passed (or none is set yet) while a request made in time awaits a decision the register does not record; "
        "`not_known` means it passed while a completion or an extension the sources date only roughly may already "
        "have happened (`notes` says which). "
        "An obligation reopened after a completion is a new deadline with a higher `cycle`; dates carry their "
        "precision (`2019-03` with `completed_on_precision` = `month`), and `conflicts` lists where sources "
        "disagree. " + _REPORTS_CAVEAT
    ),
)
@decorate_view(by_interval(intervals.of_treaty_deadlines))
def get_treaty_compliance(request: HttpRequest, slug: str, filters: Query[ComplianceQuery]) -> HttpResponse:
    treaty = get_treaty(slug)
    day = request_day(request, filters.as_of, empty_is_today=False)
    chosen = parse_filters(treaty, filters.status, filters.obligation, filters.within, filters.year)
    result = compliance(treaty, day)
    rows = sorted_for_attention(filter_deadlines(result.rows, chosen, day), result.rules)
    return answer(
        request,
        {
            "treaty": treaty.slug,
            "record_imported": treaty_view(treaty, day).record_imported,
            "as_of": day_iso(request, day),
            "record_checked": RECORD_CHECK.answer(record_check(treaty, day)),
            **chosen.as_meta(),
            "reports_not_recorded": [r.key for r in result.reports_not_recorded],
            "count": len(rows),
            "deadlines": [STATE_DEADLINE.answer(r) for r in rows],
        },
    )


@api.get(
    "/states/{iso3}/obligations",
    response={200: schemas.StateObligations, 400: schemas.Error, 404: schemas.Error},
    url_name="state-obligations",
    summary="A State's deadlines under each treaty it is a party to, with the facts behind them",
    description=(
        "Lists each treaty with an imported record for which the State had deposited an instrument on `as_of`, "
        "with every deadline in the order of the treaty's rules. " + _REPORTS_CAVEAT
    ),
)
@decorate_view(by_interval(intervals.of_state))
def get_state_obligations(request: HttpRequest, iso3: str, filters: Query[StateObligationFilters]) -> HttpResponse:
    state = get_state(iso3)
    day = request_day(request, filters.as_of, empty_is_today=False)
    treaty = treaty_parameter(filters.treaty) if filters.treaty else None
    return answer(
        request,
        {
            "iso3": state.iso3,
            "name": state.display_name,
            "as_of": day_iso(request, day),
            "treaties": [
                {
                    "treaty": found.treaty.slug,
                    "treaty_name": found.treaty.name,
                    "reports_not_recorded": [r.key for r in found.reports_not_recorded],
                    "deadlines": [DEADLINE.answer(r) for r in found.rows],
                }
                for found in state_obligations(state, day, treaty)
            ],
        },
    )


_POSITION_NOTE = (
    "Facts are kept as the sources give them: `NOT FOUND`, `UNVERIFIED` and weak sources stay marked, and each "
    "date keeps its precision (`as_of` as written). With `as_of`, only facts whose whole period had passed by "
    "that day are given (undated gaps always are)."
)


def _position_answer(
    request: HttpRequest, iso3: str, as_of: str | None, parts: Callable[[StatePosition], dict[str, Any]]
) -> HttpResponse:
    """A State's political position on `as_of`: who, the day, and the `parts` each endpoint gives of it."""
    state = get_state(iso3)
    day = request_day(request, as_of, empty_is_today=False)
    position = state_position(state, day)
    head = {"iso3": state.iso3, "name": state.display_name, "as_of": day_iso(request, day)}
    return answer(request, head | parts(position))


@api.get(
    "/states/{iso3}/statements",
    response={200: schemas.StateStatements, 400: schemas.Error, 404: schemas.Error},
    url_name="state-statements",
    summary="A State's recorded statements on the use of the weapons a treaty bans, with their sources",
    description="Collective statements (by a meeting of States Parties) are not a State's own. " + _POSITION_NOTE,
)
@decorate_view(by_interval(position_intervals.of_state))
def get_state_statements(request: HttpRequest, iso3: str, filters: Query[AsOf]) -> HttpResponse:
    return _position_answer(
        request,
        iso3,
        filters.as_of,
        lambda position: {
            "count": len(position.statements),
            "statements": [FINDING.answer(f) for f in position.statements],
            "gaps": [FINDING.answer(f) for f in position.gaps],
        },
    )


@api.get(
    "/states/{iso3}/findings",
    response={200: schemas.StateFindings, 400: schemas.Error, 404: schemas.Error},
    url_name="state-findings",
    summary="The Monitor's findings about a State: contamination, stockpiles, casualties, use, support",
    description="`report_year` is the Monitor edition; `as_of` the period its data covers. " + _POSITION_NOTE,
)
@decorate_view(by_interval(position_intervals.of_state))
def get_state_findings(request: HttpRequest, iso3: str, filters: Query[AsOf]) -> HttpResponse:
    return _position_answer(
        request,
        iso3,
        filters.as_of,
        lambda position: {"count": len(position.findings), "findings": [FINDING.answer(f) for f in position.findings]},
    )


@api.get(
    "/states/{iso3}/votes",
    response={200: schemas.StateVotes, 400: schemas.Error, 404: schemas.Error},
    url_name="state-votes",
    summary="A State's votes on a treaty's UN General Assembly resolution, where a source names them",
    description=(
        "The sources give the resolution's vote counts per year (`resolution_votes`); how a State voted is known "
        "only where a source names it (`state_votes`). A year without such an entry means the State's vote is "
        "not known, not that it voted against or did not vote. " + _POSITION_NOTE
    ),
)
@decorate_view(by_interval(position_intervals.of_state))
def get_state_votes(request: HttpRequest, iso3: str, filters: Query[AsOf]) -> HttpResponse:
    return _position_answer(
        request,
        iso3,
        filters.as_of,
        lambda position: {
            "summary": position.summary(),
            "state_votes": [FINDING.answer(f) for f in position.votes],
            "resolution_votes": [RESOLUTION_VOTE.answer(v) for v in position.resolution],
        },
    )


TOKEN = BearerToken()
# The token is optional: an empty requirement, added to the bearer one, says a request without it is answered too.
ANONYMOUS_OR_TOKEN: dict[str, Any] = {"security": [{}]}
_TOKEN_NOTE = (
    " Without an `Authorization` header the request is anonymous. With `Authorization: Bearer <token>` (a user's "
    "API token) it is answered for that user: an activity's private part (`target_states`, `attending_states`, "
    "`participants`, `notes`) is given where the user's organisations may read it, and is null with "
    "`private_part_withheld` true elsewhere. A malformed, unknown or revoked token is a 401. Answers to a request "
    "with a token are `Cache-Control: private, no-store`."
)


# Declared as the values they take, read as text so that another value gets our message (parse_activity_filters).
RegionText = Annotated[str | None, WithJsonSchema({"type": "string", "enum": region_names()})]
KindText = Annotated[str | None, WithJsonSchema({"type": "string", "enum": list(ActivityKind.values)})]


def answer_for_reader(request: HttpRequest, data: dict[str, Any]) -> HttpResponse:
    """An answer that depends on the token: a cache in front of the site must not give the anonymous copy to a
    request with a token (which may read more), whatever it does with `Cache-Control`."""
    response = answer(request, data)
    patch_vary_headers(response, ("Authorization",))
    return response


class ActivityQuery(Schema):
    treaty: str | None = Field(None, description="Only this treaty's activities (its slug).", examples=["ccm"])
    state: str | None = Field(
        None,
        description=(
            "Activities a State (ISO 3166 alpha-3) organised, or that approached it where the reader may read "
            "the States approached."
        ),
        examples=["FRA"],
    )
    region: RegionText = Field(None, description="As `state`, for any State of a UN M49 region; not with `state`.")
    kind: KindText = Field(None, description="Only activities of this kind.", examples=["seminar"])
    organiser: str | None = Field(
        None, description="Organised by this State (ISO 3166 alpha-3, upper case) or organisation (its short name)."
    )
    start: DateText = Field(None, alias="from", description="Activities still going on on or after this day.")
    end: DateText = Field(None, alias="to", description="Activities that started on or before this day.")
    q: str | None = Field(
        None, description="Activities whose title, public summary or place holds these words (1 to 200 characters)."
    )


@api.get(
    "/activities",
    response={200: schemas.Activities, 400: schemas.Error, 401: schemas.Error},
    url_name="activities",
    auth=TOKEN,
    openapi_extra=ANONYMOUS_OR_TOKEN,
    summary="Universalization activities, the latest first",
    description="Every activity's public part; its private part where the reader may read it." + _TOKEN_NOTE,
)
@decorate_view(cached_response)
def list_activities(request: HttpRequest, filters: Query[ActivityQuery]) -> HttpResponse:
    chosen = parse_activity_filters(
        treaty=filters.treaty,
        state=filters.state,
        region=filters.region,
        kind=filters.kind,
        organiser=filters.organiser,
        start=filters.start,
        end=filters.end,
        text=filters.q,
    )
    found = [ACTIVITY.answer(activity) for activity in activities_for(reader(request), chosen)]
    return answer_for_reader(request, {"count": len(found), "activities": found})


@api.get(
    "/activities/{id}",
    response={200: schemas.ActivityOut, 400: schemas.Error, 401: schemas.Error, 404: schemas.Error},
    url_name="activity",
    auth=TOKEN,
    openapi_extra=ANONYMOUS_OR_TOKEN,
    summary="One universalization activity",
    description="Its public part; its private part where the reader may read it." + _TOKEN_NOTE,
)
@decorate_view(cached_response)
def get_activity(request: HttpRequest, id: int) -> HttpResponse:
    activity = activities_for(reader(request), ActivityFilters()).filter(pk=id).first()
    if activity is None:
        raise NotFound(f"No activity {id}.")
    return answer_for_reader(request, ACTIVITY.answer(activity))


StageText = Annotated[str | None, WithJsonSchema({"type": "string", "enum": list(Stage.values)})]


class BoardQuery(AsOf):
    stage: StageText = Field(None, description="Only the States at this stage.", examples=["signed"])
    region: RegionText = Field(None, description="Only the States of this UN M49 region.", examples=["Africa"])


@api.get(
    "/treaties/{slug}/universalization",
    response={200: schemas.UniversalizationBoard, 400: schemas.Error, 401: schemas.Error, 404: schemas.Error},
    url_name="treaty-universalization",
    auth=TOKEN,
    openapi_extra=ANONYMOUS_OR_TOKEN,
    summary="A treaty's universalization board",
    description=(
        "Every State not bound by the treaty on `as_of`, by stage: `not_engaged`, `engaged` (an activity the "
        "reader may see approached it or it attended one), `signed`, `approval_in_progress` (a published domestic "
        "approval step, such as a cabinet decision or a parliament's vote, taken on or before `as_of` and after "
        "its signature or withdrawal), `deposited` (its instrument is deposited and the treaty is not yet in "
        "force for it); with its last activity on or before `as_of`, the next one after it and, when its "
        "approval is in progress, its latest step. Sorted by stage, then by name." + _TOKEN_NOTE
    ),
)
@decorate_view(cached_response)
def get_universalization_board(request: HttpRequest, slug: str, filters: Query[BoardQuery]) -> HttpResponse:
    treaty = get_treaty(slug)
    day = request_day(request, filters.as_of, empty_is_today=False)
    # The page's form sends an empty choice for "all"; the API declares its values, and leaving one out is "all".
    for name, value in (("stage", filters.stage), ("region", filters.region)):
        if value == "":
            raise BadParameter(f"{name}: empty; give one of the values the API lists, or leave it out")
    rows = filtered_board(treaty, day, reader(request), filters.stage, filters.region)
    found = [BOARD_ROW.answer(row) for row in rows]
    return answer_for_reader(
        request, {"treaty": treaty.slug, "as_of": day_iso(request, day), "count": len(found), "states": found}
    )


@api.get(
    "/meetings",
    response={200: schemas.Meetings, 400: schemas.Error, 404: schemas.Error},
    url_name="meetings",
    summary="The treaties' Meetings of States Parties and Review Conferences",
    description=(
        "Each meeting with its dates (a second part's where it had one), place, presidency as the sources give "
        "it, its sources, and `conflicts`: where the sources disagree (the dates shown are the treaty's "
        "Implementation Support Unit's). A date the sources give only to the year is written so "
        "(`starts_on` `2026`, `starts_on_precision` `year`); what no source gives is empty."
    ),
)
def list_meetings(request: HttpRequest, filters: Query[MeetingFilters]) -> HttpResponse:
    treaty = get_treaty(filters.treaty) if filters.treaty else None
    meetings = [MEETING.answer(m) for m in meetings_of(treaty)]
    return answer(request, {"treaty": filters.treaty, "count": len(meetings), "meetings": meetings})


@api.get(
    "/treaties/{slug}/coordinators",
    response={200: schemas.TreatyCoordinators, 400: schemas.Error, 404: schemas.Error},
    url_name="treaty-coordinators",
    summary="Each theme's Coordinators on a date",
    description=(
        "For each theme the register holds mandates for, the States that coordinated it on `as_of`, each with "
        "the terms that cover the day, as exactly as their sources date them (often years: a term `2017` to "
        "`2018` covers every day of both years). Where a term's rough end meets another's rough start (the "
        "same year), both are answered with `uncertain` true rather than a guess. `documented_gaps` lists the "
        "periods covering the day for which no source names the Coordinators: a day in such a gap and in no "
        "term has no coordinators."
    ),
)
def get_treaty_coordinators(request: HttpRequest, slug: str, filters: Query[AsOf]) -> HttpResponse:
    treaty = get_treaty(slug)
    day = request_day(request, filters.as_of, empty_is_today=False)
    themes, not_recorded = coordinators_on(treaty, day)
    return answer(
        request,
        {
            "treaty": treaty.slug,
            "as_of": day_iso(request, day),
            "themes": [THEME_COORDINATORS.answer(t) for t in themes],
            "themes_not_recorded": [t.value for t in not_recorded],
        },
    )


class ActionPlanFilters(AsOf):
    treaty: str | None = Field(None, description="Only this treaty's plans (its slug).", examples=["ccm"])


_PLANS_NOTE = (
    " An action's `text_kind` says what its text is: the plan's own words (`plan_text`), a draft's (`draft_text`), "
    "a body's wording about the plan, not the plan's text (`body_wording`, by `wording_of`), or a gap "
    "(`not_found`). Counting activities, `activities_by_region` counts what the reader may see: the States an "
    "activity approached count only where the reader may read its private part." + _TOKEN_NOTE
)


@api.get(
    "/action-plans",
    response={200: schemas.ActionPlans, 400: schemas.Error, 401: schemas.Error, 404: schemas.Error},
    url_name="action-plans",
    auth=TOKEN,
    openapi_extra=ANONYMOUS_OR_TOKEN,
    summary="The treaties' action plans, with their stage and headline progress on a date",
    description="Each plan with its adoption, its period (and where the sources disagree on it) and its stage on "
    "`as_of`." + _PLANS_NOTE,
)
@decorate_view(cached_response)
def list_action_plans(request: HttpRequest, filters: Query[ActionPlanFilters]) -> HttpResponse:
    day = request_day(request, filters.as_of, empty_is_today=False)
    treaties = [get_treaty(filters.treaty)] if filters.treaty else list(Treaty.objects.order_by("slug"))
    found = [plan_summary(plan_progress(p, day, reader(request))) for t in treaties for p in plans_of(t)]
    return answer_for_reader(
        request, {"treaty": filters.treaty, "as_of": day_iso(request, day), "count": len(found), "plans": found}
    )


@api.get(
    "/action-plans/{slug}",
    response={200: schemas.ActionPlanOut, 400: schemas.Error, 401: schemas.Error, 404: schemas.Error},
    url_name="action-plan",
    auth=TOKEN,
    openapi_extra=ANONYMOUS_OR_TOKEN,
    summary="An action plan's progress on a date",
    description="Its actions as the sources give them, each with its target, its indicators (computed from the "
    "register as of `as_of`, or entered through their figures) and the published figures known on `as_of`, each "
    "with its source." + _PLANS_NOTE,
)
@decorate_view(cached_response)
def get_action_plan(request: HttpRequest, slug: str, filters: Query[ActionPlanFilters]) -> HttpResponse:
    treaties = [get_treaty(filters.treaty)] if filters.treaty else list(Treaty.objects.order_by("slug"))
    plans = [p for t in treaties for p in plans_of(t).filter(slug=slug)]
    if not plans:
        raise NotFound(f"No action plan {slug!r}.")
    if len(plans) > 1:
        raise BadParameter(f"treaty: several treaties have an action plan {slug!r}; name the treaty")
    day = request_day(request, filters.as_of, empty_is_today=False)
    progress = plan_progress(plans[0], day, reader(request))
    return answer_for_reader(request, plan_answer(progress, day_iso(request, day)))


# Importing these modules registers their endpoints on `api`.
from treatywatch.api import campaign_endpoints, milestone_endpoints, report_endpoints  # noqa: E402, F401
