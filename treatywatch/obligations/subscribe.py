"""The "Subscribe" block of the treaty, compliance and State pages: the calendar feed's addresses (webcal:// to
open a calendar program, https:// to copy), how common calendar programs take them, and whether the feed holds
any deadline still ahead. A subscription follows today, whatever day the page answers for: the block is the same
on every day a page may be asked about, and a stored answer is kept under today's date (`lib.intervals`)."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from treatywatch.lib.dates import date_words
from treatywatch.obligations.announced import Announced, announced, upcoming
from treatywatch.obligations.labels import obligation_title
from treatywatch.obligations.rules import obligation_rules
from treatywatch.registry.models import State, Treaty


@dataclass(frozen=True)
class Feed:
    label: str
    address: str  # https://…, to copy into a calendar program
    webcal: str  # webcal://…, which a phone or desktop opens in its calendar program


def _feed(request: HttpRequest, label: str, path: str) -> Feed:
    address = request.build_absolute_uri(path)
    return Feed(label, address, "webcal://" + address.split("://", 1)[1])


def treaty_subscribe(request: HttpRequest, treaty: Treaty, *, per_obligation: bool = False) -> str:
    """The block for a treaty's deadlines (and, on the compliance page, for each of its obligations)."""
    today = timezone.localdate()
    ahead = upcoming(announced(today, treaties=[treaty]), today)
    feeds = [_feed(request, treaty.display_short_name, reverse("obligations:treaty-feed", args=[treaty.slug]))]
    if per_obligation:
        for key, rule in obligation_rules(treaty).items():
            path = reverse("obligations:obligation-feed", args=[treaty.slug, key])
            feeds.append(_feed(request, obligation_title(rule.title), path))
    return _render(request, feeds, ahead)


def state_subscribe(request: HttpRequest, state: State) -> str:
    today = timezone.localdate()
    ahead = upcoming(announced(today, state=state), today)
    feeds = [_feed(request, state.display_name, reverse("obligations:state-feed", args=[state.iso3]))]
    return _render(request, feeds, ahead)


def _render(request: HttpRequest, feeds: list[Feed], ahead: list[Announced]) -> str:
    context = {"feeds": feeds, "upcoming": len(ahead), "next_day": date_words(ahead[0].on) if ahead else ""}
    return render_to_string("obligations/_subscribe.html", context)
