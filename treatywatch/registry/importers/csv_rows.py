"""Reading a CSV file the same way in every importer: UTF-8, a header row, numbered rows, bounded cells."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Mapping

from treatywatch.registry.importers.errors import ImportRefused
from treatywatch.registry.importers.limits import length_problem

# Dates, codes and kinds are short: a longer cell is a mistake (and would make a long message).
SHORT_CELL = 100


def open_csv(content: bytes, file_label: str) -> tuple[csv.DictReader[str], list[str]]:
    """A reader over the file's rows and its header (stripped), or a refusal saying why not."""
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ImportRefused([f"{file_label}: not UTF-8 text ({error.reason} at byte {error.start})"]) from None
    reader = csv.DictReader(io.StringIO(text))
    try:
        header = [h.strip() for h in (reader.fieldnames or [])]
    except csv.Error as error:
        raise ImportRefused([f"{file_label}, row 1: not readable as CSV ({error})"]) from None
    long_headings = [f"{file_label}, row 1: a heading is {p}" for h in header if (p := length_problem(h, SHORT_CELL))]
    if long_headings:
        raise ImportRefused(long_headings)
    return reader, header


def read_rows(
    reader: csv.DictReader[str], file_label: str, problems: list[str]
) -> Iterator[tuple[int, dict[str, str]]]:
    """Each row (stripped) with its number, the header being row 1, as a spreadsheet counts. A row with
    more cells than columns, or one the csv module cannot read (a cell over its size limit), is one
    problem, not a traceback; the file's reading stops at an unreadable row."""
    number = 1
    try:
        # `number` outlives the loop: it names the row before the one that could not be read.
        for number, raw in enumerate(reader, start=2):
            if None in raw:
                problems.append(f"{file_label}, row {number}: more cells than columns")
                continue
            yield number, {k.strip(): (v or "").strip() for k, v in raw.items() if k is not None}
    except csv.Error as error:
        problems.append(f"{file_label}, row {number + 1}: not readable as CSV ({error})")


def cell_problems(row: Mapping[str, str], where: str, limits: Mapping[str, int]) -> list[str]:
    """One problem per cell longer than its column allows (`SHORT_CELL` for a column not in `limits`) or
    holding a NUL character, which PostgreSQL can neither store nor compare (a damaged file, not data)."""
    problems = []
    for column, value in row.items():
        if "\x00" in value:
            problems.append(f"{where}, column {column}: holds a NUL character (byte 0), which no cell may hold")
        elif problem := length_problem(value, limits.get(column, SHORT_CELL)):
            problems.append(f"{where}, column {column}: {problem}")
    return problems
