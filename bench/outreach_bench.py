"""Universalization work at scale, on PostgreSQL: the board, a State's engagement and an activity search.

    python bench/outreach_bench.py [--activities 100000] [--organisations 5000] [--users 20000] [--runs 7] [--keep]
    (or: make bench-outreach)

Builds a throwaway PostgreSQL database (`treatywatch_outreach_bench` on DATABASE_URL's server, default
127.0.0.1:5432), loads the shipped register, and adds made-up organisations, users and CCM activities
(never real data: random dates 2010-2027, kinds, organisers, States approached and attending, one in three
closed, some shared with named organisations). They are written with `bulk_create`, not through the audited
actions, because they are benchmark data only. With `--keep`, a database an earlier run built with the same
sizes and seed is used again (migrated first), which saves the minutes the data takes to generate.

Measured, each time on a new date (the uncached path), for an anonymous reader and for a member of an
organisation (whose private approaches count): the treaty's universalization board, one State's engagement,
and a search of the activities that approached a State in a date range. Each prints its median time, its
number of queries and its query plan, and the ratio to a named peer in the same run: the same search for an
anonymous reader (the public query) against the member's (the visibility rule on top).

Then the same through Django's whole request path (`django.test.Client`: middleware, views, templates, the API's
serialisation), with debug off and the page caches out of the way (answers by interval off, the page cache
emptied before each request, a new date each time): the board page, a State's page, the activities page and
the API's activities, for an anonymous reader and a signed-in member (the API's member with an API token),
with the member's time over the anonymous reader's. Targets (issue 13): each under 200 ms, the visibility rule
under 2x the public query. No timing is asserted in the tests.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scratch_database import holds, set_up_django  # noqa: E402  (beside this script)

BENCH_DATABASE = "treatywatch_outreach_bench"
TARGET_MS = 200.0
VISIBILITY_RATIO_TARGET = 2.0


def _marker(activities: int, organisations: int, users: int, seed: int) -> str:
    """The citation of the synthetic data's source, which also says what a kept database holds."""
    return (
        f"Synthetic benchmark data (not real): {activities} activities, {organisations} organisations, "
        f"{users} users, seed {seed}"
    )


def _generate(activities: int, organisations: int, users: int, seed: int) -> Any:
    from django.contrib.auth.models import User

    from treatywatch.organisations.models import Membership, Organisation, OrganisationKind, Role
    from treatywatch.organisations.visibility import Visibility
    from treatywatch.outreach.models import Activity, ActivityKind
    from treatywatch.registry.models import Source, State, Treaty

    rng = random.Random(seed)
    ccm = Treaty.objects.get(slug="ccm")
    states = list(State.objects.values_list("pk", flat=True))
    source = Source.objects.create(citation=_marker(activities, organisations, users, seed))
    kinds = [k.value for k in OrganisationKind]
    orgs = Organisation.objects.bulk_create(
        Organisation(name=f"Organisation {i}", slug=f"org-{i}", kind=rng.choice(kinds)) for i in range(organisations)
    )
    people = User.objects.bulk_create(User(username=f"user-{i}", password="!") for i in range(users))
    Membership.objects.bulk_create(
        Membership(user=person, organisation=org, role=rng.choice(list(Role)))
        for person in people
        for org in rng.sample(orgs, rng.randint(1, 2))
    )
    activity_kinds = [k.value for k in ActivityKind]
    first = date(2010, 1, 1)
    made = Activity.objects.bulk_create(
        Activity(
            treaty=ccm,
            kind=rng.choice(activity_kinds),
            title=f"Synthetic activity {i}",
            date=first + timedelta(days=rng.randint(0, 18 * 365)),
            source=source,
            visibility=rng.choices(list(Visibility), weights=(6, 3, 1))[0],
            owner=rng.choice(orgs),
        )
        for i in range(activities)
    )
    through = Activity.target_states.through
    through.objects.bulk_create(
        through(activity=a, state_id=s) for a in made for s in rng.sample(states, rng.randint(1, 3))
    )
    attending = Activity.attending_states.through
    attending.objects.bulk_create(
        attending(activity=a, state_id=s) for a in made for s in rng.sample(states, rng.randint(0, 4))
    )
    organising = Activity.organising_states.through
    organising.objects.bulk_create(
        organising(activity=a, state_id=s) for a in made for s in rng.sample(states, rng.randint(1, 2))
    )
    shared: Any = Activity.shared_with.through
    shared.objects.bulk_create(
        shared(activity=a, organisation=o)
        for a in made
        if a.visibility == Visibility.NAMED
        for o in rng.sample(orgs, rng.randint(1, 3))
    )
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return _readers()


def _readers() -> Any:
    """The treaty and the member the measures read as: the first membership's user."""
    from treatywatch.organisations.models import Membership
    from treatywatch.registry.models import Treaty

    member = Membership.objects.select_related("user").order_by("pk").first()
    if member is None:
        raise SystemExit("The bench database holds no members: run without --keep to generate the data.")
    return Treaty.objects.get(slug="ccm"), member.user


def _timed(run: Callable[[date], object], days: list[date]) -> tuple[float, int, str]:
    """Median milliseconds over `days` (a new date each run), the queries of one run and the statement it repeats
    most (an N+1 shows as one statement run once per row)."""
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    times = []
    for day in days:
        start = time.perf_counter()
        run(day)
        times.append((time.perf_counter() - start) * 1000)
    reset_queries()
    with CaptureQueriesContext(connection) as captured:
        run(days[0])
    shapes = Counter(_shape(query["sql"]) for query in captured.captured_queries)
    repeated = next((f"{count}x {sql[:60]}" for sql, count in shapes.most_common(1) if count > 1), "")
    return statistics.median(times), len(captured.captured_queries), repeated


def _shape(sql: str) -> str:
    """A statement without its values: the same query for another row has the same shape."""
    return re.sub(r"'[^']*'|\b\d+\b", "?", sql)


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


def _table(rows: list[tuple[str, float, int, str]], ratios: list[tuple[str, float]], target_ratio: str) -> None:
    print("| measure | median ms | queries | target ms | met | most repeated statement |")
    print("|---|---:|---:|---:|---|---|")
    for name, ms, queries, repeated in rows:
        met = "yes" if ms < TARGET_MS else "NO"
        print(f"| {name} | {ms:.1f} | {queries} | {TARGET_MS:.0f} | {met} | {repeated.replace('|', '/')} |")
    print()
    for name, ratio in ratios:
        met = "yes" if ratio < VISIBILITY_RATIO_TARGET else "NO"
        print(f"{name}: a member / anonymous = {ratio:.2f} ({target_ratio}{VISIBILITY_RATIO_TARGET}: {met})")


def _ratio(rows: list[tuple[str, float, int, str]], anonymous: int) -> float:
    public_ms, member_ms = rows[anonymous][1], rows[anonymous + 1][1]
    return member_ms / public_ms if public_ms else float("inf")


def _plan(queryset: Any) -> str:
    return str(queryset.explain())


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--activities", type=int, default=100_000)
    parser.add_argument("--organisations", type=int, default=5_000)
    parser.add_argument("--users", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--server", default=os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432"))
    parser.add_argument(
        "--keep", action="store_true", help="use the database an earlier run built with the same sizes and seed"
    )
    args = parser.parse_args(argv[1:])

    reuse = args.keep and holds(
        args.server, BENCH_DATABASE, _marker(args.activities, args.organisations, args.users, args.seed)
    )
    set_up_django(args.server, BENCH_DATABASE, reuse=reuse)
    start = time.perf_counter()
    if reuse:
        ccm, member = _readers()
        print(f"kept the database of an earlier run; load {os.getloadavg()[0]:.2f}")
    else:
        ccm, member = _generate(args.activities, args.organisations, args.users, args.seed)
        print(
            f"generated {args.activities} activities, {args.organisations} organisations, {args.users} users "
            f"in {time.perf_counter() - start:.0f} s; load {os.getloadavg()[0]:.2f}"
        )

    from django.contrib.auth.models import AnonymousUser
    from django.test import Client

    from treatywatch.organisations.actions import do_create_api_token
    from treatywatch.outreach.board import board, last_and_next_days, readable_activities
    from treatywatch.outreach.engagement import state_engagement
    from treatywatch.outreach.models import Activity
    from treatywatch.outreach.queries import linked_by
    from treatywatch.registry.models import State
    from treatywatch.registry.presenters import state_across_treaties

    rng = random.Random(args.seed)
    days = [date(2012, 1, 1) + timedelta(days=rng.randint(0, 14 * 365)) for _ in range(args.runs)]
    kenya = State.objects.get(iso3="KEN")
    anonymous = AnonymousUser()

    approached_kenya = Activity.target_states.through.objects.filter(state=kenya).values("activity_id")

    def approaching(reader: Any, day: date) -> Any:
        """The activities that approached Kenya by `day`: its links read first, as the activity search reads them."""
        return Activity.objects.visible_to(reader).filter(linked_by(approached_kenya), date__lte=day)

    def search(reader: Any) -> Callable[[date], object]:
        def run(day: date) -> object:
            return list(approaching(reader, day).order_by("-date", "pk")[:50])

        return run

    def engagement(reader: Any) -> Callable[[date], object]:
        def run(day: date) -> object:
            standings = {t.treaty: t.row.standing for t in state_across_treaties(kenya, day)}
            return state_engagement(kenya, reader, day, standings)

        return run

    measures = [
        ("board, anonymous", lambda day: board(ccm, day, anonymous)),
        ("board, a member", lambda day: board(ccm, day, member)),
        ("a State's engagement, anonymous", engagement(anonymous)),
        ("a State's engagement, a member", engagement(member)),
        ("search: activities approaching a State, anonymous (the public query)", search(anonymous)),
        ("search: activities approaching a State, a member (with the visibility rule)", search(member)),
    ]
    rows = [(name, *_timed(run, days)) for name, run in measures]
    print("\nThe functions the pages and the API call:\n")
    _table(rows, [("search", _ratio(rows, 4))], "visibility rule, target under ")

    # Through Django's whole request path. The member signs in to the site; the API reads them with a token.
    reader_client, member_client = Client(HTTP_HOST="localhost"), Client(HTTP_HOST="localhost")
    member_client.force_login(member)
    _token, key = do_create_api_token(member, "outreach bench", actor=member, reason="Benchmark reader")
    token = {"authorization": f"Bearer {key}"}

    def searched(path: str) -> Callable[[date], str]:
        return lambda day: f"{path}?state=KEN&from={day - timedelta(days=365)}&to={day}"

    pages = [
        ("board page", lambda day: f"/treaties/ccm/universalization/?as_of={day}", {}),
        ("a State's page", lambda day: f"/states/KEN/?as_of={day}", {}),
        ("activities page, a State's year", searched("/activities/"), {}),
        ("API activities, a State's year", searched("/api/v1/activities"), token),
    ]
    http_rows = []
    for name, address, member_headers in pages:
        http_rows.append((f"{name}, anonymous", *_timed(_fetch(reader_client, address, {}), days)))
        http_rows.append((f"{name}, a member", *_timed(_fetch(member_client, address, member_headers), days)))
    print("\nThrough Django's request path (django.test.Client, debug off, no page cache):\n")
    ratios = [(name, _ratio(http_rows, 2 * i)) for i, (name, _address, _headers) in enumerate(pages)]
    _table(http_rows, ratios, "target under ")
    print(f"\n(median of {args.runs} runs, each on a new random date; load {os.getloadavg()[0]:.2f})\n")

    day = days[0]
    for who, reader in (("the anonymous reader's", anonymous), ("the member's", member)):
        print(f"query plan, {who} search:")
        print(_plan(approaching(reader, day).order_by("-date", "pk")[:50]) + "\n")
    print("query plan, the board's grouped query (a member):")
    print(_plan(last_and_next_days(readable_activities(ccm, member), "target_states", day)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
