"""Load Gemeente Voorbeeld with a few users in different roles, and its shipped exercises.

Passwords are random and printed once; run it again and it leaves what exists
alone.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from weerbaar.accountability.catalogue import Catalogue, CatalogueError
from weerbaar.accountability.formats import read_catalogue
from weerbaar.model import MapError, load_map, to_data
from weerbaar.web.accountability import demo as accountability_demo
from weerbaar.web.accounts.models import Membership, Organisation, Role
from weerbaar.web.advisories import demo as advisories_demo
from weerbaar.web.aid import demo as aid_demo
from weerbaar.web.exercises import demo as exercises_demo
from weerbaar.web.incidents import demo as incidents_demo
from weerbaar.web.interop import demo as interop_demo
from weerbaar.web.maps import service
from weerbaar.web.maps.models import Share
from weerbaar.web.sharing import demo as sharing_demo

#: (username, full name, organisation slug, role)
USERS = [
    ("beheerder", "Bea Beheer", "gemeente-voorbeeld", Role.BEHEERDER),
    ("ciso", "Chris Ciso", "gemeente-voorbeeld", Role.CISO),
    ("oov", "Olga Openbare-Orde", "gemeente-voorbeeld", Role.ADVISEUR_OOV),
    ("crisis", "Karel Crisis", "gemeente-voorbeeld", Role.CRISISCOORDINATOR),
    ("burgemeester", "Burgemeester Bos", "gemeente-voorbeeld", Role.BESTUURDER),
    ("hosting", "Hanna Hosting", "hosting-oost", Role.KETENPARTNER),
    ("buurdorp", "Bram Buurdorp", "gemeente-buurdorp", Role.CISO),
    *sharing_demo.USERS,
]


class Command(BaseCommand):
    help = "Load the sample municipality Gemeente Voorbeeld with demo users."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--map", default="examples/gemeente-voorbeeld.yaml", help="Map file to load."
        )
        parser.add_argument(
            "--catalogue",
            default=os.environ.get("WEERBAAR_DEMO_CATALOGUE") or None,
            help="A downloaded BIO2 (or other catalogue) to import next to the example "
            "catalogue (default: $WEERBAAR_DEMO_CATALOGUE).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["map"])
        try:
            m = load_map(path)
        except MapError as exc:
            raise CommandError(str(exc)) from None
        extra = self._catalogue(options["catalogue"])
        with transaction.atomic():
            gemeente, _ = Organisation.objects.get_or_create(
                slug="gemeente-voorbeeld", defaults={"name": m.name or "Gemeente Voorbeeld"}
            )
            partner, _ = Organisation.objects.get_or_create(
                slug="hosting-oost", defaults={"name": "Hosting Oost", "kind": "leverancier"}
            )
            if not gemeente.riskmaps.exists():
                record = service.create_map(gemeente, to_data(m), None, f"Geladen uit {path.name}")
                party = "hosting-oost" if any(p.id == "hosting-oost" for p in m.parties) else ""
                if party:
                    Share.objects.create(
                        riskmap=record, organisation=partner, party_id=party, whole_map=False
                    )
            # The neighbouring municipality, for mutual aid in the response network.
            buurdorp, _ = Organisation.objects.get_or_create(
                slug="gemeente-buurdorp", defaults={"name": "Gemeente Buurdorp"}
            )
            orgs = {"gemeente-voorbeeld": gemeente, "hosting-oost": partner}
            # Veiligheidsregio Oost: generated neighbours and the IBD (weerbaar.web.sharing).
            region = sharing_demo.organisations()
            passwords = self._users(orgs | {"gemeente-buurdorp": buurdorp} | region)
            first = gemeente.riskmaps.order_by("pk").first()
            if first is not None:
                ciso = get_user_model().objects.filter(username="ciso").first()
                today = timezone.localdate()
                self.stdout.write(accountability_demo.load(first, ciso, extra, today))
                self.stdout.write(exercises_demo.load(first, path.parent))
                self.stdout.write(incidents_demo.load(first, m, timezone.now()))
                people = {u.username: u for u in get_user_model().objects.filter(
                    username__in=["ciso", *(u[0] for u in sharing_demo.USERS)])}  # fmt: skip
                folder = path.parent / "advisories"
                self.stdout.write(advisories_demo.load(gemeente, folder, ciso))
                self.stdout.write(sharing_demo.load(gemeente, people))
                ibd = region[sharing_demo.IBD]
                self.stdout.write(interop_demo.load(ibd, people.get("ibd"), path.parent))
            users = {u.username: u for u in get_user_model().objects.filter(
                username__in=["ciso", "buurdorp"])}  # fmt: skip
            self.stdout.write(aid_demo.load(gemeente, buurdorp, users, timezone.now()))
        if passwords:
            self.stdout.write("Demo users (passwords are shown only now):")
            for username, role, password in passwords:
                self.stdout.write(f"  {username:<14} {role:<20} {password}")
        else:
            self.stdout.write("Gemeente Voorbeeld is already loaded; users unchanged.")

    def _catalogue(self, path: str | None) -> Catalogue | None:
        if not path:
            return None
        try:
            return read_catalogue(Path(path).read_bytes(), Path(path).name)
        except OSError as exc:
            raise CommandError(f"{path}: {exc.strerror}") from None
        except CatalogueError as exc:
            raise CommandError(str(exc)) from None

    def _users(self, orgs: dict[str, Organisation]) -> list[tuple[str, str, str]]:
        User = get_user_model()
        out = []
        for username, full_name, org, role in USERS:
            if User.objects.filter(username=username).exists():
                continue
            first, _, last = full_name.partition(" ")
            password = secrets.token_urlsafe(12)
            user = User.objects.create_user(
                username=username, password=password, first_name=first, last_name=last
            )
            Membership.objects.create(user=user, organisation=orgs[org], role=role)
            out.append((username, str(role.label), password))
        return out
