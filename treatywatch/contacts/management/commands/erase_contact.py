from argparse import ArgumentParser
from typing import Any

from django.contrib.auth.models import User
from django.core.management.base import BaseCommand, CommandError

from treatywatch.contacts.actions import do_erase_contact
from treatywatch.contacts.models import Contact, ErasureGround
from treatywatch.lib.actions import ActionError
from treatywatch.organisations.visibility import reads_everything


class Command(BaseCommand):
    help = (
        "Erase a contact and every version of it in the history, at the person's request: a dry run that says what "
        "would be erased unless told --commit. What remains names the organisation, who erased it, when and why."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("contact_id", type=int, help="the contact's id (in its page's address)")
        parser.add_argument("--user", required=True, help="the site administrator who erases it (kept in the record)")
        parser.add_argument(
            "--ground", required=True, choices=ErasureGround.values, help="why it is erased (kept in the record)"
        )
        parser.add_argument("--commit", action="store_true", help="erase it (without this, only say what would go)")

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(username=options["user"]).first()
        if user is None or not reads_everything(user):
            raise CommandError(f"{options['user']!r} is not an active site administrator: name one with --user.")
        contact = Contact.objects.select_related("owner").filter(pk=options["contact_id"]).first()
        if contact is None:
            raise CommandError(f"No contact with id {options['contact_id']} (an erased one is gone for good).")
        versions = contact.history.count()
        # The person's name is not printed: a terminal's scrollback and logs outlive the erasure.
        what = f"contact {contact.pk} of {contact.owner} and the {versions} versions of it in the history"
        if not options["commit"]:
            self.stdout.write(f"Would erase {what}. Nothing was changed: run again with --commit to erase it.")
            return
        try:
            erasure = do_erase_contact(contact, ground=options["ground"], actor=user)
        except ActionError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"Erased {what} (erasure record {erasure.pk}).")
