"""The audit trail: every version, what changed before and after, and restoring one."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from django.urls import reverse

from weerbaar.web.accounts.models import Role
from weerbaar.web.maps import mapdata, service
from weerbaar.web.maps.models import ObjectKind
from weerbaar.web.maps.views import history as history_views

pytestmark = pytest.mark.django_db


def url(world: dict[str, Any], name: str, **kwargs: Any) -> str:
    return reverse(f"maps:{name}", kwargs={"map_id": world["map_a"].pk, **kwargs})


def rename_power(world: dict[str, Any], name: str) -> None:
    """Version 2: the node ``power`` gets a new name, as the edit page would save it."""
    record = world["map_a"]
    data = copy.deepcopy(record.current().data)
    entry = mapdata.find(data, ObjectKind.NODE, "power") or {}
    new, before = mapdata.put(data, ObjectKind.NODE, entry | {"name": name}, "power")
    service.save(
        record,
        new,
        author=world["users"][Role.CISO],
        summary="Knooppunt power gewijzigd",
        kind=ObjectKind.NODE,
        object_id="power",
        before=before,
        after=entry | {"name": name},
    )


def test_it_lists_every_version_with_who_and_what(world: dict[str, Any], login: Any) -> None:
    rename_power(world, "Stroomnet")
    page = login(world["users"][Role.BESTUURDER]).get(url(world, "history")).content.decode()
    assert url(world, "version", number=1) in page and url(world, "version", number=2) in page
    assert "Knooppunt power gewijzigd" in page and "a-ciso" in page
    assert page.index("Knooppunt power gewijzigd") < page.index(">test<")  # newest first


def test_it_pages_the_versions_newest_first(
    world: dict[str, Any], login: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(history_views, "PAGE_SIZE", 1)
    rename_power(world, "Stroom")
    client = login(world["users"][Role.BESTUURDER])
    first = client.get(url(world, "history")).content.decode()
    assert url(world, "version", number=2) in first
    assert url(world, "version", number=1) not in first
    assert 'href="?pagina=2"' in first and "Pagina 1 van 2" in first
    second = client.get(url(world, "history"), {"pagina": "2"}).content.decode()
    assert url(world, "version", number=1) in second and 'href="?pagina=1"' in second


def test_it_shows_the_object_before_and_after_escaped(world: dict[str, Any], login: Any) -> None:
    rename_power(world, "<script>alert(1)</script>")
    page = login(world["users"][Role.CISO]).get(url(world, "version", number=2)).content.decode()
    assert "name: Stroom" in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "<script>alert" not in page
    assert url(world, "restore", number=2) not in page  # the current version


def test_it_restores_an_earlier_version_as_a_new_one(world: dict[str, Any], login: Any) -> None:
    rename_power(world, "Stroomnet")
    client = login(world["users"][Role.CISO])
    page = client.get(url(world, "version", number=1)).content.decode()
    assert url(world, "restore", number=1) in page
    response = client.post(url(world, "restore", number=1))
    assert response.status_code == 302
    latest = world["map_a"].current()
    assert latest.number == 3 and latest.data == world["map_a"].versions.get(number=1).data
    assert latest.author == world["users"][Role.CISO]
    assert "Versie 1 teruggezet" in client.get(url(world, "history")).content.decode()


def test_it_shows_what_a_whole_map_change_changed(world: dict[str, Any], login: Any) -> None:
    rename_power(world, "Stroomnet")
    client = login(world["users"][Role.CISO])
    client.post(url(world, "restore", number=1))
    page = client.get(url(world, "version", number=3)).content.decode()
    assert "-  name: Stroomnet" in page and "+  name: Stroom" in page


def test_it_lets_only_editors_restore(world: dict[str, Any], login: Any) -> None:
    rename_power(world, "Stroomnet")
    for role in (Role.BESTUURDER, Role.KETENPARTNER):
        assert login(world["users"][role]).post(url(world, "restore", number=1)).status_code == 403
    assert world["map_a"].current().number == 2
    page = login(world["users"][Role.BESTUURDER]).get(url(world, "version", number=1))
    assert url(world, "restore", number=1) not in page.content.decode()


def test_it_keeps_the_history_from_a_partner(world: dict[str, Any], login: Any) -> None:
    client = login(world["users"][Role.KETENPARTNER])
    assert client.get(url(world, "history")).status_code == 403
    assert client.get(url(world, "version", number=1)).status_code == 403


def test_it_answers_404_to_another_municipality(world: dict[str, Any], login: Any) -> None:
    rename_power(world, "Stroomnet")
    client = login(world["user_b"])
    assert client.get(url(world, "history")).status_code == 404
    assert client.get(url(world, "version", number=1)).status_code == 404
    assert client.post(url(world, "restore", number=1)).status_code == 404
    assert world["map_a"].current().number == 2


def test_it_answers_404_for_a_version_that_does_not_exist(
    world: dict[str, Any], login: Any
) -> None:
    client = login(world["users"][Role.CISO])
    assert client.get(url(world, "version", number=9)).status_code == 404
    assert client.post(url(world, "restore", number=9)).status_code == 404
