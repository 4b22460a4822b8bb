"""`InReadFirst`: the rows a subquery names, the same as `pk__in` (PostgreSQL reads the subquery first)."""

from __future__ import annotations

from django.db import connection
from django.db.models import F

from treatywatch.lib.lookups import InReadFirst
from treatywatch.registry.models import State


def test_it_finds_what_pk_in_finds(db: None) -> None:
    named = State.objects.filter(iso3__in=["KEN", "NOR", "PER"]).values("pk")
    read_first = State.objects.filter(InReadFirst(F("pk"), named)).order_by("pk")
    assert list(read_first) == list(State.objects.filter(pk__in=named).order_by("pk"))
    assert [s.iso3 for s in read_first.order_by("iso3")] == ["KEN", "NOR", "PER"]


def test_on_postgresql_it_reads_the_subquery_into_a_list(db: None) -> None:
    named = State.objects.filter(iso3="KEN").values("pk")
    lookup = State.objects.filter(InReadFirst(F("pk"), named)).query.where.children[0]
    assert isinstance(lookup, InReadFirst)
    compiler = State.objects.all().query.get_compiler(connection=connection)
    sql, _params = lookup.as_postgresql(compiler, connection)
    assert " = ANY(ARRAY(SELECT " in sql
