from argparse import ArgumentParser
from typing import Any

from django.contrib.auth.models import User
from django.core.management.base import BaseCommand, CommandError

from treatywatch.lib.actions import ActionError
from treatywatch.organisations.actions import do_create_api_token


class Command(BaseCommand):
    help = "Create an API token for a user and print its key, once: only a hash of it is kept."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("username", help="the user the token reads the API as")
        parser.add_argument("--name", required=True, help="what the token is for, e.g. 'monitor script'")
        parser.add_argument("--reason", required=True, help="why it is created (kept in the history)")

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"No user {options['username']!r}.")
        try:
            # Run by someone with access to the server, on the user's behalf: the history names the user.
            token, key = do_create_api_token(user, options["name"], actor=user, reason=options["reason"])
        except ActionError as error:
            raise CommandError(str(error)) from None
        self.stderr.write(
            f"Token {token.name!r} (id {token.pk}) for {user.username}. Copy the key now: it is not shown again."
        )
        self.stdout.write(key)
