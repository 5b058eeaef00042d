"""``weerbaar-web fetchadvisories ORGANISATION URL``: a CSAF provider's advisories, for cron.

The same guarded download as the button on the advisories page
(:mod:`weerbaar.web.advisories.provider`): public addresses only unless
``WEERBAAR_FEEDS_ALLOW_PRIVATE``, no redirects, bounded size and time; one
problem and nothing is stored (exit code 2, every problem located).
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from weerbaar.advisories.csaf import AdvisoryError
from weerbaar.web.accounts.models import Organisation
from weerbaar.web.advisories.provider import check, import_provider


class Command(BaseCommand):
    help = "Fetch the advisories of a CSAF provider for an organisation."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("organisation", help="The organisation's slug.")
        parser.add_argument("url", help="The provider's address or its provider-metadata.json.")

    def handle(self, *args: Any, **options: Any) -> None:
        organisation = Organisation.objects.filter(slug=options["organisation"]).first()
        if organisation is None:
            raise CommandError(f"{options['organisation']}: no such organisation", returncode=2)
        problems = check(options["url"])
        if problems:
            raise CommandError("\n".join(problems), returncode=2)
        try:
            done = import_provider(organisation, options["url"], None)
        except AdvisoryError as exc:
            raise CommandError("\n".join(exc.problems), returncode=2) from None
        self.stdout.write(
            f"{done['documents']} advisories from {done['url']}: "
            f"{done['new']} new, {done['replaced']} replaced."
        )
