"""The organisations that ship with a treaty's data (`data/<slug>/organisations.csv`): those its shipped
activities name, such as the treaty's Implementation Support Unit.

Columns: slug, name, kind, website. An organisation whose slug is already in the register is left as it
is, so a correction made on the site is never taken back to the file's version. Every row is checked
before any is written, and they are added in one transaction or not at all.
"""

from __future__ import annotations

from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction

from treatywatch.lib.actions import SHIPPED_DATA
from treatywatch.organisations.actions import do_save_organisation
from treatywatch.organisations.models import Organisation
from treatywatch.registry.importers.csv_rows import cell_problems, open_csv, read_rows
from treatywatch.registry.importers.errors import ImportRefused
from treatywatch.registry.importers.limits import max_length, read_import_file
from treatywatch.registry.models import Treaty

COLUMNS = ("slug", "name", "kind", "website")
_CELL_LIMITS = {column: max_length(Organisation, column) for column in COLUMNS}


def plan_organisations(content: bytes, file_label: str) -> list[Organisation]:
    """The organisations the file adds (unsaved), each checked as the register would check it; refuses
    with every problem found, naming the row and the column."""
    reader, header = open_csv(content, file_label)
    if sorted(header) != sorted(COLUMNS):
        raise ImportRefused([f"{file_label}: the columns must be {', '.join(COLUMNS)}; the header is {header}"])
    known = set(Organisation.objects.values_list("slug", flat=True))
    problems: list[str] = []
    additions: list[Organisation] = []
    for number, row in read_rows(reader, file_label, problems):
        where = f"{file_label}, row {number}"
        if too_long := cell_problems(row, where, _CELL_LIMITS):
            problems += too_long
            continue
        if row["slug"] in known:
            continue
        organisation = Organisation(**row)
        try:
            organisation.full_clean()
        except ValidationError as error:
            problems += [f"{where}, column {name}: {' '.join(m)}" for name, m in error.message_dict.items()]
            continue
        known.add(row["slug"])
        additions.append(organisation)
    if problems:
        raise ImportRefused(problems)
    return additions


def load_shipped_organisations(treaty: Treaty, data: Path) -> list[str]:
    path = data / treaty.slug / "organisations.csv"
    if not path.exists():
        return []
    additions = plan_organisations(read_import_file(path), str(path))
    with transaction.atomic():
        for organisation in additions:
            do_save_organisation(organisation, actor=SHIPPED_DATA, reason=f"loaded from {path.name}")
    if not additions:
        return []
    return [f"{treaty.short_name} organisations: {', '.join(o.name for o in additions)} added"]
