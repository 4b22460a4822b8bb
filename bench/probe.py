"""Small HTTP checks for bench/run.sh.

python bench/probe.py wait URL [SECONDS]    wait until URL answers 200 (a server is up)
python bench/probe.py check URL DB [SAVE]   URL answers 200 and names every State of DB's `states`
                                            table; the body is written to SAVE when given
"""

from __future__ import annotations

import sqlite3
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path


def get(url: str, timeout: float = 10.0) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def wait(url: str, seconds: float) -> int:
    deadline = time.monotonic() + seconds
    last = "no answer"
    while time.monotonic() < deadline:
        try:
            status, _body = get(url, timeout=5.0)
        except (OSError, urllib.error.URLError) as error:
            last = str(error)
        else:
            if status == 200:
                return 0
            last = f"status {status}"
        time.sleep(0.2)
    print(f"{url} not ready after {seconds:.0f}s ({last})", file=sys.stderr)
    return 1


def check(url: str, database: str, save: str | None = None) -> int:
    status, body = get(url)
    if save:
        Path(save).write_bytes(body)
    if status != 200:
        print(f"{url} answered {status}, expected 200", file=sys.stderr)
        return 1
    with sqlite3.connect(database) as db:
        codes = [code for (code,) in db.execute("SELECT iso3 FROM states")]
    text = body.decode("utf-8")
    missing = [code for code in codes if code not in text]
    if missing:
        print(f"{url} lacks {len(missing)} of {len(codes)} States, e.g. {missing[:5]}", file=sys.stderr)
        return 1
    print(f"ok  {url}  ({len(body)} bytes, all {len(codes)} States present)")
    return 0


def main(argv: list[str]) -> int:
    if len(argv) >= 3 and argv[1] == "wait":
        return wait(argv[2], float(argv[3]) if len(argv) > 3 else 60.0)
    if len(argv) in (4, 5) and argv[1] == "check":
        return check(argv[2], argv[3], argv[4] if len(argv) == 5 else None)
    print(__doc__.strip(), file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
