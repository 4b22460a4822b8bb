"""A campaign's dashboard counts the reports the reader may read by country, ask and kind, shades the world map by
them, and lists what changed in the record from the campaign's first day to the day asked about, each change with
its source."""

from __future__ import annotations

import io
import re
from collections import Counter
from datetime import date
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.campaign_reports import Coalition, client_of, make_coalition, report
from treatywatch.campaigns.dashboard import activity_counts, record_changes
from treatywatch.campaigns.models import ActionReport, ReportTally
from treatywatch.campaigns.report_actions import ReportInput, do_save_report
from treatywatch.campaigns.tallies import recount
from treatywatch.registry.models import State
from treatywatch.web.activitymap import activity_category

pytestmark = pytest.mark.django_db


@pytest.fixture
def coalition() -> Coalition:
    made = make_coalition()
    for _ in range(3):
        report(made, made.kenya_editor, made.kenya_member, ask="ratify", iso3="KEN", kind="met_official")
    report(made, made.kenya_editor, made.kenya_member, ask="share_memories", kind="social_media", link="https://x.org")
    report(made, made.lebanon_editor, made.lebanon_member, iso3="LBN", kind="media", public=True)
    report(made, made.lebanon_editor, made.lebanon_member, iso3="LBN", kind="event", day=date(2017, 3, 1))
    return made


def _count(page: str, section: str, label: str) -> int:
    """The count in the row of `label` in the dashboard table under the heading with id `section`."""
    table = page.split(f'id="{section}"', 1)[1].split("</table>", 1)[0]
    cell = r'\s*(?:</th>)?\s*<td class="number"[^>]*>(\d+)</td>'
    found = re.search(rf">\s*{re.escape(label)}\s*</(?:a|th)>{cell}", table)
    assert found is not None, (section, label)
    return int(found[1])


def test_the_organisers_see_every_members_reports_counted(coalition: Coalition) -> None:
    page = client_of(coalition.staff).get("/campaigns/oslo-10/dashboard/?as_of=2017-03-31").content.decode()
    assert "6 reports up to 31 March 2017" in page
    assert _count(page, "by-state", "Kenya") == 3
    assert _count(page, "by-state", "Lebanon") == 2
    assert _count(page, "by-state", "No State (asks of every member)") == 1
    assert _count(page, "by-ask", coalition.asks["ratify"].title) == 3
    assert _count(page, "by-ask", coalition.asks["accede"].title) == 0  # every ask is listed, those with none too
    assert _count(page, "by-ask", "No ask") == 2
    assert _count(page, "by-kind", "Met an official") == 3
    assert _count(page, "by-kind", "Fundraising") == 0


def test_a_member_sees_its_own_and_the_public_reports_and_anonymous_readers_the_public_ones(
    coalition: Coalition,
) -> None:
    member = client_of(coalition.kenya_viewer).get("/campaigns/oslo-10/dashboard/?as_of=2017-03-31").content.decode()
    assert "5 reports up to" in member and _count(member, "by-state", "Lebanon") == 1
    for _ in range(2):  # the second answer comes from the page cache: the same
        public = client_of(None).get("/campaigns/oslo-10/dashboard/?as_of=2017-03-31").content.decode()
        assert "1 report up to" in public and "Kenya" not in public.split('id="by-state"')[1].split("</table>")[0]


def test_the_dashboard_answers_as_of_a_day(coalition: Coalition) -> None:
    page = client_of(coalition.staff).get("/campaigns/oslo-10/dashboard/?as_of=2017-02-24").content.decode()
    assert "5 reports up to 24 February 2017" in page
    assert _count(page, "by-state", "Lebanon") == 1
    bad = client_of(None).get("/campaigns/oslo-10/dashboard/?as_of=2017-02-30")
    assert bad.status_code == 400 and "as_of" in bad.content.decode()


def test_the_map_shades_each_state_by_its_number_of_reports(coalition: Coalition) -> None:
    page = client_of(coalition.staff).get("/campaigns/oslo-10/dashboard/?as_of=2017-03-31").content.decode()
    kenya = re.search(r'href="/campaigns/oslo-10/reports/\?state=KEN"\s+tabindex="-1"\s+class="map-([\w-]+)"', page)
    assert kenya is not None and kenya[1] == "activity-1"
    assert "<title>Kenya: 3 reports</title>" in page and "<title>Lebanon: 2 reports</title>" in page
    assert [activity_category(n) for n in (0, 1, 4, 5, 19, 20, 99, 100)] == [
        "none", "activity-1", "activity-1", "activity-2", "activity-2", "activity-3", "activity-3", "activity-4",
    ]  # fmt: skip


def test_the_counts_are_a_few_grouped_queries(coalition: Coalition, django_assert_max_num_queries) -> None:
    with django_assert_max_num_queries(3):  # whether the reader reads every report, then the tallies
        counts = activity_counts(coalition.staff, coalition.campaign, date(2017, 3, 31))
    assert counts.total == 6 and counts.by_kind["met_official"] == 3


def test_what_changed_in_the_record_after_the_campaign_began(coalition: Coalition) -> None:
    """Madagascar deposited its instrument of ratification of the CCM on 20 May 2017, in force for it on
    1 November 2017; Benin on 10 July 2017, in force on 1 January 2018 (UNTC, XXVI-6)."""
    changes = {(c.day, c.state.iso3, c.what) for c in record_changes(coalition.campaign, date(2017, 12, 31))}
    assert (date(2017, 5, 20), "MDG", "deposited its instrument") in changes
    assert (date(2017, 11, 1), "MDG", "the treaty entered into force for it") in changes
    assert (date(2017, 7, 10), "BEN", "deposited its instrument") in changes
    assert not any(state == "BEN" and what.startswith("the treaty entered") for _day, state, what in changes)
    assert all(c.source is not None for c in record_changes(coalition.campaign, date(2017, 12, 31)))
    assert record_changes(coalition.campaign, date(2017, 2, 1)) == []
    page = client_of(None).get("/campaigns/oslo-10/dashboard/?as_of=2017-12-31").content.decode()
    changes_part = page.split('id="changes"', 1)[1]
    assert "Madagascar" in changes_part and "UNTC" in changes_part


def _no_action(reader: Any) -> str:
    page = client_of(reader).get("/campaigns/oslo-10/dashboard/").content.decode()
    return page.split('id="no-action-states"', 1)[1].split("</ul>", 1)[0]


def test_the_targeted_states_with_no_report_are_listed(coalition: Coalition) -> None:
    # On 20 February 2017 Kenya and Indonesia had signed and not ratified (the `ratify` ask targets them) and
    # Lebanon was an affected State Party (`implementation`). Kenya's reports are the member's own, one of
    # Lebanon's is public.
    listed = _no_action(coalition.staff)
    assert "Indonesia" in listed and "Kenya" not in listed and "Lebanon" not in listed
    listed = _no_action(None)
    assert "Indonesia" in listed and "Kenya" in listed and "Lebanon" not in listed
    report(coalition, coalition.kenya_editor, coalition.kenya_member, ask="ratify", iso3="IDN")
    assert "Indonesia" not in _no_action(coalition.staff)


def _counted_from_the_reports(reader: Any, coalition: Coalition, day: date) -> tuple[int, dict[Any, int]]:
    """The count the tallies stand for: every report `reader` may read, through `visible_to`, counted one by one."""
    found = ActionReport.objects.visible_to(reader).filter(campaign=coalition.campaign, date__lte=day)
    return found.count(), dict(Counter(found.values_list("state_id", flat=True)))


def test_the_tallies_count_what_each_reader_may_read_through_corrections(coalition: Coalition) -> None:
    kenya = ActionReport.objects.filter(owner=coalition.kenya_member).order_by("pk").first()
    assert kenya is not None
    # A correction that moves a report to another day, State, ask, kind and class: counted where it now is only.
    given = ReportInput(
        owner=coalition.kenya_member,
        kind="letter",
        date=date(2017, 3, 15),
        ask=coalition.asks["accede"],
        state=State.objects.get(iso3="SOM"),
        visibility="public",
    )
    do_save_report(coalition.campaign, kenya, given, actor=coalition.kenya_editor, reason="test", expected_version=1)
    readers = (coalition.staff, coalition.kenya_viewer, coalition.lebanon_editor, AnonymousUser(), coalition.site_admin)
    for day in (date(2017, 2, 19), date(2017, 2, 24), date(2017, 3, 15), date(2017, 12, 31)):
        for reader in readers:
            counts = activity_counts(reader, coalition.campaign, day)
            assert (counts.total, counts.by_state) == _counted_from_the_reports(reader, coalition, day), (day, reader)
            assert sum(counts.by_ask.values()) == sum(counts.by_kind.values()) == counts.total
    before = set(ReportTally.objects.filter(n__gt=0).values_list("public", "dimension", "key", "day", "n"))
    recount(coalition.campaign)
    assert set(ReportTally.objects.values_list("public", "dimension", "key", "day", "n")) == before


def test_the_recount_command_rebuilds_the_tallies_and_refuses_an_unknown_campaign(coalition: Coalition) -> None:
    ReportTally.objects.all().delete()
    out = io.StringIO()
    call_command("recount_report_tallies", "oslo-10", stdout=out)
    assert out.getvalue().startswith("oslo-10: ")
    assert activity_counts(coalition.staff, coalition.campaign, date(2017, 3, 31)).total == 6
    with pytest.raises(CommandError, match=re.escape("No campaign 'oslo-11': nothing was recounted.")):
        call_command("recount_report_tallies", "oslo-10", "oslo-11")
