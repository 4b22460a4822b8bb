"""The words for a deadline's status, translatable: the pages' labels and explanations, and the lower-case
form that the calendar feeds and e-mails use inside a sentence. Every page, download, feed, e-mail and
API answer that names a deadline status reads it here."""

from __future__ import annotations

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from treatywatch.core.obligations import DeadlineStatus

# The shipped rules files' obligation titles in the other languages, keyed by the English title the rules file
# gives. A title not listed is shown as written.
OBLIGATION_TITLES = {
    "Initial transparency report": _("Initial transparency report"),
    "Annual transparency report": _("Annual transparency report"),
    "Destruction of stockpiled anti-personnel mines": _("Destruction of stockpiled anti-personnel mines"),
    "Destruction of anti-personnel mines in mined areas": _("Destruction of anti-personnel mines in mined areas"),
    "National implementation measures": _("National implementation measures"),
    "Destruction of stockpiled cluster munitions": _("Destruction of stockpiled cluster munitions"),
    "Clearance and destruction of cluster munition remnants": _(
        "Clearance and destruction of cluster munition remnants"
    ),
}


def obligation_title(title: str) -> str:
    """An obligation's title in the page's language, where it is known."""
    return str(OBLIGATION_TITLES.get(title, title))


# In the order the filters list them.
DEADLINE_STATUS_LABELS = {
    "overdue": _("Overdue"),
    "extension_requested": _("Extension requested, decision not recorded"),
    "not_known": _("Not known on this date"),
    "due": _("Due"),
    "completed": _("Completed"),
    "not_applicable": _("Not applicable"),
    "not_declared": _("Nothing declared"),
    "not_due": _("Not yet running"),
    "no_deadline_recorded": _("No deadline recorded"),
    "no_deadline": _("No deadline"),
}
DEADLINE_STATUS_HELP = {
    "overdue": _("The deadline has passed, no completion is recorded, and no extension was requested before it."),
    "extension_requested": _(
        "The deadline has passed (or none is set yet), and the State asked for an extension before it: "
        "no decision on the request is recorded. The record cannot tell whether the State is late."
    ),
    "not_known": _(
        "The deadline has passed, but the record cannot tell whether the State is late: a completion or an "
        "extension that the sources date only roughly may already have happened, a later request shows an "
        "extension the record lacks, or no source speaks of the days after the deadline."
    ),
    "due": _("The deadline is still ahead."),
    "completed": _("A completion, or the report, is recorded."),
    "not_applicable": _("The State declared that the obligation does not apply to it, or it is no longer a party."),
    "not_declared": _(
        "The obligation applies only if the State declares it (holding stockpiles, contaminated areas), "
        "and no declaration is recorded."
    ),
    "not_due": _("The treaty is not yet in force for the State: the clock has not started."),
    "no_deadline_recorded": _(
        "Reopened after a completion (stockpiles or contaminated areas found later), and no decision setting "
        "its deadline is recorded."
    ),
    "no_deadline": _("The treaty sets no deadline."),
}

DEADLINE_STATUSES = tuple(DEADLINE_STATUS_LABELS)


def status_in_sentence(status: DeadlineStatus) -> str:
    """The status as a feed's category or an e-mail's line says it: "Status on 1 August 2025: overdue"."""
    words = {
        DeadlineStatus.DUE: gettext("due"),
        DeadlineStatus.OVERDUE: gettext("overdue"),
        DeadlineStatus.EXTENSION_REQUESTED: gettext("extension requested, decision not recorded"),
        DeadlineStatus.COMPLETED: gettext("completed"),
    }
    return words.get(status, status.value)
