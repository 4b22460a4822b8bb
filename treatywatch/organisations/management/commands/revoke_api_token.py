from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from treatywatch.lib.actions import ActionError
from treatywatch.organisations.actions import do_revoke_api_token
from treatywatch.organisations.models import ApiToken


class Command(BaseCommand):
    help = "Revoke a user's API token, named by its id (manage.py create_api_token and the admin show it)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("token_id", type=int, help="the token's id")
        parser.add_argument("--reason", required=True, help="why it is revoked (kept in the history)")

    def handle(self, *args: Any, **options: Any) -> None:
        token = ApiToken.objects.select_related("user").filter(pk=options["token_id"]).first()
        if token is None:
            raise CommandError(f"No API token with id {options['token_id']}.")
        try:
            do_revoke_api_token(token, actor=token.user, reason=options["reason"])
        except ActionError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"Revoked the token {token.name!r} of {token.user.username}.")
