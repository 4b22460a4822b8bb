"""A treaty's action plans and their progress on any date: the gaps stay gaps, a body's summary is never the
plan's text, and the indicators the register can compute are computed from the same engines as the rest of
the site, counting only what the reader may see."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.contrib.auth.models import AnonymousUser, User
from django.test import Client

from treatywatch.obligations.models import ObligationFactKind
from treatywatch.organisations.actions import do_create_api_token, do_save_organisation, do_set_membership
from treatywatch.organisations.models import Organisation, OrganisationKind, Role
from treatywatch.organisations.visibility import Visibility
from treatywatch.outreach.actions import ActivityInput, do_save_activity
from treatywatch.outreach.models import ActivityKind
from treatywatch.plans.indicators import activities_by_region, initial_reports, parties_at_meeting
from treatywatch.plans.models import ActionPlan, PlanAction, TextKind
from treatywatch.plans.progress import Stage, known_on, plan_progress, stage_on
from treatywatch.registry.models import Source, State, Treaty
from treatywatch.registry.standings import treaty_view

from .deadline_facts import party_without_facts, record

pytestmark = pytest.mark.django_db

DAP = "/treaties/ccm/action-plans/dubrovnik/"
OPENING, SECOND_PART = date(2020, 11, 25), date(2021, 9, 20)  # the 2RC's two parts (data/ccm/meetings.csv)


def plan(slug: str) -> ActionPlan:
    return ActionPlan.objects.get(treaty__slug="ccm", slug=slug)


def text(response: object) -> str:
    content = getattr(response, "content", b"").decode()
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", content))


# ---- The record as the sources give it ---------------------------------------------------------------------


def _adoption(slug: str) -> tuple[str, str, str, str]:
    found = plan(slug)
    meeting, adopted, starts, ends = found.adopted_at, found.adopted, found.starts, found.ends
    if meeting is None or adopted is None or starts is None or ends is None:
        raise AssertionError(f"{slug}: its meeting, adoption and period are recorded")
    return meeting.label, adopted.iso(), starts.iso(), ends.iso()


def test_the_plans_keep_their_adoption_periods_and_conflicts() -> None:
    vap, dap, lap = plan("vientiane"), plan("dubrovnik"), plan("lausanne")
    assert _adoption("vientiane") == ("1MSP", "2010-11-12", "2010", "2015")
    assert _adoption("dubrovnik") == ("1RC", "2015-09", "2015", "2020")  # the day of adoption is not stated
    assert _adoption("lausanne") == ("2RC", "2021-09", "2021", "2026")
    assert "1 January 2016 to 31 December 2020" in dap.period_note
    assert "2020 to 2026" in lap.period_note
    assert '"66 concrete actions"' in vap.size
    assert lap.size.startswith("NOT FOUND")


def test_a_body_s_summary_is_never_recorded_as_the_plan_s_text() -> None:
    for action in PlanAction.objects.filter(plan__treaty__slug="ccm"):
        if action.text.startswith(("ISU summary", "ISU paraphrase", "ICBL summary", "ISU reference")):
            assert action.text_kind == TextKind.BODY_WORDING, action.key
            assert action.wording_of in ("ISU", "ICBL")
        if action.text.startswith("NOT FOUND"):
            assert action.text_kind == TextKind.NOT_FOUND, action.key


def test_the_universalization_actions_of_every_plan_are_gaps() -> None:
    universalization = PlanAction.objects.filter(plan__treaty__slug="ccm", theme="universalization")
    numbered = {(a.plan.slug, a.number): a.text_kind for a in universalization}
    assert numbered[("vientiane", "NOT FOUND")] == TextKind.NOT_FOUND
    assert numbered[("dubrovnik", "1")] == TextKind.NOT_FOUND
    assert numbered[("lausanne", "10")] == numbered[("lausanne", "11")] == TextKind.NOT_FOUND
    target = universalization.get(plan__slug="dubrovnik", number="1").target
    assert target.startswith("130 States Parties by the Second Review Conference")


# ---- Computed indicators ----------------------------------------------------------------------------------


def test_the_dubrovnik_target_is_read_on_the_day_the_second_review_conference_opened() -> None:
    dap = plan("dubrovnik")
    ccm = dap.treaty
    found = parties_at_meeting(dap, 130, "2RC", date(2026, 2, 3))
    assert found.opening == OPENING
    assert found.at_opening == treaty_view(ccm, OPENING).counts.parties == 110
    assert found.at_second_part == treaty_view(ccm, SECOND_PART).counts.parties
    assert found.on_as_of == treaty_view(ccm, date(2026, 2, 3)).counts.parties == 112
    assert (found.gap, found.reached) == (20, False)


def test_before_the_conference_opened_only_the_count_on_the_day_asked_about_is_given() -> None:
    found = parties_at_meeting(plan("dubrovnik"), 130, "2RC", date(2017, 7, 10))
    assert not found.opened
    assert (found.at_opening, found.at_second_part) == (None, None)
    assert found.on_as_of == 102  # Benin, the 102nd State Party that day (ISU)
    assert found.gap == 28


def test_no_initial_report_recorded_is_not_a_share_of_zero() -> None:
    found = initial_reports(plan("dubrovnik"), date(2020, 12, 31))
    assert found.due > 100 and found.recorded == 0
    assert not found.any_recorded and found.share is None


def test_the_initial_reports_share_counts_those_due_and_recorded() -> None:
    dap = plan("dubrovnik")
    ccm = Treaty.objects.get(slug="ccm")
    state = party_without_facts(ccm, "NOR")
    record(ccm, state, "initial_report", ObligationFactKind.REPORT, date=date(2011, 1, 20), period=2011)
    found = initial_reports(ActionPlan.objects.get(pk=dap.pk), date(2020, 12, 31))
    assert found.any_recorded and found.recorded == 1
    assert found.share == pytest.approx(1 / found.due)


@pytest.fixture
def site_admin() -> User:
    return User.objects.create_superuser("site-admin", password="x")


def _closed_approach(site_admin: User) -> tuple[Organisation, User]:
    """A closed 2017 démarche organised by France towards Indonesia (Asia): France is public, Indonesia private."""
    owner = do_save_organisation(
        Organisation(name="Coalition", slug="coalition", kind=OrganisationKind.COALITION), actor=site_admin, reason="t"
    )
    member = User.objects.create_user("member", password="x")
    do_set_membership(owner, member, Role.VIEWER, actor=site_admin, reason="test")
    given = ActivityInput(
        treaty=Treaty.objects.get(slug="ccm"),
        kind=ActivityKind.DEMARCHE,
        title="Closed démarche",
        date=date(2017, 6, 1),
        source=Source.objects.create(citation="Coalition's own record"),
        organising_states=(State.objects.get(iso3="FRA"),),
        target_states=(State.objects.get(iso3="IDN"),),
        notes="private notes",
        visibility=Visibility.ORGANISATION,
        owner=owner,
    )
    do_save_activity(None, given, actor=site_admin, reason="test")
    return owner, member


def test_an_anonymous_reader_s_counts_do_not_reveal_a_closed_activity_s_targets(site_admin: User) -> None:
    dap = plan("dubrovnik")
    before = activities_by_region(dap, date(2026, 2, 3), AnonymousUser())
    _owner, member = _closed_approach(site_admin)
    anonymous = activities_by_region(dap, date(2026, 2, 3), AnonymousUser())
    permitted = activities_by_region(dap, date(2026, 2, 3), member)
    # Its public part counts for everyone: one more activity in 2017, in Europe (France organised it).
    assert anonymous.totals[2017] == before.totals[2017] + 1
    assert anonymous.count(2017, "Europe") == before.count(2017, "Europe") + 1
    # Indonesia, the State it approached, is its private part: Asia counts it only for the permitted reader.
    assert anonymous.count(2017, "Asia") == before.count(2017, "Asia")
    assert permitted.count(2017, "Asia") == before.count(2017, "Asia") + 1
    page = text(Client().get(DAP))
    member_client = Client()
    member_client.force_login(member)
    assert page != text(member_client.get(DAP))


def test_the_api_counts_the_activities_the_token_s_reader_may_see(site_admin: User) -> None:
    url, day = "/api/v1/action-plans/dubrovnik", {"as_of": "2026-02-03"}

    def asia_in_2017(body: dict) -> int:
        found = [
            i["value"]
            for a in body["plan_actions"]
            for i in a["indicators"]
            if i["computation"] == "activities_by_region"
        ]
        year = next(y for y in found[0]["years"] if y["year"] == 2017)
        return int(year["regions"].get("Asia", 0))

    before = asia_in_2017(Client().get(url, day).json())
    _owner, member = _closed_approach(site_admin)
    _token, key = do_create_api_token(member, name="plans", actor=member, reason="test")
    assert asia_in_2017(Client().get(url, day).json()) == before
    answered = Client().get(url, day, HTTP_AUTHORIZATION=f"Bearer {key}")
    assert asia_in_2017(answered.json()) == before + 1
    assert "no-store" in answered["Cache-Control"]


def test_activities_are_counted_within_the_plan_s_period_and_up_to_the_day() -> None:
    dap = plan("dubrovnik")
    assert activities_by_region(dap, date(2014, 1, 1), AnonymousUser()).years == ()
    assert activities_by_region(dap, date(2017, 3, 1), AnonymousUser()).years == (2015, 2016, 2017)
    assert activities_by_region(dap, date(2026, 2, 3), AnonymousUser()).years[-1] == 2020


# ---- The plan on a day ------------------------------------------------------------------------------------


def test_a_plan_s_stage_follows_its_rough_dates() -> None:
    dap = plan("dubrovnik")
    assert stage_on(dap, date(2015, 9, 29)) == Stage.NOT_ADOPTED  # "September 2015": adopted from its last day
    assert stage_on(dap, date(2015, 9, 30)) == Stage.IN_PERIOD
    assert stage_on(dap, date(2020, 12, 31)) == Stage.IN_PERIOD
    assert stage_on(dap, date(2021, 1, 1)) == Stage.PERIOD_ENDED


def test_a_figure_shows_from_its_date_and_an_undated_one_from_the_adoption() -> None:
    dap = plan("dubrovnik")
    benin = dap.evidence.get(date=date(2017, 7, 10))
    undated = dap.evidence.filter(date__isnull=True).first()
    assert undated is not None
    assert not known_on(benin, dap, date(2017, 7, 9)) and known_on(benin, dap, date(2017, 7, 10))
    assert not known_on(undated, dap, date(2015, 9, 29)) and known_on(undated, dap, date(2015, 9, 30))
    progress = plan_progress(dap, date(2017, 7, 10), AnonymousUser())
    assert progress.evidence_later == dap.evidence.count() - 6  # 100 and 102 States Parties, four undated


# ---- Pages ------------------------------------------------------------------------------------------------


def test_the_treaty_page_links_its_action_plans_only_when_it_has_some() -> None:
    assert 'href="/treaties/ccm/action-plans/"' in Client().get("/treaties/ccm/").content.decode()
    assert "/action-plans/" not in Client().get("/treaties/apmbc/").content.decode()


def test_the_list_gives_each_plan_with_its_stage_and_headline() -> None:
    page = text(Client().get("/treaties/ccm/action-plans/", {"as_of": "2021-10-01"}))
    assert "Vientiane Action Plan" in page and "Lausanne Action Plan" in page
    assert "110 States Parties when the 2RC opened, against a target of 130." in page


def test_the_plan_page_shows_gaps_as_gaps_and_summaries_as_summaries() -> None:
    response = Client().get(DAP, {"as_of": "2021-10-01"})
    content = response.content.decode()
    assert response.status_code == 200
    assert 'data-action="dubrovnik-01" data-text-kind="not_found"' in content
    assert "ISU&#x27;s wording, not the plan&#x27;s text" in content
    assert "Draft text, not the adopted plan" in content
    page = text(response)
    assert "The day the 2RC opened, with its first part: 25 November 2020." in page
    assert "States Parties on 20 September 2021, when the second part opened 110" in page
    assert "20 States Parties short" in page
    assert "Report submissions are not yet recorded in the register for the initial report" in page
    assert "Universalization activities per year and region" in page


def test_the_plan_page_answers_as_of_like_the_rest_of_the_site() -> None:
    page = text(Client().get(DAP, {"as_of": "2017-07-10"}))
    assert "102 States Parties on this date" not in page  # the list's wording; the plan page gives the count
    assert "the conference had not opened on this date" in page
    assert "Benin 102nd State Party" in page and "106 States Parties" not in page
    assert Client().get(DAP, {"as_of": "2017-02-30"}).status_code == 400
    assert Client().get("/treaties/ccm/action-plans/no-such-plan/").status_code == 404


@pytest.mark.parametrize(
    ("prefix", "words"),
    [("fr", ("CCM : plans d’action", "Cible")), ("es", ("CCM: planes de acción", "Meta"))],
)
def test_the_pages_speak_french_and_spanish(prefix: str, words: tuple[str, str]) -> None:
    listing = Client().get(f"/{prefix}/treaties/ccm/action-plans/").content.decode()
    page = Client().get(f"/{prefix}{DAP}").content.decode()
    assert words[0] in listing
    assert words[1] in page


# ---- API --------------------------------------------------------------------------------------------------


def test_the_api_lists_the_plans_of_a_treaty() -> None:
    body = Client().get("/api/v1/action-plans", {"treaty": "ccm", "as_of": "2021-10-01"}).json()
    assert body["count"] == 3
    dap = next(p for p in body["plans"] if p["slug"] == "dubrovnik")
    assert (dap["adopted_on"], dap["adopted_on_precision"], dap["stage"]) == ("2015-09", "month", "period_ended")
    assert dap["headline"]["at_opening"] == 110


def test_the_api_gives_a_plan_s_progress_on_a_day() -> None:
    body = Client().get("/api/v1/action-plans/dubrovnik", {"as_of": "2021-10-01"}).json()
    first = body["plan_actions"][0]
    assert (first["key"], first["text_kind"]) == ("dubrovnik-01", "not_found")
    computed = {i["computation"]: i["value"] for a in body["plan_actions"] for i in a["indicators"]}
    assert computed["parties_at_meeting"]["target_day"] == "2020-11-25"
    assert computed["initial_reports"]["reports_recorded"] is False
    assert computed["initial_reports"]["share"] is None
    assert [y["year"] for y in computed["activities_by_region"]["years"]] == [2015, 2016, 2017, 2018, 2019, 2020]
    figures = [e for a in body["plan_actions"] for e in a["evidence"]]
    assert all(e["source"]["citation"] for e in figures)


def test_the_api_refuses_a_bad_day_and_an_unknown_plan() -> None:
    bad = Client().get("/api/v1/action-plans/dubrovnik", {"as_of": "2021-02-30"})
    assert bad.status_code == 400
    assert bad.json() == {"detail": "as_of: '2021-02-30' is not a valid date (expected YYYY-MM-DD)"}
    assert Client().get("/api/v1/action-plans/nowhere").status_code == 404
