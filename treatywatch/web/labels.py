"""Interface words for derived values, translatable."""

from django.utils.translation import gettext_lazy as _

STATUS_LABELS = {
    "not_signed": _("Not signed"),
    "signatory": _("Signatory"),
    "party": _("Party"),
    "in_force": _("In force"),
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
