"""A job: long work (an import, a digest) an editor started, run by the worker, with its progress."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class JobKind(models.TextChoices):
    IMPORT_UNTC = "import_untc", _("import a UN Treaty Collection page")
    IMPORT_CSV = "import_csv", _("import a CSV file of depositary facts")
    IMPORT_OBLIGATIONS = "import_obligations", _("import a CSV file of obligation facts")
    DIGEST = "digest", _("send the deadline digest")
    CAMPAIGN_CALL = "campaign_call", _("send a campaign's call to its members")
    CAMPAIGN_BRIEFS = "campaign_briefs", _("generate the briefs of a campaign's members")


IMPORT_KINDS = (JobKind.IMPORT_UNTC, JobKind.IMPORT_CSV, JobKind.IMPORT_OBLIGATIONS)


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("waiting for the worker")
    RUNNING = "running", _("running")
    SUCCEEDED = "succeeded", _("done")
    FAILED = "failed", _("refused or failed")


class Job(models.Model):
    kind = models.CharField(_("kind"), max_length=30, choices=JobKind.choices)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="jobs",
        verbose_name=_("started by"),
    )
    created_at = models.DateTimeField(_("started at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=JobStatus.choices, default=JobStatus.QUEUED)
    commit = models.BooleanField(_("writes the changes"), default=False, help_text=_("Off: a dry run."))
    treaty_slug = models.SlugField(_("treaty"), blank=True)
    campaign_slug = models.SlugField(_("campaign"), max_length=80, blank=True)
    upload = models.FileField(_("file"), upload_to="imports/%Y/%m/", blank=True)
    day = models.DateField(_("day"), null=True, blank=True, help_text=_("The digest's day."))
    within_days = models.PositiveIntegerField(_("days ahead"), null=True, blank=True)
    done = models.PositiveIntegerField(_("done"), default=0)
    total = models.PositiveIntegerField(_("steps"), default=1)
    output = models.TextField(_("report"), blank=True)
    dry_run_of = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("dry run")
    )

    class Meta:
        verbose_name = _("job")
        verbose_name_plural = _("jobs")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk}"

    @property
    def percent(self) -> int:
        return 100 * self.done // self.total if self.total else 100

    @property
    def can_be_committed(self) -> bool:
        """A dry-run import that went through: its file can now be written."""
        return self.kind in IMPORT_KINDS and not self.commit and self.status == JobStatus.SUCCEEDED
