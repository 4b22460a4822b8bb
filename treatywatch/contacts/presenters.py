"""What a contact shows, listed once (see `treatywatch.lib.fields`): the list page's columns and the CSV, XLSX and
JSON downloads come from this one list."""

from __future__ import annotations

from datetime import date, datetime

from django.utils.translation import gettext_lazy, gettext_noop

from treatywatch.lib.fields import Output, OutputField

CONTACT = Output(
    "ContactOut",
    (
        OutputField(
            "id", int, lambda contact: contact.pk, description=gettext_noop("The contact's number in the register.")
        ),
        OutputField(
            "name",
            str,
            lambda contact: contact.name,
            label=gettext_lazy("Name"),
            description=gettext_noop("The person's name."),
        ),
        OutputField(
            "kind",
            str,
            lambda contact: contact.kind,
            label=gettext_lazy("Kind"),
            description=gettext_noop("official, parliamentarian, journalist or other."),
        ),
        OutputField(
            "state",
            str | None,
            lambda contact: contact.state.iso3 if contact.state else None,
            gettext_noop("ISO 3166 alpha-3 code."),
            label=gettext_lazy("State"),
        ),
        OutputField(
            "institution",
            str,
            lambda contact: contact.institution,
            label=gettext_lazy("Institution"),
            description=gettext_noop("The ministry, parliament or outlet the person works for."),
        ),
        OutputField(
            "position", str, lambda contact: contact.position, description=gettext_noop("The person's position there.")
        ),
        OutputField(
            "email",
            str,
            lambda contact: contact.email,
            label=gettext_lazy("How to reach them"),
            description=gettext_noop("The person's e-mail address."),
        ),
        OutputField(
            "phone", str, lambda contact: contact.phone, description=gettext_noop("The person's telephone number.")
        ),
        OutputField(
            "languages",
            list[str],
            lambda contact: list(contact.languages),
            description=gettext_noop("The languages the person speaks (en, fr, es...)."),
        ),
        OutputField(
            "notes",
            str,
            lambda contact: contact.notes,
            description=gettext_noop("The organisation's notes on the contact."),
        ),
        OutputField(
            "consent_given",
            bool,
            lambda contact: contact.consent_given,
            label=gettext_lazy("Consent"),
            description=gettext_noop("Whether the person agreed to be kept in the register."),
        ),
        OutputField(
            "consent_on",
            date | None,
            lambda contact: contact.consent_on,
            description=gettext_noop("The day the person agreed."),
        ),
        OutputField(
            "consent_method",
            str,
            lambda contact: contact.consent_method,
            description=gettext_noop("How the person agreed: in_writing, email, orally, online_form or other."),
        ),
        OutputField("owner", str, lambda contact: contact.owner.slug, gettext_noop("The organisation that keeps it.")),
        OutputField(
            "visibility",
            str,
            lambda contact: contact.visibility,
            description=(
                gettext_noop(
                    "Who may read the contact: organisation (the organisation only) or named (and the "
                    "organisations named)."
                )
            ),
        ),
        OutputField(
            "shared_with",
            list[str],
            lambda contact: sorted(o.slug for o in contact.shared_with.all()),
            description=gettext_noop("The short names of the organisations it is shared with."),
        ),
        OutputField(
            "updated_at",
            datetime,
            lambda contact: contact.updated_at,
            gettext_noop("When the contact was last changed (date and time, UTC)."),
            cell=lambda contact: contact.updated_at.isoformat(timespec="seconds"),  # XLSX keeps no time zone
        ),
    ),
)
