"""The register's words, translatable: statuses, instruments, regions. Every page, map, download and
answer that names one of them reads it here."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from treatywatch.core.status import Standing, Status

# A State's status under a treaty, and the list filters, in the order the filters list them.
STATUS_LABELS = {
    "not_signed": _("Not signed"),
    "signatory": _("Signed, not party"),
    "party": _("Party"),
    "in_force": _("In force"),
    "withdrawal_pending": _("Withdrawal notified"),
    "withdrawn": _("Withdrawn"),
}

# The list filters, in the order the form lists them, each named as the count it matches on the treaty
# and home pages ("Signatories" counts every State that signed, party or not; "Signed, not party" those
# that have not yet deposited an instrument).
FILTER_LABELS = {
    "party": _("Parties"),
    "in_force": _("In force for"),
    "signed": _("Signatories"),
    "signatory": _("Signed, not party"),
    "not_party": _("Not party"),
    "not_signed": _("Not signed"),
    "withdrawal_pending": _("Withdrawal notified"),
    "withdrawn": _("Withdrawn"),
}

INSTRUMENT_LABELS = {
    "ratification": _("ratification"),
    "acceptance": _("acceptance"),
    "approval": _("approval"),
    "accession": _("accession"),
    "succession": _("succession"),
}

REGION_LABELS = {
    "Africa": _("Africa"),
    "Americas": _("Americas"),
    "Asia": _("Asia"),
    "Europe": _("Europe"),
    "Oceania": _("Oceania"),
}

# A State's standing in one word or two, as the map's legend and the lists of States say it: a party is
# told apart by whether the treaty is in force for it. In the legend's order.
STANDING_LABELS: dict[str, Promise] = {
    "in_force": _("Party, in force"),
    "not_in_force": _("Party, not yet in force"),
    "signatory": STATUS_LABELS["signatory"],
    "not_signed": STATUS_LABELS["not_signed"],
    "withdrawal_pending": STATUS_LABELS["withdrawal_pending"],
    "withdrawn": STATUS_LABELS["withdrawn"],
}


def standing_category(standing: Standing) -> str:
    if standing.status is Status.PARTY:
        return "in_force" if standing.in_force else "not_in_force"
    return standing.status.value


def standing_text(standing: Standing) -> str:
    """A State's standing in words, with the day a withdrawal takes effect."""
    day = standing.withdrawal_effective_on.isoformat() if standing.withdrawal_effective_on else ""
    if standing.status is Status.WITHDRAWAL_PENDING:
        return gettext("Withdrawal notified, effective %(day)s") % {"day": day}
    if standing.status is Status.WITHDRAWN:
        return gettext("Withdrawn (%(day)s)") % {"day": day}
    return str(STANDING_LABELS[standing_category(standing)])
