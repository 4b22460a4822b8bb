"""The register's words, translatable: statuses, instruments, regions. Every page, map, download and
answer that names one of them reads it here."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext, pgettext_lazy
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

# UN M49 sub-regions, named as the UN Statistics Division names them in each language.
SUBREGION_LABELS = {
    "Australia and New Zealand": _("Australia and New Zealand"),
    "Caribbean": _("Caribbean"),
    "Central America": _("Central America"),
    "Central Asia": _("Central Asia"),
    "Eastern Africa": _("Eastern Africa"),
    "Eastern Asia": _("Eastern Asia"),
    "Eastern Europe": _("Eastern Europe"),
    "Melanesia": _("Melanesia"),
    "Micronesia": _("Micronesia"),
    "Middle Africa": _("Middle Africa"),
    "Northern Africa": _("Northern Africa"),
    "Northern America": _("Northern America"),
    "Northern Europe": _("Northern Europe"),
    "Polynesia": _("Polynesia"),
    "South America": _("South America"),
    "South-eastern Asia": _("South-eastern Asia"),
    "Southern Africa": _("Southern Africa"),
    "Southern Asia": _("Southern Asia"),
    "Southern Europe": _("Southern Europe"),
    "Western Africa": _("Western Africa"),
    "Western Asia": _("Western Asia"),
    "Western Europe": _("Western Europe"),
}


def region_name(code: str) -> str:
    """A UN M49 region in words, in the current language (the code itself, an English name, if not known)."""
    return str(REGION_LABELS.get(code, code))


def subregion_name(code: str) -> str:
    """A UN M49 sub-region in words, in the current language."""
    return str(SUBREGION_LABELS.get(code, code))


# The shipped treaties' names and short names in the other languages, keyed by the English ones the rules files
# give: the official French and Spanish titles of the treaty texts. A treaty not listed keeps its English name.
# Short names, checked on 1 December 2026: the TPNW is the "TIAN" in the UN's French (UN News, 25 October 2020,
# https://news.un.org/fr/story/2020/10/1080642). No UN page was found giving the ATT's short name in French or
# Spanish or the TPNW's in Spanish: "TCA" and "TPAN" are kept as the treaties' own communities write them
# (Amnesty International, https://www.amnesty.org/es/documents/act30/0003/2015/es/, for "TCA" in Spanish).
TREATY_NAMES = {
    "Convention on Cluster Munitions": _("Convention on Cluster Munitions"),
    "CCM": pgettext_lazy("short name of the Convention on Cluster Munitions", "CCM"),
    "Convention on the Prohibition of the Use, Stockpiling, Production and Transfer of Anti-Personnel Mines "
    "and on their Destruction": _(
        "Convention on the Prohibition of the Use, Stockpiling, Production and Transfer of Anti-Personnel Mines "
        "and on their Destruction"
    ),
    "Mine Ban Treaty": _("Mine Ban Treaty"),
    "Arms Trade Treaty": _("Arms Trade Treaty"),
    "ATT": pgettext_lazy("short name of the Arms Trade Treaty", "ATT"),
    "Treaty on the Prohibition of Nuclear Weapons": _("Treaty on the Prohibition of Nuclear Weapons"),
    "TPNW": pgettext_lazy("short name of the Treaty on the Prohibition of Nuclear Weapons", "TPNW"),
}


def treaty_name(name: str) -> str:
    """A treaty's name (or short name) as the register holds it, in the page's language where it is known."""
    return str(TREATY_NAMES.get(name, name))


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
