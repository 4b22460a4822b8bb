"""Universalization work at scale, on PostgreSQL: the board, a State's engagement and an activity search.

    python bench/outreach_bench.py [--activities 100000] [--organisations 5000] [--users 20000] [--runs 7]
    (or: make bench-outreach)

Builds a throwaway PostgreSQL database (`treatywatch_outreach_bench` on DATABASE_URL's server, default
127.0.0.1:5432), loads the shipped register, and adds made-up organisations, users and CCM activities
(never real data: random dates 2010-2027, kinds, organisers, States approached and attending, one in three
closed, some shared with named organisations). They are written with `bulk_create`, not through the audited
actions, because they are benchmark data only.

Measured, each time on a new date (the uncached path), for an anonymous reader and for a member of an
organisation (whose private approaches count): the treaty's universalization board, one State's engagement,
and a search of the activities that approached a State in a date range. Each prints its median time, its
number of queries and its query plan, and the ratio to a named peer in the same run: the same search for an
anonymous reader (the public query) against the member's (the visibility rule on top). Targets (issue 13):
each under 200 ms, the visibility rule under 2x the public query. No timing is asserted in the tests.
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
BENCH_DATABASE = "treatywatch_outreach_bench"
TARGET_MS = 200.0
VISIBILITY_RATIO_TARGET = 2.0


def _fresh_database(server: str) -> str:
    import psycopg

    with psycopg.connect(f"{server}/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{BENCH_DATABASE}"')
        connection.execute(f'CREATE DATABASE "{BENCH_DATABASE}"')
    return f"{server}/{BENCH_DATABASE}"


def _setup(server: str) -> None:
    os.environ["DATABASE_URL"] = _fresh_database(server)
    os.environ.setdefault("TREATYWATCH_ENV", "development")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "treatywatch.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("load_register", verbosity=0)


def _generate(activities: int, organisations: int, users: int, seed: int) -> Any:
    from django.contrib.auth.models import User

    from treatywatch.organisations.models import Membership, Organisation, OrganisationKind, Role
    from treatywatch.organisations.visibility import Visibility
    from treatywatch.outreach.models import Activity, ActivityKind
    from treatywatch.registry.models import Source, State, Treaty

    rng = random.Random(seed)
    ccm = Treaty.objects.get(slug="ccm")
    states = list(State.objects.values_list("pk", flat=True))
    source = Source.objects.create(citation="Synthetic benchmark data (not real)")
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
    member = Membership.objects.select_related("user").order_by("pk").first()
    assert member is not None
    return ccm, member.user


def _timed(run: Callable[[date], object], days: list[date]) -> tuple[float, int]:
    """Median milliseconds over `days` (a new date each run) and the queries of one run."""
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
    return statistics.median(times), len(captured.captured_queries)


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
    args = parser.parse_args(argv[1:])

    _setup(args.server)
    start = time.perf_counter()
    ccm, member = _generate(args.activities, args.organisations, args.users, args.seed)
    print(
        f"generated {args.activities} activities, {args.organisations} organisations, {args.users} users "
        f"in {time.perf_counter() - start:.0f} s; load {os.getloadavg()[0]:.2f}"
    )

    from django.contrib.auth.models import AnonymousUser

    from treatywatch.outreach.board import board
    from treatywatch.outreach.engagement import state_engagement
    from treatywatch.outreach.models import Activity
    from treatywatch.registry.models import State
    from treatywatch.registry.presenters import state_across_treaties

    rng = random.Random(args.seed)
    days = [date(2012, 1, 1) + timedelta(days=rng.randint(0, 14 * 365)) for _ in range(args.runs)]
    kenya = State.objects.get(iso3="KEN")
    anonymous = AnonymousUser()

    def search(reader: Any) -> Callable[[date], object]:
        def run(day: date) -> object:
            found = Activity.objects.visible_to(reader).filter(target_states=kenya, date__lte=day)
            return list(found.order_by("-date", "pk")[:50])

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
    print()
    print("| measure | median ms | queries | target ms | met |")
    print("|---|---:|---:|---:|---|")
    for name, ms, queries in rows:
        print(f"| {name} | {ms:.1f} | {queries} | {TARGET_MS:.0f} | {'yes' if ms < TARGET_MS else 'NO'} |")
    public_ms, member_ms = rows[-2][1], rows[-1][1]
    ratio = member_ms / public_ms if public_ms else float("inf")
    met = "yes" if ratio < VISIBILITY_RATIO_TARGET else "NO"
    target = VISIBILITY_RATIO_TARGET
    print(f"\nvisibility rule: member search / public search = {ratio:.2f} (target under {target}): {met}")
    print(f"(median of {args.runs} runs, each on a new random date)\n")
    day = days[0]
    print("query plan, the member's search:")
    print(_plan(Activity.objects.visible_to(member).filter(target_states=kenya, date__lte=day).order_by("-date")[:50]))
    print("\nquery plan, the board's grouped query (a member):")
    readable = Activity.objects.with_private_part(member).filter(treaty=ccm, private_part_visible=True)
    grouped = Activity.target_states.through.objects.filter(activity__in=readable.values("pk")).values("state_id")
    print(_plan(grouped))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
