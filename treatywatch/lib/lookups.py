"""`InReadFirst`: `field IN (subquery)`, with the subquery's values read before the rows that match them.

PostgreSQL turns `id IN (SELECT ...)` into a join and weighs its orders; with a LIMIT and an index that gives
the order asked for, it may walk that index and probe the subquery's table for every row, which a condition
it estimates loosely (such as the visibility rule's) makes it choose where it should not. Written
`id = ANY(ARRAY(SELECT ...))`, the values are read once and the rows are fetched by the index of `field`:
a State's few links, then their activities, whatever else the query filters on. Elsewhere (SQLite) it is
the plain `IN`.
"""

from __future__ import annotations

from typing import Any

from django.db.models.lookups import In


class InReadFirst(In):
    """`InReadFirst(F("pk"), links.values("activity_id"))`: the rows whose `pk` the subquery gives."""

    def as_postgresql(self, compiler: Any, connection: Any) -> tuple[str, list[Any]]:
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} = ANY(ARRAY{rhs})", [*lhs_params, *rhs_params]
