"""The forms that start jobs from the admin."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from treatywatch.jobs.models import IMPORT_KINDS, JobKind
from treatywatch.obligations.digest import DEFAULT_WITHIN_DAYS
from treatywatch.registry.models import Treaty


def _treaty_choices() -> list[tuple[str, str]]:
    return [(t.slug, f"{t.short_name} ({t.slug})") for t in Treaty.objects.order_by("slug")]


class ImportForm(forms.Form):
    kind = forms.ChoiceField(label=_("What the file holds"), choices=[(k.value, k.label) for k in IMPORT_KINDS])
    treaty = forms.ChoiceField(label=_("Treaty"), choices=_treaty_choices)
    file = forms.FileField(label=_("File"), help_text=_("A dry run comes first: nothing is written until you commit."))

    def clean_file(self) -> UploadedFile:
        """The import's size limit, before the file is kept (the import itself checks it again)."""
        upload: UploadedFile = self.cleaned_data["file"]
        limit = settings.TREATYWATCH_IMPORT_MAX_BYTES
        if upload.size is not None and upload.size > limit:
            raise forms.ValidationError(
                _("%(name)s is %(size)s bytes; an import reads at most %(limit)s (TREATYWATCH_IMPORT_MAX_BYTES).")
                % {"name": upload.name, "size": f"{upload.size:,}", "limit": f"{limit:,}"}
            )
        return upload


class DigestForm(forms.Form):
    day = forms.DateField(label=_("Day"), initial=timezone.localdate, help_text=_("YYYY-MM-DD"))
    within_days = forms.IntegerField(label=_("Days ahead"), min_value=0, initial=DEFAULT_WITHIN_DAYS)


# Who may start which job: the permission an editor needs to make the change by hand.
PERMISSION_FOR_KIND = {
    JobKind.IMPORT_UNTC: "registry.add_depositaryfact",
    JobKind.IMPORT_CSV: "registry.add_depositaryfact",
    JobKind.IMPORT_OBLIGATIONS: "obligations.add_obligationfact",
    JobKind.DIGEST: "obligations.add_digestentry",
    # Coalition staff start it from the campaign's sending page; in the admin, who may record deliveries.
    JobKind.CAMPAIGN_CALL: "mailing.add_calldelivery",
    # Started from the campaign's briefs page by its coalition's staff (`campaigns.member_briefs`), not here.
    JobKind.CAMPAIGN_BRIEFS: "campaigns.add_memberbrief",
}
