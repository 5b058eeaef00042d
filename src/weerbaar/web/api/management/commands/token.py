"""``weerbaar-web token USERNAME``: create or rotate a user's API token.

The key is printed once, when it is made; rotating replaces it, so a key
that may have leaked stops working at once. ``--revoke`` only deletes it.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from rest_framework.authtoken.models import Token


class Command(BaseCommand):
    help = "Create or rotate a user's API token and print it once (or --revoke it)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument(
            "--revoke", action="store_true", help="Delete the user's token; print nothing."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        user = get_user_model().objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"no user {options['username']!r}")
        if not user.is_active:
            raise CommandError(f"user {user.username!r} is not active")
        # Rotation is delete-and-create: the old key must not survive.
        revoked = Token.objects.filter(user=user).delete()[0]
        if options["revoke"]:
            self.stderr.write(f"{user.username}: token revoked" if revoked else "no token")
            return
        token = Token.objects.create(user=user)
        self.stderr.write(
            f"API token of {user.username} ({'rotated' if revoked else 'new'}); "
            "it is shown only now:"
        )
        self.stdout.write(token.key)
