"""Copy the rows of Treatywatch's States API into a SQLite file that Datasette can serve.

    python bench/export_rows.py http://127.0.0.1:PORT/api/v1/treaties/ccm/states OUT.db

The table `states` gets one row per State, in the API's order (so Datasette's default
rowid order matches Treatywatch's), with the API's columns and names.
"""

from __future__ import annotations

import json
import sqlite3
import sys
import urllib.request
from pathlib import Path
from typing import Any

TABLE = "states"


def fetch_json(url: str, timeout: float = 30.0) -> dict[str, Any]:
    with urllib.request.urlopen(url, timeout=timeout) as response:
        if response.status != 200:
            raise SystemExit(f"{url} answered {response.status}, expected 200")
        payload = json.loads(response.read())
    if not isinstance(payload, dict) or not isinstance(payload.get("states"), list):
        raise SystemExit(f"{url} did not return an object with a 'states' list")
    return payload


def column_type(values: list[Any]) -> str:
    present = [v for v in values if v is not None]
    if present and all(isinstance(v, bool | int) for v in present):
        return "INTEGER"
    return "TEXT"


def write_database(rows: list[dict[str, Any]], out: Path) -> int:
    if not rows:
        raise SystemExit("the API returned no rows; load the register first")
    columns = list(rows[0])
    for number, row in enumerate(rows, start=1):
        if list(row) != columns:
            raise SystemExit(f"row {number} has columns {list(row)}, expected {columns}")
    types = {c: column_type([r[c] for r in rows]) for c in columns}
    out.parent.mkdir(parents=True, exist_ok=True)
    out.unlink(missing_ok=True)
    with sqlite3.connect(out) as db:
        db.execute(f"CREATE TABLE {TABLE} ({', '.join(f'[{c}] {types[c]}' for c in columns)})")
        db.execute(f"CREATE UNIQUE INDEX {TABLE}_iso3 ON {TABLE} (iso3)")
        placeholders = ", ".join("?" for _ in columns)
        db.executemany(
            f"INSERT INTO {TABLE} VALUES ({placeholders})",
            [tuple(int(v) if isinstance(v, bool) else v for v in row.values()) for row in rows],
        )
    db.close()
    return len(rows)


def main(argv: list[str]) -> int:
    if len(argv) != 3:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    url, out = argv[1], Path(argv[2])
    payload = fetch_json(url)
    count = write_database(payload["states"], out)
    if count != payload.get("count"):
        raise SystemExit(f"exported {count} rows but the API says count={payload.get('count')}")
    print(f"exported {count} rows of {payload.get('treaty')} as of {payload.get('as_of')} to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
