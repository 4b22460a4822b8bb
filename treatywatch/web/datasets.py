"""The register's public data as tables for the data page: the depositary facts, the obligation facts and the
findings (with statements and votes), each row with its source. Public data only: published facts and the
findings, which are all public; nothing a user keeps for an organisation (contacts, reports, activities).

Each table is an `Output`, so its columns, their headings in words and their explanations come from the one
field list the API and the other downloads use (`treatywatch.lib.fields`)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from typing import Any

from django.db.models import QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from treatywatch.lib.fields import Output, OutputField, read_through
from treatywatch.obligations.models import ObligationFact
from treatywatch.obligations.presenters import OBLIGATION_FACT
from treatywatch.positions.models import Finding
from treatywatch.positions.presenters import FINDING
from treatywatch.registry.models import DepositaryFact
from treatywatch.registry.presenters import FACT, SOURCE, STATE_KEY_FIELDS

TREATY_FIELD = OutputField(
    "treaty",
    str,
    lambda item: item.treaty.slug,
    gettext_noop("The treaty's code in the register (ccm, apmbc...)."),
    label=_("Treaty"),
)


def _source_columns(getter: Callable[[Any], Any]) -> tuple[OutputField, ...]:
    """The source's fields as flat columns: source_citation, source_url..."""
    return tuple(replace(f, column=f"source_{f.name}") for f in read_through(SOURCE.fields, getter))


def _without(output: Output, *names: str) -> tuple[OutputField, ...]:
    return tuple(f for f in output.fields if f.name not in names)


def _source_text(item: Any) -> str:
    return "; ".join(f"{s.citation} <{s.url}>" if s.url else s.citation for s in item.sources.all())


FACTS_TABLE = Output(
    "DataDepositaryFact",
    (TREATY_FIELD, *STATE_KEY_FIELDS, *_without(FACT, "source"), *_source_columns(lambda fact: fact.source)),
    doc="Every published depositary fact: signatures, deposits, withdrawals, declarations.",
)
OBLIGATIONS_TABLE = Output(
    "DataObligationFact",
    (
        TREATY_FIELD,
        *STATE_KEY_FIELDS,
        *_without(OBLIGATION_FACT, "source"),
        *_source_columns(lambda fact: fact.source),
    ),
    doc="Every published fact that sets or moves an obligation's deadline.",
)
FINDINGS_TABLE = Output(
    "DataFinding",
    (
        TREATY_FIELD,
        OutputField(
            "iso3",
            str | None,
            lambda f: f.state.iso3 if f.state else (f.code or None),
            gettext_noop("The ISO 3166 alpha-3 code of the State or area, if it has one."),
            label=_("ISO code"),
        ),
        *_without(FINDING, "sources"),
        OutputField(
            "sources",
            str,
            _source_text,
            gettext_noop("The sources the row cites, each with its address, separated by semicolons."),
            label=_("Sources"),
        ),
    ),
    doc="The Monitor's findings, statements on use and UN General Assembly votes, as the findings file gives them.",
)


@dataclass(frozen=True)
class Table:
    name: str  # the file's name, without its extension
    title: Promise
    output: Output
    rows: Callable[[], Iterable[Any]]


def _facts() -> QuerySet[DepositaryFact]:
    return (
        DepositaryFact.objects.published().select_related("treaty", "state", "source").order_by("treaty", "date", "pk")
    )


def _obligation_facts() -> QuerySet[ObligationFact]:
    return (
        ObligationFact.objects.published()
        .select_related("treaty", "state", "source")
        .order_by("treaty", "state__iso3", "date", "pk")
    )


def _findings() -> QuerySet[Finding]:
    return Finding.objects.select_related("treaty", "state").prefetch_related("sources").order_by("treaty", "order")


TABLES = (
    Table("depositary-facts", _("Depositary facts"), FACTS_TABLE, _facts),
    Table("obligation-facts", _("Obligation facts"), OBLIGATIONS_TABLE, _obligation_facts),
    Table("findings", _("Findings, statements and votes"), FINDINGS_TABLE, _findings),
)
TABLES_BY_NAME = {table.name: table for table in TABLES}
