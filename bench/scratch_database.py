"""The throwaway PostgreSQL database a bench at scale generates its records in, and Django set up on it."""

from __future__ import annotations

import os


def holds(server: str, database: str, marker: str) -> bool:
    """Whether `database` exists and an earlier run generated `marker`'s data in it (the marker is the citation of
    the synthetic data's source)."""
    import psycopg

    try:
        with psycopg.connect(f"{server}/{database}") as connection:
            found = connection.execute("SELECT 1 FROM registry_source WHERE citation = %s", [marker]).fetchone()
    except psycopg.Error:
        return False
    return found is not None


def fresh_database(server: str, database: str) -> str:
    import psycopg

    with psycopg.connect(f"{server}/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{database}"')
        connection.execute(f'CREATE DATABASE "{database}"')
    return f"{server}/{database}"


def set_up_django(server: str, database: str, *, reuse: bool) -> None:
    """Django on `database` (kept if `reuse`, made afresh otherwise, then migrated and given the shipped data)."""
    os.environ["DATABASE_URL"] = f"{server}/{database}" if reuse else fresh_database(server, database)
    os.environ.setdefault("TREATYWATCH_ENV", "development")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "treatywatch.settings")
    # As in production: no debug pages, no query log kept by Django; every answer computed afresh rather than
    # served from the answers stored per interval (the page cache is emptied before each request).
    os.environ["DJANGO_DEBUG"] = "0"
    os.environ["TREATYWATCH_INTERVAL_ANSWERS"] = "0"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    if not reuse:
        call_command("load_register", verbosity=0)
