"""What a contact shows, listed once (see `treatywatch.lib.fields`): the list page's columns and the CSV, XLSX and
JSON downloads come from this one list."""

from __future__ import annotations

from datetime import date, datetime

from django.utils.translation import gettext_lazy

from treatywatch.lib.fields import Output, OutputField

CONTACT = Output(
    "ContactOut",
    (
        OutputField("id", int, lambda contact: contact.pk),
        OutputField("name", str, lambda contact: contact.name, label=gettext_lazy("Name")),
        OutputField("kind", str, lambda contact: contact.kind, label=gettext_lazy("Kind")),
        OutputField(
            "state",
            str | None,
            lambda contact: contact.state.iso3 if contact.state else None,
            "ISO 3166 alpha-3 code.",
            label=gettext_lazy("State"),
        ),
        OutputField("institution", str, lambda contact: contact.institution, label=gettext_lazy("Institution")),
        OutputField("position", str, lambda contact: contact.position),
        OutputField("email", str, lambda contact: contact.email, label=gettext_lazy("How to reach them")),
        OutputField("phone", str, lambda contact: contact.phone),
        OutputField("languages", list[str], lambda contact: list(contact.languages)),
        OutputField("notes", str, lambda contact: contact.notes),
        OutputField("consent_given", bool, lambda contact: contact.consent_given, label=gettext_lazy("Consent")),
        OutputField("consent_on", date | None, lambda contact: contact.consent_on),
        OutputField("consent_method", str, lambda contact: contact.consent_method),
        OutputField("owner", str, lambda contact: contact.owner.slug, "The organisation that keeps it."),
        OutputField("visibility", str, lambda contact: contact.visibility),
        OutputField("shared_with", list[str], lambda contact: sorted(o.slug for o in contact.shared_with.all())),
        OutputField(
            "updated_at",
            datetime,
            lambda contact: contact.updated_at,
            cell=lambda contact: contact.updated_at.isoformat(timespec="seconds"),  # XLSX keeps no time zone
        ),
    ),
)
