"""The glossary: each word the site uses for where a State stands and for a deadline, in plain words.

The terms are the labels the pages, downloads and feeds show (registry/labels.py, obligations/labels.py),
read from there, so the glossary cannot drift from them."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.functional import Promise
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from treatywatch.lib.pages import public_page
from treatywatch.obligations.labels import DEADLINE_STATUS_HELP, DEADLINE_STATUS_LABELS
from treatywatch.registry.labels import FILTER_LABELS, INSTRUMENT_LABELS, STANDING_LABELS, STATUS_LABELS


@dataclass(frozen=True)
class Term:
    key: str
    term: Promise | str
    meaning: Promise | str
    also: tuple[Promise | str, ...] = ()  # other labels the pages show for the same thing

    @property
    def anchor(self) -> str:
        return slugify(self.key.replace("_", "-"))


STANDING_TERMS = (
    Term(
        "party",
        STATUS_LABELS["party"],
        _(
            "A State Party: a State that has deposited its instrument of ratification, acceptance, approval, "
            "accession or succession with the depositary. The counts call these States “Parties”."
        ),
        (_("Parties"),),
    ),
    Term(
        "in_force",
        STATUS_LABELS["in_force"],
        _(
            "A State Party for which the treaty is in force: it is bound by the treaty from that day. The counts "
            "call these States “In force for”. The treaty enters into force for a State some months after it "
            "deposits its instrument (each treaty's rules say how long)."
        ),
        (STANDING_LABELS["in_force"], _("In force for")),
    ),
    Term(
        "not_in_force",
        STANDING_LABELS["not_in_force"],
        _("A State Party that has deposited its instrument, for which the treaty is not in force yet."),
    ),
    Term(
        "signed",
        FILTER_LABELS["signed"],
        _(
            "Every State that signed the treaty and has not withdrawn, whether or not it has since deposited an "
            "instrument. A State that joined by accession without signing is not one of them."
        ),
    ),
    Term(
        "signatory",
        STATUS_LABELS["signatory"],
        _(
            "A State that signed the treaty and has not deposited an instrument. Signing shows the intention to "
            "join; it does not bind the State to the treaty's obligations."
        ),
    ),
    Term(
        "not_party",
        FILTER_LABELS["not_party"],
        _(
            "A State the treaty does not bind through an instrument: one that has not signed, one that signed "
            "only, or one whose withdrawal has taken effect."
        ),
    ),
    Term(
        "not_signed",
        STATUS_LABELS["not_signed"],
        _("A State that has neither signed the treaty nor deposited an instrument."),
    ),
    Term(
        "withdrawal_pending",
        STATUS_LABELS["withdrawal_pending"],
        _(
            "A State Party that has notified its withdrawal, which does not yet have effect: the treaty still "
            "binds it until the day the withdrawal takes effect."
        ),
    ),
    Term(
        "withdrawn",
        STATUS_LABELS["withdrawn"],
        _("A former State Party whose withdrawal has taken effect: the treaty no longer binds it."),
    ),
)

OTHER_TERMS = (
    Term(
        "instrument",
        _("Instrument"),
        _(
            "The document by which a State agrees to be bound, deposited with the depositary: %(kinds)s. "
            "Which one a State uses depends on its own law; each makes it a State Party."
        ),
    ),
    Term(
        "entry_into_force",
        _("Entry into force"),
        _(
            "The day from which a treaty binds its States Parties: for the treaty itself, once enough States "
            "have joined; for each State that joins later, a set time after it deposits its instrument."
        ),
    ),
    Term(
        "depositary",
        _("Depositary"),
        _(
            "The office that keeps a treaty's signatures and instruments and tells the States of each one (for "
            "these treaties, the Secretary-General of the United Nations). Its notifications are the register's "
            "primary source."
        ),
    ),
    Term(
        "as_of",
        _("As of"),
        _(
            "The day a page answers for: every status, count and deadline is shown as the record stood on that "
            "day. Dates are written year first (2015-09-07 is 7 September 2015)."
        ),
    ),
)


def _instrument_meaning() -> str:
    return str(OTHER_TERMS[0].meaning) % {"kinds": ", ".join(str(label) for label in INSTRUMENT_LABELS.values())}


def deadline_terms() -> list[Term]:
    return [Term(key, label, DEADLINE_STATUS_HELP[key]) for key, label in DEADLINE_STATUS_LABELS.items()]


@dataclass(frozen=True)
class Section:
    """One part of the glossary: its heading and terms; `prefix` keeps its anchors apart from the other parts'."""

    anchor: str
    heading: Promise | str
    terms: list[Term]
    prefix: str = ""


@public_page
def glossary(request: HttpRequest) -> HttpResponse:
    other = [Term(t.key, t.term, _instrument_meaning()) if t.key == "instrument" else t for t in OTHER_TERMS]
    sections = [
        Section("standing-terms", _("Where a State stands"), list(STANDING_TERMS)),
        Section("other-terms", _("Treaties and dates"), other),
        Section("deadline-terms", _("A deadline's status"), deadline_terms(), prefix="deadline-"),
    ]
    return render(request, "web/glossary.html", {"sections": sections})
