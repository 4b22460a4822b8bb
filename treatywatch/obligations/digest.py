"""The deadline digest: one plain-text e-mail per watch, with what came due or overdue since the last one.

A deadline goes to a watch when it falls due within the next N days ("due soon"), has passed
without completion ("overdue"), or has passed while an extension requested in time awaits its
decision ("extension requested, decision not recorded": never mailed as overdue), and that watch
has not yet been sent that deadline, at that date, in that state. What was sent is recorded
(DigestEntry) only once the mail server has accepted the message, so running the digest again
sends nothing twice, and a failed send is tried again on the next run. A deadline sent as due soon
is sent again when it becomes overdue, and again if an extension moves it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from treatywatch.core.obligations import DeadlineStatus
from treatywatch.lib.mail import send_one, site_url, unsubscribe_headers
from treatywatch.obligations.announced import Announced, announced
from treatywatch.obligations.labels import DEADLINE_STATUS_LABELS
from treatywatch.obligations.models import DigestEntry, DigestLock, DigestStatus, Watch

DEFAULT_WITHIN_DAYS = 90
# A run still marked as sending after this long died without finishing (killed, machine restarted).
STALE_RUN_AFTER = timedelta(hours=6)

Progress = Callable[[int, int], None]


def digest_status(item: Announced, day: date, within: int) -> DigestStatus | None:
    if item.status == DeadlineStatus.OVERDUE:
        return DigestStatus.OVERDUE
    if item.status == DeadlineStatus.EXTENSION_REQUESTED:
        # Passed, but an extension was asked for in time: the record cannot say it is overdue.
        return DigestStatus.EXTENSION_REQUESTED
    if item.status == DeadlineStatus.DUE and item.on <= day + timedelta(days=within):
        return DigestStatus.DUE_SOON
    return None


def matches(watch: Watch, item: Announced) -> bool:
    return (
        (watch.treaty_id is None or watch.treaty_id == item.treaty.pk)
        and (watch.state_id is None or watch.state_id == item.state.pk)
        and (not watch.obligation or watch.obligation == item.rule.key)
    )


@dataclass(frozen=True)
class DigestItem:
    deadline: Announced
    status: DigestStatus

    def entry(self, watch: Watch) -> DigestEntry:
        return DigestEntry(watch=watch, deadline=self.deadline.key, deadline_on=self.deadline.on, status=self.status)


@dataclass(frozen=True)
class Digest:
    watch: Watch
    day: date
    within: int
    items: tuple[DigestItem, ...]

    def subject(self) -> str:
        count = len(self.items)
        if any(i.status == DigestStatus.EXTENSION_REQUESTED for i in self.items):
            return ngettext(
                "Treatywatch: %(count)d deadline due soon, overdue or awaiting a decision on an extension",
                "Treatywatch: %(count)d deadlines due soon, overdue or awaiting a decision on an extension",
                count,
            ) % {"count": count}
        return ngettext(
            "Treatywatch: %(count)d deadline due soon or overdue",
            "Treatywatch: %(count)d deadlines due soon or overdue",
            count,
        ) % {"count": count}

    def unsubscribe_url(self) -> str:
        return site_url(reverse("obligations:unsubscribe", kwargs={"token": self.watch.unsubscribe_token}))

    def body(self) -> str:
        lines = [
            _("Treatywatch deadlines on %(day)s for your watch: %(scope)s.")
            % {"day": self.day.isoformat(), "scope": self.watch.scope()},
        ]
        overdue = [i for i in self.items if i.status == DigestStatus.OVERDUE]
        requested = [i for i in self.items if i.status == DigestStatus.EXTENSION_REQUESTED]
        soon = [i for i in self.items if i.status == DigestStatus.DUE_SOON]
        sections = [
            (str(DEADLINE_STATUS_LABELS["overdue"]), overdue),
            (str(DEADLINE_STATUS_LABELS["extension_requested"]), requested),
            (
                ngettext("Due within %(days)d day", "Due within %(days)d days", self.within) % {"days": self.within},
                soon,
            ),
        ]
        for heading, items in sections:
            if not items:
                continue
            lines += ["", f"== {heading} ({len(items)}) =="]
            for item in items:
                page = site_url(reverse("web:state", kwargs={"iso3": item.deadline.state.iso3}))
                lines += ["", item.deadline.title(), *(f"  {line}" for line in item.deadline.details()), f"  {page}"]
        lines += [
            "",
            "-- ",
            _("You receive this e-mail because a Treatywatch editor set up this watch for %(email)s.")
            % {"email": self.watch.email},
            _("To stop these e-mails: %(url)s") % {"url": self.unsubscribe_url()},
        ]
        return "\n".join(lines) + "\n"

    def message(self, connection: BaseEmailBackend | None = None) -> EmailMessage:
        headers = unsubscribe_headers(self.unsubscribe_url())
        return EmailMessage(
            subject=self.subject(),
            body=self.body(),
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[self.watch.email],
            headers=headers,
            connection=connection,
        )


def pending_digests(day: date, within: int, watches: Iterable[Watch] | None = None) -> list[Digest]:
    """For each active watch, the deadlines it has not been sent yet in their present state."""
    if watches is None:
        watches = Watch.objects.filter(active=True).select_related("treaty", "state")
    watches = list(watches)
    if not watches:
        return []
    candidates = []
    watched = frozenset({DeadlineStatus.DUE, DeadlineStatus.OVERDUE, DeadlineStatus.EXTENSION_REQUESTED})
    for item in announced(day, statuses=watched):
        status = digest_status(item, day, within)
        if status is not None:
            candidates.append(DigestItem(item, status))
    sent = set(
        DigestEntry.objects.filter(watch__in=watches).values_list("watch_id", "deadline", "deadline_on", "status")
    )
    digests = []
    for watch in watches:
        items = tuple(
            c
            for c in candidates
            if matches(watch, c.deadline) and (watch.pk, c.deadline.key, c.deadline.on, c.status.value) not in sent
        )
        if items:
            digests.append(Digest(watch, day, within, items))
    return digests


@dataclass
class DigestRun:
    sent: list[Digest] = field(default_factory=list)
    failed: list[tuple[Digest, str]] = field(default_factory=list)


def record_sent(digest: Digest) -> None:
    with transaction.atomic():
        entries = [item.entry(digest.watch) for item in digest.items]
        DigestEntry.objects.bulk_create(entries, ignore_conflicts=True)


def send_digests(digests: list[Digest], progress: Progress | None = None) -> DigestRun:
    """Send each digest through the configured backend; record its deadlines once it is accepted.

    `progress(done, total)` is told after each e-mail."""
    run = DigestRun()
    if not digests:
        return run
    connection = get_connection(fail_silently=False)
    try:
        for done, digest in enumerate(digests):
            if progress is not None:
                progress(done, len(digests))
            problem = send_one(digest.message(connection))
            if problem is not None:
                run.failed.append((digest, problem))
                continue
            record_sent(digest)
            run.sent.append(digest)
    finally:
        connection.close()
    return run


class DigestBusy(Exception):
    """Another run of the digest is sending: this one sends nothing."""


@contextmanager
def digest_lock(day: date) -> Iterator[DigestLock]:
    """Hold the digest's lock (a unique "running" row, committed at once so every process sees it)."""
    with transaction.atomic():
        stale = timezone.now() - STALE_RUN_AFTER
        DigestLock.objects.filter(running=True, started_at__lt=stale).update(running=None)
    try:
        with transaction.atomic():
            lock = DigestLock.objects.create(day=day)
    except IntegrityError:
        other = DigestLock.objects.filter(running=True).first()
        since = f" since {other.started_at:%Y-%m-%d %H:%M} UTC" if other else ""
        raise DigestBusy(
            f"Another run of the deadline digest has been sending{since}: this run sent nothing. "
            "The deadlines it would send are sent by that run or the next one."
        ) from None
    try:
        yield lock
    finally:
        lock.running = None
        lock.finished_at = timezone.now()
        lock.save(update_fields=["running", "finished_at", "sent", "failed"])


def run_digest(day: date, within: int, progress: Progress | None = None) -> DigestRun:
    """Send what is pending, holding the lock: what is pending is read once the lock is held, so a
    run that waited for another never sends what that one sent. Raises DigestBusy."""
    with digest_lock(day) as lock:
        run = send_digests(pending_digests(day, within), progress)
        lock.sent, lock.failed = len(run.sent), len(run.failed)
    return run
