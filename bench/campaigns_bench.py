"""A campaign at scale, on PostgreSQL: its dashboard and its reports, for the coalition's staff, a member and an
anonymous reader.

    python bench/campaigns_bench.py [--members 1000] [--reports 1000000] [--runs 7] [--keep]
    (or: make bench-campaigns)

Builds a throwaway PostgreSQL database (`treatywatch_campaigns_bench` on DATABASE_URL's server, default
127.0.0.1:5432), loads the shipped register, and adds made-up data (never real data): a coalition organising one
campaign with eight asks, `--members` member organisations each in a random country, and `--reports` action
reports, all in that one campaign (the worst case for its dashboard): random members, asks (one in ten none),
kinds and days from February to April 2017, most about the member's own country, three in ten public. The
reports are written by one `INSERT ... SELECT` over `generate_series`, not through the audited actions, because
they are benchmark data only; so are the `--contacts` contacts (see `_generate_contacts`). With `--keep`, a
database an earlier run built with the same sizes and seed is used again, which saves the minutes the data takes
to generate.

Measured, each time on a new `as_of` day in the campaign's months (the uncached path): the dashboard's grouped
count of the reports a reader may read (`campaigns.dashboard.activity_counts`), for the coalition's staff (every
report), a member (its own and the public ones) and an anonymous reader (the public ones), each against a named
peer in the same run: the same grouped count with no visibility rule (every report of the campaign, counted
bare). Then the same through Django's whole request path (`django.test.Client`, debug off, the page cache
emptied before each request): the dashboard page, the reports page (all of them, and one State's) and the API's
reports. Each prints its median
time and its number of queries; then the rate at which the briefs job renders members' briefs of the shipped
campaign oslo-10 to PDF (briefs and pages per second per worker, `--briefs` of them, against a one-page PDF);
the query plans (EXPLAIN ANALYZE) of the counts follow. Target (issue 14): each
under 200 ms. No timing is asserted in the tests.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scratch_database import holds, set_up_django  # noqa: E402  (beside this script)

BENCH_DATABASE = "treatywatch_campaigns_bench"
TARGET_MS = 200.0
CAMPAIGN = "bench-campaign"
ASKS = ("accede", "ratify", "condemn_use", "implementation", "fund", "share_memories", "media", "fundraise")


def _marker(members: int, reports: int, contacts: int, seed: int) -> str:
    """The citation of the synthetic data's source, which also says what a kept database holds."""
    return (
        f"Synthetic benchmark data (not real): {members} member organisations, {reports} action reports, "
        f"{contacts} contacts, seed {seed}"
    )


def _generate_contacts(contacts: int, seed: int) -> None:
    """The issue's contacts (by default 50,000, 50 a member), made up and owned by the members: the first member (the
    bench's member editor's) keeps one in twenty of them (the member with many contacts), the others are spread at
    random; most are about the member's own State; one in ten is shared with another member. One `INSERT ... SELECT`
    each for the contacts and their sharing, not through the audited actions: benchmark data only."""
    from django.db import connection

    from treatywatch.contacts.models import Contact

    table = Contact._meta.db_table
    through = Contact.shared_with.through._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute("SELECT setseed(%s)", [((seed + 1) % 1000) / 1000])
        cursor.execute(
            f"""
            INSERT INTO {table} (visibility, owner_id, name, kind, state_id, institution, position, email, phone,
                                 languages, notes, consent_given, consent_on, consent_method, consent_details,
                                 created_at, updated_at, version)
            SELECT CASE WHEN r.shared < 0.1 THEN 'named' ELSE 'organisation' END, m.id, 'Synthetic contact ' || r.i,
                   (ARRAY['official', 'parliamentarian', 'journalist', 'other'])[1 + r.kind],
                   CASE WHEN r.own < 0.8 THEN m.state_id ELSE s.id END, 'Synthetic institution', '',
                   'contact' || r.i || '@example.org', '', '["en"]'::jsonb, '', true, DATE '2016-01-01' + r.day,
                   'email', '', now(), now(), 1
            FROM (
                SELECT i, CASE WHEN random() < 0.05 THEN 0
                               ELSE floor(random() * (SELECT count(*) FROM bench_members))::int END AS member,
                       random() AS shared, random() AS own, floor(random() * 4)::int AS kind,
                       floor(random() * (SELECT count(*) FROM bench_states))::int AS state,
                       floor(random() * 365)::int AS day
                FROM generate_series(1, %s) AS i
            ) AS r
            JOIN bench_members m ON m.n = r.member
            JOIN bench_states s ON s.n = r.state
            """,
            [contacts],
        )
        cursor.execute(
            f"""
            INSERT INTO {through} (contact_id, organisation_id)
            SELECT c.id, m.id FROM {table} c
            JOIN bench_members m ON m.n = mod(c.id * 7919, (SELECT count(*) FROM bench_members))
            WHERE c.visibility = 'named' AND m.id <> c.owner_id
            """
        )


def _generate(members: int, reports: int, contacts: int, seed: int) -> None:
    from django.contrib.auth.models import User
    from django.db import connection

    from treatywatch.campaigns import tallies
    from treatywatch.campaigns.models import ActionReport, Ask, Campaign
    from treatywatch.organisations.models import Membership, Organisation, OrganisationKind, Role
    from treatywatch.registry.models import Source, State

    rng = random.Random(seed)
    Source.objects.create(citation=_marker(members, reports, contacts, seed))
    states = list(State.objects.values_list("pk", flat=True))
    coalition = Organisation.objects.create(
        name="Bench coalition", slug="bench-coalition", kind=OrganisationKind.COALITION
    )
    organisations = Organisation.objects.bulk_create(
        Organisation(
            name=f"Member {i}", slug=f"member-{i}", kind=OrganisationKind.CAMPAIGN_MEMBER, state_id=rng.choice(states)
        )
        for i in range(members)
    )
    staff = User.objects.create(username="coalition-staff", password="!")
    member = User.objects.create(username="member-editor", password="!")
    Membership.objects.create(user=staff, organisation=coalition, role=Role.VIEWER)
    Membership.objects.create(user=member, organisation=organisations[0], role=Role.EDITOR)
    campaign = Campaign.objects.create(
        slug=CAMPAIGN,
        name="Bench campaign",
        starts_on=date(2017, 2, 20),
        ends_on=date(2017, 2, 24),
        organiser=coalition,
    )
    # The asks' rules are the shipped campaign's (the dashboard evaluates them for the States with no action yet).
    rules = dict(Ask.objects.filter(campaign__slug="oslo-10").values_list("key", "rule"))
    for order, key in enumerate(ASKS):
        Ask.objects.create(campaign=campaign, key=key, title=f"Ask {key}", rule=rules[key], order=order)
    table = ActionReport._meta.db_table
    with connection.cursor() as cursor:
        # Made-up reports, random but repeatable (setseed): who, about which State (mostly the member's own), which
        # ask (one in ten none), what, when (February to April 2017), public or not.
        cursor.execute("SELECT setseed(%s)", [(seed % 1000) / 1000])
        for name, select in (
            ("bench_members", "SELECT id, state_id FROM organisations_organisation WHERE kind = 'campaign_member'"),
            ("bench_asks", f"SELECT id FROM campaigns_ask WHERE campaign_id = {int(campaign.pk)}"),
            ("bench_states", "SELECT id FROM registry_state"),
        ):
            numbered = select.replace("SELECT ", "SELECT row_number() OVER (ORDER BY id) - 1 AS n, ", 1)
            cursor.execute(f"CREATE TEMPORARY TABLE {name} AS {numbered}")
    _generate_contacts(contacts, seed)
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            INSERT INTO {table} (visibility, owner_id, campaign_id, ask_id, state_id, kind, target, date, link, note,
                                 reported_by_id, reported_at, updated_at, version)
            SELECT CASE WHEN r.public < 0.3 THEN 'public' ELSE 'organisation' END, m.id, %s,
                   CASE WHEN r.no_ask < 0.1 THEN NULL ELSE a.id END,
                   CASE WHEN r.own < 0.8 THEN m.state_id ELSE s.id END,
                   (ARRAY['met_official', 'letter', 'media', 'social_media', 'event', 'fundraising'])[1 + r.kind],
                   'Synthetic target', DATE '2017-02-01' + r.day, '', '', NULL, now(), now(), 1
            FROM (
                SELECT floor(random() * %s)::int AS member, floor(random() * 8)::int AS ask, random() AS no_ask,
                       random() AS own, floor(random() * (SELECT count(*) FROM bench_states))::int AS state,
                       floor(random() * 6)::int AS kind, floor(random() * 89)::int AS day, random() AS public
                FROM generate_series(1, %s)
            ) AS r
            JOIN bench_members m ON m.n = r.member
            JOIN bench_asks a ON a.n = r.ask
            JOIN bench_states s ON s.n = r.state
            """,
            [campaign.pk, members, reports],
        )
    tallies.recount(campaign)
    # As after autovacuum: statistics, and the visibility map that lets an index-only scan skip the table.
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")


def _timed(run: Callable[[date], object], days: list[date]) -> tuple[float, int]:
    """Median milliseconds over `days` (a new date each run) and the queries of one run."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    times = []
    for day in days:
        start = time.perf_counter()
        run(day)
        times.append((time.perf_counter() - start) * 1000)
    with CaptureQueriesContext(connection) as captured:
        run(days[0])
    return statistics.median(times), len(captured.captured_queries)


def _fetch(client: Any, address: Callable[[date], str], headers: dict[str, str]) -> Callable[[date], object]:
    """One request through Django's whole path, the page cache emptied first so it is answered afresh."""
    from django.core.cache import caches

    def run(day: date) -> object:
        caches["pages"].clear()
        url = address(day)
        response = client.get(url, headers=headers)
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}")
        return response.content

    return run


def _statements(run: Callable[[date], object], day: date) -> list[str]:
    """The SQL of the statements `run` sends that read the reports or their tallies, as sent."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        run(day)
    tables = ("campaigns_reporttally", "campaigns_actionreport")
    return [q["sql"] for q in captured.captured_queries if any(table in q["sql"] for table in tables)]


def _explained(sql: str) -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN ANALYZE {sql}")
        return "\n".join(row[0] for row in cursor.fetchall())


def _table(rows: list[tuple[str, float, int]], peer_ms: float | None = None) -> None:
    peer = " | the bare count's time, times" if peer_ms else ""
    print(f"| measure | median ms | queries | target ms | met{peer} |")
    print("|---|---:|---:|---:|---|" + ("---:|" if peer_ms else ""))
    for name, ms, queries in rows:
        met = "yes" if ms < TARGET_MS else "NO"
        ratio = f" | {ms / peer_ms:.2f}" if peer_ms else ""
        print(f"| {name} | {ms:.1f} | {queries} | {TARGET_MS:.0f} | {met}{ratio} |")


def _peer_rows(
    rows: list[tuple[str, str, Callable[[date], object], Callable[[date], object]]], days: list[date]
) -> None:
    """Each measure and its named peer timed in turn on the same days, and the table of both."""
    print("| measure | median ms | queries | target ms | met | peer | peer ms | times the peer |")
    print("|---|---:|---:|---:|---|---|---:|---:|")
    for name, peer_name, run, peer in rows:
        ms, queries = _timed(run, days)
        peer_ms, _peer_queries = _timed(peer, days)
        met = "yes" if ms < TARGET_MS else "NO"
        print(
            f"| {name} | {ms:.1f} | {queries} | {TARGET_MS:.0f} | {met} | {peer_name} | {peer_ms:.1f} | "
            f"{ms / peer_ms:.2f} |"
        )


def _bench_targets_and_contacts(
    member: Any, member_client: Any, reader_client: Any, rng: random.Random, runs: int
) -> None:
    """The shipped campaign oslo-10's targets (the API and the campaign page) on a new random day each request, and
    a member's contacts (the contacts page, and its brief for its own State, which lists a page of its contacts
    there and counts them), each against a named peer: the register's answer for the same day (the treaty's States
    in the API, the treaty's page), the dashboard page (the member's private records counted), the State's
    profile."""
    from treatywatch.contacts.models import Contact
    from treatywatch.organisations.models import Organisation

    own = Organisation.objects.get(slug="member-0")
    iso3 = own.state.iso3 if own.state else "KEN"
    kept = Contact.objects.filter(owner=own).count()
    about = Contact.objects.filter(owner=own, state__iso3=iso3).count()
    # Days anywhere in the record's span since the treaty's adoption: each a day no earlier request asked about.
    days = [date(2008, 5, 30) + timedelta(days=rng.randint(0, 3200)) for _ in range(runs)]
    rows = [
        (
            "targets API, oslo-10, anonymous",
            "API treaty States, ccm",
            _fetch(reader_client, lambda day: f"/api/v1/campaigns/oslo-10/targets?as_of={day}", {}),
            _fetch(reader_client, lambda day: f"/api/v1/treaties/ccm/states?as_of={day}", {}),
        ),
        (
            "campaign page, oslo-10, anonymous",
            "treaty page, ccm",
            _fetch(reader_client, lambda day: f"/campaigns/oslo-10/?as_of={day}", {}),
            _fetch(reader_client, lambda day: f"/treaties/ccm/?as_of={day}", {}),
        ),
        (
            f"contacts page, a member keeping {kept}",
            "dashboard page, a member",
            _fetch(member_client, lambda day: "/contacts/", {}),
            _fetch(member_client, lambda day: f"/campaigns/{CAMPAIGN}/dashboard/?as_of={day}", {}),
        ),
        (
            f"brief page, oslo-10, {iso3}, a member keeping {about} contacts about it",
            f"State page, {iso3}",
            _fetch(member_client, lambda day: f"/campaigns/oslo-10/briefs/{iso3}/?as_of={day}", {}),
            _fetch(member_client, lambda day: f"/states/{iso3}/?as_of={day}", {}),
        ),
    ]
    print("Targets and contacts through Django's request path, each on a new random day, against a named peer:\n")
    _peer_rows(rows, days)
    print(f"\n(median of {runs} runs; load {os.getloadavg()[0]:.2f})\n")
    for name, _peer, run, _peer_run in rows[2:]:
        for sql in _contact_statements(run, days[0]):
            print(f"query plan, {name}: {sql[:100]}...")
            print(_explained(sql) + "\n")


def _contact_statements(run: Callable[[date], object], day: date) -> list[str]:
    """The SQL of the statements `run` sends that read the contacts."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        run(day)
    return [q["sql"] for q in captured.captured_queries if "contacts_contact" in q["sql"]]


def _bench_briefs(count: int, seed: int) -> None:
    """The briefs job's rate: `count` members of the shipped campaign oslo-10 (its coalition is the bench's, its
    members the bench's, each in its made-up country and a random language), each brief rendered to PDF by the
    function the job runs for each member (`render_member_brief`), in this one process: one worker. The peer: a
    one-page PDF of a paragraph, WeasyPrint's floor cost per page, in the same run."""
    import pypdfium2
    from django.contrib.auth.models import User
    from weasyprint import HTML

    from treatywatch.campaigns.member_briefs import render_member_brief
    from treatywatch.campaigns.models import Campaign
    from treatywatch.organisations.models import Organisation

    rng = random.Random(seed)
    campaign = Campaign.objects.get(slug="oslo-10")
    campaign.organiser = Organisation.objects.get(slug="bench-coalition")  # in memory only: nothing is written
    members = list(Organisation.objects.filter(kind="campaign_member", state__ended_on__isnull=True).order_by("pk"))
    chosen = rng.sample(members, min(count, len(members)))
    for member in chosen:
        member.languages = [rng.choice(["en", "fr", "es"])]
    staff = User.objects.get(username="coalition-staff")
    render_member_brief(campaign, chosen[0], staff)  # the first brief fills the targets' and fonts' caches
    start, pages = time.perf_counter(), 0
    for member in chosen:
        _brief, _language, pdf = render_member_brief(campaign, member, staff)
        pages += len(pypdfium2.PdfDocument(pdf))
    seconds = time.perf_counter() - start
    peer_start = time.perf_counter()
    for _ in chosen:
        HTML(string="<p>A one-page PDF: WeasyPrint's floor cost.</p>").write_pdf()
    peer_seconds = time.perf_counter() - peer_start
    print(
        f"\nThe briefs job, one worker: {len(chosen)} members' briefs of oslo-10 ({pages} PDF pages) in "
        f"{seconds:.1f} s: {len(chosen) / seconds:.2f} briefs and {pages / seconds:.2f} pages per second per worker "
        f"({seconds / len(chosen) * 1000:.0f} ms a brief). Peer, a one-page PDF of a paragraph: "
        f"{peer_seconds / len(chosen) * 1000:.0f} ms a page; a brief costs {seconds / peer_seconds:.1f} times that.\n"
    )


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--members", type=int, default=1_000)
    parser.add_argument("--reports", type=int, default=1_000_000)
    parser.add_argument("--contacts", type=int, default=50_000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--seed", type=int, default=14)
    parser.add_argument("--briefs", type=int, default=40, help="how many members' briefs to render and time")
    parser.add_argument("--server", default=os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432"))
    parser.add_argument(
        "--keep", action="store_true", help="use the database an earlier run built with the same sizes and seed"
    )
    args = parser.parse_args(argv[1:])

    reuse = args.keep and holds(
        args.server, BENCH_DATABASE, _marker(args.members, args.reports, args.contacts, args.seed)
    )
    set_up_django(args.server, BENCH_DATABASE, reuse=reuse)
    start = time.perf_counter()
    if reuse:
        print(f"kept the database of an earlier run; load {os.getloadavg()[0]:.2f}")
    else:
        _generate(args.members, args.reports, args.contacts, args.seed)
        print(
            f"generated {args.members} member organisations, {args.contacts} contacts and {args.reports} "
            f"action reports "
            f"in {time.perf_counter() - start:.0f} s; load {os.getloadavg()[0]:.2f}"
        )

    from django.contrib.auth.models import AnonymousUser, User
    from django.db.models import Count
    from django.test import Client

    from treatywatch.campaigns.dashboard import activity_counts
    from treatywatch.campaigns.models import ActionReport, Campaign
    from treatywatch.organisations.actions import do_create_api_token

    campaign = Campaign.objects.get(slug=CAMPAIGN)
    staff, member = User.objects.get(username="coalition-staff"), User.objects.get(username="member-editor")
    anonymous = AnonymousUser()
    rng = random.Random(args.seed)
    days = [date(2017, 3, 1) + timedelta(days=rng.randint(0, 59)) for _ in range(args.runs)]

    def bare(day: date) -> Any:
        """The peer: the same grouped count over every report of the campaign, no visibility rule."""
        found = ActionReport.objects.filter(campaign=campaign, date__lte=day).order_by()
        return found.values_list("state_id", "ask_id", "kind").annotate(n=Count("*"))

    peer_ms, peer_queries = _timed(lambda day: list(bare(day)), days)
    readers = (("the coalition's staff", staff), ("a member", member), ("anonymous", anonymous))

    def counts(reader: Any) -> Callable[[date], object]:
        return lambda day: activity_counts(reader, campaign, day)

    rows = [(f"dashboard counts, {who}", *_timed(counts(reader), days)) for who, reader in readers]
    print(
        f"\nThe dashboard's grouped count ({args.reports} reports in one campaign), against its peer, the bare count "
        f"with no visibility rule: {peer_ms:.1f} ms, {peer_queries} query\n"
    )
    _table(rows, peer_ms)

    reader_client, member_client, staff_client = (Client(HTTP_HOST="localhost") for _ in range(3))
    member_client.force_login(member)
    staff_client.force_login(staff)
    _token, key = do_create_api_token(staff, "campaigns bench", actor=staff, reason="Benchmark reader")
    token = {"authorization": f"Bearer {key}"}
    pages = [
        ("dashboard page", lambda day: f"/campaigns/{CAMPAIGN}/dashboard/?as_of={day}"),
        ("reports page, every report", lambda day: f"/campaigns/{CAMPAIGN}/reports/?as_of={day}"),
        ("reports page, one State", lambda day: f"/campaigns/{CAMPAIGN}/reports/?state=KEN&as_of={day}"),
        ("API reports, one State", lambda day: f"/api/v1/campaigns/{CAMPAIGN}/reports?state=KEN&as_of={day}"),
    ]
    http_rows = []
    for name, address in pages:
        api = address(days[0]).startswith("/api/")
        for who, client, headers in (
            ("the coalition's staff", reader_client if api else staff_client, token if api else {}),
            ("a member", member_client, {}),
            ("anonymous", reader_client, {}),
        ):
            if api and who == "a member":
                continue  # the API reads a member with a token: the staff's token stands for both
            http_rows.append((f"{name}, {who}", *_timed(_fetch(client, address, headers), days)))
    print("\nThrough Django's request path (django.test.Client, debug off, no page cache):\n")
    _table(http_rows)
    print(f"\n(median of {args.runs} runs, each on a new random date; load {os.getloadavg()[0]:.2f})\n")
    _bench_targets_and_contacts(member, member_client, reader_client, rng, args.runs)

    _bench_briefs(args.briefs, args.seed)

    day = days[0]
    print("query plan, the peer (the bare count):")
    print(bare(day).explain(analyze=True) + "\n")
    for who, reader in readers:
        for sql in _statements(counts(reader), day):
            print(f"query plan, the dashboard's counts for {who}: {sql[:100]}...")
            print(_explained(sql) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
