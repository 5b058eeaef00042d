"""CSAF's under_investigation and recommended lists: read, matched and ranked apart from
known affected."""

from __future__ import annotations

import json

from advisory_docs import MAP, document
from weerbaar.advisories import ProductIndex, Status, match, parse_document, rank
from weerbaar.model import parse_map


def advisory(status: dict[str, list[str]], **changes: object) -> object:
    doc = document(vulnerabilities__0__product_status=status, **changes)
    return parse_document(json.dumps(doc), "advies.json")


def test_it_reads_under_investigation_as_possibly_affected_not_affected() -> None:
    m = parse_map(MAP)
    a = advisory({"under_investigation": ["P1"], "fixed": ["P2"]})
    found = {x.node: x.status for x in match(a, ProductIndex(m))}
    assert found == {"gateway": Status.UNDER_INVESTIGATION, "gateway-2": Status.FIXED}
    (r,) = rank(m, [a])
    assert r.affected == () and r.vital == ()
    assert r.investigating == ("gateway",)
    # gateway-2 still carries the loket: nothing vital even if gateway is affected.
    assert r.possibly_vital == ()


def test_it_counts_what_would_go_down_if_the_investigation_says_affected() -> None:
    m = parse_map(MAP)
    a = advisory({"known_affected": ["P1"], "under_investigation": ["P2"]})
    (r,) = rank(m, [a])
    assert r.affected == ("gateway",) and r.investigating == ("gateway-2",)
    # Either gateway alone leaves the loket up; both down take it.
    assert r.vital == () and r.possibly_vital == ("loket",)


def test_it_reads_recommended_as_a_safe_version() -> None:
    a = advisory({"known_affected": ["P1"], "recommended": ["P2"]})
    found = {x.node: x.status for x in match(a, ProductIndex(parse_map(MAP)))}
    assert found == {"gateway": Status.AFFECTED, "gateway-2": Status.RECOMMENDED}


def test_it_keeps_fixed_when_a_release_is_fixed_and_recommended() -> None:
    a = advisory({"known_affected": ["P1"], "fixed": ["P2"], "recommended": ["P2"]})
    found = {x.node: x.status for x in match(a, ProductIndex(parse_map(MAP)))}
    assert found["gateway-2"] is Status.FIXED


def test_it_lets_affected_by_one_vulnerability_win_over_investigation_by_another() -> None:
    doc = document()
    second = json.loads(json.dumps(doc["vulnerabilities"][0]))
    second["cve"] = "CVE-2099-0002"
    second["product_status"] = {"under_investigation": ["P1", "P2"]}
    doc["vulnerabilities"].append(second)
    a = parse_document(json.dumps(doc), "advies.json")
    found = {x.node: x.status for x in match(a, ProductIndex(parse_map(MAP)))}
    # P2 is fixed for the first and under investigation for the second: possibly affected.
    assert found == {"gateway": Status.AFFECTED, "gateway-2": Status.UNDER_INVESTIGATION}


def test_it_calls_a_node_without_a_version_under_investigation_not_safe() -> None:
    m = parse_map(MAP.replace('        version: "13.1-51.15"\n', ""))
    a = advisory({"under_investigation": ["P1"], "fixed": ["P2"]})
    found = {x.node: (x.status, x.version_known) for x in match(a, ProductIndex(m))}
    assert found["gateway-2"] == (Status.UNDER_INVESTIGATION, False)


def test_it_ranks_known_affected_before_investigation_before_nothing() -> None:
    m = parse_map(MAP)
    same = {"vulnerabilities__0__scores": []}
    known = advisory({"known_affected": ["P1", "P2"]}, document__tracking__id="C", **same)
    maybe = advisory({"under_investigation": ["P1", "P2"]}, document__tracking__id="B", **same)
    safe = advisory({"fixed": ["P1", "P2"]}, document__tracking__id="A", **same)
    order = [r.advisory.id for r in rank(m, [safe, maybe, known])]
    assert order == ["C", "B", "A"]


def test_it_refuses_an_undefined_product_under_investigation() -> None:
    import pytest

    from weerbaar.advisories import AdvisoryError

    doc = document(vulnerabilities__0__product_status={"under_investigation": ["P9"]})
    with pytest.raises(AdvisoryError, match=r"under_investigation\[0\]: product id 'P9'"):
        parse_document(json.dumps(doc), "advies.json")
