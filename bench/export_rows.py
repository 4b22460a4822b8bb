"""Copy the rows of Treatywatch's API into a SQLite file that Datasette can serve.

    python bench/export_rows.py STATES_URL OUT.db [COMPLIANCE_URL]

STATES_URL is a States API answer (http://127.0.0.1:PORT/api/v1/treaties/ccm/states): the table
`states` gets one row per State, in the API's order (so Datasette's default rowid order matches
Treatywatch's), with the API's columns and names. COMPLIANCE_URL, when given, is a compliance API
answer: the table `compliance` gets one row per deadline, nested values written as JSON text.
"""

from __future__ import annotations

import json
import sqlite3
import sys
import urllib.request
from pathlib import Path
from typing import Any

TABLE = "states"


def fetch_json(url: str, key: str = "states", timeout: float = 30.0) -> dict[str, Any]:
    with urllib.request.urlopen(url, timeout=timeout) as response:
        if response.status != 200:
            raise SystemExit(f"{url} answered {response.status}, expected 200")
        payload = json.loads(response.read())
    if not isinstance(payload, dict) or not isinstance(payload.get(key), list):
        raise SystemExit(f"{url} did not return an object with a {key!r} list")
    return payload


def cell(value: Any) -> Any:
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, dict | list):
        return json.dumps(value)
    return value


def column_type(values: list[Any]) -> str:
    present = [v for v in values if v is not None]
    if present and all(isinstance(v, bool | int) for v in present):
        return "INTEGER"
    return "TEXT"


def write_database(rows: list[dict[str, Any]], out: Path, table: str = TABLE, fresh: bool = True) -> int:
    if not rows:
        raise SystemExit("the API returned no rows; load the register first")
    columns = list(rows[0])
    for number, row in enumerate(rows, start=1):
        if list(row) != columns:
            raise SystemExit(f"row {number} has columns {list(row)}, expected {columns}")
    types = {c: column_type([r[c] for r in rows]) for c in columns}
    out.parent.mkdir(parents=True, exist_ok=True)
    if fresh:
        out.unlink(missing_ok=True)
    with sqlite3.connect(out) as db:
        db.execute(f"CREATE TABLE {table} ({', '.join(f'[{c}] {types[c]}' for c in columns)})")
        if table == TABLE:
            db.execute(f"CREATE UNIQUE INDEX {table}_iso3 ON {table} (iso3)")
        placeholders = ", ".join("?" for _ in columns)
        db.executemany(
            f"INSERT INTO {table} VALUES ({placeholders})",
            [tuple(cell(v) for v in row.values()) for row in rows],
        )
    db.close()
    return len(rows)


def main(argv: list[str]) -> int:
    if len(argv) not in (3, 4):
        print(__doc__.strip(), file=sys.stderr)
        return 2
    url, out = argv[1], Path(argv[2])
    payload = fetch_json(url)
    count = write_database(payload["states"], out)
    if count != payload.get("count"):
        raise SystemExit(f"exported {count} rows but the API says count={payload.get('count')}")
    print(f"exported {count} rows of {payload.get('treaty')} as of {payload.get('as_of')} to {out}")
    if len(argv) == 4:
        compliance = fetch_json(argv[3], "deadlines")
        count = write_database(compliance["deadlines"], out, "compliance", fresh=False)
        print(f"exported {count} deadlines of {compliance.get('treaty')} as of {compliance.get('as_of')} to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
