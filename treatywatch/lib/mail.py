"""What every e-mail Treatywatch sends shares: links on the site's public address, the one-click unsubscribe
headers (RFC 2369 and RFC 8058), sending one message and telling a refusal from a delivery, and the answer of an
unsubscribe page."""

from __future__ import annotations

import smtplib

from django.conf import settings
from django.core.mail import EmailMessage
from django.http import HttpResponse


def site_url(path: str) -> str:
    """`path` on the site's public address (an e-mail has no request to take the address from)."""
    return settings.TREATYWATCH_SITE_URL.rstrip("/") + path


def unsubscribe_headers(url: str) -> dict[str, str]:
    """The headers with which a mail client offers its own one-click unsubscribe, posting to `url`."""
    return {"List-Unsubscribe": f"<{url}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}


def send_one(message: EmailMessage) -> str | None:
    """Send `message` through its connection: None once the mail server has accepted it, else what went wrong."""
    try:
        accepted = message.send()
    except (smtplib.SMTPException, OSError) as error:
        return f"{type(error).__name__}: {error}"
    if accepted != 1:
        return "the mail backend did not accept the message"
    return None


def private_answer(response: HttpResponse) -> HttpResponse:
    """An unsubscribe page is its token holder's own: never cached, never indexed."""
    response["Cache-Control"] = "no-store"
    response["X-Robots-Tag"] = "noindex"
    return response
