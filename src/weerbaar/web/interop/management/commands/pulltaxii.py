"""Pull a remote TAXII 2.1 collection into an organisation's shared items.

    weerbaar-web pulltaxii --organisation gemeente-voorbeeld \\
        --url https://taxii.example/api/collections/<id>/ --community vr-voorbeeld

The token is read from ``WEERBAAR_TAXII_TOKEN`` (a command line is visible
to every user of the machine). All objects are imported or none: a
collection with anything Weerbaar cannot keep is refused with the reasons,
exit status 2.
"""

from __future__ import annotations

import os
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from weerbaar.interop.records import ImportRefused
from weerbaar.interop.taxiipull import pull
from weerbaar.sharing.tlp import TLP
from weerbaar.web.accounts.models import Organisation
from weerbaar.web.interop.imports import store
from weerbaar.web.interop.items import party_of
from weerbaar.web.interop.views.exchange import limits
from weerbaar.web.sharing.models import Community


class Command(BaseCommand):
    help = "Pull a remote TAXII 2.1 collection into an organisation's shared items."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--organisation", required=True, help="slug of the importing organisation"
        )
        parser.add_argument(
            "--url", required=True, help="the collection's URL (…/collections/<id>/)"
        )
        parser.add_argument("--community", help="slug of the community for GREEN and CLEAR items")
        parser.add_argument(
            "--unmarked",
            choices=[t.value for t in TLP if t is not TLP.RED],
            help="label for objects without a TLP marking (default: refuse them)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        token = os.environ.get("WEERBAAR_TAXII_TOKEN", "")
        if not token:
            raise CommandError(
                "set WEERBAAR_TAXII_TOKEN to the API token at the remote server", returncode=2
            )
        organisation = Organisation.objects.filter(slug=options["organisation"]).first()
        if organisation is None:
            raise CommandError(f"no organisation {options['organisation']!r}", returncode=2)
        community = None
        if options["community"]:
            community = Community.objects.filter(
                slug=options["community"], memberships__organisation=organisation
            ).first()
            if community is None:
                raise CommandError(
                    f"{organisation.name} is no member of a community {options['community']!r}",
                    returncode=2,
                )
        try:
            items = pull(
                options["url"],
                token=token,
                default_owner=party_of(organisation),
                default_tlp=TLP(options["unmarked"]) if options["unmarked"] else None,
                limits=limits(),
                allow_private=settings.FEEDS_ALLOW_PRIVATE,
            )
            done = store(
                items,
                organisation=organisation,
                user=None,
                community=community,
                source=options["url"],
                fmt="taxii",
            )
        except ImportRefused as refused:
            raise CommandError(f"nothing imported:\n{refused}", returncode=2) from None
        self.stdout.write(
            f"{done.created} items added, {done.updated} updated for {organisation.name}"
        )
