"""The limits every import enforces: file size, field length, and how many problems a refusal lists."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.db.models import Model

from treatywatch.registry.importers.errors import ImportRefused

# Text fields have no limit in the database; a cell longer than this is a mistake, not a declaration.
TEXT_LIMIT = 20_000
# A refusal lists this many problems, then counts the rest.
PROBLEMS_SHOWN = 10
# ... and at most this many characters of each.
PROBLEM_LENGTH = 500


def read_import_file(path: Path) -> bytes:
    """The file's bytes, or a refusal when it is missing or bigger than the configured maximum."""
    limit = settings.TREATYWATCH_IMPORT_MAX_BYTES
    try:
        size = path.stat().st_size
        if size > limit:
            raise ImportRefused(
                [
                    f"{path}: the file is {size:,} bytes, more than the {limit:,} an import reads "
                    "(TREATYWATCH_IMPORT_MAX_BYTES)"
                ]
            )
        return path.read_bytes()
    except (FileNotFoundError, IsADirectoryError):
        raise ImportRefused([f"{path}: no such file"]) from None


def max_length(model: type[Model], field: str) -> int:
    """The model field's own limit, or `TEXT_LIMIT` for a text field without one."""
    limit = getattr(model._meta.get_field(field), "max_length", None)
    return int(limit) if limit else TEXT_LIMIT


def length_problem(value: str, limit: int) -> str | None:
    if len(value) <= limit:
        return None
    return f"{len(value):,} characters, more than the {limit:,} allowed"


def bounded(problems: list[str], shown: int = PROBLEMS_SHOWN) -> list[str]:
    """The first `shown` problems (each cut to `PROBLEM_LENGTH`), then how many more there are."""
    listed = [_shortened(p) for p in problems[:shown]]
    rest = len(problems) - shown
    if rest <= 0:
        return listed
    return [*listed, f"... and {rest:,} more problem{'s' if rest > 1 else ''}"]


def _shortened(problem: str) -> str:
    """A problem quoting a huge cell stays readable: its start, and how much was left out."""
    if len(problem) <= PROBLEM_LENGTH:
        return problem
    return f"{problem[:PROBLEM_LENGTH]}... ({len(problem) - PROBLEM_LENGTH:,} more characters)"
