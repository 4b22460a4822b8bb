"""Who gets a campaign's call, in which language and with which link, and sending it once to each.

The call goes to the people of each member organisation of the campaign's coalition, each as themselves (their
account's address): a coalition writes to the people it knows in each member, and a person who leaves a member
organisation stops getting its calls. Each is written to in the member's first language the campaign offers (else
English), with the link to the member's brief for its State in that language (the campaign's page for a member
with no State). The preview also says which of the campaign's asks each member's brief carries, on the campaign's
first day (the day the briefs linked answer for) or another day asked about."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum

from django.conf import settings
from django.contrib.auth.models import User
from django.core import signing
from django.core.mail import EmailMessage, get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from treatywatch.campaigns.models import Ask, Campaign
from treatywatch.campaigns.targets import campaign_targets
from treatywatch.core.languages import language_for
from treatywatch.jobs.models import Job
from treatywatch.lib.dates import words_in
from treatywatch.lib.mail import send_one, site_url, unsubscribe_headers
from treatywatch.mailing.models import CallDelivery, CallOptOut, DeliveryStatus
from treatywatch.organisations.models import Membership, Organisation

Progress = Callable[[int, int], None]
# A claim still "being sent" after this long belongs to a worker that died before the mail server answered.
STALE_CLAIM_AFTER = timedelta(hours=1)
UNSUBSCRIBE_SALT = "treatywatch.mailing.unsubscribe"


def unsubscribe_token(user: User) -> str:
    """A signed token naming `user`: the unsubscribe link's only credential (nothing stored, nothing to guess)."""
    return signing.Signer(salt=UNSUBSCRIBE_SALT).sign(str(user.pk))


def user_for_token(token: str) -> User | None:
    try:
        pk = signing.Signer(salt=UNSUBSCRIBE_SALT).unsign(token)
    except signing.BadSignature:
        return None
    return User.objects.filter(pk=int(pk)).first() if pk.isdigit() else None


def brief_path(campaign: Campaign, member: Organisation, language: str) -> str:
    """The member's brief for its State, under `language`'s prefix; the campaign's page for a member with no State."""
    with translation.override(language):
        page = reverse("campaigns:detail", kwargs={"slug": campaign.slug})
    return f"{page}briefs/{member.state.iso3}/" if member.state is not None else page


class Standing(StrEnum):
    """Where a person stands for a campaign's call, as the preview shows it."""

    TO_SEND = "to_send"
    RETRY = "retry"
    SENDING = "sending"
    SENT = "sent"
    UNSUBSCRIBED = "unsubscribed"
    NO_ADDRESS = "no_address"


STANDING_LABELS = {
    Standing.TO_SEND: gettext_lazy("will be sent"),
    Standing.RETRY: gettext_lazy("failed before: will be tried again"),
    Standing.SENDING: gettext_lazy("being sent"),
    Standing.SENT: gettext_lazy("sent"),
    Standing.UNSUBSCRIBED: gettext_lazy("unsubscribed: not sent"),
    Standing.NO_ADDRESS: gettext_lazy("no e-mail address: not sent"),
}
PENDING = (Standing.TO_SEND, Standing.RETRY)


@dataclass(frozen=True)
class Recipient:
    campaign: Campaign
    member: Organisation
    user: User
    language: str
    standing: Standing
    delivery: CallDelivery | None = None

    @property
    def link(self) -> str:
        return site_url(brief_path(self.campaign, self.member, self.language))

    @property
    def standing_label(self) -> str:
        return str(STANDING_LABELS[self.standing])

    def unsubscribe_url(self) -> str:
        with translation.override(self.language):
            path = reverse("mailing:unsubscribe", kwargs={"token": unsubscribe_token(self.user)})
        return site_url(path)

    def subject(self) -> str:
        with translation.override(self.language):
            return _("%(campaign)s: the call to act, and your brief") % {"campaign": self.campaign.name}

    def body(self) -> str:
        campaign, member = self.campaign, self.member
        coalition = campaign.organiser
        with translation.override(self.language):
            lines = [
                _("Dear colleagues at %(member)s,") % {"member": member.name},
                "",
                _("%(coalition)s calls on its members to act from %(first)s to %(last)s: %(campaign)s.")
                % {
                    "coalition": coalition.name if coalition else campaign.name,
                    "first": words_in(self.language, campaign.starts_on),
                    "last": words_in(self.language, campaign.ends_on),
                    "campaign": campaign.name,
                },
                "",
                _("Your brief for %(state)s: the asks that apply to it, the facts behind them, and your contacts:")
                % {"state": member.state.name}
                if member.state is not None
                else _("The campaign's page, with its asks:"),
                self.link,
                "",
                "-- ",
                _("You receive this e-mail as a member of %(member)s in %(coalition)s.")
                % {"member": member.name, "coalition": coalition.name if coalition else ""},
                _("To stop campaign calls: %(url)s") % {"url": self.unsubscribe_url()},
            ]
        return "\n".join(lines) + "\n"

    def message(self, connection: BaseEmailBackend | None = None) -> EmailMessage:
        return EmailMessage(
            subject=self.subject(),
            body=self.body(),
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[self.user.email],
            headers={**unsubscribe_headers(self.unsubscribe_url()), "Content-Language": self.language},
            connection=connection,
        )


def _standing(user: User, delivery: CallDelivery | None, opted_out: set[int]) -> Standing:
    if delivery is not None and delivery.status == DeliveryStatus.SENT:
        return Standing.SENT
    if user.pk in opted_out:
        return Standing.UNSUBSCRIBED
    if not user.email:
        return Standing.NO_ADDRESS
    if delivery is None:
        return Standing.TO_SEND
    if delivery.status == DeliveryStatus.SENDING and delivery.claimed_at > timezone.now() - STALE_CLAIM_AFTER:
        return Standing.SENDING
    return Standing.RETRY


def recipients(campaign: Campaign) -> list[Recipient]:
    """Every person of every member organisation of the campaign's coalition, with where each stands."""
    if campaign.organiser is None:
        return []
    memberships = (
        Membership.objects.filter(organisation__coalition_id=campaign.organiser_id, user__is_active=True)
        .select_related("user", "organisation__state")
        .order_by("organisation__name", "user__username")
    )
    deliveries = {(d.organisation_id, d.user_id): d for d in CallDelivery.objects.filter(campaign=campaign)}
    opted_out = set(CallOptOut.objects.values_list("user_id", flat=True))
    found = []
    for membership in memberships:
        member, user = membership.organisation, membership.user
        delivery = deliveries.get((member.pk, user.pk))
        language = language_for(member.languages, campaign.languages)
        found.append(Recipient(campaign, member, user, language, _standing(user, delivery, opted_out), delivery))
    return found


def member_asks(campaign: Campaign, day: date, members: Iterable[Organisation]) -> dict[int, list[Ask] | None]:
    """By member organisation (its id): the asks that apply to its State on `day`, as its brief lists them (those
    for every member included); for a member with no State, the asks for every member; None when its State did not
    exist on `day` (it has no brief on that day)."""
    found = campaign_targets(campaign, day)
    by_state = {target.state.pk: [ask for ask, _verdict in target.applying] for target in found.targets}
    for_everyone = [parsed.ask for parsed in found.asks if parsed.for_every_member]
    return {member.pk: for_everyone if member.state_id is None else by_state.get(member.state_id) for member in members}


@dataclass
class CallRun:
    sent: list[Recipient] = field(default_factory=list)
    failed: list[tuple[Recipient, str]] = field(default_factory=list)


def _claim(recipient: Recipient, job: Job | None) -> bool:
    """Take the delivery for this run: create its row, or take back a failed or abandoned one. False: another run
    has it (or sent it), or the person has unsubscribed meanwhile."""
    if CallOptOut.objects.filter(user=recipient.user).exists():  # unsubscribed since the list was read
        return False
    key = {"campaign": recipient.campaign, "organisation": recipient.member, "user": recipient.user}
    given = {"language": recipient.language, "link": recipient.link[:300], "job": job}
    try:
        with transaction.atomic():
            CallDelivery.objects.create(**key, **given, status=DeliveryStatus.SENDING)
            return True
    except IntegrityError:
        now = timezone.now()
        retry = Q(status=DeliveryStatus.FAILED) | Q(
            status=DeliveryStatus.SENDING, claimed_at__lt=now - STALE_CLAIM_AFTER
        )
        taken = CallDelivery.objects.filter(retry, **key).update(
            status=DeliveryStatus.SENDING, claimed_at=now, attempts=F("attempts") + 1, error="", **given
        )
        return taken == 1


def _record(recipient: Recipient, problem: str | None) -> None:
    key = {"campaign": recipient.campaign, "organisation": recipient.member, "user": recipient.user}
    if problem is None:
        CallDelivery.objects.filter(**key).update(status=DeliveryStatus.SENT, sent_at=timezone.now())
    else:
        CallDelivery.objects.filter(**key).update(status=DeliveryStatus.FAILED, error=problem[:2000])


def send_call(
    campaign: Campaign, pending: Iterable[Recipient], job: Job | None = None, progress: Progress | None = None
) -> CallRun:
    """Send the call to each of `pending` whose delivery this run can claim; record what the mail server said."""
    run = CallRun()
    todo = [r for r in pending if r.standing in PENDING]
    if not todo:
        return run
    connection = get_connection(fail_silently=False)
    try:
        for done, recipient in enumerate(todo):
            if progress is not None:
                progress(done, len(todo))
            if not _claim(recipient, job):
                continue
            problem = send_one(recipient.message(connection))
            _record(recipient, problem)
            if problem is None:
                run.sent.append(recipient)
            else:
                run.failed.append((recipient, problem))
    finally:
        connection.close()
    return run
