"""Advisories are matched to the nodes' products and ranked by what hangs on them."""

from __future__ import annotations

import json

import pytest

from advisory_docs import MAP, document
from weerbaar.advisories import Label, ProductIndex, Status, match, parse_document, rank
from weerbaar.advisories.versions import VersionRange, compare
from weerbaar.model import parse_map


def advisory(**changes: object) -> object:
    return parse_document(json.dumps(document(**changes)), "advies.json")


@pytest.mark.parametrize(
    ("a", "b", "sign"),
    [
        ("13.10", "13.9", 1),
        ("13.1", "13.1.0", 0),
        ("13.1-49.15", "13.1-51.15", -1),
        ("2", "10", -1),
    ],
)
def test_it_compares_versions_piece_by_piece(a: str, b: str, sign: int) -> None:
    assert compare(a, b) == sign


@pytest.mark.parametrize(
    ("spec", "inside", "outside"),
    [
        ("vers:generic/>=13.1|<13.1-51.15", ["13.1", "13.1-49.15"], ["13.1-51.15", "14.1", "13.0"]),
        ("vers:generic/<7.3.0", ["7.2.9"], ["7.3.0"]),
        ("vers:npm/1.0.0|>=2.0.0|<3.0.0", ["1.0.0", "2.5"], ["1.5", "3.0.0"]),
        ("vers:generic/*", ["0.1"], []),
        (">=1.0 <2.0", ["1.5"], ["2.0"]),
        ("<= 2.3", ["2.3"], ["2.4"]),
    ],
)
def test_it_reads_version_ranges(spec: str, inside: list[str], outside: list[str]) -> None:
    r = VersionRange.parse(spec)
    assert all(r.contains(v) for v in inside)
    assert not any(r.contains(v) for v in outside)


def test_it_tells_affected_from_fixed_by_version_and_vendor_name() -> None:
    m = parse_map(MAP)
    found = {x.node: x.status for x in match(advisory(), ProductIndex(m))}
    # "Citrix" in the advisory is "Citrix Systems, Inc." in the map.
    assert found == {"gateway": Status.AFFECTED, "gateway-2": Status.FIXED}


def test_it_reads_known_not_affected_and_leaves_other_products_out() -> None:
    doc = document(vulnerabilities__0__product_status={"known_not_affected": ["P1", "P2"]})
    a = parse_document(json.dumps(doc), "advies.json")
    found = match(a, ProductIndex(parse_map(MAP)))
    assert {x.status for x in found} == {Status.NOT_AFFECTED}
    assert "zaken" not in {x.node for x in found}


def test_a_node_without_a_version_matches_every_version_marked_unknown() -> None:
    doc = document()
    doc["product_tree"]["branches"][0]["name"] = "Zaakgericht Werken B.V."
    doc["product_tree"]["branches"][0]["branches"][0]["name"] = "ZaakDossier"
    a = parse_document(json.dumps(doc), "advies.json")
    (found,) = [x for x in match(a, ProductIndex(parse_map(MAP))) if x.node == "zaken"]
    assert found.status is Status.AFFECTED and not found.version_known


def test_it_matches_by_cpe_and_purl_and_through_relationships() -> None:
    doc = document()
    doc["product_tree"] = {
        "full_product_names": [
            {
                "name": "ADC",
                "product_id": "C1",
                "product_identification_helper": {
                    "cpe": "cpe:2.3:a:citrix:netscaler_adc:13.1-49.15:*:*:*:*:*:*:*"
                },
            },
            {"name": "Linux", "product_id": "L1"},
        ],
        "relationships": [
            {
                "category": "installed_on",
                "product_reference": "C1",
                "relates_to_product_reference": "L1",
                "full_product_name": {"name": "ADC op Linux", "product_id": "R1"},
            }
        ],
    }
    doc["vulnerabilities"][0]["product_status"] = {"known_affected": ["R1"]}
    doc["vulnerabilities"][0]["scores"][0]["products"] = ["R1"]
    a = parse_document(json.dumps(doc), "advies.json")
    found = match(a, ProductIndex(parse_map(MAP)))
    assert [(x.node, x.status, x.product_ids) for x in found] == [
        ("gateway", Status.AFFECTED, ("R1",))
    ]


def test_it_ranks_by_label_then_cvss_then_what_hangs_on_it() -> None:
    m = parse_map(MAP)
    urgent = advisory()
    normal = advisory(
        document__tracking__id="NCSC-2099-0002", document__aggregate_severity={"text": "Normal"}
    )
    both = document(document__tracking__id="NCSC-2099-0003")
    # Both gateways on the affected range: the redundant pair fails together.
    both["product_tree"]["branches"][0]["branches"][0]["branches"][0]["name"] = "vers:generic/>=13"
    both["vulnerabilities"][0]["product_status"] = {"known_affected": ["P1"]}
    wide = parse_document(json.dumps(both), "advies.json")
    ranked = rank(m, [normal, urgent, wide])
    assert [r.advisory.id for r in ranked] == ["NCSC-2099-0003", "NCSC-2099-0001", "NCSC-2099-0002"]
    assert ranked[0].advisory.label is Label.URGENT
    assert ranked[0].affected == ("gateway", "gateway-2") and ranked[0].vital == ("loket",)
    assert ranked[1].affected == ("gateway",) and ranked[1].vital == ()
