"""The demo's Veiligheidsregio Oost: generated neighbours, items at every label, real
regional figures, and the IBD's imported warning where the region sees it."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse

from weerbaar.web.analyses.sharing import neighbour_map
from weerbaar.web.sharing.demo import PHISHING
from weerbaar.web.sharing.models import Community, SharedItem

pytestmark = pytest.mark.django_db

EXAMPLE = Path(__file__).resolve().parents[3] / "examples" / "gemeente-voorbeeld.yaml"


def test_it_generates_a_neighbour_as_one_municipality_under_its_name() -> None:
    m = neighbour_map("Gemeente Oostdorp", 11)
    assert m.name == "Gemeente Oostdorp"
    assert [p.name for p in m.parties if p.kind.value == "gemeente"] == ["Gemeente Oostdorp"]
    assert not any("Gemeente 001" in (n.name or "") for n in m.nodes)
    assert not any("gemeente" in n.extra for n in m.nodes)


@pytest.fixture(scope="module")
def demo_db(django_db_setup: Any, django_db_blocker: Any) -> Any:
    with django_db_blocker.unblock():
        call_command("loaddemo", "--map", str(EXAMPLE), stdout=io.StringIO())
        yield
        call_command("flush", "--noinput", verbosity=0)


def page(username: str, name: str, **kwargs: Any) -> str:
    from django.test import Client

    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    response = client.get(reverse(name, kwargs=kwargs))
    assert response.status_code == 200
    return str(response.content.decode())


def test_it_loads_the_region_once_with_members_sharing_at_different_levels(demo_db: Any) -> None:
    region = Community.objects.get(slug="vr-oost")
    members = {m.organisation.slug: (m.detail, m.map_tlp) for m in region.memberships.all()}
    assert len(members) == 5 and members["ibd"] == ("nothing", "amber")
    assert {d for d, _label in members.values()} == {"nothing", "suppliers", "nodes"}
    labels = set(SharedItem.objects.values_list("tlp", flat=True))
    assert labels == {"clear", "green", "amber", "amber+strict", "red"}
    before = SharedItem.objects.count()
    call_command("loaddemo", "--map", str(EXAMPLE), stdout=io.StringIO())
    assert SharedItem.objects.count() == before


def test_it_shows_regional_figures_behind_k(demo_db: Any) -> None:
    body = page("ciso", "sharing:insight", slug="vr-oost")
    concentration = body.split("data-wb-concentration")[1].split("</ul>")[0]
    assert "4 van 4 leden draaien vitale processen op Logius" in concentration
    # AMBER members are counted, never named; GREEN members may be.
    assert "Gemeente Oostdorp" not in concentration and "Gemeente Heidebeek" not in concentration
    assert "Gemeente Rivierstad" in concentration
    assert "data-wb-cascade" in body
    indicators = body.split("data-wb-indicators")[1].split("</ul>")[0]
    assert f'3 leden zagen <code class="utrecht-code">{PHISHING}</code>' in indicators
    # Two members saw the C2 address: below k, not shown at all.
    assert "198.51.100.23" not in indicators


def test_it_shows_the_amber_incident_to_the_named_partner_only(demo_db: Any) -> None:
    item = SharedItem.objects.get(source_type="incidents.incident", tlp="amber")
    assert "Ransomware" in page("oostdorp", "sharing:inbox")
    assert item.title not in page("rivierstad", "sharing:inbox")
    assert item.title not in page("ibd", "sharing:inbox")
    inbox = page("ciso", "sharing:inbox")
    # The IBD's imported warning reaches the region; Heidebeek's own lesson stays home.
    assert "Phishingcampagne met valse DigiD-verificatie" in inbox
    assert "Interne evaluatie DigiD-storing" not in inbox
    assert "Persoonlijk: kwetsbaarheid" in inbox


def test_it_shares_voorbeelds_exposure_to_an_advisory_with_the_region(demo_db: Any) -> None:
    item = SharedItem.objects.get(kind="advisory-impact", source_type="advisories.advisory")
    assert (item.tlp, item.community.slug) == ("green", "vr-oost")
    assert item.payload["cves"] and "NCSC-2026-0412" in item.body
    assert "Lokale impact van NCSC-2026-0412" in page("rivierstad", "sharing:inbox")
