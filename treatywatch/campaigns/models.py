"""A coalition's calls to action: a campaign with its dates and languages, and its asks, each with the rule that
says which States (or which members, whatever their State) it applies to.

Which State gets which ask is never typed in: the pure core evaluates each ask's rule on the record as it stood
on the campaign's date (`treatywatch.core.targeting`)."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from treatywatch.organisations.models import Organisation
from treatywatch.organisations.visibility import Reader, Restricted, RestrictedQuerySet, member_of
from treatywatch.outreach.documents import private_storage
from treatywatch.registry.models import Source, State


class Campaign(models.Model):
    slug = models.SlugField(_("short name in addresses"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=200)
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))
    languages = models.JSONField(
        _("languages"), default=list, help_text=_("The languages of its briefs, as codes: en, fr, es.")
    )
    organiser = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="campaigns",
        verbose_name=_("organised by"),
    )
    call = models.TextField(_("call to action"), blank=True, help_text=_("The call as the coalition wrote it."))
    source = models.ForeignKey(
        Source, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("source")
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        ordering = ["-starts_on", "slug"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")), name="campaign_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return self.name


class Ask(models.Model):
    """One thing a campaign asks its members to do, and the rule over the record that says where it applies."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="asks", verbose_name=_("campaign"))
    key = models.SlugField(
        _("key"), max_length=40, help_text=_("Its name in addresses and in the API: accede, fund...")
    )
    title = models.CharField(_("title"), max_length=300, help_text=_("In English; other languages in translations."))
    description = models.TextField(
        _("description"), blank=True, help_text=_("What members are asked to do and why, in English.")
    )
    talking_points = models.JSONField(
        _("talking points"), default=list, blank=True, help_text=_("A list of short points, in English.")
    )
    translations = models.JSONField(
        _("translations"),
        default=dict,
        blank=True,
        help_text=_(
            'By language code: {"fr": {"title": ..., "description": ..., "talking_points": [...]}, "es": ...}; '
            "what a language lacks is said in English."
        ),
    )
    rule = models.JSONField(
        _("targeting rule"),
        default=dict,
        blank=True,
        help_text=_("Which States it applies to; empty: every member, whatever its State."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("ask")
        verbose_name_plural = _("asks")
        ordering = ["campaign", "order", "key"]
        constraints = [models.UniqueConstraint(fields=["campaign", "key"], name="one_ask_per_key")]

    def __str__(self) -> str:
        return f"{self.campaign.slug}/{self.key}"

    def worded(self, language: str) -> Wording:
        """The ask in `language` (a code such as fr or fr-ca), each part in English where not translated."""
        given = self.translations.get(language.split("-")[0], {}) if isinstance(self.translations, dict) else {}
        return Wording(
            given.get("title") or self.title,
            given.get("description") or self.description,
            tuple(given.get("talking_points") or self.talking_points),
        )


@dataclass(frozen=True)
class Wording:
    title: str
    description: str
    talking_points: tuple[str, ...]


class ReportKind(models.TextChoices):
    """What a member did for a campaign, in the words of the coalition's call."""

    MET_OFFICIAL = "met_official", _("met an official")
    LETTER = "letter", _("sent a letter")
    MEDIA = "media", _("interview or article")
    SOCIAL_MEDIA = "social_media", _("social media post")
    EVENT = "event", _("event")
    FUNDRAISING = "fundraising", _("fundraising")


class ActionReportQuerySet(RestrictedQuerySet):
    def _allowed(self, user: Reader) -> models.Q | None:
        """The rule of `visible_to`, and one more reader: a report is always shared with the organisation that
        organises its campaign (the coalition), whose staff follow every member's reports. Read as the short list
        of campaigns the reader's organisations organise, never as a list of reports."""
        allowed = super()._allowed(user)
        if allowed is None or user is None or not user.is_authenticated:
            return allowed
        organised = Campaign.objects.filter(organiser_id__in=member_of(user)).values("pk")
        return allowed | models.Q(campaign_id__in=organised)


class ActionReport(Restricted):
    """What a member organisation did for a campaign: whom it approached, how, when, for which ask and State.

    `owner` is the reporting organisation. A report is public, or kept for that organisation and the campaign's
    organiser (`Visibility.ORGANISATION`; see `ActionReportQuerySet`)."""

    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="reports", verbose_name=_("campaign"))
    ask = models.ForeignKey(
        Ask,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reports",
        verbose_name=_("ask"),
        help_text=_("Empty when what was done answers none of the campaign's asks."),
    )
    state = models.ForeignKey(
        State,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="action_reports",
        verbose_name=_("State"),
        help_text=_("Empty for an ask with no State (sharing memories, raising funds)."),
    )
    kind = models.CharField(_("what was done"), max_length=20, choices=ReportKind.choices)
    target = models.CharField(
        _("who was approached"), max_length=300, blank=True, help_text=_("e.g. the Ministry of Foreign Affairs")
    )
    date = models.DateField(_("date"))
    link = models.URLField(_("link"), max_length=500, blank=True)
    note = models.TextField(_("note"), blank=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("reported by"),
    )
    reported_at = models.DateTimeField(_("reported at"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Raised by every save; an editor's form carries the version it showed (see lib/versions.py).
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    history = HistoricalRecords()

    objects = ActionReportQuerySet.as_manager()  # type: ignore[misc]  # the rule of Restricted, and the organiser

    class Meta:
        verbose_name = _("action report")
        verbose_name_plural = _("action reports")
        ordering = ["-date", "-pk"]
        indexes = [
            # The dashboard counts a campaign's reports up to a day by State, ask and kind, and checks each
            # one's readers: on PostgreSQL from this index alone (an index-only scan), never from the table.
            models.Index(
                fields=["campaign", "date"],
                include=["state", "ask", "kind", "visibility", "owner", "id"],
                name="report_dashboard",
            ),
            # The list: a campaign's reports, the latest first, a page at a time.
            models.Index(fields=["campaign", "-date", "-id"], name="report_latest_first"),
            # The same, filtered by State, ask or kind (a State's few thousand reports, not the campaign's million).
            models.Index(fields=["campaign", "state", "-date", "-id"], name="report_by_state"),
            models.Index(fields=["campaign", "ask", "-date", "-id"], name="report_by_ask"),
            models.Index(fields=["campaign", "kind", "-date", "-id"], name="report_by_kind"),
            # A member's own reports, for its dashboard: from this index alone.
            models.Index(
                fields=["owner", "campaign", "date"],
                include=["state", "ask", "kind", "visibility", "id"],
                name="report_by_owner",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.get_kind_display()} ({self.campaign.slug})"


class TallyDimension(models.TextChoices):
    STATE = "state", _("State")
    ASK = "ask", _("ask")
    KIND = "kind", _("what was done")


class ReportTally(models.Model):
    """How many of a campaign's reports, public or not, were dated on a day, for one State, one ask or one kind.

    Derived from the reports, never typed in: `report_actions` keeps it in step with every save, in the same
    transaction, and `tallies.recount` rebuilds it. The dashboard adds it up rather than counting a million reports
    (see `dashboard.activity_counts`); it holds no report, only numbers, in two classes: the public reports (which
    everyone reads) and the others (which the campaign's organiser reads)."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="+")
    public = models.BooleanField()
    dimension = models.CharField(max_length=5, choices=TallyDimension.choices)
    key = models.CharField(max_length=20, help_text=_("The State's or the ask's id, or the kind; empty for none."))
    day = models.DateField()
    n = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["campaign", "public", "dimension", "key", "day"], name="one_tally_per_day")
        ]
        indexes = [
            models.Index(fields=["campaign", "day"], include=["public", "dimension", "key", "n"], name="tally_up_to")
        ]

    def __str__(self) -> str:
        return f"{self.campaign_id} {self.dimension}={self.key or '-'} {self.day}: {self.n}"


class MemberBrief(models.Model):
    """The PDF of a member organisation's brief for its State, stored by the campaign's briefs job (the coalition's
    staff start it). Kept in the private media folder, never served by a web server: its download view lets only
    that member's people and the coalition's staff read it. A new run of the job replaces it."""

    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="member_briefs", verbose_name=_("campaign")
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="campaign_briefs", verbose_name=_("member organisation")
    )
    state = models.ForeignKey(State, on_delete=models.PROTECT, related_name="+", verbose_name=_("State"))
    language = models.CharField(_("language"), max_length=8)
    day = models.DateField(_("as of"), help_text=_("The day of the record the brief answers for."))
    file = models.FileField(_("file"), storage=private_storage, upload_to="campaign-briefs/", max_length=300)
    generated_at = models.DateTimeField(_("generated at"))
    # The contacts the PDF lists: erasing one of them deletes the PDF (`member_briefs.forget_erased_contact`).
    contacts = models.ManyToManyField("contacts.Contact", blank=True, related_name="+", verbose_name=_("contacts"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("member's brief")
        verbose_name_plural = _("members' briefs")
        ordering = ["campaign", "organisation__name"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "organisation"], name="one_brief_per_member_and_campaign")
        ]

    def __str__(self) -> str:
        return f"{self.campaign.slug}: {self.organisation} ({self.state.iso3}, {self.language})"
