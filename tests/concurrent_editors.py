"""Twenty editors save facts at the same moment on a file-based SQLite database.

Run by tests/test_concurrent_editing.py as `python -m tests.concurrent_editors`, with DATABASE_URL naming a
new SQLite file (the test suite's in-memory database is not shared between threads). Prints one JSON line:
how many writes were acknowledged, the errors, and what the database holds afterwards.
"""

from __future__ import annotations

import json
import os
import threading
from datetime import date
from pathlib import Path

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from treatywatch.registry.actions import (  # noqa: E402
    FactInput,
    do_correct_fact,
    do_create_source,
    do_ensure_states,
    do_record_fact,
)
from treatywatch.registry.importers.runner import register_treaty_file  # noqa: E402
from treatywatch.registry.models import DepositaryFact, Source, State, Treaty  # noqa: E402

EDITORS = 20
ROOT = Path(__file__).resolve().parent.parent


def edit(treaty: Treaty, state: State, source: Source, start: threading.Barrier, done: list[str], errors: list[str]):
    """One editor: a signature, a deposit, then a correction of the signature (three writes)."""
    try:
        start.wait()
        signature = do_record_fact(
            treaty=treaty, state=state, fact=FactInput("signature", date(2009, 1, 5)), source=source, reason="signed"
        )
        done.append(f"{state.iso3} signature")
        do_record_fact(
            treaty=treaty,
            state=state,
            fact=FactInput("deposit", date(2010, 2, 1), "ratification"),
            source=source,
            reason="ratified",
        )
        done.append(f"{state.iso3} deposit")
        do_correct_fact(signature, fact=FactInput("signature", date(2009, 1, 6)), reason="signature day corrected")
        done.append(f"{state.iso3} correction")
    except Exception as error:  # every failure is reported, none hidden
        errors.append(f"{state.iso3}: {type(error).__name__}: {error}")
    finally:
        connection.close()


def main() -> None:
    call_command("migrate", verbosity=0)
    treaty = register_treaty_file(ROOT / "treaties" / "ccm.toml")
    do_ensure_states()
    source = do_create_source(citation="Concurrent editing test source")
    states = list(State.objects.filter(ended_on__isnull=True).order_by("iso3")[:EDITORS])
    connection.close()
    start = threading.Barrier(EDITORS)
    done: list[str] = []
    errors: list[str] = []
    threads = [threading.Thread(target=edit, args=(treaty, s, source, start, done, errors)) for s in states]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    facts = DepositaryFact.objects.filter(treaty=treaty)
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        journal_mode = cursor.fetchone()[0]
    report = {
        "acknowledged": len(done),
        "errors": errors,
        "facts": facts.count(),
        "corrected_signatures": facts.filter(kind="signature", date=date(2009, 1, 6)).count(),
        "history_rows": DepositaryFact.history.filter(treaty=treaty).count(),
        "journal_mode": journal_mode,
    }
    print(json.dumps(report))


if __name__ == "__main__":
    main()
