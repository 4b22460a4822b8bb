"""A campaign's call as e-mailed to the people of its coalition's member organisations (see docs/campaigns.md,
"Sending the call").

A delivery is claimed (its row created, unique per campaign, member organisation and person) before its e-mail is
sent, so a second run, or two workers at once, never send it twice; a failed one keeps its error and is taken
again by the next run. A person who unsubscribes gets no campaign call again."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from treatywatch.campaigns.models import Campaign
from treatywatch.organisations.models import Organisation


class DeliveryStatus(models.TextChoices):
    SENDING = "sending", _("being sent")
    SENT = "sent", _("sent")
    FAILED = "failed", _("not sent (tried again on the next run)")


class CallDelivery(models.Model):
    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="deliveries", verbose_name=_("campaign")
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="call_deliveries", verbose_name=_("member organisation")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="call_deliveries", verbose_name=_("person")
    )
    language = models.CharField(_("language"), max_length=8)
    link = models.CharField(_("link sent"), max_length=300)
    status = models.CharField(_("status"), max_length=10, choices=DeliveryStatus.choices)
    claimed_at = models.DateTimeField(_("claimed at"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=1)
    error = models.TextField(_("last error"), blank=True)
    job = models.ForeignKey(
        "jobs.Job",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("sent by the job"),
        help_text=_("The run that sent it last, and so who started it."),
    )

    class Meta:
        verbose_name = _("call delivery")
        verbose_name_plural = _("call deliveries")
        ordering = ["campaign", "organisation__name", "user__username"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "organisation", "user"], name="call_delivered_once"),
        ]

    def __str__(self) -> str:
        return f"{self.campaign.slug} → {self.user} ({self.organisation})"


class CallOptOut(models.Model):
    """A person who asked for no more campaign calls, from the link in one of them."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="call_opt_out", verbose_name=_("person")
    )
    created_at = models.DateTimeField(_("since"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("campaign mail opt-out")
        verbose_name_plural = _("campaign mail opt-outs")

    def __str__(self) -> str:
        return str(self.user)
