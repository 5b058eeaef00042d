"""CSAF documents are read and validated; malformed and hostile ones are refused, located."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from advisory_docs import document
from weerbaar.advisories import AdvisoryError, Label, Status, parse_document, read_paths
from weerbaar.advisories.csaf import MAX_DEPTH, label_of

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "advisories"


def parse(doc: object) -> object:
    return parse_document(json.dumps(doc), "advies.json")


def refused(doc: object | str) -> list[str]:
    raw = doc if isinstance(doc, str) else json.dumps(doc)
    with pytest.raises(AdvisoryError) as caught:
        parse_document(raw, "advies.json")
    return caught.value.problems


def test_it_reads_the_product_tree_statuses_and_scores() -> None:
    a = parse_document(json.dumps(document()), "advies.json")
    assert a.id == "NCSC-2099-0001" and a.label is Label.URGENT
    p1 = a.products["P1"]
    assert (p1.vendor, p1.product, p1.version) == ("Citrix", "NetScaler ADC", "")
    assert p1.versions is not None and p1.versions.contains("13.1-49.15")
    assert a.products["P2"].version == "13.1-51.15"
    (v,) = a.vulnerabilities
    assert v.statuses == {"P1": Status.AFFECTED, "P2": Status.FIXED}
    assert a.cvss is not None and a.cvss.base == 9.8 and a.cvss.severity == "Critical"


def test_it_scores_cvss_4_vectors_with_the_library() -> None:
    doc = document()
    doc["vulnerabilities"][0]["scores"][0] = {
        "products": ["P1"],
        "cvss_v4": {
            "vectorString": "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N"
        },
    }
    a = parse_document(json.dumps(doc), "advies.json")
    assert a.cvss is not None and (a.cvss.version, a.cvss.base) == ("4.0", 9.3)


def test_it_reads_the_shipped_examples() -> None:
    found = read_paths([EXAMPLES])
    assert len(found) == 6
    assert {a.label for a in found} == {Label.URGENT, Label.NORMAL}


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"document__tracking__id": None}, "advies.json: $.document.tracking.id: required key"),
        ({"document__csaf_version": "1.2"}, "$.document.csaf_version: '1.2' is not '2.0' or '2.1'"),
        ({"vulnerabilities__0__product_status__known_affected": ["P9"]}, "product id 'P9' is not"),
        (
            {"vulnerabilities__0__scores__0__cvss_v3": {"vectorString": "CVSS:3.1/AV:X"}},
            "$.vulnerabilities[0].scores[0].cvss_v3.vectorString: not a valid CVSS vector",
        ),
        ({"vulnerabilities__0__cve": "CVE-99"}, "$.vulnerabilities[0].cve: String should"),
    ],
)
def test_it_locates_what_is_wrong(changes: dict[str, object], expected: str) -> None:
    problems = refused(document(**changes))
    assert any(expected in p for p in problems), problems


def test_it_refuses_a_product_id_defined_twice_and_a_bad_range() -> None:
    doc = document()
    versions = doc["product_tree"]["branches"][0]["branches"][0]["branches"]
    versions[1]["product"]["product_id"] = "P1"
    versions[0]["name"] = "vers:generic"
    problems = refused(doc)
    assert any("product id 'P1' is defined twice" in p for p in problems)
    assert any("branches[0].name: 'vers:generic'" in p for p in problems)


def test_it_refuses_hostile_documents_without_a_traceback() -> None:
    assert "not JSON" in refused("{")[0]
    assert "not JSON" in refused('{"a": NaN}')[0]
    deep: object = {}
    for _ in range(MAX_DEPTH + 5):
        deep = {"x": [deep]}
    assert "nested deeper" in refused(deep)[0]
    assert "not JSON" in refused("[" * 100_000 + "]" * 100_000)[0]
    assert "a CSAF document is a JSON object" in refused([])[0]
    with pytest.raises(AdvisoryError, match="larger than"):
        parse_document(b" " * (16 * 1024 * 1024), "groot.json")


def test_it_reads_the_ncsc_label_and_the_older_likelihood_damage_pair() -> None:
    assert label_of("URGENT") is Label.URGENT
    assert label_of("Normaal") is Label.NORMAL
    assert label_of("High/High") is Label.URGENT
    assert label_of("medium/high") is Label.NORMAL
    assert label_of("Critical") is None


def test_a_folder_with_one_bad_document_gives_no_advisory(tmp_path: Path) -> None:
    (tmp_path / "goed.json").write_text(json.dumps(document()))
    (tmp_path / "slecht.json").write_text(json.dumps(document(document__title=None)))
    with pytest.raises(AdvisoryError) as caught:
        read_paths([tmp_path])
    assert caught.value.problems == [
        f"{tmp_path / 'slecht.json'}: $.document.title: required key is missing"
    ]
